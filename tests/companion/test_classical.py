"""Tests of rnnbook.classical against statsmodels run directly and against hand cases."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from rnnbook import classical


def seasonal_series(n=160, period=8, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    return 10 + 0.05 * t + 2 * np.sin(2 * np.pi * t / period) + np.cumsum(rng.normal(0, 0.2, n))


@pytest.fixture(scope="module")
def series():
    return seasonal_series()


def quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


class TestDrift:
    def test_naive_drift_by_hand(self):
        model = classical.fit_drift([1.0, 2.0, 4.0, 5.0])
        assert model.params["drift"] == pytest.approx(4 / 3)
        mean, lower, upper = model.predict([np.array([1.0, 2.0, 4.0, 5.0, 9.0])], 3, 0.95)
        np.testing.assert_allclose(mean[0], 9 + np.arange(1, 4) * 4 / 3)
        sigma = np.std(np.diff([1.0, 2.0, 4.0, 5.0]) - 4 / 3, ddof=1)
        np.testing.assert_allclose(upper[0] - mean[0], norm.ppf(0.975) * sigma * np.sqrt([1, 2, 3]))

    def test_seasonal_drift_goes_back_whole_seasons(self):
        model = classical.fit_seasonal_drift([0.0, 10.0, 1.0, 11.0, 2.0, 12.0], period=2)
        np.testing.assert_allclose(model.forecast(model.train, 5), [3, 13, 4, 14, 5])
        model = classical.fit_seasonal_drift([0.0, 10.0, 1.5, 11.0, 2.0, 12.5], period=2)
        _, lower, upper = model.predict([model.train], 5, 0.8)
        sd = (upper - lower)[0] / (2 * norm.ppf(0.9))
        np.testing.assert_allclose(sd / sd[0], np.sqrt([1, 1, 2, 2, 3]))

    def test_naive_drift_matches_statsmodels_arima_010_with_drift(self, series):
        train = series[:100]
        model = classical.fit_drift(train)
        params = [model.params["drift"], model.params["sigma"] ** 2]
        ref = quiet(ARIMA(train, order=(0, 1, 0), trend="t").filter, params).get_forecast(10)
        mean, lower, upper = model.predict([train], 10, 0.8)
        np.testing.assert_allclose(mean[0], ref.predicted_mean, rtol=1e-10)
        np.testing.assert_allclose(lower[0], ref.conf_int(alpha=0.2)[:, 0], rtol=1e-10)

    def test_seasonal_drift_matches_statsmodels_seasonal_random_walk(self, series):
        train = series[:100]
        model = classical.fit_seasonal_drift(train, 8)
        # a seasonal random walk with drift: a constant d per season is a slope d / m per step
        params = [model.params["drift"] / 8, model.params["sigma"] ** 2]
        ref = quiet(ARIMA(train, seasonal_order=(0, 1, 0, 8), trend="t").filter, params)
        forecast = ref.get_forecast(20)
        mean, lower, upper = model.predict([train], 20, 0.95)
        np.testing.assert_allclose(mean[0], forecast.predicted_mean, rtol=1e-9)
        np.testing.assert_allclose(upper[0], forecast.conf_int(alpha=0.05)[:, 1], rtol=1e-9)


class TestStateSpace:
    def test_ets_matches_statsmodels_at_the_end_of_training(self, series):
        train = series[:120]
        for damped in (False, True):
            model = classical.fit_ets(train, 8, damped=damped)
            ref = quiet(ETSModel(pd.Series(train), error="add", trend="add", damped_trend=damped,
                                 seasonal="add", seasonal_periods=8,
                                 initialization_method="heuristic").fit, disp=False)
            frame = ref.get_prediction(start=120, end=131).summary_frame(alpha=0.2)
            mean, lower, upper = model.predict([train], 12, 0.8)
            np.testing.assert_allclose(mean[0], frame["mean"], rtol=1e-9)
            np.testing.assert_allclose(lower[0], frame["pi_lower"], rtol=1e-9)
            np.testing.assert_allclose(upper[0], frame["pi_upper"], rtol=1e-9)

    def test_ets_fixed_beta(self, series):
        model = classical.fit_ets(series[:120], 8, beta=0.05)
        assert model.params["smoothing"][1] == pytest.approx(0.05)
        assert "beta=0.05" in model.name

    def test_harmonic_regression_matches_statsmodels_applied_at_each_origin(self, series):
        train, period = series[:100], 8.0
        model = classical.fit_harmonic_regression(train, 2, order=(1, 1, 0), period=period)
        fitted = model.params["fitted"]
        origins = (100, 117, 140)
        mean, lower, upper = model.predict([series[:o] for o in origins], 12, 0.95)
        for i, origin in enumerate(origins):
            terms = classical.fourier_terms(np.arange(origin + 12), 2, period)
            applied = quiet(fitted.apply, series[:origin], exog=terms[:origin])
            ref = applied.get_forecast(12, exog=terms[origin:])
            np.testing.assert_allclose(mean[i], ref.predicted_mean, rtol=1e-9)
            np.testing.assert_allclose(lower[i], ref.conf_int(alpha=0.05)[:, 0], rtol=1e-9)
        assert model.params["estimates"]["sigma2"] > 0

    @pytest.mark.parametrize("fit", [
        lambda y: classical.fit_drift(y),
        lambda y: classical.fit_seasonal_drift(y, 8),
        lambda y: classical.fit_ets(y, 8),
        lambda y: classical.fit_harmonic_regression(y, 2, order=(1, 1, 0), period=8.0),
    ])
    def test_forecasts_use_only_the_past_of_each_origin(self, series, fit):
        model = fit(series[:100])
        before = model([series[:110], series[:130]], 6)
        changed = series.copy()
        changed[111:] += 50.0  # every value after the first origin but one
        after = model([changed[:110], changed[:130]], 6)
        np.testing.assert_array_equal(after[0], before[0])
        assert np.abs(after[1] - before[1]).max() > 1.0  # the second origin does see the change
        single = model.forecast(series[:110], 6)
        np.testing.assert_allclose(single, before[0], rtol=1e-12)


class TestFourier:
    def test_by_hand(self):
        terms = classical.fourier_terms(np.arange(4), 2, 4.0)
        np.testing.assert_allclose(terms, [[0, 0, 1, 1], [1, 0, 0, -1], [0, 0, -1, 1], [-1, 0, 0, -1]],
                                   atol=1e-12)


class TestInvalid:
    @pytest.mark.parametrize(
        "call, error, message",
        [
            (lambda: classical.fit_drift([1.0, 2.0]), ValueError,
             r"`y_train` must hold at least period \+ 2 = 3 values.*Received: y_train with 2 values"),
            (lambda: classical.fit_seasonal_drift(np.arange(10.0), 0), ValueError, r"`period` must be >= 1"),
            (lambda: classical.fit_ets(np.arange(16.0), 8), ValueError,
             r"`y_train` must hold at least two seasons and one step, 17 values.*Received: y_train with 16 values"),
            (lambda: classical.fit_ets(seasonal_series(), 8, damped=1), TypeError, r"`damped` must be a bool\. Received: damped=1"),
            (lambda: classical.fit_ets(seasonal_series(), 8, beta=1.5), ValueError, r"`beta` must be <= 0\.999\. Received: beta=1\.5"),
            (lambda: classical.fit_harmonic_regression(seasonal_series(), 5, period=8.0), ValueError,
             r"`n_harmonics` must be at most period / 2 = 4.*Received: n_harmonics=5"),
            (lambda: classical.fit_harmonic_regression(seasonal_series(), 2, order=[1, 1, 1], period=8.0), TypeError,
             r"`order` must be a tuple \(p, d, q\)\. Received: order=\[1, 1, 1\]"),
            (lambda: classical.fit_harmonic_regression(seasonal_series(), 2, order=(1, 2, 1), period=8.0), ValueError,
             r"`order\[1\]` \(d\) must be 0 or 1\. Received: order\[1\]=2"),
            (lambda: classical.fit_harmonic_regression(np.arange(20.0), 2, period=8.0), ValueError,
             r"`y_train` must cover at least two seasons plus one value per parameter"),
            (lambda: classical.fourier_terms(np.arange(3), 0, 4.0), ValueError, r"`n_harmonics` must be >= 1"),
            (lambda: classical.fit_harmonic_regression(seasonal_series(), 2, order=(1, 1, 1), period=8.0), ValueError,
             r"`order` \(1, 1, 1\) could not be estimated on `y_train` by Hannan-Rissanen GLS"),
        ],
    )
    def test_fit_arguments(self, call, error, message):
        with pytest.raises(error, match=message):
            call()

    def test_histories(self, series):
        model = classical.fit_seasonal_drift(series[:100], 8)
        with pytest.raises(ValueError, match=r"`histories\[1\]` must begin with the 100 training values.*Received: a series of 120 values"):
            model([series[:110], series[1:121]], 3)
        with pytest.raises(ValueError, match=r"`histories\[0\]` must begin with the 100 training values.*Received: a series of 90"):
            model([series[:90]], 3)
        other = series.copy()
        other[105] += 1.0
        with pytest.raises(ValueError, match=r"`histories\[0\]` must be a prefix of the longest history"):
            model([series[:110], other[:120]], 3)
        with pytest.raises(TypeError, match=r"`histories` must be a non-empty list of 1-D series.*Received: histories of type ndarray"):
            model(series[:110], 3)
        with pytest.raises(ValueError, match=r"`horizon` must be >= 1"):
            model([series[:110]], 0)
        with pytest.raises(ValueError, match=r"`level` must be <= 0\.999\. Received: level=1\.0"):
            model.intervals([series[:110]], 3, 1.0)
