import datetime

import pytest
from django.core import mail
from django.db import transaction

from courses.models import ModulePage
from enrollment import services
from enrollment.models import Announcement, Application, Certificate, ClassSession, Notification
from enrollment.notifications import (
    SUBJECTS,
    notification_deliver,
    notification_queue,
    notification_render,
)
from tests.factories import CohortFactory, UserFactory, application_answers

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
    return [c for c in callbacks if "notification_queue" in c.__qualname__]


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


@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_every_email_kind_has_text_and_html_parts_absolute_links_and_no_stranger_data(kind):
    cohort = CohortFactory(name="Spring class")
    resident = UserFactory(first_name="Ada", email="ada@example.org")
    other = UserFactory(first_name="Zed", email="zed@example.org")
    submit(cohort, other)
    application = Application.objects.create(
        cohort=cohort, resident=resident, status="offered", decision_reason="Class is full",
        offer_expires_at=cohort.applications_close_at, consent_version="1",
        consent_given_at=cohort.applications_open_at,
        **application_answers(address="1 Secret Lane"),
    )  # fmt: skip
    session = ClassSession.objects.create(
        cohort=cohort, module=ModulePage.objects.first(),
        starts_at=cohort.applications_close_at, ends_at=cohort.applications_close_at + HOURS_3,
    )  # fmt: skip
    announcement = Announcement.objects.create(cohort=cohort, subject="Parking", body="North lot")
    Certificate.objects.create(application=application, code="ABCDEFGHJK")
    notification = Notification(
        kind=kind, key=f"k-{kind}", recipient=resident, cohort=cohort, application=application,
        session=session if kind.startswith(("session", "class", "quiz")) else None,
        session_sequence=0, announcement=announcement if kind == "announcement" else None,
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
        if kind == "announcement":
            assert "North lot" in body
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
        override_settings(EMAIL_BACKEND="tests.failing_mail.TemporarilyDownBackend"),
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
    with override_settings(EMAIL_BACKEND="tests.failing_mail.RefusingBackend"):
        assert notification_deliver(notification_id=notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.last_error.startswith("refused by the mail server")
    assert notification_deliver(notification_id=notification.pk) == "failed"
    assert mail.outbox == []


def test_delivery_gives_up_after_the_last_attempt():
    from django.test import override_settings

    from enrollment.notifications import MAX_ATTEMPTS

    application = submit(CohortFactory())
    notification = Notification.objects.get(application=application)
    Notification.objects.filter(pk=notification.pk).update(attempts=MAX_ATTEMPTS - 1)
    with override_settings(EMAIL_BACKEND="tests.failing_mail.TemporarilyDownBackend"):
        assert notification_deliver(notification_id=notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == "failed"
