"""A class that has met: residents enrolled, sessions held, who came marked."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from enrollment import attendance, services
from enrollment.models import Application, Attendance, ClassSession, Cohort
from enrollment.outcomes import evaluations
from tests.support.factories import CohortFactory, UserFactory, application_answers


@dataclass
class HeldClass:
    cohort: Cohort
    sessions: list[ClassSession]
    applications: list[Application]
    instructor: object
    coordinator_actor: object = None
    extra: dict = field(default_factory=dict)

    @property
    def residents(self):
        return [a.resident for a in self.applications]


def held_class(
    *, residents: int = 6, starts: list[datetime.datetime] | None = None, hours=3, people=()
):
    """A cohort whose sessions start at `starts` (default: three weeks ago, two weeks ago and
    tomorrow), taught by one instructor, with `people` and `residents` new ones enrolled and
    marked present at every session that has ended."""
    now = timezone.now()
    starts = starts or [
        now - datetime.timedelta(weeks=3),
        now - datetime.timedelta(weeks=2),
        now + datetime.timedelta(days=1),
    ]
    first, last = min(starts), max(starts)
    cohort = CohortFactory(
        starts_on=timezone.localdate(first),
        ends_on=timezone.localdate(last) + datetime.timedelta(days=1),
        applications_open_at=first - datetime.timedelta(weeks=10),
        applications_close_at=first - datetime.timedelta(days=1),
    )
    instructor = UserFactory(
        first_name="Ivy", last_name="Instructor", email=f"ivy-{cohort.pk}@example.org"
    )
    sessions = []
    for start in starts:
        session = ClassSession.objects.create(
            cohort=cohort, starts_at=start, ends_at=start + datetime.timedelta(hours=hours)
        )
        session.instructors.add(instructor)
        session.instructors.commit()
        sessions.append(session)
    people = [*people] + [
        UserFactory(first_name="Rhea", email=f"rhea{i}-{cohort.pk}@example.org")
        for i in range(residents)
    ]
    applications = [
        services.application_submit(
            cohort_id=cohort.pk,
            resident=person,
            answers=application_answers(),
            consent_given=True,
            now=first - datetime.timedelta(weeks=2),
        )
        for person in people
    ]
    Cohort.objects.filter(pk=cohort.pk).update(status="running")
    actor = UserFactory()
    for session in sessions:
        if session.ends_at <= now:
            for application in applications:
                attendance.attendance_record(
                    session_id=session.pk,
                    application_id=application.pk,
                    status=Attendance.Status.PRESENT,
                    actor=actor,
                )
    return HeldClass(cohort, sessions, applications, instructor, actor)


def rate(held: HeldClass, session, *, count=None, rating=4, comment="", now=None):
    """The first `count` residents rate `session` (its instructor one less)."""
    for index, application in enumerate(held.applications[:count]):
        evaluations.evaluation_save(
            session_id=session.pk,
            resident=application.resident,
            session_rating=rating,
            instructor_rating=max(rating - 1, 1),
            comment=comment.format(n=index),
            now=now,
        )
