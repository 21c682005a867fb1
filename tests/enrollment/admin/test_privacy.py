"""A resident's data on request: exported or erased by a coordinator, audited, no one else."""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.roles import INSTRUCTORS, roles_ensure
from enrollment.calendars import calendar_feed_renew
from enrollment.models import Application, CalendarFeed
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db
ADDRESS = "5 Retention Road"


def applied(resident=None) -> Application:
    return apply_to(CohortFactory(), resident, address=ADDRESS, accessibility_needs="Wheelchair")


def erased(application) -> bool:
    application.refresh_from_db()
    return application.personal_data_erased_at is not None


def test_a_coordinator_exports_one_residents_data_and_it_is_audited(client, coordinator):
    resident = UserFactory(email="subject@example.org")
    application = applied(resident=resident)
    applied()  # someone else's
    response = client.get(reverse("enrollment_resident_export", args=[resident.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "subject@example.org"
    assert [a["id"] for a in data["applications"]] == [application.pk]
    assert data["applications"][0]["address"] == ADDRESS
    assert ModelLogEntry.objects.filter(
        action="enrollment.export_personal_data", user=coordinator, object_id=str(resident.pk)
    ).exists()


def test_a_coordinator_erases_one_residents_answers_after_confirming(client, coordinator):
    resident = UserFactory()
    application, other = applied(resident=resident), applied()
    calendar_feed_renew(resident=resident)
    url = reverse("enrollment_resident_erase", args=[resident.pk])
    page = client.get(url)
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    assert not erased(application)
    response = client.post(url)
    assert response.status_code == 302
    assert erased(application) and not erased(other)
    assert not CalendarFeed.objects.filter(resident=resident).exists()
    assert ModelLogEntry.objects.filter(
        action="enrollment.erase_personal_data", user=coordinator
    ).exists()
    inspect = client.get(reverse("wagtailsnippets_enrollment_application:inspect", args=[other.pk]))
    assert "Erase this resident" in inspect.content.decode()


def test_instructors_and_residents_cannot_export_or_erase(client):
    roles_ensure()
    enrollment_roles_ensure()
    application = applied()
    for user in (UserFactory(groups=[INSTRUCTORS]), UserFactory()):
        client.force_login(user)
        for name in ("enrollment_resident_export", "enrollment_resident_erase"):
            url = reverse(name, args=[application.resident_id])
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code in (302, 403, 405), (name, method)
                assert ADDRESS.encode() not in response.content
    assert not erased(application)
