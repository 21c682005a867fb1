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


def cohort_quiz_results(cohort) -> list[dict]:
    """Per module with a quiz: how the cohort's enrolled residents are doing on it."""
    from django.db.models import Avg, Count
    from django.db.models import Q as Query

    from courses.models import ModulePage, QuizAttempt

    enrolled = list(
        Application.objects.filter(cohort=cohort, status=Application.Status.ENROLLED).values_list(
            "resident_id", flat=True
        )
    )
    modules = [m for m in ModulePage.objects.child_of(cohort.curriculum).live() if m.has_quiz]
    stats = {
        row["module_id"]: row
        for row in QuizAttempt.objects.filter(
            module__in=modules, resident_id__in=enrolled, submitted_at__isnull=False
        )
        .values("module_id")
        .annotate(
            attempts=Count("pk"),
            residents=Count("resident", distinct=True),
            passed=Count("resident", filter=Query(passed=True), distinct=True),
            average=Avg("score"),
        )
    }
    rows = []
    for module in sorted(modules, key=lambda m: m.number):
        row = stats.get(module.pk, {})
        rows.append(
            {
                "module": module,
                "enrolled": len(enrolled),
                "attempts": row.get("attempts", 0),
                "residents": row.get("residents", 0),
                "passed": row.get("passed", 0),
                "average": row.get("average"),
            }
        )
    return rows
