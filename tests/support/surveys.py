"""Surveys for tests: a published survey, a cohort with a past or future course, and residents'
answers recorded through the service at a moment inside the survey's window."""

import datetime

from django.utils import timezone

from enrollment import services
from enrollment.models import Application, ClassSession
from enrollment.outcomes import surveys
from enrollment.outcomes.models.surveys import Survey, SurveyAttachment
from tests.support.factories import CohortFactory, UserFactory, application_answers

STATEMENTS = [
    "I trust the police department to treat people fairly.",
    "I understand why officers make the decisions they make.",
]


def survey_published(statements=STATEMENTS, *, title="Trust and understanding", question=""):
    """A survey saved as a draft, then published: its live revision is the one asked."""
    survey = Survey(
        title=title,
        statements=[("statement", text) for text in statements],
        free_text_question=question,
        live=False,
    )
    survey.save()
    survey.save_revision().publish()
    survey.refresh_from_db()
    return survey


def cohort_with_course(*, first_start, weeks: int = 3, **fields):
    """A cohort with a weekly three-hour session from `first_start`."""
    cohort = CohortFactory(
        starts_on=first_start.date(),
        ends_on=(first_start + datetime.timedelta(weeks=weeks)).date(),
        applications_open_at=first_start - datetime.timedelta(days=90),
        applications_close_at=first_start,
        capacity=100,
        **fields,
    )
    for week in range(weeks):
        starts = first_start + datetime.timedelta(weeks=week)
        ClassSession.objects.create(
            cohort=cohort, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
        )
    return cohort


def enroll(cohort, resident=None, *, now=None) -> Application:
    return services.application_submit(
        cohort_id=cohort.pk,
        resident=resident or UserFactory(),
        answers=application_answers(),
        consent_given=True,
        now=now,
    )


def finished_cohort(*, residents: int, now=None):
    """A course that ended yesterday, its residents enrolled two months ago, with the same
    survey attached before and after (the before one attached before they enrolled)."""
    now = now or timezone.now()
    first_start = now - datetime.timedelta(days=22)
    cohort = cohort_with_course(first_start=first_start)
    enrolled_at = first_start - datetime.timedelta(days=30)
    applications = [enroll(cohort, now=enrolled_at) for _ in range(residents)]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(enrolled_at=enrolled_at)
    survey = survey_published()
    before = attach(survey, cohort, "before", at=enrolled_at - datetime.timedelta(days=1))
    after = attach(survey, cohort, "after", at=enrolled_at)
    for application in applications:
        application.refresh_from_db()
    return cohort, survey, before, after, applications


def attach(survey, cohort, kind, *, at=None) -> SurveyAttachment:
    attachment = surveys.survey_attach(survey=survey, cohort=cohort, kind=kind)
    if at:
        SurveyAttachment.objects.filter(pk=attachment.pk).update(attached_at=at)
        attachment.refresh_from_db()
    return attachment


def moment_open(attachment, application) -> datetime.datetime:
    """A moment at which the attachment is open for the application's resident."""
    bounded = surveys.attachments_with_session_bounds().get(pk=attachment.pk)
    window = surveys.attachment_window(bounded, application)
    return window.opens_at + datetime.timedelta(minutes=1)


def answer(attachment, application, values, *, free_text=""):
    """`values`: one number per statement, or one number for them all."""
    statements = [s["id"] for s in attachment.statements_asked]
    if isinstance(values, int):
        values = [values] * len(statements)
    return surveys.survey_answer(
        attachment=attachment,
        application=application,
        answers=dict(zip(statements, values, strict=True)),
        free_text=free_text,
        now=moment_open(attachment, application),
    )
