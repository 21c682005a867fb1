"""Reads about quizzes: who passed what, a resident's standing, and results for staff.

A module's attempts are kept on its English copy whatever language they were taken in (see
courses/services.py), so these read them across the module's languages.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import NullIf
from wagtail.models import Locale

from .models import ModulePage, QuizAttempt
from .roles import COORDINATORS, INSTRUCTORS
from .translations.copies import page_in_default_language


def modules_passed(resident) -> set[int]:
    """Ids of the modules whose quiz the resident has passed (any attempt, any language),
    with the ids of their copies in every language, so a pass in Spanish shows on the English
    module and the other way round."""
    if not getattr(resident, "is_authenticated", False):
        return set()
    passed = QuizAttempt.objects.filter(resident=resident, passed=True).values(
        "module__translation_key"
    )
    return set(ModulePage.objects.filter(translation_key__in=passed).values_list("pk", flat=True))


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
    """The resident's standing on the module, over its attempts in every language."""
    module = page_in_default_language(module)
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


def modules_of_record():
    """Modules as attempts are kept: the English copies, and modules with no English copy."""
    default = Locale.get_default()
    english = ModulePage.objects.filter(locale=default).values("translation_key")
    return ModulePage.objects.filter(Q(locale=default) | ~Q(translation_key__in=english))


def quiz_results_by_module():
    """Every module with its submitted attempts (all languages), residents, passes and average
    score."""
    submitted = Q(quiz_attempts__submitted_at__isnull=False)
    return (
        modules_of_record()
        .annotate(
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
class LanguageStats:
    """One question's results among the attempts taken in one language."""

    language: str
    shown: int = 0
    answered_right: int = 0

    @property
    def right_rate(self) -> float:
        return self.answered_right * 100 / self.shown if self.shown else 0.0


@dataclass
class QuestionStats:
    id: str
    text: str
    kind: str
    shown: int = 0
    answered_right: int = 0
    choices: dict[str, ChoiceStats] = field(default_factory=dict)
    languages: dict[str, LanguageStats] = field(default_factory=dict)

    @property
    def right_rate(self) -> float:
        """Share of the attempts that showed it where it earned its full point, in percent."""
        return self.answered_right * 100 / self.shown if self.shown else 0.0

    @property
    def choice_list(self) -> list[ChoiceStats]:
        return list(self.choices.values())

    @property
    def language_list(self) -> list[LanguageStats]:
        return sorted(self.languages.values(), key=lambda split: split.language)


def quiz_question_stats(module: ModulePage) -> list[QuestionStats]:
    """Per question over every submitted attempt in every language: picks per answer, share
    right, and the same split by the language the attempt was taken in.

    Read from the attempts' snapshots, so numbers stay true to what residents were shown. A
    translation keeps the question's and answers' ids (wagtail-localize keeps StreamField block
    ids), so a question asked in Spanish counts with the same question asked in English; the
    latest English wording names it (the latest other wording while none is English).
    Most-missed first.
    """
    from .services import question_credit

    default = Locale.get_default().language_code
    stats: dict[str, QuestionStats] = {}
    named: set[str] = set()  # questions already named in the default language
    attempts = QuizAttempt.objects.submitted().filter(module=module).order_by("submitted_at")
    for snapshot, answers, language in attempts.values_list(
        "snapshot", "answers", "language"
    ).iterator():
        for question in snapshot["questions"]:
            entry = stats.get(question["id"])
            if entry is None:
                entry = stats[question["id"]] = QuestionStats(
                    id=question["id"], text=question["text"], kind=question["kind"]
                )
            # The latest wording names the question; answers keep their own ids.
            renamed = language == default or question["id"] not in named
            if renamed:
                entry.text = question["text"]
                if language == default:
                    named.add(question["id"])
            chosen = set(answers.get(question["id"], []))
            right = question_credit(question, chosen) == 1
            split = entry.languages.setdefault(language, LanguageStats(language))
            entry.shown += 1
            split.shown += 1
            if right:
                entry.answered_right += 1
                split.answered_right += 1
            for choice in question["choices"]:
                choice_stats = entry.choices.get(choice["id"])
                if choice_stats is None:
                    choice_stats = entry.choices[choice["id"]] = ChoiceStats(
                        id=choice["id"], text=choice["text"], correct=choice["correct"]
                    )
                if renamed:
                    choice_stats.text = choice["text"]
                choice_stats.correct = choice["correct"]
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
