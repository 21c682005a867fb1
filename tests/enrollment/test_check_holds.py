"""Cohorts that enroll only residents whose background check is cleared: a seat given to
anyone else is held for them, with its own deadline, and becomes theirs when cleared."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment import background_checks, services
from enrollment.models import Application, Cohort, Notification
from tests.support.factories import CohortFactory, UserFactory, apply_to

pytestmark = pytest.mark.django_db
Status = Application.Status
Check = Application.BackgroundCheck


def kinds_for(application):
    return sorted(
        Notification.objects.filter(application=application).values_list("kind", flat=True)
    )


def mark(application, status, coordinator):
    background_checks.background_checks_set(
        application_ids=[application.pk], status=status, actor=coordinator
    )
    application.refresh_from_db()


def test_a_seat_given_before_the_check_is_cleared_is_held_with_the_cohorts_deadline():
    cohort = CohortFactory(capacity=2, enroll_only_when_cleared=True, check_hold_days=10)
    before = timezone.now()
    application = apply_to(cohort)
    assert application.status == Status.HELD_FOR_CHECK
    assert application.enrolled_at is None
    held_for = application.seat_held_until - before
    assert datetime.timedelta(days=10) <= held_for < datetime.timedelta(days=10, minutes=1)
    assert kinds_for(application) == ["seat_held_for_check"]
    # A held seat is a seat: two applicants fill a class of two, the third waits.
    apply_to(cohort)
    assert apply_to(cohort).status == Status.WAITLISTED


def test_marking_the_check_cleared_enrolls_the_resident_and_says_so():
    cohort = CohortFactory(capacity=1, enroll_only_when_cleared=True)
    application = apply_to(cohort)
    mark(application, Check.REQUESTED, UserFactory())
    assert application.status == Status.HELD_FOR_CHECK
    mark(application, Check.CLEARED, UserFactory())
    assert application.status == Status.ENROLLED
    assert application.enrolled_at is not None and application.seat_held_until is None
    assert kinds_for(application) == ["application_enrolled", "seat_held_for_check"]


def test_an_applicant_cleared_before_acceptance_is_enrolled_at_once():
    cohort = CohortFactory(
        admission_mode=Cohort.AdmissionMode.REVIEW, enroll_only_when_cleared=True
    )
    coordinator = UserFactory()
    application = apply_to(cohort)
    mark(application, Check.CLEARED, coordinator)
    assert application.status == Status.SUBMITTED  # clearing alone decides nothing
    services.application_accept(application_id=application.pk, actor=coordinator)
    application.refresh_from_db()
    assert application.status == Status.ENROLLED


def test_a_hold_past_its_deadline_is_released_to_the_next_on_the_waitlist_once():
    cohort = CohortFactory(capacity=1, enroll_only_when_cleared=True, check_hold_days=7)
    held = apply_to(cohort)
    waiting = apply_to(cohort)
    assert waiting.status == Status.WAITLISTED
    not_yet = held.seat_held_until - datetime.timedelta(minutes=1)
    assert background_checks.seat_holds_lapse_due(now=not_yet) == 0
    later = held.seat_held_until + datetime.timedelta(minutes=1)
    assert background_checks.seat_holds_lapse_due(now=later) == 1
    assert background_checks.seat_holds_lapse_due(now=later) == 0
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == Status.CHECK_LAPSED and not held.is_active
    assert "seat_hold_lapsed" in kinds_for(held)
    assert waiting.status == Status.OFFERED


def test_an_offered_seat_accepted_before_the_check_is_cleared_is_held():
    cohort = CohortFactory(capacity=1, enroll_only_when_cleared=True)
    first = apply_to(cohort)
    second = apply_to(cohort)
    services.application_withdraw(application_id=first.pk, resident=first.resident)
    second.refresh_from_db()
    assert second.status == Status.OFFERED
    services.offer_accept(application_id=second.pk, resident=second.resident)
    second.refresh_from_db()
    assert second.status == Status.HELD_FOR_CHECK and second.offer_expires_at is None


def test_a_coordinator_can_remove_a_held_seat_with_a_reason_and_the_next_is_offered():
    cohort = CohortFactory(capacity=1, enroll_only_when_cleared=True)
    coordinator = UserFactory()
    held, waiting = apply_to(cohort), apply_to(cohort)
    mark(held, Check.NOT_CLEARED, coordinator)
    assert held.status == Status.HELD_FOR_CHECK  # not cleared: a coordinator decides the rest
    services.application_remove(application_id=held.pk, actor=coordinator, reason="Not eligible")
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.status == Status.REMOVED and held.seat_held_until is None
    assert waiting.status == Status.OFFERED


def test_turning_the_option_off_gives_every_held_seat_to_its_resident():
    cohort = CohortFactory(capacity=3, enroll_only_when_cleared=True)
    held = [apply_to(cohort), apply_to(cohort)]
    Cohort.objects.filter(pk=cohort.pk).update(enroll_only_when_cleared=False)
    services.cohort_edited(cohort_id=cohort.pk)
    for application in held:
        application.refresh_from_db()
        assert application.status == Status.ENROLLED


def test_my_academy_tells_the_resident_their_seat_is_held_and_until_when(client):
    cohort = CohortFactory(capacity=1, enroll_only_when_cleared=True)
    application = apply_to(cohort)
    client.force_login(application.resident)
    page = client.get(reverse("my_academy")).content.decode()
    assert "We are holding a seat for you" in page
    until = timezone.localtime(application.seat_held_until)
    assert f"{until:%B} {until.day}, {until.year}" in page
    # The check's result stays neutral: nothing says cleared or not cleared.
    assert "not cleared" not in page.lower()
