"""Self-checks: multiple-choice and true/false questions, answered in a cell and judged one by one.

An exercise whose answer is an explanation gets a short self-check. The
questions are part of the exercise's text (Markdown, so they show in the book
and in the notebook); the student types a choice per question into a cell::

    answers = {"q1": None, "q2": None}  # a letter, or True / False
    display(checks.check_quiz(answers, "ex-ch01-shuffle"))

and the check cell says, question by question, which choices are right and
why a wrong one is wrong, without naming the right choice of a question that
is still wrong. A :class:`Question` holds the key and that feedback; a
:class:`Quiz` holds the questions of one exercise, and
:meth:`Quiz.check` judges a dict of answers. The course's quizzes are in
:mod:`rnnbook.checks.quizzes`.

Examples
--------
>>> quiz = Quiz("the permuted inputs", {
...     "q1": choice("b", "abc", wrong={"a": "Look at the weights.", "c": "Look again."}),
...     "q2": true_false(True, if_wrong="Compare the two weight vectors."),
... })
>>> quiz.check({"q1": "b", "q2": True}).passed
True
>>> print(quiz.check({"q1": "a", "q2": None}))
[try again] the permuted inputs: 0 of 2 answers are right; 1 question is not answered yet.
  hint: `q1`: (a) is not right. Look at the weights.
  hint: `q2`: not answered yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rnnbook._validate import check_choice
from rnnbook.checks.feedback import Feedback, not_answered

#: The answers of a true/false question.
TRUE_FALSE = (True, False)


@dataclass(frozen=True)
class Question:
    """One question of a self-check: its choices, the right one, and why each other is wrong.

    Attributes
    ----------
    correct : str or bool
        The right choice: a letter of ``choices``, or ``True`` / ``False``.
    choices : tuple
        The allowed answers: letters such as ``("a", "b", "c")``, or
        :data:`TRUE_FALSE`.
    wrong : mapping
        For every choice but the right one, the sentence shown when it is
        chosen. It says what is wrong with that choice, never which is right.
    note : str
        Shown when the answer is right: the reason, worth reading.

    Raises
    ------
    ValueError
        If ``correct`` is not one of ``choices``, or a wrong choice has no
        feedback (or feedback is given for something that is not a choice).
    """

    correct: str | bool
    choices: tuple
    wrong: Mapping[Any, str] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        check_choice("correct", self.correct, self.choices)
        for key in self.wrong:
            check_choice("wrong", key, tuple(c for c in self.choices if c != self.correct))
        missing = [c for c in self.choices if c != self.correct and c not in self.wrong]
        if missing:
            raise ValueError(
                "`wrong` must give feedback for every wrong choice. "
                f"Received: no feedback for {', '.join(repr(c) for c in missing)}"
            )

    @property
    def true_false(self) -> bool:
        return self.choices == TRUE_FALSE

    def read(self, answer: Any) -> Any:
        """The answer as one of the choices, or a sentence saying why it is not one.

        Letters are read without case, spaces or brackets (``"B"``, ``"(b)"``);
        a true/false answer may be a bool or the words "true" / "false".
        """
        if self.true_false:
            if isinstance(answer, (bool, np.bool_)):
                return bool(answer)
            if isinstance(answer, str) and answer.strip().lower() in ("true", "false"):
                return answer.strip().lower() == "true"
            return f"{answer!r} is not an answer: write True or False."
        if isinstance(answer, str):
            letter = answer.strip().strip("()").strip().lower()
            if letter in self.choices:
                return letter
        allowed = ", ".join(f'"{c}"' for c in self.choices)
        return f"{answer!r} is not one of the choices: write one of {allowed}."

    def judge(self, answer: Any) -> tuple[bool | None, str]:
        """(right?, what to say) for one answer; right? is None when not answered."""
        if answer is None:
            return None, "not answered yet."
        value = self.read(answer)
        if isinstance(value, str) and value not in self.choices:
            return False, value
        shown = str(value) if self.true_false else f"({value})"
        if value == self.correct:
            return True, f"{shown} is right." + (f" {self.note}" if self.note else "")
        return False, f"{shown} is not right. {self.wrong[value]}"


def choice(correct: str, choices: str = "abc", *, wrong: Mapping[str, str], note: str = "") -> Question:
    """A multiple-choice question with lettered choices (``choices="abc"``: a, b and c)."""
    return Question(correct, tuple(choices), dict(wrong), note)


def true_false(correct: bool, *, if_wrong: str, note: str = "") -> Question:
    """A true/false question; ``if_wrong`` is said to the other answer."""
    return Question(correct, TRUE_FALSE, {not correct: if_wrong}, note)


@dataclass(frozen=True)
class Quiz:
    """The self-check of one exercise: a title and its questions, by name ("q1", "q2", ...)."""

    title: str
    questions: Mapping[str, Question]

    def __post_init__(self) -> None:
        if not self.questions:
            raise ValueError("`questions` must hold at least one Question. Received: questions={}")
        for name, question in self.questions.items():
            if not isinstance(question, Question):
                raise TypeError(
                    f"`questions[{name!r}]` must be a Question. "
                    f"Received: {type(question).__name__}"
                )

    def check(self, answers: Any) -> Feedback:
        """Judge ``answers``, a dict from question name to choice (None: not answered yet).

        Passed only when every question is answered and right. The message
        counts the right answers; there is one hint per question, in order.
        """
        if answers is None:
            return not_answered(self.title)
        names = ", ".join(f'"{name}"' for name in self.questions)
        if not isinstance(answers, Mapping):
            return Feedback(self.title, False,
                            f"Your answers are a {type(answers).__name__}; give a dict with "
                            f"the keys {names}, one choice each.")
        unknown = [key for key in answers if key not in self.questions]
        if all(answers.get(name) is None for name in self.questions) and not unknown:
            return not_answered(self.title)
        verdicts = {name: q.judge(answers.get(name)) for name, q in self.questions.items()}
        n_right = sum(right is True for right, _ in verdicts.values())
        n_open = sum(right is None for right, _ in verdicts.values())
        hints = [f"`{name}`: {text}" for name, (_, text) in verdicts.items()]
        hints += [f"There is no question {key!r}: the questions are {names}." for key in unknown]
        passed = n_right == len(self.questions) and not unknown
        if passed:
            message = f"Correct: all {len(self.questions)} answers are right."
        else:
            message = f"{n_right} of {len(self.questions)} answers are right"
            if n_open:
                message += (f"; {n_open} question{'s are' if n_open > 1 else ' is'} "
                            "not answered yet")
            message += "."
        return Feedback(self.title, passed, message, tuple(hints))
