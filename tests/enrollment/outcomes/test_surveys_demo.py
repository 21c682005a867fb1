"""The demo's survey: the finished class answered before and after (the chart shows), the
upcoming class has its before survey, and loading twice adds nothing."""

import pytest
from django.urls import reverse

from cpa_site.demo import demo_academy_load
from enrollment.models import Application, Cohort
from enrollment.outcomes import survey_results
from enrollment.outcomes.demo_surveys import FINISHED_COHORT, UPCOMING_COHORT
from enrollment.outcomes.models.surveys import SurveyAttachment, SurveyResponse

pytestmark = pytest.mark.django_db


def test_demo_finished_class_answered_both_surveys_from_everyone_enrolled(client):
    demo_academy_load()
    finished = Cohort.objects.get(name=FINISHED_COHORT)
    enrolled = Application.objects.enrolled().filter(cohort=finished).count()
    assert SurveyResponse.objects.filter(attachment__cohort=finished).count() == 2 * enrolled
    results = survey_results.cohort_survey_results(finished)
    assert all(result.pairs == enrolled for result in results.statements)
    if enrolled >= survey_results.MIN_PAIRS:
        assert results.any_shown and all(result.change > 0 for result in results.statements)
        assert results.comments_after
    upcoming = Cohort.objects.get(name=UPCOMING_COHORT)
    assert SurveyAttachment.objects.filter(cohort=upcoming, kind="before").exists()

    client.login(username="coordinator@example.org", password="coordinator-demo-2026")
    page = client.get(reverse("survey_results_cohort", args=[finished.pk])).content.decode()
    assert 'class="chart"' in page


def test_demo_surveys_load_twice_adds_nothing():
    demo_academy_load()
    counts = (SurveyAttachment.objects.count(), SurveyResponse.objects.count())
    demo_academy_load()
    assert (SurveyAttachment.objects.count(), SurveyResponse.objects.count()) == counts
