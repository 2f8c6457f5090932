"""Multi-step forecasting: feeding one-step forecasts back, and judging forecasts step by step.

A model that forecasts one step ahead can forecast ``horizon`` steps by
*iterating*: forecast the next value, append it to the window as if it had
been observed, drop the oldest value, and repeat. Errors made early become
inputs later, so they accumulate; :func:`mse_by_step` measures how the error
grows with the step ahead. The other two strategies of the course (one model
with ``horizon`` outputs, sequence-to-sequence) need no helper here: they
are ordinary models built by :mod:`rnnbook.keras_models` /
:mod:`rnnbook.torch_models`.

Nothing here imports a deep-learning framework: a model enters as a
``predict`` callable that maps NumPy windows ``(N, T, F)`` to ``(N, 1)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rnnbook._validate import check_array, check_int, check_same_shape


def iterative_forecast(
    predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, horizon: int
) -> np.ndarray:
    """Forecast ``horizon`` steps with a one-step model by feeding its forecasts back.

    With the window :math:`x_0, \\dots, x_{T-1}` (steps counted from 0, as on
    the book's notation page), step :math:`k = 0, \\dots, \\text{horizon} - 1`
    computes

    .. math::

        \\hat x_{T+k} = f(x_{k}, \\dots, x_{T-1}, \\hat x_{T}, \\dots, \\hat x_{T+k-1}),

    always on the last ``T`` values (observed or forecast), so the model
    sees windows of the length it was trained on.

    Parameters
    ----------
    predict : callable
        Maps a float32 array ``(N, T, 1)`` to one-step forecasts ``(N, 1)``
        (or ``(N,)``), e.g. ``lambda X: model.predict(X, verbose=0)`` for
        Keras or ``lambda X: rnnbook.torch_models.predict(model, X)``.
    X : array_like
        Input windows ``(N, T, 1)``; only univariate series can be fed back.
    horizon : int
        Number of steps to forecast, at least 1.

    Returns
    -------
    numpy.ndarray
        float32 forecasts of shape ``(N, horizon)``.

    Raises
    ------
    TypeError
        If ``predict`` is not callable or ``horizon`` is not an integer.
    ValueError
        If ``X`` is not ``(N, T, 1)``, or ``predict`` returns anything but one
        finite value per window.

    Examples
    --------
    A "model" that forecasts the mean of the window, iterated on ``1, 2, 3``:

    >>> mean_model = lambda X: X.mean(axis=1)  # (N, T, 1) -> (N, 1)
    >>> iterative_forecast(mean_model, np.array([[[1.0], [2.0], [3.0]]]), horizon=2)
    array([[2.       , 2.3333333]], dtype=float32)

    The second forecast is the mean of ``2, 3`` and the first forecast, 2.
    """
    if not callable(predict):
        raise TypeError(f"`predict` must be callable. Received: predict={predict!r}")
    X = check_array("X", X, ndim=3)
    horizon = check_int("horizon", horizon, minimum=1)
    n_windows, lookback, n_features = X.shape
    if n_features != 1:
        raise ValueError(
            "`X` must have one feature: a forecast can only be fed back as the next input "
            f"of a univariate series. Received: X with shape {X.shape}"
        )
    sequence = np.empty((n_windows, lookback + horizon, 1), dtype=np.float32)  # (N, T + horizon, 1)
    sequence[:, :lookback] = X
    for k in range(horizon):
        window = sequence[:, k:k + lookback]  # (N, T, 1): the latest T values
        y_hat = np.asarray(predict(window))
        if y_hat.shape not in ((n_windows, 1), (n_windows,)):
            raise ValueError(
                f"`predict` must return one value per window, shape ({n_windows}, 1). "
                f"Received: output of shape {y_hat.shape} at step {k + 1}"
            )
        if not np.all(np.isfinite(y_hat)):
            raise ValueError(
                f"`predict` must return finite values. Received: NaN or inf at step {k + 1}"
            )
        sequence[:, lookback + k, 0] = y_hat.reshape(n_windows)  # feed the forecast back
    return sequence[:, lookback:, 0].copy()  # (N, horizon)


def seasonal_naive_forecast(X: np.ndarray, horizon: int, period: int, *, feature: int = 0) -> np.ndarray:
    """Forecast each step with the value one season earlier.

    .. math:: \\hat x_{T+k} = x_{T+k-m\\lceil k/m \\rceil} \\quad (k = 1, \\dots, \\text{horizon})

    where :math:`m` is the ``period``: next week's CO2 is forecast as the
    value 52 weeks before it. For ``horizon > period`` the last observed
    season is repeated. With ``period=1`` this is the naive forecast.

    Parameters
    ----------
    X : array_like
        Input windows ``(N, T, F)`` with ``T >= period``.
    horizon : int
        Number of future steps, at least 1.
    period : int
        Season length in steps, at least 1.
    feature : int, default 0
        Which feature to forecast.

    Returns
    -------
    numpy.ndarray
        Forecasts of shape ``(N, horizon)``, in the dtype of ``X``.

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, is shorter than one period, or ``feature`` is out
        of range.

    Examples
    --------
    >>> X = np.arange(1.0, 7.0).reshape(1, 6, 1)  # 1, 2, ..., 6 with a season of 4
    >>> seasonal_naive_forecast(X, horizon=5, period=4)
    array([[3., 4., 5., 6., 3.]])
    """
    X = check_array("X", X, ndim=3)
    horizon = check_int("horizon", horizon, minimum=1)
    period = check_int("period", period, minimum=1)
    feature = check_int("feature", feature, minimum=0)
    lookback = X.shape[1]
    if period > lookback:
        raise ValueError(
            f"`X` must cover at least one period ({period} steps). Received: X with shape {X.shape}"
        )
    if feature >= X.shape[2]:
        raise ValueError(
            f"`feature` must be below the number of features ({X.shape[2]}). "
            f"Received: feature={feature}"
        )
    k = np.arange(1, horizon + 1)  # (horizon,) steps ahead
    source = lookback - 1 + k - period * np.ceil(k / period).astype(int)  # (horizon,) indices into X
    return X[:, source, feature]  # (N, horizon)


def mse_by_step(Y_true: np.ndarray, Y_pred: np.ndarray) -> np.ndarray:
    """Mean squared error separately for each step ahead.

    .. math:: \\mathrm{MSE}_k = \\frac{1}{N} \\sum_{i=1}^{N} (Y_{ik} - \\hat Y_{ik})^2

    The mean of the result is the overall MSE of the forecast. Plotted
    against ``k`` it shows how fast a strategy's error grows with the
    distance into the future.

    Parameters
    ----------
    Y_true, Y_pred : array_like
        Targets and forecasts of the same shape ``(N, horizon)``.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``(horizon,)``.

    Raises
    ------
    ValueError
        If an array is not 2-D, holds NaN or inf, or the shapes differ.

    Examples
    --------
    >>> mse_by_step([[0.0, 0.0], [0.0, 0.0]], [[0.0, 1.0], [0.0, 3.0]])
    array([0., 5.])
    """
    Y_true = check_array("Y_true", Y_true, ndim=2)
    Y_pred = check_array("Y_pred", Y_pred, ndim=2)
    check_same_shape("Y_true", Y_true, "Y_pred", Y_pred)
    diff = Y_true.astype(np.float64) - Y_pred.astype(np.float64)  # (N, horizon)
    return np.mean(diff**2, axis=0)  # (horizon,)
