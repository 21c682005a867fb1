"""A cohort's own application questions: checking the answers and keeping them as asked.

The fixed questions are the application's fields (Application.ANSWER_FIELDS); these come after
them, written by the cohort's coordinator (CohortQuestion). An application keeps each question's
words as they were asked (Application.custom_answers), so editing a question later changes
nothing an applicant already answered.
"""

from django.utils.translation import gettext as _

from .exceptions import EnrollmentError
from .models import CohortQuestion

Kind = CohortQuestion.Kind
YES, NO = "yes", "no"
SHORT_TEXT_MAX_LENGTH = 200
LONG_TEXT_MAX_LENGTH = 2000


def question_field_name(question_id: int) -> str:
    """The application form's field for a question (and the key of its error)."""
    return f"question_{question_id}"


def custom_answers_record(*, questions, answers: dict[int, str]) -> list[dict]:
    """The applicant's answers (question id -> answer) with each question's words as asked, in
    the cohort's order; refuses a required question left empty or an answer the question does
    not offer."""
    errors = {}
    recorded = []
    for question in questions:
        value = str(answers.get(question.pk) or "").strip()
        problem = _answer_problem(question, value)
        if problem:
            errors[question_field_name(question.pk)] = problem
            continue
        recorded.append(
            {
                "question": question.pk,
                "label": question.label,
                "kind": question.kind,
                "answer": value,
            }
        )
    if errors:
        raise EnrollmentError(
            _("Please check the answers marked below."), errors=errors, code="question_answers"
        )
    return recorded


def _answer_problem(question: CohortQuestion, value: str) -> str:
    if not value:
        return _("Please answer this question.") if question.required else ""
    if question.kind == Kind.YES_NO and value not in (YES, NO):
        return _("Please choose yes or no.")
    if question.kind == Kind.CHOICE and value not in question.choice_list():
        return _("Please choose one of the answers listed.")
    limit = LONG_TEXT_MAX_LENGTH if question.kind == Kind.LONG_TEXT else SHORT_TEXT_MAX_LENGTH
    if len(value) > limit:
        return _("Please keep the answer under %(limit)s characters.") % {"limit": limit}
    return ""


def answer_display(entry: dict) -> str:
    """One recorded answer as coordinators read it: yes and no in their language, "-" when
    the applicant skipped an optional question."""
    answer = entry.get("answer") or ""
    if entry.get("kind") == Kind.YES_NO and answer in (YES, NO):
        return _("Yes") if answer == YES else _("No")
    return answer or "-"
