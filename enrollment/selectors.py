"""Reads for residents' pages: what cohorts to show and what a resident has applied to."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Application, Cohort


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
        .select_related("cohort")
        .order_by("-submitted_at")
    )
