"""Who is alumni: graduates with a valid certificate, derived from graduation, nothing stored
twice; My academy shows them an Alumni section and the Alumni page, and no one else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.outcomes.alumni import alumni_application_for, is_alumnus
from tests.support.factories import CohortFactory, UserFactory

from .alumni_helpers import alumni_event, graduate, hours_goal, seat

pytestmark = pytest.mark.django_db


def test_a_graduate_is_alumnus_and_a_resident_with_only_a_seat_is_not():
    cohort = CohortFactory(name="Autumn evening class")
    alumnus = graduate(cohort)
    enrolled = seat(cohort).resident
    assert is_alumnus(alumnus) and alumni_application_for(alumnus).cohort == cohort
    assert not is_alumnus(enrolled) and alumni_application_for(enrolled) is None


def test_a_revoked_certificate_ends_being_alumnus():
    alumnus = graduate()
    certificate = alumni_application_for(alumnus).certificate
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert not is_alumnus(alumnus)


def test_my_academy_shows_the_alumni_section_with_the_goal_only_to_alumni(client):
    hours_goal(12)
    alumnus = graduate(CohortFactory(name="Autumn evening class"))
    alumni_event()
    client.force_login(alumnus)
    page = client.get(reverse("my_academy")).content.decode()
    assert 'id="alumni"' in page and reverse("alumni_page") in page
    assert "Goal this year: 12 hours; you have 0 approved." in page
    client.force_login(seat(CohortFactory()).resident)
    assert 'id="alumni"' not in client.get(reverse("my_academy")).content.decode()


def test_the_alumni_page_is_for_alumni_only(client):
    response = client.get(reverse("alumni_page"))
    assert response.status_code == 302  # to sign in
    client.force_login(seat(CohortFactory()).resident)
    assert client.get(reverse("alumni_page")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("alumni_page")).status_code == 404
    client.force_login(graduate())
    assert client.get(reverse("alumni_page")).status_code == 200


def test_the_alumni_page_lists_upcoming_events_and_says_the_goal(client):
    hours_goal(12)
    client.force_login(graduate())
    event = alumni_event(title="Food bank shift")
    page = client.get(reverse("alumni_page")).content.decode()
    assert "Food bank shift" in page and reverse("extra_detail", args=[event.pk]) in page
    assert "Goal this year: 12 hours; you have 0 approved." in page


def test_without_a_goal_the_alumni_page_says_no_goal(client):
    hours_goal(None)
    client.force_login(graduate())
    page = client.get(reverse("alumni_page")).content.decode()
    assert "Goal this year" not in page and "You have 0 hours approved this year." in page


def test_the_alumni_page_in_spanish_keeps_its_address_under_the_prefix(client):
    client.force_login(graduate())
    assert client.get("/es/my-academy/alumni/").status_code == 200
