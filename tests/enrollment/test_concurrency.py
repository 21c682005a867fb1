"""Simultaneous requests for the last seats: real threads, real connections, real commits."""

import random
import threading

import pytest
from django.db import close_old_connections, connection

from enrollment import services
from enrollment.exceptions import EnrollmentError
from enrollment.models import Application
from tests.support.factories import CohortFactory, UserFactory, application_answers

Status = Application.Status


def run_at_once(jobs):
    """Start every job together (a barrier), each on its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = job()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return outcomes


def submit_job(cohort_id, resident):
    return lambda: services.application_submit(
        cohort_id=cohort_id, resident=resident, answers=application_answers(), consent_given=True
    )


def assert_cohort_consistent(cohort):
    applications = list(Application.objects.filter(cohort=cohort))
    holding = [a for a in applications if a.status in Application.SEAT_STATUSES]
    assert len(holding) <= cohort.capacity
    active = [a for a in applications if a.is_active]
    residents = [a.resident_id for a in active]
    assert len(residents) == len(set(residents)), "a resident holds two active applications"
    waitlist = list(Application.objects.filter(cohort=cohort).waitlist())
    positions = [a.waitlist_position() for a in waitlist]
    assert positions == list(range(1, len(waitlist) + 1))
    return holding, waitlist


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_last_seats_go_to_exactly_capacity_of_many_simultaneous_applicants():
    cohort = CohortFactory(capacity=5)
    residents = [UserFactory() for _ in range(40)]
    outcomes = run_at_once([submit_job(cohort.pk, r) for r in residents])
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors[:3]
    holding, waitlist = assert_cohort_consistent(cohort)
    assert len(holding) == 5
    assert all(a.status == Status.ENROLLED for a in holding)
    assert len(waitlist) == 35
    # Arrival order: every enrolled application was submitted before every waitlisted one.
    assert max(a.submitted_at for a in holding) <= min(a.submitted_at for a in waitlist)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_resident_submitting_many_times_at_once_gets_one_application():
    cohort = CohortFactory(capacity=5)
    resident = UserFactory()
    outcomes = run_at_once([submit_job(cohort.pk, resident) for _ in range(10)])
    created = [o for o in outcomes if isinstance(o, Application)]
    refused = [o for o in outcomes if isinstance(o, EnrollmentError)]
    assert len(created) == 1
    assert len(refused) == 9
    assert all(e.code == "duplicate" for e in refused)
    assert Application.objects.filter(cohort=cohort, resident=resident).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_withdrawals_applications_and_offer_answers_racing_never_overfill_the_cohort():
    cohort = CohortFactory(capacity=4, offer_hours=24)
    seated = [
        services.application_submit(
            cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
            consent_given=True,
        )
        for _ in range(10)
    ]  # fmt: skip
    rng = random.Random(7)
    jobs = []
    for application in seated[:4]:  # the four seat holders withdraw
        jobs.append(
            lambda a=application: services.application_withdraw(
                application_id=a.pk, resident=a.resident
            )
        )
    for _ in range(12):  # newcomers apply meanwhile
        jobs.append(submit_job(cohort.pk, UserFactory()))
    rng.shuffle(jobs)
    outcomes = run_at_once(jobs)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    holding, waitlist = assert_cohort_consistent(cohort)
    assert len(holding) == 4
    # Those offered seats answer at once, some accept, some decline, all together.
    offered = [a for a in holding if a.status == Status.OFFERED]
    answers = []
    for i, application in enumerate(offered):
        action = services.offer_accept if i % 2 == 0 else services.offer_decline
        answers.append(
            lambda a=application, act=action: act(application_id=a.pk, resident=a.resident)
        )
    answers += [submit_job(cohort.pk, UserFactory()) for _ in range(4)]
    outcomes = run_at_once(answers)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    holding, _ = assert_cohort_consistent(cohort)
    assert len(holding) == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_handful_of_simultaneous_applications_do_not_lock_up_sqlite_or_postgres():
    """The local default (SQLite) must queue writers, never answer 'database is locked'."""
    cohort = CohortFactory(capacity=3)
    outcomes = run_at_once([submit_job(cohort.pk, UserFactory()) for _ in range(8)])
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors[:3]
    holding, waitlist = assert_cohort_consistent(cohort)
    assert (len(holding), len(waitlist)) == (3, 5)
