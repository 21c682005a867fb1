"""The survey in the admin: written as a draft, sent to review, published; only a published
version can be given to a cohort, and it is the one asked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.roles import COORDINATORS
from enrollment.outcomes.models.surveys import Survey, SurveyAttachment
from tests.support.factories import UserFactory
from tests.support.surveys import cohort_with_course

pytestmark = pytest.mark.django_db
SURVEYS = "wagtailsnippets_enrollment_survey"
ATTACHMENTS = "wagtailsnippets_enrollment_surveyattachment"


def survey_form(statements, **extra):
    return nested_form_data(
        {
            "title": "Trust, spring",
            "introduction": "",
            "statements": streamfield([("statement", text) for text in statements]),
            "free_text_question": "",
            **extra,
        }
    )


def attach_form(survey, cohort, kind="before"):
    return {"cohort": cohort.pk, "kind": kind, "survey": survey.pk}


def test_a_draft_is_not_offered_to_cohorts_until_published(client, coordinator):
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    response = client.post(reverse(f"{SURVEYS}:add"), survey_form(["I trust the police."]))
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert not survey.live and survey.latest_revision is not None

    form = client.get(reverse(f"{ATTACHMENTS}:add")).content.decode()
    assert f'<option value="{survey.pk}"' not in form
    refused = client.post(reverse(f"{ATTACHMENTS}:add"), attach_form(survey, cohort))
    assert refused.status_code == 200 and not SurveyAttachment.objects.exists()

    edit = reverse(f"{SURVEYS}:edit", args=[survey.pk])
    published = client.post(edit, survey_form(["I trust the police."], **{"action-publish": "1"}))
    assert published.status_code == 302
    survey.refresh_from_db()
    assert survey.live

    # A newer draft on top of the published version is not what the cohort is asked.
    client.post(edit, survey_form(["Reworded, still in draft."]))
    assert (
        client.post(reverse(f"{ATTACHMENTS}:add"), attach_form(survey, cohort)).status_code == 302
    )
    (attachment,) = SurveyAttachment.objects.all()
    assert [s["text"] for s in attachment.statements_asked] == ["I trust the police."]


def test_a_survey_can_be_sent_to_review(client, coordinator):
    client.post(reverse(f"{SURVEYS}:add"), survey_form(["I know how to file a complaint."]))
    survey = Survey.objects.get()
    edit = reverse(f"{SURVEYS}:edit", args=[survey.pk])
    response = client.post(
        edit, survey_form(["I know how to file a complaint."], **{"action-submit": "1"})
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(survey.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Survey review"
    survey.refresh_from_db()
    assert not survey.live  # in review: nobody is asked it yet


def test_a_cohort_moment_taken_is_an_error_beside_the_field(client, coordinator):
    from tests.support.surveys import attach, survey_published

    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    survey = survey_published()
    attach(survey, cohort, "before")
    response = client.post(reverse(f"{ATTACHMENTS}:add"), attach_form(survey, cohort))
    assert response.status_code == 200
    assert "Choose another moment, or another cohort." in response.content.decode()
    assert SurveyAttachment.objects.count() == 1


@pytest.mark.parametrize("url_name", [f"{SURVEYS}:list", f"{SURVEYS}:add", f"{ATTACHMENTS}:add"])
def test_instructors_cannot_write_or_attach_surveys(client, url_name):
    from courses.roles import INSTRUCTORS, roles_ensure
    from enrollment.roles import enrollment_roles_ensure

    roles_ensure()
    enrollment_roles_ensure()
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    assert client.get(reverse(url_name)).status_code in (302, 403)
    assert COORDINATORS


def test_losing_a_race_to_another_coordinator_is_an_error_not_a_server_error(
    client, coordinator, monkeypatch
):
    """Another coordinator attaches a survey to the same moment between the form's check and
    the save: the service's refusal shows on the form. The form's two checks (the service's
    and the model's unique constraint) are skipped to stand for the moment in between."""
    from enrollment.outcomes import survey_admin
    from tests.support.surveys import attach, survey_published

    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    survey = survey_published()
    attach(survey, cohort, "before")
    monkeypatch.setattr(survey_admin, "survey_attach_refusal", lambda **kwargs: None)
    monkeypatch.setattr(survey_admin.SurveyAttachmentForm, "validate_unique", lambda self: None)
    monkeypatch.setattr(SurveyAttachment, "validate_constraints", lambda self, exclude=None: None)
    response = client.post(reverse(f"{ATTACHMENTS}:add"), attach_form(survey, cohort))
    assert response.status_code == 200
    assert "Choose another moment, or another cohort." in response.content.decode()
    assert SurveyAttachment.objects.count() == 1
