"""Coordinators' admin screens: cohorts with their seats, applications and the decisions."""

import datetime
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.button import MenuItem
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from cpa_site.exports import FormulaSafeExportMixin

from . import admin_views, selectors, services
from .admin_forms import CohortAdminForm
from .exceptions import EnrollmentError
from .extras import cohort_extras_with_signups
from .models import Announcement, Application, Cohort, Notification


def can_decide(user) -> bool:
    return user.has_perm("enrollment.decide_application")


# --- Cohorts -----------------------------------------------------------------------------------


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


class LocalTimeInspectView(InspectView):
    """Times in the academy's time zone (Wagtail shows a stored time as it is, in UTC), and a
    dash for an empty one instead of "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            local = timezone.localtime(value)
            return f"{date_format(local, 'DATETIME_FORMAT')} {local:%Z}"
        return "-" if value is None else value


class CohortInspectView(LocalTimeInspectView):
    """A cohort at a glance: seats, and each session with its attendance and sign-in sheet."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        pk = quote(self.object.pk)
        for label, name, icon in (
            ("Lay out weekly sessions", "layout", "date"),
            ("Graduation", "graduation", "success"),
            ("Export roster (XLSX)", "roster", "download"),
        ):
            url = reverse(Cohort.snippet_viewset.get_url_name(name), args=(pk,))
            if name == "roster":
                url += "?format=xlsx"
            buttons.append(Button(label, url=url, icon_name=icon, priority=30))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.cohort_seat_summary(cohort=self.object)
        context["seat_summary"] = summary
        context["quiz_results"] = selectors.cohort_quiz_results(self.object)
        context["extras"] = cohort_extras_with_signups(self.object)
        context["sessions"] = [
            (
                session,
                reverse(Cohort.snippet_viewset.get_url_name("attendance"), args=(session.pk,)),
                reverse(Cohort.snippet_viewset.get_url_name("sign_in_sheet"), args=(session.pk,)),
            )
            for session in self.object.sessions.select_related("module").order_by("starts_at")
        ]
        return context


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = "Cohorts"
    menu_order = 200
    add_to_admin_menu = True
    index_view_class = CohortIndexView
    inspect_view_class = CohortInspectView
    inspect_template_name = "enrollment/admin/cohort_inspect.html"
    list_display = [
        "name",
        "starts_on",
        "status",
        "capacity",
        Column("enrolled_count", label="Enrolled"),
        Column("offered_count", label="Offered"),
        Column("waitlisted_count", label="Waitlisted"),
        Column("submitted_count", label="To review"),
    ]
    list_filter = ["status", "term", "admission_mode"]
    search_fields = ["name", "term", "place_name"]
    search_backend_name = None  # plain database lookups: no search index to keep in step
    ordering = ["starts_on"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("curriculum"),
                FieldPanel("name"),
                FieldPanel("term"),
                FieldPanel("status"),
            ],
            "Cohort",
        ),
        MultiFieldPanel([FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])], "Dates"),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("place_address"),
                FieldPanel("place_accessibility"),
            ],
            "Meeting place",
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
            "Seats and applications",
        ),
        MultiFieldPanel(
            [
                FieldPanel("graduation_max_absences"),
                FieldPanel("graduation_excused"),
                FieldPanel("graduation_requires_quizzes"),
            ],
            "Graduation rule",
        ),
        InlinePanel(
            "sessions",
            heading="Class sessions",
            label="Session",
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
            heading="Extras (ride-along shifts, range or simulator days)",
            label="Extra",
            panels=[
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("capacity")]),
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
                FieldPanel("consent_version"),
            ],
            "Eligibility",
        ),
    ]
    edit_handler = ObjectList(panels, base_form_class=CohortAdminForm)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("layout/<int:pk>/", admin_views.LayOutWeeklyView.as_view(), name="layout"),
            path(
                "attendance/<int:session_pk>/",
                admin_views.AttendanceView.as_view(),
                name="attendance",
            ),
            path(
                "sign-in-sheet/<int:session_pk>/",
                admin_views.SignInSheetView.as_view(),
                name="sign_in_sheet",
            ),
            path("graduation/<int:pk>/", admin_views.GraduationView.as_view(), name="graduation"),
            path(
                "certificate/<int:certificate_pk>/revoke/",
                admin_views.CertificateRevokeView.as_view(),
                name="certificate_revoke",
            ),
            path("roster/<int:pk>/", admin_views.RosterExportView.as_view(), name="roster"),
        ]


# --- Applications ------------------------------------------------------------------------------

DECISIONS = {
    "accept": ("Accept", "Accept the application: a seat if one is free, else the waitlist."),
    "waitlist": ("Waitlist", "Put the applicant on the waitlist, in arrival order."),
    "decline": ("Decline", "Decline the application. The applicant reads your reason."),
    "remove": ("Remove from cohort", "Take the seat back; the waitlist moves up."),
}
ALLOWED_FROM = {
    "accept": [Application.Status.SUBMITTED],
    "waitlist": [Application.Status.SUBMITTED],
    "decline": [Application.Status.SUBMITTED, Application.Status.WAITLISTED],
    "remove": [Application.Status.ENROLLED, Application.Status.OFFERED],
}
NEEDS_REASON = {"decline", "remove"}


def decide(action: str, application_id: int, user, reason: str = "") -> Application:
    if action == "accept":
        return services.application_accept(application_id=application_id, actor=user)
    if action == "waitlist":
        return services.application_waitlist(application_id=application_id, actor=user)
    if action == "decline":
        return services.application_decline(
            application_id=application_id, actor=user, reason=reason
        )
    if action == "remove":
        return services.application_remove(application_id=application_id, actor=user, reason=reason)
    raise Http404("Unknown decision")


def decide_url_name() -> str:
    return Application.snippet_viewset.get_url_name("decide")


class ApplicationIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort", "resident")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_decide(self.request.user):
            for action, (label, _) in DECISIONS.items():
                if instance.status in ALLOWED_FROM[action]:
                    url = reverse(decide_url_name(), args=(quote(instance.pk), action))
                    buttons.append(MenuItem(label, url=url, icon_name="edit", priority=40))
        return buttons


class ApplicationInspectView(LocalTimeInspectView):
    """The applicant's answers. Opening them is recorded in the audit log."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(instance=self.object, action="enrollment.view_personal_data", user=request.user)
        patch_cache_control(response, no_store=True, private=True)
        return response

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_decide(self.request.user):
            for action, (label, _) in DECISIONS.items():
                if self.object.status in ALLOWED_FROM[action]:
                    url = reverse(decide_url_name(), args=(quote(self.object.pk), action))
                    buttons.append(Button(label, url=url, icon_name="edit", priority=40))
            # A resident's requests about their data (enrollment/privacy_views.py).
            resident_id = self.object.resident_id
            buttons.append(
                Button(
                    "Export this resident's data",
                    url=reverse("enrollment_resident_export", args=[resident_id]),
                    icon_name="download",
                    priority=60,
                )
            )
            buttons.append(
                Button(
                    "Erase this resident's personal data",
                    url=reverse("enrollment_resident_erase", args=[resident_id]),
                    icon_name="bin",
                    priority=70,
                )
            )
        return buttons

    def get_events_display_value(self):
        return "; ".join(
            f"{timezone.localtime(e.at):%Y-%m-%d %H:%M} {e.from_status or 'new'} → {e.to_status}"
            + (f" ({e.note})" if e.note else "")
            for e in self.object.events.all()
        )

    def get_waitlist_position_display_value(self):
        return self.object.waitlist_position() or "-"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the resident will read this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class DecideView(admin_views.TrailMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm one decision on one application (with a reason where the resident needs one)."""

    template_name = "enrollment/admin/decide.html"
    form_class = ReasonForm
    view_set = None
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            raise PermissionDenied
        self.action = kwargs["action"]
        if self.action not in DECISIONS:
            raise Http404("Unknown decision")
        self.application = get_object_or_404(
            Application.objects.select_related("cohort", "resident"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{DECISIONS[self.action][0]}: {self.application}"

    def get_trail(self):
        viewset = Application.snippet_viewset
        inspect = reverse(viewset.get_url_name("inspect"), args=(quote(self.application.pk),))
        return [
            ("Applications", reverse(viewset.get_url_name("list"))),
            (str(self.application), inspect),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            application=self.application,
            action=self.action,
            action_label=DECISIONS[self.action][0],
            action_help=DECISIONS[self.action][1],
            needs_reason=self.action in NEEDS_REASON,
            allowed=self.application.status in ALLOWED_FROM[self.action],
            index_url=reverse(self.view_set.get_url_name("list")),
        )
        return context

    def form_valid(self, form):
        try:
            decide(self.action, self.application.pk, self.request.user, form.cleaned_data["reason"])
        except EnrollmentError as exc:
            exc.add_to_form(form)
            return self.form_invalid(form)
        self.application.refresh_from_db()
        messages.success(
            self.request, f"{self.application}: now “{self.application.get_status_display()}”."
        )
        return redirect(self.view_set.get_url_name("list"))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ApplicationViewSet(SnippetViewSet):
    model = Application
    icon = "form"
    menu_label = "Applications"
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "resident",
        "cohort",
        "status",
        "waitlist_position",
        "submitted_at",
        "offer_expires_at",
        "decided_by",
        "decided_at",
        "decision_reason",
        "date_of_birth",
        "address",
        "phone",
        "residency_basis",
        "emergency_contact_name",
        "emergency_contact_phone",
        "accessibility_needs",
        "motivation",
        "consent_version",
        "consent_given_at",
        "events",
    ]
    # The first column is the title column: it links to the application and carries the row's
    # actions menu (accept, waitlist, decline, remove).
    list_display = [
        "resident",
        Column("cohort", label="Cohort", accessor="cohort"),
        "status",
        "submitted_at",
    ]
    list_filter = ["cohort", "status"]
    search_fields = ["resident__first_name", "resident__last_name", "resident__email"]
    search_backend_name = None
    list_export = [
        "resident.first_name",
        "resident.last_name",
        "resident.email",
        "cohort.name",
        "status",
        "submitted_at",
        "phone",
        "address",
        "residency_basis",
        "emergency_contact_name",
        "emergency_contact_phone",
        "accessibility_needs",
        "decision_reason",
    ]
    export_headings = {
        "resident.first_name": "First name",
        "resident.last_name": "Last name",
        "resident.email": "Email",
        "cohort.name": "Cohort",
    }
    export_filename = "applications"
    ordering = ["-submitted_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "decide/<str:pk>/<str:action>/",
                DecideView.as_view(view_set=self),
                name="decide",
            ),
        ]


# --- Announcements and the delivery log ---------------------------------------------------------


class AnnouncementInspectView(LocalTimeInspectView):
    """Preview of the email as residents will read it, and delivery progress once sent."""

    template_name = "enrollment/admin/announcement_inspect.html"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.sent_at is None:
            url = reverse(
                Announcement.snippet_viewset.get_url_name("send"), args=(quote(self.object.pk),)
            )
            buttons.append(Button("Send to the cohort", url=url, icon_name="mail", priority=5))
        return buttons

    def get_context_data(self, **kwargs):
        from .emails.announcements import announcement_progress

        context = super().get_context_data(**kwargs)
        context["progress"] = announcement_progress(self.object)
        context["preview_text"] = render_to_string(
            "emails/announcement.txt",
            {
                "announcement": self.object,
                "cohort": self.object.cohort,
                "resident": SimpleNamespace(first_name="(resident's first name)", email=""),
                "my_academy_url": f"{settings.SITE_BASE_URL}/my-academy/",
                "unsubscribe_url": f"{settings.SITE_BASE_URL}/emails/unsubscribe/…/",
                "contact_email": settings.ACADEMY_CONTACT_EMAIL,
                "contact_phone": settings.ACADEMY_CONTACT_PHONE,
            },
        )
        return context


class AnnouncementSendView(admin_views.TrailMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "enrollment/admin/announcement_send.html"
    form_class = forms.Form
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("enrollment.add_announcement"):
            raise PermissionDenied
        self.announcement = get_object_or_404(
            Announcement.objects.select_related("cohort"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Send: {self.announcement.subject}"

    def get_trail(self):
        viewset = Announcement.snippet_viewset
        inspect = reverse(viewset.get_url_name("inspect"), args=(quote(self.announcement.pk),))
        return [
            ("Announcements", reverse(viewset.get_url_name("list"))),
            (self.announcement.subject, inspect),
        ]

    def get_context_data(self, **kwargs):
        from .emails.announcements import announcement_progress

        return {
            **super().get_context_data(**kwargs),
            "announcement": self.announcement,
            "progress": announcement_progress(self.announcement),
        }

    def form_valid(self, form):
        from .emails.announcements import announcement_send

        try:
            announcement_send(announcement_id=self.announcement.pk, actor=self.request.user)
        except EnrollmentError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, "Sending: the worker is emailing the cohort now.")
        return redirect(
            Announcement.snippet_viewset.get_url_name("inspect"), quote(self.announcement.pk)
        )


class AnnouncementCreateView(SnippetCreateView):
    def get_initial_form_instance(self):
        """Who wrote it, for the announcement's page and the audit trail."""
        instance = super().get_initial_form_instance() or Announcement()
        instance.created_by = self.request.user
        return instance


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "mail"
    menu_label = "Announcements"
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = AnnouncementInspectView
    add_view_class = AnnouncementCreateView
    list_display = ["subject", "cohort", "created_at", "sent_at"]
    list_filter = ["cohort"]
    search_fields = ["subject"]
    search_backend_name = None
    panels = [FieldPanel("cohort"), FieldPanel("subject"), FieldPanel("body")]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("send/<int:pk>/", AnnouncementSendView.as_view(), name="send"),
        ]


class NotificationIndexView(FormulaSafeExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("recipient", "cohort")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Notification.Status.FAILED and can_decide(self.request.user):
            url = reverse(Notification.snippet_viewset.get_url_name("resend"), args=(instance.pk,))
            buttons.append(MenuItem("Send again", url=url, icon_name="mail", priority=5))
        return buttons


class NotificationResendView(admin_views.TrailMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "enrollment/admin/notification_resend.html"
    form_class = forms.Form
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_decide(request.user):
            raise PermissionDenied
        self.notification = get_object_or_404(Notification, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return "Send an email again"

    def get_trail(self):
        return [("Emails sent", reverse(Notification.snippet_viewset.get_url_name("list")))]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "notification": self.notification}

    def form_valid(self, form):
        from .emails.outbox import notification_resend

        notification_resend(notification_id=self.notification.pk)
        messages.success(self.request, "Handed to the worker again.")
        return redirect(Notification.snippet_viewset.get_url_name("list"))


class NotificationViewSet(SnippetViewSet):
    """The delivery log: what was sent to whom and when, with failures to resend."""

    model = Notification
    icon = "mail"
    menu_label = "Emails sent"
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = NotificationIndexView
    inspect_view_enabled = True
    inspect_view_class = LocalTimeInspectView
    list_display = [
        "kind",
        Column("recipient", label="To", accessor="recipient"),
        Column("cohort", label="Cohort", accessor="cohort"),
        "status",
        "created_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["cohort", "kind", "status"]
    search_fields = ["recipient__email", "recipient__last_name", "key"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = ["kind", "recipient.email", "cohort.name", "status", "created_at", "sent_at"]
    export_filename = "emails-sent"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", NotificationResendView.as_view(), name="resend"),
        ]
