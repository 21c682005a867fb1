"""The demo's Spanish and Vietnamese pages: landing page, curriculum, About, FAQ and two
modules with their quizzes, loaded through wagtail-localize, published, noted as drafts to
check in the admin only, and loaded twice without duplicates."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from courses.models import ModulePage
from courses.roles import COORDINATORS
from courses.translations.demo import demo_translation_paths
from courses.translations.notes import TranslationNote
from courses.translations.status import translation_status
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "academy",
    "curriculum",
    "about",
    "faq",
    "crisis-intervention-team",
    "first-aid-and-life-saving",
}


@pytest.fixture
def demo():
    call_command("load_demo_academy", stdout=io.StringIO())


def test_there_is_a_file_per_page_per_language():
    names = {(path.parent.name, path.stem) for path in demo_translation_paths()}
    assert names == {(language, page) for language in ("es", "vi") for page in PAGES}


@pytest.mark.parametrize("language", ["es", "vi"])
def test_the_demo_pages_are_live_in_spanish_and_vietnamese_with_every_sentence_translated(
    demo, language
):
    locale = Locale.objects.get(language_code=language)
    for slug in PAGES:
        english = Page.objects.get(locale=Locale.get_default(), slug=slug)
        translated = english.get_translation(locale).specific
        assert translated.live and not translated.alias_of_id, slug
        assert translated.title != english.title, slug
        status = translation_status(translated)
        assert not status.out_of_date, slug
        translation = Translation.objects.get(
            source=status.translation.source, target_locale=locale
        )
        total, done = translation.get_progress()
        assert total == done, f"{slug}: {total - done} pieces of text left in English"
        assert StringSegment.objects.filter(source=translation.source).exists()


def test_the_translated_modules_carry_their_quiz_with_the_same_right_answers(demo):
    for slug in ("crisis-intervention-team", "first-aid-and-life-saving"):
        english = ModulePage.objects.get(locale=Locale.get_default(), slug=slug)
        for language in ("es", "vi"):
            translated = english.get_translation(Locale.objects.get(language_code=language))
            assert translated.has_quiz
            flags = lambda page: [  # noqa: E731
                (q.id, [(c.id, c.value["correct"]) for c in q.value["choices"].bound_blocks])
                for q in page.quiz_questions
            ]
            assert flags(translated) == flags(english)
            assert (
                translated.quiz_questions[0].value["text"]
                != english.quiz_questions[0].value["text"]
            )
            assert translated.objectives.count() == english.objectives.count()


def test_the_spanish_landing_page_is_served_in_spanish(client, demo):
    html = client.get("/es/").content.decode()
    assert '<html lang="es"' in html
    assert "Academia de Policía para Ciudadanos" in html
    assert "Equipo de Intervención en Crisis" in html, "a translated module in the list"
    assert 'lang="en"' in html, "modules not translated are listed in English"
    module = client.get(
        ModulePage.objects.get(slug="primeros-auxilios-y-tecnicas-para-salvar-vidas").url
    ).content.decode()
    assert "Verdadero" not in module  # the quiz is on its own page
    assert "Reanimación cardiopulmonar" not in module
    assert "reanimación cardiopulmonar" in module


def test_demo_translations_are_noted_as_drafts_to_check_in_the_admin_only(client, demo):
    spanish = Page.objects.get(locale__language_code="es", depth=2)
    assert TranslationNote.objects.filter(page=spanish).exists()
    assert "fluent speaker" not in client.get("/es/").content.decode()

    client.force_login(UserFactory(groups=[COORDINATORS]))
    report = client.get(reverse("courses_translation_status") + "?show=to_check")
    assert (
        report.content.decode().count("Machine-drafted, to be checked by a fluent speaker.") == 12
    )
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk])).content.decode()
    assert "Machine-drafted, to be checked by a fluent speaker." in editor


def test_loading_the_demo_twice_translates_nothing_twice(demo):
    counts = (Page.objects.count(), Translation.objects.count(), TranslationNote.objects.count())
    call_command("load_demo_academy", stdout=io.StringIO())
    assert (
        Page.objects.count(),
        Translation.objects.count(),
        TranslationNote.objects.count(),
    ) == counts
    assert TranslationNote.objects.count() == 12


def test_a_checked_translation_loses_its_note(client, demo):
    spanish = Page.objects.get(locale__language_code="es", depth=2)
    client.force_login(UserFactory(groups=[COORDINATORS]))
    response = client.post(reverse("courses_translation_note_clear", args=[spanish.pk]))
    assert response.status_code == 302
    assert not TranslationNote.objects.filter(page=spanish).exists()
