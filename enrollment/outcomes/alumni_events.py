"""Alumni events: volunteer opportunities open to every graduate.

An alumni event is a cohort extra without a cohort (models.AlumniEvent), chosen over a table of
its own so that sign-up, the waitlist, offers with deadlines, their emails, the day-before
reminder and the calendar file are the extras' (enrollment/extras.py, extras_waitlist.py): one
waitlist to keep right, not two. Only who may take part differs: graduates, whose place is
held on the application they graduated with (alumni.alumni_application_for)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .. import extras_waitlist
from ..models import AlumniEvent, ExtraSignup, ExtraWaitlistEntry
from .alumni import alumni_application_for, volunteer_hours_standing

_OFFERED = Q(waitlist_entries__status=ExtraWaitlistEntry.Status.OFFERED)


def alumni_events_for(resident, *, now=None) -> list[AlumniEvent]:
    """Upcoming alumni events, each with `places_left`, `mine` (the resident's place or None)
    and `waiting` (their waitlist entry, with its position, or None): three queries."""
    events = list(
        AlumniEvent.objects.upcoming(now)
        .annotate(
            taken=Count("signups", distinct=True)
            + Count("waitlist_entries", filter=_OFFERED, distinct=True)
        )
        .order_by("starts_at", "pk")
    )
    ids = [event.pk for event in events]
    mine = {
        signup.extra_id: signup
        for signup in ExtraSignup.objects.filter(extra_id__in=ids, application__resident=resident)
    }
    waiting = extras_waitlist.extra_waitlist_for_resident(resident, ids)
    for event in events:
        event.mine = mine.get(event.pk)
        event.waiting = waiting.get(event.pk)
        event.places_left = max(event.capacity - event.taken, 0)
    return events


@dataclass
class AlumniSummary:
    """What My academy shows a graduate: their cohort and the alumni page's headline."""

    cohort_name: str
    upcoming_events: int
    standing: object


def alumni_summary_for(resident, *, goal: int | None) -> AlumniSummary | None:
    """None for anyone who is not an alumnus: My academy then shows no Alumni section."""
    application = alumni_application_for(resident)
    if application is None:
        return None
    return AlumniSummary(
        cohort_name=application.cohort.name,
        upcoming_events=AlumniEvent.objects.upcoming().count(),
        standing=volunteer_hours_standing(resident=resident, goal=goal),
    )


def alumni_event_saved(*, event_id: int, moved: bool, now=None) -> None:
    """After a coordinator saves an event: a moved one's SEQUENCE rises (calendar apps update
    it) and places a raised capacity freed are offered to those in line."""
    with transaction.atomic():
        if moved:
            AlumniEvent.objects.filter(pk=event_id).update(
                sequence=F("sequence") + 1, updated_at=timezone.now()
            )
        extras_waitlist.extra_places_offer_next(extra=extras_waitlist.lock_extra(event_id), now=now)
