"""The demo's before-and-after survey: published, attached before and after to the finished
"Autumn evening class" with answers from everyone enrolled there (so the chart shows), and
before to the upcoming "Spring evening class". Safe to run any number of times."""

import datetime

from django.db.models import Max, Min

from ..models import Application, Cohort
from .models.surveys import Survey, SurveyAttachment, SurveyResponse
from .surveys import Kind, survey_answer, survey_attach

DEMO_SURVEY_TITLE = "What I think about the police (demo)"
DEMO_STATEMENTS = [
    "I trust the police department to treat people in my neighborhood fairly.",
    "I understand why officers act the way they do in a tense situation.",
    "If I saw a crime or needed help, I would contact the police.",
    "I know how to file a complaint about an officer if I needed to.",
]
DEMO_QUESTION = "Is there anything else you want to tell us about the police or the academy?"
DEMO_INTRODUCTION = "Four short sentences. It takes about three minutes."
FINISHED_COHORT = "Autumn evening class"
UPCOMING_COHORT = "Spring evening class"
# Each resident's answers (1 strongly disagree .. 5 strongly agree), before and after.
BEFORE_PATTERNS = [[3, 2, 4, 1], [2, 2, 3, 2], [3, 3, 4, 1], [4, 2, 5, 2], [2, 1, 3, 1]]
AFTER_PATTERNS = [[4, 4, 5, 4], [3, 4, 4, 4], [4, 4, 5, 5], [4, 3, 5, 4], [3, 3, 4, 4]]
AFTER_COMMENTS = [
    "The evening on crisis intervention changed how I see calls about mental health.",
    "I would like more time for questions with the officers.",
    "Knowing how complaints are handled makes me more likely to speak up.",
    "The ride-along was the best part.",
    "I still have doubts, but I understand the training much better now.",
    "Please run a class on weekends too.",
    "Good explanations of the use-of-force rules.",
    "I will tell my neighbors about the academy.",
]


def _survey(report) -> Survey:
    survey = Survey.objects.filter(title=DEMO_SURVEY_TITLE).first()
    if survey is not None:
        report.existing.append(f"survey “{DEMO_SURVEY_TITLE}”")
        return survey
    survey = Survey(
        title=DEMO_SURVEY_TITLE,
        introduction=DEMO_INTRODUCTION,
        statements=[("statement", text) for text in DEMO_STATEMENTS],
        free_text_question=DEMO_QUESTION,
        live=False,
    )
    survey.save()
    survey.save_revision().publish()
    survey.refresh_from_db()
    report.created.append(f"survey “{DEMO_SURVEY_TITLE}”")
    return survey


def _attachment(survey, cohort, kind, *, invite=True) -> SurveyAttachment:
    found = SurveyAttachment.objects.filter(cohort=cohort, kind=kind).first()
    return found or survey_attach(survey=survey, cohort=cohort, kind=kind, invite=invite)


def _answer_finished_cohort(survey: Survey, cohort: Cohort, report) -> None:
    """Every resident enrolled in the finished class answered both surveys, at the time."""
    before = _attachment(survey, cohort, Kind.BEFORE, invite=False)
    after = _attachment(survey, cohort, Kind.AFTER, invite=False)
    # The before survey was given to the class when it opened for applications.
    SurveyAttachment.objects.filter(pk=before.pk).update(attached_at=cohort.applications_open_at)
    bounds = cohort.sessions.exclude(status="cancelled").aggregate(
        first=Min("starts_at"), last=Max("ends_at")
    )
    answered = set(
        SurveyResponse.objects.filter(attachment__in=[before, after]).values_list(
            "attachment_id", "application_id"
        )
    )
    applications = Application.objects.enrolled().filter(cohort=cohort).order_by("pk")
    count = 0
    for index, application in enumerate(applications):
        for attachment, patterns, moment in (
            (before, BEFORE_PATTERNS, max(application.enrolled_at, cohort.applications_open_at)),
            (after, AFTER_PATTERNS, bounds["last"]),
        ):
            if (attachment.pk, application.pk) in answered:
                continue
            values = patterns[index % len(patterns)]
            survey_answer(
                attachment=attachment,
                application=application,
                answers={
                    statement["id"]: values[number % len(values)]
                    for number, statement in enumerate(attachment.statements_asked)
                },
                free_text=AFTER_COMMENTS[index % len(AFTER_COMMENTS)]
                if attachment is after
                else "",
                now=moment + datetime.timedelta(hours=1),
            )
            count += 1
    if count:
        report.created.append(f"{count} survey responses in “{cohort.name}”")


def demo_surveys_load(report) -> None:
    """The demo survey, its answers in the finished class, and the upcoming class's."""
    survey = _survey(report)
    finished = Cohort.objects.filter(name=FINISHED_COHORT).first()
    if finished is not None:
        _answer_finished_cohort(survey, finished, report)
    upcoming = Cohort.objects.filter(name=UPCOMING_COHORT).first()
    if upcoming is not None:
        _attachment(survey, upcoming, Kind.BEFORE)
