"""Quiz attempts: start or resume, submit once, grade from the attempt's own snapshot.

Scoring rule (also explained to residents on the quiz page and in the README):
- every question is worth one point;
- one right answer (and true or false): the point for choosing exactly the right answer;
- several right answers: each right answer ticked earns 1/R of the point and each wrong answer
  ticked takes 1/R away (R = how many answers are right), never below zero; so ticking
  everything earns nothing unless most answers are right;
- an unanswered question scores zero;
- the score is points / questions x 100, rounded down to two decimals, and passes when it is at
  least the pass mark the attempt started with.

Languages: a module's translations ask its questions in their language; an attempt is taken in
the language of the page it starts from and keeps it (resuming an unfinished attempt resumes it
in its own language). Attempts belong to the module's English copy, so one pass in any language
passes the module and the attempt limit counts attempts in all its languages together.
"""

import secrets
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .blocks import MULTIPLE
from .models import ModulePage, QuizAttempt
from .quiz_snapshots import quiz_module_snapshot
from .signals import quiz_attempt_submitted
from .translations.copies import content_language, page_in_default_language


def _answer_refused(problem: str) -> str:
    return _("%(problem)s Nothing was recorded. Please reload the quiz and answer again.") % {
        "problem": problem
    }


class QuizError(Exception):
    """A rule refused the request; `message` is for the person, `code` tells views which one."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code


# --- Answers and grading ------------------------------------------------------------------------


def quiz_answers_normalise(answers) -> dict[str, list[str]]:
    """Question id -> sorted distinct choice ids; questions left blank are left out."""
    if not isinstance(answers, dict):
        raise QuizError(_answer_refused(_("The answers could not be read.")), code="invalid_answer")
    normalised = {}
    for question_id, choice_ids in answers.items():
        if isinstance(choice_ids, str):
            choice_ids = [choice_ids]
        if not isinstance(question_id, str) or not isinstance(choice_ids, list | tuple):
            raise QuizError(
                _answer_refused(_("The answers could not be read.")), code="invalid_answer"
            )
        chosen = sorted({str(choice_id) for choice_id in choice_ids if choice_id})
        if chosen:
            normalised[question_id] = chosen
    return normalised


def quiz_answers_check(snapshot: dict, answers: dict[str, list[str]]) -> None:
    """Refuse answers to questions not shown, answers from another question, two for one."""
    questions = {question["id"]: question for question in snapshot["questions"]}
    for question_id, chosen in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise QuizError(
                _answer_refused(_("Your answers include a question that is not in this attempt.")),
                code="invalid_answer",
            )
        allowed = {choice["id"] for choice in question["choices"]}
        if not set(chosen) <= allowed:
            raise QuizError(
                _answer_refused(
                    _("An answer does not belong to the question “%(question)s”.")
                    % {"question": question["text"]}
                ),
                code="invalid_answer",
            )
        if question["kind"] != MULTIPLE and len(chosen) > 1:
            raise QuizError(
                _answer_refused(
                    _("The question “%(question)s” takes one answer, and more than one was sent.")
                    % {"question": question["text"]}
                ),
                code="invalid_answer",
            )


def question_credit(question: dict, chosen) -> Fraction:
    """The share of the question's point these answers earn (see the module docstring)."""
    chosen = set(chosen)
    correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
    if not correct:
        return Fraction(0)
    if question["kind"] == MULTIPLE:
        right = len(chosen & correct)
        wrong = len(chosen - correct)
        return max(Fraction(0), Fraction(right - wrong, len(correct)))
    return Fraction(1) if chosen == correct else Fraction(0)


@dataclass
class QuizGrade:
    score: Decimal
    credits: dict[str, Fraction] = field(default_factory=dict)


def quiz_grade(snapshot: dict, answers: dict[str, list[str]]) -> QuizGrade:
    """Score the answers against the snapshot alone; unanswered questions score zero."""
    questions = snapshot["questions"]
    credits = {q["id"]: question_credit(q, answers.get(q["id"], [])) for q in questions}
    if not questions:
        return QuizGrade(score=Decimal("0.00"), credits=credits)
    exact = sum(credits.values(), Fraction(0)) * 100 / len(questions)
    # Rounded down: a shown score of 80.00 always means 80 was reached.
    score = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )
    return QuizGrade(score=score, credits=credits)


@dataclass
class ChoiceReview:
    text: str
    correct: bool
    chosen: bool


@dataclass
class QuestionReview:
    number: int
    text: str
    kind: str
    choices: list[ChoiceReview]
    credit: Fraction
    explanation: str
    policy_title: str

    @property
    def outcome(self) -> str:
        if not any(choice.chosen for choice in self.choices):
            return "unanswered"
        if self.credit == 1:
            return "right"
        return "partly right" if self.credit > 0 else "wrong"

    @property
    def points(self) -> str:
        return f"{float(self.credit):.2f}".rstrip("0").rstrip(".")


def quiz_review(snapshot: dict, answers: dict[str, list[str]]) -> list[QuestionReview]:
    """Per-question feedback for the result page, from the attempt's own snapshot."""
    reviews = []
    for number, question in enumerate(snapshot["questions"], 1):
        chosen = set(answers.get(question["id"], []))
        reviews.append(
            QuestionReview(
                number=number,
                text=question["text"],
                kind=question["kind"],
                choices=[
                    ChoiceReview(choice["text"], choice["correct"], choice["id"] in chosen)
                    for choice in question["choices"]
                ],
                credit=question_credit(question, chosen),
                explanation=question["explanation"],
                policy_title=question.get("policy_title", ""),
            )
        )
    return reviews


# --- Attempts -----------------------------------------------------------------------------------


def quiz_attempt_start(
    *, module: ModulePage, resident, seed: int | None = None, now=None
) -> QuizAttempt:
    """Resume the resident's unfinished attempt (in whichever language it was started), or
    start one in `module`'s language while attempts are left, counted over all its languages."""
    page = ModulePage.objects.get(pk=module.pk)  # the published content, not an edited copy
    if not page.live or not page.has_quiz:
        raise QuizError(_("This module has no quiz to take."), code="no_quiz")
    # The pass mark and the attempt limit are the English module's (translations copy them).
    module = page_in_default_language(page)
    attempts = QuizAttempt.objects.filter(resident=resident, module=module)
    unfinished = attempts.unfinished().first()
    if unfinished is not None:
        return unfinished
    if attempts.filter(passed=True).exists():
        raise QuizError(_("You have already passed this module's quiz."), code="already_passed")
    used = attempts.submitted().count()
    if used >= module.quiz_attempts_allowed:
        raise QuizError(
            _(
                "You have used all %(allowed)s attempts at this quiz, so you cannot start "
                "another. Your coordinator can tell you what happens next."
            )
            % {"allowed": module.quiz_attempts_allowed},
            code="no_attempts_left",
        )
    seed = secrets.randbits(31) if seed is None else seed
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                resident=resident,
                module=module,
                language=content_language(page),
                revision_id=page.live_revision_id,
                number=used + 1,
                seed=seed,
                pass_mark=module.quiz_pass_mark,
                snapshot=quiz_module_snapshot(module=page, seed=seed),
                started_at=now or timezone.now(),
            )
    except IntegrityError:
        # Two tabs started at the same moment: both get the one attempt that was created.
        unfinished = attempts.unfinished().first()
        if unfinished is None:
            raise QuizError(
                _("The quiz changed while it was opening. Please try again."), code="conflict"
            ) from None
        return unfinished


def _already_submitted_message() -> str:
    return _(
        "This attempt was already submitted and graded, so its answers cannot change now. "
        "Your result is below."
    )


def _already_submitted(attempt: QuizAttempt, answers: dict[str, list[str]]) -> QuizAttempt:
    if answers == attempt.answers:
        return attempt  # a double click or the back button: the first submission stands
    raise QuizError(_already_submitted_message(), code="already_submitted")


def _own_attempt_locked(attempt_id: int, resident) -> QuizAttempt:
    """The resident's own attempt, locked until the transaction ends; anyone else's is
    QuizAttempt.DoesNotExist (as if it did not exist)."""
    return QuizAttempt.objects.select_for_update().get(pk=attempt_id, resident=resident)


def quiz_answers_save(*, attempt_id: int, resident, answers: dict[str, list[str]]) -> QuizAttempt:
    """Keep an unfinished attempt's answers so far, so the resident can finish another day.
    Nothing is graded; blanks are fine; answers the attempt did not ask for are refused.

    Raises QuizAttempt.DoesNotExist for anyone else's attempt."""
    answers = quiz_answers_normalise(answers)
    with transaction.atomic():
        attempt = _own_attempt_locked(attempt_id, resident)
        if attempt.is_submitted:
            raise QuizError(_already_submitted_message(), code="already_submitted")
        quiz_answers_check(attempt.snapshot, answers)
        attempt.answers = answers
        attempt.save(update_fields=["answers"])
    return attempt


def quiz_attempt_submit(
    *, attempt_id: int, resident, answers: dict[str, list[str]], now=None
) -> QuizAttempt:
    """Grade the resident's own attempt exactly once; sending the same answers again is a no-op.

    Raises QuizAttempt.DoesNotExist for anyone else's attempt, QuizError for bad answers.
    """
    answers = quiz_answers_normalise(answers)
    with transaction.atomic():
        attempt = _own_attempt_locked(attempt_id, resident)
        if attempt.is_submitted:
            return _already_submitted(attempt, answers)
        quiz_answers_check(attempt.snapshot, answers)
        grade = quiz_grade(attempt.snapshot, answers)
        # Conditional: of two simultaneous submissions only one finds the attempt unsubmitted.
        updated = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            submitted_at=now or timezone.now(),
            answers=answers,
            score=grade.score,
            passed=grade.score >= attempt.pass_mark,
        )
        attempt.refresh_from_db()
        if not updated:
            return _already_submitted(attempt, answers)
        quiz_attempt_submitted.send(sender=QuizAttempt, attempt=attempt)
    return attempt
