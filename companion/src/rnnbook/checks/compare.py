"""Comparing an answer with the right one: numbers, and arrays with their shapes diagnosed.

:func:`compare_number` checks a single number (a count, an error, ...),
:func:`compare_array` an array, naming the axis that is missing, swapped or
one item off. Both take a list of :class:`~rnnbook.checks.feedback.Mistake`
objects: wrong answers that a common slip produces, computed from the same
inputs, each with its hint. If the student's answer equals one of them, the
hint says which slip it was. Feedback never shows the expected answer.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from rnnbook.checks.feedback import Feedback, Mistake, not_answered

#: Axis names of the course's window arrays, batch-first.
AXES_NTF = ("N", "T", "F")
#: Axis names of targets: N windows, one column per forecast step.
AXES_TARGETS = ("N", "horizon")
#: Axis names of sequence-to-sequence targets: windows, input steps, steps ahead.
AXES_SEQ2SEQ = ("N", "T", "horizon")


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
        Passed if ``answer`` is within the tolerance of ``expected``.

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
        Passed if the shape and every value are right (and, with ``check_dtype``,
        the answer holds floats where floats are expected).

    Examples
    --------
    >>> expected = np.arange(6.0).reshape(2, 3)
    >>> compare_array(expected.T, expected, exercise="matrix").hints
    ('Your array is transposed: its rows and columns are swapped; try `.T`.',)
    """
    expected = np.asarray(expected)
    if answer is None:
        return not_answered(exercise)
    array = _as_array(answer)
    if isinstance(array, str):
        return Feedback(exercise, False, array)
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
