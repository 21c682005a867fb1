"""The questions an attempt shows: the module's quiz as plain data, drawn and shuffled by a
seed. Needs only the module's fields, so the module page's preview can use it too."""

import copy
import random
import secrets

from .blocks import TRUE_FALSE

SNAPSHOT_VERSION = 1


def quiz_questions_data(*, module) -> list[dict]:
    """The module's questions as plain data; Wagtail's block ids are the stable ids."""
    questions = []
    seen: set[str] = set()

    def unique(candidate, fallback: str) -> str:
        # Ids are uuids once saved; an unsaved preview may lack them, a bad copy may repeat them.
        key = str(candidate or fallback)
        if key in seen:
            key = f"{key}-{fallback}"
        seen.add(key)
        return key

    for q_number, child in enumerate(module.quiz_questions, 1):
        if child.block_type != "question":
            continue
        value = child.value
        question_id = unique(child.id, f"q{q_number}")
        choices = [
            {
                "id": unique(item.id, f"{question_id}-{c_number}"),
                "text": item.value["text"],
                "correct": bool(item.value["correct"]),
            }
            for c_number, item in enumerate(value["choices"].bound_blocks, 1)
        ]
        questions.append(
            {
                "id": question_id,
                "kind": value["kind"],
                "text": value["text"],
                "choices": choices,
                "explanation": value["explanation"],
                "policy_title": value["policy_title"] or "",
            }
        )
    return questions


def quiz_snapshot_build(
    questions: list[dict],
    *,
    seed: int,
    shuffle_questions: bool = False,
    shuffle_choices: bool = False,
    draw_count: int | None = None,
) -> dict:
    """Draw and shuffle by `seed`: the same seed and questions always give the same quiz."""
    rng = random.Random(seed)  # noqa: S311 - an order for a quiz, not a secret
    order = list(range(len(questions)))
    if draw_count and draw_count < len(order):
        order = rng.sample(order, draw_count)
        if not shuffle_questions:
            order.sort()
    elif shuffle_questions:
        rng.shuffle(order)
    shown = []
    for index in order:
        question = copy.deepcopy(questions[index])
        # "True" before "False" reads naturally; swapping them only confuses.
        if shuffle_choices and question["kind"] != TRUE_FALSE:
            rng.shuffle(question["choices"])
        shown.append(question)
    return {"version": SNAPSHOT_VERSION, "questions": shown}


def quiz_module_snapshot(*, module, seed: int) -> dict:
    return quiz_snapshot_build(
        quiz_questions_data(module=module),
        seed=seed,
        shuffle_questions=module.quiz_shuffle_questions,
        shuffle_choices=module.quiz_shuffle_choices,
        draw_count=module.quiz_draw_count,
    )


def quiz_preview_snapshot(*, module) -> dict:
    """For Wagtail's preview: the (possibly unsaved) page's quiz, drawn as a resident gets it."""
    return quiz_module_snapshot(module=module, seed=secrets.randbits(31))
