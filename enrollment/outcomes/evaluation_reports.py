"""Reports → Session evaluations: per cohort, each session's answers, mean ratings and
comments, per instructor their means, with charts and a CSV/XLSX export of the same totals.
Coordinators see every session, instructors the ones they teach; no one sees who said what."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cpa_site.exports import escape_formula

from ..admin.instructors import refused
from ..models import Cohort
from . import evaluations
from .charts import bar_chart
from .report_urls import report_paths


class EvaluationReportView(ReportView):
    header_icon = "pick"
    paginate_by = None

    def dispatch(self, request, *args, **kwargs):
        if not evaluations.may_see_evaluations(request.user):
            return refused(
                request, _("Session evaluations are for the instructors and coordinators.")
            )
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, float):
            value = round(value, 2)
        return escape_formula(super().preprocess_field_value(field, value, export_format))


class EvaluationCohortsView(EvaluationReportView):
    page_title = gettext_lazy("Session evaluations")
    index_url_name = "session_evaluations"
    index_results_url_name = "session_evaluations_results"
    columns = [
        TitleColumn(
            "name",
            label=gettext_lazy("Cohort"),
            get_url=lambda cohort: reverse("session_evaluations_cohort", args=[cohort.pk]),
        ),
        Column("term", label=gettext_lazy("Term")),
        Column("session_count", label=gettext_lazy("Sessions")),
        Column("answer_count", label=gettext_lazy("Answers")),
    ]

    def get_queryset(self):
        return evaluations.cohorts_with_evaluations(self.request.user)


@dataclass
class ExportRow:
    """One line of the spreadsheet: a session's totals or an instructor's. No resident."""

    kind: str
    date: str
    title: str
    instructors: str
    answers: int
    session_mean: float | None
    instructor_mean: float | None
    spread: str
    comments: str


def _spread_text(spread: list[int]) -> str:
    return ", ".join(f"{rating}: {count}" for rating, count in enumerate(spread, 1))


class CohortEvaluationsView(EvaluationReportView):
    index_url_name = "session_evaluations_cohort"
    index_results_url_name = "session_evaluations_cohort_results"
    results_template_name = "enrollment/outcomes/evaluations/report_results.html"
    list_export = [
        "kind",
        "date",
        "title",
        "instructors",
        "answers",
        "session_mean",
        "instructor_mean",
        "spread",
        "comments",
    ]
    export_headings = {
        "kind": gettext_lazy("Row"),
        "date": gettext_lazy("Date"),
        "title": gettext_lazy("Session"),
        "instructors": gettext_lazy("Instructors"),
        "answers": gettext_lazy("Answers"),
        "session_mean": gettext_lazy("Mean rating of the class"),
        "instructor_mean": gettext_lazy("Mean rating of the instructor"),
        "spread": gettext_lazy("Answers per rating"),
        "comments": gettext_lazy("Comments"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cohort = get_object_or_404(Cohort, pk=kwargs["cohort_id"])

    def get(self, request, *args, **kwargs):
        if not self.report.sessions:
            return refused(request, _("You teach no session of this cohort."))
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Session evaluations: %(cohort)s") % {"cohort": self.cohort.name}

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.cohort.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.cohort.pk])

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("session_evaluations"), "label": _("Session evaluations")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_filename(self):
        return f"session-evaluations-{self.cohort.pk}-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def report(self) -> evaluations.CohortEvaluations:
        return evaluations.cohort_evaluations(cohort=self.cohort, viewer=self.request.user)

    def get_queryset(self):
        rows = [
            ExportRow(
                kind=_("Session"),
                date=date_format(timezone.localtime(s.session.starts_at), "Y-m-d"),
                title=s.title,
                instructors=", ".join(s.instructor_names),
                answers=s.answers,
                session_mean=s.session_mean,
                instructor_mean=s.instructor_mean,
                spread=_spread_text(s.session_spread) if s.shown else "",
                comments="\n".join(s.comments),
            )
            for s in self.report.sessions
        ]
        rows += [
            ExportRow(
                kind=_("Instructor"),
                date="",
                title="",
                instructors=i.name,
                answers=i.answers,
                session_mean=None,
                instructor_mean=i.mean,
                spread=_spread_text(i.spread),
                comments="",
            )
            for i in self.report.instructors
        ]
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        report = self.report
        context["report"] = report
        context["min_answers"] = evaluations.MIN_ANSWERS
        context["session_chart"] = bar_chart(
            title=_("Mean rating of each class, out of 5"),
            description=_(
                "One bar per class, in the order they were held. A class with fewer than "
                "%(minimum)s answers has no bar."
            )
            % {"minimum": evaluations.MIN_ANSWERS},
            bars=[(f"{n}. {s.title}", s.session_mean) for n, s in enumerate(report.sessions, 1)],
            maximum=5,
        )
        context["instructor_chart"] = (
            bar_chart(
                title=_("Mean rating of each instructor, out of 5"),
                description=_("One bar per instructor, over the classes shown above."),
                bars=[(i.name, i.mean) for i in report.instructors],
                maximum=5,
            )
            if report.instructors
            else ""
        )
        return context


class SessionEvaluationsMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluations.may_see_evaluations(request.user)


def menu_item():
    return SessionEvaluationsMenuItem(
        gettext_lazy("Session evaluations"),
        reverse("session_evaluations"),
        name="session-evaluations",
        icon_name="pick",
        order=1020,
    )


def admin_urls():
    return [
        *report_paths("session-evaluations/", EvaluationCohortsView),
        *report_paths("session-evaluations/<int:cohort_id>/", CohortEvaluationsView),
    ]
