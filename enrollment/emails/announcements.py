"""Coordinators' messages to a cohort: written and previewed in the admin, sent by a worker."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import EnrollmentError
from ..models import Announcement, Application, Notification
from .outbox import (
    announcement_fan_out_enqueue,
    notifications_handed_over_together,
    notifications_queue_many,
)

BATCH_SIZE = 200


def announcement_send(*, announcement_id: int, actor) -> Announcement:
    """Mark the announcement sent and hand the fan-out to a worker (after commit)."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
        if announcement.sent_at is not None:
            raise EnrollmentError(
                _("This announcement has already been sent."), code="already_sent"
            )
        announcement.sent_at = timezone.now()
        announcement.sent_by = actor
        announcement.save(update_fields=["sent_at", "sent_by"])
        announcement_fan_out_enqueue(announcement_id=announcement.pk)
    return announcement


def announcement_fan_out(*, announcement_id: int) -> int:
    """One notification per enrolled resident, in batches; safe to run again (unique keys)."""
    announcement = Announcement.objects.select_related("cohort").get(pk=announcement_id)
    if announcement.sent_at is None:
        return 0
    recipients = (
        Application.objects.enrolled()
        .filter(cohort=announcement.cohort)
        .select_related("resident", "cohort")
    )
    queued = 0
    batch = []
    for application in recipients.iterator():
        batch.append(application)
        if len(batch) >= BATCH_SIZE:
            queued += _queue_batch(announcement, batch)
            batch = []
    if batch:
        queued += _queue_batch(announcement, batch)
    return queued


def _queue_batch(announcement, applications) -> int:
    with transaction.atomic(), notifications_handed_over_together():
        return notifications_queue_many(
            kind="announcement", applications=applications, announcement=announcement
        )


def announcement_progress(announcement: Announcement) -> dict[str, int]:
    """How far delivery has got: per status, and the number of enrolled residents."""
    counts = dict.fromkeys(Notification.Status.values, 0)
    for status in announcement.notifications.values_list("status", flat=True):
        counts[status] += 1
    counts["recipients"] = Application.objects.enrolled().filter(cohort=announcement.cohort).count()
    return counts
