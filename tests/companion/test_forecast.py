"""Tests of rnnbook.forecast: iterative multi-step forecasts, seasonal naive, error per step."""

import numpy as np
import pytest

from rnnbook import baselines, data, forecast, metrics


def reference_iterative(predict, X, horizon):
    """The textbook loop: grow the sequence and predict from its last T values."""
    sequence = np.asarray(X, dtype=np.float32)
    lookback = sequence.shape[1]
    for k in range(horizon):
        y_hat = np.asarray(predict(sequence[:, k:k + lookback])).reshape(-1, 1, 1)
        sequence = np.concatenate([sequence, y_hat.astype(np.float32)], axis=1)
    return sequence[:, lookback:, 0]


class TestIterativeForecast:
    def test_matches_reference_loop_with_a_linear_model(self):
        bench = data.benchmark_data(sizes=(500, 50, 10))
        linear = baselines.fit_linear(bench.X_train, bench.y_train)
        X = bench.X_valid
        expected = reference_iterative(linear.predict, X, 10)
        got = forecast.iterative_forecast(linear.predict, X, 10)
        assert got.shape == (50, 10) and got.dtype == np.float32
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)

    def test_exact_recurrence_continues_a_sine_wave(self):
        # a sampled sine obeys x_t = 2 cos(w) x_{t-1} - x_{t-2}: iterating it is exact
        w = 0.3
        wave = np.sin(w * np.arange(40))
        X = wave[None, :30, None]

        def recurrence(window):
            return 2 * np.cos(w) * window[:, -1, :] - window[:, -2, :]  # (N, 1)

        got = forecast.iterative_forecast(recurrence, X, 10)
        np.testing.assert_allclose(got[0], wave[30:], atol=1e-5)

    def test_first_step_is_the_one_step_forecast(self):
        X = data.sine_mixture(8, 20, seed=3)
        one_step = lambda window: window[:, -3:, :].mean(axis=1)  # noqa: E731
        got = forecast.iterative_forecast(one_step, X, 4)
        np.testing.assert_allclose(got[:, 0], one_step(X)[:, 0], atol=1e-7)

    def test_model_sees_fixed_length_windows_that_include_its_forecasts(self):
        seen = []

        def spy(window):
            seen.append(window.copy())
            return np.full((len(window), 1), 100.0 + len(seen))

        forecast.iterative_forecast(spy, np.arange(5.0).reshape(1, 5, 1), 3)
        assert [w.shape for w in seen] == [(1, 5, 1)] * 3
        np.testing.assert_array_equal(seen[2][0, :, 0], [2.0, 3.0, 4.0, 101.0, 102.0])

    def test_accepts_flat_predictions(self):
        got = forecast.iterative_forecast(lambda w: w[:, -1, 0] + 1, np.zeros((2, 3, 1)), 3)
        np.testing.assert_array_equal(got, [[1, 2, 3], [1, 2, 3]])

    @pytest.mark.parametrize(
        "predict, X, horizon, error, message",
        [
            (None, np.zeros((2, 3, 1)), 2, TypeError, r"`predict` must be callable\. Received: predict=None"),
            (lambda w: w[:, -1], np.zeros((2, 3)), 2, ValueError, r"`X` must have 3 dimensions"),
            (lambda w: w[:, -1], np.zeros((2, 3, 2)), 2, ValueError,
             r"`X` must have one feature: .*univariate.* Received: X with shape \(2, 3, 2\)"),
            (lambda w: w[:, -1], np.zeros((2, 3, 1)), 0, ValueError, r"`horizon` must be >= 1\. Received: horizon=0"),
            (lambda w: w[:, -1], np.zeros((2, 3, 1)), 1.5, TypeError, r"`horizon` must be an integer"),
            (lambda w: w[:, -2:, 0], np.zeros((2, 3, 1)), 2, ValueError,
             r"`predict` must return one value per window, shape \(2, 1\)\. Received: output of shape \(2, 2\) at step 1"),
            (lambda w: np.full((2, 1), np.nan), np.zeros((2, 3, 1)), 2, ValueError,
             r"`predict` must return finite values\. Received: NaN or inf at step 1"),
        ],
    )
    def test_invalid_arguments(self, predict, X, horizon, error, message):
        with pytest.raises(error, match=message):
            forecast.iterative_forecast(predict, X, horizon)


class TestSeasonalNaive:
    def reference(self, X, horizon, period):
        """Loop over steps: repeat the last observed season."""
        X = np.asarray(X)
        season = X[:, -period:, 0]  # (N, period)
        return np.stack([season[:, k % period] for k in range(horizon)], axis=1)

    @pytest.mark.parametrize("horizon, period", [(1, 1), (3, 4), (4, 4), (9, 4), (26, 52), (60, 52)])
    def test_matches_reference(self, horizon, period):
        X = np.random.default_rng(0).normal(size=(5, 60, 1))
        np.testing.assert_array_equal(
            forecast.seasonal_naive_forecast(X, horizon, period), self.reference(X, horizon, period)
        )

    def test_period_one_is_the_naive_forecast(self):
        X = data.sine_mixture(6, 12, seed=0)
        np.testing.assert_array_equal(
            forecast.seasonal_naive_forecast(X, 5, 1), baselines.naive_forecast(X, 5)
        )

    def test_exact_on_a_periodic_series(self):
        pattern = np.array([1.0, 4.0, 2.0, 8.0, 5.0])
        series = np.tile(pattern, 6)
        X, Y = data.make_windows(series, lookback=10, horizon=7)
        np.testing.assert_array_equal(forecast.seasonal_naive_forecast(X, 7, 5), Y)

    def test_feature_column(self):
        X = np.stack([np.zeros((2, 4)), np.ones((2, 4))], axis=-1)  # (2, 4, 2)
        np.testing.assert_array_equal(forecast.seasonal_naive_forecast(X, 2, 2, feature=1), np.ones((2, 2)))

    @pytest.mark.parametrize(
        "X, horizon, period, kwargs, error, message",
        [
            (np.zeros((2, 3, 1)), 2, 4, {}, ValueError,
             r"`X` must cover at least one period \(4 steps\)\. Received: X with shape \(2, 3, 1\)"),
            (np.zeros((2, 3, 1)), 2, 0, {}, ValueError, r"`period` must be >= 1\. Received: period=0"),
            (np.zeros((2, 3, 1)), 0, 1, {}, ValueError, r"`horizon` must be >= 1"),
            (np.zeros((2, 3)), 2, 1, {}, ValueError, r"`X` must have 3 dimensions"),
            (np.zeros((2, 3, 1)), 2, 1, {"feature": 1}, ValueError,
             r"`feature` must be below the number of features \(1\)\. Received: feature=1"),
            (np.zeros((2, 3, 1)), 2, 2.0, {}, TypeError, r"`period` must be an integer"),
        ],
    )
    def test_invalid_arguments(self, X, horizon, period, kwargs, error, message):
        with pytest.raises(error, match=message):
            forecast.seasonal_naive_forecast(X, horizon, period, **kwargs)


class TestMseByStep:
    def test_matches_loop_and_overall_mse(self):
        rng = np.random.default_rng(1)
        Y, P = rng.normal(size=(50, 7)), rng.normal(size=(50, 7))
        expected = np.array([np.mean((Y[:, k] - P[:, k]) ** 2) for k in range(7)])
        got = forecast.mse_by_step(Y, P)
        np.testing.assert_allclose(got, expected, rtol=1e-12)
        assert got.mean() == pytest.approx(metrics.mse(Y, P), rel=1e-12)

    def test_naive_error_grows_with_the_step_ahead(self):
        bench = data.benchmark_data(10, sizes=(10, 500, 10))
        per_step = forecast.mse_by_step(bench.y_valid, baselines.naive_forecast(bench.X_valid, 10))
        assert np.all(np.diff(per_step) > 0)

    @pytest.mark.parametrize(
        "Y, P, message",
        [
            (np.zeros((3, 2)), np.zeros((3, 3)), r"`Y_true` and `Y_pred` must have the same shape"),
            (np.zeros(3), np.zeros(3), r"`Y_true` must have 2 dimensions"),
            (np.zeros((3, 2)), np.full((3, 2), np.inf), r"`Y_pred` must contain only finite values"),
        ],
    )
    def test_invalid_arguments(self, Y, P, message):
        with pytest.raises(ValueError, match=message):
            forecast.mse_by_step(Y, P)


def test_importing_forecast_loads_no_framework():
    import subprocess
    import sys

    code = "import sys, rnnbook.forecast; print('torch' in sys.modules or 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
