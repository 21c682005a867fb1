"""Thin Celery tasks: ids in, a service call, nothing else."""

import smtplib

from celery import shared_task

from . import notifications, services


@shared_task(
    name="enrollment.deliver_notification",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
)
def deliver_notification(notification_id: int) -> str:
    """Send one recorded notification; sending twice is refused by its status."""
    return notifications.notification_deliver(notification_id=notification_id)


@shared_task(name="enrollment.sweep_notifications")
def sweep_notifications() -> int:
    """Re-dispatch notifications committed but not delivered."""
    return notifications.notifications_redispatch_stale()


@shared_task(name="enrollment.expire_offers")
def expire_offers() -> int:
    """Expire offered seats past their deadline and offer them to the next person."""
    return services.offers_expire_due()
