"""Tests of rnnbook.checks.quiz and quizzes: self-checks judged question by question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rnnbook import checks
from rnnbook.checks import Question, Quiz, choice, true_false

ROOT = Path(__file__).resolve().parents[2]

QUIZ = Quiz("a small self-check", {
    "q1": choice("b", "abc", wrong={"a": "Not a.", "c": "Not c."}, note="Because b."),
    "q2": true_false(False, if_wrong="Look at the plot."),
})


class TestQuiz:
    def test_right_answers(self):
        fb = QUIZ.check({"q1": "b", "q2": False})
        assert fb.passed and fb.message == "Correct: all 2 answers are right."
        assert fb.hints == ("`q1`: (b) is right. Because b.", "`q2`: False is right.")

    def test_answers_are_read_leniently(self):
        assert QUIZ.check({"q1": " (B) ", "q2": "false"}).passed
        import numpy as np

        assert QUIZ.check({"q1": "b", "q2": np.bool_(False)}).passed

    def test_each_wrong_answer_gets_its_own_feedback(self):
        fb = QUIZ.check({"q1": "c", "q2": True})
        assert not fb.passed and fb.message == "0 of 2 answers are right."
        assert fb.hints == ("`q1`: (c) is not right. Not c.", "`q2`: True is not right. Look at the plot.")

    def test_the_right_choice_of_a_wrong_answer_is_not_named(self):
        fb = QUIZ.check({"q1": "a", "q2": False})
        assert "(b)" not in str(fb) and "Because b." not in str(fb)

    def test_partly_answered(self):
        fb = QUIZ.check({"q1": "b", "q2": None})
        assert fb.answered and not fb.passed
        assert fb.message == "1 of 2 answers are right; 1 question is not answered yet."
        assert QUIZ.check({"q1": None, "q2": None}).status == "not answered"
        assert QUIZ.check(None).status == "not answered"

    def test_answers_that_are_not_choices(self):
        fb = QUIZ.check({"q1": "d", "q2": "yes", "q9": "a"})
        assert not fb.passed
        assert fb.hints == ("`q1`: 'd' is not one of the choices: write one of \"a\", \"b\", \"c\".",
                            "`q2`: 'yes' is not an answer: write True or False.",
                            "There is no question 'q9': the questions are \"q1\", \"q2\".")
        assert "give a dict" in QUIZ.check(["b", False]).message
        assert not QUIZ.check({"q1": "b", "q2": False, "q3": "a"}).passed

    def test_badly_made_questions(self):
        with pytest.raises(ValueError, match=r"`correct` must be one of 'a', 'b'\. Received: correct='c'"):
            choice("c", "ab", wrong={"a": "x", "b": "y"})
        with pytest.raises(ValueError, match=r"`wrong` must give feedback for every wrong choice\. "
                                             r"Received: no feedback for 'c'"):
            choice("a", "abc", wrong={"b": "x"})
        with pytest.raises(ValueError, match=r"`wrong` must be one of 'b'\. Received: wrong='a'"):
            Question("a", ("a", "b"), {"a": "x", "b": "y"})
        with pytest.raises(ValueError, match=r"`questions` must hold at least one Question"):
            Quiz("empty", {})
        with pytest.raises(TypeError, match=r"`questions\['q1'\]` must be a Question\. Received: str"):
            Quiz("bad", {"q1": "b"})


# ---------------------------------------------------------------------------
# The course's quizzes, and the chapters that ask their questions
# ---------------------------------------------------------------------------
def exercise_text(label):
    """The text of the exercise ``label`` in the chapters, up to its solution."""
    for chapter in sorted((ROOT / "book").glob("ch[0-9][0-9]_*.md")):
        text = chapter.read_text(encoding="utf-8")
        match = re.search(rf":label: {re.escape(label)}\n(.*?)\{{solution-start\}}", text, re.DOTALL)
        if match:
            return match.group(1)
    raise AssertionError(f"no exercise {label} in the chapters")


@pytest.mark.parametrize("label", sorted(checks.QUIZZES))
def test_every_quiz_is_asked_and_checked_in_its_exercise(label):
    text = exercise_text(label)
    for name in checks.QUIZZES[label].questions:
        assert f"`{name}`" in text, f"{label}: question {name} is not in the exercise's text"
    assert f'checks.check_quiz(answers, "{label}")' in text


@pytest.mark.parametrize("label", sorted(checks.QUIZZES))
def test_every_quiz_accepts_its_key_and_rejects_each_wrong_choice(label):
    quiz = checks.QUIZZES[label]
    key = {name: q.correct for name, q in quiz.questions.items()}
    assert checks.check_quiz(key, label).passed
    for name, question in quiz.questions.items():
        for wrong, feedback in question.wrong.items():
            fb = checks.check_quiz({**key, name: wrong}, label)
            assert not fb.passed and feedback in " ".join(fb.hints)
    assert checks.check_quiz({name: None for name in key}, label).status == "not answered"


def test_check_quiz_takes_a_quiz_or_a_label():
    assert checks.check_quiz({"q1": "b", "q2": False}, QUIZ).passed
    with pytest.raises(ValueError, match=r"`quiz` must be one of 'ex-ch01-shuffle'.*Received: quiz='ex-nope'"):
        checks.check_quiz({}, "ex-nope")
    with pytest.raises(ValueError, match=r"`quiz` must be one of .*Received: quiz=3"):
        checks.check_quiz({}, 3)


def student_text(label):
    """The chapter that asks ``label``, as a student's notebook holds it: without its solutions."""
    for chapter in sorted((ROOT / "book").glob("ch[0-9][0-9]_*.md")):
        text = chapter.read_text(encoding="utf-8")
        if f":label: {label}\n" in text:
            return re.sub(r"```\{solution-start\}.*?```\{solution-end\}\n```", "", text,
                          flags=re.DOTALL)
    raise AssertionError(f"no exercise {label} in the chapters")


@pytest.mark.parametrize("label", sorted(checks.QUIZZES))
def test_quiz_feedback_names_only_code_a_student_has(label):
    # the solutions are removed from a student's notebook: feedback that points to a
    # variable of a solution points to nothing
    text = student_text(label)
    for name, question in checks.QUIZZES[label].questions.items():
        for said in (*question.wrong.values(), question.note):
            for code in re.findall(r"`([A-Za-z_][\w.]*)`", said):
                root = code.split(".")[0]
                assert re.search(rf"\b{re.escape(root)}\b", text), (
                    f"{label} {name}: the feedback names `{code}`, which only a solution defines")
