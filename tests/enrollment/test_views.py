import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment import schedule, services
from enrollment.exceptions import EnrollmentError
from enrollment.models import Application, Cohort
from tests.support.factories import (
    CohortFactory,
    UserFactory,
    application_answers,
    application_post,
)

pytestmark = pytest.mark.django_db
Status = Application.Status


form_data = application_post


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_upcoming_classes_show_dates_place_seats_left_and_whether_open(client):
    open_cohort = CohortFactory(capacity=20, name="Spring evening class")
    CohortFactory(status=Cohort.Status.DRAFT, name="Secret draft")
    services.application_submit(
        cohort_id=open_cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )
    html = client.get(reverse("cohort_list")).content.decode()
    assert "Spring evening class" in html
    assert "19 of 20" in html
    assert "Secret draft" not in html
    assert reverse("application_create", args=[open_cohort.pk]) in html


def test_applying_enrolls_and_shows_the_state_on_my_academy(client, resident):
    cohort = CohortFactory(capacity=1)
    response = client.post(reverse("application_create", args=[cohort.pk]), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("my_academy")
    page = client.get(reverse("my_academy"))
    html = page.content.decode()
    assert "Status: Enrolled" in html
    assert "no-store" in page["Cache-Control"]


def test_a_full_class_shows_the_waitlist_position(client, resident):
    cohort = CohortFactory(capacity=1)
    services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )
    client.post(reverse("application_create", args=[cohort.pk]), form_data())
    html = client.get(reverse("my_academy")).content.decode()
    assert "You are number 1 on the waitlist" in html


def test_an_empty_application_is_answered_with_what_each_field_needs(client, resident):
    cohort = CohortFactory()
    response = client.post(reverse("application_create", args=[cohort.pk]), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_address_error"' in html and "error-summary" in html
    assert not Application.objects.exists()


def test_application_form_needs_sign_in(client):
    cohort = CohortFactory()
    response = client.get(reverse("application_create", args=[cohort.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_too_young_applicant_sees_the_message_next_to_the_field_and_keeps_what_they_typed(
    client, resident
):
    cohort = CohortFactory(minimum_age=18)
    young = cohort.starts_on.replace(year=cohort.starts_on.year - 16)
    response = client.post(
        reverse("application_create", args=[cohort.pk]),
        form_data(date_of_birth=young.isoformat(), motivation="Curious about <b>policing</b>"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_date_of_birth_error"' in html
    assert "at least 18 on the first day of class" in html
    assert 'aria-invalid="true"' in html
    assert "Curious about &lt;b&gt;policing&lt;/b&gt;" in html
    assert Application.objects.count() == 0


def test_missing_consent_and_fields_are_reported_next_to_each_field(client, resident):
    cohort = CohortFactory()
    response = client.post(
        reverse("application_create", args=[cohort.pk]),
        form_data(consent="", phone="", residency_basis="nowhere"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please enter a phone number." in html
    assert 'id="id_residency_basis_error"' in html
    assert Application.objects.count() == 0
    response = client.post(reverse("application_create", args=[cohort.pk]), form_data(consent=""))
    assert "Please agree to the background check" in response.content.decode()


def test_applying_twice_or_to_a_closed_class_says_so(client, resident):
    cohort = CohortFactory()
    client.post(reverse("application_create", args=[cohort.pk]), form_data())
    html = client.get(reverse("application_create", args=[cohort.pk])).content.decode()
    assert "You have already applied to this class" in html
    response = client.post(reverse("application_create", args=[cohort.pk]), form_data())
    assert "already applied" in response.content.decode()
    closed = CohortFactory(
        applications_close_at=timezone.now() - datetime.timedelta(minutes=1),
        applications_open_at=timezone.now() - datetime.timedelta(days=3),
    )
    response = client.post(reverse("application_create", args=[closed.pk]), form_data())
    assert "closed" in response.content.decode()
    assert Application.objects.filter(cohort=closed).count() == 0


def test_draft_or_unknown_cohort_is_a_404(client, resident):
    draft = CohortFactory(status=Cohort.Status.DRAFT)
    assert client.get(reverse("application_create", args=[draft.pk])).status_code == 404
    assert client.get(reverse("application_create", args=[999999])).status_code == 404


def test_accepting_an_offered_seat_from_my_academy(client, resident):
    cohort = CohortFactory(capacity=1)
    holder = services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )
    client.post(reverse("application_create", args=[cohort.pk]), form_data())
    services.application_withdraw(application_id=holder.pk, resident=holder.resident)
    mine = Application.objects.get(resident=resident)
    assert mine.status == Status.OFFERED
    html = client.get(reverse("my_academy")).content.decode()
    assert "Accept the seat" in html
    response = client.post(reverse("offer_accept", args=[mine.pk]), follow=True)
    assert "Welcome!" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.ENROLLED


def test_a_resident_cannot_see_or_act_on_another_residents_application(client, resident):
    cohort = CohortFactory(capacity=1)
    theirs = services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
    )
    for name in ("application_withdraw", "offer_accept", "offer_decline"):
        response = client.post(reverse(name, args=[theirs.pk]))
        assert response.status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.status == Status.ENROLLED
    assert "12 Oak Street" not in client.get(reverse("my_academy")).content.decode()


def test_resident_actions_refuse_get_requests(client, resident):
    cohort = CohortFactory()
    mine = services.application_submit(
        cohort_id=cohort.pk, resident=resident, answers=application_answers(), consent_given=True
    )
    assert client.get(reverse("application_withdraw", args=[mine.pk])).status_code == 405
    mine.refresh_from_db()
    assert mine.status == Status.ENROLLED


def test_withdrawing_twice_explains_instead_of_failing(client, resident):
    cohort = CohortFactory()
    mine = services.application_submit(
        cohort_id=cohort.pk, resident=resident, answers=application_answers(), consent_given=True
    )
    client.post(reverse("application_withdraw", args=[mine.pk]))
    response = client.post(reverse("application_withdraw", args=[mine.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be withdrawn" in response.content.decode()


def finished_class_with_a_seat(resident, *, graduated: bool):
    """A cohort whose only session ended yesterday, the resident enrolled (and graduated)."""
    from enrollment.models import Certificate, ClassSession

    ended = timezone.now() - datetime.timedelta(days=1)
    cohort = CohortFactory(
        starts_on=timezone.localdate(ended) - datetime.timedelta(days=7),
        ends_on=timezone.localdate(ended),
        applications_open_at=ended - datetime.timedelta(days=30),
        applications_close_at=ended - datetime.timedelta(days=8),
        status="completed",
    )
    ClassSession.objects.create(
        cohort=cohort, starts_at=ended - datetime.timedelta(hours=3), ends_at=ended
    )
    application = Application.objects.create(
        cohort=cohort, resident=resident, status=Status.ENROLLED, enrolled_at=ended,
        consent_given_at=ended, **application_answers(),
    )  # fmt: skip
    if graduated:
        Certificate.objects.create(application=application, code="ABCDE12345")
    return application


def test_a_graduate_cannot_withdraw_from_a_finished_class(client, resident):
    application = finished_class_with_a_seat(resident, graduated=True)
    response = client.post(reverse("application_withdraw", args=[application.pk]), follow=True)
    assert response.status_code == 200
    assert "has finished, so there is nothing to withdraw from" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.ENROLLED
    with pytest.raises(EnrollmentError):
        services.application_withdraw(application_id=application.pk, resident=resident)


@pytest.mark.parametrize(("graduated", "standing"), [(True, "Graduated"), (False, "Completed")])
def test_my_academy_shows_a_finished_class_as_graduated_or_completed(
    client, resident, graduated, standing
):
    finished_class_with_a_seat(resident, graduated=graduated)
    page = client.get(reverse("my_academy")).content.decode()
    assert f"Status: {standing}" in page
    assert "Status: Enrolled" not in page
    assert "Withdraw from" not in page


def test_withdrawing_before_the_last_session_still_frees_the_seat(client, resident):
    cohort = CohortFactory()
    mine = services.application_submit(
        cohort_id=cohort.pk, resident=resident, answers=application_answers(), consent_given=True
    )
    assert "Withdraw from" in client.get(reverse("my_academy")).content.decode()
    client.post(reverse("application_withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == Status.WITHDRAWN


def test_the_date_of_birth_hint_names_no_order_of_its_own_beside_the_date_picker(client, resident):
    page = client.get(reverse("application_create", args=[CohortFactory().pk])).content.decode()
    assert 'type="date"' in page
    assert "in the order the date box shows them" in page
    assert "year, month, day" not in page and "1985-04-23" not in page


def test_the_list_of_classes_says_which_evening_and_hours_a_class_meets(client):
    cohort = CohortFactory(name="Spring evening class")
    first = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0)))
    first += datetime.timedelta(days=(2 - first.weekday()) % 7)  # a Wednesday
    schedule.class_sessions_lay_out_weekly(
        cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=6
    )
    html = client.get(reverse("cohort_list")).content.decode()
    assert "Every Wednesday, 6:00 PM to 9:00 PM" in html


def test_a_class_meeting_on_different_evenings_names_them(client):
    cohort = CohortFactory(name="Spring evening class")
    first = timezone.make_aware(datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0)))
    first += datetime.timedelta(days=(0 - first.weekday()) % 7)  # a Monday
    for offset in (0, 3):  # Monday and Thursday
        schedule.class_sessions_lay_out_weekly(
            cohort_id=cohort.pk,
            first_starts_at=first + datetime.timedelta(days=offset),
            duration_minutes=120,
            count=2,
        )
    html = client.get(reverse("cohort_list")).content.decode()
    assert "On Monday, Thursday" in html


def test_an_application_window_shows_its_closing_time_plainly(client):
    close = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=10), datetime.time(23, 59)
        )
    )
    CohortFactory(applications_close_at=close)
    html = client.get(reverse("cohort_list")).content.decode()
    assert f"Open until 11:59 PM on {close:%A, %B} {close.day}, {close.year}" in html
