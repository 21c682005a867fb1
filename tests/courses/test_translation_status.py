"""A translation is out of date once its English page changes, in the admin and on the page,
until it is synced, translated and republished (the rule: courses/translations/status.py)."""

import pytest
from django.test import TestCase
from django.urls import reverse

from courses.models import ModulePage
from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from courses.translations.status import SOURCE_CHANGED, UNTRANSLATED, translation_status
from tests.courses.factories import (
    publish_again,
    quiz_module,
    sentences_translate,
    sync,
    translate,
    translation_of,
)
from tests.support.factories import UserFactory
from tests.support.languages import translated

pytestmark = pytest.mark.django_db

NOTICE = translated("es", "This translation may be out of date")  # the pages read are Spanish


@pytest.fixture
def module():
    module = quiz_module(title="Crisis response", slug="crisis-response")
    roles_ensure()
    return module


def _republish(page, language="es"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation_of(page, language).save_target(publish=True)


def test_a_fresh_translation_is_up_to_date_and_shows_no_notice(client, module):
    spanish = translate(module, "es")
    status = translation_status(spanish)
    assert not status.out_of_date
    assert NOTICE not in client.get(spanish.url).content.decode()


def test_an_english_module_changed_after_translation_marks_it_out_of_date(client, module):
    spanish = translate(module, "es")
    publish_again(module, summary="Now with a new summary.")

    status = translation_status(ModulePage.objects.get(pk=spanish.pk))
    assert status.reason == SOURCE_CHANGED
    html = client.get(spanish.url).content.decode()
    assert NOTICE in html
    assert f'href="{module.url}" hreflang="en"' in html, "links to the English page"


def test_syncing_alone_keeps_it_out_of_date_and_updating_it_clears_the_notice(client, module):
    spanish = translate(module, "es")
    english = publish_again(module, summary="Now with a new summary.")

    sync(english, "es")
    assert translation_status(ModulePage.objects.get(pk=spanish.pk)).out_of_date, (
        "synced but not republished: readers still see the old words"
    )
    sentences_translate(english, "es")
    _republish(english)

    assert not translation_status(ModulePage.objects.get(pk=spanish.pk)).out_of_date
    html = client.get(spanish.url).content.decode()
    assert NOTICE not in html
    assert "[es] Now with a new summary." in html

    publish_again(english, summary="Changed once more.")
    assert NOTICE in client.get(spanish.url).content.decode(), "and out of date again"


def test_new_text_published_untranslated_is_out_of_date_until_translated(client, module):
    spanish = translate(module, "es")
    english = publish_again(module, summary="Now with a new summary.")
    sync(english, "es")
    _republish(english)  # "Sync translated pages" with "Publish immediately"

    status = translation_status(ModulePage.objects.get(pk=spanish.pk))
    assert status.reason == UNTRANSLATED and status.untranslated == 1
    html = client.get(spanish.url).content.decode()
    assert NOTICE in html and "Now with a new summary." in html

    sentences_translate(english, "es")
    assert translation_status(ModulePage.objects.get(pk=spanish.pk)).out_of_date, (
        "translated but not yet republished"
    )
    _republish(english)
    assert not translation_status(ModulePage.objects.get(pk=spanish.pk)).out_of_date


def test_a_second_language_started_after_an_english_change_is_out_of_date(module):
    translate(module, "es")
    publish_again(module, summary="Now with a new summary.")
    vietnamese = translate(module, "vi")
    assert translation_status(vietnamese).reason == SOURCE_CHANGED, (
        "it was made from the English as it was when Spanish was started"
    )


def test_the_english_page_and_drafts_are_not_reported(module):
    spanish = translate(module, "es", publish=False)
    assert translation_status(module) is None
    assert not translation_status(spanish).out_of_date


def test_the_admin_report_lists_out_of_date_translations_with_links(client, module):
    spanish = translate(module, "es")
    english = publish_again(module, summary="Now with a new summary.")
    client.force_login(UserFactory(groups=[COORDINATORS]))

    response = client.get(reverse("courses_translation_status") + "?show=out_of_date")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Out of date: the original page changed" in html
    assert reverse("wagtailadmin_pages:edit", args=[spanish.pk]) in html
    source_id = translation_of(english, "es").source_id
    assert reverse("wagtail_localize:update_translations", args=[source_id]) in html


def test_the_report_shows_up_to_date_translations_only_when_asked_for_all(client, module):
    translate(module, "es")
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    assert "Up to date" in client.get(reverse("courses_translation_status")).content.decode()
    out_of_date = client.get(reverse("courses_translation_status") + "?show=out_of_date")
    assert "No translations to show." in out_of_date.content.decode()


def test_residents_cannot_see_the_report(client, module):
    client.force_login(UserFactory())
    assert client.get(reverse("courses_translation_status")).status_code in (302, 403)


def test_the_translation_editor_says_it_is_out_of_date(client, module):
    spanish = translate(module, "es")
    publish_again(module, summary="Now with a new summary.")
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).content.decode()
    assert "js-translation-editor" in html
    assert "Out of date: “Crisis response” was changed and published" in html
