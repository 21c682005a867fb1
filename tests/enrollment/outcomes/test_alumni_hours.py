"""Volunteer hours: alumni log them (a day, quarter hours up to 24, what they did), each error
beside its field and nothing typed lost; coordinators approve or reject them with a reason;
residents see only their own and cannot approve; approved hours count per year."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from enrollment.exceptions import EnrollmentError
from enrollment.outcomes import alumni
from enrollment.outcomes.models import VolunteerHours
from tests.support.factories import UserFactory

from .alumni_helpers import graduate, hours_goal

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def log(resident, hours="2", worked_on=TODAY, activity="Open day"):
    return alumni.volunteer_hours_log(
        resident=resident, worked_on=worked_on, hours=hours, activity=activity, today=TODAY
    )


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "at least a quarter"),
        ("-1", "at least a quarter"),
        ("24.25", "at most 24"),
        ("1.3", "quarter of an hour"),
        ("two", "as a number"),
        ("NaN", "at least a quarter"),
    ],
)
def test_hours_must_be_quarter_hours_between_a_quarter_and_24(hours, message):
    with pytest.raises(EnrollmentError) as refused:
        log(graduate(), hours=hours)
    assert message in refused.value.errors["hours"]


def test_quarter_hours_up_to_24_are_accepted_and_a_comma_is_read_as_a_point():
    resident = graduate()
    assert log(resident, hours="0.25").hours == Decimal("0.25")
    assert log(resident, hours="24").hours == Decimal(24)
    assert log(resident, hours="1,75").hours == Decimal("1.75")


def test_a_day_in_the_future_and_an_empty_activity_are_refused_beside_their_fields():
    with pytest.raises(EnrollmentError) as refused:
        log(graduate(), worked_on=TODAY + datetime.timedelta(days=1), activity="  ")
    assert set(refused.value.errors) == {"worked_on", "activity"}


def test_the_database_refuses_more_than_24_hours_in_one_entry():
    resident = graduate()
    with pytest.raises(IntegrityError), transaction.atomic():
        VolunteerHours.objects.create(
            resident=resident, worked_on=TODAY, hours=Decimal(25), activity="x"
        )


def test_only_alumni_can_log_hours():
    with pytest.raises(EnrollmentError) as refused:
        log(UserFactory())
    assert refused.value.code == "not_alumnus"


def test_the_alumni_page_shows_errors_beside_the_fields_and_keeps_what_was_typed(client):
    client.force_login(graduate())
    response = client.post(
        reverse("alumni_page"),
        {"worked_on": timezone.localdate().isoformat(), "hours": "30", "activity": "Food bank"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_hours_error"' in page and "at most 24" in page
    assert 'aria-invalid="true"' in page and 'value="30"' in page and 'value="Food bank"' in page
    assert not VolunteerHours.objects.exists()


def test_logged_hours_wait_for_approval_and_the_resident_sees_their_status(client):
    resident = graduate()
    client.force_login(resident)
    response = client.post(
        reverse("alumni_page"),
        {"worked_on": timezone.localdate().isoformat(), "hours": "2.5", "activity": "Food bank"},
    )
    assert response.status_code == 302
    entry = VolunteerHours.objects.get(resident=resident)
    assert entry.status == VolunteerHours.Status.PENDING
    page = client.get(reverse("alumni_page")).content.decode()
    assert "Food bank" in page and "Waiting for approval" in page


def test_a_coordinator_approves_and_rejects_with_a_reason_the_resident_reads(client, coordinator):
    resident = graduate()
    kept, refused = log(resident, hours="3"), log(resident, hours="5", activity="Parade")
    alumni.volunteer_hours_decide(hours_id=kept.pk, actor=coordinator, approve=True)
    with pytest.raises(EnrollmentError) as no_reason:
        alumni.volunteer_hours_decide(hours_id=refused.pk, actor=coordinator, approve=False)
    assert "reason" in no_reason.value.errors
    alumni.volunteer_hours_decide(
        hours_id=refused.pk, actor=coordinator, approve=False, reason="Not an academy event"
    )
    assert alumni.volunteer_hours_approved(resident, TODAY.year) == Decimal(3)
    client.force_login(resident)
    page = client.get(reverse("alumni_page")).content.decode()
    assert "Not approved" in page and "Not an academy event" in page


def test_residents_cannot_approve_hours_not_even_their_own():
    resident = graduate()
    entry = log(resident)
    with pytest.raises(EnrollmentError):
        alumni.volunteer_hours_decide(hours_id=entry.pk, actor=resident, approve=True)
    entry.refresh_from_db()
    assert entry.status == VolunteerHours.Status.PENDING


def test_a_resident_sees_only_their_own_hours(client):
    mine, theirs = graduate(), graduate()
    log(theirs, activity="Someone else's secret shift")
    client.force_login(mine)
    assert "secret shift" not in client.get(reverse("alumni_page")).content.decode()
    for name in ("list", "inspect"):
        args = [VolunteerHours.objects.get().pk] if name == "inspect" else []
        url = reverse(f"wagtailsnippets_enrollment_volunteerhours:{name}", args=args)
        response = client.get(url)
        assert response.status_code in (302, 403) and b"secret shift" not in response.content


def test_approved_hours_count_in_the_year_of_the_day_worked():
    resident = graduate()
    coordinator = UserFactory(is_superuser=True)
    for day, hours in ((datetime.date(2025, 12, 31), "4"), (TODAY, "2"), (TODAY, "1.5")):
        entry = log(resident, hours=hours, worked_on=day)
        alumni.volunteer_hours_decide(hours_id=entry.pk, actor=coordinator, approve=True)
    log(resident, hours="8")  # waiting: not counted
    assert alumni.volunteer_hours_approved(resident, 2026) == Decimal("3.5")
    assert alumni.volunteer_hours_approved(resident, 2025) == Decimal(4)
    standing = alumni.volunteer_hours_standing(resident=resident, goal=12, today=TODAY)
    assert standing.approved == Decimal("3.5") and standing.pending == Decimal(8)
    assert standing.below_goal


def test_bulk_approve_and_bulk_reject_with_a_reason_in_the_admin(client, coordinator):
    resident = graduate()
    first, second, third = (log(resident) for _ in range(3))
    approve = reverse("wagtail_bulk_action", args=("enrollment", "volunteerhours", "approve_hours"))
    response = client.post(f"{approve}?id={first.pk}&id={second.pk}", {})
    assert response.status_code == 302
    reject = reverse("wagtail_bulk_action", args=("enrollment", "volunteerhours", "reject_hours"))
    assert client.post(f"{reject}?id={third.pk}", {"reason": ""}).status_code == 200
    assert client.post(f"{reject}?id={third.pk}", {"reason": "Twice"}).status_code == 302
    statuses = dict(VolunteerHours.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", third.pk: "rejected"}
    listing = client.get(reverse("wagtailsnippets_enrollment_volunteerhours:list"))
    assert listing.status_code == 200 and "Twice" in listing.content.decode()


def test_a_resident_cannot_use_the_approval_bulk_action(client):
    resident = graduate()
    entry = log(resident)
    client.force_login(resident)
    approve = reverse("wagtail_bulk_action", args=("enrollment", "volunteerhours", "approve_hours"))
    assert client.post(f"{approve}?id={entry.pk}", {}).status_code in (302, 403)
    entry.refresh_from_db()
    assert entry.status == VolunteerHours.Status.PENDING


def test_the_goal_and_approved_hours_show_on_the_alumni_page(client):
    hours_goal(12)
    resident = graduate()
    entry = alumni.volunteer_hours_log(
        resident=resident, worked_on=timezone.localdate(), hours="4", activity="Open day"
    )
    alumni.volunteer_hours_decide(
        hours_id=entry.pk, actor=UserFactory(is_superuser=True), approve=True
    )
    client.force_login(resident)
    page = client.get(reverse("alumni_page")).content.decode()
    assert "Goal this year: 12 hours; you have 4 approved." in page
