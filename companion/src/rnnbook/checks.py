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


#: Gate blocks per cell: each block is one simple-RNN-sized set of weights.
_GATE_BLOCKS = {"lstm": 4, "gru": 3}


def check_gated_param_count(
    answer: Any, *, cell: str, n_features: int, n_hidden: int, framework: str = "keras"
) -> Feedback:
    """Check the parameter count of one LSTM or GRU layer (chapter 10).

    Each gate block holds an input matrix (F, H), a recurrent matrix (H, H)
    and biases: an LSTM has 4 blocks, a GRU 3. Keras's LSTM keeps one bias
    per block, its GRU (``reset_after=True``, the default) two; PyTorch keeps
    two per block for both cells.

    Parameters
    ----------
    answer : int or None
    cell : {"lstm", "gru"}
    n_features, n_hidden : int
        ``F`` and ``H``, at least 1.
    framework : {"keras", "torch"}

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_gated_param_count(4608, cell="lstm", n_features=3, n_hidden=32).passed
    True
    """
    check_choice("cell", cell, tuple(_GATE_BLOCKS))
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    check_choice("framework", framework, ("keras", "torch"))
    blocks = _GATE_BLOCKS[cell]
    biases = 2 if (framework == "torch" or cell == "gru") else 1
    expected = blocks * (F * H + H * H + biases * H)
    other_blocks = 3 if blocks == 4 else 4
    mistakes = [
        Mistake(F * H + H * H + biases * H,
                f"That is one block. A{'n LSTM' if cell == 'lstm' else ' GRU'} has {blocks} "
                f"({'input, forget, candidate, output' if cell == 'lstm' else 'reset, update, candidate'}), "
                "each with its own weights."),
        Mistake(other_blocks * (F * H + H * H + biases * H),
                f"You used {other_blocks} gate blocks; {'an LSTM' if cell == 'lstm' else 'a GRU'} "
                f"has {blocks}."),
        Mistake(blocks * (F * H + H),
                "You forgot the recurrent matrices: every block also maps the previous state "
                "(H values) to H units."),
        Mistake(blocks * (F * H + H * H),
                "You forgot the biases."),
        Mistake(blocks * (F * H + H * H + (3 - biases) * H),
                "Check the biases: PyTorch keeps two per block (`bias_ih`, `bias_hh`) for every "
                "cell; Keras keeps one for an LSTM and two for its default GRU (reset after the "
                "recurrent product)."),
        Mistake(blocks * (F * H + F * H + biases * H),
                "The recurrent matrix of each block is H x H: it multiplies the state, not the input."),
    ]
    return compare_number(answer, expected, exercise=f"number of {cell.upper()} parameters",
                          mistakes=mistakes, integer=True)


# ---------------------------------------------------------------------------
# Chapter 11: a real series (chronological splits, scalers, seasonal naive)
# ---------------------------------------------------------------------------
_SEGMENTS = ("train", "valid", "test")


def _find_slice(part: np.ndarray, series: np.ndarray) -> int | None:
    """The first start ``s`` with ``series[s : s + len(part)] == part``, or None."""
    n = len(part)
    if n == 0 or n > len(series):
        return None
    views = np.lib.stride_tricks.sliding_window_view(series, n)  # (T - n + 1, n)
    hits = np.flatnonzero(np.all(np.isclose(views, part, rtol=1e-9, atol=1e-12), axis=1))
    return int(hits[0]) if len(hits) else None


def _is_rescaled(part: np.ndarray, values: np.ndarray, start: int) -> bool:
    """Whether ``part`` is an affine rescaling ``a * x + b`` of ``values[start:]``'s first values."""
    segment = values[start:start + len(part)]
    if len(segment) != len(part) or len(part) < 3 or np.ptp(segment) == 0:
        return False
    slope, intercept = np.polyfit(segment, part, deg=1)
    return bool(np.allclose(slope * segment + intercept, part, rtol=1e-6, atol=1e-9 * np.ptp(part)))


def check_chronological_split(
    train: Any,
    valid: Any,
    test: Any,
    *,
    series: Any,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
) -> Feedback:
    """Check a train / valid / test split of ``series`` made by hand, in time order.

    Right: three consecutive slices of ``series``, oldest first, that
    together hold every value exactly once, with the sizes of
    :func:`rnnbook.data.split_series` (a segment one value longer or shorter,
    from rounding the other way, passes with a note). Recognised slips: a
    shuffled split (``train_test_split`` with its default ``shuffle=True``),
    segments in the wrong order, values left out or used twice at a cut, a
    copy that was scaled before splitting, and sizes that do not follow
    ``fractions``.

    Parameters
    ----------
    train, valid, test : array_like or None
        The student's segments, each ``(n,)`` or ``(n, 1)``.
    series : array_like
        The univariate series ``(T,)`` (or ``(T, 1)``) that was split.
    fractions : tuple of three floats, default (0.7, 0.15, 0.15)
        The shares asked for, as in :func:`rnnbook.data.split_series`.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        If ``series`` is not a univariate numeric series or ``fractions`` is
        malformed (the message names the argument).

    Examples
    --------
    >>> s = np.arange(20.0)
    >>> check_chronological_split(s[:14], s[14:17], s[17:], series=s).passed
    True
    >>> check_chronological_split(s[:14], s[13:17], s[17:], series=s).hints[0]
    'The last value of `train` is also the first value of `valid`: each value must be in exactly one segment.'
    """
    exercise = "chronological split"
    values = check_array("series", series, ndim=(1, 2))
    if values.ndim == 2 and values.shape[1] != 1:
        raise ValueError(
            "`series` must be univariate, of shape (T,) or (T, 1). "
            f"Received: series with shape {values.shape}"
        )
    values = values.reshape(-1).astype(np.float64)  # (T,)
    expected_sizes = tuple(len(p) for p in data.split_series(values, fractions))
    answers = (train, valid, test)
    if all(a is None for a in answers):
        return not_answered(exercise)
    parts = []
    for name, answer in zip(_SEGMENTS, answers):
        if answer is None:
            return Feedback(exercise, False, f"`{name}` is still None: give all three segments.")
        array = _as_array(answer)
        if isinstance(array, str):
            return Feedback(exercise, False, f"`{name}`: {array}")
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            return Feedback(
                exercise, False, f"`{name}` has shape {array.shape}; a segment of a univariate "
                "series is 1-D, `(n,)`.",
                ("Slice the 1-D series, e.g. `series[a:b]`, without adding axes.",),
            )
        if len(array) == 0:
            return Feedback(exercise, False, f"`{name}` is empty; every segment needs values.",
                            ("Check the cut points: each segment is `series[start:stop]` with "
                             "start < stop.",))
        parts.append(array.astype(np.float64))
    sizes = tuple(len(p) for p in parts)
    n_total = len(values)
    starts = [_find_slice(p, values) for p in parts]
    if any(s is None for s in starts):
        joined = np.concatenate(parts)
        if len(joined) == n_total and np.allclose(np.sort(joined), np.sort(values)):
            return Feedback(
                exercise, False,
                "Your segments hold every value of the series, but not as consecutive stretches "
                "of time: the weeks were shuffled.",
                ("A chronological split must not shuffle: scikit-learn's `train_test_split` "
                 "shuffles by default; pass `shuffle=False`, or slice the series directly.",),
            )
        index = [s is None for s in starts].index(True)
        name = _SEGMENTS[index]
        hint = "Each segment must be a slice `series[start:stop]` of the series itself."
        if _is_rescaled(parts[index], values, sum(sizes[:index])):
            hint = ("Your values are a rescaled copy of the series: split the raw values first, "
                    "then fit the scaler on the training segment only.")
        return Feedback(exercise, False, f"`{name}` is not a stretch of consecutive values of "
                        "`series`.", (hint,))
    order = sorted(range(3), key=lambda i: starts[i])
    if order != [0, 1, 2]:
        return Feedback(
            exercise, False, "Your segments are stretches of the series, but in the wrong "
            "order in time: " + " < ".join(f"`{_SEGMENTS[i]}`" for i in order) + ".",
            ("The training segment is the oldest part of the series, the test segment the "
             "newest: a model is always tested on what comes after its training data.",),
        )
    hints = []
    ends = [s + n for s, n in zip(starts, sizes)]
    if starts[0] > 0:
        hints.append(f"The first {starts[0]} value(s) of the series are in no segment: "
                     "`train` starts at index 0.")
    for (a, b) in ((0, 1), (1, 2)):
        gap = starts[b] - ends[a]
        if gap < 0:
            if gap == -1:
                hints.append(f"The last value of `{_SEGMENTS[a]}` is also the first value of "
                             f"`{_SEGMENTS[b]}`: each value must be in exactly one segment.")
            else:
                hints.append(f"`{_SEGMENTS[a]}` and `{_SEGMENTS[b]}` share {-gap} values: "
                             "each value must be in exactly one segment.")
        elif gap > 0:
            hints.append(f"{gap} value(s) between `{_SEGMENTS[a]}` and `{_SEGMENTS[b]}` are in "
                         "no segment: the next segment starts where the previous one stops "
                         "(`series[a:b]` stops before index b).")
    if ends[2] < n_total:
        hints.append(f"The last {n_total - ends[2]} value(s) of the series are in no segment: "
                     "`test` runs to the end of the series.")
    if hints:
        return Feedback(exercise, False, "Your segments are in time order, but they do not "
                        "cover the series exactly once.", tuple(hints))
    if sizes == expected_sizes:
        return Feedback(exercise, True, "Correct: three consecutive segments, oldest first, "
                        f"of {sizes[0]}, {sizes[1]} and {sizes[2]} values.")
    if all(abs(a - b) <= 1 for a, b in zip(sizes, expected_sizes)):
        return Feedback(
            exercise, True,
            f"Correct: three consecutive segments, oldest first, of {sizes[0]}, {sizes[1]} and "
            f"{sizes[2]} values.",
            ("`data.split_series` rounds each share down and gives the rest to `test`; your "
             "cut rounds differently, which is just as good.",),
        )
    shares = ", ".join(f"{n / n_total:.1%}" for n in sizes)
    return Feedback(
        exercise, False,
        f"Your segments are in time order and cover the series, but their shares ({shares}) "
        "are not the ones asked for.",
        (f"The shares asked for are {', '.join(f'{f:.0%}' for f in fractions)} of the "
         f"{n_total} values; the second cut is at the sum of the first two shares, not at the "
         "second share alone.",),
    )


#: How :func:`check_train_scaler` names the segments a scaler could have been fitted on.
_FITTED_ON = {
    "test": "the test segment: its minimum and maximum (or mean and spread) come from the "
            "future, and a scaler refitted with `fit_transform` on the test data does exactly "
            "this. Fit once, on the training segment, then only `transform`.",
    "valid": "the validation segment; fit on the training segment and only `transform` the "
             "validation and test data.",
    "all": "the whole series: its statistics include the validation and test weeks, which is "
           "data leakage. Fit on the training segment only.",
    "train+valid": "training and validation data together; for the model selected on the "
                   "validation split, fit on the training segment only.",
}


def _scaler_numbers(answer: Any) -> tuple[float, float, str] | str:
    """``(loc, scale, kind)`` of a fitted scaler, or a sentence saying why it has none."""
    if isinstance(answer, data.Scaler):
        return float(answer.loc), float(answer.scale), answer.kind
    if isinstance(answer, (tuple, list)) and len(answer) == 2 and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in answer
    ):
        return float(answer[0]), float(answer[1]), ""
    name = type(answer).__name__
    if hasattr(answer, "data_range_") or hasattr(answer, "mean_"):
        minmax = hasattr(answer, "data_range_")
        loc = np.atleast_1d(np.asarray(answer.data_min_ if minmax else answer.mean_, dtype=float))
        scale = np.atleast_1d(np.asarray(answer.data_range_ if minmax else answer.scale_,
                                         dtype=float))
        if loc.size != 1:
            return (f"Your {name} was fitted on {loc.size} columns, one per value: the series "
                    "was passed as a single row. Fit it on a column, `segment.reshape(-1, 1)`.")
        return float(loc[0]), float(scale[0]), "minmax" if minmax else "standard"
    if name in ("MinMaxScaler", "StandardScaler"):
        return (f"Your {name} is not fitted yet: call `.fit(train.reshape(-1, 1))` on the "
                "training segment.")
    return (f"Your answer (a {name}) is not a fitted scaler: give `data.fit_scaler(...)`, a "
            "fitted scikit-learn MinMaxScaler or StandardScaler, or a pair (loc, scale).")


def check_train_scaler(
    answer: Any, *, train: Any, valid: Any, test: Any, kind: str = "minmax"
) -> Feedback:
    """Check that a scaler was fitted on the training segment, and on nothing else.

    The right answer has the statistics of :func:`rnnbook.data.fit_scaler`
    on ``train``: for ``"minmax"`` the training minimum and range, for
    ``"standard"`` the training mean and standard deviation (a standard
    deviation with ``ddof=1``, as pandas computes it, passes with a note).
    Recognised slips: a scaler fitted on the test segment (what a second
    ``fit_transform`` on the test data does), on the validation segment, on
    the whole series or on training plus validation data; a scikit-learn
    scaler fitted on a row instead of a column; an unfitted scaler; the other
    kind of scaler.

    Parameters
    ----------
    answer : Scaler, fitted MinMaxScaler / StandardScaler, (loc, scale) or None
        The student's scaler: an :class:`rnnbook.data.Scaler`, a fitted
        scikit-learn scaler of one column, or the pair ``(loc, scale)`` of
        ``z = (x - loc) / scale``.
    train, valid, test : array_like
        The three segments of the series.
    kind : {"minmax", "standard"}, default "minmax"
        The kind of scaler asked for.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        If a segment is not numeric, empty or constant, or ``kind`` is unknown.

    Examples
    --------
    >>> train, valid, test = np.arange(10.0), np.arange(10.0, 13.0), np.arange(13.0, 16.0)
    >>> check_train_scaler(data.fit_scaler(train), train=train, valid=valid, test=test).passed
    True
    >>> check_train_scaler((13.0, 2.0), train=train, valid=valid, test=test).passed
    False
    """
    exercise = "scaler"
    check_choice("kind", kind, data.SCALERS)
    parts = {name: check_array(name, part).reshape(-1).astype(np.float64)
             for name, part in (("train", train), ("valid", valid), ("test", test))}
    expected = data.fit_scaler(parts["train"], kind)
    if answer is None:
        return not_answered(exercise)
    numbers_ = _scaler_numbers(answer)
    if isinstance(numbers_, str):
        return Feedback(exercise, False, numbers_)
    loc, scale, answer_kind = numbers_
    if not (math.isfinite(loc) and math.isfinite(scale)):
        return Feedback(exercise, False, f"Your scaler's numbers are not finite (loc={loc}, "
                        f"scale={scale}).")
    if answer_kind and answer_kind != kind:
        other = {"minmax": "a min-max scaler (MinMaxScaler)",
                 "standard": "a standard scaler (StandardScaler)"}
        return Feedback(exercise, False, f"This is {other[answer_kind]}; the exercise asks for "
                        f"{other[kind]}.")

    def same(stats: tuple[float, float]) -> bool:
        return _close(loc, stats[0], 1e-9, 1e-12) and _close(scale, stats[1], 1e-9, 1e-12)

    if same((expected.loc, expected.scale)):
        return Feedback(exercise, True, "Correct: the scaler was fitted on the training segment "
                        "only.")
    if kind == "standard" and same((expected.loc, float(np.std(parts["train"], ddof=1)))):
        return Feedback(exercise, True, "Correct: the scaler was fitted on the training segment "
                        "only.", ("Your standard deviation divides by n - 1 (pandas' default); "
                                  "`fit_scaler` and scikit-learn divide by n. Either is fine.",))
    candidates = {
        "test": parts["test"],
        "valid": parts["valid"],
        "all": np.concatenate([parts["train"], parts["valid"], parts["test"]]),
        "train+valid": np.concatenate([parts["train"], parts["valid"]]),
    }
    for name, values in candidates.items():
        if np.ptp(values) == 0:
            continue
        fitted = data.fit_scaler(values, kind)
        if same((fitted.loc, fitted.scale)):
            return Feedback(exercise, False, "Not quite: this scaler was fitted on the wrong "
                            "data.", (f"Its statistics are those of {_FITTED_ON[name]}",))
    if kind == "minmax" and _close(loc, expected.loc, 1e-9, 1e-12):
        hint = ("The minimum is right but the scale is not: the scale of a min-max scaler is the "
                "training range, max - min, not the maximum.")
    else:
        hint = ("These statistics match no segment of the series: fit on the raw training "
                "segment, before any other transformation.")
    return Feedback(exercise, False, "This scaler does not hold the training segment's "
                    "statistics.", (hint,))


def check_seasonal_naive_indices(
    answer: Any, *, lookback: int, period: int, horizon: int
) -> Feedback:
    """Check which window positions the seasonal naive forecast reads, step by step.

    For step ``k = 1, ..., horizon`` the forecast of week ``T + k`` is the
    value one season earlier, or ``ceil(k / period)`` seasons earlier once
    ``k`` exceeds a season, at the 0-based position
    ``lookback - 1 + k - period * ceil(k / period)`` of the window (as in
    :func:`rnnbook.forecast.seasonal_naive_forecast`). Negative positions
    counted from the end (``position - lookback``) are accepted too.
    Recognised slips: 1-based positions, positions one step too early, no
    wrap-around beyond one season, the naive forecast's position.

    Parameters
    ----------
    answer : array_like of int or None
        ``horizon`` positions, one per step.
    lookback, period, horizon : int
        Window length ``T``, season length and number of steps, at least 1,
        with ``period <= lookback``.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        If an argument is not an integer >= 1 or ``period > lookback``.

    Examples
    --------
    >>> check_seasonal_naive_indices([1, 2, 3, 1], lookback=4, period=3, horizon=4).passed
    True
    """
    lookback = check_int("lookback", lookback, minimum=1)
    period = check_int("period", period, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    if period > lookback:
        raise ValueError(
            f"`period` must be <= `lookback` ({lookback}): the window must hold one season. "
            f"Received: period={period}"
        )
    exercise = "seasonal naive positions"
    k = np.arange(1, horizon + 1)  # (horizon,) steps ahead
    expected = lookback - 1 + k - period * np.ceil(k / period).astype(int)  # (horizon,)
    if answer is None:
        return not_answered(exercise)
    array = _as_array(answer)
    if isinstance(array, np.ndarray) and array.shape == expected.shape and np.all(array < 0):
        if np.allclose(array + lookback, expected):
            return Feedback(exercise, True, "Correct: the shape and the values are right.",
                            ("You counted positions from the end (negative indices); "
                             "`X[:, position]` reads the same values either way.",))
    mistakes = [
        Mistake(expected + 1, "Your positions are 1-based: Python counts window positions from "
                              "0, so the last observed week is at `lookback - 1`."),
        Mistake(expected - 1, "Your positions are one week too early: the value one season "
                              "before week T + k is `period` steps before it, not "
                              "`period + 1`."),
        Mistake(lookback - 1 + k - period,
                "Beyond one season your positions run past the end of the window: for "
                "k > period, go back two (or more) seasons, `ceil(k / period)` of them."),
        Mistake(np.full(horizon, lookback - 1),
                "That is the naive forecast (the last value for every step), not the value one "
                "season earlier."),
    ]
    return compare_array(answer, expected, exercise=exercise, axes=("horizon",),
                         mistakes=mistakes, check_dtype=False)


def check_seasonal_naive_mse(answer: Any, X: Any, y: Any, *, period: int) -> Feedback:
    """Check a hand-computed MSE of the seasonal naive forecast.

    The right answer is ``mse(y, seasonal_naive_forecast(X, horizon, period))``
    with ``horizon = y.shape[1]``: every target is forecast with the value
    of feature 0 one season (``period`` steps) before it. Recognised slips:
    the RMSE, the mean absolute error, a season one step too long or too
    short, the naive (last value) forecast, the first value of a window
    longer than one season, and an ``(N, 1) - (N,)`` subtraction that
    broadcasts to an ``(N, N)`` matrix.

    Parameters
    ----------
    answer : float or None
        The student's MSE.
    X : array_like
        Input windows ``(N, T, F)`` with ``T >= period``.
    y : array_like
        Targets ``(N,)`` or ``(N, horizon)``.
    period : int
        Season length in steps, ``1 <= period <= T``.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        If the arrays have the wrong shapes or disagree on ``N``, or
        ``period`` is not an integer in ``[1, T]``.

    Examples
    --------
    >>> X = np.array([[[1.0], [2.0], [3.0]]]); y = np.array([[3.0]])
    >>> check_seasonal_naive_mse(1.0, X, y, period=2).passed
    True
    """
    from rnnbook._validate import check_windows_targets
    from rnnbook.forecast import seasonal_naive_forecast

    X, targets = check_windows_targets(X, y)  # (N, T, F), (N, horizon)
    period = check_int("period", period, minimum=1)
    n_steps = X.shape[1]
    if period > n_steps:
        raise ValueError(
            f"`period` must be <= the window length T={n_steps}. Received: period={period}"
        )
    horizon = targets.shape[1]
    forecast = seasonal_naive_forecast(X, horizon, period).astype(np.float64)  # (N, horizon)
    expected = metrics.mse(targets, forecast)
    errors = targets - forecast
    mistakes = [
        Mistake(math.sqrt(expected), "This is the root mean squared error (RMSE): the MSE has "
                                     "no square root."),
        Mistake(float(np.mean(np.abs(errors))), "This is the mean absolute error: square the "
                                                "errors instead of taking their absolute value."),
        Mistake(metrics.mse(targets, baselines.naive_forecast(X, horizon)),
                "This is the naive forecast (the last value of each window); the seasonal naive "
                "forecast uses the value one season before the target."),
    ]
    for other, hint in ((period - 1, "one step too short"), (period + 1, "one step too long")):
        if 1 <= other <= n_steps:
            mistakes.append(Mistake(
                metrics.mse(targets, seasonal_naive_forecast(X, horizon, other)),
                f"Your season is {hint}: the value one season before the target is "
                "`period` steps before it, at window position `T - period` for the first step."))
    if n_steps > period:
        first = np.repeat(X[:, :1, 0], horizon, axis=1).astype(np.float64)
        mistakes.append(Mistake(
            metrics.mse(targets, first),
            "You used the first value of each window; the window is longer than one season, "
            "so the value one season back is at position `T - period`, not 0."))
    if horizon == 1:
        mistakes.append(Mistake(
            float(np.mean((targets - forecast[:, 0]) ** 2)),
            "Your subtraction broadcast an (N, 1) array against an (N,) array into an (N, N) "
            "matrix. Give both operands the same shape."))
    return compare_number(answer, expected, exercise="seasonal naive MSE", mistakes=mistakes,
                          rtol=1e-4, atol=1e-9)


# ---------------------------------------------------------------------------
# Chapter 9: multi-step forecasting (the 10-step naive baseline, seq2seq targets)
# ---------------------------------------------------------------------------
#: Axis names of sequence-to-sequence targets: windows, input steps, steps ahead.
AXES_SEQ2SEQ = ("N", "T", "horizon")


def check_multistep_naive_mse(answer: Any, X: Any, Y: Any) -> Feedback:
    """Check a hand-computed MSE of the multi-step naive forecast.

    The naive forecast repeats the last input value of every window for all
    ``horizon`` steps, :math:`\\hat Y_{nk} = X_{n,T-1}` (feature 0), and the
    answer is its MSE over every window and every step ahead. Besides the
    slips of :func:`check_naive_mse` (RMSE, absolute errors, the sum, the
    second-to-last input), this recognises the ones that only exist with
    several steps: repeating a *target* value instead of an input (the last
    target is how an early version of the reference notebook printed 0.223
    instead of about 0.257), and scoring only the first or only the last step
    ahead.

    Parameters
    ----------
    answer : float or None
        The student's MSE.
    X : array_like
        Input windows ``(N, T, F)``.
    Y : array_like
        Targets ``(N, horizon)``.

    Returns
    -------
    Feedback

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, ``Y`` is not 2-D, or they disagree on ``N``.

    Examples
    --------
    >>> X = np.array([[[0.0], [1.0]], [[2.0], [1.0]]])
    >>> Y = np.array([[2.0, 3.0], [1.0, 1.0]])  # errors 1, 2 and 0, 0: MSE 5/4
    >>> check_multistep_naive_mse(1.25, X, Y).passed
    True
    >>> print(check_multistep_naive_mse(0.25, X, Y).hints[0])  # doctest: +ELLIPSIS
    You repeated the last *target* value...
    """
    X = check_array("X", X, ndim=3)
    Y = check_array("Y", Y, ndim=2)
    if len(X) != len(Y):
        raise ValueError(
            "`X` and `Y` must have the same number of windows. "
            f"Received: X with shape {X.shape} and Y with shape {Y.shape}"
        )
    targets = Y.astype(np.float64)  # (N, horizon)
    horizon = targets.shape[1]
    last = X[:, -1:, 0].astype(np.float64)  # (N, 1): the last input, broadcast over the horizon
    expected = metrics.mse(targets, np.repeat(last, horizon, axis=1))
    errors = targets - last  # (N, horizon)
    mistakes = [
        Mistake(float(np.mean((targets - targets[:, -1:]) ** 2)),
                "You repeated the last *target* value (`Y[:, -1]`), a value from the future the "
                "forecast is supposed to predict. A forecast may only use the inputs: repeat "
                "`X[:, -1]`. (This is the slip behind the 0.223 once published for this benchmark.)"),
        Mistake(float(np.mean((targets - targets[:, :1]) ** 2)),
                "You repeated the first target value (`Y[:, 0]`), the very value the first "
                "step should forecast. The naive forecast repeats the last *input*, `X[:, -1]`."),
        Mistake(float(np.mean(errors[:, 0] ** 2)),
                "You scored only the first step ahead: the MSE averages over every window "
                "*and every one of the `horizon` steps*."),
        Mistake(float(np.mean(errors[:, -1] ** 2)),
                "You scored only the last step ahead: the MSE averages over every window "
                "*and every one of the `horizon` steps*."),
        Mistake(math.sqrt(expected), "This is the root mean squared error (RMSE): the MSE has no square root."),
        Mistake(float(np.mean(np.abs(errors))), "This is the mean absolute error: square the errors instead of taking their absolute value."),
        Mistake(float(np.sum(errors**2)), "This is the sum of the squared errors: the MSE divides it by the number of values."),
        Mistake(float(np.mean(np.sum(errors**2, axis=1))),
                "You summed the squared errors over the steps ahead and averaged over windows: "
                "divide by the number of steps as well (take the mean over both axes)."),
    ]
    if X.shape[1] > 1:
        mistakes.append(Mistake(
            float(np.mean((targets - X[:, -2:-1, 0]) ** 2)),
            "You repeated the second-to-last input, one step too early: the last input is `X[:, -1]`."))
    return compare_number(answer, expected, exercise="multi-step naive MSE", mistakes=mistakes,
                          rtol=1e-4, atol=1e-9)


def check_seq2seq_targets(answer: Any, series: Any, n_steps: int, horizon: int) -> Feedback:
    """Check sequence-to-sequence targets built by hand.

    At input step ``t`` (0-based) the target is the next ``horizon`` values
    of feature 0: ``Y[:, t, k] = series[:, t + 1 + k, 0]``, an array of shape
    ``(N, n_steps, horizon)`` (:func:`rnnbook.data.seq2seq_targets`).
    Recognised slips: targets that start at the current input (``t + k``,
    off by one) or two steps ahead, the time and step-ahead axes swapped,
    a feature axis left at the end, and the sequence-to-vector target (the
    values after the last step only).

    Parameters
    ----------
    answer : array_like or None
        The student's targets.
    series : array_like
        Series ``(N, L, F)`` with ``L >= n_steps + horizon``.
    n_steps, horizon : int
        Input steps ``T`` and values ahead per step, at least 1.

    Returns
    -------
    Feedback

    Raises
    ------
    ValueError
        If ``series`` is not 3-D or is shorter than ``n_steps + horizon``.
    TypeError
        If ``n_steps`` or ``horizon`` is not an integer.

    Examples
    --------
    >>> s = np.arange(6.0).reshape(1, 6, 1)
    >>> check_seq2seq_targets([[[1, 2], [2, 3], [3, 4], [4, 5.0]]], s, 4, 2).passed
    True
    >>> check_seq2seq_targets([[[0, 1], [1, 2], [2, 3], [3, 4.0]]], s, 4, 2).hints[0][:40]
    'Your targets start at the current input '
    """
    values = check_array("series", series, ndim=3)
    n_steps = check_int("n_steps", n_steps, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    expected = data.seq2seq_targets(values, n_steps, horizon)  # (N, T, horizon)
    steps = np.arange(n_steps)[:, None] + np.arange(horizon)[None, :]  # (T, horizon): t + k
    mistakes = [
        Mistake(values[:, steps, 0],
                "Your targets start at the current input value: at step t the first target "
                "is the *next* value, `series[:, t + 1]`, not `series[:, t]` (off by one)."),
        Mistake(expected[..., None],
                "Your array still has the feature axis at the end: the targets are values of "
                "feature 0, shape (N, T, horizon); drop the axis with `[..., 0]`."),
        Mistake(expected[:, -1],
                "This is the sequence-to-vector target, the `horizon` values after the last "
                "step only. A sequence-to-sequence target has them for *every* input step: "
                "shape (N, T, horizon)."),
    ]
    if values.shape[1] >= n_steps + horizon + 1:
        mistakes.append(Mistake(
            values[:, steps + 2, 0],
            "Your targets start two steps ahead: at step t the first target is "
            "`series[:, t + 1]` (k = 0 is one step ahead)."))
    if n_steps != horizon:
        mistakes.append(Mistake(
            expected.transpose(0, 2, 1),
            "Your last two axes are swapped: the layout is (N, T, horizon), so that `Y[:, t]` "
            "holds the `horizon` values that follow input step t."))
    return compare_array(answer, expected, exercise="sequence-to-sequence targets",
                         axes=AXES_SEQ2SEQ, mistakes=mistakes)
