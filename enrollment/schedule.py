"""Class sessions: laying out a term, moving and cancelling evenings (calendars.py has the
calendar files)."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import ModulePage

from .calendars import academy_zone
from .emails.outbox import notification_queue, notifications_handed_over_together
from .exceptions import EnrollmentError
from .models import Application, ClassSession, Cohort

MAX_WEEKLY_SESSIONS = 30


def schedule_errors(
    *, cohort: Cohort, starts_at, ends_at, exclude_session_id=None, others=None
) -> dict[str, str]:
    """Field errors for one session: order of times, cohort dates, overlap with its siblings."""
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
        return errors
    zone = academy_zone()
    first = starts_at.astimezone(zone).date()
    last = ends_at.astimezone(zone).date()
    if first < cohort.starts_on or last > cohort.ends_on:
        errors["starts_at"] = _(
            "The session must fall within the cohort's dates (%(first)s to %(last)s)."
        ) % {
            "first": date_format(cohort.starts_on, "MONTH_DAY_FORMAT"),
            "last": date_format(cohort.ends_on, "DATE_FORMAT"),
        }
    if others is None:
        others = [
            (s.starts_at, s.ends_at)
            for s in cohort.sessions.exclude(status=ClassSession.Status.CANCELLED).exclude(
                pk=exclude_session_id
            )
        ]
    for other_start, other_end in others:
        if starts_at < other_end and other_start < ends_at:
            local = other_start.astimezone(zone)
            errors["starts_at"] = _(
                "It overlaps another session of this cohort (%(day)s, %(time)s)."
            ) % {
                "day": date_format(local, "MONTH_DAY_FORMAT"),
                "time": date_format(local, "TIME_FORMAT"),
            }
            break
    return errors


def class_sessions_lay_out_weekly(
    *,
    cohort_id: int,
    first_starts_at: datetime.datetime,
    duration_minutes: int,
    count: int,
    assign_modules: bool = True,
) -> list[ClassSession]:
    """Create `count` weekly sessions at the same local time, modules in curriculum order."""
    if not 1 <= count <= MAX_WEEKLY_SESSIONS:
        raise EnrollmentError(
            _("Choose between 1 and %(most)s sessions.") % {"most": MAX_WEEKLY_SESSIONS},
            errors={"count": _("Out of range.")},
        )
    if not 15 <= duration_minutes <= 600:
        raise EnrollmentError(
            _("A session lasts between 15 minutes and 10 hours."),
            errors={"duration_minutes": _("Between 15 and 600 minutes.")},
        )
    zone = academy_zone()
    # The same wall-clock time every week, across daylight-saving changes.
    local_first = first_starts_at.astimezone(zone).replace(tzinfo=None)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
        modules = list(ModulePage.objects.child_of(cohort.curriculum).live().order_by("number"))
        others = [
            (s.starts_at, s.ends_at)
            for s in cohort.sessions.exclude(status=ClassSession.Status.CANCELLED)
        ]
        created = []
        for week in range(count):
            starts = (local_first + datetime.timedelta(weeks=week)).replace(tzinfo=zone)
            ends = starts + datetime.timedelta(minutes=duration_minutes)
            errors = schedule_errors(cohort=cohort, starts_at=starts, ends_at=ends, others=others)
            if errors:
                message = next(iter(errors.values()))
                number = week + 1
                day = date_format(starts, "MONTH_DAY_FORMAT")
                raise EnrollmentError(
                    _("Session %(number)s (%(day)s): %(message)s")
                    % {"number": number, "day": day, "message": message},
                    errors={
                        "first_starts_at": _("Session %(number)s: %(message)s")
                        % {"number": number, "message": message}
                    },
                )
            module = modules[week] if assign_modules and week < len(modules) else None
            created.append(
                ClassSession.objects.create(
                    cohort=cohort, starts_at=starts, ends_at=ends, module=module
                )
            )
            others.append((starts, ends))
    return created


def _enrolled(cohort_id: int):
    return (
        Application.objects.enrolled()
        .filter(cohort_id=cohort_id)
        .select_related("resident", "cohort")
    )


def class_session_changed(*, session: ClassSession, moved: bool, cancelled: bool) -> None:
    """After an edit: raise the calendar SEQUENCE and tell every enrolled resident and each of
    the session's instructors, once per change."""
    if not (moved or cancelled):
        return
    ClassSession.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)
    session.refresh_from_db(fields=["sequence"])
    kind = "session_cancelled" if cancelled else "session_moved"
    with notifications_handed_over_together():
        for application in _enrolled(session.cohort_id):
            notification_queue(
                kind=kind,
                recipient=application.resident,
                cohort=application.cohort,
                application=application,
                session=session,
                version=str(session.sequence),
            )
        for instructor in session.instructors.filter(is_active=True):
            notification_queue(
                kind="instructor_session_changed",
                recipient=instructor,
                cohort=session.cohort,
                session=session,
                version=str(session.sequence),
            )


def class_session_move(*, session_id: int, starts_at, ends_at) -> ClassSession:
    """Move one evening; residents hear about the new time and calendars update."""
    with transaction.atomic():
        session = (
            ClassSession.objects.select_for_update().select_related("cohort").get(pk=session_id)
        )
        errors = schedule_errors(
            cohort=session.cohort,
            starts_at=starts_at,
            ends_at=ends_at,
            exclude_session_id=session.pk,
        )
        if errors:
            raise EnrollmentError(next(iter(errors.values())), errors=errors)
        session.starts_at, session.ends_at = starts_at, ends_at
        session.save(update_fields=["starts_at", "ends_at", "updated_at"])
        class_session_changed(session=session, moved=True, cancelled=False)
    return session


def class_session_cancel(*, session_id: int) -> ClassSession:
    """Cancel one evening; it is marked cancelled in calendars and residents are told."""
    with transaction.atomic():
        session = ClassSession.objects.select_for_update().get(pk=session_id)
        if session.is_cancelled:
            return session
        session.status = ClassSession.Status.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        class_session_changed(session=session, moved=False, cancelled=True)
    return session
