import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment import calendars, schedule, services
from enrollment.exceptions import EnrollmentError
from enrollment.models import Application, ClassSession, Notification
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def local(y, m, d, hh=18, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=CHICAGO)


def cohort_in(start, weeks=10, **kwargs):
    return CohortFactory(starts_on=start, ends_on=start + datetime.timedelta(weeks=weeks), **kwargs)


def enroll(cohort, resident=None):
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )


def test_weekly_sessions_keep_local_time_across_dst_and_teach_modules_in_order():
    # US daylight saving ends on 2027-11-07: 6 pm stays 6 pm in Chicago.
    cohort = cohort_in(datetime.date(2027, 10, 20))
    sessions = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 10, 20), duration_minutes=180, count=8
    )
    assert len(sessions) == 8
    times = {s.starts_at.astimezone(CHICAGO).time() for s in sessions}
    assert times == {datetime.time(18, 0)}
    utc = [s.starts_at.astimezone(datetime.UTC) for s in sessions]
    assert utc[1] - utc[0] == datetime.timedelta(days=7)
    assert utc[3] - utc[2] == datetime.timedelta(days=7, hours=1), "the clocks went back"
    modules = [s.module for s in sessions]
    assert modules[0].number == 1, "the curriculum's first module comes first"
    assert modules[-1] is None, "more weeks than modules: the extra sessions have none yet"


def test_sessions_outside_the_cohort_dates_or_overlapping_are_refused_with_nothing_created():
    cohort = cohort_in(datetime.date(2027, 3, 3), weeks=3)
    with pytest.raises(EnrollmentError, match="cohort's dates"):
        schedule.class_sessions_lay_out_weekly(
            cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=8
        )
    assert ClassSession.objects.count() == 0
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=2
    )
    with pytest.raises(EnrollmentError, match="overlaps"):
        schedule.class_sessions_lay_out_weekly(
            cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3, 19), duration_minutes=60, count=1
        )
    errors = schedule.schedule_errors(
        cohort=cohort, starts_at=local(2027, 3, 4, 21), ends_at=local(2027, 3, 4, 18)
    )
    assert errors == {"ends_at": "The session must end after it starts."}


def test_calendar_has_stable_uids_the_academy_time_zone_and_a_rising_sequence_after_a_move():
    cohort = cohort_in(datetime.date(2027, 3, 3))
    first, second = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=2
    )
    before = icalendar.Calendar.from_ical(calendars.calendar_build([first, second]))
    events = {str(e["uid"]): e for e in before.walk("VEVENT")}
    assert len(events) == 2
    event = events[f"{first.uid}@127.0.0.1"]
    assert event["dtstart"].dt == local(2027, 3, 3)
    assert str(event["dtstart"].params["TZID"]) == "America/Chicago"
    assert int(event["sequence"]) == 0
    assert before.walk("VTIMEZONE"), "the time zone is described in the file"

    enroll(cohort)
    schedule.class_session_move(
        session_id=first.pk, starts_at=local(2027, 3, 5), ends_at=local(2027, 3, 5, 21)
    )
    first.refresh_from_db()
    after = icalendar.Calendar.from_ical(calendars.calendar_build([first]))
    (moved,) = after.walk("VEVENT")
    assert str(moved["uid"]) == f"{first.uid}@127.0.0.1"
    assert int(moved["sequence"]) == 1
    assert moved["dtstart"].dt == local(2027, 3, 5)
    assert Notification.objects.filter(kind="session_moved", session=first).count() == 1


def test_a_cancelled_session_is_marked_cancelled_and_residents_are_told_once():
    cohort = cohort_in(datetime.date(2027, 3, 3))
    (session,) = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=1
    )
    enroll(cohort)
    schedule.class_session_cancel(session_id=session.pk)
    schedule.class_session_cancel(session_id=session.pk)
    session.refresh_from_db()
    (event,) = icalendar.Calendar.from_ical(calendars.calendar_build([session])).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1
    assert Notification.objects.filter(kind="session_cancelled").count() == 1


def test_enrolled_residents_download_their_schedule_and_others_get_nothing(client):
    cohort = cohort_in(datetime.date(2027, 3, 3))
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=3
    )
    resident = UserFactory()
    enroll(cohort, resident)
    client.force_login(resident)
    response = client.get(reverse("calendar_download"))
    assert response["Content-Type"].startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 3
    client.force_login(UserFactory())
    other = client.get(reverse("calendar_download"))
    assert icalendar.Calendar.from_ical(other.content).walk("VEVENT") == []


def test_the_calendar_holds_the_extras_a_resident_signed_up_for_and_only_those(client):
    from enrollment import extras
    from enrollment.models import CohortExtra

    cohort = cohort_in(datetime.date(2027, 3, 3))
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=2
    )
    ride, range_day = (
        CohortExtra.objects.create(
            cohort=cohort,
            title=title,
            starts_at=local(2027, 3, day, 9),
            ends_at=local(2027, 3, day, 13),
            place="East Patrol Division",
            capacity=2,
            waiver_text="At my own risk.",
        )  # fmt: skip
        for title, day in (("Ride-along shift", 13), ("Range day", 20))
    )
    resident, other = UserFactory(), UserFactory()
    enroll(cohort, resident)
    enroll(cohort, other)
    extras.extra_sign_up(extra_id=ride.pk, resident=resident, waiver_agreed=True)
    extras.extra_sign_up(extra_id=range_day.pk, resident=other, waiver_agreed=True)

    client.force_login(resident)
    events = icalendar.Calendar.from_ical(client.get(reverse("calendar_download")).content).walk(
        "VEVENT"
    )
    assert len(events) == 3  # two classes and the ride-along, not the other's range day
    (ride_event,) = [e for e in events if str(e["summary"]).endswith("Ride-along shift")]
    assert str(ride_event["uid"]).startswith(f"extra-{ride.pk}@")
    assert ride_event.decoded("dtstart") == local(2027, 3, 13, 9)
    assert str(ride_event["location"]) == "East Patrol Division"
    assert str(ride_event["url"]).endswith(reverse("extra_detail", args=[ride.pk]))

    # Giving the place back takes it off the calendar.
    extras.extra_cancel(extra_id=ride.pk, resident=resident)
    events = icalendar.Calendar.from_ical(client.get(reverse("calendar_download")).content).walk(
        "VEVENT"
    )
    assert len(events) == 2


def test_private_feed_works_by_token_and_stops_when_renewed_or_revoked(client):
    cohort = cohort_in(datetime.date(2027, 3, 3))
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=local(2027, 3, 3), duration_minutes=180, count=2
    )
    resident = UserFactory()
    enroll(cohort, resident)
    client.force_login(resident)
    client.post(reverse("calendar_feed_renew"))
    token = resident.calendar_feed.token
    client.logout()
    feed = client.get(reverse("calendar_feed", args=[token]))
    assert feed.status_code == 200
    assert len(icalendar.Calendar.from_ical(feed.content).walk("VEVENT")) == 2
    assert client.get(reverse("calendar_feed", args=["guess" + token[5:]])).status_code == 404
    client.force_login(resident)
    client.post(reverse("calendar_feed_renew"))
    client.logout()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404
    client.force_login(resident)
    new_token = type(resident).objects.get(pk=resident.pk).calendar_feed.token
    client.post(reverse("calendar_feed_revoke"))
    client.logout()
    assert client.get(reverse("calendar_feed", args=[new_token])).status_code == 404


def test_my_academy_lists_the_schedule_for_enrolled_residents(client):
    cohort = cohort_in(timezone.localdate() + datetime.timedelta(days=7))
    first = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0)))
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=2
    )
    resident = UserFactory()
    enroll(cohort, resident)
    client.force_login(resident)
    html = client.get(reverse("my_academy")).content.decode()
    assert "Your classes" in html
    assert "Not taken yet" in html
    assert "Download the schedule" in html
    assert Application.objects.get(resident=resident).status == Application.Status.ENROLLED
