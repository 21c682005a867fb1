"""Retention: personal answers erased on time (frozen clock). Export and erase on request are
the admin's: tests/enrollment/admin/test_privacy.py."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from enrollment import retention, services
from enrollment.models import Application, Cohort
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
        assert application.submitted_at and application.consent_id
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
