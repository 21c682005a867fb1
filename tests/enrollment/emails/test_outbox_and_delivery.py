import datetime
import email

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from courses.academy import AcademySettings
from courses.models import ModulePage
from enrollment import services
from enrollment.emails.catalogue import SUBJECTS
from enrollment.emails.delivery import notification_deliver
from enrollment.emails.outbox import notification_queue
from enrollment.emails.rendering import notification_render
from enrollment.models import (
    Announcement,
    Application,
    Certificate,
    ClassSession,
    CohortExtra,
    Notification,
)
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
HOURS_3 = datetime.timedelta(hours=3)


def submit(cohort, resident=None):
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )


def dispatches(callbacks):
    """The on-commit hand-overs to the worker (other apps may register their own callbacks)."""
    return [c for c in callbacks if "_hand_over" in c.__qualname__]


def test_a_change_hands_its_notification_over_only_when_it_commits(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit(cohort)
        raise RuntimeError("the request failed after the change")
    assert Notification.objects.count() == 0
    assert dispatches(callbacks) == []
    with django_capture_on_commit_callbacks() as callbacks:
        submit(cohort)
    assert Notification.objects.count() == 1
    assert len(dispatches(callbacks)) == 1


def test_the_same_notification_is_recorded_once():
    cohort = CohortFactory()
    application = submit(cohort)
    again = notification_queue(
        kind="application_enrolled",
        recipient=application.resident,
        cohort=cohort,
        application=application,
    )
    assert Notification.objects.filter(kind="application_enrolled").count() == 1
    assert (
        again.key
        == f"application_enrolled:application:{application.pk}:resident:{application.resident_id}"
    )


def test_delivering_twice_sends_one_email_and_marks_it_sent():
    application = submit(CohortFactory())
    notification = Notification.objects.get(application=application)
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.sent_at
    assert notification.attempts == 1


def test_an_email_claimed_by_one_task_is_not_sent_by_another_but_its_own_task_resumes_it():
    """A task that comes back after its worker process was killed has the same task id."""
    from enrollment.emails.delivery import notifications_claim

    notification = Notification.objects.get(application=submit(CohortFactory()))
    assert list(notifications_claim([notification.pk], claimant="task-a")) == [notification.pk]
    assert notification_deliver(notification_id=notification.pk, claimant="task-b") == "sending"
    assert notifications_claim([notification.pk], claimant="task-b") == {}
    assert mail.outbox == []
    assert notification_deliver(notification_id=notification.pk, claimant="task-a") == "sent"
    assert len(mail.outbox) == 1


def test_the_sweeper_releases_a_claim_only_once_its_claimant_stopped_renewing_it():
    from enrollment.emails.delivery import (
        CLAIM_LEASE_SECONDS,
        claims_release_expired,
        notifications_claim,
    )
    from enrollment.emails.outbox import notifications_redispatch_stale

    notification = Notification.objects.get(application=submit(CohortFactory()))
    notifications_claim([notification.pk], claimant="task-killed")
    assert claims_release_expired() == []
    assert notifications_redispatch_stale(older_than_seconds=0) == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENDING  # its task may still be running
    Notification.objects.update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=CLAIM_LEASE_SECONDS + 1)
    )
    assert claims_release_expired() == [notification.pk]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_every_email_kind_has_text_and_html_parts_absolute_links_and_no_stranger_data(kind):
    cohort = CohortFactory(name="Spring class")
    resident = UserFactory(first_name="Ada", email="ada@example.org")
    other = UserFactory(first_name="Zed", email="zed@example.org")
    submit(cohort, other)
    application = Application.objects.create(
        cohort=cohort, resident=resident, status="offered", decision_reason="Class is full",
        offer_expires_at=cohort.applications_close_at,
        consent_given_at=cohort.applications_open_at,
        **application_answers(address="1 Secret Lane"),
    )  # fmt: skip
    session = ClassSession.objects.create(
        cohort=cohort, module=ModulePage.objects.first(),
        starts_at=cohort.applications_close_at, ends_at=cohort.applications_close_at + HOURS_3,
    )  # fmt: skip
    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="North lot")
    Certificate.objects.create(application=application, code="ABCDEFGHJK")
    extra = CohortExtra.objects.create(
        cohort=cohort, title="Ride-along shift", starts_at=session.starts_at,
        ends_at=session.ends_at, place="East Patrol Division", capacity=2,
        waiver_text="At my own risk.", waiver_version="2026-1",
    )  # fmt: skip
    notification = Notification(
        kind=kind, key=f"k-{kind}", recipient=resident, cohort=cohort, application=application,
        session=session if kind.startswith(("session", "class", "quiz")) else None,
        session_sequence=0, announcement=announcement if kind == "announcement" else None,
        extra=extra if kind.startswith("extra") else None,
    )  # fmt: skip
    message = notification_render(notification)
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Ada" in body
        assert "Spring class" in body
        assert "http://" in body or "https://" in body
        assert 'href="/' not in body
        assert "Zed" not in body and "zed@example.org" not in body
        assert "1 Secret Lane" not in body
        if kind.startswith("class_reminder"):
            assert "Module topic" in body or ModulePage.objects.first().title in body
        if kind == "graduated":
            assert "ABCDEFGHJK" in body
            academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
            assert academy.graduation_closing and academy.graduation_closing in body
            assert academy.contact_email and academy.contact_email in body
        if kind == "announcement":
            assert "North lot" in body
        if kind == "extra_signed_up":
            assert "Ride-along shift" in body and "East Patrol Division" in body
            assert f"/my-academy/extras/{extra.pk}/" in body and "2026-1" in body
    if kind == "extra_signed_up":
        (ics,) = [a for a in message.attachments if a[0] == "academy-extra.ics"]
        assert f"extra-{extra.pk}@" in ics[1]
    assert message.to == ["ada@example.org"]
    assert "Spring class" in message.subject
    assert "Ada" not in message.subject and "ada@" not in message.subject
    assert "<html" in html and "<html" not in message.body


def test_a_temporary_smtp_error_is_recorded_and_raised_for_a_retry():
    import smtplib

    from django.test import override_settings

    application = submit(CohortFactory())
    notification = Notification.objects.get(application=application)
    with (
        override_settings(EMAIL_BACKEND="tests.support.failing_mail.TemporarilyDownBackend"),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert notification.last_error == "temporary: SMTPServerDisconnected"
    assert notification_deliver(notification_id=notification.pk) == "sent"


def test_a_permanent_refusal_is_marked_failed_and_not_retried():
    from django.test import override_settings

    application = submit(CohortFactory())
    notification = Notification.objects.get(application=application)
    with override_settings(EMAIL_BACKEND="tests.support.failing_mail.RefusingBackend"):
        assert notification_deliver(notification_id=notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.last_error.startswith("refused by the mail server")
    assert notification_deliver(notification_id=notification.pk) == "failed"
    assert mail.outbox == []


def test_delivery_gives_up_after_the_last_attempt():
    from django.test import override_settings

    from enrollment.emails.delivery import MAX_ATTEMPTS

    application = submit(CohortFactory())
    notification = Notification.objects.get(application=application)
    Notification.objects.filter(pk=notification.pk).update(attempts=MAX_ATTEMPTS - 1)
    with override_settings(EMAIL_BACKEND="tests.support.failing_mail.TemporarilyDownBackend"):
        assert notification_deliver(notification_id=notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == "failed"


def enrolled_with_a_class_tomorrow(count, *emails):
    starts = timezone.now() + datetime.timedelta(hours=20)
    cohort = CohortFactory(
        starts_on=timezone.localdate(starts) - datetime.timedelta(days=1),
        ends_on=timezone.localdate(starts) + datetime.timedelta(days=30),
    )
    ClassSession.objects.create(cohort=cohort, starts_at=starts, ends_at=starts + HOURS_3)
    now = timezone.now()
    addresses = list(emails) + [f"r{i}@example.org" for i in range(count - len(emails))]
    for address in addresses:
        Application.objects.create(
            cohort=cohort, resident=UserFactory(email=address), status="enrolled",
            enrolled_at=now, consent_given_at=now, **application_answers(),
        )  # fmt: skip
    return cohort


def test_a_fan_out_reaches_the_worker_in_batches_only_after_it_commits(
    django_capture_on_commit_callbacks, monkeypatch
):
    from enrollment.emails import reminders, tasks
    from enrollment.emails.outbox import BATCH_SIZE

    enrolled_with_a_class_tomorrow(BATCH_SIZE * 2 + 3)
    handed: list[list[int]] = []
    # Only the hand-over to the broker is recorded here; tests/enrollment/test_delivery.py
    # sends the same batches through a real worker.
    monkeypatch.setattr(tasks.deliver_notifications, "delay", handed.append)
    monkeypatch.setattr(tasks.deliver_notification, "delay", lambda pk: handed.append([pk]))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reminders.class_reminders_queue_due() == BATCH_SIZE * 2 + 3
    assert handed == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [len(batch) for batch in handed] == [BATCH_SIZE, BATCH_SIZE, 3]
    reminder_ids = set(
        Notification.objects.filter(kind="class_reminder_24h").values_list("pk", flat=True)
    )
    assert sorted(pk for batch in handed for pk in batch) == sorted(reminder_ids)

    # A fan-out that rolls back hands nothing over (what is left to run on commit runs here).
    handed.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enrolled_with_a_class_tomorrow(5)
        reminders.class_reminders_queue_due()
        assert Notification.objects.count() == len(reminder_ids) + 5
        raise RuntimeError("rolled back")
    assert handed == [] and callbacks == []


def test_a_batch_shares_one_connection_skips_what_was_sent_and_hands_back_a_temporary_failure(
    monkeypatch,
):
    from django.test import override_settings

    from enrollment.emails import reminders, tasks
    from tests.support.failing_mail import FlakyForOneBackend

    enrolled_with_a_class_tomorrow(4, "flaky@example.org")
    with transaction.atomic():
        reminders.class_reminders_queue_due()
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    assert notification_deliver(notification_id=ids[1]) == "sent"  # already out
    retried = []
    monkeypatch.setattr(
        tasks.deliver_notification, "apply_async", lambda args, countdown: retried.append(args)
    )
    FlakyForOneBackend.sent = []
    with override_settings(EMAIL_BACKEND="tests.support.failing_mail.FlakyForOneBackend"):
        counts = tasks.deliver_notifications([*ids, 999_999])
    assert counts == {"retrying": 1, "sent": 3, "missing": 1}
    assert len(FlakyForOneBackend.sent) == 2  # the two not yet sent, not the flaky one
    assert len({connection for connection, _ in FlakyForOneBackend.sent}) == 1
    flaky = Notification.objects.get(recipient__email="flaky@example.org")
    assert retried == [(flaky.pk,)]
    assert (flaky.status, flaky.attempts) == ("pending", 1)
    assert Notification.objects.filter(status="sent").count() == 3


def test_a_batch_goes_to_a_real_smtp_server_over_one_connection():
    """Django's SMTP backend opens and closes a connection per message unless it is opened
    first; a fan-out of thousands must not knock on the mail server thousands of times."""
    from aiosmtpd.controller import Controller
    from django.test import override_settings

    from enrollment.emails import reminders
    from enrollment.emails.delivery import notifications_deliver_batch
    from tests.bench.common import free_port

    class Server:
        def __init__(self):
            self.greetings = 0
            self.recipients = []
            self.messages = []

        async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
            self.greetings += 1
            session.host_name = hostname
            return responses

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.recipients += envelope.rcpt_tos
            self.messages.append(envelope.content)
            return "250 OK"

    enrolled_with_a_class_tomorrow(5)
    with transaction.atomic():
        reminders.class_reminders_queue_due()
    ids = list(Notification.objects.values_list("pk", flat=True))
    server = Server()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ):
            assert notifications_deliver_batch(notification_ids=ids).counts == {"sent": 5}
    finally:
        controller.stop()
    assert sorted(server.recipients) == sorted(f"r{i}@example.org" for i in range(5))
    assert server.greetings == 1
    # Built and encoded ahead of sending, each arrives whole: its own address, both parts, the
    # class's calendar file, and a Message-ID of its own.
    parsed = [email.message_from_bytes(content) for content in server.messages]
    assert sorted(m["To"] for m in parsed) == sorted(server.recipients)
    for message in parsed:
        types = [part.get_content_type() for part in message.walk()]
        assert {"text/plain", "text/html", "text/calendar"} <= set(types)
        assert "BEGIN:VCALENDAR" in next(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/calendar"
        )
    assert len({m["Message-ID"] for m in parsed}) == 5
