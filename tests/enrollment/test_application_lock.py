"""The moment applications open, every applicant waits for the cohort's lock in turn: what runs
under it is pinned here, statement by statement (make bench measures the wait itself)."""

from contextlib import contextmanager

import pytest
from django.db import connection

from enrollment import services
from enrollment.models import Application, ApplicationEvent, Notification
from tests.support.factories import CohortFactory, UserFactory, application_answers

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
