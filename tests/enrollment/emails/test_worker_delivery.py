"""Emails leave through a real worker process on the configured broker (Redis in CI)."""

import datetime
import email
import email.policy
import os
import signal
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from enrollment import services
from enrollment.emails import reminders
from enrollment.emails.tasks import deliver_notification
from enrollment.models import Application, ClassSession, Notification
from tests.support.factories import CohortFactory, UserFactory, application_answers
from tests.support.workers import celery_beat, celery_worker, worker_database_url

pytestmark = pytest.mark.worker

QUEUE = settings.CELERY_TASK_DEFAULT_QUEUE


def submit(cohort, resident):
    return services.application_submit(
        cohort_id=cohort.pk, resident=resident, answers=application_answers(), consent_given=True
    )


def wait_until_sent(application, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification = Notification.objects.get(application=application)
        if notification.status == Notification.Status.SENT:
            return notification
        time.sleep(0.2)
    raise AssertionError(
        f"not sent within {timeout}s: {notification.status} {notification.last_error}"
    )


def emails_to(mail_dir, address):
    """Messages the file backend wrote, counted by their To: header."""
    text = "\n".join(p.read_text() for p in mail_dir.glob("*.log"))
    return text.count(f"To: {address}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_committed_changes_email_once_and_rolled_back_ones_never(tmp_path):
    mail_dir = tmp_path / "mail"
    env = {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    cohort = CohortFactory(capacity=5)
    first = UserFactory(email="first@example.org")
    ghost = UserFactory(email="ghost@example.org")
    sentinel = UserFactory(email="sentinel@example.org")
    with celery_worker(env, QUEUE, purge=True):
        application = submit(cohort, first)
        notification = wait_until_sent(application)
        assert emails_to(mail_dir, "first@example.org") == 1

        with pytest.raises(RuntimeError), transaction.atomic():
            submit(cohort, ghost)
            raise RuntimeError("rolled back after the change")

        # The same notification handed over twice more: the worker sends nothing new.
        deliver_notification.delay(notification.pk)
        deliver_notification.delay(notification.pk)

        # A later email proves the worker got through everything queued before it.
        wait_until_sent(submit(cohort, sentinel))

    assert emails_to(mail_dir, "first@example.org") == 1
    assert emails_to(mail_dir, "ghost@example.org") == 0
    assert emails_to(mail_dir, "sentinel@example.org") == 1
    assert Notification.objects.filter(recipient=ghost).count() == 0
    notification.refresh_from_db()
    assert notification.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_spanish_resident_gets_their_email_from_the_worker_in_spanish(tmp_path):
    """The worker, started in English, writes each email in its recipient's language."""
    mail_dir = tmp_path / "mail"
    env = {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    cohort = CohortFactory(capacity=5)
    spanish = UserFactory(email="ana@example.org", language="es")
    english = UserFactory(email="pat@example.org")
    with celery_worker(env, QUEUE, purge=True):
        wait_until_sent(submit(cohort, spanish))
        wait_until_sent(submit(cohort, english))
    parts = {}
    for message in messages_in(mail_dir):
        html = next(p for p in message.walk() if p.get_content_type() == "text/html")
        text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        parts[message["To"]] = (message, html.get_content(), text.get_content())
    message, html, text = parts["ana@example.org"]
    assert message["Content-Language"] == "es"
    assert '<html lang="es">' in html
    assert f"{settings.SITE_BASE_URL}/es/my-academy/" in text
    message, html, text = parts["pat@example.org"]
    assert message["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert f"{settings.SITE_BASE_URL}/my-academy/" in text


def cohort_with_a_class_tomorrow():
    """A cohort whose class starts in 20 hours: its day-before reminders are due now."""
    starts = timezone.now() + datetime.timedelta(hours=20)
    cohort = CohortFactory(
        starts_on=timezone.localdate(starts) - datetime.timedelta(days=1),
        ends_on=timezone.localdate(starts) + datetime.timedelta(days=30),
    )
    ClassSession.objects.create(
        cohort=cohort, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    return cohort


def make_enrolled(cohort, count):
    """Enrolled residents without going through the service (no emails of their own)."""
    now = timezone.now()
    residents = [UserFactory(email=f"r{i}-{cohort.pk}@example.org") for i in range(count)]
    Application.objects.bulk_create(
        Application(
            cohort=cohort, resident=r, status=Application.Status.ENROLLED, enrolled_at=now,
            consent_given_at=now, **application_answers(),
        )
        for r in residents
    )  # fmt: skip
    return residents


def messages_in(mail_dir):
    """Every message the file backend wrote, parsed."""
    separator = b"-" * 79
    found = []
    for path in mail_dir.glob("*.log"):
        # Bytes, not text: a body sent as 8-bit UTF-8 decodes by its declared charset only
        # when the parser is given the bytes.
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip(), policy=email.policy.default))
    return found


def sent_count(mail_dir):
    return sum(p.read_text().count("\nTo: ") for p in mail_dir.glob("*.log"))


def wait_for(condition, *, timeout: float, every: float = 0.2) -> float:
    """Poll `condition` until true; returns the seconds it took (fails past `timeout`)."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not true within {timeout} s")
        time.sleep(every)
    return time.monotonic() - started


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_batch_has_every_claimed_email_sent_within_two_minutes_once(tmp_path):
    """As an operator would see it: a worker dies (SIGKILL: no warm shutdown, no acks) while it
    holds a batch; another worker and the scheduler run as in production."""
    mail_dir, marker = tmp_path / "mail", tmp_path / "stalled"
    env = {"DATABASE_URL": worker_database_url(), "EMAIL_FILE_PATH": str(mail_dir)}
    stalling = {
        **env,
        "EMAIL_BACKEND": "tests.support.stalling_mail.StallingFileBackend",
        "CPA_TEST_STALL_AFTER": "5",
        "CPA_TEST_STALL_MARKER": str(marker),
    }
    cohort = cohort_with_a_class_tomorrow()
    residents = make_enrolled(cohort, 40)
    with celery_worker(stalling, QUEUE, purge=True) as worker:
        assert reminders.class_reminders_queue_due() == 40
        wait_for(marker.exists, timeout=60, every=0.05)  # stuck sending the sixth email
        os.killpg(worker.pid, signal.SIGKILL)
    assert sent_count(mail_dir) == 5
    held = Notification.objects.filter(status=Notification.Status.SENDING)
    assert held.count() == 35, "the dead worker still holds the rest of its batch"

    env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    unfinished = Notification.objects.exclude(status=Notification.Status.SENT)
    with celery_worker(env, QUEUE), celery_beat(env):
        took = wait_for(lambda: not unfinished.exists(), timeout=150, every=1)
    assert took <= 120, f"the held emails went out {took:.0f} s after the new worker started"
    messages = messages_in(mail_dir)
    for resident in residents:
        ids = {m["Message-ID"] for m in messages if m["To"] == resident.email}
        assert len(ids) == 1, f"{resident.email}: {len(ids)} different emails"
    # SMTP has no exactly-once: a message the server took just before the kill, but whose row
    # was not yet marked sent, goes again with the same Message-ID. With one worker process at
    # most one message can be in that window.
    assert len(messages) - len(residents) <= 1, f"{len(messages)} copies for 40 emails"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_queueing_the_same_reminders_at_once_record_each_once():
    cohort = cohort_with_a_class_tomorrow()
    make_enrolled(cohort, 30)
    barrier = threading.Barrier(2)
    errors = []

    def beat():
        try:
            barrier.wait(timeout=10)
            reminders.class_reminders_queue_due()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert Notification.objects.filter(kind="class_reminder_24h").count() == 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beat_processes_running_by_mistake_send_each_reminder_once(tmp_path):
    mail_dir = tmp_path / "mail"
    env = {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CPA_TEST_BEAT_SECONDS": "1",
    }
    cohort = cohort_with_a_class_tomorrow()
    residents = make_enrolled(cohort, 30)
    due = "Sending due task queue-class-reminders"
    with celery_worker(env, QUEUE, purge=True):
        # Both schedulers keep queueing the job; wait until each has done so several times.
        with celery_beat(env) as first, celery_beat(env) as second:
            wait_for(
                lambda: min("".join(first).count(due), "".join(second).count(due)) >= 4,
                timeout=90,
                every=0.5,
            )
        # The schedulers are stopped; an email queued now reaches the worker after everything
        # they queued (one queue, one worker process, one message at a time).
        wait_until_sent(submit(CohortFactory(capacity=1), UserFactory(email="last@example.org")))
    assert "".join(first).count(due) >= 4, "".join(first)[-2000:]
    assert "".join(second).count(due) >= 4, "".join(second)[-2000:]
    reminders_sent = Notification.objects.filter(kind="class_reminder_24h", status="sent")
    assert Notification.objects.filter(kind="class_reminder_24h").count() == 30
    assert reminders_sent.count() == 30
    messages = [m for m in messages_in(mail_dir) if m["To"] != "last@example.org"]
    assert len(messages) == 30
    assert sorted(m["To"] for m in messages) == sorted(r.email for r in residents)
