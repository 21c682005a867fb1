"""Starting, resuming and submitting attempts; the snapshot keeps past results true."""

import pytest
from django.db import IntegrityError, transaction

from courses import selectors, services
from courses.models import QuizAttempt
from courses.services import QuizError
from tests.courses.factories import question, quiz_module, right_answers, wrong_answers
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    return quiz_module()


@pytest.fixture
def resident():
    return UserFactory()


def start(module, resident, **kwargs):
    return services.quiz_attempt_start(module=module, resident=resident, **kwargs)


def submit(attempt, resident, answers):
    return services.quiz_attempt_submit(attempt_id=attempt.pk, resident=resident, answers=answers)


def test_an_attempt_records_the_published_version_and_what_was_shown(module, resident):
    attempt = start(module, resident, seed=7)
    assert attempt.number == 1
    assert attempt.revision_id == module.live_revision_id
    assert attempt.pass_mark == module.quiz_pass_mark
    assert [q["kind"] for q in attempt.snapshot["questions"]] == [
        "single",
        "true_false",
        "multiple",
    ]
    assert attempt.submitted_at is None and attempt.score is None


def test_an_unfinished_attempt_is_resumed_not_restarted(module, resident):
    first = start(module, resident)
    again = start(module, resident)
    assert again.pk == first.pk
    assert again.snapshot == first.snapshot
    assert QuizAttempt.objects.count() == 1


def test_the_database_refuses_a_second_unfinished_attempt(module, resident):
    first = start(module, resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizAttempt.objects.create(
            resident=resident, module=module, number=2, seed=1, pass_mark=80, snapshot={}
        )
    assert QuizAttempt.objects.get().pk == first.pk


def test_right_answers_pass_and_wrong_answers_fail(module, resident):
    attempt = submit(a := start(module, resident), resident, right_answers(a.snapshot))
    assert attempt.score == 100 and attempt.passed
    other = UserFactory()
    attempt = submit(b := start(module, other), other, wrong_answers(b.snapshot))
    assert attempt.score == 0 and not attempt.passed


def test_passing_exactly_at_the_pass_mark_passes():
    module = quiz_module(
        [question(), question("Second?"), question("Third?"), question("Fourth?")],
        quiz_pass_mark=75,
    )
    resident = UserFactory()
    attempt = start(module, resident)
    answers = right_answers(attempt.snapshot)
    answers.update(dict(list(wrong_answers(attempt.snapshot).items())[:1]))
    attempt = submit(attempt, resident, answers)
    assert attempt.score == 75 and attempt.passed


def test_double_submit_grades_once(module, resident):
    attempt = start(module, resident)
    answers = right_answers(attempt.snapshot)
    first = submit(attempt, resident, answers)
    second = submit(attempt, resident, answers)
    assert second.pk == first.pk
    assert second.submitted_at == first.submitted_at
    assert second.score == first.score == 100
    assert QuizAttempt.objects.submitted().count() == 1


def test_changing_answers_after_submitting_is_refused_and_changes_nothing(module, resident):
    attempt = start(module, resident)
    graded = submit(attempt, resident, right_answers(attempt.snapshot))
    with pytest.raises(QuizError) as excinfo:
        submit(attempt, resident, wrong_answers(attempt.snapshot))
    assert excinfo.value.code == "already_submitted"
    attempt.refresh_from_db()
    assert attempt.score == graded.score and attempt.answers == graded.answers


def test_someone_elses_attempt_does_not_exist_for_you(module, resident):
    attempt = start(module, resident)
    with pytest.raises(QuizAttempt.DoesNotExist):
        submit(attempt, UserFactory(), right_answers(attempt.snapshot))
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


@pytest.mark.parametrize("spoil", ["unknown_question", "other_questions_choice", "two_for_single"])
def test_bad_answers_are_refused_and_nothing_is_recorded(module, resident, spoil):
    attempt = start(module, resident)
    single, true_false, multiple = attempt.snapshot["questions"]
    answers = right_answers(attempt.snapshot)
    if spoil == "unknown_question":
        answers["not-a-question"] = [single["choices"][0]["id"]]
    elif spoil == "other_questions_choice":
        answers[single["id"]] = [multiple["choices"][0]["id"]]
    else:
        answers[single["id"]] = [c["id"] for c in single["choices"][:2]]
    with pytest.raises(QuizError) as excinfo:
        submit(attempt, resident, answers)
    assert excinfo.value.code == "invalid_answer"
    assert "Nothing was recorded" in excinfo.value.message
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.answers == {} and attempt.score is None


def test_attempts_run_out_with_a_plain_message(resident):
    module = quiz_module(quiz_attempts_allowed=2)
    for _ in range(2):
        attempt = start(module, resident)
        submit(attempt, resident, wrong_answers(attempt.snapshot))
    with pytest.raises(QuizError) as excinfo:
        start(module, resident)
    assert excinfo.value.code == "no_attempts_left"
    assert excinfo.value.message.startswith("You have used all 2 attempts at this quiz")
    assert QuizAttempt.objects.filter(resident=resident).count() == 2


def test_a_passed_quiz_is_not_started_again(module, resident):
    attempt = start(module, resident)
    submit(attempt, resident, right_answers(attempt.snapshot))
    with pytest.raises(QuizError) as excinfo:
        start(module, resident)
    assert excinfo.value.code == "already_passed"


def test_a_module_without_questions_has_no_quiz(resident):
    module = quiz_module([])
    with pytest.raises(QuizError) as excinfo:
        start(module, resident)
    assert excinfo.value.code == "no_quiz"


def test_publishing_an_edit_keeps_past_scores_and_new_attempts_use_the_new_version(resident):
    module = quiz_module([question(choices=(("Three", True), ("One", False)))])
    old = start(module, resident)
    three, one = (c["id"] for c in old.snapshot["questions"][0]["choices"])
    old = submit(old, resident, {old.snapshot["questions"][0]["id"]: [three]})
    assert old.score == 100
    old_snapshot = old.snapshot

    # An instructor changes which answer is right, and it is published.
    edited = module.get_latest_revision_as_object()
    raw = edited.quiz_questions.raw_data
    raw[0]["value"]["choices"][0]["value"]["correct"] = False
    raw[0]["value"]["choices"][1]["value"]["correct"] = True
    raw[0]["value"]["text"] = "How many days, really?"
    edited.quiz_questions = list(raw)
    edited.quiz_attempts_allowed = 5
    edited.save_revision().publish()
    module.refresh_from_db()

    old.refresh_from_db()
    assert old.score == 100 and old.passed
    assert old.snapshot == old_snapshot
    review = services.quiz_review(old.snapshot, old.answers)
    assert review[0].outcome == "right" and review[0].text.startswith("How many days of")

    newcomer = UserFactory()
    new = start(module, newcomer)
    assert new.revision_id == module.live_revision_id != old.revision_id
    assert new.snapshot["questions"][0]["text"] == "How many days, really?"
    assert submit(new, newcomer, {new.snapshot["questions"][0]["id"]: [three]}).score == 0
    # Same question and answer ids across versions: statistics follow the question.
    assert new.snapshot["questions"][0]["id"] == old.snapshot["questions"][0]["id"]


def test_a_draft_is_not_what_residents_get(resident):
    module = quiz_module([question("Published question?")])
    draft = module.get_latest_revision_as_object()
    draft.quiz_questions = [question("Draft question?")]
    draft.save_revision()
    attempt = start(module, resident)
    assert attempt.snapshot["questions"][0]["text"] == "Published question?"


def test_draw_count_asks_that_many_distinct_questions(resident):
    module = quiz_module(
        [question(f"Question {n}?") for n in range(6)],
        quiz_draw_count=4,
        quiz_shuffle_questions=True,
        quiz_shuffle_choices=True,
    )
    attempt = start(module, resident)
    ids = [q["id"] for q in attempt.snapshot["questions"]]
    assert len(ids) == len(set(ids)) == 4
    assert submit(attempt, resident, right_answers(attempt.snapshot)).score == 100


def test_passed_modules_are_listed_for_my_academy_and_graduation(resident):
    first, second = quiz_module(), quiz_module()
    attempt = start(first, resident)
    submit(attempt, resident, right_answers(attempt.snapshot))
    attempt = start(second, resident)
    submit(attempt, resident, wrong_answers(attempt.snapshot))

    assert selectors.modules_passed(resident) == {first.pk}
    status = selectors.quiz_status(resident, second)
    assert (status.attempts_used, status.attempts_left, status.passed) == (1, 2, False)
