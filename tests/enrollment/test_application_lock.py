"""The moment applications open, every applicant waits for the cohort's lock in turn: what runs
under it is pinned here, statement by statement (make bench measures the wait itself)."""

from contextlib import contextmanager

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enrollment import services
from enrollment.models import Application, ApplicationEvent, Notification
from tests.support.factories import (
    CohortFactory,
    UserFactory,
    application_answers,
    application_post,
    apply_to,
)

pytestmark = pytest.mark.django_db


@contextmanager
def statements_under_lock():
    """The SQL run from the cohort's SELECT ... FOR UPDATE on, up to the end of the service's
    transaction (which ends the lock)."""
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    under: list[str] = []
    with connection.execute_wrapper(record):
        yield under
    start = next(i for i, sql in enumerate(seen) if "FOR UPDATE" in sql)
    under.extend(seen[start:])
    # Inside the test's own transaction the service's transaction is a savepoint: its release
    # stands where a request's COMMIT would be. Any other savepoint is counted.
    if under and under[-1].startswith("RELEASE SAVEPOINT"):
        under.pop()


def apply(cohort):
    return services.application_submit(
        cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
        consent_given=True,
    )  # fmt: skip


@pytest.mark.postgres  # SQLite has no row locks: Django leaves FOR UPDATE out there
@pytest.mark.parametrize("capacity, status", [(2, "enrolled"), (1, "waitlisted")])
def test_a_first_come_application_holds_the_lock_for_five_statements(capacity, status):
    cohort = CohortFactory(capacity=capacity)
    apply(cohort)  # the first applicant also records the consent wording's first version
    with statements_under_lock() as under:
        application = apply(cohort)
    kinds = [sql.split()[0] for sql in under]
    assert kinds == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT"], [s[:120] for s in under]
    assert application.status == status
    events = ApplicationEvent.objects.filter(application=application).order_by("pk")
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "submitted"),
        ("submitted", status),
    ]
    assert Notification.objects.filter(application=application).count() == 1


def test_a_resident_applying_twice_at_once_is_told_they_already_applied():
    cohort = CohortFactory(capacity=5)
    resident = UserFactory()
    services.application_submit(
        cohort_id=cohort.pk, resident=resident, answers=application_answers(), consent_given=True
    )
    with pytest.raises(services.EnrollmentError) as refused:
        services.application_submit(
            cohort_id=cohort.pk, resident=resident, answers=application_answers(),
            consent_given=True,
        )  # fmt: skip
    assert refused.value.code == "duplicate"
    assert Application.objects.filter(cohort=cohort, resident=resident).count() == 1


def _post_application(client, cohort):
    resident = UserFactory()
    client.force_login(resident)
    client.get(reverse("application_create", args=[cohort.pk]))  # signed in, form fetched
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("application_create", args=[cohort.pk]), application_post())
    return response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.postgres  # SQLite has no row locks: Django leaves FOR UPDATE out there
def test_applying_through_the_form_reads_the_cohort_and_its_questions_once_before_the_lock(client):
    cohort = CohortFactory(capacity=5)
    apply_to(cohort)
    response, sql = _post_application(client, cohort)
    assert response.status_code == 302
    cohort_reads = [s for s in sql if s.startswith('SELECT "enrollment_cohort"."id"')]
    # The view's read, then the lock (the service takes the view's copy, not a third read).
    assert len(cohort_reads) == 2 and "FOR UPDATE" in cohort_reads[1], cohort_reads
    assert len([s for s in sql if 'FROM "enrollment_cohortquestion"' in s]) == 1
    # The session's user, cohort, questions, clash, consent; in the service's transaction:
    # My academy's version, lock, seat count, application, history, email; and the savepoint
    # around it (a request's BEGIN and COMMIT). No look-up for a second application: the
    # database's constraint refuses one. The session's own row is left out: production keeps
    # sessions in the cache.
    assert len([s for s in sql if '"django_session"' not in s]) == 13, sql


@pytest.mark.postgres  # the statements are told apart by the lock's FOR UPDATE
def test_a_resident_waitlisted_on_arrival_reads_their_place_counted_under_the_lock(client):
    cohort = CohortFactory(capacity=1)
    apply_to(cohort)  # the seat
    ahead = apply_to(cohort)
    assert ahead.status == Application.Status.WAITLISTED
    response, sql = _post_application(client, cohort)
    assert response.status_code == 302
    mine = Application.objects.filter(cohort=cohort).latest("pk")
    assert mine.status == Application.Status.WAITLISTED and mine.waitlist_position() == 2
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "waitlist at position 2." in message
    # Nothing counted the waitlist again once the lock was let go.
    lock = next(i for i, s in enumerate(sql) if "FOR UPDATE" in s)
    assert not [s for s in sql[lock + 2 :] if s.startswith("SELECT COUNT")], sql[lock:]
