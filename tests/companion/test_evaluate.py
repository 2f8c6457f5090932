"""Tests of rnnbook.evaluate on cases whose answers are known."""

import numpy as np
import pytest

from rnnbook import classical, evaluate


def naive_fit(history):
    return lambda histories, horizon: np.stack([np.repeat(h[-1], horizon) for h in histories])


def exact_fit(series):
    """A forecaster that knows the series: its errors must all be zero."""
    return lambda history: lambda histories, horizon: np.stack(
        [series[len(h):len(h) + horizon] for h in histories])


class TestRollingOrigin:
    def test_exact_forecaster_has_zero_error_and_naive_a_known_one(self):
        series = 3.0 * np.arange(100.0)  # a ramp: the naive error at step j is 3 (j + 1)
        backtest = evaluate.rolling_origin(series, {"exact": exact_fit(series), "naive": naive_fit},
                                           origins=range(50, 95, 4), horizon=5)
        assert len(backtest.origins) >= 10
        np.testing.assert_array_equal(backtest.errors("exact"), 0.0)
        np.testing.assert_allclose(backtest.errors("naive"), np.tile(3.0 * np.arange(1, 6), (12, 1)))
        np.testing.assert_allclose(backtest.by_step("naive"), 3.0 * np.arange(1, 6))
        np.testing.assert_allclose(backtest.by_origin("naive"), 9.0)
        np.testing.assert_allclose(backtest.by_origin("naive", "rmse"), np.sqrt(np.mean((3.0 * np.arange(1, 6)) ** 2)))
        assert backtest.summary()["naive"] == (pytest.approx(9.0), pytest.approx(0.0))
        np.testing.assert_array_equal(backtest.actual[0], series[50:55])

    def test_refit_every_k_origins_on_the_expanding_history(self):
        seen = []

        def fit(history):
            seen.append(len(history))
            return naive_fit(history)

        backtest = evaluate.rolling_origin(np.arange(40.0), {"m": fit}, origins=range(10, 30, 2),
                                           horizon=3, refit_every=4)
        assert seen == [10, 18, 26]
        np.testing.assert_array_equal(backtest.refit_at, [10, 18, 26])
        seen.clear()
        evaluate.rolling_origin(np.arange(40.0), {"m": fit}, origins=range(10, 30, 2), horizon=3)
        assert seen == [10]

    def test_classical_model_refit_changes_its_parameters_not_its_past(self):
        rng = np.random.default_rng(0)
        series = np.cumsum(rng.normal(0.1, 1.0, 300))
        fits = {"drift": classical.fit_drift}
        once = evaluate.rolling_origin(series, fits, origins=range(100, 280, 15), horizon=5)
        refit = evaluate.rolling_origin(series, fits, origins=range(100, 280, 15), horizon=5, refit_every=3)
        np.testing.assert_allclose(once.forecasts["drift"][:3], refit.forecasts["drift"][:3])
        assert not np.allclose(once.forecasts["drift"][3:], refit.forecasts["drift"][3:])
        drift = np.mean(np.diff(series[:100]))
        np.testing.assert_allclose(once.forecasts["drift"][:, 0], series[once.origins - 1] + drift)

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            (dict(origins=[5, 5]), ValueError, r"`origins` must be a non-empty, strictly increasing sequence\. Received: origins=\[5, 5\]"),
            (dict(origins=[]), ValueError, r"`origins` must be a non-empty"),
            (dict(origins=[0, 3]), ValueError, r"`origins\[0\]` must be >= 1"),
            (dict(origins=[5, 19]), ValueError, r"`origins` must leave `horizon` \(2\) values after each origin in `series` \(20 values\)\. Received: last origin 19"),
            (dict(horizon=0), ValueError, r"`horizon` must be >= 1"),
            (dict(refit_every=0), ValueError, r"`refit_every` must be >= 1"),
            (dict(fits={}), TypeError, r"`fits` must be a non-empty mapping"),
            (dict(fits={"bad": lambda h: lambda hs, n: np.zeros((len(hs), n + 1))}), ValueError,
             r"The forecaster of `fits\['bad'\]` must return shape \(2, 2\)\. Received: shape \(2, 3\)"),
            (dict(fits={"nan": lambda h: lambda hs, n: np.full((len(hs), n), np.nan)}), ValueError,
             r"`fits\['nan'\]` must return finite values"),
        ],
    )
    def test_invalid(self, kwargs, error, message):
        arguments = dict(series=np.arange(20.0), fits={"naive": naive_fit}, origins=[5, 10], horizon=2)
        arguments.update(kwargs)
        with pytest.raises(error, match=message):
            evaluate.rolling_origin(**arguments)

    def test_backtest_name_and_metric_are_checked(self):
        backtest = evaluate.rolling_origin(np.arange(20.0), {"naive": naive_fit}, origins=[5, 10], horizon=2)
        with pytest.raises(ValueError, match=r"`name` must be one of 'naive'\. Received: name='other'"):
            backtest.errors("other")
        with pytest.raises(ValueError, match=r"`metric` must be one of 'mae', 'rmse'\. Received: metric='mse'"):
            backtest.by_step("naive", "mse")


class TestWindowForecaster:
    def test_reads_the_last_lookback_values(self):
        forecaster = evaluate.window_forecaster(lambda X: X.sum(axis=1), lookback=3)  # (N, 1)
        np.testing.assert_allclose(forecaster([np.arange(5.0), np.arange(4.0)], 1), [[9.0], [6.0]])
        with pytest.raises(ValueError, match=r"`predict` must return 2 forecasts per window\. Received: 1"):
            forecaster([np.arange(5.0)], 2)
        with pytest.raises(ValueError, match=r"`histories` must each hold at least lookback = 3 values\. Received: histories\[0\] with 2"):
            forecaster([np.arange(2.0)], 1)


class TestConformal:
    def test_known_quantile(self):
        residuals = np.column_stack([np.arange(1.0, 20.0), -2 * np.arange(1.0, 20.0)])  # n = 19
        # k = ceil(20 * 0.8) = 16: the 16th smallest |r| per column
        np.testing.assert_allclose(evaluate.conformal_halfwidth(residuals, 0.8), [16.0, 32.0])
        np.testing.assert_allclose(evaluate.conformal_halfwidth(residuals, 0.95), [19.0, 38.0])

    def test_coverage_of_gaussian_errors_is_near_the_level(self):
        rng = np.random.default_rng(0)
        half = evaluate.conformal_halfwidth(rng.normal(size=(2000, 3)), 0.8)
        new = rng.normal(size=(5000, 3))
        assert abs(evaluate.coverage(new, -np.broadcast_to(half, new.shape), np.broadcast_to(half, new.shape)) - 0.8) < 0.02
        np.testing.assert_allclose(half, 1.2816, atol=0.08)

    def test_too_few_residuals(self):
        with pytest.raises(ValueError, match=r"`residuals` must hold at least 19 rows for level 0\.95.*Received: residuals with 10 rows"):
            evaluate.conformal_halfwidth(np.ones((10, 1)), 0.95)
        assert evaluate.conformal_halfwidth(np.ones((19, 1)), 0.95)[0] == 1.0  # the least n that works
        with pytest.raises(ValueError, match=r"`residuals` must have 2 dimensions"):
            evaluate.conformal_halfwidth(np.ones(10), 0.5)
        with pytest.raises(ValueError, match=r"`level` must be <= 0\.999"):
            evaluate.conformal_halfwidth(np.ones((10, 1)), 1.0)


class TestCoverageWidth:
    def test_by_hand(self):
        y = np.array([[0.0, 1.0], [2.0, 5.0]])
        lower, upper = np.zeros((2, 2)), np.full((2, 2), 2.0)
        assert evaluate.coverage(y, lower, upper) == 0.75  # the bounds count as inside
        np.testing.assert_allclose(evaluate.coverage(y, lower, upper, axis=0), [1.0, 0.5])
        assert evaluate.mean_width(lower, upper) == 2.0
        np.testing.assert_allclose(evaluate.mean_width(lower, upper + [[0, 2], [0, 0]], axis=0), [2.0, 3.0])

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`lower` must not exceed `upper`\. Received: 1 interval\(s\)"):
            evaluate.coverage([1.0, 2.0], [0.0, 3.0], [2.0, 2.5])
        with pytest.raises(ValueError, match=r"`y` and `lower` must have the same shape"):
            evaluate.coverage([1.0], [0.0, 1.0], [2.0, 2.0])
