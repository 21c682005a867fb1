"""Staff reports on quizzes in the Wagtail admin: results per module, per question and per
attempt, each with a spreadsheet export (formula-looking cells escaped)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cpa_site.exports import escape_formula

from . import selectors
from .models import ModulePage


def _percent(value) -> str:
    return "–" if value is None else f"{float(value):.1f}%"


class QuizReportView(ReportView):
    """Staff who write or run the course see quiz results; residents' names need `takers_only`."""

    takers_only = False
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            selectors.can_see_quiz_takers(request.user)
            if self.takers_only
            else selectors.can_see_quiz_results(request.user)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, float | Decimal):
            value = round(float(value), 1)
        return escape_formula(super().preprocess_field_value(field, value, export_format))


class QuizResultsView(QuizReportView):
    page_title = "Quiz results"
    index_url_name = "courses_quiz_results"
    index_results_url_name = "courses_quiz_results_results"
    results_template_name = "courses/admin/quiz_results_results.html"
    columns = [
        TitleColumn(
            "title",
            label="Module",
            url_name="courses_quiz_questions",
            accessor=lambda module: f"{module.number}. {module.title}",
        ),
        Column("quiz_attempt_count", label="Attempts"),
        Column("quiz_resident_count", label="Residents"),
        Column("quiz_passed_count", label="Residents passed"),
        Column("pass_rate", label="Pass rate", accessor=lambda m: _percent(m.quiz_pass_rate)),
        Column(
            "average_score",
            label="Average score",
            accessor=lambda m: _percent(m.quiz_average_score),
        ),
    ]
    list_export = [
        "number",
        "title",
        "quiz_attempt_count",
        "quiz_resident_count",
        "quiz_passed_count",
        "quiz_pass_rate",
        "quiz_average_score",
    ]
    export_headings = {
        "number": "Module",
        "title": "Title",
        "quiz_attempt_count": "Attempts",
        "quiz_resident_count": "Residents",
        "quiz_passed_count": "Residents passed",
        "quiz_pass_rate": "Pass rate (% of residents)",
        "quiz_average_score": "Average score (%)",
    }

    def get_filename(self):
        return f"quiz-results-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.quiz_results_by_module()


@dataclass
class QuizChoiceRow:
    """One answer of one question: a row of the per-question spreadsheet."""

    rank: int
    question: str
    question_right_rate: float
    shown: int
    answer: str
    right_answer: str
    picked: int
    picked_rate: float


class QuizModuleReportView(QuizReportView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.module = get_object_or_404(ModulePage, pk=kwargs["module_id"])

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.module.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.module.pk])

    def get_breadcrumbs_items(self):
        return [{"url": reverse("courses_quiz_results"), "label": "Quiz results"}] + [
            {"url": "", "label": self.get_page_title()}
        ]

    def get_page_subtitle(self):
        return f"Module {self.module.number}: {self.module.title}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["module"] = self.module
        context["can_see_takers"] = selectors.can_see_quiz_takers(self.request.user)
        return context


class QuizQuestionResultsView(QuizModuleReportView):
    """Per question: how often each answer was picked and the share right; most-missed first."""

    page_title = "Quiz questions"
    index_url_name = "courses_quiz_questions"
    index_results_url_name = "courses_quiz_questions_results"
    results_template_name = "courses/admin/quiz_questions_results.html"
    paginate_by = None
    list_export = [
        "rank",
        "question",
        "question_right_rate",
        "shown",
        "answer",
        "right_answer",
        "picked",
        "picked_rate",
    ]
    export_headings = {
        "rank": "Most missed",
        "question": "Question",
        "question_right_rate": "Answered right (%)",
        "shown": "Times asked",
        "answer": "Answer",
        "right_answer": "Right answer",
        "picked": "Times picked",
        "picked_rate": "Picked (% of times asked)",
    }

    def get_filename(self):
        return f"quiz-questions-module-{self.module.number}-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def questions(self):
        return selectors.quiz_question_stats(self.module)

    def get_queryset(self):
        return [
            QuizChoiceRow(
                rank=rank,
                question=question.text,
                question_right_rate=question.right_rate,
                shown=question.shown,
                answer=choice.text,
                right_answer="yes" if choice.correct else "no",
                picked=choice.picked,
                picked_rate=choice.share_of(question.shown),
            )
            for rank, question in enumerate(self.questions, 1)
            for choice in question.choice_list
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["questions"] = self.questions
        return context


class QuizAttemptsView(QuizModuleReportView):
    """Each submitted attempt with the resident's name: coordinators only."""

    takers_only = True
    page_title = "Quiz attempts"
    index_url_name = "courses_quiz_attempts"
    index_results_url_name = "courses_quiz_attempts_results"
    columns = [
        Column("resident", label="Resident", accessor=lambda a: a.resident.get_full_name()),
        Column("email", label="Email", accessor="resident.email"),
        Column("number", label="Attempt"),
        Column("submitted_at", label="Submitted", accessor=lambda a: _local(a.submitted_at)),
        Column("score", label="Score", accessor=lambda a: _percent(a.score)),
        Column("passed", label="Result", accessor=lambda a: "Passed" if a.passed else "Not passed"),
    ]
    list_export = [
        "resident.get_full_name",
        "resident.email",
        "number",
        "submitted_at",
        "score",
        "passed",
    ]
    export_headings = {
        "resident.get_full_name": "Resident",
        "resident.email": "Email",
        "number": "Attempt",
        "submitted_at": "Submitted",
        "score": "Score (%)",
        "passed": "Passed",
    }

    def get_filename(self):
        return f"quiz-attempts-module-{self.module.number}-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.quiz_attempts_for_module(self.module)


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""
