"""Instructors' own sessions outside the admin: their private calendar feed, and the email they
get when a session they teach moves or is cancelled."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment import calendars, schedule
from enrollment.emails.outbox import notification_queue
from enrollment.emails.rendering import notification_render
from enrollment.models import Notification
from tests.support.factories import CohortFactory, UserFactory, apply_to, class_session_taught_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def instructor():
    roles_ensure()
    return UserFactory(groups=[INSTRUCTORS], first_name="Ines", email="ines@example.org")


def events(body: bytes):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def test_the_instructors_feed_lists_only_the_sessions_they_teach(client, instructor):
    cohort = CohortFactory()
    start = timezone.now() + datetime.timedelta(days=40)
    own = class_session_taught_by(cohort, instructor, starts_at=start)
    class_session_taught_by(
        cohort, UserFactory(groups=[INSTRUCTORS]), starts_at=start + datetime.timedelta(days=7)
    )
    feed = calendars.instructor_calendar_feed_renew(instructor=instructor)

    response = client.get(reverse("instructor_calendar_feed", args=[feed.token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = events(response.content)
    assert str(event["uid"]).startswith(str(own.uid))
    assert int(event["sequence"]) == 0


def test_a_wrong_or_residents_token_is_not_an_instructors_feed(client, instructor):
    class_session_taught_by(CohortFactory(), instructor)
    feed = calendars.instructor_calendar_feed_renew(instructor=instructor)
    resident_feed = calendars.calendar_feed_renew(resident=instructor)
    for token in ("guess" + feed.token[5:], resident_feed.token, "short", "0" * 43):
        response = client.get(reverse("instructor_calendar_feed", args=[token]))
        assert response.status_code == 404, token


def test_renewing_the_instructors_feed_stops_the_old_address_and_keeps_the_residents(
    client, instructor
):
    class_session_taught_by(CohortFactory(), instructor)
    old = calendars.instructor_calendar_feed_renew(instructor=instructor).token
    resident_feed = calendars.calendar_feed_renew(resident=instructor).token
    new = calendars.instructor_calendar_feed_renew(instructor=instructor).token
    assert new != old
    assert client.get(reverse("instructor_calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("instructor_calendar_feed", args=[new])).status_code == 200
    assert client.get(reverse("calendar_feed", args=[resident_feed])).status_code == 200


def test_a_moved_session_shows_its_new_time_and_sequence_in_the_instructors_feed(
    client, instructor
):
    cohort = CohortFactory()
    start = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0)))
    session = class_session_taught_by(cohort, instructor, starts_at=start)
    token = calendars.instructor_calendar_feed_renew(instructor=instructor).token
    later = start + datetime.timedelta(days=1)
    schedule.class_session_move(
        session_id=session.pk, starts_at=later, ends_at=later + datetime.timedelta(hours=3)
    )
    (event,) = events(client.get(reverse("instructor_calendar_feed", args=[token])).content)
    assert event.decoded("dtstart") == later
    assert int(event["sequence"]) == 1


def test_moving_a_session_emails_each_of_its_instructors_exactly_once(instructor):
    cohort = CohortFactory(name="Spring class")
    second = UserFactory(groups=[INSTRUCTORS])
    bystander = UserFactory(groups=[INSTRUCTORS])
    start = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0)))
    session = class_session_taught_by(cohort, instructor, second, starts_at=start)
    class_session_taught_by(cohort, bystander, starts_at=start + datetime.timedelta(days=7))
    resident = apply_to(cohort).resident
    later = start + datetime.timedelta(days=1)

    schedule.class_session_move(
        session_id=session.pk, starts_at=later, ends_at=later + datetime.timedelta(hours=3)
    )

    emails = Notification.objects.filter(kind="instructor_session_changed")
    assert sorted(emails.values_list("recipient_id", flat=True)) == sorted(
        [instructor.pk, second.pk]
    )
    assert Notification.objects.filter(kind="session_moved", recipient=resident).count() == 1
    # The same change recorded again (a retried save) adds nothing: the key is unique.
    session.refresh_from_db()
    notification_queue(
        kind="instructor_session_changed",
        recipient=instructor,
        cohort=cohort,
        session=session,
        version=str(session.sequence),
    )
    assert emails.count() == 2

    message = notification_render(emails.get(recipient=instructor))
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Ines" in body and "Spring class" in body and "new time" in body
        assert "/admin/" in body
        assert resident.email not in body
        # An instructor has no applications: the footer points at their dashboard instead.
        assert "My academy" not in body


def test_cancelling_a_session_tells_its_instructors_once_that_it_is_cancelled(instructor):
    cohort = CohortFactory()
    session = class_session_taught_by(cohort, instructor)
    schedule.class_session_cancel(session_id=session.pk)
    schedule.class_session_cancel(session_id=session.pk)
    (email,) = Notification.objects.filter(kind="instructor_session_changed")
    assert email.recipient == instructor and email.session == session
    assert "cancelled" in notification_render(email).body
