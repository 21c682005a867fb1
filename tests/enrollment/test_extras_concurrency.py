"""Simultaneous requests for an extra's last place and its waitlist: real threads, real
connections, real commits on PostgreSQL (the same approach as test_concurrency.py)."""

import datetime
import random

import pytest
from django.utils import timezone

from enrollment import extras, extras_waitlist, services
from enrollment.exceptions import EnrollmentError
from enrollment.models import CohortExtra, ExtraSignup, ExtraWaitlistEntry
from tests.enrollment.test_concurrency import run_at_once
from tests.support.factories import CohortFactory, UserFactory, application_answers

Entry = ExtraWaitlistEntry.Status
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def seated(cohort, count):
    return [
        services.application_submit(
            cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
            consent_given=True,
        ).resident
        for _ in range(count)
    ]  # fmt: skip


def extra_for(cohort, places):
    starts = timezone.now() + datetime.timedelta(days=10)
    return CohortExtra.objects.create(
        cohort=cohort, title="Simulator day", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6), capacity=places, waiver_text="At my risk.",
    )  # fmt: skip


def sign_up_or_wait(extra_id, resident):
    """What a resident does on the page: take a place, or join the line when it is full."""

    def job():
        try:
            extras.extra_sign_up(extra_id=extra_id, resident=resident, waiver_agreed=True)
            return "place"
        except EnrollmentError as exc:
            if exc.code != "full":
                raise
        extras_waitlist.extra_waitlist_join(extra_id=extra_id, resident=resident)
        return "waiting"

    return job


def assert_extra_consistent(extra):
    """Places signed up for plus places offered never exceed the extra's places, no one both
    has a place and waits, and the line is numbered 1..n."""
    signups = set(ExtraSignup.objects.filter(extra=extra).values_list("application", flat=True))
    active = list(
        ExtraWaitlistEntry.objects.filter(
            extra=extra, status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
        )
    )
    offered = [e for e in active if e.status == Entry.OFFERED]
    assert len(signups) + len(offered) <= extra.capacity
    assert not signups & {e.application_id for e in active}
    waiting = sorted((e for e in active if e.status == Entry.WAITING), key=lambda e: e.created_at)
    positions = [extras_waitlist.extra_waitlist_position(e) for e in waiting]
    assert positions == list(range(1, len(waiting) + 1))
    return signups, offered, waiting


def test_the_last_place_goes_to_exactly_one_and_everyone_else_waits_in_line():
    cohort = CohortFactory(capacity=30)
    extra = extra_for(cohort, places=1)
    residents = seated(cohort, 12)
    outcomes = run_at_once([sign_up_or_wait(extra.pk, r) for r in residents])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(outcomes) == ["place"] + ["waiting"] * 11
    signups, offered, waiting = assert_extra_consistent(extra)
    assert (len(signups), len(offered), len(waiting)) == (1, 0, 11)


def test_a_place_given_back_while_others_ask_is_offered_to_exactly_the_first_in_line():
    cohort = CohortFactory(capacity=30, offer_hours=24)
    extra = extra_for(cohort, places=2)
    holders = seated(cohort, 2)
    for resident in holders:
        extras.extra_sign_up(extra_id=extra.pk, resident=resident, waiver_agreed=True)
    in_line = seated(cohort, 3)
    for resident in in_line:
        extras_waitlist.extra_waitlist_join(extra_id=extra.pk, resident=resident)
    latecomers = seated(cohort, 8)
    jobs = [lambda r=r: extras.extra_cancel(extra_id=extra.pk, resident=r) for r in holders]
    jobs += [sign_up_or_wait(extra.pk, r) for r in latecomers]
    random.Random(11).shuffle(jobs)
    outcomes = run_at_once(jobs)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    signups, offered, waiting = assert_extra_consistent(extra)
    # Both places went to the two first in line, never to a latecomer jumping the line.
    assert not signups
    assert {e.application.resident for e in offered} == set(in_line[:2])
    assert len(waiting) == 1 + len(latecomers)

    # The offered answer together with more latecomers and the expiry beat: still consistent.
    first, second = sorted(offered, key=lambda e: e.created_at)
    answers = [
        lambda: extras_waitlist.extra_offer_accept(
            extra_id=extra.pk, resident=first.application.resident, waiver_agreed=True
        ),
        lambda: extras_waitlist.extra_offer_decline(
            extra_id=extra.pk, resident=second.application.resident
        ),
        lambda: extras_waitlist.extra_offers_expire_due(),
    ]
    answers += [sign_up_or_wait(extra.pk, r) for r in seated(cohort, 4)]
    outcomes = run_at_once(answers)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    signups, offered, _ = assert_extra_consistent(extra)
    assert len(signups) == 1 and len(offered) == 1
    # The declined place went to the next in line: the third who joined before the race.
    assert offered[0].application.resident == in_line[2]
