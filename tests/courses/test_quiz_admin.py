"""Writing a quiz in the admin (the Quiz tab) and the results staff see."""

import uuid

import pytest
from django.urls import reverse

from courses import services
from courses.roles import COORDINATORS, INSTRUCTORS, roles_ensure
from tests.courses.factories import question, quiz_module
from tests.courses.test_roles import module_form_data
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    module = quiz_module()
    roles_ensure()
    return module


@pytest.fixture
def coordinator():
    roles_ensure()
    return UserFactory(groups=[COORDINATORS], first_name="Cora", last_name="Coordinator")


@pytest.fixture
def instructor():
    roles_ensure()
    return UserFactory(groups=[INSTRUCTORS], first_name="Ian", last_name="Instructor")


def quiz_form_data(questions, **settings) -> dict:
    """The Quiz tab's fields as the admin posts them; questions: (kind, text, [(text, right)])."""
    data = {
        "quiz_pass_mark": "80",
        "quiz_attempts_allowed": "3",
        "quiz_shuffle_questions": "on",
        "quiz_draw_count": "",
        "quiz_questions-count": str(len(questions)),
    }
    for i, (kind, text, choices) in enumerate(questions):
        prefix = f"quiz_questions-{i}"
        data.update(
            {
                f"{prefix}-type": "question",
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(i),
                f"{prefix}-id": str(uuid.uuid4()),
                f"{prefix}-value-kind": kind,
                f"{prefix}-value-text": text,
                f"{prefix}-value-explanation": "Because the policy says so.",
                f"{prefix}-value-policy_title": "",
                f"{prefix}-value-choices-count": str(len(choices)),
            }
        )
        for j, (choice, right) in enumerate(choices):
            cprefix = f"{prefix}-value-choices-{j}"
            data.update(
                {
                    f"{cprefix}-deleted": "",
                    f"{cprefix}-order": str(j),
                    f"{cprefix}-id": str(uuid.uuid4()),
                    f"{cprefix}-value-text": choice,
                }
            )
            if right:
                data[f"{cprefix}-value-correct"] = "on"
    data.update(settings)
    return data


def edit(client, module, quiz, action="action-publish", **extra):
    data = module_form_data(title=module.title, number=module.number, slug=module.slug)
    data["slug"] = module.slug
    data.update(quiz_form_data(quiz, **extra))
    data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=(module.pk,)), data)


SOUND = ("single", "How long is the academy?", [("Seven months", True), ("Two weeks", False)])
NO_RIGHT_ANSWER = ("single", "Which is right?", [("This", False), ("That", False)])


def test_the_module_editor_has_a_quiz_tab(client, module, instructor):
    client.force_login(instructor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(module.pk,))).content.decode()
    assert "Quiz" in html and "quiz_pass_mark" in html and "How the quiz works" in html


def test_a_coordinator_publishes_a_quiz_edit(client, module, coordinator):
    client.force_login(coordinator)
    response = edit(client, module, [SOUND], quiz_pass_mark="70")
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.quiz_pass_mark == 70
    assert [child.value["text"] for child in module.quiz_questions] == [SOUND[1]]


def test_a_question_without_a_right_answer_cannot_be_published(client, module, coordinator):
    client.force_login(coordinator)
    revision = module.live_revision_id
    response = edit(client, module, [SOUND, NO_RIGHT_ANSWER])
    assert response.status_code == 200
    assert "Tick the right answer" in response.content.decode()
    module.refresh_from_db()
    assert module.live_revision_id == revision
    assert len(module.quiz_questions) == 3, "the published quiz is unchanged"


def test_an_unfinished_question_can_be_saved_as_a_draft(client, module, coordinator):
    client.force_login(coordinator)
    response = edit(client, module, [NO_RIGHT_ANSWER], action="action-save")
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.has_unpublished_changes
    assert len(module.quiz_questions) == 3, "residents still get the published quiz"


@pytest.mark.parametrize(
    ("settings", "field_error"),
    [
        ({"quiz_pass_mark": "150"}, "less than or equal to 100"),
        ({"quiz_draw_count": "3"}, "There is only 1 question to draw from"),
    ],
)
def test_bad_quiz_settings_are_field_errors(client, module, coordinator, settings, field_error):
    client.force_login(coordinator)
    response = edit(client, module, [SOUND], **settings)
    assert response.status_code == 200
    assert field_error in response.content.decode()


def test_policy_it_tests_must_name_one_of_the_modules_sources(client, module, coordinator):
    client.force_login(coordinator)
    data = {"quiz_questions-0-value-policy_title": "A policy that is not here"}
    response = edit(client, module, [SOUND], **data)
    assert response.status_code == 200
    assert "No policy reference in this module has that title" in response.content.decode()


def test_an_instructors_publish_goes_to_review_with_the_quiz(client, module, instructor):
    client.force_login(instructor)
    response = edit(client, module, [SOUND], action="action-submit")
    assert response.status_code == 302
    module.refresh_from_db()
    assert len(module.quiz_questions) == 3, "not live until a coordinator approves"
    draft = module.get_latest_revision_as_object()
    assert [c.value["text"] for c in draft.quiz_questions] == [SOUND[1]]
    assert module.current_workflow_state.status == "in_progress"


# --- Results ------------------------------------------------------------------------------------


def take(module, resident, picks):
    """Answer by choice text: picks maps question text -> list of answer texts."""
    attempt = services.quiz_attempt_start(module=module, resident=resident)
    answers = {}
    for q in attempt.snapshot["questions"]:
        chosen = picks.get(q["text"], [])
        answers[q["id"]] = [c["id"] for c in q["choices"] if c["text"] in chosen]
    return services.quiz_attempt_submit(attempt_id=attempt.pk, resident=resident, answers=answers)


@pytest.fixture
def results():
    """Three residents on a two-question quiz (pass mark 50)."""
    module = quiz_module(
        [
            question("Easy?", (("Yes", True), ("No", False))),
            question("Hard?", (("A", False), ("B", True), ("C", False))),
        ],
        quiz_pass_mark=50,
    )
    roles_ensure()
    ann, bob, cy = (UserFactory(first_name=n, last_name="Resident") for n in ("Ann", "Bob", "Cy"))
    take(module, ann, {"Easy?": ["Yes"], "Hard?": ["B"]})  # 100, passed
    take(module, bob, {"Easy?": ["No"], "Hard?": ["A"]})  # 0
    take(module, bob, {"Easy?": ["Yes"], "Hard?": ["C"]})  # 50, passed
    take(module, cy, {"Easy?": ["No"], "Hard?": ["A"]})  # 0
    return module


def test_results_per_module_count_attempts_residents_passes_and_average(results):
    from courses.selectors import quiz_results_by_module

    row = quiz_results_by_module().get(pk=results.pk)
    assert row.quiz_attempt_count == 4
    assert row.quiz_resident_count == 3
    assert row.quiz_passed_count == 2
    assert round(row.quiz_pass_rate, 2) == 66.67
    assert float(row.quiz_average_score) == 37.5


def test_results_per_question_count_picks_and_list_the_most_missed_first(results):
    from courses.selectors import quiz_question_stats

    hard, easy = quiz_question_stats(results)
    assert (hard.text, hard.shown, hard.answered_right, hard.right_rate) == ("Hard?", 4, 1, 25)
    assert {c.text: c.picked for c in hard.choice_list} == {"A": 2, "B": 1, "C": 1}
    assert (easy.text, easy.answered_right) == ("Easy?", 2)


def test_instructors_see_totals_but_no_names(client, results, instructor):
    client.force_login(instructor)
    index = client.get(reverse("courses_quiz_results"))
    assert index.status_code == 200
    assert results.title in index.content.decode()
    questions = client.get(reverse("courses_quiz_questions", args=[results.pk]))
    html = questions.content.decode()
    assert questions.status_code == 200 and "Hard?" in html
    for name in ("Ann Resident", "Bob Resident", "Cy Resident"):
        assert name not in html  # full names: a random token may hold "Cy"
    assert "each attempt with the resident" not in html
    # Wagtail answers a refused admin page by sending the person back to the dashboard.
    attempts = client.get(reverse("courses_quiz_attempts", args=[results.pk]))
    assert attempts.status_code == 302 and attempts["Location"] == reverse("wagtailadmin_home")
    export = client.get(reverse("courses_quiz_attempts", args=[results.pk]), {"export": "csv"})
    assert export.status_code == 302


def test_coordinators_see_each_attempt_with_names(client, results, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("courses_quiz_questions", args=[results.pk])).content.decode()
    assert "each attempt with the resident" in html
    html = client.get(reverse("courses_quiz_attempts", args=[results.pk])).content.decode()
    for name in ("Ann Resident", "Bob Resident", "Cy Resident"):
        assert name in html


def test_residents_cannot_open_quiz_results(client, results):
    client.force_login(UserFactory())
    assert client.get(reverse("courses_quiz_results")).status_code in (302, 403)


def test_results_export_as_csv_with_formulas_escaped(client, coordinator):
    module = quiz_module([question("=HYPERLINK(1)?", (("=1+1", True), ("-2", False)))])
    take(module, UserFactory(first_name="=cmd", last_name="x"), {"=HYPERLINK(1)?": ["=1+1"]})
    client.force_login(coordinator)

    def csv(url):
        response = client.get(url, {"export": "csv"})
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    index = csv(reverse("courses_quiz_results"))
    assert "Pass rate (% of residents)" in index and "100.0" in index
    questions = csv(reverse("courses_quiz_questions", args=[module.pk]))
    assert "'=HYPERLINK(1)?" in questions and "'=1+1" in questions and "'-2" in questions
    attempts = csv(reverse("courses_quiz_attempts", args=[module.pk]))
    assert "'=cmd x" in attempts


def test_quiz_results_are_in_the_reports_menu_for_staff(client, instructor):
    client.force_login(instructor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("courses_quiz_results") in html
