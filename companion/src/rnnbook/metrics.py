"""Error metrics for forecasts."""

from __future__ import annotations

import numpy as np

from rnnbook._validate import check_array, check_same_shape


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
    y_true = check_array("y_true", y_true)
    y_pred = check_array("y_pred", y_pred)
    check_same_shape("y_true", y_true, "y_pred", y_pred)
    diff = y_true.astype(np.float64) - y_pred.astype(np.float64)
    return float(np.mean(diff**2))


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
