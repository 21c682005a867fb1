"""Instructors' side of the admin: their sessions on the dashboard, their private calendar
address, and attendance for the sessions they teach (names only)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component

from courses.roles import INSTRUCTORS

from .. import attendance, calendars
from ..models import ClassSession
from .base import can_decide
from .class_sessions import AttendanceView

# Sessions that ended this recently stay on the panel: attendance is often taken afterwards.
RECENT = datetime.timedelta(days=7)
PANEL_LIMIT = 20


def is_instructor(user) -> bool:
    """In the Instructors group, or named on at least one session."""
    return (
        user.groups.filter(name=INSTRUCTORS).exists()
        or ClassSession.objects.filter(instructors=user).exists()
    )


def sessions_on_panel(instructor, *, now):
    """The instructor's sessions from a week ago onwards, soonest first."""
    return (
        calendars.sessions_taught_by(instructor)
        .filter(ends_at__gte=now - RECENT)
        .select_related("cohort", "module")[:PANEL_LIMIT]
    )


class TeachingPanel(Component):
    """'Sessions you teach' on the admin dashboard, shown only to instructors."""

    name = "teaching"
    template_name = "enrollment/admin/teaching_panel.html"
    order = 50  # above Wagtail's own panels: an instructor comes for their next evening

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        feed = calendars.instructor_calendar_feed_for(request.user)
        sessions = [
            {
                "session": session,
                "started": session.starts_at <= now,
                "attendance_url": reverse("instructor_attendance", args=[session.pk]),
            }
            for session in sessions_on_panel(request.user, now=now)
        ]
        return {
            "sessions": sessions,
            "feed_url": request.build_absolute_uri(
                reverse("instructor_calendar_feed", args=[feed.token])
            )
            if feed
            else "",
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
        }


def refused(request, reason: str) -> TemplateResponse:
    """A 403 that says why (Wagtail turns PermissionDenied into a redirect to the dashboard)."""
    return TemplateResponse(
        request, "enrollment/admin/instructors_only.html", {"reason": reason}, status=403
    )


def construct_homepage_panels(request, panels) -> None:
    if is_instructor(request.user):
        panels.append(TeachingPanel())


class InstructorAttendanceView(AttendanceView):
    """The coordinators' roster, opened from the dashboard: the session's instructors may use it
    for that session only, and read residents' names and nothing else."""

    def has_permission(self, user) -> bool:
        return attendance.may_take_attendance(user, self.session)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return refused(
                request,
                _(
                    "You can take attendance only for the sessions you teach. A coordinator "
                    "can add you to this session if you teach it."
                ),
            )

    def get_trail(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not can_decide(self.request.user):
            context.update(
                names_only=True,
                cohort_url=reverse("wagtailadmin_home") + "#teaching-section",
                back_label=_("Back to your sessions"),
            )
        return context


@never_cache
@require_POST
def instructor_calendar_feed_renew(request):
    """A new private address for the instructor's sessions; any older one stops working."""
    if not is_instructor(request.user):
        return refused(request, _("Only instructors have a calendar of the sessions they teach."))
    calendars.instructor_calendar_feed_renew(instructor=request.user)
    messages.success(
        request,
        _("Your calendar address is ready. Any address you shared before has stopped working."),
    )
    return redirect(reverse("wagtailadmin_home") + "#teaching-section")


urlpatterns = [
    path(
        "teaching/sessions/<int:session_pk>/attendance/",
        InstructorAttendanceView.as_view(),
        name="instructor_attendance",
    ),
    path(
        "teaching/calendar/renew/",
        instructor_calendar_feed_renew,
        name="instructor_calendar_feed_renew",
    ),
]
