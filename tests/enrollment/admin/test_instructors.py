"""Instructors in the admin: their sessions on the dashboard, their calendar address renewed
from there, and attendance for the sessions they teach only, with residents' names only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from enrollment.models import Attendance, InstructorCalendarFeed
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to, class_session_taught_by

pytestmark = pytest.mark.django_db
SECRET_PHONE = "816-555-0777"
SECRET_ADDRESS = "77 Hidden Lane"


@pytest.fixture
def instructor(client):
    roles_ensure()
    enrollment_roles_ensure()
    user = UserFactory(groups=[INSTRUCTORS])
    client.force_login(user)
    return user


@pytest.fixture
def classes(instructor):
    """A cohort with a session the instructor taught an hour ago, one they teach next week and
    one another instructor teaches; two residents enrolled, one without a name."""
    cohort = CohortFactory(name="Spring class")
    other = UserFactory(groups=[INSTRUCTORS])
    now = timezone.now()
    started = class_session_taught_by(
        cohort, instructor, starts_at=now - datetime.timedelta(hours=1)
    )
    upcoming = class_session_taught_by(
        cohort, instructor, starts_at=now + datetime.timedelta(days=7), place_name="Range"
    )
    others = class_session_taught_by(cohort, other, starts_at=now - datetime.timedelta(days=1))
    named = apply_to(cohort, UserFactory(first_name="Rosa", last_name="Resident",
                                         email="rosa@example.org"),
                     phone=SECRET_PHONE, address=SECRET_ADDRESS)  # fmt: skip
    unnamed = apply_to(cohort, UserFactory(first_name="", last_name="", email="anon@example.org"))
    return {"started": started, "upcoming": upcoming, "others": others, "named": named,
            "unnamed": unnamed}  # fmt: skip


def attendance_url(session):
    return reverse("instructor_attendance", args=[session.pk])


def test_the_dashboard_lists_the_instructors_own_sessions_and_only_theirs(client, classes):
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sessions you teach" in body
    assert attendance_url(classes["started"]) in body, "a started session can be marked"
    assert attendance_url(classes["upcoming"]) not in body, "not before it starts"
    assert "Range" in body, "the upcoming session is listed with its place"
    assert attendance_url(classes["others"]) not in body
    assert body.count("Spring class:") == 2


def test_a_cancelled_session_is_flagged_on_the_dashboard(client, classes):
    from enrollment import schedule

    schedule.class_session_cancel(session_id=classes["upcoming"].pk)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cancelled" in body


def test_coordinators_and_residents_without_sessions_see_no_teaching_panel(client, classes):
    client.force_login(UserFactory(groups=[COORDINATORS]))
    assert "Sessions you teach" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_renewing_the_calendar_address_from_the_dashboard_invalidates_the_old_one(
    client, instructor, classes
):
    assert client.get(reverse("instructor_calendar_feed_renew")).status_code == 405
    response = client.post(reverse("instructor_calendar_feed_renew"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_home"))
    old = InstructorCalendarFeed.objects.get(instructor=instructor).token
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("instructor_calendar_feed", args=[old]) in body

    client.post(reverse("instructor_calendar_feed_renew"))
    new = InstructorCalendarFeed.objects.get(instructor=instructor).token
    assert new != old
    assert client.get(reverse("instructor_calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("instructor_calendar_feed", args=[new])).status_code == 200


def test_staff_who_teach_nothing_cannot_make_a_teaching_calendar_address(client):
    roles_ensure()
    client.force_login(UserFactory(groups=[COORDINATORS]))
    assert client.post(reverse("instructor_calendar_feed_renew")).status_code == 403
    assert not InstructorCalendarFeed.objects.exists()


def test_an_instructor_sees_names_only_on_the_roster_of_their_own_session(client, classes):
    response = client.get(attendance_url(classes["started"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rosa Resident" in body and "(no name given)" in body
    for secret in ("rosa@example.org", "anon@example.org", SECRET_PHONE, SECRET_ADDRESS, "1980"):
        assert secret not in body, secret
    assert "Back to your sessions" in body


def test_an_instructor_is_refused_the_roster_of_a_session_they_do_not_teach(client, classes):
    before = Attendance.objects.count()
    for method in ("get", "post"):
        response = getattr(client, method)(
            attendance_url(classes["others"]), {f"mark-{classes['named'].pk}": "present"}
        )
        assert response.status_code == 403, method
        assert "Rosa" not in response.content.decode()
    coordinators_url = reverse(
        "wagtailsnippets_enrollment_cohort:attendance", args=[classes["started"].pk]
    )
    # Their own session, but through the coordinators' screen: refused (Wagtail's redirect).
    response = client.get(coordinators_url)
    assert response.status_code in (302, 403)
    assert "Rosa" not in response.content.decode()
    assert Attendance.objects.count() == before


def test_an_instructor_marks_attendance_for_their_session_and_it_is_recorded(
    client, instructor, classes
):
    named, unnamed = classes["named"], classes["unnamed"]
    url = attendance_url(classes["started"])
    response = client.post(url, {f"mark-{named.pk}": "late"})
    assert response.status_code == 302 and response["Location"] == url
    client.post(url, {"mark_all_present": "1"})
    records = {a.application_id: a for a in Attendance.objects.all()}
    assert records[named.pk].status == "late"
    assert records[unnamed.pk].status == "present"
    assert {r.recorded_by_id for r in records.values()} == {instructor.pk}
    assert all(r.session_id == classes["started"].pk for r in records.values())


def test_coordinators_keep_full_access_to_every_roster(client, classes):
    client.force_login(UserFactory(groups=[COORDINATORS]))
    for session in (classes["started"], classes["others"]):
        response = client.get(attendance_url(session))
        assert response.status_code == 200
        assert "anon@example.org" in response.content.decode(), "coordinators see the email"
    response = client.post(
        attendance_url(classes["others"]), {f"mark-{classes['named'].pk}": "absent"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get().status == "absent"


def test_a_session_moved_and_given_an_instructor_in_the_cohort_form_emails_them_once(
    client, coordinator
):
    from enrollment import schedule
    from enrollment.models import Notification
    from tests.enrollment.admin.test_cohorts import edit_form_data

    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 3, 3))
    first = timezone.make_aware(datetime.datetime(2027, 1, 6, 18))
    _, session = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=2
    )
    teacher = UserFactory(groups=[INSTRUCTORS])
    data = dict(
        edit_form_data(client, cohort),
        **{
            "sessions-1-starts_at": "2027-01-14 18:00",
            "sessions-1-ends_at": "2027-01-14 21:00",
            "sessions-1-instructors": [teacher.pk],
        },
    )
    edit = reverse("wagtailsnippets_enrollment_cohort:edit", args=[cohort.pk])
    assert client.post(edit, data).status_code == 302
    assert list(session.instructors.all()) == [teacher]
    client.post(edit, data)  # saved again unchanged: no new email
    (email,) = Notification.objects.filter(kind="instructor_session_changed")
    assert email.recipient == teacher and email.session == session
