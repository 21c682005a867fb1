"""Emails leave through a real worker process on the configured broker (Redis in CI)."""

import time

import pytest
from django.db import transaction

from enrollment import services
from enrollment.models import Notification
from enrollment.tasks import deliver_notification
from tests.factories import CohortFactory, UserFactory, application_answers
from tests.workers import celery_worker, worker_database_url

QUEUE = "cpa-tests"


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
