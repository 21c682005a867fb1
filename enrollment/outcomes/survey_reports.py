"""The "Before and after" reports in the admin: per cohort (a chart of before against after
per statement, the same figures in a table, and the comments) and across the cohorts that
used one survey; each exports as CSV and XLSX with the same thresholds, formula-escaped.
Coordinators only (survey_roles says why)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
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
from .models.surveys import Survey
from .survey_roles import can_see_survey_results

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


RESULT_COLUMNS = [
    Column(
        "mean_before", label=gettext_lazy("Mean before"), accessor=_figure(lambda r: r.mean_before)
    ),
    Column(
        "mean_after", label=gettext_lazy("Mean after"), accessor=_figure(lambda r: r.mean_after)
    ),
    Column("change", label=gettext_lazy("Change"), accessor=_figure(lambda r: r.change)),
    Column("pairs", label=gettext_lazy("Pairs")),
]


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


class CohortSurveyResultsView(SurveyReportView):
    page_title = gettext_lazy("Before and after")
    index_url_name = "survey_results_cohort"
    index_results_url_name = "survey_results_cohort_results"
    results_template_name = "enrollment/outcomes/surveys/admin/cohort_results.html"
    columns = [Column("statement", label=gettext_lazy("Statement")), *RESULT_COLUMNS]
    list_export = EXPORT_COLUMNS
    export_headings = EXPORT_HEADINGS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cohort = get_object_or_404(Cohort, pk=kwargs["cohort_id"])

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.cohort.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.cohort.pk])

    def get_page_subtitle(self):
        return self.cohort.name

    def get_breadcrumbs_items(self):
        return [{"url": reverse("survey_results"), "label": _("Before and after")}] + [
            {"url": "", "label": self.cohort.name}
        ]

    def get_filename(self):
        return f"before-and-after-cohort-{self.cohort.pk}-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def results(self):
        return survey_results.cohort_survey_results(self.cohort)

    def get_queryset(self):
        return self.results.statements

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        shown = [result for result in self.results.statements if result.shown]
        context.update(
            cohort=self.cohort,
            results=self.results,
            minimum=survey_results.MIN_PAIRS,
            any_hidden=any(not result.shown for result in self.results.statements),
            chart=grouped_bar_chart(
                title=_("Before and after: %(cohort)s") % {"cohort": self.cohort.name},
                description=_(
                    "Mean agreement with each statement, from 1 (strongly disagree) to 5 "
                    "(strongly agree), before and after the course, of the residents who "
                    "answered both surveys. The table beside it has the same figures."
                ),
                categories=[result.statement for result in shown],
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


class SurveyAcrossCohortsView(SurveyReportView):
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

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.survey = get_object_or_404(Survey, pk=kwargs["survey_id"])

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.survey.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.survey.pk])

    def get_page_subtitle(self):
        return self.survey.title

    def get_breadcrumbs_items(self):
        return [{"url": reverse("survey_results"), "label": _("Before and after")}] + [
            {"url": "", "label": self.survey.title}
        ]

    def get_filename(self):
        return f"before-and-after-survey-{self.survey.pk}-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def results(self):
        return survey_results.survey_results_across_cohorts(self.survey)

    def get_queryset(self):
        return self.results

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        shown = [result for result in self.results if result.shown]
        context.update(
            survey=self.survey,
            minimum=survey_results.MIN_PAIRS,
            any_hidden=any(not result.shown for result in self.results),
            chart=grouped_bar_chart(
                title=_("Before and after, per cohort: %(survey)s") % {"survey": self.survey.title},
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
    path("survey-results/", SurveyResultsIndexView.as_view(), name="survey_results"),
    path(
        "survey-results/results/",
        SurveyResultsIndexView.as_view(results_only=True),
        name="survey_results_results",
    ),
    path(
        "survey-results/cohorts/<int:cohort_id>/",
        CohortSurveyResultsView.as_view(),
        name="survey_results_cohort",
    ),
    path(
        "survey-results/cohorts/<int:cohort_id>/results/",
        CohortSurveyResultsView.as_view(results_only=True),
        name="survey_results_cohort_results",
    ),
    path(
        "survey-results/surveys/<int:survey_id>/",
        SurveyAcrossCohortsView.as_view(),
        name="survey_results_survey",
    ),
    path(
        "survey-results/surveys/<int:survey_id>/results/",
        SurveyAcrossCohortsView.as_view(results_only=True),
        name="survey_results_survey_results",
    ),
]
