"""The worker's delivery tasks: ids in, delivery does the work, retries handed on here.

This module imports delivery only (never the outbox), so the outbox can name these tasks
without an import loop.
"""

import smtplib

from celery import shared_task

from . import delivery


@shared_task(
    bind=True,
    name="enrollment.deliver_notification",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=delivery.RETRY_BACKOFF_SECONDS,
    retry_backoff_max=delivery.RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    # The row's attempt count decides when to give up (delivery.MAX_ATTEMPTS); this is a backstop.
    max_retries=delivery.MAX_ATTEMPTS,
    ignore_result=True,  # the outcome is on the notification's row
)
def deliver_notification(self, notification_id: int) -> str:
    """Send one recorded notification; sending twice is refused by its status."""
    return delivery.notification_deliver(
        notification_id=notification_id, claimant=self.request.id or ""
    )


@shared_task(
    bind=True,
    name="enrollment.deliver_notifications",
    ignore_result=True,
    # Up to a batch of messages, each bounded by EMAIL_TIMEOUT: longer than one email's limit.
    soft_time_limit=600,
    time_limit=660,
)
def deliver_notifications(self, notification_ids: list[int]) -> dict:
    """Send a batch of recorded notifications over one connection; one that met a temporary
    error is retried on its own, and what time ran out for goes back as a new batch."""
    outcome = delivery.notifications_deliver_batch(
        notification_ids=notification_ids, claimant=self.request.id or ""
    )
    for notification_id in outcome.retry:
        deliver_notification.apply_async(
            (notification_id,), countdown=delivery.RETRY_BACKOFF_SECONDS
        )
    if outcome.hand_back:
        deliver_notifications.delay(outcome.hand_back)
    return outcome.counts
