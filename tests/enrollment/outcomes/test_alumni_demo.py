"""The demo's alumni: the demo graduate sees two upcoming alumni events, hours approved and
waiting, and the goal from the demo's Academy settings; loading twice adds nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cpa_site.demo import demo_academy_load
from enrollment.models import AlumniEvent
from enrollment.outcomes.models import VolunteerHours

pytestmark = pytest.mark.django_db


def test_the_demo_graduate_has_alumni_events_hours_and_a_goal_and_a_reload_adds_nothing(client):
    demo_academy_load()
    graduate = get_user_model().objects.get(username="resident@example.org")
    assert AlumniEvent.objects.upcoming().count() == 2
    statuses = sorted(VolunteerHours.objects.filter(resident=graduate).values_list("status"))
    assert statuses == [("approved",), ("approved",), ("pending",)]
    demo_academy_load()
    assert AlumniEvent.objects.count() == 2 and VolunteerHours.objects.count() == 3
    # Loading again sets the demo passwords again: sign in as the account now stands.
    client.force_login(get_user_model().objects.get(pk=graduate.pk))
    response = client.get(reverse("alumni_page"))
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    page = response.content.decode()
    assert "Goal this year: 12 hours; you have 4.5 approved." in page
    assert "Open day helpers" in page and "Youth safety fair" in page
