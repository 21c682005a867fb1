"""Outcomes and personal data: erasing a resident's answers also blanks what they wrote in
ratings and surveys (the numbers stay, for statistics of five or more), and a subject access
export lists their ratings, survey answers and volunteer hours, and nobody else's."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from enrollment import retention
from enrollment.models import SessionEvaluation
from enrollment.outcomes.models.alumni import VolunteerHours
from enrollment.outcomes.models.surveys import SurveyAnswer, SurveyResponse
from tests.support.surveys import answer, finished_cohort

from .evaluation_helpers import held_class, rate

pytestmark = pytest.mark.django_db


def written_class():
    """Two residents who rated a class with a comment and answered a survey with free text."""
    held = held_class(residents=2)
    rate(held, held.sessions[1], comment="I am {n}, the one from Elm Street")
    cohort, _survey, before, _after, applications = finished_cohort(residents=2)
    for number, application in enumerate(applications):
        answer(before, application, [2, 3], free_text=f"My son {number} was arrested once")
    return held, cohort, applications


def test_a_residents_erasure_blanks_their_comments_and_keeps_their_ratings():
    held, _cohort, applications = written_class()
    person = held.applications[0].resident
    retention.resident_personal_data_erase(resident=person)
    mine = SessionEvaluation.objects.get(application=held.applications[0])
    assert (mine.comment, mine.session_rating, mine.instructor_rating) == ("", 4, 3)
    other = SessionEvaluation.objects.get(application=held.applications[1])
    assert other.comment == "I am 1, the one from Elm Street"  # someone else's stays

    survey_person = applications[0].resident
    retention.resident_personal_data_erase(resident=survey_person)
    response = SurveyResponse.objects.get(application=applications[0])
    assert response.free_text == ""
    values = SurveyAnswer.objects.filter(response=response).values_list("value", flat=True)
    assert sorted(values) == [2, 3]
    assert SurveyResponse.objects.get(application=applications[1]).free_text.startswith("My son")


def test_erasure_at_the_end_of_the_retention_period_blanks_the_free_text_too():
    written_class()
    a_year_and_more_later = timezone.now() + datetime.timedelta(days=400)
    assert retention.personal_data_erase_due(now=a_year_and_more_later) == 4
    assert set(SessionEvaluation.objects.values_list("comment", flat=True)) == {""}
    assert set(SessionEvaluation.objects.values_list("session_rating", flat=True)) == {4}
    assert set(SurveyResponse.objects.values_list("free_text", flat=True)) == {""}
    assert SurveyAnswer.objects.count() == 4


def test_the_data_export_has_the_residents_ratings_answers_and_hours_only():
    held, _cohort, applications = written_class()
    person = held.applications[0].resident
    export = retention.resident_data_export(person)
    assert [e["comment"] for e in export["session_evaluations"]] == [
        "I am 0, the one from Elm Street"
    ]
    assert export["session_evaluations"][0]["session_rating"] == 4
    assert export["survey_responses"] == []

    surveyed = applications[1].resident
    VolunteerHours.objects.create(
        resident=surveyed, worked_on=timezone.localdate(), hours=Decimal("2.5"), activity="Open day"
    )
    export = retention.resident_data_export(surveyed)
    (response,) = export["survey_responses"]
    assert response["free_text"] == "My son 1 was arrested once"
    assert sorted(response["answers"].values()) == [2, 3] and response["when"] == "before"
    assert export["session_evaluations"] == []
    assert [(h["hours"], h["activity"]) for h in export["volunteer_hours"]] == [(2.5, "Open day")]
