"""Staff reports on quizzes in the Wagtail admin: results per module, per question and per
attempt, each with a spreadsheet export (formula-looking cells escaped)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cpa_site.exports import escape_formula

from . import selectors
from .models import ModulePage
from .translations.copies import page_in_default_language


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


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Spanish", "Español"...)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class QuizResultsView(QuizReportView):
    page_title = gettext_lazy("Quiz results")
    index_url_name = "courses_quiz_results"
    index_results_url_name = "courses_quiz_results_results"
    results_template_name = "courses/admin/quiz_results_results.html"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Module"),
            url_name="courses_quiz_questions",
            accessor=lambda module: f"{module.number}. {module.title}",
        ),
        Column("quiz_attempt_count", label=gettext_lazy("Attempts")),
        Column("quiz_resident_count", label=gettext_lazy("Residents")),
        Column("quiz_passed_count", label=gettext_lazy("Residents passed")),
        Column(
            "pass_rate",
            label=gettext_lazy("Pass rate"),
            accessor=lambda m: _percent(m.quiz_pass_rate),
        ),
        Column(
            "average_score",
            label=gettext_lazy("Average score"),
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
        "number": gettext_lazy("Module"),
        "title": gettext_lazy("Title"),
        "quiz_attempt_count": gettext_lazy("Attempts"),
        "quiz_resident_count": gettext_lazy("Residents"),
        "quiz_passed_count": gettext_lazy("Residents passed"),
        # xgettext:no-python-format
        "quiz_pass_rate": gettext_lazy("Pass rate (% of residents)"),
        "quiz_average_score": gettext_lazy("Average score (%)"),
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
        # A translation's results are its English module's: attempts are kept there.
        self.module = page_in_default_language(
            get_object_or_404(ModulePage, pk=kwargs["module_id"])
        )

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.module.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.module.pk])

    def get_breadcrumbs_items(self):
        return [{"url": reverse("courses_quiz_results"), "label": _("Quiz results")}] + [
            {"url": "", "label": self.get_page_title()}
        ]

    def get_page_subtitle(self):
        return _("Module %(number)s: %(title)s") % {
            "number": self.module.number,
            "title": self.module.title,
        }

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["module"] = self.module
        context["can_see_takers"] = selectors.can_see_quiz_takers(self.request.user)
        return context


class QuizQuestionResultsView(QuizModuleReportView):
    """Per question: how often each answer was picked and the share right; most-missed first."""

    page_title = gettext_lazy("Quiz questions")
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
        "rank": gettext_lazy("Most missed"),
        "question": gettext_lazy("Question"),
        "question_right_rate": gettext_lazy("Answered right (%)"),
        "shown": gettext_lazy("Times asked"),
        "answer": gettext_lazy("Answer"),
        "right_answer": gettext_lazy("Right answer"),
        "picked": gettext_lazy("Times picked"),
        # xgettext:no-python-format
        "picked_rate": gettext_lazy("Picked (% of times asked)"),
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
                right_answer=_("yes") if choice.correct else _("no"),
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
    page_title = gettext_lazy("Quiz attempts")
    index_url_name = "courses_quiz_attempts"
    index_results_url_name = "courses_quiz_attempts_results"
    columns = [
        Column(
            "resident",
            label=gettext_lazy("Resident"),
            accessor=lambda a: a.resident.get_full_name(),
        ),
        Column("email", label=gettext_lazy("Email"), accessor="resident.email"),
        Column("number", label=gettext_lazy("Attempt")),
        Column(
            "language",
            label=gettext_lazy("Language"),
            accessor=lambda a: language_name(a.language),
        ),
        Column(
            "submitted_at",
            label=gettext_lazy("Submitted"),
            accessor=lambda a: _local(a.submitted_at),
        ),
        Column("score", label=gettext_lazy("Score"), accessor=lambda a: _percent(a.score)),
        Column(
            "passed",
            label=gettext_lazy("Result"),
            accessor=lambda a: _("Passed") if a.passed else _("Not passed"),
        ),
    ]
    list_export = [
        "resident.get_full_name",
        "resident.email",
        "number",
        "language",
        "submitted_at",
        "score",
        "passed",
    ]
    export_headings = {
        "resident.get_full_name": gettext_lazy("Resident"),
        "resident.email": gettext_lazy("Email"),
        "number": gettext_lazy("Attempt"),
        "language": gettext_lazy("Language"),
        "submitted_at": gettext_lazy("Submitted"),
        "score": gettext_lazy("Score (%)"),
        "passed": gettext_lazy("Passed"),
    }

    def get_filename(self):
        return f"quiz-attempts-module-{self.module.number}-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return selectors.quiz_attempts_for_module(self.module)


def _local(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""
