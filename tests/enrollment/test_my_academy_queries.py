import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrollment import schedule, services
from tests.support.factories import CohortFactory, UserFactory, application_answers, apply_to

pytestmark = pytest.mark.django_db


def add_cohorts(resident, count):
    """`count` classes the resident has a seat in, one after the other (never on the same
    evening), and as many where they wait on the waitlist."""
    already = resident.applications.count()
    for index in range(already, already + count):
        starts = timezone.localdate() + datetime.timedelta(days=30 + 21 * index)
        cohort = CohortFactory(
            capacity=1, starts_on=starts, ends_on=starts + datetime.timedelta(days=20)
        )
        first = timezone.make_aware(
            datetime.datetime.combine(cohort.starts_on, datetime.time(18, 0))
        )
        schedule.class_sessions_lay_out_weekly(
            cohort_id=cohort.pk, first_starts_at=first, duration_minutes=180, count=3
        )
        services.application_submit(
            cohort_id=cohort.pk, resident=resident, answers=application_answers(),
            consent_given=True,
        )  # fmt: skip
        waiting = CohortFactory(capacity=1)
        services.application_submit(
            cohort_id=waiting.pk, resident=UserFactory(), answers=application_answers(),
            consent_given=True,
        )  # fmt: skip
        services.application_submit(
            cohort_id=waiting.pk, resident=resident, answers=application_answers(),
            consent_given=True,
        )  # fmt: skip


def queries_for(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("my_academy")).status_code == 200
    return len(captured)


def test_my_academy_needs_the_same_queries_for_two_classes_or_eight(client):
    resident = UserFactory()
    client.force_login(resident)
    add_cohorts(resident, 2)
    queries_for(client)  # warms per-process caches (Wagtail's site root paths)
    few = queries_for(client)
    add_cohorts(resident, 6)
    assert queries_for(client) == few


def test_seats_in_classes_without_a_schedule_yet_add_no_query_each(client):
    """A class whose sessions are not laid out yet is finished by its last day: the page knows
    it has no sessions and asks the database nothing more per class."""
    resident = UserFactory()
    client.force_login(resident)
    for _ in range(2):
        apply_to(CohortFactory(capacity=5), resident)
    queries_for(client)
    few = queries_for(client)
    for _ in range(4):
        apply_to(CohortFactory(capacity=5), resident)
    assert queries_for(client) == few
