"""Taking a quiz in the browser: the form, submitting, the result and every refusal."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import QuizAttempt
from tests.courses.factories import quiz_module, right_answers, wrong_answers
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    return quiz_module()


@pytest.fixture
def resident(client):
    user = UserFactory()
    client.force_login(user)
    return user


def take_url(module):
    return reverse("quiz_take", args=[module.pk])


def submit_url(attempt):
    return reverse("quiz_submit", args=[attempt.pk])


def post_data(answers: dict) -> dict:
    return {f"q-{question_id}": choices for question_id, choices in answers.items()}


def test_signing_in_comes_first(client, module):
    response = client.get(take_url(module))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not QuizAttempt.objects.exists()


def test_the_quiz_form_never_tells_which_answer_is_right(client, module, resident):
    response = client.get(take_url(module))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    attempt = QuizAttempt.objects.get(resident=resident)
    for question in attempt.snapshot["questions"]:
        assert "<legend>Question" in html
        assert question["text"] in html
        assert question["explanation"] not in html
        for choice in question["choices"]:
            assert choice["text"] in html and choice["id"] in html
    assert "correct" not in html.lower()
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert html.count("<fieldset") >= 3


def test_submitting_shows_score_feedback_explanations_and_attempts_left(client, module, resident):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    answers = wrong_answers(attempt.snapshot)
    response = client.post(submit_url(attempt), post_data(answers))
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz_result", args=[attempt.pk])

    response = client.get(response["Location"])
    html = response.content.decode()
    assert "Not passed this time" in html
    assert "Your score: <strong>0%</strong>" in html
    assert "You have 2 attempts left" in html
    assert "Try the quiz again" in html
    for question in attempt.snapshot["questions"]:
        assert question["explanation"] in html
    assert "Your answer" in html and "Right answer" in html
    assert "no-store" in response["Cache-Control"]


def test_a_double_click_grades_once_and_shows_the_same_result(client, module, resident):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    data = post_data(right_answers(attempt.snapshot))
    first = client.post(submit_url(attempt), data)
    second = client.post(submit_url(attempt), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert QuizAttempt.objects.submitted().count() == 1


def test_resuming_shows_the_same_questions(client, module, resident):
    module.quiz_shuffle_questions = True
    module.save_revision().publish()
    client.get(take_url(module))
    first = QuizAttempt.objects.get(resident=resident)
    client.get(take_url(module))
    assert QuizAttempt.objects.get(resident=resident).snapshot == first.snapshot


def test_saved_answers_come_back_ticked_and_count_only_when_submitted(client, module, resident):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    single, _true_false, multiple = attempt.snapshot["questions"]
    right = right_answers(attempt.snapshot)
    partial = {single["id"]: right[single["id"]], multiple["id"]: right[multiple["id"]]}

    response = client.post(submit_url(attempt), {**post_data(partial), "save": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None
    assert attempt.answers == {k: sorted(v) for k, v in partial.items()}
    landing = client.get(response["Location"]).content.decode()
    assert "Your answers are saved" in landing

    resumed = client.get(take_url(module)).content.decode()
    for question_id, choice_ids in partial.items():
        for choice_id in choice_ids:
            assert f'value="{choice_id}"' in resumed
            tag = resumed.split(f'value="{choice_id}"', 1)[1].split(">", 1)[0]
            assert "checked" in tag, (question_id, choice_id)
    assert resumed.count("checked") == sum(len(c) for c in partial.values())

    response = client.post(submit_url(attempt), post_data(right))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed and attempt.submitted_at is not None


def test_answers_saved_as_they_are_ticked_get_an_empty_answer_and_no_message(
    client, module, resident
):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    single = attempt.snapshot["questions"][0]
    answers = {single["id"]: right_answers(attempt.snapshot)[single["id"]]}
    response = client.post(
        submit_url(attempt),
        {**post_data(answers), "save": "1"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 204
    attempt.refresh_from_db()
    assert attempt.answers == answers and attempt.submitted_at is None
    page = client.get(take_url(module)).content.decode()
    assert "Your answers are saved" not in page  # no flash message left for the next page
    assert "data-autosave" in page and "quiz-autosave.js" in page


def test_saving_answers_the_attempt_did_not_ask_for_records_nothing(client, module, resident):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    single, _true_false, multiple = attempt.snapshot["questions"]
    spoiled = {single["id"]: [multiple["choices"][0]["id"]]}
    response = client.post(submit_url(attempt), {**post_data(spoiled), "save": "1"})
    assert response.status_code == 400
    assert "Nothing was recorded" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_a_graded_attempt_cannot_be_saved_over(client, module, resident):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    client.post(submit_url(attempt), post_data(wrong_answers(attempt.snapshot)))
    attempt.refresh_from_db()
    graded = (attempt.answers, attempt.score)
    response = client.post(
        submit_url(attempt), {**post_data(right_answers(attempt.snapshot)), "save": "1"}
    )
    assert response.status_code == 409
    attempt.refresh_from_db()
    assert (attempt.answers, attempt.score) == graded


def test_an_unanswered_question_is_marked_and_nothing_is_graded(client, module, resident):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    answers = right_answers(attempt.snapshot)
    answers.pop(attempt.snapshot["questions"][0]["id"])
    response = client.post(submit_url(attempt), post_data(answers))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please answer question 1." in html
    assert "checked" in html, "the answers already given are kept"
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


@pytest.mark.parametrize("spoil", ["unknown_question", "other_questions_choice", "two_for_single"])
def test_tampered_answers_get_400_and_nothing_is_recorded(client, module, resident, spoil):
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    single, _true_false, multiple = attempt.snapshot["questions"]
    answers = right_answers(attempt.snapshot)
    if spoil == "unknown_question":
        answers["made-up"] = [single["choices"][0]["id"]]
    elif spoil == "other_questions_choice":
        answers[single["id"]] = [multiple["choices"][0]["id"]]
    else:
        answers[single["id"]] = [c["id"] for c in single["choices"][:2]]
    response = client.post(submit_url(attempt), post_data(answers))
    assert response.status_code == 400
    assert "Nothing was recorded" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.answers == {}


def test_someone_elses_attempt_is_not_found(client, module, resident):
    owner = UserFactory()
    attempt = services.quiz_attempt_start(module=module, resident=owner)
    assert (
        client.post(submit_url(attempt), post_data(right_answers(attempt.snapshot))).status_code
        == 404
    )
    assert client.get(reverse("quiz_result", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_after_the_last_attempt_nothing_more_is_taken(client, resident):
    module = quiz_module(quiz_attempts_allowed=1)
    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    client.post(submit_url(attempt), post_data(wrong_answers(attempt.snapshot)))

    response = client.get(take_url(module))
    assert response.status_code == 403
    assert "You have used all 1 attempts" in response.content.decode()

    response = client.post(submit_url(attempt), post_data(right_answers(attempt.snapshot)))
    assert response.status_code == 409
    assert "already submitted" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0 and QuizAttempt.objects.count() == 1


def test_module_page_offers_the_quiz_then_says_you_passed(client, module, resident):
    html = client.get(module.url).content.decode()
    assert "Take the quiz" in html
    assert "You pass with 80% or more" in html

    client.get(take_url(module))
    attempt = QuizAttempt.objects.get(resident=resident)
    client.post(submit_url(attempt), post_data(right_answers(attempt.snapshot)))
    html = client.get(module.url).content.decode()
    assert "You passed this module&#x27;s quiz." in html or "You passed this module's quiz." in html
    assert "Take the quiz" not in html

    # Coming back to the quiz after passing goes to the result.
    response = client.get(take_url(module))
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz_result", args=[attempt.pk])


def test_module_without_questions_shows_no_quiz(client, resident):
    module = quiz_module([])
    assert "Take the quiz" not in client.get(module.url).content.decode()
    assert client.get(take_url(module)).status_code == 404


def test_wagtail_preview_shows_the_quiz_as_residents_see_it(rf, module):
    request = rf.get("/")
    request.user = UserFactory()
    module.quiz_questions[0].value["text"] = "An unsaved question?"
    response = module.make_preview_request(request, "quiz")
    html = response.content.decode()
    assert response.status_code == 200
    assert "An unsaved question?" in html
    assert "Every officer takes three days a year." not in html
    assert "correct" not in html.lower()
    assert "disabled" in html
