"""The verdict on one answer: a :class:`Feedback`, the :class:`Mistake` it can name, and how it shows.

A checker's result displays as a coloured box in a notebook, as plain text
when printed, and ``bool(feedback)`` is ``feedback.passed``. An answer left as
``None`` is reported as not answered yet, never as an error, so a notebook
with unanswered exercises still runs to the end. Beside the text, Markdown
and HTML, a displayed Feedback carries a JSON copy of itself under the MIME
type :data:`FEEDBACK_MIME`, which :mod:`rnnbook.grade` reads back from an
executed notebook.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

#: The MIME type of a Feedback's JSON form in a notebook's outputs (see :meth:`Feedback.to_dict`).
FEEDBACK_MIME = "application/vnd.rnnbook.feedback+json"

_UNANSWERED = "No answer yet: replace `None` with your answer and run the cell again."


@dataclass(frozen=True, repr=False)
class Feedback:
    """The result of checking one answer.

    Attributes
    ----------
    exercise : str
        What was checked, e.g. "number of windows".
    passed : bool
        True if the answer is right (within the stated tolerance).
    message : str
        One sentence: what is right, or what is wrong.
    hints : tuple of str
        What to look at next; on a passed answer, remarks worth knowing.
    answered : bool
        False if the answer was left as ``None``.
    """

    exercise: str
    passed: bool
    message: str
    hints: tuple[str, ...] = ()
    answered: bool = True

    def __bool__(self) -> bool:
        return self.passed

    @property
    def status(self) -> str:
        """"correct", "not answered" or "try again"."""
        if self.passed:
            return "correct"
        return "try again" if self.answered else "not answered"

    def __str__(self) -> str:
        lines = [f"[{self.status}] {self.exercise}: {self.message}"]
        lines += [f"  {'note' if self.passed else 'hint'}: {hint}" for hint in self.hints]
        return "\n".join(lines)

    __repr__ = __str__

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data: every attribute, and the status."""
        return {"exercise": self.exercise, "passed": self.passed, "answered": self.answered,
                "status": self.status, "message": self.message, "hints": list(self.hints)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feedback:
        """The Feedback that :meth:`to_dict` wrote (extra keys are ignored)."""
        return cls(str(data["exercise"]), bool(data["passed"]), str(data["message"]),
                   tuple(str(h) for h in data.get("hints", ())), bool(data.get("answered", True)))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # IPython adds the text, Markdown and HTML forms from the other _repr_ methods.
        return {FEEDBACK_MIME: self.to_dict()}

    def _repr_markdown_(self) -> str:
        mark = {"correct": "✅", "try again": "❌", "not answered": "✏️"}[self.status]
        lines = [f"{mark} **{self.exercise}** ({self.status}): {self.message}"]
        label = "Note" if self.passed else "Hint"
        bullets = "\n".join(f"- *{label}:* {hint}" for hint in self.hints)
        return "\n\n".join(lines + [bullets]) if bullets else lines[0]

    def _repr_html_(self) -> str:
        colour = {"correct": "#1a7f37", "try again": "#cf222e", "not answered": "#9a6700"}
        border = colour[self.status]
        parts = [
            f'<div class="rnnbook-feedback rnnbook-feedback-{self.status.replace(" ", "-")}" '
            f'style="border-left: 4px solid {border}; padding: 0.3em 0.8em; margin: 0.3em 0;">',
            f'<strong style="color: {border};">{html.escape(self.status.capitalize())}</strong>'
            f" &middot; {_html_text(self.exercise)}: {_html_text(self.message)}",
        ]
        if self.hints:
            label = "Note" if self.passed else "Hint"
            items = "".join(f"<li><em>{label}:</em> {_html_text(h)}</li>" for h in self.hints)
            parts.append(f'<ul style="margin: 0.2em 0 0 0;">{items}</ul>')
        parts.append("</div>")
        return "".join(parts)


def _html_text(text: str) -> str:
    """Escape ``text`` for HTML and show `backticked` names as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


@dataclass(frozen=True)
class Mistake:
    """A wrong answer that a common slip produces, and the hint that names the slip.

    Attributes
    ----------
    value : number or array
        The answer the slip gives, computed from the exercise's inputs.
    hint : str
        What the student probably did, and how to fix it; it must not give
        away the right answer.
    """

    value: Any
    hint: str


def not_answered(exercise: str) -> Feedback:
    """Feedback for an answer still left as ``None``."""
    return Feedback(exercise, False, _UNANSWERED, answered=False)


def combine(exercise: str, parts: dict[str, Feedback]) -> Feedback:
    """Merge the feedback on several parts of one answer (e.g. ``X`` and ``y``).

    Passed only if every part passed; the message lists each part's verdict
    and the hints are prefixed with the part's name.
    """
    if not parts:
        raise ValueError("`parts` must hold at least one Feedback. Received: parts={}")
    if not any(fb.answered for fb in parts.values()):
        return not_answered(exercise)
    passed = all(fb.passed for fb in parts.values())
    if passed:
        message = "Correct: " + " and ".join(f"`{name}`" for name in parts) + " are right."
    else:
        message = " ".join(
            f"`{name}` is right." if fb.passed else f"`{name}`: {fb.message}"
            for name, fb in parts.items()
        )
    hints = tuple(f"`{name}`: {h}" for name, fb in parts.items() for h in fb.hints)
    return Feedback(exercise, passed, message, hints)
