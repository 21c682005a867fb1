"""Thin Celery tasks: ids in, a service call, nothing else."""

import smtplib

from celery import shared_task

from . import notifications, reminders, services


@shared_task(
    bind=True,
    name="enrollment.deliver_notification",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=300,  # no countdown longer than a few minutes (visibility timeout: 1 h)
    retry_jitter=True,
    max_retries=8,
    ignore_result=True,  # the outcome is on the notification's row
)
def deliver_notification(self, notification_id: int) -> str:
    """Send one recorded notification; sending twice is refused by its status."""
    return notifications.notification_deliver(
        notification_id=notification_id, claimant=self.request.id or ""
    )


@shared_task(
    bind=True,
    name="enrollment.deliver_notifications",
    ignore_result=True,
    # Up to BATCH_SIZE messages, each bounded by EMAIL_TIMEOUT: longer than one email's limit.
    soft_time_limit=600,
    time_limit=660,
)
def deliver_notifications(self, notification_ids: list[int]) -> dict:
    """Send a batch of recorded notifications over one SMTP connection."""
    return notifications.notifications_deliver_batch(
        notification_ids=notification_ids, claimant=self.request.id or ""
    )


@shared_task(name="enrollment.sweep_notifications")
def sweep_notifications() -> int:
    """Re-dispatch notifications committed but not delivered."""
    return notifications.notifications_redispatch_stale()


@shared_task(name="enrollment.expire_offers")
def expire_offers() -> int:
    """Expire offered seats past their deadline, offer them on, and warn those about to expire."""
    expired = services.offers_expire_due()
    reminders.offers_expiring_queue_due()
    return expired


@shared_task(name="enrollment.queue_class_reminders")
def queue_class_reminders() -> int:
    """Owe each enrolled resident the day-before and two-hours-before reminders that are due."""
    return reminders.class_reminders_queue_due()


@shared_task(name="enrollment.queue_quiz_reminders")
def queue_quiz_reminders() -> int:
    """Nudge residents about quizzes of modules taught a few days ago."""
    return reminders.quiz_reminders_queue_due()


@shared_task(name="enrollment.send_announcement")
def send_announcement(announcement_id: int) -> int:
    """Fan an announcement out to the cohort in batches."""
    from .announcements import announcement_fan_out

    return announcement_fan_out(announcement_id=announcement_id)


@shared_task(name="enrollment.erase_expired_personal_data")
def erase_expired_personal_data() -> int:
    """Daily: erase applicants' personal answers past the retention periods."""
    from .retention import personal_data_erase_due

    return personal_data_erase_due()
