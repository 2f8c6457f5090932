"""Forecasts judged over many origins: rolling-origin backtests and calibrated prediction intervals.

A *forecaster* here is a callable ``forecaster(histories, horizon)`` that
takes a list of 1-D series, each the same series cut at a forecast origin,
and returns an array ``(len(histories), horizon)``: row ``i`` forecasts the
``horizon`` values after ``histories[i]`` from that history alone. A *fit*
is a callable ``fit(history)`` that trains a model on one history and returns
a forecaster. :func:`rolling_origin` calls the fits and the forecasters;
:func:`window_forecaster` turns a model of input windows ``(N, T, 1)`` into a
forecaster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rnnbook._validate import check_array, check_choice, check_float, check_int, check_same_shape

Forecaster = Callable[[list, int], np.ndarray]


@dataclass(frozen=True)
class Backtest:
    """Forecasts of every model at every origin of a rolling-origin evaluation.

    Attributes
    ----------
    origins : numpy.ndarray
        ``(n_origins,)`` indices of the first forecast step: the history of
        origin ``o`` is ``series[:o]``.
    actual : numpy.ndarray
        ``(n_origins, horizon)`` the values that followed each origin.
    forecasts : dict of str to numpy.ndarray
        Each model's forecasts ``(n_origins, horizon)``.
    refit_at : numpy.ndarray
        The origins at which every model was (re)fitted, the first one included.
    """

    origins: np.ndarray
    actual: np.ndarray
    forecasts: dict
    refit_at: np.ndarray

    def errors(self, name: str) -> np.ndarray:
        """``actual - forecast`` for one model, ``(n_origins, horizon)``."""
        check_choice("name", name, tuple(self.forecasts))
        return self.actual - self.forecasts[name]

    def by_origin(self, name: str, metric: str = "mae") -> np.ndarray:
        """The model's MAE or RMSE over the horizon at each origin, ``(n_origins,)``."""
        return _reduce(self.errors(name), metric, axis=1)

    def by_step(self, name: str, metric: str = "mae") -> np.ndarray:
        """The model's MAE or RMSE over the origins at each step ahead, ``(horizon,)``."""
        return _reduce(self.errors(name), metric, axis=0)

    def summary(self, metric: str = "mae") -> dict:
        """``{name: (mean, sd)}`` of the per-origin scores (sd with ddof=1)."""
        scores = {name: self.by_origin(name, metric) for name in self.forecasts}
        return {name: (float(s.mean()), float(s.std(ddof=1)) if len(s) > 1 else 0.0)
                for name, s in scores.items()}


def _reduce(errors: np.ndarray, metric: str, axis: int) -> np.ndarray:
    check_choice("metric", metric, ("mae", "rmse"))
    if metric == "mae":
        return np.mean(np.abs(errors), axis=axis)
    return np.sqrt(np.mean(errors**2, axis=axis))


def rolling_origin(
    series: np.ndarray,
    fits: Mapping[str, Callable[[np.ndarray], Forecaster]],
    *,
    origins: Sequence[int],
    horizon: int,
    refit_every: int | None = None,
) -> Backtest:
    """Time-series cross-validation: forecast ``horizon`` steps from each origin, expanding window.

    At origin ``o`` each model sees ``series[:o]`` and forecasts
    ``series[o:o + horizon]``. Every model is fitted at the first origin on
    ``series[:origins[0]]`` and, if ``refit_every = k``, fitted again on the
    longer history at every k-th origin after it; between refits it is applied
    with its parameters fixed. With ``refit_every=None`` it is fitted once.

    Parameters
    ----------
    series : array_like
        The whole series ``(n,)``.
    fits : mapping of str to callable
        ``fit(history) -> forecaster`` per model name (see the module docstring).
    origins : sequence of int
        Strictly increasing origins, each >= 1 with ``origin + horizon <= n``.
    horizon : int
        Steps forecast from each origin (>= 1).
    refit_every : int, optional
        Refit every this many origins (>= 1).

    Returns
    -------
    Backtest

    Raises
    ------
    ValueError
        If the origins are out of range or not increasing, or a forecaster
        returns the wrong shape or non-finite values.

    Examples
    --------
    Index ``o`` is the first forecast step, so a ramp's naive error grows by one a step:

    >>> naive = lambda history: lambda hs, h: np.stack([np.repeat(x[-1], h) for x in hs])
    >>> bt = rolling_origin(np.arange(10.0), {"naive": naive}, origins=[5, 7], horizon=2)
    >>> bt.errors("naive")
    array([[1., 2.],
           [1., 2.]])
    """
    series = check_array("series", series, ndim=1).astype(np.float64)
    horizon = check_int("horizon", horizon, minimum=1)
    if refit_every is not None:
        refit_every = check_int("refit_every", refit_every, minimum=1)
    if not isinstance(fits, Mapping) or not fits:
        raise TypeError(f"`fits` must be a non-empty mapping of names to fit functions. "
                        f"Received: fits of type {type(fits).__name__}")
    origins = np.array([check_int(f"origins[{i}]", o, minimum=1) for i, o in enumerate(origins)])
    if origins.size == 0 or np.any(np.diff(origins) <= 0):
        raise ValueError(f"`origins` must be a non-empty, strictly increasing sequence. "
                         f"Received: origins={origins.tolist()}")
    if origins[-1] + horizon > len(series):
        raise ValueError(
            f"`origins` must leave `horizon` ({horizon}) values after each origin in `series` "
            f"({len(series)} values). Received: last origin {origins[-1]}"
        )
    step = refit_every or len(origins)
    blocks = [np.arange(i, min(i + step, len(origins))) for i in range(0, len(origins), step)]
    forecasts = {name: np.empty((len(origins), horizon)) for name in fits}
    for block in blocks:
        history = series[:origins[block[0]]]
        histories = [series[:o] for o in origins[block]]  # views: each origin's past only
        for name, fit in fits.items():
            forecast = np.asarray(fit(history)(histories, horizon), dtype=np.float64)
            if forecast.shape != (len(block), horizon):
                raise ValueError(
                    f"The forecaster of `fits['{name}']` must return shape ({len(block)}, "
                    f"{horizon}). Received: shape {forecast.shape}")
            if not np.all(np.isfinite(forecast)):
                raise ValueError(f"The forecaster of `fits['{name}']` must return finite values. "
                                 "Received: NaN or inf")
            forecasts[name][block] = forecast
    actual = np.stack([series[o:o + horizon] for o in origins])  # (n_origins, horizon)
    return Backtest(origins, actual, forecasts, origins[[b[0] for b in blocks]])


def window_forecaster(predict: Callable[[np.ndarray], np.ndarray], lookback: int) -> Forecaster:
    """Turn a model of windows, ``predict(X) -> (N, horizon)`` with ``X`` of shape
    ``(N, lookback, 1)``, into a forecaster of histories (the last ``lookback`` values of each).

    The returned forecaster checks that ``predict`` made ``horizon`` forecasts per window.

    Examples
    --------
    >>> last = window_forecaster(lambda X: X[:, -1, :], lookback=3)
    >>> last([np.arange(5.0), np.arange(7.0)], 1)
    array([[4.],
           [6.]])
    """
    lookback = check_int("lookback", lookback, minimum=1)

    def forecaster(histories: list, horizon: int) -> np.ndarray:
        short = [i for i, h in enumerate(histories) if len(h) < lookback]
        if short:
            raise ValueError(f"`histories` must each hold at least lookback = {lookback} values. "
                             f"Received: histories[{short[0]}] with {len(histories[short[0]])}")
        X = np.stack([np.asarray(h[-lookback:], dtype=np.float64) for h in histories])[:, :, None]
        Y = np.asarray(predict(X), dtype=np.float64).reshape(len(histories), -1)  # (N, horizon)
        if Y.shape[1] != horizon:
            raise ValueError(f"`predict` must return {horizon} forecasts per window. "
                             f"Received: {Y.shape[1]}")
        return Y

    return forecaster


def conformal_halfwidth(residuals: np.ndarray, level: float) -> np.ndarray:
    """Split-conformal half-widths, one per step ahead, from held-out residuals.

    For step ``j`` the half-width is the ``k``-th smallest of the ``n`` absolute
    residuals ``|r_ij|``, with ``k = ceil((n + 1) * level)``. If the residuals
    of new forecasts are exchangeable with these, ``forecast ± halfwidth``
    covers the truth with probability at least ``level`` at each step.

    Parameters
    ----------
    residuals : array_like
        ``(n, horizon)`` errors (actual - forecast) on data the model was not fitted on,
        e.g. the validation split.
    level : float
        Target coverage, 0 < level < 1.

    Returns
    -------
    numpy.ndarray
        ``(horizon,)`` half-widths.

    Raises
    ------
    ValueError
        If ``k > n``: too few residuals for that level.

    Examples
    --------
    >>> conformal_halfwidth(np.arange(1.0, 10.0)[:, None], 0.8)  # k = ceil(10 * 0.8) = 8
    array([8.])
    """
    residuals = check_array("residuals", residuals, ndim=2)
    level = check_float("level", level, minimum=0.0, exclusive_minimum=True, maximum=0.999)
    n = len(residuals)
    k = int(np.ceil((n + 1) * level - 1e-9))
    if k > n:
        needed = int(np.ceil(level / (1 - level) - 1e-9))  # the least n with k <= n
        raise ValueError(
            f"`residuals` must hold at least {needed} rows for level {level} (ceil((n + 1) * "
            f"level) <= n). Received: residuals with {n} rows")
    return np.sort(np.abs(residuals.astype(np.float64)), axis=0)[k - 1]  # (horizon,)


def coverage(y: np.ndarray, lower: np.ndarray, upper: np.ndarray, *, axis: int | None = None):
    """Share of values inside their interval, ``lower <= y <= upper`` (over ``axis``, or all)."""
    y, lower, upper = _interval_arrays(check_array("y", y), lower, upper)
    inside = (lower <= y) & (y <= upper)
    return float(inside.mean()) if axis is None else inside.mean(axis=axis)


def mean_width(lower: np.ndarray, upper: np.ndarray, *, axis: int | None = None):
    """Mean width ``upper - lower`` of intervals (over ``axis``, or all)."""
    _, lower, upper = _interval_arrays(None, lower, upper)
    width = upper - lower
    return float(width.mean()) if axis is None else width.mean(axis=axis)


def _interval_arrays(y, lower, upper):
    """Validated float64 copies of ``lower`` and ``upper`` (and of ``y`` unless it is None)."""
    lower = check_array("lower", lower).astype(np.float64)
    upper = check_array("upper", upper).astype(np.float64)
    check_same_shape("lower", lower, "upper", upper)
    if y is not None:
        y = check_array("y", y).astype(np.float64)
        check_same_shape("y", y, "lower", lower)
    if np.any(lower > upper):
        raise ValueError(f"`lower` must not exceed `upper`. Received: "
                         f"{int(np.sum(lower > upper))} interval(s) with lower > upper")
    return y, lower, upper
