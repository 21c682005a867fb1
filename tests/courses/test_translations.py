"""Modules translated with wagtail-localize 1.14.5 on Wagtail 8.0.1, through the admin's own
screens: "Translate this page", the segment editor, and review in "Module review"."""

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowPage
from wagtail_localize.models import StringSegment

from courses.models import CurriculumIndexPage, ModuleObjective, ModulePage
from courses.roles import COORDINATORS, INSTRUCTORS, MODULE_REVIEW, roles_ensure
from courses.translations.review import TranslationReviewRefused, translation_submit_for_review
from tests.courses.factories import (
    publish_again,
    quiz_module,
    sentences_translate,
    sync,
    translate,
    translation_of,
)
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    module = quiz_module(title="Crisis response", slug="crisis-response")
    module.objectives = [
        ModuleObjective(text="Explain what a crisis team is", sort_order=0),
        ModuleObjective(text="Describe who takes the course", sort_order=1),
    ]
    module.save_revision().publish()
    roles_ensure()
    return ModulePage.objects.get(pk=module.pk)


@pytest.fixture
def instructor():
    return UserFactory(groups=[INSTRUCTORS])


@pytest.fixture
def coordinator():
    return UserFactory(groups=[COORDINATORS])


def _translate_in_the_admin(client, coordinator, page, *languages):
    client.force_login(coordinator)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    locales = [Locale.objects.get(language_code=code).pk for code in languages]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"locales": locales})
    assert response.status_code == 302, response.content.decode()[:500]


def _type_in_the_segment_editor(client, page, language, words):
    """Every sentence through wagtail-localize's own API, as its editor sends them."""
    translation = translation_of(page, language)
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        response = client.put(
            url,
            f"value={words(segment.string.data)}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content


def test_a_module_is_translated_in_the_admin_reviewed_and_served_in_spanish(
    client, module, instructor, coordinator
):
    _translate_in_the_admin(client, coordinator, module, "es")
    spanish = ModulePage.objects.get(
        translation_key=module.translation_key, locale__language_code="es"
    )
    assert not spanish.live, "Translate this page makes a draft, not a live copy of the English"

    client.force_login(instructor)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[spanish.pk]))
    assert editor.status_code == 200
    assert "js-translation-editor" in editor.content.decode(), "wagtail-localize's editor"
    assert "Send translation to review" in editor.content.decode()
    _type_in_the_segment_editor(client, module, "es", lambda text: f"ES {text}")

    response = client.post(reverse("courses_translation_review", args=[spanish.pk]))
    assert response.status_code == 302
    spanish.refresh_from_db()
    assert not spanish.live, "sent to review, not published"
    state = spanish.current_workflow_state
    assert state.workflow.name == MODULE_REVIEW

    client.force_login(coordinator)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[spanish.pk, "approve", state.current_task_state.pk],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(approve, {"comment": ""}).status_code in (200, 302)
    spanish = ModulePage.objects.get(pk=spanish.pk)
    assert spanish.live and spanish.title == "ES Crisis response"

    client.logout()
    page = client.get(spanish.url)
    assert spanish.url.startswith("/es/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="es"' in html
    assert "ES Crisis response" in html and "ES Explain what a crisis team is" in html


def test_objectives_and_quiz_questions_are_translated_and_keep_their_ids(module):
    spanish = translate(module, "es")
    assert list(spanish.objectives.values_list("text", flat=True)) == [
        "[es] Explain what a crisis team is",
        "[es] Describe who takes the course",
    ]
    assert {o.locale.language_code for o in spanish.objectives.all()} == {"es"}
    english_ids = [
        (q.id, [c.id for c in q.value["choices"].bound_blocks]) for q in module.quiz_questions
    ]
    spanish_ids = [
        (q.id, [c.id for c in q.value["choices"].bound_blocks]) for q in spanish.quiz_questions
    ]
    assert spanish_ids == english_ids
    first = spanish.quiz_questions[0].value
    assert first["text"].startswith("[es] ")
    assert [c["text"] for c in first["choices"]] == ["[es] Three", "[es] One", "[es] Ten"]


def test_which_answers_are_right_is_not_translated_but_follows_the_english(module):
    spanish = translate(module, "es")
    segments = StringSegment.objects.filter(source=translation_of(module, "es").source)
    assert not [s for s in segments if s.context.path.endswith(".correct")]
    assert not [s for s in segments if s.context.path.endswith(".kind")]

    # The English question now has "One" as its right answer.
    questions = module.quiz_questions.raw_data
    for choice in questions[0]["value"]["choices"]:
        choice["value"]["correct"] = choice["value"]["text"] == "One"
    english = publish_again(module, quiz_questions=questions)
    with TestCase.captureOnCommitCallbacks(execute=True):
        sync(english, "es")
        translation_of(english, "es").save_target(publish=True)
    spanish = ModulePage.objects.get(pk=spanish.pk)
    flags = [(c["text"], c["correct"]) for c in spanish.quiz_questions[0].value["choices"]]
    assert flags == [("[es] Three", False), ("[es] One", True), ("[es] Ten", False)]


def test_the_curriculum_copy_made_for_a_translation_gets_the_instructors_and_the_review(module):
    spanish = translate(module, "es", publish=False)
    curriculum = spanish.get_parent().specific
    assert isinstance(curriculum, CurriculumIndexPage) and curriculum.locale.language_code == "es"
    assert WorkflowPage.objects.get(page=curriculum).workflow.name == MODULE_REVIEW
    assert spanish.get_workflow().name == MODULE_REVIEW
    instructor = UserFactory(groups=[INSTRUCTORS])
    perms = spanish.permissions_for_user(instructor)
    assert perms.can_edit() and not perms.can_publish()


def test_roles_ensure_covers_the_curriculum_in_every_language(module):
    spanish = translate(module, "es", publish=False)
    curriculum = spanish.get_parent()
    WorkflowPage.objects.filter(page=curriculum).delete()
    roles_ensure(curricula=[module.get_parent()])
    assert WorkflowPage.objects.filter(page=curriculum).exists()


def test_an_instructor_cannot_publish_a_translation_from_the_segment_editor(
    client, module, instructor
):
    spanish = translate(module, "es", publish=False)
    client.force_login(instructor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[spanish.pk]), {"action": "publish"}
        )
    assert response.status_code in (302, 403)
    assert not ModulePage.objects.get(pk=spanish.pk).live


def test_an_instructor_cannot_start_or_sync_translations(client, module, instructor):
    """wagtail-localize's sync form can publish every translation at once without asking for
    the right to publish: it is the coordinators' (its "submit translation" permission)."""
    spanish = translate(module, "es", publish=False)
    client.force_login(instructor)
    source_id = translation_of(module, "es").source_id
    with TestCase.captureOnCommitCallbacks(execute=True):
        sync_response = client.post(
            reverse("wagtail_localize:update_translations", args=[source_id]),
            {"publish_translations": "on"},
        )
        translate_response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[module.pk]),
            {"locales": [Locale.objects.get(language_code="vi").pk]},
        )
    assert sync_response.status_code in (302, 403)
    assert translate_response.status_code in (302, 403)
    assert not ModulePage.objects.get(pk=spanish.pk).live
    assert not ModulePage.objects.filter(
        translation_key=module.translation_key, locale__language_code="vi"
    ).exists()


def test_a_live_translation_sent_to_review_keeps_its_live_words_until_approved(
    client, module, instructor
):
    spanish = translate(module, "es")
    assert spanish.live
    # The English changes; the instructor syncs nothing but rewrites one sentence.
    translation = translation_of(module, "es")
    title = StringSegment.objects.get(source=translation.source, context__path="title")
    title.string.translations.filter(locale=translation.target_locale).update(data="Nuevo título")

    translation_submit_for_review(page=spanish, user=instructor)

    spanish = ModulePage.objects.get(pk=spanish.pk)
    assert spanish.title == "[es] Crisis response", "the live page is untouched"
    assert spanish.live and spanish.has_unpublished_changes
    assert spanish.get_latest_revision_as_object().title == "Nuevo título"
    client.logout()
    assert "Nuevo título" not in client.get(spanish.url).content.decode()


def test_a_translation_cannot_be_sent_to_review_twice_or_by_someone_who_cannot_edit_it(
    module, instructor
):
    spanish = translate(module, "es", publish=False)
    translation_submit_for_review(page=spanish, user=instructor)
    with pytest.raises(TranslationReviewRefused, match="already waiting"):
        translation_submit_for_review(page=spanish, user=instructor)
    with pytest.raises(TranslationReviewRefused, match="cannot edit"):
        translation_submit_for_review(page=spanish, user=UserFactory())


def test_an_english_page_is_not_sent_to_review_as_a_translation(module, instructor):
    with pytest.raises(TranslationReviewRefused, match="not a synced translation"):
        translation_submit_for_review(page=module, user=instructor)


def test_new_text_synced_from_the_english_waits_for_translation(module):
    translate(module, "es")
    english = publish_again(module, summary="A new summary for residents.")
    sync(english, "es")
    assert sentences_translate(english, "es") == 1
    assert Page.objects.filter(translation_key=module.translation_key).count() == 2
