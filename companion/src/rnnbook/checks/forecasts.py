"""Checkers of baseline forecasts worked out by hand: naive, multi-step naive and seasonal naive."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from rnnbook import baselines, metrics
from rnnbook._validate import check_array, check_int, check_same_windows, check_windows_targets
from rnnbook.checks.compare import _as_array, compare_array, compare_number
from rnnbook.checks.feedback import Feedback, Mistake, not_answered
from rnnbook.forecast import seasonal_naive_forecast


def _mse_slips(errors: np.ndarray) -> list[Mistake]:
    """The numbers that a slip in the MSE formula gives: the RMSE, the MAE, the sum of squares.

    ``errors`` are the targets minus the forecast, ``(N, horizon)``.
    """
    mse = float(np.mean(errors**2))
    return [
        Mistake(math.sqrt(mse), "This is the root mean squared error (RMSE): the MSE has no "
                                "square root."),
        Mistake(float(np.mean(np.abs(errors))), "This is the mean absolute error: square the "
                                                "errors instead of taking their absolute value."),
        Mistake(float(np.sum(errors**2)), "This is the sum of the squared errors: the MSE "
                                          "divides it by the number of values."),
    ]


def _broadcast_slip(targets: np.ndarray, forecast: np.ndarray) -> list[Mistake]:
    """The MSE of a one-step ``(N, 1) - (N,)`` subtraction, which broadcasts to ``(N, N)``."""
    if targets.shape[1] != 1:
        return []
    return [Mistake(
        float(np.mean((targets - forecast[:, 0]) ** 2)),  # (N, 1) - (N,) -> (N, N)
        "Your subtraction broadcast an (N, 1) array against an (N,) array into an (N, N) "
        "matrix. Give both operands the same shape: `X[:, t]` keeps the feature axis, (N, 1), "
        "while `X[:, t, 0]` drops it, (N,).")]


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
        The student's MSE of the naive forecast.
    X : array_like
        Input windows ``(N, T, F)``.
    y : array_like
        Targets ``(N,)`` or ``(N, horizon)``.

    Returns
    -------
    Feedback
        Passed within a relative tolerance of 1e-4 of the naive MSE.

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
        *_mse_slips(errors),
        Mistake(float(np.mean(errors)), "This is the mean error: square each error before averaging, so that errors of opposite sign do not cancel."),
        Mistake(metrics.mse(targets, first), "You forecast with the first value of each window; the naive forecast repeats the last one, `X[:, -1]`."),
        Mistake(metrics.mse(targets, second_last), "You forecast with the second-to-last value, one step too early: the last input is `X[:, -1]`."),
        Mistake(metrics.mse(targets, window_mean), "You forecast with the mean of the window; the naive forecast repeats the last value."),
        *_broadcast_slip(targets, forecast),
    ]
    return compare_number(answer, expected, exercise="naive forecast MSE", mistakes=mistakes,
                          rtol=1e-4, atol=1e-9)


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
        The student's MSE over every window and step ahead.
    X : array_like
        Input windows ``(N, T, F)``.
    Y : array_like
        Targets ``(N, horizon)``.

    Returns
    -------
    Feedback
        Passed within a relative tolerance of 1e-4, over every step ahead.

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
    check_same_windows("X", X, "Y", Y)
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
        *_mse_slips(errors),
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
        Passed for the ``horizon`` positions, 0-based or counted from the end.

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
    the RMSE, the mean absolute error, the sum instead of the mean, a season
    one step too long or too short, the naive (last value) forecast, the
    first value of a window longer than one season, and an ``(N, 1) - (N,)``
    subtraction that broadcasts to an ``(N, N)`` matrix.

    Parameters
    ----------
    answer : float or None
        The student's MSE of the seasonal naive forecast.
    X : array_like
        Input windows ``(N, T, F)`` with ``T >= period``.
    y : array_like
        Targets ``(N,)`` or ``(N, horizon)``.
    period : int
        Season length in steps, ``1 <= period <= T``.

    Returns
    -------
    Feedback
        Passed within a relative tolerance of 1e-4 of the seasonal naive MSE.

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
    X, targets = check_windows_targets(X, y)  # (N, T, F), (N, horizon)
    period = check_int("period", period, minimum=1)
    lookback = X.shape[1]
    if period > lookback:
        raise ValueError(
            f"`period` must be <= the window length T={lookback}. Received: period={period}"
        )
    horizon = targets.shape[1]
    forecast = seasonal_naive_forecast(X, horizon, period).astype(np.float64)  # (N, horizon)
    expected = metrics.mse(targets, forecast)
    errors = targets - forecast  # (N, horizon)
    mistakes = [
        *_mse_slips(errors),
        Mistake(metrics.mse(targets, baselines.naive_forecast(X, horizon)),
                "This is the naive forecast (the last value of each window); the seasonal naive "
                "forecast uses the value one season before the target."),
    ]
    for other, hint in ((period - 1, "one step too short"), (period + 1, "one step too long")):
        if 1 <= other <= lookback:
            mistakes.append(Mistake(
                metrics.mse(targets, seasonal_naive_forecast(X, horizon, other)),
                f"Your season is {hint}: the value one season before the target is "
                "`period` steps before it, at window position `T - period` for the first step."))
    if lookback > period:
        first = np.repeat(X[:, :1, 0], horizon, axis=1).astype(np.float64)
        mistakes.append(Mistake(
            metrics.mse(targets, first),
            "You used the first value of each window; the window is longer than one season, "
            "so the value one season back is at position `T - period`, not 0."))
    mistakes += _broadcast_slip(targets, forecast)
    return compare_number(answer, expected, exercise="seasonal naive MSE", mistakes=mistakes,
                          rtol=1e-4, atol=1e-9)
