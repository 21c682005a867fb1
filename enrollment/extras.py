"""Extras: ride-along shifts, range or simulator days, each with a few places and a waiver.

Only residents with a seat in the cohort take part. A place is taken under a lock on the
extra's row, so the last place goes to one person however many ask at once."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .emails.outbox import notification_queue
from .exceptions import EnrollmentError
from .models import Application, CohortExtra, ExtraSignup


def extras_for_resident(resident, cohort_ids) -> dict[int, list[CohortExtra]]:
    """cohort id -> its extras, each with `taken` places and `mine` (the resident's signup or
    None): two queries however many cohorts and extras."""
    extras = (
        CohortExtra.objects.filter(cohort_id__in=cohort_ids)
        .annotate(taken=Count("signups"))
        .order_by("starts_at", "pk")
    )
    mine = {
        signup.extra_id: signup
        for signup in ExtraSignup.objects.filter(
            extra__cohort_id__in=cohort_ids, application__resident=resident
        )
    }
    by_cohort: dict[int, list[CohortExtra]] = {}
    for extra in extras:
        extra.mine = mine.get(extra.pk)
        extra.places_left = max(extra.capacity - extra.taken, 0)
        by_cohort.setdefault(extra.cohort_id, []).append(extra)
    return by_cohort


def cohort_extras_with_signups(cohort) -> list[CohortExtra]:
    """The cohort's extras for its coordinators, each with `taken` places and `signups` (who
    signed up, with the waiver version they agreed to): two queries however many extras."""
    from django.db.models import Prefetch

    return list(
        CohortExtra.objects.filter(cohort=cohort)
        .annotate(taken=Count("signups"))
        .prefetch_related(
            Prefetch(
                "signups",
                queryset=ExtraSignup.objects.select_related("application__resident").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("starts_at", "pk")
    )


def extra_seat_holder(extra: CohortExtra, resident) -> Application | None:
    """The resident's application with a seat in the extra's cohort, if they have one."""
    return Application.objects.filter(
        cohort_id=extra.cohort_id, resident=resident, status=Application.Status.ENROLLED
    ).first()


def extra_sign_up(*, extra_id: int, resident, waiver_agreed: bool, now=None) -> ExtraSignup:
    """Take one of the extra's places for the resident; asking twice keeps the one place, and
    agreeing again to a waiver that changed since records the new version."""
    now = now or timezone.now()
    if not waiver_agreed:
        raise EnrollmentError(
            "Please read the waiver and tick the box to agree to it.",
            errors={"waiver": "Please tick the box to agree to the waiver."},
            code="waiver",
        )
    with transaction.atomic():
        extra = CohortExtra.objects.select_for_update().select_related("cohort").get(pk=extra_id)
        application = extra_seat_holder(extra, resident)
        if application is None:
            raise EnrollmentError(
                f"Only residents with a seat in {extra.cohort.name} can sign up for this.",
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
            raise EnrollmentError("This has already started, so sign-up is closed.", code="past")
        if extra.signups.count() >= extra.capacity:
            raise EnrollmentError(
                f"All {extra.capacity} places are taken. Ask your coordinator whether another "
                "date is planned.",
                code="full",
            )
        signup = ExtraSignup.objects.create(
            extra=extra,
            application=application,
            waiver_version=extra.waiver_version,
            waiver_agreed_at=now,
        )
        # One confirmation per place taken (a place given back and taken again gets its own).
        notification_queue(
            kind="extra_signed_up",
            recipient=resident,
            cohort=extra.cohort,
            application=application,
            version=f"x{signup.pk}",
            extra=extra,
        )
        return signup


def extra_cancel(*, extra_id: int, resident) -> bool:
    """Give the resident's place back (for someone else to take); False if they had none."""
    deleted, _ = ExtraSignup.objects.filter(
        extra_id=extra_id, application__resident=resident
    ).delete()
    return bool(deleted)
