"""Quiz questions as StreamField's raw JSON, and published modules that carry them."""

import uuid

from courses.models import CurriculumIndexPage, ModulePage
from tests.support.factories import ModulePageFactory, make_academy


def question(
    text="How many days of in-service training a year?",
    choices=(("Three", True), ("One", False), ("Ten", False)),
    *,
    kind="single",
    explanation="Every officer takes three days a year.",
    policy_title="",
) -> dict:
    return {
        "type": "question",
        "id": str(uuid.uuid4()),
        "value": {
            "kind": kind,
            "text": text,
            "choices": [
                {"type": "item", "id": str(uuid.uuid4()), "value": {"text": t, "correct": c}}
                for t, c in choices
            ],
            "explanation": explanation,
            "policy_title": policy_title,
        },
    }


def three_kinds() -> list[dict]:
    """A single-choice, a true-or-false and a several-answers question, in that order."""
    return [
        question(),
        question(
            "Supervisors take the same number of in-service days.",
            (("True", False), ("False", True)),
            kind="true_false",
            explanation="Supervisors take extra days.",
        ),
        question(
            "Which topics are part of in-service training?",
            (("Bias", True), ("First aid", True), ("Fundraising", False), ("Stress", True)),
            kind="multiple",
            explanation="Fundraising is not training.",
        ),
    ]


def quiz_module(questions=None, **fields) -> ModulePage:
    """A published module (with a live revision) whose quiz is not shuffled unless asked."""
    curriculum = CurriculumIndexPage.objects.first() or make_academy(module_count=0)[1]
    taken = ModulePage.objects.child_of(curriculum).values_list("number", flat=True)
    fields.setdefault("number", max(taken, default=0) + 1)
    fields.setdefault("quiz_shuffle_questions", False)
    fields.setdefault("quiz_shuffle_choices", False)
    module = ModulePageFactory(
        parent=curriculum,
        quiz_questions=three_kinds() if questions is None else questions,
        **fields,
    )
    module.save_revision().publish()
    module.refresh_from_db()
    return module


def right_answers(snapshot: dict) -> dict[str, list[str]]:
    return {q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in snapshot["questions"]}


def wrong_answers(snapshot: dict) -> dict[str, list[str]]:
    return {
        q["id"]: [next(c["id"] for c in q["choices"] if not c["correct"])]
        for q in snapshot["questions"]
    }
