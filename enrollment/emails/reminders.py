"""What is due now: class reminders, offers about to expire, quiz reminders.

Beat runs these every minute (quiz reminders hourly). Each finds its work by querying the
database; every reminder has a unique key, so a second scheduler or a rerun queues nothing new.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from courses.selectors import modules_passed

from ..models import Application, ClassSession, CohortExtra, ExtraSignup
from .catalogue import extra_email_kind
from .outbox import notification_queue, notifications_handed_over_together, notifications_queue_many

# (kind, sent at most this long before the start, and not later than this before it)
CLASS_REMINDERS = [
    ("class_reminder_24h", datetime.timedelta(hours=24), datetime.timedelta(hours=2)),
    ("class_reminder_2h", datetime.timedelta(hours=2), datetime.timedelta(minutes=0)),
]
OFFER_WARNING = datetime.timedelta(hours=12)
QUEUE_SLICE = 500
QUIZ_REMINDER_AFTER = datetime.timedelta(days=3)
QUIZ_REMINDER_UNTIL = datetime.timedelta(days=14)


def _utc(now: datetime.datetime | None) -> datetime.datetime:
    """Window arithmetic in UTC: adding 24 hours to a local time would add wall-clock hours."""
    return (now or timezone.now()).astimezone(datetime.UTC)


def _enrolled_for(session: ClassSession):
    return (
        Application.objects.enrolled()
        .filter(cohort_id=session.cohort_id, enrolled_at__lt=session.starts_at)
        .select_related("resident", "cohort")
    )


def class_reminders_queue_due(*, now: datetime.datetime | None = None) -> int:
    """The day-before and two-hours-before reminders for sessions in those windows."""
    now = _utc(now)
    queued = 0
    for kind, earliest, latest in CLASS_REMINDERS:
        sessions = ClassSession.objects.filter(
            status=ClassSession.Status.SCHEDULED,
            starts_at__gt=now + latest,
            starts_at__lte=now + earliest,
        ).select_related("cohort")
        for session in sessions:
            # A large class in slices, each committed (and handed to the worker) on its own:
            # delivery starts while the rest is still being recorded.
            applications = list(
                _enrolled_for(session)
                .select_related(None)
                .only("pk", "resident_id", "cohort_id")
                .order_by("pk")
            )
            for start in range(0, len(applications), QUEUE_SLICE):
                with transaction.atomic(), notifications_handed_over_together():
                    queued += notifications_queue_many(
                        kind=kind,
                        applications=applications[start : start + QUEUE_SLICE],
                        session=session,
                        version=str(session.sequence),
                    )
    return queued


def extra_reminders_queue_due(*, now: datetime.datetime | None = None) -> int:
    """The day-before reminder for each place on an extra starting in that window; sent once
    per time and place (a moved extra's SEQUENCE is in the key, as for class sessions)."""
    now = _utc(now)
    kind, earliest, latest = CLASS_REMINDERS[0]
    queued = 0
    extras = CohortExtra.objects.filter(
        starts_at__gt=now + latest, starts_at__lte=now + earliest
    ).select_related("cohort")
    for extra in extras:
        signups = ExtraSignup.objects.filter(
            extra=extra, application__status=Application.Status.ENROLLED
        ).select_related("application__resident", "application__cohort")
        for signup in signups:
            with transaction.atomic():
                notification_queue(
                    kind=extra_email_kind(extra, "reminder_24h"),
                    recipient=signup.application.resident,
                    cohort=extra.cohort or signup.application.cohort,
                    application=signup.application,
                    version=f"x{extra.pk}s{extra.sequence}",
                    extra=extra,
                )
            queued += 1
    return queued


def offers_expiring_queue_due(*, now: datetime.datetime | None = None) -> int:
    """Warn residents whose offered seat expires within 12 hours (for offers of a day or more)."""
    now = _utc(now)
    queued = 0
    offers = Application.objects.filter(
        status=Application.Status.OFFERED,
        offer_expires_at__gt=now,
        offer_expires_at__lte=now + OFFER_WARNING,
        cohort__offer_hours__gte=24,
    ).select_related("resident", "cohort")
    for application in offers:
        with transaction.atomic():
            notification_queue(
                kind="offer_expiring",
                recipient=application.resident,
                cohort=application.cohort,
                application=application,
            )
        queued += 1
    return queued


def quiz_reminders_queue_due(*, now: datetime.datetime | None = None) -> int:
    """A nudge for each module taught three or more days ago whose quiz is not yet passed."""
    now = _utc(now)
    queued = 0
    sessions = ClassSession.objects.filter(
        status=ClassSession.Status.SCHEDULED,
        ends_at__lte=now - QUIZ_REMINDER_AFTER,
        ends_at__gt=now - QUIZ_REMINDER_UNTIL,
        module__isnull=False,
    ).select_related("module", "cohort")
    for session in sessions:
        if not session.module.specific.has_quiz:
            continue
        for application in _enrolled_for(session):
            if session.module_id in modules_passed(application.resident):
                continue
            with transaction.atomic():
                notification_queue(
                    kind="quiz_reminder",
                    recipient=application.resident,
                    cohort=application.cohort,
                    application=application,
                    session=session,
                )
            queued += 1
    return queued
