"""Reads: seats of a cohort, the cohorts residents see, a resident's applications and classes."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from courses.models import ModulePage, QuizAttempt
from cpa_site import page_cache

from . import background_checks
from .models import Application, Attendance, ClassSession, Cohort, seats_left


@dataclass
class SeatSummary:
    capacity: int
    enrolled: int = 0
    offered: int = 0
    waitlisted: int = 0
    submitted: int = 0
    held: int = 0  # held for a background check: a seat, not yet the resident's

    @property
    def taken(self) -> int:
        return self.enrolled + self.offered + self.held

    @property
    def left(self) -> int:
        return seats_left(capacity=self.capacity, taken=self.taken)


def cohort_seat_summary(*, cohort: Cohort) -> SeatSummary:
    counts = dict(
        Application.objects.filter(cohort=cohort)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return SeatSummary(
        capacity=cohort.capacity,
        enrolled=counts.get(Application.Status.ENROLLED, 0),
        offered=counts.get(Application.Status.OFFERED, 0),
        waitlisted=counts.get(Application.Status.WAITLISTED, 0),
        submitted=counts.get(Application.Status.SUBMITTED, 0),
        held=counts.get(Application.Status.HELD_FOR_CHECK, 0),
    )


@dataclass
class SessionAtAGlance:
    session: ClassSession
    state: str  # "upcoming", "in progress", "held" or "cancelled"
    marked: int
    present: int

    @property
    def attendance_taken(self) -> bool:
        return self.marked > 0


def cohort_sessions_at_a_glance(*, cohort: Cohort, now=None) -> list[SessionAtAGlance]:
    """Each session of the cohort and whether it was held and its attendance taken, in one
    query: the cohort page shows at a glance which evenings still need a register."""
    now = now or timezone.now()
    came = [Attendance.Status.PRESENT, Attendance.Status.LATE]
    sessions = (
        cohort.sessions.select_related("module")
        .annotate(
            marked=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__status__in=came)),
        )
        .order_by("starts_at")
    )
    rows = []
    for session in sessions:
        if session.is_cancelled:
            state = "cancelled"
        elif session.ends_at <= now:
            state = "held"
        elif session.starts_at <= now:
            state = "in progress"
        else:
            state = "upcoming"
        rows.append(SessionAtAGlance(session, state, session.marked, session.present))
    return rows


def cohorts_upcoming():
    """Cohorts residents can see: announced (not draft) and not yet finished, with seat counts."""
    return (
        Cohort.objects.filter(
            status__in=[Cohort.Status.OPEN, Cohort.Status.CLOSED, Cohort.Status.RUNNING],
            ends_on__gte=timezone.localdate(),
        )
        .annotate(
            seats_taken=Count(
                "applications", filter=Q(applications__status__in=Application.SEAT_STATUSES)
            )
        )
        .order_by("starts_on", "pk")
    )


def meeting_pattern(sessions) -> str:
    """When a class meets, in words: "Every Wednesday, 6:00 PM to 9:00 PM" when all its
    evenings share a weekday and hours (local time), else the weekdays it meets on."""
    held = [session for session in sessions if not session.is_cancelled]
    if not held:
        return ""
    slots = {
        (
            timezone.localtime(s.starts_at).weekday(),
            timezone.localtime(s.starts_at).time(),
            timezone.localtime(s.ends_at).time(),
        )
        for s in held
    }
    first = timezone.localtime(held[0].starts_at)
    if len(slots) == 1:
        return _("Every %(weekday)s, %(start)s to %(end)s") % {
            "weekday": date_format(first, "l"),
            "start": time_format(first.time(), "TIME_FORMAT"),
            "end": time_format(timezone.localtime(held[0].ends_at).time(), "TIME_FORMAT"),
        }
    days = sorted({timezone.localtime(s.starts_at).date() for s in held})
    weekdays = []
    for day in days:
        name = date_format(day, "l")
        if name not in weekdays:
            weekdays.append(name)
    return _("On %(weekdays)s; each class's date and time is on the class page") % {
        "weekdays": ", ".join(weekdays)
    }


def cohorts_listed(*, now) -> list[Cohort]:
    """The upcoming cohorts for the list of classes: when they meet, seats left, and whether
    one can apply now or later."""
    sessions = ClassSession.objects.order_by("starts_at")
    cohorts = list(cohorts_upcoming().prefetch_related(Prefetch("sessions", queryset=sessions)))
    for cohort in cohorts:
        cohort.meets = meeting_pattern(cohort.sessions.all())
        cohort.seats_left = seats_left(capacity=cohort.capacity, taken=cohort.seats_taken)
        cohort.open_now = cohort.accepts_applications(now)
        cohort.opens_later = (
            cohort.status == Cohort.Status.OPEN and now < cohort.applications_open_at
        )
    return cohorts


def cohorts_taking_applications_exist(*, now) -> bool:
    """Whether any class takes applications at this moment (the landing page's call to act).
    The open classes' windows are kept per process until a cohort changes (the "cohorts"
    token, cpa_site/signals.py) and compared with `now` here, so a window opening or closing
    shows at that moment, and a landing page rendered afresh asks the database nothing."""
    today = timezone.localdate(now)
    windows = page_cache.memo(("application_windows",), ("cohorts",), _application_windows)
    return any(opens <= now < closes and ends_on >= today for opens, closes, ends_on in windows)


def _application_windows() -> list[tuple]:
    """(opens, closes, last day) of every open class not over yet: a handful of rows."""
    return list(
        Cohort.objects.filter(
            status=Cohort.Status.OPEN, ends_on__gte=timezone.localdate()
        ).values_list("applications_open_at", "applications_close_at", "ends_on")
    )


def applications_for_resident(resident):
    return (
        Application.objects.filter(resident=resident)
        .select_related("cohort", "certificate")
        .order_by("-submitted_at")
    )


def cohort_quiz_modules(cohort) -> list:
    """The live modules of the cohort's curriculum that have a quiz, in their order."""
    modules = ModulePage.objects.child_of(cohort.curriculum).live()
    return sorted((m for m in modules if m.has_quiz), key=lambda m: m.number)


def quiz_results_by_resident(modules, resident_ids) -> dict[tuple[int, int], dict]:
    """(resident id, module id) -> best score, attempts and passes, over submitted attempts."""
    rows = (
        QuizAttempt.objects.submitted()
        .filter(module__in=modules, resident_id__in=resident_ids)
        .values("resident_id", "module_id")
        .annotate(best=Max("score"), tries=Count("pk"), passes=Count("pk", filter=Q(passed=True)))
    )
    return {(row["resident_id"], row["module_id"]): row for row in rows}


def cohort_quiz_results(cohort) -> list[dict]:
    """Per module with a quiz: how the cohort's enrolled residents are doing on it."""
    enrolled = list(
        Application.objects.filter(cohort=cohort, status=Application.Status.ENROLLED).values_list(
            "resident_id", flat=True
        )
    )
    modules = cohort_quiz_modules(cohort)
    stats = {
        row["module_id"]: row
        for row in QuizAttempt.objects.filter(
            module__in=modules, resident_id__in=enrolled, submitted_at__isnull=False
        )
        .values("module_id")
        .annotate(
            attempts=Count("pk"),
            residents=Count("resident", distinct=True),
            passed=Count("resident", filter=Q(passed=True), distinct=True),
            average=Avg("score"),
        )
    }
    rows = []
    for module in modules:
        row = stats.get(module.pk, {})
        rows.append(
            {
                "module": module,
                "enrolled": len(enrolled),
                "attempts": row.get("attempts", 0),
                "residents": row.get("residents", 0),
                "passed": row.get("passed", 0),
                "average": row.get("average"),
            }
        )
    return rows


def my_academy_applications(resident) -> list[Application]:
    """The resident's applications with waitlist positions, and for enrolled ones the sessions
    with the resident's own marks: a fixed number of queries however many there are."""
    applications = list(applications_for_resident(resident))
    waitlisted = {a.cohort_id for a in applications if a.status == Application.Status.WAITLISTED}
    positions: dict[int, int] = {}
    counters: dict[int, int] = defaultdict(int)
    for cohort_id, pk in (
        Application.objects.filter(cohort_id__in=waitlisted, status=Application.Status.WAITLISTED)
        .order_by("cohort_id", "submitted_at", "pk")
        .values_list("cohort_id", "pk")
    ):
        counters[cohort_id] += 1
        positions[pk] = counters[cohort_id]
    enrolled = [a for a in applications if a.status == Application.Status.ENROLLED]
    sessions: dict[int, list] = defaultdict(list)
    for session in (
        ClassSession.objects.filter(cohort_id__in={a.cohort_id for a in enrolled})
        .select_related("module", "cohort")
        .order_by("starts_at")
    ):
        sessions[session.cohort_id].append(session)
    marks = {
        (application_id, session_id): status
        for application_id, session_id, status in Attendance.objects.filter(
            application__in=enrolled
        ).values_list("application_id", "session_id", "status")
    }
    now = timezone.now()
    for application in applications:
        application.position = positions.get(application.pk)
        application.finished = False
        application.standing = application.get_status_display()
        application.check_wording = background_checks.resident_wording(application)
        if application.status == Application.Status.ENROLLED:
            application.sessions = sessions[application.cohort_id]
            for session in application.sessions:
                session.my_mark = marks.get((application.pk, session.pk))
            held = [s.ends_at for s in application.sessions if not s.is_cancelled]
            application.finished = application.cohort.finished(
                now=now, last_session_end=max(held) if held else None, sessions_loaded=True
            )
            if application.finished:
                certificate = getattr(application, "certificate", None)
                graduated = certificate is not None and certificate.is_valid
                application.standing = _("Graduated") if graduated else _("Completed")
    return applications
