"""The before-and-after survey: windows on the academy's clock, drafts never asked, one
response per resident, and the resident's pages."""

import datetime
import re
import zoneinfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from enrollment.exceptions import EnrollmentError
from enrollment.outcomes import surveys
from enrollment.outcomes.models.surveys import Survey, SurveyAnswer, SurveyResponse
from tests.support.factories import UserFactory
from tests.support.surveys import (
    answer,
    attach,
    cohort_with_course,
    enroll,
    finished_cohort,
    survey_published,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chicago")]
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
Kind = surveys.Kind


@pytest.fixture
def chicago():
    with override_settings(TIME_ZONE="America/Chicago"):
        yield


def test_after_survey_closes_thirty_days_later_at_the_same_local_time_across_the_dst_change():
    # Clocks go back on Sunday 2027-11-07: 30 days after 9 pm on 20 October is 9 pm on
    # 19 November, which is 30 days and one hour later in real time.
    last_end = datetime.datetime(2027, 10, 20, 21, tzinfo=CHICAGO)
    window = surveys.survey_window(kind=Kind.AFTER, first_start=None, last_end=last_end)
    assert window.opens_at == last_end
    assert window.closes_at == datetime.datetime(2027, 11, 19, 21, tzinfo=CHICAGO)
    assert window.closes_at - window.opens_at == datetime.timedelta(days=30, hours=1)
    second = datetime.timedelta(seconds=1)
    assert not window.is_open(last_end - second)
    assert window.is_open(last_end)
    assert window.is_open(window.closes_at - second)
    assert not window.is_open(window.closes_at)


def test_six_month_survey_opens_six_calendar_months_later_at_the_same_local_time():
    # May (daylight time) to November (standard time): still 9 pm on the academy's clock.
    last_end = datetime.datetime(2027, 5, 20, 21, tzinfo=CHICAGO)
    window = surveys.survey_window(kind=Kind.SIX_MONTHS, first_start=None, last_end=last_end)
    assert window.opens_at == datetime.datetime(2027, 11, 20, 21, tzinfo=CHICAGO)
    assert window.closes_at == datetime.datetime(2027, 12, 20, 21, tzinfo=CHICAGO)
    assert not window.is_open(window.opens_at - datetime.timedelta(seconds=1))


def test_before_survey_opens_on_enrollment_and_closes_as_the_first_session_starts():
    enrolled_at = datetime.datetime(2027, 3, 1, 10, tzinfo=CHICAGO)
    first_start = datetime.datetime(2027, 3, 17, 18, tzinfo=CHICAGO)  # after DST began
    window = surveys.survey_window(
        kind=Kind.BEFORE, first_start=first_start, last_end=None, enrolled_at=enrolled_at,
        attached_at=enrolled_at - datetime.timedelta(days=9),
    )  # fmt: skip
    assert (window.opens_at, window.closes_at) == (enrolled_at, first_start)
    assert not window.is_open(enrolled_at - datetime.timedelta(seconds=1))
    assert not window.is_open(first_start)


def test_cancelled_last_session_does_not_count_for_the_after_window():
    first_start = timezone.now() + datetime.timedelta(days=10)
    cohort = cohort_with_course(first_start=first_start, weeks=2)
    last = cohort.sessions.order_by("-starts_at").first()
    last.status = "cancelled"
    last.save()
    attachment = attach(survey_published(), cohort, Kind.AFTER)
    bounded = surveys.attachments_with_session_bounds().get(pk=attachment.pk)
    assert bounded.last_end == first_start + datetime.timedelta(hours=3)


def test_a_draft_survey_cannot_be_attached():
    draft = Survey(title="Not ready", statements=[("statement", "Unfinished.")], live=False)
    draft.save()
    draft.save_revision()
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    with pytest.raises(EnrollmentError) as refused:
        surveys.survey_attach(survey=draft, cohort=cohort, kind=Kind.BEFORE)
    assert "survey" in refused.value.errors


def test_the_published_version_is_asked_not_a_newer_draft():
    survey = survey_published(["Published wording."])
    survey.statements = [("statement", "Draft wording, not yet reviewed.")]
    survey.save_revision()  # a draft on top of the published version
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    attachment = surveys.survey_attach(survey=survey, cohort=cohort, kind=Kind.BEFORE)
    assert [s["text"] for s in attachment.statements_asked] == ["Published wording."]
    assert attachment.revision_id == survey.live_revision_id


def test_statements_keep_their_ids_across_a_republished_revision():
    survey = survey_published(["First wording."])
    original_id = next(iter(survey.statements)).id
    survey.statements[0].value = "Second wording."  # edited in place: the same stream child
    survey.save_revision().publish()
    survey.refresh_from_db()
    assert next(iter(survey.statements)).id == original_id


def test_one_survey_per_moment_of_a_cohort():
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    attach(survey_published(), cohort, Kind.BEFORE)
    with pytest.raises(EnrollmentError):
        surveys.survey_attach(survey=survey_published(), cohort=cohort, kind=Kind.BEFORE)


def test_a_resident_answers_once_and_a_second_answer_is_refused():
    _cohort, _survey, before, _after, (application, *_) = finished_cohort(residents=1)
    answer(before, application, 2)
    with pytest.raises(EnrollmentError) as refused:
        answer(before, application, 4)
    assert refused.value.code == "answered"
    assert SurveyResponse.objects.filter(application=application).count() == 1
    assert set(SurveyAnswer.objects.values_list("value", flat=True)) == {2}


def test_an_answer_outside_the_window_is_refused():
    _cohort, _survey, before, _after, (application, *_) = finished_cohort(residents=1)
    with pytest.raises(EnrollmentError) as refused:
        surveys.survey_answer(
            attachment=before,
            application=application,
            answers={s["id"]: 3 for s in before.statements_asked},
        )  # now: the course is over, the before survey closed at its first session
    assert refused.value.code == "closed"


def test_every_statement_needs_an_answer():
    _cohort, _survey, _before, after, (application, *_) = finished_cohort(residents=1)
    first = after.statements_asked[0]["id"]
    with pytest.raises(EnrollmentError) as refused:
        surveys.survey_answer(attachment=after, application=application, answers={first: 3})
    assert set(refused.value.errors) == {after.statements_asked[1]["id"]}


# The resident's pages


def upcoming_with_before_survey(question=""):
    cohort = cohort_with_course(first_start=timezone.now() + datetime.timedelta(days=10))
    attachment = attach(survey_published(question=question), cohort, Kind.BEFORE)
    application = enroll(cohort)
    return cohort, attachment, application


def test_my_academy_shows_the_open_before_survey_then_done(client):
    _cohort, attachment, application = upcoming_with_before_survey()
    client.force_login(application.resident)
    page = client.get(reverse("my_academy")).content.decode()
    assert "Before the course: a short survey" in page
    assert reverse("survey_answer", args=[attachment.pk]) in page
    answer(attachment, application, 4)
    page = client.get(reverse("my_academy")).content.decode()
    assert "done, thank you" in page
    assert reverse("survey_answer", args=[attachment.pk]) not in page


def test_my_academy_shows_a_closed_survey_left_unanswered(client):
    _cohort, _survey, _before, _after, (application, *_) = finished_cohort(residents=1)
    client.force_login(application.resident)
    page = client.get(reverse("my_academy")).content.decode()
    assert "Before the course: a short survey: closed" in " ".join(page.split())


def test_the_form_has_a_fieldset_and_legend_per_statement(client):
    _cohort, attachment, application = upcoming_with_before_survey(question="Anything else?")
    client.force_login(application.resident)
    page = client.get(reverse("survey_answer", args=[attachment.pk])).content.decode()
    assert page.count("<fieldset") == len(attachment.statements_asked)
    for statement in attachment.statements_asked:
        assert f"<legend>{statement['text']}</legend>" in page
    assert "Strongly agree" in page and "Anything else?" in page


def test_errors_show_beside_the_statement_and_the_answers_are_kept(client):
    _cohort, attachment, application = upcoming_with_before_survey(question="Anything else?")
    client.force_login(application.resident)
    first, second = (s["id"] for s in attachment.statements_asked)
    response = client.post(
        reverse("survey_answer", args=[attachment.pk]),
        {f"statement_{first}": "5", "free_text": "Kept words"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_statement_{second}_error"' in page
    assert f'id="id_statement_{first}_error"' not in page
    assert re.search(rf'name="statement_{first}" value="5"[^>]*checked', page)
    assert "Kept words" in page
    assert not SurveyResponse.objects.exists()


def test_a_complete_answer_is_saved_and_leads_back_to_my_academy(client):
    _cohort, attachment, application = upcoming_with_before_survey()
    client.force_login(application.resident)
    data = {f"statement_{s['id']}": "4" for s in attachment.statements_asked}
    response = client.post(reverse("survey_answer", args=[attachment.pk]), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("my_academy"))
    assert list(SurveyAnswer.objects.values_list("value", flat=True)) == [4, 4]
    again = client.post(reverse("survey_answer", args=[attachment.pk]), data)
    assert again.status_code == 200 and "already answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_value_off_the_scale_is_an_error_not_a_500(client):
    _cohort, attachment, application = upcoming_with_before_survey()
    client.force_login(application.resident)
    data = {f"statement_{s['id']}": "9" for s in attachment.statements_asked}
    response = client.post(reverse("survey_answer", args=[attachment.pk]), data)
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_someone_elses_survey_is_not_found(client):
    _cohort, attachment, _application = upcoming_with_before_survey()
    client.force_login(UserFactory())
    assert client.get(reverse("survey_answer", args=[attachment.pk])).status_code == 404
    data = {f"statement_{s['id']}": "4" for s in attachment.statements_asked}
    assert client.post(reverse("survey_answer", args=[attachment.pk]), data).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    _cohort, attachment, _application = upcoming_with_before_survey()
    response = client.get(reverse("survey_answer", args=[attachment.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
