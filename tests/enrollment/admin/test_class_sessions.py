"""A cohort's class sessions in the admin: laying out a term, attendance, the sign-in sheet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment import schedule
from enrollment.models import Attendance
from tests.support.factories import CohortFactory, apply_to

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_enrollment_cohort:{name}", args=args)


def test_coordinator_lays_out_eight_weekly_sessions_from_the_admin(client, coordinator):
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 3, 3))
    response = client.post(
        url("layout", cohort.pk),
        {"first_starts_at": "2027-01-06T18:00", "duration_minutes": "180", "count": "8",
         "assign_modules": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert cohort.sessions.count() == 8
    inspect = client.get(url("inspect", cohort.pk)).content.decode()
    assert "Take attendance" in inspect and "Sign-in sheet" in inspect


def test_laying_out_past_the_cohort_end_is_a_field_error_and_creates_nothing(client, coordinator):
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 6), ends_on=datetime.date(2027, 1, 20))
    response = client.post(
        url("layout", cohort.pk),
        {"first_starts_at": "2027-01-06T18:00", "duration_minutes": "180", "count": "8"},
    )
    assert response.status_code == 400
    assert "within the cohort&#x27;s dates" in response.content.decode()
    assert cohort.sessions.count() == 0


def test_taking_attendance_and_mark_all_present_from_the_roster(client, coordinator):
    cohort = CohortFactory(capacity=2)
    first = timezone.localtime(timezone.now()).replace(hour=18, minute=0) + datetime.timedelta(
        days=30
    )
    (session,) = schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=1
    )
    a, b = apply_to(cohort), apply_to(cohort)
    waiting = apply_to(cohort)
    response = client.post(url("attendance", session.pk), {f"mark-{a.pk}": "late"})
    assert response.status_code == 302
    response = client.post(url("attendance", session.pk), {"mark_all_present": "1"})
    marks = dict(Attendance.objects.values_list("application_id", "status"))
    assert marks == {a.pk: "late", b.pk: "present"}
    response = client.post(url("attendance", session.pk), {f"mark-{waiting.pk}": "present"})
    assert waiting.pk not in dict(Attendance.objects.values_list("application_id", "status"))
    sheet = client.get(url("sign_in_sheet", session.pk)).content.decode()
    assert a.resident.get_full_name() in sheet and waiting.resident.get_full_name() not in sheet
