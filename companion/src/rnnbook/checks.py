"""Exercise checkers: specific, friendly feedback on a student's answer.

A checker takes the student's answer and the inputs of the exercise,
computes the right answer itself and returns a :class:`Feedback`: whether the
answer passed, one sentence saying what is right or wrong, and hints that
name the likely mistake (a transposed array, a missing feature axis, a window
that is off by one, a target shifted by one step, the RMSE instead of the
MSE, ...). Feedback never prints the expected answer, only what is wrong
with the one given.

Two comparison helpers do the diagnosis and can be reused by any checker:

- :func:`compare_number` for a single number (a count, an error, ...),
- :func:`compare_array` for arrays, with shape diagnosis on named axes.

Both take a list of :class:`Mistake` objects: wrong answers that a common
slip produces, computed from the same inputs, each with its hint. If the
student's answer equals one of them, the hint says which slip it was.

In a notebook, a checker's result displays as a coloured box; printed, it is
plain text; ``bool(feedback)`` is ``feedback.passed``. An answer left as
``None`` is reported as not answered yet, never as an error, so a notebook
with unanswered exercises still runs to the end.

Examples
--------
>>> fb = check_window_count(90, length=100, lookback=10)
>>> fb.passed
True
>>> print(check_window_count(91, length=100, lookback=10))
[try again] number of windows: 91 is not the number of windows.
  hint: This is what you get if you forget that every window also needs `horizon` target values after its inputs.
"""

from __future__ import annotations

import html
import itertools
import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rnnbook import baselines, data, metrics
from rnnbook._validate import check_array, check_choice, check_int, check_windows_targets

#: Axis names of the course's window arrays, batch-first.
AXES_NTF = ("N", "T", "F")
#: Axis names of targets: N windows, one column per forecast step.
AXES_TARGETS = ("N", "horizon")

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


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------
def _as_number(answer: Any) -> float | str:
    """The answer as a float, or a sentence saying why it is not a number."""
    if isinstance(answer, bool):
        return "Your answer is a bool; give a number."
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, str):
        return f"Your answer is the string {answer!r}; give a number, not text."
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"Your answer (a {type(answer).__name__}) is not a number."
    if array.size != 1:
        return (
            f"Your answer is an array of shape {array.shape}; give a single number "
            "(did you forget to take the mean?)."
        )
    return float(array.reshape(()))


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def compare_number(
    answer: Any,
    expected: float,
    *,
    exercise: str,
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 0.0,
    integer: bool = False,
) -> Feedback:
    """Check a single number against the expected one, naming the likely slip.

    Parameters
    ----------
    answer : number, 0-d or size-1 array, or None
        The student's answer; ``None`` means not answered yet.
    expected : float
        The right answer (never shown).
    exercise : str
        What is being checked, e.g. "naive validation MSE".
    mistakes : sequence of Mistake
        Known wrong answers with their hints; those equal to ``expected``
        are ignored.
    rtol, atol : float
        Relative and absolute tolerance of the comparison.
    integer : bool, default False
        The answer must be a whole number (a count).

    Returns
    -------
    Feedback

    Examples
    --------
    >>> compare_number(0.5, 0.25, exercise="MSE",
    ...                mistakes=[Mistake(0.5, "That is the RMSE.")]).hints
    ('That is the RMSE.',)
    """
    if answer is None:
        return not_answered(exercise)
    value = _as_number(answer)
    if isinstance(value, str):
        return Feedback(exercise, False, value)
    if not math.isfinite(value):
        return Feedback(exercise, False, f"Your answer is {value}; a finite number is expected.")
    shown = _format(value)
    if integer and value != int(value):
        return Feedback(
            exercise,
            False,
            f"{shown} is not a whole number, and a count must be one.",
            ("A division that does not come out even has to be rounded: which way, and why? "
             "Python's `//` rounds down.",),
        )
    if _close(value, expected, rtol, atol):
        return Feedback(exercise, True, f"Correct: {shown} is the {exercise}.")
    hints = [
        m.hint
        for m in mistakes
        if not _close(float(m.value), expected, rtol, atol) and _close(value, float(m.value), rtol, atol)
    ]
    if not hints:
        if integer and abs(value - expected) == 1:
            hints.append(
                "You are off by one: check whether you count both the first and the last "
                "item (a fencepost error)."
            )
        else:
            hints.append(f"Your answer is too {'large' if value > expected else 'small'}.")
    return Feedback(exercise, False, f"{shown} is not the {exercise}.", tuple(dict.fromkeys(hints)))


def _format(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


# ---------------------------------------------------------------------------
# Arrays
# ---------------------------------------------------------------------------
def _as_array(answer: Any) -> np.ndarray | str:
    """The answer as a NumPy array, or a sentence saying why it cannot be one."""
    if isinstance(answer, (str, bytes)):
        return f"Your answer is a {type(answer).__name__}; give an array of numbers."
    if hasattr(answer, "detach"):  # a torch tensor, possibly requiring grad
        answer = answer.detach().cpu().numpy()
    try:
        array = np.asarray(answer)
    except (TypeError, ValueError):
        return (
            f"Your answer (a {type(answer).__name__}) cannot be turned into an array: "
            "are all rows the same length?"
        )
    if array.dtype == object:
        return (
            "Your answer becomes an array of Python objects, not numbers: "
            "are all rows the same length, and did you stack them with `np.array`?"
        )
    if array.dtype.kind not in "biuf":
        return f"Your answer has dtype {array.dtype}; an array of numbers is expected."
    return array


def _describe(shape: tuple[int, ...], axes: Sequence[str]) -> str:
    if len(shape) == len(axes):
        return "(" + ", ".join(f"{name}={n}" for name, n in zip(axes, shape)) + ")"
    return str(shape)


def _same(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def shape_hints(
    answer: np.ndarray,
    expected: np.ndarray,
    axes: Sequence[str],
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
) -> list[str]:
    """Explain how ``answer``'s shape differs from ``expected``'s.

    Recognises a missing or extra axis of size 1 (the feature axis), axes in
    the wrong order (a transposed matrix, ``(T, N, F)`` for ``(N, T, F)``),
    one item too many or too few along an axis (an off-by-one loop), and
    otherwise names the axis whose length differs.

    Parameters
    ----------
    answer, expected : numpy.ndarray
        Arrays of different shapes.
    axes : sequence of str
        Names of ``expected``'s axes, e.g. ``("N", "T", "F")``.

    Returns
    -------
    list of str
        The hints, most specific first.
    """
    hints = []
    names = list(axes) if len(axes) == expected.ndim else [f"axis {i}" for i in range(expected.ndim)]
    layout = "(" + ", ".join(names) + ")"
    if answer.ndim == expected.ndim - 1 and expected.shape[-1] == 1 and answer.shape == expected.shape[:-1]:
        same = _same(answer[..., None], expected, rtol, atol)
        hints.append(
            f"Your array has no last axis of size 1: the expected layout is {layout}, "
            f"with {names[-1]}=1 for a single feature. Add it with `a[..., np.newaxis]`"
            + (" (the values themselves are right)." if same else ".")
        )
        return hints
    if answer.ndim == expected.ndim - 1 and expected.shape[-1] == 1:
        inner = shape_hints(answer[..., None], expected, names, rtol=rtol, atol=atol)
        first = inner[0] if inner else ""
        if "wrong order" in first or "transposed" in first:
            hints.append(
                f"Your array has no last axis of size 1 ({names[-1]}=1 for a single feature), "
                "and its other axes are in the wrong order: "
                f"the expected layout is {layout}."
            )
            return hints
    if answer.ndim == expected.ndim + 1 and answer.shape[-1] == 1 and answer.shape[:-1] == expected.shape:
        hints.append(
            f"Your array has an extra last axis of size 1; the expected layout is {layout}. "
            "Remove it with `a[..., 0]` or `a.squeeze(-1)`."
        )
        return hints
    if answer.ndim != expected.ndim:
        hints.append(
            f"Your array has {answer.ndim} dimension(s) {answer.shape}; "
            f"{expected.ndim} are expected, laid out as {layout}."
        )
        return hints
    if sorted(answer.shape) == sorted(expected.shape) and answer.ndim > 1:
        for perm in itertools.permutations(range(answer.ndim)):
            if perm == tuple(range(answer.ndim)):
                continue
            # answer.transpose(perm) would match: answer axis perm[i] plays expected axis i
            if tuple(answer.shape[p] for p in perm) != expected.shape:
                continue
            if _same(answer.transpose(perm), expected, rtol, atol):
                order = [None] * answer.ndim
                for i, p in enumerate(perm):
                    order[p] = names[i]
                if answer.ndim == 2:
                    hints.append("Your array is transposed: its rows and columns are swapped; try `.T`.")
                else:
                    hints.append(
                        f"Your axes are in the wrong order: your array is laid out as "
                        f"({', '.join(order)}), the expected layout is {layout}. "
                        f"`np.transpose(a, {perm})` reorders them."
                    )
                return hints
    for i, (got, want) in enumerate(zip(answer.shape, expected.shape)):
        if got == want:
            continue
        if abs(got - want) == 1:
            hints.append(
                f"Along {names[i]} you have one item {'too many' if got > want else 'too few'} "
                f"({got}): an off-by-one error, often in the end of a `range`."
            )
        else:
            hints.append(f"Along {names[i]} your array has length {got}; the length should be {want}.")
    return hints


def _shift_hints(
    answer: np.ndarray, expected: np.ndarray, names: Sequence[str], rtol: float, atol: float
) -> list[str]:
    """Hints for an answer equal to the expected one shifted by one position along an axis."""
    hints = []
    for axis in range(expected.ndim):
        if expected.shape[axis] < 3:
            continue
        head = [slice(None)] * expected.ndim
        tail = [slice(None)] * expected.ndim
        head[axis], tail[axis] = slice(None, -1), slice(1, None)
        a_head, a_tail = answer[tuple(head)], answer[tuple(tail)]
        e_head, e_tail = expected[tuple(head)], expected[tuple(tail)]
        if _same(a_head, e_tail, rtol, atol):
            hints.append(
                f"Your values are shifted by one position along {names[axis]}: each entry "
                "holds what belongs one position later (you start one step too late)."
            )
        elif _same(a_tail, e_head, rtol, atol):
            hints.append(
                f"Your values are shifted by one position along {names[axis]}: each entry "
                "holds what belongs one position earlier (you start one step too early)."
            )
    return hints


def compare_array(
    answer: Any,
    expected: np.ndarray,
    *,
    exercise: str,
    axes: Sequence[str] = (),
    mistakes: Sequence[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-8,
    check_dtype: bool = True,
) -> Feedback:
    """Check an array against the expected one: shape, dtype, then values.

    Parameters
    ----------
    answer : array_like or None
        The student's array (NumPy, nested lists or a CPU tensor); ``None``
        means not answered yet.
    expected : numpy.ndarray
        The right answer (never shown; its shape may be named in a hint).
    exercise : str
        What is being checked, e.g. "the input windows `X`".
    axes : sequence of str
        Names of the axes of ``expected`` for the hints, e.g. ``AXES_NTF``.
    mistakes : sequence of Mistake
        Known wrong arrays with their hints, checked first.
    rtol, atol : float
        Tolerances of :func:`numpy.allclose`.
    check_dtype : bool, default True
        Fail an integer or boolean answer where floats are expected.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> expected = np.arange(6.0).reshape(2, 3)
    >>> compare_array(expected.T, expected, exercise="matrix").hints
    ('Your array is transposed: its rows and columns are swapped; try `.T`.',)
    """
    if answer is None:
        return not_answered(exercise)
    array = _as_array(answer)
    if isinstance(array, str):
        return Feedback(exercise, False, array)
    expected = np.asarray(expected)
    names = list(axes) if len(axes) == expected.ndim else [f"axis {i}" for i in range(expected.ndim)]
    for mistake in mistakes:
        wrong = np.asarray(mistake.value)
        if _same(wrong, expected, rtol, atol) or array.shape != wrong.shape:
            continue
        if np.allclose(array.astype(float), wrong, rtol=rtol, atol=atol):
            return Feedback(exercise, False, "Not quite: this is a common slip.", (mistake.hint,))
    if array.shape != expected.shape:
        message = (
            f"Your array has shape {array.shape}, which is not the expected shape "
            f"for {exercise}."
        )
        return Feedback(exercise, False, message, tuple(shape_hints(array, expected, names, rtol=rtol, atol=atol)))
    if not np.all(np.isfinite(array)):
        bad = int(array.size - np.count_nonzero(np.isfinite(array)))
        return Feedback(
            exercise, False, f"Your array holds {bad} NaN or infinite value(s).",
            ("Check for a division by zero or uninitialised entries (`np.empty`).",),
        )
    notes = []
    if expected.dtype.kind == "f" and array.dtype.kind in "biu":
        if check_dtype:
            same = np.allclose(array, expected, rtol=rtol, atol=atol)
            return Feedback(
                exercise,
                False,
                f"Your array has the integer dtype {array.dtype}; floating-point numbers are expected.",
                ("Neural networks work with floats: convert with `.astype(np.float32)`"
                 + (" (the values themselves are right)." if same else "."),),
            )
    elif expected.dtype.kind == "f" and array.dtype != expected.dtype:
        notes.append(
            f"Your dtype is {array.dtype}, the reference uses {expected.dtype}; "
            "Keras and PyTorch compute in float32 by default."
        )
    if np.allclose(array, expected, rtol=rtol, atol=atol):
        return Feedback(exercise, True, "Correct: the shape and the values are right.", tuple(notes))
    hints = _shift_hints(array, expected, names, rtol, atol)
    if not hints:
        wrong = ~np.isclose(array, expected, rtol=rtol, atol=atol)
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        hints.append(
            f"{int(wrong.sum())} of {wrong.size} entries differ; the first one is at index "
            f"{first if len(first) > 1 else first[0]}."
        )
    return Feedback(exercise, False, "The shape is right but some values are wrong.", tuple(hints))


# ---------------------------------------------------------------------------
# Chapter 1: windows and baselines
# ---------------------------------------------------------------------------
def check_window_count(
    answer: Any, *, length: int, lookback: int, horizon: int = 1, stride: int = 1
) -> Feedback:
    """Check the number of windows cut from a series of ``length`` values.

    Window ``i`` starts at ``i * stride`` and needs ``lookback`` inputs plus
    ``horizon`` targets, so the right count is
    ``(length - lookback - horizon) // stride + 1`` (as in
    :func:`rnnbook.data.make_windows`).

    Parameters
    ----------
    answer : int or None
        The student's count.
    length : int
        Number of values in the series ``T``, at least 1.
    lookback, horizon, stride : int
        Window parameters, at least 1.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        If a window parameter is not an integer >= 1.

    Examples
    --------
    >>> check_window_count(43, length=100, lookback=10, horizon=5, stride=2).passed
    True
    """
    length = check_int("length", length, minimum=1)
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    stride = check_int("stride", stride, minimum=1)
    span = length - lookback - horizon
    expected = span // stride + 1 if span >= 0 else 0
    mistakes = [
        Mistake((length - lookback) // stride + 1,
                "This is what you get if you forget that every window also needs `horizon` "
                "target values after its inputs."),
        Mistake(span // stride,
                "You counted the gaps between window starts, not the starts: the first "
                "window (start 0) counts too."),
        Mistake(span + 1,
                "You ignored the stride: a new window starts only every `stride` steps."),
        Mistake(math.ceil(span / stride) + 1,
                "You rounded the division up: a window that would run past the end of the "
                "series does not exist, so round down."),
        Mistake(length // (lookback + horizon),
                "You counted windows that do not overlap; consecutive windows overlap and "
                "start `stride` steps apart."),
        Mistake((length - lookback - 1) // stride + 1 if horizon > 1 else expected,
                "You reserved one target value, but each window needs `horizon` of them."),
    ]
    return compare_number(answer, expected, exercise="number of windows", mistakes=mistakes,
                          integer=True)


def _window_values(values: np.ndarray, width: int, count: int, offset: int = 0) -> np.ndarray:
    """``count`` windows of ``width`` rows of ``values`` (T, F), starting at ``offset``."""
    starts = offset + np.arange(max(count, 0))
    starts = starts[starts + width <= len(values)]
    if width <= 0 or len(starts) == 0:
        return np.empty((0, max(width, 0), values.shape[1]))
    return np.stack([values[s : s + width] for s in starts])  # (count, width, F)


def check_windows(
    X: Any, y: Any, series: Any, lookback: int, horizon: int = 1
) -> Feedback:
    """Check windows ``X`` and targets ``y`` cut by hand from ``series``.

    The right answer is that of :func:`rnnbook.data.make_windows` with
    ``stride=1``: ``X[i] = series[i : i + lookback]`` of shape
    ``(N, lookback, F)`` and ``y[i] = series[i + lookback : i + lookback +
    horizon]`` of shape ``(N, horizon)`` (for a one-step target, ``(N,)``
    is accepted too). Recognised slips: no feature axis, axes swapped, the
    last window missing, inputs that include the target, targets that are
    the last input value or one step too late.

    Parameters
    ----------
    X, y : array_like or None
        The student's windows and targets.
    series : array_like
        The univariate series ``(T,)`` (or ``(T, 1)``) that was cut.
    lookback, horizon : int
        Window parameters, at least 1.

    Returns
    -------
    Feedback
        On ``X`` and ``y`` together.

    Raises
    ------
    TypeError, ValueError
        If ``series`` is not a univariate numeric series long enough for one
        window, or ``lookback`` / ``horizon`` is not an integer >= 1.

    Examples
    --------
    >>> s = np.arange(6.0)
    >>> X = np.array([[[0.], [1.], [2.]], [[1.], [2.], [3.]], [[2.], [3.], [4.]]])
    >>> check_windows(X, np.array([[3.], [4.], [5.]]), s, lookback=3).passed
    True
    """
    values = check_array("series", series, ndim=(1, 2))
    if values.ndim == 2 and values.shape[1] != 1:
        raise ValueError(
            "`series` must be univariate, of shape (T,) or (T, 1). "
            f"Received: series with shape {values.shape}"
        )
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    values = values.reshape(-1, 1)  # (T, 1)
    X_true, Y_true = data.make_windows(values[:, 0], lookback, horizon)  # (N, lookback, 1), (N, horizon)
    n = len(X_true)
    if X is None and y is None:
        return not_answered("windows")
    x_mistakes = [
        Mistake(X_true[:-1],
                "The last window is missing: the last window's target is the last value of the "
                "series; check the end of your `range` (off by one)."),
        Mistake(_window_values(values, lookback + horizon, n),
                "Your inputs include the target: an input window stops just before the value "
                "it forecasts (`lookback` values, not `lookback + horizon`)."),
        Mistake(_window_values(values, lookback, n - 1, offset=1),
                "Your first window starts at index 1; the first window starts at index 0."),
    ]
    fb_x = compare_array(X, X_true, exercise="the input windows", axes=AXES_NTF,
                         mistakes=x_mistakes, check_dtype=False)
    y_answer = y
    y_notes: tuple[str, ...] = ()
    if y is not None:
        y_array = _as_array(y)
        if isinstance(y_array, np.ndarray) and horizon == 1 and y_array.shape == (n,):
            y_answer = y_array[:, None]
            y_notes = ("A 1-D target of shape (N,) works for one step; "
                       "`make_windows` returns (N, 1), one column per forecast step.",)
    last_input = values[lookback - 1 : lookback - 1 + n + horizon - 1, 0]
    y_mistakes = [
        Mistake(np.stack([last_input[i : i + horizon] for i in range(n)]),
                "Your targets are the last value of each input window: the target is the value "
                "that comes after the window (shifted one step later)."),
        Mistake(np.stack([values[lookback + 1 + i : lookback + 1 + i + horizon, 0]
                          for i in range(n - 1)]) if n > 1 else np.empty((0, horizon)),
                "Your targets are one step too far in the future: the first target is the value "
                "right after the first window."),
        Mistake(Y_true[:-1],
                "The last target is missing (off by one at the end of your loop)."),
    ]
    fb_y = compare_array(y_answer, Y_true, exercise="the targets", axes=AXES_TARGETS,
                         mistakes=y_mistakes, check_dtype=False)
    if fb_y.passed and y_notes:
        fb_y = Feedback(fb_y.exercise, True, fb_y.message, fb_y.hints + y_notes)
    return combine("windows", {"X": fb_x, "y": fb_y})


def check_naive_mse(answer: Any, X: Any, y: Any) -> Feedback:
    """Check a hand-computed MSE of the naive (last value) forecast.

    The right answer is ``mse(y, naive_forecast(X, horizon))`` with
    ``horizon = y.shape[1]``: every target is forecast by the last value of
    feature 0 of its window. Recognised slips: the RMSE, the mean absolute
    error, the sum instead of the mean, errors not squared, the first or the
    second-to-last value used, the window mean used, and an ``(N, 1) - (N,)``
    subtraction that broadcasts to an ``(N, N)`` matrix.

    Parameters
    ----------
    answer : float or None
        The student's MSE.
    X : array_like
        Input windows ``(N, T, F)``.
    y : array_like
        Targets ``(N,)`` or ``(N, horizon)``.

    Returns
    -------
    Feedback

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, ``y`` not 1-D or 2-D, or they disagree on ``N``.

    Examples
    --------
    >>> X = np.array([[[1.0], [2.0]], [[3.0], [4.0]]]); y = np.array([[3.0], [4.0]])
    >>> check_naive_mse(0.5, X, y).passed
    True
    """
    X, targets = check_windows_targets(X, y)  # (N, T, F), (N, horizon)
    horizon = targets.shape[1]
    forecast = baselines.naive_forecast(X, horizon).astype(np.float64)  # (N, horizon)
    expected = metrics.mse(targets, forecast)
    errors = targets - forecast  # (N, horizon)
    first = np.repeat(X[:, :1, 0], horizon, axis=1)  # (N, horizon)
    second_last = np.repeat(X[:, -2:-1, 0], horizon, axis=1) if X.shape[1] > 1 else forecast
    window_mean = np.repeat(X[:, :, 0].mean(axis=1, keepdims=True), horizon, axis=1)
    mistakes = [
        Mistake(math.sqrt(expected), "This is the root mean squared error (RMSE): the MSE has no square root."),
        Mistake(float(np.mean(np.abs(errors))), "This is the mean absolute error: square the errors instead of taking their absolute value."),
        Mistake(float(np.sum(errors**2)), "This is the sum of the squared errors: the MSE divides it by the number of values."),
        Mistake(float(np.mean(errors)), "This is the mean error: square each error before averaging, so that errors of opposite sign do not cancel."),
        Mistake(metrics.mse(targets, first), "You forecast with the first value of each window; the naive forecast repeats the last one, `X[:, -1]`."),
        Mistake(metrics.mse(targets, second_last), "You forecast with the second-to-last value, one step too early: the last input is `X[:, -1]`."),
        Mistake(metrics.mse(targets, window_mean), "You forecast with the mean of the window; the naive forecast repeats the last value."),
        Mistake(float(np.mean((targets[:, :1] - X[:, -1, 0]) ** 2)) if horizon == 1 else expected,
                "Your subtraction broadcast an (N, 1) array against an (N,) array into an (N, N) "
                "matrix. Give both operands the same shape, e.g. `y - X[:, -1]` with `y` of shape (N, 1)."),
    ]
    return compare_number(answer, expected, exercise="naive forecast MSE", mistakes=mistakes,
                          rtol=1e-4, atol=1e-9)


def check_linear_param_count(
    answer: Any, *, lookback: int, n_features: int = 1, horizon: int = 1
) -> Feedback:
    """Check the parameter count of a linear forecaster (``Flatten`` + ``Dense(horizon)``).

    It has one weight per input value per output and one bias per output:
    ``lookback * n_features * horizon + horizon``.

    Parameters
    ----------
    answer : int or None
    lookback, n_features, horizon : int
        Window length ``T``, features ``F`` and outputs, at least 1.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_linear_param_count(51, lookback=50).passed
    True
    """
    lookback = check_int("lookback", lookback, minimum=1)
    n_features = check_int("n_features", n_features, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    inputs = lookback * n_features
    expected = inputs * horizon + horizon
    mistakes = [
        Mistake(inputs * horizon, "You forgot the biases: one per output."),
        Mistake(inputs * horizon + 1, "There is one bias per output, not one in total."),
        Mistake(inputs + 1, "That counts a single output: a Dense layer has one weight per input *per output*."),
        Mistake(lookback * horizon + horizon, "You left out the features: each time step brings `n_features` input values."),
    ]
    return compare_number(answer, expected, exercise="number of parameters", mistakes=mistakes, integer=True)


def check_rnn_param_count(
    answer: Any, *, n_features: int, n_hidden: int, framework: str = "keras"
) -> Feedback:
    """Check the parameter count of one simple recurrent layer.

    With :math:`H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)`, Keras'
    ``SimpleRNN`` and ``rnnbook.numpy_rnn`` hold ``W_x`` (F, H), ``W_h``
    (H, H) and ``b`` (H,): ``F*H + H*H + H`` numbers. PyTorch's ``nn.RNN``
    keeps two bias vectors, ``F*H + H*H + 2*H``.

    Parameters
    ----------
    answer : int or None
    n_features, n_hidden : int
        ``F`` and ``H``, at least 1.
    framework : {"keras", "numpy", "torch"}
        Whose count is asked for.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_rnn_param_count(28, n_features=2, n_hidden=4).passed
    True
    """
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    check_choice("framework", framework, ("keras", "numpy", "torch"))
    one_bias, two_biases = F * H + H * H + H, F * H + H * H + 2 * H
    expected = two_biases if framework == "torch" else one_bias
    mistakes = [
        Mistake(F * H + H, "You forgot the recurrent weights `W_h`, which map the previous hidden state (H values) to H units."),
        Mistake(F * H + H * H, "You forgot the bias vector."),
        Mistake(F * H + H * H + H + H,
                "That is PyTorch's count, with two bias vectors (`bias_ih` and `bias_hh`); "
                "Keras and NumPy keep one."),
        Mistake(F * H + H * H + H,
                "That is the count with one bias vector; PyTorch's `nn.RNN` keeps two "
                "(`bias_ih` and `bias_hh`)."),
        Mistake(F * H + F * H + H, "The recurrent matrix `W_h` is H x H: it multiplies the hidden state, not the input."),
    ]
    return compare_number(answer, expected, exercise="number of parameters", mistakes=mistakes, integer=True)
