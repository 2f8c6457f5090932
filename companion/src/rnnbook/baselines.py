"""Baseline forecasts that every recurrent model must beat.

A model is only interesting if it beats the simplest forecasts: repeating
the last observed value (naive) and a linear function of the input window.
The classical statistical forecasts (drift, seasonal naive with drift, ETS,
harmonic regression with ARIMA errors) are in :mod:`rnnbook.classical` and
re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook._validate import check_array, check_int, check_windows_targets


def naive_forecast(X: np.ndarray, horizon: int = 1, *, feature: int = 0) -> np.ndarray:
    """Forecast every future step with the last observed value.

    .. math:: \\hat x_{T+k} = x_{T-1} \\quad (k = 0, \\dots, \\text{horizon} - 1)

    Parameters
    ----------
    X : array_like
        Input windows of shape ``(N, T, F)``.
    horizon : int, default 1
        Number of future steps, at least 1.
    feature : int, default 0
        Which feature to repeat.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(N, horizon)``, in the dtype of ``X``.

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, holds NaN or inf, or ``feature`` is out of range.

    Examples
    --------
    >>> X = np.array([[[1.0], [2.0], [3.0]]])
    >>> naive_forecast(X, horizon=2)
    array([[3., 3.]])
    """
    X = check_array("X", X, ndim=3)
    horizon = check_int("horizon", horizon, minimum=1)
    feature = check_int("feature", feature, minimum=0)
    if feature >= X.shape[2]:
        raise ValueError(
            f"`feature` must be below the number of features ({X.shape[2]}). "
            f"Received: feature={feature}"
        )
    last = X[:, -1, feature]  # (N,)
    return np.repeat(last[:, None], horizon, axis=1)  # (N, horizon)


@dataclass(frozen=True)
class LinearForecast:
    """A fitted linear forecaster: ``y_hat = flatten(X) @ coef + intercept``.

    Attributes
    ----------
    coef : numpy.ndarray
        Weights of shape ``(T * F, horizon)``.
    intercept : numpy.ndarray
        Biases of shape ``(horizon,)``.
    """

    coef: np.ndarray
    intercept: np.ndarray

    @property
    def n_params(self) -> int:
        """Number of learned numbers: ``T * F * horizon + horizon``."""
        return int(self.coef.size + self.intercept.size)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Forecast from windows ``X`` of shape ``(N, T, F)``; returns ``(N, horizon)``."""
        X = check_array("X", X, ndim=3)
        n_inputs = self.coef.shape[0]
        if X.shape[1] * X.shape[2] != n_inputs:
            raise ValueError(
                f"`X` must have T * F = {n_inputs} values per window, as in training. "
                f"Received: X with shape {X.shape}"
            )
        flat = X.reshape(len(X), -1).astype(np.float64)  # (N, T*F)
        return flat @ self.coef + self.intercept  # (N, horizon)


def fit_linear(X: np.ndarray, y: np.ndarray) -> LinearForecast:
    """Fit the best linear forecast by least squares (no training loop needed).

    The window is flattened to ``T * F`` numbers and the targets are
    regressed on them with an intercept, exactly what a ``Flatten`` +
    ``Dense(horizon)`` network computes, solved in closed form with
    :func:`numpy.linalg.lstsq`.

    Parameters
    ----------
    X : array_like
        Input windows of shape ``(N, T, F)``.
    y : array_like
        Targets of shape ``(N,)`` or ``(N, horizon)``.

    Returns
    -------
    LinearForecast
        The fitted coefficients (float64).

    Raises
    ------
    ValueError
        If the arrays have the wrong number of dimensions, hold NaN or inf,
        or disagree on ``N``.

    Examples
    --------
    >>> X = np.arange(12.0).reshape(4, 3, 1)
    >>> model = fit_linear(X, X[:, -1, :] + 1)  # the next value of a ramp
    >>> np.round(model.predict(np.array([[[20.0], [21.0], [22.0]]])), 6)
    array([[23.]])
    """
    X, targets = check_windows_targets(X, y)  # (N, T, F), (N, horizon)
    flat = X.reshape(len(X), -1).astype(np.float64)  # (N, T*F)
    design = np.hstack([flat, np.ones((len(flat), 1))])  # (N, T*F + 1), last column: bias
    solution, *_ = np.linalg.lstsq(design, targets, rcond=None)  # (T*F + 1, horizon)
    return LinearForecast(coef=solution[:-1], intercept=solution[-1])


# The classical statistical forecasts live in their own module; they are baselines too.
from rnnbook.classical import (  # noqa: E402
    ClassicalForecast,
    fit_drift,
    fit_ets,
    fit_harmonic_regression,
    fit_seasonal_drift,
    fourier_terms,
)
