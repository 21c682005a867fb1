"""The "Before and after" reports in the admin: per cohort (a chart of before against after
per statement, the same figures in a table, and the comments) and across the cohorts that
used one survey; each exports as CSV and XLSX with the same thresholds, formula-escaped.
Coordinators only (survey_roles says why)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from cpa_site.exports import escape_formula

from ..models import Cohort
from . import survey_results
from .charts import grouped_bar_chart, value_text
from .models.surveys import Survey, SurveyAttachment
from .report_urls import report_paths
from .survey_roles import can_see_survey_results

Kind = SurveyAttachment.Kind
EXPORT_COLUMNS = ["statement", "mean_before", "mean_after", "change", "pairs", "note"]
EXPORT_HEADINGS = {
    "cohort": gettext_lazy("Cohort"),
    "statement": gettext_lazy("Statement"),
    "mean_before": gettext_lazy("Mean before (1 to 5)"),
    "mean_after": gettext_lazy("Mean after (1 to 5)"),
    "change": gettext_lazy("Change"),
    "pairs": gettext_lazy("Pairs"),
    "note": gettext_lazy("Note"),
}


def _figure(accessor):
    return lambda result: value_text(accessor(result))


MEAN_AFTER = gettext_lazy("Mean after")


def result_columns(later) -> list[Column]:
    """The figures of a result row; `later` names the mean of the survey compared."""
    return [
        Column(
            "mean_before",
            label=gettext_lazy("Mean before"),
            accessor=_figure(lambda r: r.mean_before),
        ),
        Column("mean_after", label=later, accessor=_figure(lambda r: r.mean_after)),
        Column("change", label=gettext_lazy("Change"), accessor=_figure(lambda r: r.change)),
        Column("pairs", label=gettext_lazy("Pairs")),
    ]


RESULT_COLUMNS = result_columns(MEAN_AFTER)


class SurveyReportView(ReportView):
    header_icon = "form"
    paginate_by = None

    def dispatch(self, request, *args, **kwargs):
        if not can_see_survey_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(super().preprocess_field_value(field, value, export_format))


class SurveyResultsIndexView(SurveyReportView):
    """The cohorts with a before and an after survey, and the surveys to compare across them."""

    page_title = gettext_lazy("Before and after")
    index_url_name = "survey_results"
    index_results_url_name = "survey_results_results"
    results_template_name = "enrollment/outcomes/surveys/admin/index_results.html"
    columns = [
        TitleColumn("name", label=gettext_lazy("Cohort"), url_name="survey_results_cohort"),
        Column("term", label=gettext_lazy("Term")),
        Column("starts_on", label=gettext_lazy("First day")),
    ]
    list_export = ["name", "term", "starts_on"]

    def get_queryset(self):
        return survey_results.cohorts_with_survey_results()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["surveys"] = survey_results.surveys_used_after()
        return context


class SubjectReportView(SurveyReportView):
    """A report about one thing named in its URL (a cohort, or a survey): its URLs, the
    breadcrumb back to the index, and the export's file name all come from that thing."""

    subject_model = None
    subject_kwarg = ""
    subject_name_field = "name"
    filename_prefix = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.subject = get_object_or_404(self.subject_model, pk=kwargs[self.subject_kwarg])

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.subject.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.subject.pk])

    def get_page_subtitle(self):
        return getattr(self.subject, self.subject_name_field)

    def get_breadcrumbs_items(self):
        return [{"url": reverse("survey_results"), "label": _("Before and after")}] + [
            {"url": "", "label": self.get_page_subtitle()}
        ]

    def get_filename(self):
        return f"{self.filename_prefix}-{self.subject.pk}-{timezone.localdate():%Y-%m-%d}"


class CohortSurveyResultsView(SubjectReportView):
    """One cohort: before against after the course, with a link to six months later when the
    cohort has that survey too (and back)."""

    page_title = gettext_lazy("Before and after")
    index_url_name = "survey_results_cohort"
    index_results_url_name = "survey_results_cohort_results"
    results_template_name = "enrollment/outcomes/surveys/admin/cohort_results.html"
    list_export = EXPORT_COLUMNS
    subject_model = Cohort
    subject_kwarg = "cohort_id"
    filename_prefix = "before-and-after-cohort"
    later_kind = Kind.AFTER
    later_label = gettext_lazy("After")
    later_column = MEAN_AFTER
    later_export_heading = EXPORT_HEADINGS["mean_after"]
    chart_title = gettext_lazy("Before and after: %(cohort)s")
    chart_description = gettext_lazy(
        "Mean agreement with each statement, from 1 (strongly disagree) to 5 (strongly agree), "
        "before and after the course, of the residents who answered both surveys. The table "
        "beside it has the same figures."
    )

    @property
    def columns(self):
        statement = Column("statement", label=gettext_lazy("Statement"))
        return [statement, *result_columns(self.later_column)]

    @property
    def export_headings(self):
        return {**EXPORT_HEADINGS, "mean_after": self.later_export_heading}

    @cached_property
    def results(self):
        return survey_results.cohort_survey_results(self.subject, self.later_kind)

    def get_queryset(self):
        return self.results.statements

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        shown = [result for result in self.results.statements if result.shown]
        other = self.results.other_later
        context.update(
            cohort=self.subject,
            results=self.results,
            minimum=survey_results.MIN_PAIRS,
            any_hidden=any(not result.shown for result in self.results.statements),
            other_report_url=reverse(OTHER_REPORT[self.later_kind], args=[self.subject.pk])
            if other
            else "",
            chart=grouped_bar_chart(
                title=self.chart_title % {"cohort": self.subject.name},
                description=str(self.chart_description),
                categories=[result.statement for result in shown],
                series=[
                    (_("Before"), [result.mean_before for result in shown]),
                    (str(self.later_label), [result.mean_after for result in shown]),
                ],
                maximum=5,
            )
            if shown
            else "",
        )
        return context


class CohortSixMonthResultsView(CohortSurveyResultsView):
    """One cohort: before the course against six months after it (its alumni's answers)."""

    page_title = gettext_lazy("Before and six months later")
    index_url_name = "survey_results_cohort_six_months"
    index_results_url_name = "survey_results_cohort_six_months_results"
    filename_prefix = "before-and-six-months-cohort"
    later_kind = Kind.SIX_MONTHS
    later_label = gettext_lazy("Six months later")
    later_column = gettext_lazy("Mean six months later")
    later_export_heading = gettext_lazy("Mean six months later (1 to 5)")
    chart_title = gettext_lazy("Before and six months later: %(cohort)s")
    chart_description = gettext_lazy(
        "Mean agreement with each statement, from 1 (strongly disagree) to 5 (strongly agree), "
        "before the course and six months after it, of the residents who answered both "
        "surveys. The table beside it has the same figures."
    )


OTHER_REPORT = {
    Kind.AFTER: CohortSixMonthResultsView.index_url_name,
    Kind.SIX_MONTHS: CohortSurveyResultsView.index_url_name,
}


class SurveyAcrossCohortsView(SubjectReportView):
    page_title = gettext_lazy("Before and after, across cohorts")
    index_url_name = "survey_results_survey"
    index_results_url_name = "survey_results_survey_results"
    results_template_name = "enrollment/outcomes/surveys/admin/across_results.html"
    columns = [
        Column("cohort", label=gettext_lazy("Cohort")),
        Column("statement", label=gettext_lazy("Statement")),
        *RESULT_COLUMNS,
    ]
    list_export = ["cohort", *EXPORT_COLUMNS]
    export_headings = EXPORT_HEADINGS
    subject_model = Survey
    subject_kwarg = "survey_id"
    subject_name_field = "title"
    filename_prefix = "before-and-after-survey"

    @cached_property
    def results(self):
        return survey_results.survey_results_across_cohorts(self.subject)

    def get_queryset(self):
        return self.results

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        shown = [result for result in self.results if result.shown]
        context.update(
            survey=self.subject,
            minimum=survey_results.MIN_PAIRS,
            any_hidden=any(not result.shown for result in self.results),
            chart=grouped_bar_chart(
                title=_("Before and after, per cohort: %(survey)s")
                % {"survey": self.subject.title},
                description=_(
                    "For each cohort and statement, the mean agreement from 1 (strongly "
                    "disagree) to 5 (strongly agree) before and after the course, of the "
                    "residents who answered both. The table beside it has the same figures."
                ),
                categories=[f"{result.cohort}: {result.statement}" for result in shown],
                series=[
                    (_("Before"), [result.mean_before for result in shown]),
                    (_("After"), [result.mean_after for result in shown]),
                ],
                maximum=5,
            )
            if shown
            else "",
        )
        return context


urlpatterns = [
    *report_paths("survey-results/", SurveyResultsIndexView),
    *report_paths("survey-results/cohorts/<int:cohort_id>/", CohortSurveyResultsView),
    *report_paths("survey-results/cohorts/<int:cohort_id>/six-months/", CohortSixMonthResultsView),
    *report_paths("survey-results/surveys/<int:survey_id>/", SurveyAcrossCohortsView),
]
