import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from courses.roles import COORDINATORS, roles_ensure
from enrollment import schedule, services
from enrollment.emails import announcements, reminders
from enrollment.emails.delivery import notification_deliver
from enrollment.emails.preferences import unsubscribe_token
from enrollment.models import Announcement, ClassSession, Notification
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def enroll(cohort, resident=None, now=None):
    return services.application_submit(
        cohort_id=cohort.pk, resident=resident or UserFactory(), answers=application_answers(),
        consent_given=True, now=now,
    )  # fmt: skip


def cohort_with_session(starts_at, **kwargs):
    cohort = CohortFactory(
        starts_on=starts_at.date() - datetime.timedelta(days=1),
        ends_on=starts_at.date() + datetime.timedelta(days=60),
        applications_open_at=starts_at - datetime.timedelta(days=60),
        applications_close_at=starts_at + datetime.timedelta(days=1),
        **kwargs,
    )
    session = ClassSession.objects.create(
        cohort=cohort, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )
    return cohort, session


def kinds(**filters):
    return sorted(Notification.objects.filter(**filters).values_list("kind", flat=True))


def test_reminders_fall_in_their_windows_across_the_dst_change():
    # Clocks go back at 2 am on Sunday 2027-11-07 in Chicago: 6 pm Sunday is 25 hours after
    # 6 pm Saturday. The day-before reminder goes 24 real hours before, not 24 wall-clock ones.
    starts = datetime.datetime(2027, 11, 7, 18, tzinfo=CHICAGO)
    cohort, session = cohort_with_session(starts)
    application = enroll(cohort, now=starts - datetime.timedelta(days=10))
    saturday_6pm = datetime.datetime(2027, 11, 6, 18, tzinfo=CHICAGO)
    assert reminders.class_reminders_queue_due(now=saturday_6pm) == 0, "25 h before: too early"
    assert reminders.class_reminders_queue_due(now=saturday_6pm + datetime.timedelta(hours=1)) == 1
    assert kinds(session=session) == ["class_reminder_24h"]
    assert reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=3)) == 1
    assert kinds(session=session) == ["class_reminder_24h"], "a rerun queues nothing new"
    reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=1, minutes=59))
    assert kinds(session=session) == ["class_reminder_24h", "class_reminder_2h"]
    reminders.class_reminders_queue_due(now=starts + datetime.timedelta(minutes=1))
    assert Notification.objects.filter(recipient=application.resident, session=session).count() == 2


def test_a_moved_sessions_old_reminder_is_not_sent_and_the_new_time_gets_its_own():
    starts = datetime.datetime(2027, 3, 10, 18, tzinfo=CHICAGO)
    cohort, session = cohort_with_session(starts)
    enroll(cohort, now=starts - datetime.timedelta(days=10))
    reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=20))
    old = Notification.objects.get(kind="class_reminder_24h")
    later = starts + datetime.timedelta(days=2)
    schedule.class_session_move(
        session_id=session.pk, starts_at=later, ends_at=later + datetime.timedelta(hours=3)
    )
    assert notification_deliver(notification_id=old.pk) == "skipped"
    assert not [m for m in mail.outbox if "tomorrow" in m.subject]
    reminders.class_reminders_queue_due(now=later - datetime.timedelta(hours=20))
    new = Notification.objects.get(kind="class_reminder_24h", session_sequence=1)
    assert notification_deliver(notification_id=new.pk) == "sent"
    (reminder,) = [m for m in mail.outbox if "tomorrow" in m.subject]
    assert reminder.attachments[0][0] == "academy-class.ics"
    assert "List-Unsubscribe" in reminder.extra_headers


def test_a_cancelled_session_gets_no_reminders():
    starts = datetime.datetime(2027, 3, 10, 18, tzinfo=CHICAGO)
    cohort, session = cohort_with_session(starts)
    enroll(cohort, now=starts - datetime.timedelta(days=10))
    reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=20))
    pending = Notification.objects.get(kind="class_reminder_24h")
    schedule.class_session_cancel(session_id=session.pk)
    assert notification_deliver(notification_id=pending.pk) == "skipped"
    reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=1))
    assert kinds(kind__startswith="class_reminder") == ["class_reminder_24h"]
    assert kinds(kind="session_cancelled") == ["session_cancelled"]


def test_one_click_unsubscribe_stops_reminders_and_my_academy_turns_them_back_on(client):
    starts = datetime.datetime(2027, 3, 10, 18, tzinfo=CHICAGO)
    cohort, _ = cohort_with_session(starts)
    resident = UserFactory()
    enroll(cohort, resident, now=starts - datetime.timedelta(days=10))
    token = unsubscribe_token(resident)
    assert client.get(reverse("email_unsubscribe", args=[token])).status_code == 200
    assert client.post(reverse("email_unsubscribe", args=["forged" + token])).status_code == 404
    assert client.post(reverse("email_unsubscribe", args=[token])).status_code == 200
    reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=20))
    assert Notification.objects.get(kind="class_reminder_24h").status == "skipped"
    client.force_login(resident)
    client.post(reverse("email_preferences"), {"reminders": "on"})
    reminders.class_reminders_queue_due(now=starts - datetime.timedelta(hours=1))
    assert Notification.objects.get(kind="class_reminder_2h").status == "pending"


def test_offer_about_to_expire_is_warned_once():
    cohort = CohortFactory(capacity=1, offer_hours=72)
    holder, waiting = enroll(cohort), enroll(cohort)
    services.application_withdraw(application_id=holder.pk, resident=holder.resident)
    waiting.refresh_from_db()
    assert reminders.offers_expiring_queue_due() == 0
    near = waiting.offer_expires_at - datetime.timedelta(hours=6)
    reminders.offers_expiring_queue_due(now=near)
    reminders.offers_expiring_queue_due(now=near)
    assert kinds(kind="offer_expiring") == ["offer_expiring"]


def test_announcement_is_previewed_sent_once_and_its_progress_shown(client):
    roles_ensure()
    enrollment_roles_ensure()
    coordinator = UserFactory(groups=[COORDINATORS])
    cohort = CohortFactory(capacity=3)
    for _ in range(3):
        enroll(cohort)
    enroll(cohort)  # waitlisted: not a recipient
    announcement = Announcement.objects.create(
        cohort=cohort, subject="Parking changes", body="Use the north lot."
    )
    client.force_login(coordinator)
    inspect = reverse("wagtailsnippets_enrollment_announcement:inspect", args=[announcement.pk])
    html = client.get(inspect).content.decode()
    assert "Use the north lot." in html and "It will go to 3 enrolled residents" in html
    send = reverse("wagtailsnippets_enrollment_announcement:send", args=[announcement.pk])
    assert client.post(send).status_code == 302
    assert client.post(send).status_code == 302
    assert announcements.announcement_fan_out(announcement_id=announcement.pk) == 3
    assert announcements.announcement_fan_out(announcement_id=announcement.pk) == 3
    assert Notification.objects.filter(kind="announcement").count() == 3
    for notification in Notification.objects.filter(kind="announcement"):
        notification_deliver(notification_id=notification.pk)
    assert sum("Parking changes" in m.subject for m in mail.outbox) == 3
    assert "3 delivered" in client.get(inspect).content.decode()


def test_delivery_log_lists_emails_and_a_failed_one_can_be_sent_again(client):
    roles_ensure()
    enrollment_roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    application = enroll(CohortFactory())
    notification = Notification.objects.get(application=application)
    Notification.objects.filter(pk=notification.pk).update(status="failed", last_error="refused")
    listing = reverse("wagtailsnippets_enrollment_notification:list")
    html = client.get(listing, {"status": "failed"}).content.decode()
    assert application.resident.email in html
    resend = reverse("wagtailsnippets_enrollment_notification:resend", args=[notification.pk])
    assert client.post(resend).status_code == 302
    notification.refresh_from_db()
    assert notification.status == "pending"
