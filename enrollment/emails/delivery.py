"""Delivery: claim recorded emails, send them over one connection, record each outcome.

A claimed email is sent by its claimant only (a task id), so it cannot go out twice. A claim is
a lease: the claimant renews it while it works, and a claim not renewed for CLAIM_LEASE_SECONDS
belongs to a worker that died; the sweeper releases it and the email goes to another worker.
Each outcome is committed before the next email goes out, so a worker killed mid-batch loses
nothing and re-sends at most the one in flight (with the same Message-ID).
"""

import contextlib
import functools
import logging
import smtplib
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail import get_connection
from django.db import close_old_connections, connection, connections, models, transaction
from django.utils import timezone

from cpa_site.academy import academy_settings
from cpa_site.languages import PROFILE

from ..models import EmailPreference, Notification
from .catalogue import EXTRA_REMINDERS, NON_ESSENTIAL, SESSION_REMINDERS
from .preferences import group_of, group_on
from .rendering import notification_render

logger = logging.getLogger(__name__)

# The retry policy, stated once (the delivery tasks read it): temporary errors are retried
# with backoff from 30 s up to 5 min apart, and the email fails after 8 attempts.
MAX_ATTEMPTS = 8
RETRY_BACKOFF_SECONDS = 30
RETRY_BACKOFF_MAX_SECONDS = 300
# A claimant renews its claims every LEASE_RENEW_SECONDS; one not renewed for
# CLAIM_LEASE_SECONDS is released (its worker died). The sweeper runs every minute, so a dead
# worker's emails go out again within about a minute and a half.
CLAIM_LEASE_SECONDS = 30
LEASE_RENEW_SECONDS = 10

# What an email needs besides the notification's own row: each resident's own rows read with
# it (their opt-out, their language), and what the whole class shares (its cohort, the session,
# an announcement and its translations) read once for the batch.
RELATED = ("recipient__email_preference", f"recipient__{PROFILE}", "application")
SHARED = (
    "cohort",
    "session__cohort",
    "session__module",
    "announcement__translations",
    "extra",
)


@dataclass
class BatchOutcome:
    """What a batch did (outcome -> count) and what its task should hand on: emails to retry
    after a temporary error, and emails handed back unsent when time ran out."""

    counts: dict[str, int] = field(default_factory=dict)
    retry: list[int] = field(default_factory=list)
    hand_back: list[int] = field(default_factory=list)

    def add(self, outcome: str, count: int = 1) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + count


def notifications_claim(notification_ids, *, claimant: str) -> dict[int, Notification]:
    """Mark the pending ones among these notifications as being sent by `claimant` and return
    them, read with what their emails need: one short transaction for a batch.

    A task that comes back after its worker process was killed (same task id) takes its own
    claims up again. What the emails need (a session, a resident's choice) is read here: a
    class moved or cancelled, or an opt-out made, in the seconds a batch takes can still get
    its old email, as one made just after a lone email was checked would."""
    mine = models.Q(status=Notification.Status.PENDING) | models.Q(
        status=Notification.Status.SENDING, claimed_by=claimant
    )
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(mine, pk__in=list(notification_ids))
            .select_related(*RELATED)
            .prefetch_related(*SHARED)
            .order_by("pk")
        )
        now = timezone.now()
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
            status=Notification.Status.SENDING, claimed_by=claimant, claimed_at=now
        )
    for notification in claimed:
        notification.status = Notification.Status.SENDING
        notification.claimed_by, notification.claimed_at = claimant, now
    return {notification.pk: notification for notification in claimed}


def claims_release_expired(*, lease_seconds: int = CLAIM_LEASE_SECONDS) -> list[int]:
    """Put back to pending the emails whose claimant stopped renewing its claim (it died)."""
    cutoff = timezone.now() - timezone.timedelta(seconds=lease_seconds)
    expired = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=cutoff)
    ids = list(expired.values_list("pk", flat=True))
    # Renewed in between: left alone here; its task finds it claimed and does nothing.
    expired.filter(pk__in=ids).update(status=Notification.Status.PENDING, claimed_by="")
    return ids


@contextlib.contextmanager
def _claims_renewed(claimant: str):
    """While the block runs, a thread renews the claimant's claims every LEASE_RENEW_SECONDS,
    however long one email takes; it stops with the block (or with the process)."""
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(LEASE_RENEW_SECONDS):
                try:
                    Notification.objects.filter(
                        status=Notification.Status.SENDING, claimed_by=claimant
                    ).update(claimed_at=timezone.now())
                except Exception:  # noqa: BLE001 - a missed renewal is retried; never fatal
                    logger.warning("could not renew the claims of %s", claimant, exc_info=True)
                    close_old_connections()
        finally:
            connections.close_all()  # this thread's own connection

    renewer = threading.Thread(target=renew, name="claim-renewer", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join(timeout=LEASE_RENEW_SECONDS)


def unclaimed_outcomes(notification_ids, claimed) -> dict[int, str]:
    """For the ids not claimed: their status (already sent, being sent...) or "missing"."""
    others = [pk for pk in notification_ids if pk not in claimed]
    if not others:
        return {}
    found = dict(Notification.objects.filter(pk__in=others).values_list("pk", "status"))
    return {pk: found.get(pk, "missing") for pk in others}


def _obsolete(notification: Notification) -> str:
    """Why a reminder should no longer go out, or "" if it should."""
    if notification.kind in SESSION_REMINDERS and notification.session_id:
        session = notification.session
        if session.is_cancelled:
            return "the session was cancelled"
        if session.sequence != notification.session_sequence:
            return "the session moved; a reminder for the new time replaces this one"
    if notification.kind in EXTRA_REMINDERS and notification.extra_id:
        extra = notification.extra
        if f":vx{extra.pk}s{extra.sequence}:" not in notification.key:
            return "the extra moved; a reminder for the new time replaces this one"
    if notification.kind in NON_ESSENTIAL:
        try:  # loaded with the notification (select_related), so no query of its own
            preference = notification.recipient.email_preference
        except EmailPreference.DoesNotExist:
            preference = None
        if not group_on(preference, notification.kind):
            return f"the resident opted out of {group_of(notification.kind)}"
    return ""


def _send(backend, message) -> None:
    """The conversation with the mail server for one message (run by the sender thread)."""
    # Opened here, the connection stays open across sends (a backend that was not opened opens
    # and closes one per message); a failed open is tried again with the next message.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        backend.open()
    message.connection = backend
    message.send()


@functools.cache
def _outcome_sql(vendor: str) -> str:
    """One UPDATE of a claimed row, names taken from the model.

    Plain SQL because it runs for every email of every fan-out, between one email and the next:
    built through the ORM each time it cost four times the CPU (0.43 ms against 0.11 ms)."""
    quote = connection.ops.quote_name
    column = {f.name: quote(f.column) for f in Notification._meta.concrete_fields}
    sets = ", ".join(
        f"{column[name]} = %s" for name in ("status", "attempts", "last_error", "sent_at")
    )
    where = " AND ".join(f"{column[name]} = %s" for name in ("id", "status", "claimed_by"))
    # Names from the model (quoted), every value a parameter.
    return f"UPDATE {quote(Notification._meta.db_table)} SET {sets} WHERE {where}"  # noqa: S608


def _record_outcome(notification: Notification, *, status, attempts, last_error="", sent_at=None):
    """The outcome on the claimed row, committed at once (autocommit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _outcome_sql(connection.vendor),
            [
                status,
                attempts,
                last_error[:500],
                connection.ops.adapt_datetimefield_value(sent_at),
                notification.pk,
                Notification.Status.SENDING,
                notification.claimed_by,
            ],
        )


def _record(notification: Notification, sending) -> str:
    """Wait for `sending` (a callable that returns once sent, or raises what sending raised)
    and record the outcome.

    A permanent refusal marks it failed (coordinators see it in the delivery log); a temporary
    error puts it back to pending with the reason and is raised, to be retried with backoff, up
    to MAX_ATTEMPTS."""
    attempts = notification.attempts + 1
    try:
        sending()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        _record_outcome(
            notification,
            status=Notification.Status.FAILED,
            attempts=attempts,
            last_error=f"refused by the mail server: {exc.__class__.__name__}",
        )
        logger.warning("notification %s refused permanently", notification.pk)
        return Notification.Status.FAILED
    except (smtplib.SMTPException, OSError) as exc:
        gave_up = attempts >= MAX_ATTEMPTS
        _record_outcome(
            notification,
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
            attempts=attempts,
            last_error=f"temporary: {exc.__class__.__name__}",
        )
        if gave_up:
            return Notification.Status.FAILED
        raise
    _record_outcome(
        notification, status=Notification.Status.SENT, attempts=attempts, sent_at=timezone.now()
    )
    return Notification.Status.SENT


@contextlib.contextmanager
def _outcomes_recorded_without_waiting_for_disk():
    """PostgreSQL: the outcome UPDATEs of a batch commit without waiting for the disk flush.

    They are still committed in order and seen at once by everyone; only a crash of the
    database server itself within a fraction of a second could forget the last few, and those
    emails would then be sent again with the same Message-ID. Nothing can be lost this way: the
    notifications themselves were recorded with a normal commit."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _deliver_claimed(claimed, *, claimant: str, outcome: BatchOutcome) -> dict[int, Exception]:
    """Send claimed notifications over one connection, counting outcomes in `outcome`; returns
    the temporary errors met (by id), each of those already back to pending.

    The next email is built while a sender thread has the previous one on the wire. It is
    handed to the sender only once the previous one is recorded, so a crash re-sends at most
    the one in flight. Whatever is left claimed when this stops early (an error, the task's
    time limit) is given back as pending."""
    temporary: dict[int, Exception] = {}
    calendars: dict = {}  # each session's .ics, built once: the same file for the whole class
    modules: dict = {}  # each module's copy in a language, looked up once for the batch
    academy = academy_settings()  # read once for the batch, like the calendars
    backend = get_connection()
    in_flight = None  # (notification, future): on the wire, not yet recorded

    def settle() -> None:
        nonlocal in_flight
        if in_flight is None:
            return
        notification, future = in_flight
        try:
            result = _record(notification, future.result)
        except (smtplib.SMTPException, OSError) as exc:
            result, temporary[notification.pk] = "retrying", exc
            with contextlib.suppress(Exception):
                backend.close()  # the next message opens a fresh connection
        in_flight = None
        outcome.add(result)

    try:
        with (
            _claims_renewed(claimant),
            _outcomes_recorded_without_waiting_for_disk(),
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="smtp-sender") as sender,
        ):
            try:
                for notification in claimed:
                    reason = _obsolete(notification)
                    message = None
                    if not reason:
                        message = notification_render(
                            notification, calendars=calendars, academy=academy, modules=modules
                        )
                        message.prepare()
                    settle()
                    if reason:
                        Notification.objects.filter(
                            pk=notification.pk, status=Notification.Status.SENDING
                        ).update(status=Notification.Status.SKIPPED, last_error=reason)
                        outcome.add("skipped")
                    else:
                        in_flight = (notification, sender.submit(_send, backend, message))
            finally:
                settle()  # what is on the wire is recorded, whatever stopped the loop
    finally:
        with contextlib.suppress(Exception):
            backend.close()
        Notification.objects.filter(
            pk__in=[n.pk for n in claimed],
            status=Notification.Status.SENDING,
            claimed_by=claimant,
        ).update(status=Notification.Status.PENDING)
    return temporary


def notification_deliver(*, notification_id: int, claimant: str = "") -> str:
    """Send a pending notification and mark it sent; a sent one is never sent again. A
    temporary error is raised (after the row is back to pending) for the caller to retry."""
    claimant = claimant or f"direct-{uuid.uuid4()}"
    claimed = notifications_claim([notification_id], claimant=claimant)
    if notification_id not in claimed:
        return unclaimed_outcomes([notification_id], claimed)[notification_id]
    outcome = BatchOutcome()
    temporary = _deliver_claimed(list(claimed.values()), claimant=claimant, outcome=outcome)
    if temporary:
        raise temporary[notification_id]
    return next(iter(outcome.counts))


def notifications_deliver_batch(*, notification_ids, claimant: str = "") -> BatchOutcome:
    """Deliver several notifications over one connection: claimed together, then each sent and
    recorded on its own. One that meets a temporary error is reported for a retry on its own;
    the rest of the batch carries on. When the task's time runs out (a slow mail server), what
    was not sent is reported to be handed back."""
    ids = list(notification_ids)
    claimant = claimant or f"direct-{uuid.uuid4()}"
    claimed = notifications_claim(ids, claimant=claimant)
    outcome = BatchOutcome()
    for status in unclaimed_outcomes(ids, claimed).values():
        outcome.add(status)
    try:
        temporary = _deliver_claimed(list(claimed.values()), claimant=claimant, outcome=outcome)
    except SoftTimeLimitExceeded:
        outcome.hand_back = list(
            Notification.objects.filter(
                pk__in=list(claimed), status=Notification.Status.PENDING
            ).values_list("pk", flat=True)
        )
        outcome.add("handed back", len(outcome.hand_back))
        return outcome
    outcome.retry = list(temporary)
    return outcome
