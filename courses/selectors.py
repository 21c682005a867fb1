"""Reads about quizzes: who passed what, a resident's standing, and results for staff."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import NullIf

from .models import ModulePage, QuizAttempt
from .roles import COORDINATORS, INSTRUCTORS


def modules_passed(resident) -> set[int]:
    """Ids of the modules whose quiz the resident has passed (any attempt counts)."""
    if not getattr(resident, "is_authenticated", False):
        return set()
    return set(
        QuizAttempt.objects.filter(resident=resident, passed=True)
        .values_list("module_id", flat=True)
        .distinct()
    )


@dataclass
class QuizStatus:
    attempts_allowed: int
    attempts_used: int
    passed: bool
    unfinished_attempt_id: int | None
    last_attempt_id: int | None

    @property
    def attempts_left(self) -> int:
        return max(self.attempts_allowed - self.attempts_used, 0)

    @property
    def can_start(self) -> bool:
        return not self.passed and bool(self.unfinished_attempt_id or self.attempts_left > 0)


def quiz_status(resident, module: ModulePage) -> QuizStatus:
    attempts = list(
        QuizAttempt.objects.filter(resident=resident, module=module)
        .order_by("-number")
        .values("pk", "submitted_at", "passed")
    )
    submitted = [a for a in attempts if a["submitted_at"] is not None]
    unfinished = next((a["pk"] for a in attempts if a["submitted_at"] is None), None)
    return QuizStatus(
        attempts_allowed=module.quiz_attempts_allowed,
        attempts_used=len(submitted),
        passed=any(a["passed"] for a in submitted),
        unfinished_attempt_id=unfinished,
        last_attempt_id=submitted[0]["pk"] if submitted else None,
    )


# --- Results for staff --------------------------------------------------------------------------


def can_see_quiz_results(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name__in=[INSTRUCTORS, COORDINATORS]).exists()
    )


def can_see_quiz_takers(user) -> bool:
    """Residents' names and scores: coordinators only; instructors see totals."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=COORDINATORS).exists())


def quiz_results_by_module():
    """Every module with its submitted attempts, residents, passes and average score."""
    submitted = Q(quiz_attempts__submitted_at__isnull=False)
    return (
        ModulePage.objects.annotate(
            quiz_attempt_count=Count("quiz_attempts", filter=submitted),
            quiz_resident_count=Count("quiz_attempts__resident", filter=submitted, distinct=True),
            quiz_passed_count=Count(
                "quiz_attempts__resident",
                filter=submitted & Q(quiz_attempts__passed=True),
                distinct=True,
            ),
            quiz_average_score=Avg("quiz_attempts__score", filter=submitted),
        )
        .annotate(
            quiz_pass_rate=ExpressionWrapper(
                F("quiz_passed_count") * 100.0 / NullIf(F("quiz_resident_count"), 0),
                output_field=FloatField(),
            )
        )
        .order_by("number", "title")
    )


@dataclass
class ChoiceStats:
    id: str
    text: str
    correct: bool
    picked: int = 0

    def share_of(self, total: int) -> float:
        return self.picked * 100 / total if total else 0.0


@dataclass
class QuestionStats:
    id: str
    text: str
    kind: str
    shown: int = 0
    answered_right: int = 0
    choices: dict[str, ChoiceStats] = field(default_factory=dict)

    @property
    def right_rate(self) -> float:
        """Share of the attempts that showed it where it earned its full point, in percent."""
        return self.answered_right * 100 / self.shown if self.shown else 0.0

    @property
    def choice_list(self) -> list[ChoiceStats]:
        return list(self.choices.values())


def quiz_question_stats(module: ModulePage) -> list[QuestionStats]:
    """Per question over every submitted attempt: picks per answer and share right.

    Read from the attempts' snapshots, so numbers stay true to what residents were shown.
    Most-missed first.
    """
    from .services import question_credit

    stats: dict[str, QuestionStats] = {}
    attempts = QuizAttempt.objects.submitted().filter(module=module).order_by("submitted_at")
    for snapshot, answers in attempts.values_list("snapshot", "answers").iterator():
        for question in snapshot["questions"]:
            entry = stats.get(question["id"])
            if entry is None:
                entry = stats[question["id"]] = QuestionStats(
                    id=question["id"], text=question["text"], kind=question["kind"]
                )
            # The latest wording names the question; answers keep their own ids.
            entry.text = question["text"]
            chosen = set(answers.get(question["id"], []))
            entry.shown += 1
            if question_credit(question, chosen) == 1:
                entry.answered_right += 1
            for choice in question["choices"]:
                choice_stats = entry.choices.get(choice["id"])
                if choice_stats is None:
                    choice_stats = entry.choices[choice["id"]] = ChoiceStats(
                        id=choice["id"], text=choice["text"], correct=choice["correct"]
                    )
                choice_stats.text, choice_stats.correct = choice["text"], choice["correct"]
                if choice["id"] in chosen:
                    choice_stats.picked += 1
    return sorted(stats.values(), key=lambda q: (q.right_rate, -q.shown, q.text))


def quiz_attempts_for_module(module: ModulePage):
    """Submitted attempts with the resident, newest first (coordinators only)."""
    return (
        QuizAttempt.objects.submitted()
        .filter(module=module)
        .select_related("resident")
        .order_by("-submitted_at")
    )
