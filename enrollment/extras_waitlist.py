"""The waitlist of a full extra: the same offer rules as cohort seats, for an extra's places.

An offered place counts as taken until it is accepted, declined or expires, so a place is
never both offered and signed up for. Every change locks the extra's row first (the same lock
sign-up takes), so a place given back is offered to exactly one person in line.

An extra without a cohort is an alumni event (enrollment/outcomes/models/alumni.py): the same
places, line and offers, for graduates, whose place is held on the application they graduated
with. One waitlist for both, rather than a second copy that would drift from this one.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .eligibility import extra_age_refusal
from .emails.catalogue import extra_email_kind
from .emails.outbox import notification_queue
from .exceptions import EnrollmentError
from .models import Application, CohortExtra, ExtraSignup, ExtraWaitlistEntry
from .outcomes.alumni import alumni_application_for

Entry = ExtraWaitlistEntry.Status
# How long an offered place on an alumni event waits for an answer (a cohort sets its own).
ALUMNI_EVENT_OFFER_HOURS = 48


def lock_extra(extra_id: int) -> CohortExtra:
    # Only the extra's row: an alumni event has no cohort, and PostgreSQL refuses to lock the
    # empty side of the outer join that reads it.
    return (
        CohortExtra.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=extra_id)
    )


def extra_places_taken(extra: CohortExtra) -> int:
    """Places signed up for plus places offered and not yet answered."""
    offered = ExtraWaitlistEntry.objects.filter(extra=extra, status=Entry.OFFERED).count()
    return extra.signups.count() + offered


def extra_place_holder(extra: CohortExtra, resident) -> Application | None:
    """The application a place is held on: the resident's seat in the extra's cohort, or for an
    alumni event the application they graduated with; None for anyone who may not take part."""
    if extra.cohort_id is None:
        return alumni_application_for(resident)
    return Application.objects.filter(
        cohort_id=extra.cohort_id, resident=resident, status=Application.Status.ENROLLED
    ).first()


def extra_not_for_you(extra: CohortExtra, cohort_message: str) -> str:
    """Why someone may not take part: a seat in the cohort, or for alumni events graduation."""
    if extra.cohort_id is None:
        return _("Alumni events are for graduates of the academy.")
    return cohort_message % {"cohort": extra.cohort.name}


def _offer_hours(extra: CohortExtra) -> int:
    return extra.cohort.offer_hours if extra.cohort_id else ALUMNI_EVENT_OFFER_HOURS


def _refuse_if_too_young(extra: CohortExtra, application: Application) -> None:
    refusal = extra_age_refusal(extra=extra, application=application)
    if refusal:
        raise EnrollmentError(refusal, code="too_young")


def extra_place_take(
    *, extra: CohortExtra, application: Application, now: datetime.datetime
) -> ExtraSignup:
    """Record a place and owe its confirmation. Call with the extra's row locked."""
    signup = ExtraSignup.objects.create(
        extra=extra,
        application=application,
        waiver_version=extra.waiver_version,
        waiver_agreed_at=now,
    )
    # One confirmation per place taken (a place given back and taken again gets its own).
    notification_queue(
        kind=extra_email_kind(extra, "signed_up"),
        recipient=application.resident,
        cohort=extra.cohort or application.cohort,
        application=application,
        version=f"x{signup.pk}",
        extra=extra,
    )
    return signup


def extra_places_offer_next(
    *, extra: CohortExtra, now: datetime.datetime | None = None
) -> list[ExtraWaitlistEntry]:
    """Offer each free place to the next in line, with a deadline (never past the start).

    Call with the extra's row locked, in the transaction of the change that freed the place."""
    now = now or timezone.now()
    if extra.starts_at <= now:
        return []
    free = extra.capacity - extra_places_taken(extra)
    offered: list[ExtraWaitlistEntry] = []
    if free <= 0:
        return offered
    # Real hours, as for seats; but an offer for a shift that starts sooner ends at its start.
    deadline = min(
        now.astimezone(datetime.UTC) + datetime.timedelta(hours=_offer_hours(extra)),
        extra.starts_at,
    )
    waiting = (
        ExtraWaitlistEntry.objects.filter(extra=extra, status=Entry.WAITING)
        .select_related("application__resident")
        .order_by("created_at", "pk")
    )
    for entry in waiting:
        if len(offered) >= free:
            break
        if entry.application.status != Application.Status.ENROLLED:
            # No seat in the class any more, so no place on its extras either.
            entry.status = Entry.LEFT
            entry.save(update_fields=["status"])
            continue
        if extra_age_refusal(extra=extra, application=entry.application):
            continue  # the minimum age was raised after they joined: they could not accept
        entry.status, entry.offered_at, entry.offer_expires_at = Entry.OFFERED, now, deadline
        entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
        notification_queue(
            kind=extra_email_kind(extra, "place_offered"),
            recipient=entry.application.resident,
            cohort=extra.cohort or entry.application.cohort,
            application=entry.application,
            version=_offer_version(entry),
            extra=extra,
        )
        offered.append(entry)
    return offered


def _offer_version(entry: ExtraWaitlistEntry) -> str:
    """One key per offer: an entry offered again after rejoining gets a new email."""
    return f"x{entry.extra_id}w{entry.pk}t{int(entry.offered_at.timestamp())}"


def extra_places_fill(*, extra_id: int, now=None) -> list[ExtraWaitlistEntry]:
    """After a coordinator raises an extra's places: offer them to those in line."""
    with transaction.atomic():
        return extra_places_offer_next(extra=lock_extra(extra_id), now=now)


def extra_waitlist_join(*, extra_id: int, resident, now=None) -> ExtraWaitlistEntry:
    """Wait in line for a place on a full extra (residents with a seat only); asking twice
    keeps the one place in line, and joining again after leaving goes to the back."""
    with transaction.atomic():
        extra = lock_extra(extra_id)
        # Stamped once the extra is locked: the line's order is the order the lock was taken in.
        now = now or timezone.now()
        application = extra_place_holder(extra, resident)
        if application is None:
            raise EnrollmentError(
                extra_not_for_you(
                    extra, _("Only residents with a seat in %(cohort)s can join this waitlist.")
                ),
                code="not_enrolled",
            )
        if extra.starts_at <= now:
            raise EnrollmentError(
                _("This has already started, so its waitlist is closed."), code="past"
            )
        if ExtraSignup.objects.filter(extra=extra, application=application).exists():
            raise EnrollmentError(_("You already have a place on this extra."), code="has_place")
        entry = ExtraWaitlistEntry.objects.filter(extra=extra, application=application).first()
        if entry is not None and entry.status in ExtraWaitlistEntry.ACTIVE_STATUSES:
            return entry
        _refuse_if_too_young(extra, application)
        if extra_places_taken(extra) < extra.capacity:
            raise EnrollmentError(
                _("There are places left, so there is no need to wait: sign up instead."),
                code="not_full",
            )
        if entry is None:
            return ExtraWaitlistEntry.objects.create(
                extra=extra, application=application, created_at=now
            )
        entry.status, entry.created_at = Entry.WAITING, now
        entry.offered_at = entry.offer_expires_at = None
        entry.save(update_fields=["status", "created_at", "offered_at", "offer_expires_at"])
        return entry


def _active_entry(extra: CohortExtra, resident, status=None) -> ExtraWaitlistEntry | None:
    statuses = [status] if status else ExtraWaitlistEntry.ACTIVE_STATUSES
    return (
        ExtraWaitlistEntry.objects.select_for_update()
        .select_related("application__resident")
        .filter(extra=extra, application__resident=resident, status__in=statuses)
        .first()
    )


def extra_waitlist_leave(*, extra_id: int, resident, now=None) -> bool:
    """Leave the line (or turn down an offered place, which then goes to the next in line);
    False if the resident was not in line."""
    now = now or timezone.now()
    with transaction.atomic():
        extra = lock_extra(extra_id)
        entry = _active_entry(extra, resident)
        if entry is None:
            return False
        was_offered = entry.status == Entry.OFFERED
        entry.status = Entry.DECLINED if was_offered else Entry.LEFT
        entry.offer_expires_at = None
        entry.save(update_fields=["status", "offer_expires_at"])
        if was_offered:
            extra_places_offer_next(extra=extra, now=now)
    return True


def extra_offer_decline(*, extra_id: int, resident, now=None) -> bool:
    """A resident turns an offered place down; it is offered to the next in line."""
    return extra_waitlist_leave(extra_id=extra_id, resident=resident, now=now)


def extra_offer_accept(*, extra_id: int, resident, waiver_agreed: bool, now=None) -> ExtraSignup:
    """Take an offered place before its deadline, agreeing to the waiver; a late answer
    expires the offer and the place goes to the next in line."""
    now = now or timezone.now()
    if not waiver_agreed:
        raise EnrollmentError(
            _("Please read the waiver and tick the box to agree to it."),
            errors={"waiver": _("Please tick the box to agree to the waiver.")},
            code="waiver",
        )
    with transaction.atomic():
        extra = lock_extra(extra_id)
        entry = _active_entry(extra, resident, Entry.OFFERED)
        if entry is None:
            raise EnrollmentError(
                _("There is no place offered to you on this extra."), code="no_offer"
            )
        expired = entry.offer_expires_at <= now
        if expired:
            # Committed before the refusal: the place moves on whether or not the beat got here.
            _expire(entry, extra, now)
        else:
            if entry.application.status != Application.Status.ENROLLED:
                raise EnrollmentError(
                    extra_not_for_you(
                        extra, _("Only residents with a seat in %(cohort)s can take this place.")
                    ),
                    code="not_enrolled",
                )
            _refuse_if_too_young(extra, entry.application)
            entry.status, entry.offer_expires_at = Entry.ACCEPTED, None
            entry.save(update_fields=["status", "offer_expires_at"])
            signup = extra_place_take(extra=extra, application=entry.application, now=now)
    if expired:
        raise EnrollmentError(
            _("Sorry, this offer has expired and the place has gone to the next person."),
            code="expired",
        )
    return signup


def _expire(entry: ExtraWaitlistEntry, extra: CohortExtra, now) -> None:
    entry.status = Entry.EXPIRED
    entry.save(update_fields=["status"])
    notification_queue(
        kind=extra_email_kind(extra, "offer_expired"),
        recipient=entry.application.resident,
        cohort=extra.cohort or entry.application.cohort,
        application=entry.application,
        version=_offer_version(entry),
        extra=extra,
    )
    extra_places_offer_next(extra=extra, now=now)


def extra_offers_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Expire every offered place past its deadline and pass each on. Safe to run twice."""
    now = now or timezone.now()
    expired = 0
    due = ExtraWaitlistEntry.objects.filter(status=Entry.OFFERED, offer_expires_at__lte=now)
    for entry_id, extra_id in due.values_list("pk", "extra_id"):
        with transaction.atomic():
            extra = lock_extra(extra_id)
            entry = (
                ExtraWaitlistEntry.objects.select_for_update()
                .select_related("application__resident")
                .get(pk=entry_id)
            )
            if entry.status != Entry.OFFERED or entry.offer_expires_at > now:
                continue  # answered meanwhile, or another scheduler got there first
            _expire(entry, extra, now)
            expired += 1
    return expired


def extra_waitlist_position(entry: ExtraWaitlistEntry) -> int | None:
    """1 for the next to be offered a place; None when not waiting."""
    if entry.status != Entry.WAITING:
        return None
    ahead = ExtraWaitlistEntry.objects.filter(
        extra_id=entry.extra_id, status=Entry.WAITING, created_at__lte=entry.created_at
    ).exclude(created_at=entry.created_at, pk__gte=entry.pk)
    return ahead.count() + 1


def extra_waitlist_for_resident(resident, extra_ids) -> dict[int, ExtraWaitlistEntry]:
    """extra id -> the resident's active entry, with `position` when waiting: one query."""
    if not extra_ids:
        return {}
    entries = ExtraWaitlistEntry.objects.filter(
        extra_id__in=extra_ids, status__in=ExtraWaitlistEntry.ACTIVE_STATUSES
    ).order_by("extra_id", "created_at", "pk")
    mine: dict[int, ExtraWaitlistEntry] = {}
    in_line: dict[int, int] = {}
    for entry in entries.annotate(resident_id=F("application__resident_id")):
        if entry.status == Entry.WAITING:
            in_line[entry.extra_id] = in_line.get(entry.extra_id, 0) + 1
        if entry.resident_id == resident.pk:
            entry.position = in_line[entry.extra_id] if entry.status == Entry.WAITING else None
            mine[entry.extra_id] = entry
    return mine
