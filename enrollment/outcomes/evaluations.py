"""Session evaluations: who may rate a class and until when, saving a rating once, and the
totals instructors and coordinators read (never who said what)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.roles import INSTRUCTORS

from ..exceptions import EnrollmentError
from ..models import Application, Attendance, ClassSession, Cohort, SessionEvaluation
from .models.evaluations import RATINGS

# Fewer answers than this show no means, no spread and no comments, to anyone, in any export:
# with two or three answers an instructor who knows who came can tell who said what.
MIN_ANSWERS = 5
# The last class has no next one to close its window: two weeks leaves room for the graduation
# week's emails, and the course's report is final soon after.
LAST_SESSION_DAYS = 14
CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)


@dataclass(frozen=True)
class Window:
    opens_at: datetime.datetime
    closes_at: datetime.datetime

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at


def evaluation_window(session: ClassSession, cohort_sessions) -> Window:
    """Opens when the class ends; closes when the cohort's next class starts (what residents
    rate is fresh, and the instructor hears it before teaching again), or for the last class
    LAST_SESSION_DAYS later on the calendar. `cohort_sessions`: every session of its cohort.

    The last class's deadline counts days on the academy's clock (the same local time two weeks
    later), so a daylight-saving change in between neither shortens nor lengthens it."""
    later = [
        other.starts_at
        for other in cohort_sessions
        if not other.is_cancelled and other.pk != session.pk and other.starts_at > session.starts_at
    ]
    if later:
        closes_at = min(later)
    else:
        local_end = timezone.localtime(session.ends_at)
        wall_clock = local_end.replace(tzinfo=None) + datetime.timedelta(days=LAST_SESSION_DAYS)
        closes_at = timezone.make_aware(wall_clock, local_end.tzinfo)
    return Window(opens_at=session.ends_at, closes_at=max(closes_at, session.ends_at))


@dataclass
class ResidentEvaluation:
    """One class as the resident who came to it sees its evaluation."""

    session: ClassSession
    application: Application
    window: Window
    evaluation: SessionEvaluation | None
    is_open: bool

    @property
    def instructors(self) -> list:
        return list(self.session.instructors.all())


def _came(application_id: int, session_id: int) -> bool:
    return Attendance.objects.filter(
        application_id=application_id, session_id=session_id, status__in=CAME
    ).exists()


def resident_evaluation(*, session_id: int, resident, now=None) -> ResidentEvaluation:
    """The resident's evaluation of a class they came to. Refuses (code "not_yours") a class
    of a cohort they are not enrolled in or did not come to, and one not yet over."""
    now = now or timezone.now()
    session = (
        ClassSession.objects.select_related("cohort", "module")
        .prefetch_related("instructors")
        .filter(pk=session_id, status=ClassSession.Status.SCHEDULED)
        .first()
    )
    application = (
        Application.objects.enrolled()
        .filter(cohort_id=session.cohort_id, resident=resident)
        .first()
        if session
        else None
    )
    if application is None or not _came(application.pk, session.pk):
        raise EnrollmentError(_("You can rate only the classes you came to."), code="not_yours")
    window = evaluation_window(session, list(session.cohort.sessions.all()))
    if now < window.opens_at:
        raise EnrollmentError(
            _("You can rate this class once it is over."), code="not_yours"
        )  # fmt: skip
    evaluation = SessionEvaluation.objects.filter(session=session, application=application).first()
    return ResidentEvaluation(session, application, window, evaluation, window.is_open(now))


def evaluation_save(
    *, session_id: int, resident, session_rating: int, instructor_rating: int | None,
    comment: str = "", now=None,
) -> SessionEvaluation:  # fmt: skip
    """Record or change the resident's rating of a class while its window is open: one row per
    resident and class, however many posts arrive at once (the application row is locked, and
    the constraint catches whatever still races)."""
    now = now or timezone.now()
    with transaction.atomic():
        state = resident_evaluation(session_id=session_id, resident=resident, now=now)
        Application.objects.select_for_update().filter(pk=state.application.pk).first()
        if not state.is_open:
            raise EnrollmentError(_("Ratings for this class have closed."), code="closed")
        if session_rating not in RATINGS or (
            instructor_rating is not None and instructor_rating not in RATINGS
        ):
            raise EnrollmentError(_("Choose a rating from 1 to 5."), code="bad_rating")
        values = {
            "session_rating": session_rating,
            "instructor_rating": instructor_rating if state.instructors else None,
            "comment": comment.strip()[:1000],
        }
        try:
            with transaction.atomic():
                evaluation, _created = SessionEvaluation.objects.update_or_create(
                    session=state.session, application=state.application, defaults=values
                )
        except IntegrityError:  # another post made the row between our read and our insert
            evaluation = SessionEvaluation.objects.select_for_update().get(
                session=state.session, application=state.application
            )
            for name, value in values.items():
                setattr(evaluation, name, value)
            evaluation.save(update_fields=[*values, "updated_at"])
    return evaluation


def my_academy_evaluations(applications, *, now=None) -> dict[int, list[ResidentEvaluation]]:
    """Per enrolled application: the classes the resident came to that are over, with their
    own rating and whether it can still be changed. Reads the sessions and marks My academy
    already attached (selectors.my_academy_applications), plus one query for the ratings."""
    now = now or timezone.now()
    enrolled = [a for a in applications if getattr(a, "sessions", None)]
    mine = {
        (e.application_id, e.session_id): e
        for e in SessionEvaluation.objects.filter(application__in=enrolled)
    }
    rows: dict[int, list[ResidentEvaluation]] = {}
    for application in enrolled:
        for session in application.sessions:
            if session.is_cancelled or session.ends_at > now or session.my_mark not in CAME:
                continue
            window = evaluation_window(session, application.sessions)
            rows.setdefault(application.pk, []).append(
                ResidentEvaluation(
                    session,
                    application,
                    window,
                    mine.get((application.pk, session.pk)),
                    window.is_open(now),
                )
            )
    return rows


def reminder_evaluations_due(session: ClassSession, *, now=None) -> tuple:
    """For a reminder of `session`: the cohort's class before it, and the applications of the
    residents who came to it and can still rate it but have not (the email links the form)."""
    now = now or timezone.now()
    previous = (
        ClassSession.objects.filter(
            cohort_id=session.cohort_id,
            status=ClassSession.Status.SCHEDULED,
            starts_at__lt=session.starts_at,
            ends_at__lte=now,
        )
        .order_by("-starts_at")
        .first()
    )
    if previous is None or session.starts_at <= now:
        return None, frozenset()
    due = (
        Attendance.objects.filter(session=previous, status__in=CAME)
        .exclude(application__session_evaluations__session=previous)
        .values_list("application_id", flat=True)
    )
    return previous, frozenset(due)


# Reports ---------------------------------------------------------------------------------------


def may_see_evaluations(user) -> bool:
    """Coordinators see every cohort's totals; instructors those of the sessions they teach."""
    if not user.is_active:
        return False
    return (
        sees_every_session(user)
        or user.groups.filter(name=INSTRUCTORS).exists()
        or ClassSession.objects.filter(instructors=user).exists()
    )


def sees_every_session(user) -> bool:
    return user.is_active and user.has_perm("enrollment.change_cohort")


def _visible_sessions(user):
    sessions = ClassSession.objects.filter(status=ClassSession.Status.SCHEDULED)
    return sessions if sees_every_session(user) else sessions.filter(instructors=user)


def cohorts_with_evaluations(user):
    """The cohorts with sessions the user may see, with their answers counted."""
    visible = _visible_sessions(user)
    return (
        Cohort.objects.filter(sessions__in=visible)
        .annotate(
            session_count=Count("sessions", filter=Q(sessions__in=visible), distinct=True),
            answer_count=Count(
                "sessions__evaluations", filter=Q(sessions__in=visible), distinct=True
            ),
        )
        .order_by("-starts_on", "pk")
        .distinct()
    )


def _mean(values: list[int]) -> float | None:
    return fmean(values) if values else None


def _spread(values: list[int]) -> list[int]:
    return [values.count(rating) for rating in RATINGS]


@dataclass
class SessionTotals:
    """One session's answers, as anyone may read them: the figures only from MIN_ANSWERS."""

    session: ClassSession
    instructor_names: list[str]
    answers: int
    session_mean: float | None = None
    instructor_mean: float | None = None
    session_spread: list[int] = field(default_factory=list)
    instructor_spread: list[int] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def title(self) -> str:
        return self.session.module.title if self.session.module_id else _("Class")

    @property
    def still_needed(self) -> int:
        return max(MIN_ANSWERS - self.answers, 0)


@dataclass
class InstructorTotals:
    """An instructor's ratings over the sessions shown (those with MIN_ANSWERS or more): a
    session held back adds nothing, or its ratings could be worked out by subtraction."""

    name: str
    sessions: int
    answers: int
    mean: float | None
    spread: list[int]


@dataclass
class CohortEvaluations:
    cohort: Cohort
    sessions: list[SessionTotals]
    instructors: list[InstructorTotals]


def _name(user) -> str:
    return user.get_full_name() or user.email


def cohort_evaluations(*, cohort: Cohort, viewer) -> CohortEvaluations:
    """The cohort's sessions the viewer may see, each with its totals; comments sorted by their
    text (never by time, which could tell who wrote them); nothing names a resident."""
    sessions = list(
        _visible_sessions(viewer)
        .filter(cohort=cohort)
        .select_related("module")
        .prefetch_related("instructors")
        .order_by("starts_at", "pk")
    )
    answers = defaultdict(list)
    for row in SessionEvaluation.objects.filter(session__in=sessions).values_list(
        "session_id", "session_rating", "instructor_rating", "comment"
    ):
        answers[row[0]].append(row[1:])
    totals = []
    taught: dict[int, dict] = {}
    for session in sessions:
        rows = answers.get(session.pk, [])
        instructors = sorted(session.instructors.all(), key=_name)
        summary = SessionTotals(session, [_name(i) for i in instructors], len(rows))
        if summary.shown:
            ratings = [r[0] for r in rows]
            of_instructor = [r[1] for r in rows if r[1] is not None]
            summary.session_mean = _mean(ratings)
            summary.instructor_mean = _mean(of_instructor)
            summary.session_spread = _spread(ratings)
            summary.instructor_spread = _spread(of_instructor)
            summary.comments = sorted((r[2] for r in rows if r[2]), key=str.casefold)
            for instructor in instructors:
                if not sees_every_session(viewer) and instructor.pk != viewer.pk:
                    continue
                entry = taught.setdefault(instructor.pk, {"name": _name(instructor), "s": 0})
                entry["s"] += 1
                entry.setdefault("ratings", []).extend(of_instructor)
        totals.append(summary)
    instructors = [
        InstructorTotals(
            entry["name"],
            entry["s"],
            len(entry["ratings"]),
            _mean(entry["ratings"]),
            _spread(entry["ratings"]),
        )
        for entry in sorted(taught.values(), key=lambda e: e["name"])
    ]
    return CohortEvaluations(cohort, totals, instructors)
