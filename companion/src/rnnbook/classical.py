"""Classical statistical forecasts of one series, fitted once and applied with fixed parameters.

Four benchmarks from *Forecasting: Principles and Practice* (Hyndman and
Athanasopoulos): naive with drift, seasonal naive with drift, exponential
smoothing (additive Holt-Winters, as an ETS state-space model) and dynamic
harmonic regression (a linear trend and Fourier terms with ARIMA errors).

Each ``fit_*`` function estimates its parameters on a training series and
returns a :class:`ClassicalForecast`. Called on *histories*, series that
begin with that training series and run to a forecast origin, it forecasts
``horizon`` steps after each one with the parameters left as fitted: later
data moves the model's state, never its parameters. Prediction intervals are
analytic and treat the parameters as known.

The state-space models (ETS, harmonic regression) come from statsmodels,
imported only when such a model is fitted.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from scipy.stats import norm

from rnnbook._validate import check_array, check_bool, check_float, check_int

#: Weeks in a year: the season of a weekly series (FPP3 section 12.1).
WEEKS_PER_YEAR = 365.25 / 7


def fourier_terms(t: np.ndarray, n_harmonics: int, period: float) -> np.ndarray:
    """Fourier regressors ``sin(2 pi k t / period)`` and ``cos(2 pi k t / period)``, k = 1..K.

    Parameters
    ----------
    t : array_like
        Time indices ``(n,)`` (counted from the start of the series).
    n_harmonics : int
        ``K``, the number of sine-cosine pairs (>= 1).
    period : float
        Length of the season in steps (> 0); need not be an integer.

    Returns
    -------
    numpy.ndarray
        Array ``(n, 2K)``: the K sines, then the K cosines.

    Examples
    --------
    >>> np.round(fourier_terms([0, 1], 1, 4.0), 6)
    array([[0., 1.],
           [1., 0.]])
    """
    t = check_array("t", t, ndim=1).astype(np.float64)[:, None]  # (n, 1)
    n_harmonics = check_int("n_harmonics", n_harmonics, minimum=1)
    period = check_float("period", period, minimum=0.0, exclusive_minimum=True)
    angle = 2 * np.pi * np.arange(1, n_harmonics + 1)[None, :] * t / period  # (n, K)
    return np.hstack([np.sin(angle), np.cos(angle)])  # (n, 2K)


class ClassicalForecast:
    """A fitted classical model: call it on histories to forecast after each one.

    Attributes
    ----------
    name : str
        A short description, e.g. ``"ETS(A,Ad,A)"``.
    train : numpy.ndarray
        The training series ``(n_train,)`` the parameters were fitted on.
    params : dict
        The fitted parameters by name.
    """

    def __init__(self, name: str, train: np.ndarray, params: dict):
        self.name, self.train, self.params = name, train, params

    def __repr__(self) -> str:
        return f"<{self.name} fitted on {len(self.train)} steps>"

    def __call__(self, histories: Sequence[np.ndarray], horizon: int) -> np.ndarray:
        """Point forecasts ``(len(histories), horizon)``, one row per history."""
        return self.predict(histories, horizon)[0]

    def forecast(self, history: np.ndarray, horizon: int) -> np.ndarray:
        """Point forecasts ``(horizon,)`` for the steps after one history."""
        return self([history], horizon)[0]

    def intervals(
        self, histories: Sequence[np.ndarray], horizon: int, level: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Central prediction intervals at ``level`` (e.g. 0.8): lower and upper, each ``(n, horizon)``."""
        level = check_float("level", level, minimum=0.0, exclusive_minimum=True, maximum=0.999)
        _, lower, upper = self.predict(histories, horizon, level)
        return lower, upper

    def predict(
        self, histories: Sequence[np.ndarray], horizon: int, level: float | None = None
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """Means and, if ``level`` is given, interval bounds, each ``(len(histories), horizon)``.

        Raises
        ------
        ValueError
            If a history does not begin with the training series, or the
            histories are not all prefixes of the longest one.
        """
        histories = self._check_histories(histories)
        horizon = check_int("horizon", horizon, minimum=1)
        mean, sd = self._mean_sd(histories, horizon)  # (n, horizon) each
        if level is None:
            return mean, None, None
        z = norm.ppf(0.5 + level / 2)
        return mean, mean - z * sd, mean + z * sd

    def _mean_sd(self, histories, horizon):  # pragma: no cover - every model overrides it
        raise NotImplementedError

    def _check_histories(self, histories) -> list[np.ndarray]:
        if isinstance(histories, np.ndarray) or not isinstance(histories, Sequence) or not histories:
            raise TypeError(
                "`histories` must be a non-empty list of 1-D series (one per forecast origin). "
                f"Received: histories of type {type(histories).__name__}"
            )
        checked = [check_array(f"histories[{i}]", h, ndim=1).astype(np.float64)
                   for i, h in enumerate(histories)]
        n = len(self.train)
        for i, history in enumerate(checked):
            if len(history) < n or not np.array_equal(history[:n], self.train):
                raise ValueError(
                    f"`histories[{i}]` must begin with the {n} training values the model was "
                    f"fitted on. Received: a series of {len(history)} values that does not"
                )
        longest = max(checked, key=len)
        for i, history in enumerate(checked):
            if not np.array_equal(longest[:len(history)], history):
                raise ValueError(
                    f"`histories[{i}]` must be a prefix of the longest history: every history "
                    "must be the same series cut at a different origin"
                )
        return checked


class _Drift(ClassicalForecast):
    r"""Seasonal naive with drift at lag m (m = 1: naive with drift).

    .. math:: \hat y_{T+h} = y_{T+h-m(k+1)} + (k+1)\,\bar d, \quad k = \lfloor (h-1)/m \rfloor,
              \qquad \sigma_h = \sigma \sqrt{k+1}

    with :math:`\bar d` the mean of :math:`y_t - y_{t-m}` over the training series
    and :math:`\sigma` the standard deviation of the residuals :math:`y_t - y_{t-m} - \bar d`.
    """

    def _mean_sd(self, histories, horizon):
        m, d, sigma = self.params["period"], self.params["drift"], self.params["sigma"]
        h = np.arange(1, horizon + 1)
        k = (h - 1) // m  # (horizon,) whole seasons skipped
        mean = np.stack([history[len(history) + h - 1 - m * (k + 1)] + (k + 1) * d
                         for history in histories])  # (n, horizon)
        sd = np.broadcast_to(sigma * np.sqrt(k + 1.0), mean.shape)
        return mean, sd


def _fit_drift(y_train, period, name) -> ClassicalForecast:
    y = check_array("y_train", y_train, ndim=1).astype(np.float64)
    if len(y) < period + 2:
        raise ValueError(
            f"`y_train` must hold at least period + 2 = {period + 2} values to estimate a drift "
            f"and a residual spread. Received: y_train with {len(y)} values"
        )
    differences = y[period:] - y[:-period]  # (n - m,)
    drift = float(differences.mean())
    sigma = float(np.std(differences - drift, ddof=1))
    return _Drift(name, y, {"period": period, "drift": drift, "sigma": sigma})


def fit_drift(y_train: np.ndarray) -> ClassicalForecast:
    """Naive forecast with drift: the last value plus ``h`` times the mean training step.

    .. math:: \\hat y_{T+h} = y_T + h\\,\\bar d, \\quad \\bar d = \\frac{y_n - y_1}{n - 1},
              \\qquad \\sigma_h = \\sigma\\sqrt{h}

    Parameters
    ----------
    y_train : array_like
        The training series ``(n,)``, n >= 3.

    Returns
    -------
    ClassicalForecast

    Examples
    --------
    >>> model = fit_drift([1.0, 2.0, 4.0, 5.0])  # mean step 4/3
    >>> np.round(model.forecast([1.0, 2.0, 4.0, 5.0, 6.0], 2), 4)
    array([7.3333, 8.6667])
    """
    return _fit_drift(y_train, 1, "naive with drift")


def fit_seasonal_drift(y_train: np.ndarray, period: int) -> ClassicalForecast:
    """Seasonal naive forecast plus the mean seasonal change of the training series.

    For steps ``h <= period`` the forecast is the value one season earlier plus
    one season's mean rise :math:`\\bar d`; further ahead it goes back whole
    seasons and adds :math:`\\bar d` once per season.

    Parameters
    ----------
    y_train : array_like
        The training series ``(n,)``, n >= period + 2.
    period : int
        The season ``m`` in steps (52 for a yearly season in weekly data).

    Returns
    -------
    ClassicalForecast

    Examples
    --------
    >>> model = fit_seasonal_drift([0.0, 10.0, 1.0, 11.0, 2.0, 12.0], period=2)  # rise 1 a season
    >>> model.forecast(model.train, 3)
    array([ 3., 13.,  4.])
    """
    period = check_int("period", period, minimum=1)
    return _fit_drift(y_train, period, f"seasonal naive with drift (m={period})")


def _quiet(function, *args, **kwargs):
    """Call a statsmodels function with its convergence and frequency warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


class _StateSpace(ClassicalForecast):
    """A statsmodels state-space model: run its filter once over the longest history with the
    fitted parameters, then forecast dynamically from each origin (the filter's state at an
    origin depends only on the values before it)."""

    def _applied(self, series):  # pragma: no cover - every model overrides it
        raise NotImplementedError

    def _prediction(self, applied, origin, horizon, n_obs):
        return applied.get_prediction(start=origin, end=origin + horizon - 1, dynamic=True)

    def _mean_sd(self, histories, horizon):
        longest = max(histories, key=len)
        applied = self._applied(longest)
        means, sds = [], []
        for history in histories:
            prediction = _quiet(self._prediction, applied, len(history), horizon, len(longest))
            means.append(np.asarray(prediction.predicted_mean, dtype=np.float64))
            sds.append(np.sqrt(np.asarray(prediction.var_pred_mean, dtype=np.float64)))
        return np.stack(means), np.stack(sds)  # (n, horizon) each


class _ETS(_StateSpace):
    def _applied(self, series):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        model = _quiet(ETSModel, series, initialization_method="known",
                       **self.params["config"], **self.params["initial"])
        return _quiet(model.smooth, self.params["smoothing"])

    def _mean_sd(self, histories, horizon):
        applied = self._applied(max(histories, key=len))
        means = np.stack([
            np.asarray(_quiet(applied.predict, start=len(h), end=len(h) + horizon - 1,
                              dynamic=True), dtype=np.float64) for h in histories])
        # the exact ETS variance, sigma^2 * c_h, with sigma^2 the training fit's: fixed, like
        # every other parameter (statsmodels would take the MSE of the whole applied series)
        relative = applied._relative_forecast_variance(np.arange(1, horizon + 1))  # (horizon,)
        sd = np.sqrt(self.params["sigma2"] * relative)
        return means, np.broadcast_to(sd, means.shape)


def fit_ets(
    y_train: np.ndarray, period: int, *, damped: bool = False, beta: float | None = None
) -> ClassicalForecast:
    """Additive Holt-Winters as the state-space model ETS(A,A,A) or, damped, ETS(A,Ad,A).

    .. math:: \\ell_t = \\ell_{t-1} + \\phi b_{t-1} + \\alpha e_t, \\quad
              b_t = \\phi b_{t-1} + \\beta e_t, \\quad s_t = s_{t-m} + \\gamma e_t,
              \\quad y_t = \\ell_{t-1} + \\phi b_{t-1} + s_{t-m} + e_t

    (:math:`\\phi = 1` undamped). The initial states come from statsmodels'
    heuristic decomposition of the first seasons; the smoothing parameters are
    estimated by maximum likelihood. Intervals use the exact ETS variance.

    Parameters
    ----------
    y_train : array_like
        The training series ``(n,)``, at least two seasons long (``n >= 2 * period``).
    period : int
        The season ``m`` in steps (>= 2).
    damped : bool, default False
        Whether to damp the trend.
    beta : float, optional
        Hold the trend's smoothing parameter at this value (0 < beta < 1) and
        estimate the others. Maximum likelihood scores one-step forecasts,
        which barely depend on how fast the trend adapts; fixing ``beta`` lets
        a choice on validation set it for longer horizons.

    Returns
    -------
    ClassicalForecast
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = check_array("y_train", y_train, ndim=1).astype(np.float64)
    period = check_int("period", period, minimum=2)
    damped = check_bool("damped", damped)
    if len(y) < 2 * period + 1:
        raise ValueError(
            f"`y_train` must hold at least two seasons and one step, {2 * period + 1} values, "
            f"for the heuristic initial states. Received: y_train with {len(y)} values"
        )
    if beta is not None:
        beta = check_float("beta", beta, minimum=0.0, exclusive_minimum=True, maximum=0.999)
    config = dict(error="add", trend="add", damped_trend=damped, seasonal="add",
                  seasonal_periods=period)
    model = _quiet(ETSModel, y, initialization_method="heuristic", **config)
    if beta is None:
        fitted = _quiet(model.fit, disp=False)
    else:
        with model.fix_params({"smoothing_trend": beta}):
            fitted = _quiet(model.fit, disp=False)
    initial = {"initial_level": float(fitted.initial_level),
               "initial_trend": float(fitted.initial_trend),
               "initial_seasonal": np.asarray(fitted.initial_seasonal, dtype=np.float64)}
    name = f"ETS(A,{'Ad' if damped else 'A'},A), m={period}" + (f", beta={beta:g}" if beta else "")
    return _ETS(name, y, {"config": config, "initial": initial,
                          "smoothing": np.asarray(fitted.params, dtype=np.float64),
                          "sigma2": float(fitted.mse), "aic": float(fitted.aic)})


class _Harmonic(_StateSpace):
    def _exog(self, start, stop):
        return fourier_terms(np.arange(start, stop), self.params["n_harmonics"],
                             self.params["period"])

    def _applied(self, series):
        return _quiet(self.params["fitted"].apply, series, exog=self._exog(0, len(series)))

    def _prediction(self, applied, origin, horizon, n_obs):
        end = origin + horizon  # one past the last forecast step
        future = self._exog(n_obs, end) if end > n_obs else None  # out-of-sample regressors
        return applied.get_prediction(start=origin, end=end - 1, dynamic=True, exog=future)


def fit_harmonic_regression(
    y_train: np.ndarray,
    n_harmonics: int,
    *,
    order: tuple[int, int, int] = (1, 1, 1),
    period: float = WEEKS_PER_YEAR,
) -> ClassicalForecast:
    """Dynamic harmonic regression: Fourier terms and a drift, with ARIMA(p, d, q) errors.

    .. math:: y_t = \\delta t + \\sum_{k=1}^{K} \\Big[a_k \\sin\\frac{2\\pi k t}{P}
              + b_k \\cos\\frac{2\\pi k t}{P}\\Big] + \\eta_t,
              \\qquad \\eta_t \\sim \\mathrm{ARIMA}(p, d, q)

    FPP3's model for weekly data, whose season ``P = 52.18`` weeks is not a
    whole number of steps (a seasonal ARIMA would need an integer lag). With
    ``d = 1`` the term :math:`\\delta t` becomes the drift of the differenced
    errors. Estimated with statsmodels' ``ARIMA`` by the Hannan-Rissanen
    method (regression with ARMA errors by feasible GLS), which takes seconds
    where full maximum likelihood takes minutes on a long weekly series.

    Parameters
    ----------
    y_train : array_like
        The training series ``(n,)``; time ``t`` counts from its first value.
    n_harmonics : int
        ``K``, sine-cosine pairs (>= 1; at most ``P / 2``).
    order : tuple of three ints, default (1, 1, 1)
        ``(p, d, q)`` of the errors; ``d`` must be 0 or 1.
    period : float, default 52.18
        The season ``P`` in steps.

    Returns
    -------
    ClassicalForecast
    """
    from statsmodels.tsa.arima.model import ARIMA

    y = check_array("y_train", y_train, ndim=1).astype(np.float64)
    n_harmonics = check_int("n_harmonics", n_harmonics, minimum=1)
    period = check_float("period", period, minimum=2.0)
    if n_harmonics > period / 2:
        raise ValueError(
            f"`n_harmonics` must be at most period / 2 = {period / 2:g}: higher harmonics "
            f"repeat lower ones. Received: n_harmonics={n_harmonics}"
        )
    if not (isinstance(order, tuple) and len(order) == 3):
        raise TypeError(f"`order` must be a tuple (p, d, q). Received: order={order!r}")
    p, d, q = (check_int(f"order[{i}]", v, minimum=0) for i, v in enumerate(order))
    if d > 1:
        raise ValueError(f"`order[1]` (d) must be 0 or 1. Received: order[1]={d}")
    if len(y) < 2 * period + 2 * n_harmonics + p + q + 2:
        raise ValueError(
            f"`y_train` must cover at least two seasons plus one value per parameter. "
            f"Received: y_train with {len(y)} values"
        )
    exog = fourier_terms(np.arange(len(y)), n_harmonics, period)  # (n, 2K)
    model = _quiet(ARIMA, y, exog=exog, order=(p, d, q), trend="t" if d == 1 else "ct")
    try:
        fitted = _quiet(model.fit, method="hannan_rissanen")
    except ValueError as error:  # e.g. GLS refuses non-stationary AR estimates
        raise ValueError(
            f"`order` {(p, d, q)} could not be estimated on `y_train` by Hannan-Rissanen GLS; "
            f"try another order. Received: order={order!r} (statsmodels: {error})"
        ) from None
    params = dict(zip(fitted.param_names, np.asarray(fitted.params, dtype=np.float64)))
    name = f"harmonic regression, K={n_harmonics}, ARIMA{(p, d, q)} errors"
    return _Harmonic(name, y, {"fitted": fitted, "n_harmonics": n_harmonics, "period": period,
                               "order": (p, d, q), "estimates": params,
                               "aic": float(fitted.aic)})
