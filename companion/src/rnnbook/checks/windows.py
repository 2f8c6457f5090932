"""Checkers of windows and targets cut by hand: how many windows, the windows, seq2seq targets."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from rnnbook import data
from rnnbook._validate import check_array, check_int, check_univariate
from rnnbook.checks.compare import (
    AXES_NTF,
    AXES_SEQ2SEQ,
    AXES_TARGETS,
    _as_array,
    compare_array,
    compare_number,
)
from rnnbook.checks.feedback import Feedback, Mistake, combine, not_answered


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
        Passed only for the exact number of windows.

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
    values = check_univariate("series", series).reshape(-1, 1)  # (T, 1)
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
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


def check_seq2seq_targets(answer: Any, series: Any, lookback: int, horizon: int) -> Feedback:
    """Check sequence-to-sequence targets built by hand.

    At input step ``t`` (0-based) the target is the next ``horizon`` values
    of feature 0: ``Y[:, t, k] = series[:, t + 1 + k, 0]``, an array of shape
    ``(N, lookback, horizon)`` (:func:`rnnbook.data.seq2seq_targets`).
    Recognised slips: targets that start at the current input (``t + k``,
    off by one) or two steps ahead, the time and step-ahead axes swapped,
    a feature axis left at the end, and the sequence-to-vector target (the
    values after the last step only).

    Parameters
    ----------
    answer : array_like or None
        The student's targets.
    series : array_like
        Series ``(N, L, F)`` with ``L >= lookback + horizon``.
    lookback, horizon : int
        Input steps ``T`` and values ahead per step, at least 1.

    Returns
    -------
    Feedback
        Passed if the targets' shape and values are right.

    Raises
    ------
    ValueError
        If ``series`` is not 3-D or is shorter than ``lookback + horizon``.
    TypeError
        If ``lookback`` or ``horizon`` is not an integer.

    Examples
    --------
    >>> s = np.arange(6.0).reshape(1, 6, 1)
    >>> check_seq2seq_targets([[[1, 2], [2, 3], [3, 4], [4, 5.0]]], s, 4, 2).passed
    True
    >>> check_seq2seq_targets([[[0, 1], [1, 2], [2, 3], [3, 4.0]]], s, 4, 2).hints[0][:40]
    'Your targets start at the current input '
    """
    values = check_array("series", series, ndim=3)
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    expected = data.seq2seq_targets(values, lookback, horizon)  # (N, T, horizon)
    steps = np.arange(lookback)[:, None] + np.arange(horizon)[None, :]  # (T, horizon): t + k
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
    if values.shape[1] >= lookback + horizon + 1:
        mistakes.append(Mistake(
            values[:, steps + 2, 0],
            "Your targets start two steps ahead: at step t the first target is "
            "`series[:, t + 1]` (k = 0 is one step ahead)."))
    if lookback != horizon:
        mistakes.append(Mistake(
            expected.transpose(0, 2, 1),
            "Your last two axes are swapped: the layout is (N, T, horizon), so that `Y[:, t]` "
            "holds the `horizon` values that follow input step t."))
    return compare_array(answer, expected, exercise="sequence-to-sequence targets",
                         axes=AXES_SEQ2SEQ, mistakes=mistakes)
