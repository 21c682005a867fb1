"""Reads for residents' pages: what cohorts to show and what a resident has applied to."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Application, ClassSession, Cohort


def cohorts_upcoming():
    """Cohorts residents can see: announced (not draft) and not yet finished, with seat counts."""
    return (
        Cohort.objects.filter(
            status__in=[Cohort.Status.OPEN, Cohort.Status.CLOSED, Cohort.Status.RUNNING],
            ends_on__gte=timezone.localdate(),
        )
        .annotate(
            seats_taken=Count(
                "applications", filter=Q(applications__status__in=Application.SEAT_STATUSES)
            )
        )
        .order_by("starts_on", "pk")
    )


def applications_for_resident(resident):
    return (
        Application.objects.filter(resident=resident)
        .select_related("cohort", "certificate")
        .order_by("-submitted_at")
    )


def sessions_with_attendance(application):
    """The cohort's sessions with this resident's own mark on each (None if not taken)."""
    marks = dict(application.attendance.values_list("session_id", "status"))
    sessions = list(
        ClassSession.objects.filter(cohort_id=application.cohort_id)
        .select_related("module")
        .order_by("starts_at")
    )
    for session in sessions:
        session.my_mark = marks.get(session.pk)
    return sessions


def modules_passed_for(resident) -> set[int]:
    from courses.selectors import modules_passed

    return modules_passed(resident)
