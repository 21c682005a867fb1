"""Extras: ride-along shifts, range or simulator days, each with a few places and a waiver.

Only residents with a seat in the cohort take part. A place is taken under a lock on the
extra's row, so the last place goes to one person however many ask at once; a full extra's
waitlist and its offers are in extras_waitlist.py."""

from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import extras_waitlist, my_academy_cache
from .eligibility import extra_age_refusal
from .exceptions import EnrollmentError
from .models import Application, CohortExtra, ExtraSignup, ExtraWaitlistEntry

_OFFERED = Q(waitlist_entries__status=ExtraWaitlistEntry.Status.OFFERED)


def extras_for_resident(resident, cohort_ids) -> dict[int, list[CohortExtra]]:
    """cohort id -> its extras, each with `taken` places (offered ones included), `mine` (the
    resident's signup or None) and `waiting` (their waitlist entry or None): three queries
    however many cohorts and extras."""
    extras = list(
        CohortExtra.objects.filter(cohort_id__in=cohort_ids)
        .annotate(
            taken=Count("signups", distinct=True)
            + Count("waitlist_entries", filter=_OFFERED, distinct=True)
        )
        .order_by("starts_at", "pk")
    )
    mine = {
        signup.extra_id: signup
        for signup in ExtraSignup.objects.filter(
            extra__cohort_id__in=cohort_ids, application__resident=resident
        )
    }
    waiting = extras_waitlist.extra_waitlist_for_resident(resident, [e.pk for e in extras])
    by_cohort: dict[int, list[CohortExtra]] = {}
    for extra in extras:
        extra.mine = mine.get(extra.pk)
        extra.waiting = waiting.get(extra.pk)  # their place in line, or an offered place
        extra.places_left = max(extra.capacity - extra.taken, 0)
        by_cohort.setdefault(extra.cohort_id, []).append(extra)
    return by_cohort


def cohort_extras_with_signups(cohort) -> list[CohortExtra]:
    """The cohort's extras for its coordinators (see extras_with_signups)."""
    return extras_with_signups(CohortExtra.objects.filter(cohort=cohort))


def extras_with_signups(extras) -> list[CohortExtra]:
    """Extras (a cohort's, or one alumni event) for coordinators, each with `taken` places,
    `signups` (who signed up, with the waiver version they agreed to) and `waitlist` (who
    waits, in order, or has a place offered): three queries however many extras."""
    return list(
        extras.annotate(taken=Count("signups"))
        .prefetch_related(
            Prefetch(
                "signups",
                queryset=ExtraSignup.objects.select_related("application__resident").order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "waitlist_entries",
                queryset=ExtraWaitlistEntry.objects.filter(
                    status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
                )
                .select_related("application__resident")
                .order_by(F("offered_at").asc(nulls_last=True), "created_at", "pk"),
                to_attr="waitlist",
            ),
        )
        .order_by("starts_at", "pk")
    )


def extra_seat_holder(extra: CohortExtra, resident) -> Application | None:
    """The resident's application with a seat in the extra's cohort (for an alumni event, the
    one they graduated with), if they have one."""
    return extras_waitlist.extra_place_holder(extra, resident)


def extra_sign_up(*, extra_id: int, resident, waiver_agreed: bool, now=None) -> ExtraSignup:
    """Take one of the extra's places for the resident; asking twice keeps the one place, and
    agreeing again to a waiver that changed since records the new version."""
    now = now or timezone.now()
    if not waiver_agreed:
        raise EnrollmentError(
            _("Please read the waiver and tick the box to agree to it."),
            errors={"waiver": _("Please tick the box to agree to the waiver.")},
            code="waiver",
        )
    with transaction.atomic():
        extra = extras_waitlist.lock_extra(extra_id)
        application = extra_seat_holder(extra, resident)
        if application is None:
            raise EnrollmentError(
                extras_waitlist.extra_not_for_you(
                    extra, _("Only residents with a seat in %(cohort)s can sign up for this.")
                ),
                code="not_enrolled",
            )
        existing = ExtraSignup.objects.filter(extra=extra, application=application).first()
        if existing is not None:
            if existing.waiver_version != extra.waiver_version:
                # The waiver changed since they agreed: agreeing again keeps their place.
                existing.waiver_version, existing.waiver_agreed_at = extra.waiver_version, now
                existing.save(update_fields=["waiver_version", "waiver_agreed_at"])
            return existing
        if extra.starts_at <= now:
            raise EnrollmentError(_("This has already started, so sign-up is closed."), code="past")
        refusal = extra_age_refusal(extra=extra, application=application)
        if refusal:
            raise EnrollmentError(refusal, code="too_young")
        # Places offered to the waitlist are taken until answered: no one jumps the line.
        if extras_waitlist.extra_places_taken(extra) >= extra.capacity:
            raise EnrollmentError(
                _(
                    "All %(capacity)s places are taken. You can join the waitlist, or ask your "
                    "coordinator whether another date is planned."
                )
                % {"capacity": extra.capacity},
                code="full",
            )
        return extras_waitlist.extra_place_take(extra=extra, application=application, now=now)


def extra_cancel(*, extra_id: int, resident, now=None) -> bool:
    """Give the resident's place back; the next in line is offered it. False if they had none."""
    with transaction.atomic():
        extra = extras_waitlist.lock_extra(extra_id)
        deleted, _counts = ExtraSignup.objects.filter(
            extra=extra, application__resident=resident
        ).delete()
        if deleted:
            extras_waitlist.extra_places_offer_next(extra=extra, now=now)
    return bool(deleted)


def extras_release_for(*, application: Application, now=None) -> int:
    """A resident who leaves the class (withdrawn or removed) leaves its extras too: each place
    they held is given back and offered to the next in line, and their places in line end.
    Call inside the transaction that moved the application; returns the places given back."""
    Entry = ExtraWaitlistEntry.Status
    extra_ids = set(
        ExtraSignup.objects.filter(application=application).values_list("extra_id", flat=True)
    ) | set(
        ExtraWaitlistEntry.objects.filter(
            application=application, status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
        ).values_list("extra_id", flat=True)
    )
    given_back = 0
    for extra_id in sorted(extra_ids):
        extra = extras_waitlist.lock_extra(extra_id)
        deleted, _counts = ExtraSignup.objects.filter(extra=extra, application=application).delete()
        given_back += deleted
        ExtraWaitlistEntry.objects.filter(
            extra=extra, application=application, status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
        ).update(status=Entry.LEFT)
        extras_waitlist.extra_places_offer_next(extra=extra, now=now)
    if extra_ids:
        my_academy_cache.bump_residents([application.resident_id])
        my_academy_cache.bump_extras(extra_ids)
    return given_back


def cohort_extras_edited(*, cohort_id: int, moved_extra_ids=(), now=None) -> None:
    """After a coordinator saves a cohort's extras: a moved extra's SEQUENCE rises (calendar
    apps then update the event), and places a raised capacity freed go to those in line."""
    with transaction.atomic():
        if moved_extra_ids:
            CohortExtra.objects.filter(cohort_id=cohort_id, pk__in=moved_extra_ids).update(
                sequence=F("sequence") + 1, updated_at=timezone.now()
            )
        for extra_id in CohortExtra.objects.filter(cohort_id=cohort_id).values_list(
            "pk", flat=True
        ):
            extras_waitlist.extra_places_offer_next(
                extra=extras_waitlist.lock_extra(extra_id), now=now
            )
