"""Retention: personal answers erased on time (frozen clock), and export/erase on request."""

import datetime
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from enrollment import retention, services
from enrollment.calendars import calendar_feed_renew
from enrollment.models import Application, CalendarFeed, Cohort
from enrollment.roles import enrollment_roles_ensure
from enrollment.tasks import erase_expired_personal_data
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)  # frozen for the whole module, passed as `now`
ADDRESS = "5 Retention Road"


def applied(ended_days_ago=None, resident=None) -> Application:
    cohort = CohortFactory()
    application = services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(address=ADDRESS, accessibility_needs="Wheelchair"),
        consent_given=True,
    )
    if ended_days_ago is not None:
        ends = timezone.localdate(NOW) - datetime.timedelta(days=ended_days_ago)
        Cohort.objects.filter(pk=cohort.pk).update(
            starts_on=ends - datetime.timedelta(days=49), ends_on=ends
        )
    return application


def declined(days_ago: int) -> Application:
    application = applied()
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.DECLINED, decided_at=NOW - datetime.timedelta(days=days_ago)
    )
    return application


def erased(application) -> bool:
    application.refresh_from_db()
    return application.personal_data_erased_at is not None


def test_the_defaults_are_a_year_after_the_cohort_and_90_days_after_a_decline():
    assert settings.RETENTION_DAYS_AFTER_COHORT_END == 365
    assert settings.RETENTION_DAYS_AFTER_DECLINE == 90
    schedule = settings.CELERY_BEAT_SCHEDULE["erase-expired-personal-data"]
    assert schedule["task"] == erase_expired_personal_data.name
    assert schedule["schedule"] == 24 * 3600


def test_answers_are_erased_on_time_and_what_statistics_need_is_kept():
    old, recent = applied(ended_days_ago=366), applied(ended_days_ago=364)
    old_decline, new_decline = declined(91), declined(89)
    status_before = Application.objects.get(pk=old.pk).status

    assert retention.personal_data_erase_due(now=NOW) == 2
    assert erased(old) and erased(old_decline)
    assert not erased(recent) and not erased(new_decline)
    assert recent.address == ADDRESS and new_decline.accessibility_needs == "Wheelchair"
    for application in (old, old_decline):
        assert application.address == "" and application.phone == ""
        assert application.date_of_birth is None and application.motivation == ""
        assert application.emergency_contact_name == "" and application.accessibility_needs == ""
        # Kept: status, dates, cohort, the account link, residency basis, consent.
        assert application.resident_id and application.cohort_id
        assert application.submitted_at and application.consent_version
        assert application.residency_basis == "lives"
    assert old.status == status_before
    # Running again finds nothing more.
    assert retention.personal_data_erase_due(now=NOW) == 0


def test_the_periods_follow_the_settings(settings):
    settings.RETENTION_DAYS_AFTER_COHORT_END = 30
    application = applied(ended_days_ago=31)
    assert retention.personal_data_erase_due(now=NOW) == 1
    assert erased(application)


def test_the_task_is_thin_and_carries_no_personal_data():
    assert erase_expired_personal_data.run.__code__.co_argcount == 0


@pytest.fixture
def coordinator(client):
    roles_ensure()
    enrollment_roles_ensure()
    user = UserFactory(groups=[COORDINATORS])
    client.force_login(user)
    return user


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
