import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from enrollment import selectors, services
from enrollment.exceptions import EnrollmentError
from enrollment.models import Application, ApplicationEvent, Cohort, Notification
from tests.support.factories import CohortFactory, UserFactory, application_answers

pytestmark = pytest.mark.django_db
Status = Application.Status


def apply(cohort, resident=None, **answers):
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(**answers),
        consent_given=True,
    )


def kinds_for(application):
    return sorted(
        Notification.objects.filter(application=application).values_list("kind", flat=True)
    )


def test_first_come_cohort_enrolls_until_full_then_waitlists_in_arrival_order():
    cohort = CohortFactory(capacity=2)
    first, second, third, fourth = (apply(cohort) for _ in range(4))
    assert [a.status for a in (first, second, third, fourth)] == [
        Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED, Status.WAITLISTED,
    ]  # fmt: skip
    assert third.waitlist_position() == 1
    assert fourth.waitlist_position() == 2
    assert kinds_for(first) == ["application_enrolled"]
    assert kinds_for(third) == ["application_waitlisted"]


def test_review_cohort_keeps_applications_submitted_until_a_coordinator_decides():
    cohort = CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW, capacity=1)
    application = apply(cohort)
    assert application.status == Status.SUBMITTED
    assert kinds_for(application) == ["application_received"]


def test_coordinator_accepts_while_seats_remain_and_acceptance_past_capacity_waitlists():
    cohort = CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW, capacity=1)
    coordinator = UserFactory()
    a, b = apply(cohort), apply(cohort)
    services.application_accept(application_id=a.pk, actor=coordinator)
    services.application_accept(application_id=b.pk, actor=coordinator)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (Status.ENROLLED, Status.WAITLISTED)
    assert a.decided_by == coordinator and a.decided_at is not None


def test_every_decision_is_in_the_history_and_the_audit_log():
    cohort = CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW)
    coordinator = UserFactory()
    application = apply(cohort)
    services.application_decline(
        application_id=application.pk, actor=coordinator, reason="Too late"
    )
    events = list(ApplicationEvent.objects.filter(application=application))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", Status.SUBMITTED),
        (Status.SUBMITTED, Status.DECLINED),
    ]
    assert events[1].actor == coordinator and events[1].note == "Too late"
    entry = ModelLogEntry.objects.get(object_id=str(application.pk))
    assert entry.action == "enrollment.decline"
    assert entry.user == coordinator


def test_decline_needs_a_reason_and_sends_it_to_the_resident():
    cohort = CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW)
    application = apply(cohort)
    with pytest.raises(EnrollmentError) as excinfo:
        services.application_decline(application_id=application.pk, actor=UserFactory(), reason=" ")
    assert excinfo.value.errors == {"reason": "Please give a reason."}
    services.application_decline(application_id=application.pk, actor=UserFactory(), reason="Full")
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.decision_reason == "Full"
    assert "application_declined" in kinds_for(application)


@pytest.mark.parametrize("how", ["withdraw", "remove", "offer_decline", "offer_expire"])
def test_a_freed_seat_is_offered_to_the_next_person_on_the_waitlist(how):
    cohort = CohortFactory(capacity=1, offer_hours=48)
    holder = apply(cohort)
    next_up, after = apply(cohort), apply(cohort)
    now = timezone.now()
    if how in ("offer_decline", "offer_expire"):
        # The seat holder is someone who was offered it (not yet accepted).
        services.application_withdraw(application_id=holder.pk, resident=holder.resident)
        next_up.refresh_from_db()
        assert next_up.status == Status.OFFERED
        holder = next_up
        next_up = after
    if how == "withdraw":
        services.application_withdraw(application_id=holder.pk, resident=holder.resident, now=now)
    elif how == "remove":
        services.application_remove(
            application_id=holder.pk, actor=UserFactory(), reason="No show", now=now
        )
    elif how == "offer_decline":
        services.offer_decline(application_id=holder.pk, resident=holder.resident, now=now)
    else:
        now = now + datetime.timedelta(hours=49)
        assert services.offers_expire_due(now=now) == 1
        holder.refresh_from_db()
        assert holder.status == Status.OFFER_EXPIRED
        assert "offer_expired" in kinds_for(holder)
    next_up.refresh_from_db()
    assert next_up.status == Status.OFFERED
    assert next_up.offer_expires_at == now + datetime.timedelta(hours=48)
    assert "seat_offered" in kinds_for(next_up)


def test_accepting_an_offer_enrolls_and_an_expired_offer_cannot_be_accepted():
    cohort = CohortFactory(capacity=1, offer_hours=1)
    holder, waiting, last = apply(cohort), apply(cohort), apply(cohort)
    services.application_withdraw(application_id=holder.pk, resident=holder.resident)
    waiting.refresh_from_db()
    services.offer_accept(application_id=waiting.pk, resident=waiting.resident)
    waiting.refresh_from_db()
    assert waiting.status == Status.ENROLLED and waiting.offer_expires_at is None

    services.application_withdraw(application_id=waiting.pk, resident=waiting.resident)
    last.refresh_from_db()
    assert last.status == Status.OFFERED
    late = last.offer_expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(EnrollmentError, match="expired"):
        services.offer_accept(application_id=last.pk, resident=last.resident, now=late)
    last.refresh_from_db()
    assert last.status == Status.OFFER_EXPIRED


def test_expiring_offers_twice_changes_nothing_the_second_time():
    cohort = CohortFactory(capacity=1, offer_hours=1)
    holder, _waiting = apply(cohort), apply(cohort)
    services.application_withdraw(application_id=holder.pk, resident=holder.resident)
    later = timezone.now() + datetime.timedelta(hours=2)
    assert services.offers_expire_due(now=later) == 1
    assert services.offers_expire_due(now=later) == 0
    assert Notification.objects.filter(kind="offer_expired").count() == 1


def test_a_resident_cannot_act_on_someone_elses_application():
    cohort = CohortFactory(capacity=1)
    mine = apply(cohort)
    stranger = UserFactory()
    for action in (services.application_withdraw, services.offer_accept, services.offer_decline):
        with pytest.raises(Application.DoesNotExist):
            action(application_id=mine.pk, resident=stranger)
    mine.refresh_from_db()
    assert mine.status == Status.ENROLLED


def test_residency_basis_the_cohort_does_not_accept_is_refused_at_that_field():
    cohort = CohortFactory(accepts_students=False)
    with pytest.raises(EnrollmentError) as excinfo:
        apply(cohort, residency_basis="studies")
    assert "open to people who say" in excinfo.value.errors["residency_basis"]
    assert "study" not in excinfo.value.errors["residency_basis"]


def test_applicant_too_young_on_the_start_date_is_refused_with_the_age_they_would_be():
    cohort = CohortFactory(minimum_age=18)
    born = cohort.starts_on.replace(year=cohort.starts_on.year - 18) + datetime.timedelta(days=1)
    with pytest.raises(EnrollmentError) as excinfo:
        apply(cohort, date_of_birth=born)
    assert "at least 18 on the first day of class" in excinfo.value.errors["date_of_birth"]
    assert "You would be 17" in excinfo.value.errors["date_of_birth"]
    exactly_18 = cohort.starts_on.replace(year=cohort.starts_on.year - 18)
    assert apply(cohort, date_of_birth=exactly_18).status == Status.ENROLLED


def test_consent_is_required_and_recorded_with_its_version():
    cohort = CohortFactory(consent_text="I agree to a background check by the department.")
    with pytest.raises(EnrollmentError) as excinfo:
        services.application_submit(
            cohort_id=cohort.pk, resident=UserFactory(), answers=application_answers(),
            consent_given=False,
        )  # fmt: skip
    assert "background check" in excinfo.value.errors["consent"]
    application = apply(cohort)
    assert application.consent.version == 1 and application.consent_given_at is not None
    assert application.consent.text == "I agree to a background check by the department."


def test_applications_outside_the_window_or_to_a_draft_cohort_are_refused():
    now = timezone.now()
    not_yet = CohortFactory(applications_open_at=now + datetime.timedelta(days=1))
    over = CohortFactory(
        applications_open_at=now - datetime.timedelta(days=5),
        applications_close_at=now - datetime.timedelta(days=1),
    )
    draft = CohortFactory(status=Cohort.Status.DRAFT)
    with pytest.raises(EnrollmentError, match="open on"):
        apply(not_yet)
    for cohort in (over, draft):
        with pytest.raises(EnrollmentError, match="closed"):
            apply(cohort)
    assert Application.objects.count() == 0


def test_one_active_application_per_resident_and_cohort_but_reapplying_after_withdrawal_works():
    cohort = CohortFactory()
    resident = UserFactory()
    first = apply(cohort, resident)
    with pytest.raises(EnrollmentError, match="already applied"):
        apply(cohort, resident)
    services.application_withdraw(application_id=first.pk, resident=resident)
    again = apply(cohort, resident)
    assert again.status == Status.ENROLLED


@pytest.mark.parametrize("held", [Status.ENROLLED, Status.HELD_FOR_CHECK])
def test_the_database_refuses_a_second_active_application(held):
    """Whatever active status the first one has: a seat held for a background check too (two
    submissions at once to a cohort that enrolls only cleared residents both pass the
    look-up before the lock; only this constraint stops the second)."""
    from django.db import IntegrityError, transaction

    cohort = CohortFactory(enroll_only_when_cleared=held == Status.HELD_FOR_CHECK)
    first = apply(cohort)
    assert first.status == held
    assert set(Application.ACTIVE_STATUSES) >= {held}
    duplicate = Application(
        cohort=cohort, resident=first.resident, status=Status.WAITLISTED,
        consent_given_at=timezone.now(), **application_answers(),
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_waitlisting_while_a_seat_is_free_offers_it_at_once():
    cohort = CohortFactory(admission_mode=Cohort.AdmissionMode.REVIEW, capacity=1)
    application = apply(cohort)
    services.application_waitlist(application_id=application.pk, actor=UserFactory())
    application.refresh_from_db()
    assert application.status == Status.OFFERED


def test_raising_capacity_offers_the_new_seats_to_the_waitlist():
    cohort = CohortFactory(capacity=1)
    apply(cohort)
    waiting = apply(cohort)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    offered = services.cohort_fill_free_seats(cohort_id=cohort.pk)
    assert [a.pk for a in offered] == [waiting.pk]


def test_seat_summary_counts_enrolled_offered_and_waitlisted():
    cohort = CohortFactory(capacity=2)
    a, _b, _c, _d = (apply(cohort) for _ in range(4))
    services.application_withdraw(application_id=a.pk, resident=a.resident)
    summary = selectors.cohort_seat_summary(cohort=cohort)
    assert (summary.enrolled, summary.offered, summary.waitlisted) == (1, 1, 1)
    assert summary.left == 0


def test_a_seat_in_a_class_meeting_at_the_same_time_refuses_the_second_application():
    from enrollment.models import ClassSession

    resident = UserFactory()
    first_day = timezone.localtime() + datetime.timedelta(days=31)
    evening = first_day.replace(hour=18, minute=0, second=0, microsecond=0)
    wednesday, other = CohortFactory(name="Wednesday class"), CohortFactory(name="Second class")
    for cohort, start in ((wednesday, evening), (other, evening + datetime.timedelta(hours=1))):
        ClassSession.objects.create(
            cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
        )
    apply(wednesday, resident)
    with pytest.raises(EnrollmentError) as refused:
        apply(other, resident)
    assert refused.value.code == "schedule_clash"
    assert "Wednesday class" in refused.value.message
    # A class on another evening is fine.
    later = CohortFactory(name="Thursday class")
    start = evening + datetime.timedelta(days=1)
    ClassSession.objects.create(
        cohort=later, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    assert apply(later, resident).status == Status.ENROLLED


def test_a_cancelled_class_or_a_seat_given_up_is_no_clash():
    from enrollment.eligibility import schedule_clash
    from enrollment.models import ClassSession

    resident = UserFactory()
    start = (timezone.localtime() + datetime.timedelta(days=40)).replace(hour=18, minute=0)
    seated, wanted = CohortFactory(name="Seated class"), CohortFactory(name="Wanted class")
    theirs = ClassSession.objects.create(
        cohort=seated, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    ours = ClassSession.objects.create(
        cohort=wanted, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    application = apply(seated, resident)
    assert "Seated class" in schedule_clash(cohort=wanted, resident=resident)
    ClassSession.objects.filter(pk=ours.pk).update(status=ClassSession.Status.CANCELLED)
    assert schedule_clash(cohort=wanted, resident=resident) == ""
    ClassSession.objects.filter(pk=ours.pk).update(status=ClassSession.Status.SCHEDULED)
    ClassSession.objects.filter(pk=theirs.pk).update(status=ClassSession.Status.CANCELLED)
    assert schedule_clash(cohort=wanted, resident=resident) == ""
    ClassSession.objects.filter(pk=theirs.pk).update(status=ClassSession.Status.SCHEDULED)
    services.application_withdraw(application_id=application.pk, resident=resident)
    assert schedule_clash(cohort=wanted, resident=resident) == ""


def test_the_one_active_application_constraint_covers_every_active_status():
    """The look-up before the lock (ACTIVE_STATUSES) and the database's last word agree."""
    constraint = next(
        c
        for c in Application._meta.constraints
        if c.name == "one_active_application_per_resident_and_cohort"
    )
    ((lookup, statuses),) = constraint.condition.children
    assert lookup == "status__in"
    assert sorted(statuses) == sorted(Application.ACTIVE_STATUSES)
