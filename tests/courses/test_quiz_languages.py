"""A module's quiz in each of its languages: an attempt keeps the language it was taken in,
and attempts, passes and the attempt limit count across the module's languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses import selectors, services
from courses.models import QuizAttempt
from courses.services import QuizError
from enrollment import graduation
from enrollment.models import Application, Attendance, ClassSession
from tests.courses.factories import quiz_module, right_answers, translate, wrong_answers
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    return quiz_module(quiz_attempts_allowed=3)


@pytest.fixture
def spanish(module):
    return translate(module, "es")


@pytest.fixture
def resident():
    return UserFactory()


def _in_spanish(name, *args):
    with translation.override("es"):
        return reverse(name, args=args)


def take(page, resident, answers=None):
    attempt = services.quiz_attempt_start(module=page, resident=resident)
    if answers is None:
        return attempt
    return services.quiz_attempt_submit(
        attempt_id=attempt.pk, resident=resident, answers=answers(attempt.snapshot)
    )


def test_an_attempt_in_spanish_keeps_spanish_and_belongs_to_the_module(module, spanish, resident):
    attempt = take(spanish, resident)
    assert attempt.language == "es"
    assert attempt.module_id == module.pk, "kept on the English module"
    assert attempt.revision_id == spanish.live_revision_id
    assert attempt.snapshot["questions"][0]["text"].startswith("[es] ")
    assert attempt.module_as_taken().pk == spanish.pk

    english = take(module, resident)
    assert english.pk == attempt.pk, "the unfinished attempt is resumed, in its own language"
    assert english.language == "es"


def test_the_attempt_limit_counts_every_language(module, spanish, resident):
    take(module, resident, wrong_answers)
    take(spanish, resident, wrong_answers)
    third = take(module, resident, wrong_answers)
    assert third.number == 3
    for page in (module, spanish):
        with pytest.raises(QuizError) as refused:
            take(page, resident)
        assert refused.value.code == "no_attempts_left"
    assert selectors.quiz_status(resident, spanish).attempts_used == 3


def test_a_pass_in_spanish_passes_the_module_in_every_language(module, spanish, resident):
    take(module, resident, wrong_answers)
    passed = take(spanish, resident, right_answers)
    assert passed.passed
    assert {module.pk, spanish.pk} <= selectors.modules_passed(resident)
    assert selectors.quiz_status(resident, module).passed
    with pytest.raises(QuizError) as refused:
        take(module, resident)
    assert refused.value.code == "already_passed"


def test_graduation_counts_a_quiz_passed_in_spanish(module, spanish, resident):
    start = timezone.now() - datetime.timedelta(days=8)
    cohort = CohortFactory(
        curriculum=module.get_parent().specific,
        graduation_requires_quizzes=True,
        starts_on=timezone.localdate(start),
        ends_on=timezone.localdate(start),
        applications_open_at=start - datetime.timedelta(days=30),
    )
    ClassSession.objects.create(
        cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    application = apply_to(cohort, resident)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.ENROLLED)
    session = cohort.sessions.get()
    Attendance.objects.create(
        session=session, application=application, status=Attendance.Status.PRESENT
    )
    [standing] = graduation.graduation_review(cohort=cohort)
    assert standing.quizzes_missing

    take(spanish, resident, right_answers)
    [standing] = graduation.graduation_review(cohort=cohort)
    assert standing.quizzes_missing == []


def test_the_quiz_page_marks_questions_in_another_language(client, module, spanish, resident):
    take(module, resident)  # started in English, resumed from the Spanish page
    client.force_login(resident)
    html = client.get(_in_spanish("quiz_take", spanish.pk)).content.decode()
    assert '<html lang="es"' in html
    assert '<span lang="en">How many days of in-service training a year?</span>' in html
    assert '<span lang="en">Three</span>' in html


def test_the_spanish_quiz_page_asks_in_spanish(client, spanish, resident):
    client.force_login(resident)
    html = client.get(_in_spanish("quiz_take", spanish.pk)).content.decode()
    assert "[es] How many days of in-service training a year?" in html
    assert 'lang="en"' not in html.split("<form", 1)[1]
    assert QuizAttempt.objects.get().language == "es"


def test_item_analysis_groups_a_question_across_languages_with_the_split(module, spanish):
    for page, answers in [
        (module, right_answers),
        (spanish, wrong_answers),
        (spanish, right_answers),
    ]:
        take(page, UserFactory(), answers)
    stats = {question.id: question for question in selectors.quiz_question_stats(module)}
    assert len(stats) == 3, "one entry per question, not per language"
    first = stats[module.quiz_questions[0].id]
    assert first.text == "How many days of in-service training a year?", "named in English"
    assert first.shown == 3 and first.answered_right == 2
    assert [(s.language, s.shown, s.answered_right) for s in first.language_list] == [
        ("en", 1, 1),
        ("es", 2, 1),
    ]
    picked = {choice.text: choice.picked for choice in first.choice_list}
    assert picked == {"Three": 2, "One": 1, "Ten": 0}


def test_quiz_results_list_each_module_once_with_its_attempts_in_every_language(module, spanish):
    take(module, UserFactory(), right_answers)
    take(spanish, UserFactory(), wrong_answers)
    [row] = list(selectors.quiz_results_by_module())
    assert row.pk == module.pk
    assert row.quiz_attempt_count == 2 and row.quiz_passed_count == 1


def test_staff_see_the_language_of_each_attempt_and_its_split(client, module, spanish):
    from courses.roles import COORDINATORS, roles_ensure

    roles_ensure()
    take(spanish, UserFactory(), right_answers)
    client.force_login(UserFactory(groups=[COORDINATORS]))
    attempts = client.get(reverse("courses_quiz_attempts", args=[spanish.pk])).content.decode()
    assert "Spanish" in attempts or "Español" in attempts
    questions = client.get(reverse("courses_quiz_questions", args=[module.pk])).content.decode()
    assert "By language" in questions
