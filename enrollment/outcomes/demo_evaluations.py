"""The demo's finished class rated by those who came: varied ratings and a few plain comments,
enough answers for every chart of the Session evaluations report. Idempotent like the loader."""

import datetime

from django.contrib.auth import get_user_model

from ..models import Application, Attendance, Cohort, SessionEvaluation
from . import evaluations

COMMENTS = [
    "The role-play helped me see how fast things happen.",
    "Too much reading from the slides.",
    "I liked the questions at the end.",
    "The room was cold, but the class was good.",
    "Clear and honest answers to hard questions.",
    "I would like more time for questions.",
    "",
    "",
]


def demo_evaluations_load(report, *, cohort_name: str = "Autumn evening class") -> None:
    """The finished class's sessions taught by the demo instructor, and rated by each resident
    who came, at the end of each class (each in its own window)."""
    cohort = Cohort.objects.filter(name=cohort_name).first()
    if cohort is None:
        return
    if SessionEvaluation.objects.filter(session__cohort=cohort).exists():
        report.existing.append(f"evaluations of “{cohort_name}”")
        return
    instructor = get_user_model().objects.filter(username="instructor@example.org").first()
    sessions = list(cohort.sessions.order_by("starts_at"))
    applications = list(cohort.applications.filter(status=Application.Status.ENROLLED))
    came = set(
        Attendance.objects.filter(session__cohort=cohort, status__in=evaluations.CAME).values_list(
            "session_id", "application_id"
        )
    )
    for s, session in enumerate(sessions):
        if instructor is not None and not session.instructors.exists():
            session.instructors.add(instructor)
            session.save()
        for p, application in enumerate(applications):
            if (session.pk, application.pk) not in came or (p + s) % 5 == 4:
                continue  # missed the class, or did not answer
            evaluations.evaluation_save(
                session_id=session.pk,
                resident=application.resident,
                session_rating=5 - (p + 2 * s) % 3 - (1 if s == 3 and p % 2 else 0),
                instructor_rating=5 - (p * s) % 2,
                comment=COMMENTS[(p + s) % len(COMMENTS)],
                now=session.ends_at + datetime.timedelta(hours=1),
            )
    report.created.append(f"evaluations of “{cohort_name}”")
