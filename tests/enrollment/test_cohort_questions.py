"""A cohort's own application questions (#15): asked after the fixed ones, kept with the words
asked, read by coordinators only, erased with the other answers. Export:
tests/enrollment/admin/test_question_answers_export.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.roles import INSTRUCTORS, roles_ensure
from cpa_site.demo import demo_academy_load
from enrollment import retention, services
from enrollment.exceptions import EnrollmentError
from enrollment.forms import ApplicationForm
from enrollment.models import Application, Cohort, CohortQuestion
from enrollment.roles import enrollment_roles_ensure
from tests.enrollment.admin.test_cohorts import edit_form_data
from tests.support.factories import (
    CohortFactory,
    UserFactory,
    application_answers,
    application_post,
)

pytestmark = pytest.mark.django_db
Kind = CohortQuestion.Kind


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


def cohort_with_questions():
    """A cohort asking one question of each kind; the long-text one is optional."""
    cohort = CohortFactory()
    heard = CohortQuestion.objects.create(
        cohort=cohort,
        sort_order=0,
        label="How did you hear about the academy?",
        help_text="A friend, a flyer, the website...",
        kind=Kind.SHORT_TEXT,
    )
    story = CohortQuestion.objects.create(
        cohort=cohort,
        sort_order=1,
        label="Tell us about a time you helped a neighbour",
        kind=Kind.LONG_TEXT,
        required=False,
    )
    alumni = CohortQuestion.objects.create(
        cohort=cohort,
        sort_order=2,
        label="Would you volunteer as an alumnus?",
        kind=Kind.YES_NO,
    )
    evening = CohortQuestion.objects.create(
        cohort=cohort,
        sort_order=3,
        label="Which evening suits you best?",
        kind=Kind.CHOICE,
        choices="Tuesday\nWednesday\n\nThursday\n",
    )
    return cohort, heard, story, alumni, evening


def field(question) -> str:
    return f"question_{question.pk}"


def test_the_form_asks_each_kind_of_question_after_the_fixed_ones(client, resident):
    cohort, heard, story, alumni, evening = cohort_with_questions()
    html = client.get(reverse("application_create", args=[cohort.pk])).content.decode()
    # The fixed questions stay, and the cohort's come after them, in the cohort's order.
    for fixed in Application.ANSWER_FIELDS + ["consent"]:
        assert f'name="{fixed}"' in html, fixed
    positions = [html.index(f'name="{field(q)}"') for q in (heard, story, alumni, evening)]
    assert html.index('name="motivation"') < positions[0]
    assert positions == sorted(positions)
    assert "How did you hear about the academy?" in html and "A friend, a flyer" in html
    assert "Tell us about a time you helped a neighbour (optional)" in html
    assert f'<textarea name="{field(story)}"' in html
    # Yes/no is a pair of radios (a bare checkbox could not say "no"); choices are radios too.
    assert f'type="radio" name="{field(alumni)}" value="yes"' in html
    assert f'type="radio" name="{field(alumni)}" value="no"' in html
    for day in ("Tuesday", "Wednesday", "Thursday"):
        assert f'type="radio" name="{field(evening)}" value="{day}"' in html
    assert f'name="{field(evening)}" value=""' not in html  # blank lines are no choice


def test_missing_or_unlisted_answers_are_refused_next_to_the_field_keeping_what_was_typed(
    client, resident
):
    cohort, heard, story, alumni, evening = cohort_with_questions()
    data = application_post(
        **{field(heard): "A flyer at the library", field(evening): "Saturday"}
    )  # no yes/no answer; an evening the cohort does not offer
    response = client.post(reverse("application_create", args=[cohort.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field(alumni)}_error"' in html and "Please answer this question." in html
    assert f'id="id_{field(evening)}_error"' in html
    assert "Please choose one of the answers listed." in html
    assert f'id="id_{field(heard)}_error"' not in html
    assert f'id="id_{field(story)}_error"' not in html  # optional
    assert 'value="A flyer at the library"' in html
    assert not Application.objects.exists()


def test_answers_are_stored_with_each_question_as_it_was_asked(client, resident):
    cohort, heard, story, alumni, evening = cohort_with_questions()
    data = application_post(
        **{field(heard): "  A flyer  ", field(alumni): "no", field(evening): "Wednesday"}
    )
    response = client.post(reverse("application_create", args=[cohort.pk]), data)
    assert response.status_code == 302
    application = Application.objects.get(resident=resident)
    assert application.custom_answers == [
        {"question": heard.pk, "label": heard.label, "kind": "short_text", "answer": "A flyer"},
        {"question": story.pk, "label": story.label, "kind": "long_text", "answer": ""},
        {"question": alumni.pk, "label": alumni.label, "kind": "yes_no", "answer": "no"},
        {"question": evening.pk, "label": evening.label, "kind": "choice", "answer": "Wednesday"},
    ]
    # The fixed answers are where they always were.
    assert application.motivation == application_answers()["motivation"]


def test_the_service_checks_the_answers_whoever_calls_it():
    cohort, heard, story, alumni, evening = cohort_with_questions()
    with pytest.raises(EnrollmentError) as refused:
        services.application_submit(
            cohort_id=cohort.pk,
            resident=UserFactory(),
            answers=application_answers(),
            consent_given=True,
            question_answers={heard.pk: "Radio", alumni.pk: "maybe", evening.pk: "Tuesday"},
        )
    assert set(refused.value.errors) == {field(alumni)}
    assert not Application.objects.exists()


def test_editing_a_question_later_leaves_the_answers_as_they_were_asked(client, coordinator):
    cohort, heard, story, alumni, evening = cohort_with_questions()
    application = services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
        question_answers={heard.pk: "Radio", alumni.pk: "yes", evening.pk: "Tuesday"},
    )
    edit_url = reverse("wagtailsnippets_enrollment_cohort:edit", args=[cohort.pk])
    data = edit_form_data(client, cohort)
    data["questions-0-label"] = "Where did you first read about us?"
    data["questions-3-DELETE"] = "on"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    heard.refresh_from_db()
    assert heard.label == "Where did you first read about us?"
    assert not CohortQuestion.objects.filter(pk=evening.pk).exists()

    application.refresh_from_db()
    assert [a["label"] for a in application.custom_answers] == [
        "How did you hear about the academy?",
        "Tell us about a time you helped a neighbour",
        "Would you volunteer as an alumnus?",
        "Which evening suits you best?",
    ]
    review = reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk])
    html = client.get(review).content.decode()
    assert "How did you hear about the academy?" in html and "Radio" in html
    assert "Where did you first read about us?" not in html
    assert "Which evening suits you best?" in html and "Tuesday" in html
    assert "Would you volunteer as an alumnus?</dt><dd>Yes</dd>" in html


def test_a_choice_question_needs_two_different_choices_and_a_cohort_at_most_ten(
    client, coordinator
):
    cohort = CohortFactory()
    edit_url = reverse("wagtailsnippets_enrollment_cohort:edit", args=[cohort.pk])
    data = edit_form_data(client, cohort)
    data.update(
        {
            "questions-TOTAL_FORMS": "1",
            "questions-0-label": "Which evening?",
            "questions-0-kind": "choice",
            "questions-0-choices": "Tuesday\ntuesday",
            "questions-0-required": "on",
            "questions-0-ORDER": "1",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert "Each choice must be different" in response.content.decode()
    data["questions-0-choices"] = "Tuesday"
    assert "at least two choices" in client.post(edit_url, data).content.decode()
    assert not cohort.questions.exists()

    data["questions-TOTAL_FORMS"] = "11"
    for i in range(11):
        data.update(
            {
                f"questions-{i}-label": f"Question {i}",
                f"questions-{i}-kind": "short_text",
                f"questions-{i}-ORDER": str(i + 1),
            }
        )
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert not cohort.questions.exists()
    data["questions-TOTAL_FORMS"] = "10"
    data["questions-0-kind"] = "yes_no"
    assert client.post(edit_url, data).status_code == 302
    assert cohort.questions.count() == 10


def test_instructors_never_read_the_answers(client):
    roles_ensure()
    enrollment_roles_ensure()
    cohort, heard, story, alumni, evening = cohort_with_questions()
    application = services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
        question_answers={heard.pk: "Secret referral", alumni.pk: "yes", evening.pk: "Tuesday"},
    )
    client.force_login(UserFactory(groups=[INSTRUCTORS]))
    list_url = reverse("wagtailsnippets_enrollment_application:list")
    for url in (
        reverse("wagtailsnippets_enrollment_application:inspect", args=[application.pk]),
        list_url,
        list_url + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Secret referral" not in response.content


def test_erasing_personal_data_clears_the_answers_to_the_cohorts_questions():
    cohort, heard, story, alumni, evening = cohort_with_questions()
    answers = {heard.pk: "Radio", alumni.pk: "yes", evening.pk: "Tuesday"}
    kept, by_request = (
        services.application_submit(
            cohort_id=cohort.pk,
            resident=UserFactory(),
            answers=application_answers(),
            consent_given=True,
            question_answers=answers,
        )
        for _ in range(2)
    )
    assert "custom_answers" in Application.PERSONAL_DATA_FIELDS
    assert retention.resident_personal_data_erase(resident=by_request.resident) == 1
    by_request.refresh_from_db()
    assert by_request.custom_answers == []
    kept.refresh_from_db()
    assert kept.custom_answers[0]["answer"] == "Radio"
    # The retention period's end erases them the same way.
    Application.objects.filter(pk=kept.pk).update(
        status=Application.Status.DECLINED, decided_at=kept.submitted_at
    )
    retention.personal_data_erase_due(now=timezone.now() + datetime.timedelta(days=366))
    kept.refresh_from_db()
    assert kept.custom_answers == [] and kept.personal_data_erased_at is not None


def test_a_cohort_without_questions_asks_only_the_fixed_ones():
    form = ApplicationForm(cohort=CohortFactory())
    assert list(form.fields) == Application.ANSWER_FIELDS + ["consent"]
    assert form.question_fields() == []


def test_a_residents_data_export_includes_their_answers_as_asked(client, coordinator):
    cohort, heard, story, alumni, evening = cohort_with_questions()
    application = services.application_submit(
        cohort_id=cohort.pk,
        resident=UserFactory(),
        answers=application_answers(),
        consent_given=True,
        question_answers={heard.pk: "Radio", alumni.pk: "yes", evening.pk: "Thursday"},
    )
    export = client.get(reverse("enrollment_resident_export", args=[application.resident_id]))
    exported = export.json()["applications"][0]["custom_answers"]
    assert [(a["label"], a["answer"]) for a in exported] == [
        (heard.label, "Radio"),
        (story.label, ""),
        (alumni.label, "yes"),
        (evening.label, "Thursday"),
    ]


def test_the_demo_reviewed_class_asks_its_own_questions_and_its_applicants_answer_them():
    demo_academy_load()
    reviewed = Cohort.objects.get(admission_mode=Cohort.AdmissionMode.REVIEW)
    kinds = list(reviewed.questions.values_list("kind", flat=True))
    assert kinds == [Kind.CHOICE, Kind.YES_NO]
    for application in reviewed.applications.all():
        assert [a["kind"] for a in application.custom_answers] == kinds
        assert all(a["answer"] for a in application.custom_answers)
