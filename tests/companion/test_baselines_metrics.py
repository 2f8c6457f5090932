"""Tests of rnnbook.baselines and rnnbook.metrics against independent references."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from rnnbook import baselines, data, metrics


class TestNaive:
    def test_repeats_last_value(self):
        X = np.array([[[1.0, 5.0], [2.0, 6.0]], [[3.0, 7.0], [4.0, 8.0]]])
        np.testing.assert_array_equal(baselines.naive_forecast(X, horizon=3), [[2, 2, 2], [4, 4, 4]])
        np.testing.assert_array_equal(baselines.naive_forecast(X, feature=1), [[6], [8]])

    def test_published_figures(self):
        one = data.benchmark_data()
        assert round(metrics.mse(one.y_valid, baselines.naive_forecast(one.X_valid)), 4) == 0.0202
        ten = data.benchmark_data(10)
        assert abs(metrics.mse(ten.y_valid, baselines.naive_forecast(ten.X_valid, 10)) - 0.257) < 0.0005

    @pytest.mark.parametrize(
        "X, kwargs, error, message",
        [
            (np.zeros((2, 3)), {}, ValueError, r"`X` must have 3 dimensions\. Received: X with shape \(2, 3\)"),
            (np.zeros((2, 3, 1)), {"horizon": 0}, ValueError, r"`horizon` must be >= 1"),
            (np.zeros((2, 3, 1)), {"feature": 1}, ValueError, r"`feature` must be below the number of features \(1\)\. Received: feature=1"),
            (np.full((2, 3, 1), np.inf), {}, ValueError, r"`X` must contain only finite values"),
            (np.zeros((0, 3, 1)), {}, ValueError, r"`X` must not be empty"),
        ],
    )
    def test_invalid(self, X, kwargs, error, message):
        with pytest.raises(error, match=message):
            baselines.naive_forecast(X, **kwargs)


class TestLinear:
    def test_matches_scikit_learn(self):
        rng = np.random.default_rng(0)
        X = rng.normal(size=(200, 6, 2))
        y = rng.normal(size=(200, 3))
        ours = baselines.fit_linear(X, y)
        ref = LinearRegression().fit(X.reshape(200, -1), y)
        np.testing.assert_allclose(ours.coef, ref.coef_.T, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours.intercept, ref.intercept_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours.predict(X), ref.predict(X.reshape(200, -1)), atol=1e-10)
        assert ours.n_params == 6 * 2 * 3 + 3

    def test_beats_published_linear_baseline(self):
        bench = data.benchmark_data()
        model = baselines.fit_linear(bench.X_train, bench.y_train)
        assert model.n_params == 51
        assert metrics.mse(bench.y_valid, model.predict(bench.X_valid)) <= 0.0042

    def test_one_dimensional_targets(self):
        X = np.arange(12.0).reshape(4, 3, 1)
        model = baselines.fit_linear(X, X[:, -1, 0] + 1)
        assert model.predict(X).shape == (4, 1)

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"same number of windows\. Received: X with shape \(4, 3, 1\) and y with shape \(3, 1\)"):
            baselines.fit_linear(np.zeros((4, 3, 1)), np.zeros((3, 1)))
        model = baselines.fit_linear(np.random.default_rng(0).normal(size=(10, 3, 1)), np.zeros((10, 1)))
        with pytest.raises(ValueError, match=r"T \* F = 3 values per window, as in training\. Received: X with shape \(2, 4, 1\)"):
            model.predict(np.zeros((2, 4, 1)))
        with pytest.raises(ValueError, match=r"`y` must have 1 or 2 dimensions"):
            baselines.fit_linear(np.zeros((4, 3, 1)), np.zeros((4, 1, 1)))


class TestMetrics:
    def test_mse_by_hand_and_against_numpy(self):
        assert metrics.mse([[1.0], [2.0]], [[1.0], [4.0]]) == 2.0
        rng = np.random.default_rng(1)
        a, b = rng.normal(size=(50, 3)), rng.normal(size=(50, 3))
        assert metrics.mse(a, b) == pytest.approx(np.mean((a - b) ** 2), rel=1e-12)

    def test_mse_in_float64_for_float32_input(self):
        a = np.full((1000,), 1e4, dtype=np.float32)
        b = a + np.float32(1)
        assert metrics.mse(a, b) == 1.0

    def test_last_time_step_mse_ignores_earlier_steps(self):
        Y = np.zeros((2, 3, 4))
        P = np.zeros((2, 3, 4))
        P[:, :-1] = 100.0
        P[:, -1] = 1.0
        assert metrics.last_time_step_mse(Y, P) == 1.0

    @pytest.mark.parametrize(
        "func, a, b, message",
        [
            (metrics.mse, np.zeros((2, 1)), np.zeros((2,)), r"`y_true` and `y_pred` must have the same shape\. Received: y_true with shape \(2, 1\) and y_pred with shape \(2,\)"),
            (metrics.mse, np.zeros(2), np.array([0.0, np.nan]), r"`y_pred` must contain only finite values"),
            (metrics.mse, np.zeros(0), np.zeros(0), r"`y_true` must not be empty"),
            (metrics.last_time_step_mse, np.zeros((2, 3)), np.zeros((2, 3)), r"`Y_true` must have 3 dimensions"),
            (metrics.last_time_step_mse, np.zeros((2, 3, 1)), np.zeros((2, 4, 1)), r"`Y_true` and `Y_pred` must have the same shape"),
        ],
    )
    def test_invalid(self, func, a, b, message):
        with pytest.raises(ValueError, match=message):
            func(a, b)

    def test_type_errors(self):
        with pytest.raises(TypeError, match=r"`y_true` must be array-like of numbers\. Received: y_true=None"):
            metrics.mse(None, [1.0])
        with pytest.raises(TypeError, match=r"`y_pred` must hold real numbers\. Received: y_pred with dtype <U1"):
            metrics.mse([1.0], ["a"])
