"""Cohorts in the admin: the listing with its seat counts, the cohort at a glance, the form,
and the cohort's own screens (sessions, attendance, graduation, roster)."""

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cpa_site.exports import FormulaSafeExportMixin

from .. import selectors
from ..extras import cohort_extras_with_signups
from ..models import Application, Cohort, CohortQuestion
from .base import LocalTimeInspectView, cohort_url
from .class_sessions import AttendanceView, LayOutWeeklyView, SignInSheetView
from .forms import CohortAdminForm
from .graduation import CertificateRevokeView, GraduationView
from .roster import RosterView


class CohortIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        seat = Q(applications__status__in=Application.SEAT_STATUSES)
        return (
            super()
            .get_base_queryset()
            .annotate(
                enrolled_count=Count(
                    "applications", filter=Q(applications__status=Application.Status.ENROLLED)
                ),
                offered_count=Count(
                    "applications", filter=Q(applications__status=Application.Status.OFFERED)
                ),
                waitlisted_count=Count(
                    "applications", filter=Q(applications__status=Application.Status.WAITLISTED)
                ),
                submitted_count=Count(
                    "applications", filter=Q(applications__status=Application.Status.SUBMITTED)
                ),
                seats_taken=Count("applications", filter=seat),
            )
        )


class CohortInspectView(LocalTimeInspectView):
    """A cohort at a glance: seats, and each session with its attendance and sign-in sheet."""

    @cached_property
    def header_buttons(self):
        """The cohort's everyday screens in plain sight, not in the "..." menu."""
        pk = quote(self.object.pk)
        return [
            HeaderButton(_("Graduation"), url=cohort_url("graduation", pk), icon_name="success"),
            HeaderButton(
                _("Export roster (XLSX)"),
                url=cohort_url("roster", pk) + "?export=xlsx",
                icon_name="download",
            ),
        ]

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Lay out weekly sessions"),
                url=cohort_url("layout", quote(self.object.pk)),
                icon_name="date",
                priority=30,
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.cohort_seat_summary(cohort=self.object)
        context["seat_summary"] = summary
        context["quiz_results"] = selectors.cohort_quiz_results(self.object)
        context["extras"] = cohort_extras_with_signups(self.object)
        context["sessions"] = [
            (
                row,
                cohort_url("attendance", row.session.pk),
                cohort_url("sign_in_sheet", row.session.pk),
            )
            for row in selectors.cohort_sessions_at_a_glance(cohort=self.object)
        ]
        return context


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    index_view_class = CohortIndexView
    inspect_view_class = CohortInspectView
    inspect_template_name = "enrollment/admin/cohort_inspect.html"
    list_display = [
        "name",
        "starts_on",
        "status",
        "capacity",
        Column("enrolled_count", label=_("Enrolled")),
        Column("offered_count", label=_("Offered")),
        Column("waitlisted_count", label=_("Waitlisted")),
        Column("submitted_count", label=_("To review")),
    ]
    list_filter = ["status", "term", "admission_mode"]
    search_fields = ["name", "term", "place_name"]
    search_backend_name = None  # plain database lookups: no search index to keep in step
    ordering = ["starts_on"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("curriculum", widget=forms.Select),
                FieldPanel("name"),
                FieldPanel("term"),
                FieldPanel("status"),
            ],
            _("Cohort"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])], _("Dates")
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("place_address"),
                FieldPanel("place_accessibility"),
            ],
            _("Meeting place"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("admission_mode"),
                FieldRowPanel(
                    [FieldPanel("applications_open_at"), FieldPanel("applications_close_at")]
                ),
                FieldPanel("offer_hours"),
            ],
            _("Seats and applications"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("graduation_max_absences"),
                FieldPanel("graduation_excused"),
                FieldPanel("graduation_requires_quizzes"),
            ],
            _("Graduation rule"),
        ),
        InlinePanel(
            "sessions",
            heading=_("Class sessions"),
            label=_("Session"),
            panels=[
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("module"),
                FieldRowPanel([FieldPanel("place_name"), FieldPanel("place_address")]),
                FieldPanel("instructors"),
                FieldPanel("notes"),
                FieldPanel("status"),
            ],
        ),
        InlinePanel(
            "extras",
            heading=_("Extras (ride-along shifts, range or simulator days)"),
            label=_("Extra"),
            panels=[
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("capacity")]),
                FieldPanel("minimum_age"),
                FieldPanel("waiver_text"),
                FieldPanel("waiver_version"),
            ],
        ),
        MultiFieldPanel(
            [
                FieldPanel("minimum_age"),
                FieldPanel("accepts_residents"),
                FieldPanel("accepts_workers"),
                FieldPanel("accepts_students"),
                FieldPanel("consent_text"),
                FieldPanel("enroll_only_when_cleared"),
                FieldPanel("check_hold_days"),
            ],
            _("Eligibility"),
        ),
        InlinePanel(
            "questions",
            heading=_("Your own questions"),
            label=_("Question"),
            help_text=_(
                "Asked after the academy's fixed questions. Applications already made keep "
                "the questions as they were asked."
            ),
            max_num=CohortQuestion.MAX_PER_COHORT,
            panels=[
                FieldPanel("label"),
                FieldPanel("help_text"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
                FieldPanel("choices"),
            ],
        ),
    ]
    edit_handler = ObjectList(panels, base_form_class=CohortAdminForm)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("layout/<int:pk>/", LayOutWeeklyView.as_view(), name="layout"),
            path("attendance/<int:session_pk>/", AttendanceView.as_view(), name="attendance"),
            path(
                "sign-in-sheet/<int:session_pk>/",
                SignInSheetView.as_view(),
                name="sign_in_sheet",
            ),
            path("graduation/<int:pk>/", GraduationView.as_view(), name="graduation"),
            path(
                "certificate/<int:certificate_pk>/revoke/",
                CertificateRevokeView.as_view(),
                name="certificate_revoke",
            ),
            path("roster/<int:pk>/", RosterView.as_view(), name="roster"),
        ]
