"""Grading reads only the attempt's snapshot; the rules for each kind of question."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.blocks import quiz_question_problems
from courses.quiz_snapshots import quiz_snapshot_build
from courses.services import (
    QuizError,
    question_credit,
    quiz_answers_check,
    quiz_grade,
    quiz_review,
)


def q(qid, kind, flags):
    return {
        "id": qid,
        "kind": kind,
        "text": f"Question {qid}",
        "choices": [
            {"id": f"{qid}-{i}", "text": f"Answer {i}", "correct": flag}
            for i, flag in enumerate(flags)
        ],
        "explanation": "Because.",
        "policy_title": "",
    }


SINGLE = q("s", "single", [False, True, False])
TRUE_FALSE = q("t", "true_false", [True, False])
MULTIPLE = q("m", "multiple", [True, True, False, False])  # two right of four


@pytest.mark.parametrize(
    ("question", "chosen", "credit"),
    [
        (SINGLE, ["s-1"], 1),
        (SINGLE, ["s-0"], 0),
        (SINGLE, [], 0),
        (TRUE_FALSE, ["t-0"], 1),
        (TRUE_FALSE, ["t-1"], 0),
        (MULTIPLE, ["m-0", "m-1"], 1),
        (MULTIPLE, ["m-0"], Fraction(1, 2)),
        (MULTIPLE, ["m-0", "m-2"], 0),
        (MULTIPLE, ["m-0", "m-1", "m-2"], Fraction(1, 2)),
        (MULTIPLE, ["m-0", "m-1", "m-2", "m-3"], 0),
        (MULTIPLE, ["m-2", "m-3"], 0),
        (MULTIPLE, [], 0),
    ],
)
def test_question_credit_per_kind_with_partial_credit_for_several_right_answers(
    question, chosen, credit
):
    assert question_credit(question, chosen) == credit


def test_score_is_points_over_questions_rounded_down_and_unanswered_scores_zero():
    snapshot = {"questions": [SINGLE, TRUE_FALSE, MULTIPLE]}
    assert quiz_grade(snapshot, {"s": ["s-1"], "t": ["t-0"], "m": ["m-0", "m-1"]}).score == 100
    # 1 + 0 + 0.5 of 3 points = 50%
    assert quiz_grade(snapshot, {"s": ["s-1"], "m": ["m-0"]}).score == Decimal("50.00")
    # 2 of 3 points = 66.666...% shown as 66.66, never rounded up past a pass mark
    assert quiz_grade(snapshot, {"s": ["s-1"], "t": ["t-0"]}).score == Decimal("66.66")
    assert quiz_grade(snapshot, {}).score == 0


def test_review_marks_each_answer_and_keeps_the_explanation():
    snapshot = {"questions": [SINGLE, MULTIPLE]}
    first, second = quiz_review(snapshot, {"s": ["s-0"], "m": ["m-0"]})
    assert first.outcome == "wrong" and first.explanation == "Because."
    assert [(c.chosen, c.correct) for c in first.choices] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert second.outcome == "partly right" and second.points == "0.5"


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ({"nope": ["s-1"]}, "not in this attempt"),
        ({"s": ["m-0"]}, "does not belong"),
        ({"s": ["s-0", "s-1"]}, "takes one answer"),
        ({"t": ["t-0", "t-1"]}, "takes one answer"),
    ],
)
def test_answers_outside_the_attempt_are_refused_with_a_plain_message(answers, problem):
    with pytest.raises(QuizError) as excinfo:
        quiz_answers_check({"questions": [SINGLE, TRUE_FALSE, MULTIPLE]}, answers)
    assert problem in excinfo.value.message
    assert excinfo.value.code == "invalid_answer"


@pytest.mark.parametrize(
    ("kind", "flags", "problem"),
    [
        ("single", [False, False], "Tick the right answer"),
        ("single", [True, True], "Only one answer can be right"),
        ("true_false", [True, False, False], "exactly two answers"),
        ("multiple", [True], "at least two answers"),
        ("multiple", [False, False, False], "Tick the right answer"),
    ],
)
def test_unpublishable_questions_are_named(kind, flags, problem):
    assert any(problem in p for p in quiz_question_problems(kind, flags))


def test_a_sound_question_has_no_problems():
    assert quiz_question_problems("multiple", [True, True, False]) == []
    assert quiz_question_problems("true_false", [False, True]) == []


# --- Shuffling never changes what is right -----------------------------------------------------


@st.composite
def quiz_questions(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    questions = []
    for n in range(count):
        kind = draw(st.sampled_from(["single", "multiple", "true_false"]))
        if kind == "true_false":
            flags = draw(st.sampled_from([[True, False], [False, True]]))
        else:
            size = draw(st.integers(min_value=2, max_value=6))
            if kind == "single":
                right = draw(st.integers(min_value=0, max_value=size - 1))
                flags = [i == right for i in range(size)]
            else:
                flags = draw(st.lists(st.booleans(), min_size=size, max_size=size))
                if not any(flags):
                    flags[draw(st.integers(min_value=0, max_value=size - 1))] = True
        questions.append(q(f"q{n}", kind, flags))
    return questions


@settings(max_examples=300, deadline=None)
@given(
    questions=quiz_questions(),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    shuffle_questions=st.booleans(),
    shuffle_choices=st.booleans(),
    draw_count=st.one_of(st.none(), st.integers(min_value=1, max_value=10)),
)
def test_right_answers_grade_100_and_one_wrong_answer_never_does_whatever_the_shuffle(
    questions, seed, shuffle_questions, shuffle_choices, draw_count
):
    snapshot = quiz_snapshot_build(
        questions,
        seed=seed,
        shuffle_questions=shuffle_questions,
        shuffle_choices=shuffle_choices,
        draw_count=draw_count,
    )
    shown = snapshot["questions"]
    assert len(shown) == min(draw_count or len(questions), len(questions))
    assert len({s["id"] for s in shown}) == len(shown), "a question is never drawn twice"
    originals = {original["id"]: original for original in questions}
    for s in shown:
        # The same answers, right or wrong, only in another order.
        original = originals[s["id"]]
        assert sorted((c["id"], c["correct"]) for c in s["choices"]) == sorted(
            (c["id"], c["correct"]) for c in original["choices"]
        )
        if s["kind"] == "true_false":
            assert s["choices"] == original["choices"], "True/False stay in place"

    right = {s["id"]: [c["id"] for c in s["choices"] if c["correct"]] for s in shown}
    assert quiz_grade(snapshot, right).score == 100

    # Swap one question's answer for a wrong one (or add a wrong pick): never 100.
    victim = shown[seed % len(shown)]
    wrong_choices = [c["id"] for c in victim["choices"] if not c["correct"]]
    if wrong_choices:
        spoiled = dict(right)
        if victim["kind"] == "multiple":
            spoiled[victim["id"]] = right[victim["id"]] + wrong_choices[:1]
        else:
            spoiled[victim["id"]] = wrong_choices[:1]
        assert quiz_grade(snapshot, spoiled).score < 100


@settings(max_examples=50, deadline=None)
@given(questions=quiz_questions(), seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_the_same_seed_gives_the_same_quiz(questions, seed):
    options = {"shuffle_questions": True, "shuffle_choices": True, "draw_count": 3}
    assert quiz_snapshot_build(questions, seed=seed, **options) == quiz_snapshot_build(
        questions, seed=seed, **options
    )
