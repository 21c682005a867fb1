"""The demo academy's quizzes: each module's questions (its file's `quiz`) as a Wagtail quiz."""

import uuid

from .models import ModulePage

# Fixed ids: the demo builds the same quiz, with the same question ids, every time.
DEMO_QUIZ_NAMESPACE = uuid.UUID("6f1d3c2e-8a51-4f0e-9b7a-2d4c5e6f7a80")


def _id(*parts) -> str:
    return str(uuid.uuid5(DEMO_QUIZ_NAMESPACE, "/".join(str(part) for part in parts)))


def quizzes_add(module: ModulePage, questions: list) -> None:
    """Set the module's quiz (before it is saved and published) from the demo content's list."""
    sources = module.policy_references
    policy_title = sources[0]["title"] if sources else ""
    module.quiz_pass_mark = 80
    module.quiz_attempts_allowed = 3
    module.quiz_shuffle_questions = True
    module.quiz_shuffle_choices = True
    module.quiz_draw_count = None
    module.quiz_questions = [
        {
            "type": "question",
            "id": _id(module.slug, q_number),
            "value": {
                "kind": question["kind"],
                "text": question["text"],
                "choices": [
                    {
                        "type": "item",
                        "id": _id(module.slug, q_number, c_number),
                        "value": {"text": text, "correct": correct},
                    }
                    for c_number, (text, correct) in enumerate(question["choices"], 1)
                ],
                "explanation": question["explanation"],
                "policy_title": question.get("policy_title", policy_title),
            },
        }
        for q_number, question in enumerate(questions, 1)
    ]
