"""The outbox: an email is recorded in the caller's transaction and handed to the worker only
after commit. A rolled-back change sends nothing; a committed one is never lost (the sweeper
hands anything still pending to the worker again).

The only module that names tasks: the delivery tasks by import (they import nothing of the
outbox), the announcement fan-out by its name (its task imports the announcements, which
record through here).
"""

import contextlib
import threading

from celery import current_app
from django.db import transaction
from django.utils import timezone

from ..models import EmailPreference, Notification
from . import tasks
from .catalogue import NON_ESSENTIAL, SUBJECTS, notification_key
from .preferences import group_of, wants

# Emails handed to one task together share its SMTP connection; a fan-out of thousands is then
# hundreds of messages on the broker instead of thousands, and one connection per batch.
BATCH_SIZE = 100
OPTED_OUT = "the resident opted out of reminders"
OPTED_OUT_OF_SURVEYS = "the resident opted out of survey invitations"
ANNOUNCEMENT_FAN_OUT_TASK = "enrollment.send_announcement"
_collecting = threading.local()


def notification_queue(
    *,
    kind: str,
    recipient,
    cohort=None,
    application=None,
    session=None,
    version="",
    announcement=None,
    extra=None,
    new=False,
) -> Notification:
    """Record that `recipient` is owed a `kind` email; the same key is only ever recorded once.
    `new`: the subject (an application) was made in this transaction, so its key cannot be
    recorded yet: one INSERT instead of a look-up and a savepoint (the unique key still holds)."""
    if kind not in SUBJECTS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    key = notification_key(
        kind=kind,
        recipient_id=recipient.pk,
        application_id=application.pk if application else None,
        cohort_id=cohort.pk if cohort else None,
        session_id=session.pk if session else None,
        version=version or (f"a{announcement.pk}" if announcement else ""),
    )
    opted_out = kind in NON_ESSENTIAL and not wants(recipient, kind)
    fields = {
        "kind": kind,
        "recipient": recipient,
        "cohort": cohort,
        "application": application,
        "session": session,
        "session_sequence": session.sequence if session else None,
        "announcement": announcement,
        "extra": extra,
        "status": Notification.Status.SKIPPED if opted_out else Notification.Status.PENDING,
        "last_error": _opted_out_reason(kind) if opted_out else "",
    }
    if new:
        notification, created = Notification.objects.create(key=key, **fields), True
    else:
        notification, created = Notification.objects.get_or_create(key=key, defaults=fields)
    if created and not opted_out:
        _hand_over(notification.pk)
    return notification


def notifications_queue_many(
    *, kind: str, applications, session=None, version: str = "", announcement=None
) -> int:
    """notification_queue for each application's resident at once (a fan-out to a class): the
    same rows and keys, in a few queries for the whole class instead of a few per resident.
    Rows another scheduler recorded first are left alone (the unique key decides)."""
    if kind not in SUBJECTS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    version = version or (f"a{announcement.pk}" if announcement else "")
    owed = {
        notification_key(
            kind=kind,
            recipient_id=application.resident_id,
            application_id=application.pk,
            cohort_id=application.cohort_id,
            session_id=session.pk if session else None,
            version=version,
        ): application
        for application in applications
    }
    keys = list(owed)
    existing = set()
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        existing.update(Notification.objects.filter(key__in=chunk).values_list("key", flat=True))
    opted_out = set()
    if kind in NON_ESSENTIAL:
        opted_out = set(
            EmailPreference.objects.filter(
                resident_id__in={a.resident_id for a in owed.values()}, **{group_of(kind): False}
            ).values_list("resident_id", flat=True)
        )
    new = [
        Notification(
            key=key,
            kind=kind,
            recipient_id=application.resident_id,
            cohort_id=application.cohort_id,
            application=application,
            session=session,
            session_sequence=session.sequence if session else None,
            announcement=announcement,
            status=Notification.Status.SKIPPED
            if application.resident_id in opted_out
            else Notification.Status.PENDING,
            last_error=_opted_out_reason(kind) if application.resident_id in opted_out else "",
        )
        for key, application in owed.items()
        if key not in existing
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    to_send = [n.key for n in new if n.status == Notification.Status.PENDING]
    ids = []
    for start in range(0, len(to_send), 1000):
        chunk = to_send[start : start + 1000]
        ids += Notification.objects.filter(
            key__in=chunk, status=Notification.Status.PENDING
        ).values_list("pk", flat=True)
    for notification_id in ids:
        _hand_over(notification_id)
    return len(owed)


def _opted_out_reason(kind: str) -> str:
    return OPTED_OUT_OF_SURVEYS if group_of(kind) == "surveys" else OPTED_OUT


@contextlib.contextmanager
def notifications_handed_over_together():
    """Inside a transaction: notifications queued in this block go to the worker in batches of
    BATCH_SIZE once the transaction commits (one task per notification otherwise)."""
    outer = getattr(_collecting, "ids", None)
    ids: list[int] = []
    _collecting.ids = ids
    try:
        yield
    finally:
        _collecting.ids = outer
    if ids:
        transaction.on_commit(lambda: notifications_dispatch(ids))


def _hand_over(notification_id: int) -> None:
    collecting = getattr(_collecting, "ids", None)
    if collecting is not None:
        collecting.append(notification_id)
        return
    transaction.on_commit(lambda: tasks.deliver_notification.delay(notification_id))


def notifications_dispatch(notification_ids) -> None:
    """Hand recorded notifications to the worker, BATCH_SIZE ids per task."""
    ids = list(notification_ids)
    for start in range(0, len(ids), BATCH_SIZE):
        tasks.deliver_notifications.delay(ids[start : start + BATCH_SIZE])


def notifications_redispatch_stale(*, older_than_seconds: int = 120, limit: int = 500) -> int:
    """Hand pending notifications to the worker again (the broker was down when they were
    committed, or a worker died holding them and its claims were released)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(status=Notification.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    notifications_dispatch(ids)
    return len(ids)


def notification_resend(*, notification_id: int) -> Notification:
    """A coordinator sends a failed email again: back to pending and handed to the worker."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status != Notification.Status.FAILED:
            return notification
        notification.status = Notification.Status.PENDING
        notification.save(update_fields=["status"])
        _hand_over(notification.pk)
    return notification


def announcement_fan_out_enqueue(*, announcement_id: int) -> None:
    """After commit, a worker records the announcement's emails for the whole cohort."""
    transaction.on_commit(
        lambda: current_app.send_task(ANNOUNCEMENT_FAN_OUT_TASK, args=[announcement_id])
    )
