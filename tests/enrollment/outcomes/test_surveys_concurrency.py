"""Simultaneous posts of one resident's survey: real threads, connections and commits."""

import pytest

from enrollment.exceptions import EnrollmentError
from enrollment.outcomes import surveys
from enrollment.outcomes.models.surveys import SurveyAnswer, SurveyResponse
from tests.enrollment.test_concurrency import run_at_once
from tests.support.surveys import finished_cohort, moment_open


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_response_under_simultaneous_posts():
    _cohort, _survey, _before, after, (application, *_) = finished_cohort(residents=1)
    ids = [s["id"] for s in after.statements_asked]
    now = moment_open(after, application)

    def post(value):
        return lambda: surveys.survey_answer(
            attachment=after, application=application, answers=dict.fromkeys(ids, value), now=now
        )

    outcomes = run_at_once([post(value) for value in (1, 2, 3, 4, 5, 1, 2, 3)])
    saved = [o for o in outcomes if isinstance(o, SurveyResponse)]
    refused = [o for o in outcomes if isinstance(o, EnrollmentError)]
    assert len(saved) == 1 and len(refused) == 7, outcomes
    assert all(error.code == "answered" for error in refused)
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == len(ids)
    assert SurveyAnswer.objects.values("value").distinct().count() == 1
