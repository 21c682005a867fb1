"""The seat primitives every enrollment rule is built from: locks, moves, and who gets a seat.

Kept apart from services.py so the rules there (and background checks) read as decisions, and
so that giving a seat is one function: when a cohort enrolls only residents whose background
check is cleared, a seat given to anyone else is held for them until a deadline instead.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from wagtail.log_actions import log

from .emails.outbox import notification_queue
from .models import Application, ApplicationEvent, Cohort

Status = Application.Status


def cohort_lock(cohort_id: int) -> Cohort:
    """Lock the cohort row: every change to its seats takes this lock first."""
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def application_lock(application_id: int) -> Application:
    return Application.objects.select_for_update().select_related("cohort").get(pk=application_id)


def seats_free(cohort: Cohort) -> int:
    return cohort.capacity - Application.objects.filter(cohort=cohort).holding_seats().count()


def seats_and_waitlist(cohort: Cohort) -> tuple[int, int]:
    """(seats free, residents waitlisted) in one statement: what a new arrival to a locked
    first-come cohort needs to know to take a seat, or the waitlist's next place."""
    counts = Application.objects.filter(cohort=cohort).aggregate(
        holding=Count("pk", filter=Q(status__in=Application.SEAT_STATUSES)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return cohort.capacity - counts["holding"], counts["waitlisted"]


def status_move(
    application: Application,
    to_status: str,
    *,
    actor=None,
    note: str = "",
    now: datetime.datetime,
    audit_action: str = "",
    **changes,
) -> None:
    """Change the status, record it in the history (and the audit log for staff decisions)."""
    from_status = application.status
    application.status = to_status
    for name, value in changes.items():
        setattr(application, name, value)
    application.save(update_fields=["status", *changes])
    ApplicationEvent.objects.create(
        application=application,
        at=now,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note[:1000],
    )
    if audit_action:
        log(
            instance=application,
            action=audit_action,
            user=actor,
            data={"from": from_status, "to": to_status},
        )


def resident_notify(kind: str, application: Application, *, new: bool = False) -> None:
    """`new`: the application was made in this transaction, so no email about it exists."""
    notification_queue(
        kind=kind,
        recipient=application.resident,
        cohort=application.cohort,
        application=application,
        new=new,
    )


def check_pending(application: Application) -> bool:
    """True when the cohort enrolls only cleared residents and this one is not cleared yet."""
    return (
        application.cohort.enroll_only_when_cleared
        and application.background_check != Application.BackgroundCheck.CLEARED
    )


def _seat_terms(application, *, note: str, now) -> tuple[str, dict, str, str]:
    """How a seat is given: (status, fields, history note, email). Enrolled, or, while their
    background check is pending in a cohort that enrolls only cleared residents, the seat held
    for them until the cohort's check deadline."""
    if check_pending(application):
        # Real hours, not wall-clock ones: the deadline is exact across a DST change.
        until = now.astimezone(datetime.UTC) + datetime.timedelta(
            days=application.cohort.check_hold_days
        )
        fields = {"offer_expires_at": None, "seat_held_until": until}
        note = note or gettext_noop("Seat held until the background check is complete")
        return Status.HELD_FOR_CHECK, fields, note, "seat_held_for_check"
    fields = {"enrolled_at": now, "offer_expires_at": None, "seat_held_until": None}
    return Status.ENROLLED, fields, note, "application_enrolled"


def seat_give(application, *, actor=None, note="", now, audit_action="", **changes) -> None:
    """Give the application a seat (see _seat_terms), with its history row and email."""
    status, fields, note, email = _seat_terms(application, note=note, now=now)
    status_move(application, status, actor=actor, now=now, audit_action=audit_action,
                note=note, **fields, **changes)  # fmt: skip
    resident_notify(email, application)


def new_application_place(application, *, seat_free: bool, now, waitlisted: int = 0) -> None:
    """Save a new application to a first-come cohort (locked) straight into its seat or onto
    the waitlist: the same status, fields, history and email as seat_give and waitlist_join
    after a "submitted" row, in three statements instead of seven, because every applicant
    waits for the cohort's lock while they run. `waitlisted`: how many wait already; the
    newcomer arrived last (stamped under the lock), so its place is the next one."""
    application.waitlist_place_on_arrival = None
    if seat_free:
        status, fields, note, email = _seat_terms(
            application, note=gettext_noop("A seat was free"), now=now
        )
    else:
        status, fields, note = Status.WAITLISTED, {}, gettext_noop("The class was full")
        email = "application_waitlisted"
        application.waitlist_place_on_arrival = waitlisted + 1
    application.status = status
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=application,
                at=now,
                actor=application.resident,
                to_status=Status.SUBMITTED,
            ),
            ApplicationEvent(
                application=application,
                at=now,
                from_status=Status.SUBMITTED,
                to_status=status,
                note=note,
            ),
        ]  # fmt: skip
    )
    resident_notify(email, application, new=True)


def waitlist_join(application, *, actor=None, note="", now, audit_action="", **changes) -> None:
    status_move(application, Status.WAITLISTED, actor=actor, note=note, now=now,
                audit_action=audit_action, **changes)  # fmt: skip
    resident_notify("application_waitlisted", application)


def waitlist_offer_next(
    *, cohort: Cohort, now: datetime.datetime | None = None
) -> list[Application]:
    """Offer each free seat to the next person on the waitlist, with a deadline.

    Call with the cohort row locked (inside the same transaction as the change that freed it).
    """
    now = now or timezone.now()
    offered = []
    free = seats_free(cohort)
    if free <= 0:
        return offered
    # Real hours, not wall-clock ones: the deadline is exact across a DST change.
    deadline = now.astimezone(datetime.UTC) + datetime.timedelta(hours=cohort.offer_hours)
    for application in Application.objects.filter(cohort=cohort).waitlist()[:free]:
        status_move(
            application,
            Status.OFFERED,
            note=f"A seat came free; offer open until {deadline.isoformat()}",
            now=now,
            offer_expires_at=deadline,
        )
        resident_notify("seat_offered", application)
        offered.append(application)
    return offered
