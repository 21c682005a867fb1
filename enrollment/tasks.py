"""The periodic jobs beat runs, and the announcement fan-out: thin tasks, ids in, a service
call, nothing else. The delivery tasks are in emails/tasks.py."""

from celery import shared_task

from . import background_checks, extras_waitlist, retention, services
from .emails import announcements, delivery, outbox, reminders
from .outcomes import alumni_reminders, surveys


@shared_task(name="enrollment.sweep_notifications")
def sweep_notifications() -> int:
    """Hand the worker what a dead worker held (its claims' lease ran out) and what was
    committed but never reached the worker."""
    released = delivery.claims_release_expired()
    outbox.notifications_dispatch(released)
    return len(released) + outbox.notifications_redispatch_stale()


@shared_task(name="enrollment.expire_offers")
def expire_offers() -> int:
    """Expire offered seats and extras' places past their deadline, offer them on, and warn
    those whose offered seat is about to expire; release seats held for a background check
    that was not complete in time."""
    expired = services.offers_expire_due() + background_checks.seat_holds_lapse_due()
    expired += extras_waitlist.extra_offers_expire_due()
    reminders.offers_expiring_queue_due()
    return expired


@shared_task(name="enrollment.queue_class_reminders")
def queue_class_reminders() -> int:
    """Owe each enrolled resident the day-before and two-hours-before reminders that are due,
    and the day-before reminder of the extras they have a place on."""
    return reminders.class_reminders_queue_due() + reminders.extra_reminders_queue_due()


@shared_task(name="enrollment.queue_quiz_reminders")
def queue_quiz_reminders() -> int:
    """Nudge residents about quizzes of modules taught a few days ago."""
    return reminders.quiz_reminders_queue_due()


@shared_task(name="enrollment.queue_volunteer_hours_reminders")
def queue_volunteer_hours_reminders() -> int:
    """From 1 December: remind alumni below the academy's yearly hours goal, once a year."""
    return alumni_reminders.volunteer_hours_reminders_queue_due()


@shared_task(name="enrollment.queue_survey_invitations")
def queue_survey_invitations() -> int:
    """Invite residents to each survey open for them: just enrolled, or a window just opened."""
    return surveys.survey_invitations_queue_due()


@shared_task(name=outbox.ANNOUNCEMENT_FAN_OUT_TASK)
def send_announcement(announcement_id: int) -> int:
    """Fan an announcement out to the cohort in batches."""
    return announcements.announcement_fan_out(announcement_id=announcement_id)


@shared_task(name="enrollment.erase_expired_personal_data")
def erase_expired_personal_data() -> int:
    """Daily: erase applicants' personal answers past the retention periods."""
    return retention.personal_data_erase_due()
