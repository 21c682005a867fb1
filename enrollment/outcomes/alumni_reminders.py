"""The yearly volunteer hours reminder: from 1 December, each alumnus below the academy's goal
is owed one email for the year (its key carries the year), so beat may run it every hour."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cpa_site.academy import academy_settings

from ..emails.outbox import notification_queue, notifications_handed_over_together
from ..models import Alumnus
from .alumni import alumni_application_for
from .models import VolunteerHours

# The reminder goes out from this day of the year on (1 December): a month left to volunteer.
REMINDER_FROM = (12, 1)


def volunteer_hours_reminders_queue_due(*, now: datetime.datetime | None = None) -> int:
    """Owe the hours reminder to each alumnus whose approved hours this year are below the goal;
    nothing without a goal or before 1 December, and at most one per alumnus per year."""
    today = timezone.localdate(now or timezone.now())
    goal = academy_settings().volunteer_hours_goal
    if not goal or (today.month, today.day) < REMINDER_FROM:
        return 0
    approved = Subquery(
        VolunteerHours.objects.filter(
            resident=OuterRef("pk"),
            status=VolunteerHours.Status.APPROVED,
            worked_on__year=today.year,
        )
        .values("resident")
        .annotate(total=Sum("hours"))
        .values("total"),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )
    below = (
        get_user_model()
        .objects.filter(pk__in=Alumnus.objects.values("application__resident"))
        .annotate(approved=Coalesce(approved, Value(0, output_field=DecimalField())))
        .filter(approved__lt=goal)
        .order_by("pk")
    )
    queued = 0
    with transaction.atomic(), notifications_handed_over_together():
        for resident in below:
            # Keyed by the graduation (the first, as alumni_application_for) and the year.
            application = alumni_application_for(resident)
            notification_queue(
                kind="volunteer_hours_reminder",
                recipient=resident,
                cohort=application.cohort,
                application=application,
                version=str(today.year),
            )
            queued += 1
    return queued
