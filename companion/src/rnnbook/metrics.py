"""Error metrics for forecasts: squared, absolute, scaled and relative to a reference."""

from __future__ import annotations

import numpy as np

from rnnbook._validate import check_array, check_float, check_int, check_same_shape, check_univariate


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error over every element.

    .. math:: \\mathrm{MSE} = \\frac{1}{n} \\sum_i (y_i - \\hat y_i)^2

    Parameters
    ----------
    y_true, y_pred : array_like
        Arrays of the same shape, for instance ``(N, 1)`` or ``(N, horizon)``.

    Returns
    -------
    float
        The mean of the squared differences, computed in float64.

    Raises
    ------
    ValueError
        If the shapes differ, an array is empty or holds NaN or inf.

    Examples
    --------
    >>> mse([[1.0], [2.0]], [[1.0], [4.0]])
    2.0
    """
    return float(np.mean(_errors(y_true, y_pred) ** 2))


def last_time_step_mse(Y_true: np.ndarray, Y_pred: np.ndarray) -> float:
    """MSE of a sequence-to-sequence forecast at its last input time step only.

    A sequence-to-sequence model predicts ``horizon`` values at every time
    step, ``Y`` of shape ``(N, T, horizon)``; only the prediction made after
    the whole input, ``Y[:, -1]``, is the forecast we care about, so this
    metric compares ``Y_true[:, -1]`` with ``Y_pred[:, -1]``.

    Parameters
    ----------
    Y_true, Y_pred : array_like
        Arrays of the same shape ``(N, T, horizon)``.

    Returns
    -------
    float
        ``mse(Y_true[:, -1], Y_pred[:, -1])``.

    Raises
    ------
    ValueError
        If an array is not 3-D or the shapes differ.

    Examples
    --------
    >>> Y = np.zeros((2, 3, 1)); P = np.zeros((2, 3, 1)); P[:, 0] = 5.0
    >>> last_time_step_mse(Y, P)  # errors before the last step do not count
    0.0
    """
    Y_true = check_array("Y_true", Y_true, ndim=3)
    Y_pred = check_array("Y_pred", Y_pred, ndim=3)
    check_same_shape("Y_true", Y_true, "Y_pred", Y_pred)
    return mse(Y_true[:, -1], Y_pred[:, -1])


def mae(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean absolute error over every element, in the units of the series.

    .. math:: \\mathrm{MAE} = \\frac{1}{n} \\sum_i |y_i - \\hat y_i|

    Parameters
    ----------
    y_true, y_pred : array_like
        Arrays of the same shape, for instance ``(N,)``, ``(N, 1)`` or ``(N, horizon)``.

    Returns
    -------
    float
        The mean of the absolute differences, computed in float64.

    Raises
    ------
    ValueError
        As :func:`mse`.

    Examples
    --------
    >>> mae([1.0, 2.0, 3.0], [2.0, 2.0, 1.0])
    1.0
    """
    return float(np.mean(np.abs(_errors(y_true, y_pred))))


def rmse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Root mean squared error over every element, in the units of the series.

    .. math:: \\mathrm{RMSE} = \\sqrt{\\frac{1}{n} \\sum_i (y_i - \\hat y_i)^2}

    For a 2-D array this is the root of the MSE over all elements, not the
    mean of one RMSE per column.

    Parameters
    ----------
    y_true, y_pred : array_like
        Arrays of the same shape.

    Returns
    -------
    float
        ``sqrt(mse(y_true, y_pred))``.

    Raises
    ------
    ValueError
        As :func:`mse`.

    Examples
    --------
    >>> rmse([0.0, 0.0], [3.0, 4.0])  # sqrt((9 + 16) / 2)
    3.5355339059327378
    """
    return float(np.sqrt(np.mean(_errors(y_true, y_pred) ** 2)))


def naive_scale(y_train: np.ndarray, period: int = 1) -> float:
    """In-sample MAE of the seasonal naive forecast of ``y_train`` at lag ``period``.

    .. math:: q = \\frac{1}{n - m} \\sum_{t=m}^{n-1} |y_t - y_{t-m}|

    with ``m = period``; ``period=1`` is the plain naive forecast. This is the
    denominator of :func:`mase`.

    Parameters
    ----------
    y_train : array_like
        The training series, shape ``(n,)`` or ``(n, 1)``, with ``n > period``.
    period : int, default 1
        The lag ``m`` of the naive forecast.

    Returns
    -------
    float
        The scale ``q`` (> 0).

    Raises
    ------
    ValueError
        If ``y_train`` is not one series, is not longer than ``period``, holds
        NaN or inf, or is constant at lag ``period`` (then ``q = 0`` and no
        error can be scaled by it).

    Examples
    --------
    >>> naive_scale([1.0, 2.0, 4.0, 7.0])  # (1 + 2 + 3) / 3
    2.0
    >>> naive_scale([1.0, 2.0, 4.0, 7.0], period=2)  # (3 + 5) / 2
    4.0
    """
    period = check_int("period", period, minimum=1)
    series = check_univariate("y_train", y_train).astype(np.float64)  # (n,)
    if len(series) <= period:
        raise ValueError(
            f"`y_train` must be longer than `period` ({period}) to hold one seasonal difference. "
            f"Received: y_train with {len(series)} value(s)"
        )
    scale = float(np.mean(np.abs(series[period:] - series[:-period])))
    if scale == 0.0:
        raise ValueError(
            f"`y_train` must change at lag `period` ({period}): its naive forecast must make some "
            "error for MASE to divide by. Received: y_train whose seasonal-naive in-sample MAE is 0 "
            f"(every y_t equals y_(t-{period}))"
        )
    return scale


def mase(
    y_true: np.ndarray, y_pred: np.ndarray, y_train: np.ndarray, period: int = 1
) -> float:
    """Mean absolute scaled error: the MAE divided by the naive forecast's in-sample MAE.

    .. math:: \\mathrm{MASE} = \\frac{\\mathrm{MAE}(y, \\hat y)}{q}, \\qquad
              q = \\frac{1}{n - m} \\sum_{t=m}^{n-1} |y^{\\text{train}}_t - y^{\\text{train}}_{t-m}|

    Hyndman and Koehler's scale-free error: below 1, the forecast beats, on
    average, the one-step (seasonal) naive forecast made on the training
    data; it can be compared across series measured in different units.

    Parameters
    ----------
    y_true, y_pred : array_like
        Arrays of the same shape, e.g. ``(N,)`` or ``(N, horizon)``.
    y_train : array_like
        The training series ``(n,)`` or ``(n, 1)`` that sets the scale.
    period : int, default 1
        The lag ``m`` of the naive forecast (52 for a yearly season in weekly data).

    Returns
    -------
    float
        ``mae(y_true, y_pred) / naive_scale(y_train, period)``.

    Raises
    ------
    ValueError
        As :func:`mae` and :func:`naive_scale`; in particular when ``y_train`` is
        constant at lag ``period``.

    Examples
    --------
    >>> mase([5.0, 6.0], [5.5, 5.0], y_train=[1.0, 2.0, 4.0, 7.0])  # 0.75 / 2
    0.375
    """
    return mae(y_true, y_pred) / naive_scale(y_train, period)


def skill_score(score: float, reference: float) -> float:
    """Skill of a forecast against a reference forecast: ``1 - score / reference``.

    For an error measure (MSE, MAE, MASE...), 1 is a perfect forecast, 0 is no
    better than the reference and a negative value is worse than it.

    Parameters
    ----------
    score : float
        The forecast's error, >= 0.
    reference : float
        The reference forecast's error on the same data, > 0.

    Returns
    -------
    float
        ``1 - score / reference``.

    Raises
    ------
    TypeError
        If an argument is not a real number.
    ValueError
        If ``score`` is negative or not finite, or ``reference`` is not > 0.

    Examples
    --------
    >>> skill_score(0.25, 1.0)
    0.75
    """
    score = check_float("score", score, minimum=0.0)
    reference = check_float("reference", reference, minimum=0.0, exclusive_minimum=True)
    return 1.0 - score / reference


def _errors(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """``y_true - y_pred`` in float64 after checking both arrays."""
    y_true = check_array("y_true", y_true)
    y_pred = check_array("y_pred", y_pred)
    check_same_shape("y_true", y_true, "y_pred", y_pred)
    return y_true.astype(np.float64) - y_pred.astype(np.float64)
