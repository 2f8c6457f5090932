"""Tests of the absolute, root-squared, scaled and skill metrics of rnnbook.metrics."""

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, root_mean_squared_error
from statsmodels.tools import eval_measures

from rnnbook import metrics


class TestMaeRmse:
    def test_by_hand(self):
        assert metrics.mae([1.0, 2.0, 3.0], [2.0, 2.0, 1.0]) == 1.0
        assert metrics.rmse([0.0, 0.0], [3.0, 4.0]) == pytest.approx(np.sqrt(12.5), rel=1e-15)
        assert metrics.rmse([[1.0], [2.0]], [[1.0], [4.0]]) ** 2 == pytest.approx(
            metrics.mse([[1.0], [2.0]], [[1.0], [4.0]]), rel=1e-15)

    def test_against_scikit_learn_and_statsmodels(self):
        rng = np.random.default_rng(0)
        a, b = rng.normal(size=300), rng.normal(size=300)
        assert metrics.mae(a, b) == pytest.approx(mean_absolute_error(a, b), rel=1e-12)
        assert metrics.mae(a, b) == pytest.approx(eval_measures.meanabs(a, b), rel=1e-12)
        assert metrics.rmse(a, b) == pytest.approx(root_mean_squared_error(a, b), rel=1e-12)
        assert metrics.rmse(a, b) == pytest.approx(eval_measures.rmse(a, b), rel=1e-12)

    def test_two_dimensional_rmse_pools_every_element(self):
        # scikit-learn averages one RMSE per column; ours is the root of the pooled MSE
        a = np.zeros((2, 2))
        b = np.array([[0.0, 2.0], [0.0, 2.0]])
        assert metrics.rmse(a, b) == pytest.approx(np.sqrt(2.0))
        assert root_mean_squared_error(a, b) == pytest.approx(1.0)

    def test_float32_input_is_summed_in_float64(self):
        a = np.full(1000, 1e4, dtype=np.float32)
        assert metrics.mae(a, a + np.float32(1)) == 1.0
        assert metrics.rmse(a, a + np.float32(1)) == 1.0

    @pytest.mark.parametrize("func", [metrics.mae, metrics.rmse])
    @pytest.mark.parametrize(
        "a, b, error, message",
        [
            (np.zeros((2, 1)), np.zeros(2), ValueError,
             r"`y_true` and `y_pred` must have the same shape\. Received: y_true with shape \(2, 1\) and y_pred with shape \(2,\)"),
            (np.zeros(2), np.array([0.0, np.nan]), ValueError, r"`y_pred` must contain only finite values"),
            (np.zeros(0), np.zeros(0), ValueError, r"`y_true` must not be empty"),
            (None, [1.0], TypeError, r"`y_true` must be array-like of numbers\. Received: y_true=None"),
        ],
    )
    def test_invalid(self, func, a, b, error, message):
        with pytest.raises(error, match=message):
            func(a, b)


class TestMase:
    def test_by_hand(self):
        train = [1.0, 2.0, 4.0, 7.0]  # naive errors 1, 2, 3: scale 2
        assert metrics.naive_scale(train) == 2.0
        assert metrics.mase([5.0, 6.0], [5.5, 5.0], train) == pytest.approx(0.375)
        # lag 2: errors |4 - 1| = 3 and |7 - 2| = 5, scale 4
        assert metrics.naive_scale(train, period=2) == 4.0
        assert metrics.mase([5.0, 6.0], [5.5, 5.0], train, period=2) == pytest.approx(0.1875)

    def test_seasonal_naive_in_sample_scores_one(self):
        rng = np.random.default_rng(1)
        train = np.cumsum(rng.normal(size=200)) + 3 * np.sin(np.arange(200) * 2 * np.pi / 12)
        for period in (1, 12):
            in_sample = metrics.mase(train[period:], train[:-period], train, period=period)
            assert in_sample == pytest.approx(1.0, rel=1e-12)

    def test_is_scale_free(self):
        rng = np.random.default_rng(2)
        train, y, p = rng.normal(size=50), rng.normal(size=10), rng.normal(size=10)
        base = metrics.mase(y, p, train)
        assert metrics.mase(1000 * y + 7, 1000 * p + 7, 1000 * train + 7) == pytest.approx(base, rel=1e-12)

    def test_column_training_series_and_multi_step_forecasts(self):
        train = np.array([[1.0], [2.0], [4.0], [7.0]])
        assert metrics.mase(np.ones((3, 2)), np.zeros((3, 2)), train) == pytest.approx(0.5)

    def test_constant_training_series_is_refused(self):
        with pytest.raises(ValueError, match=r"`y_train` must change at lag `period` \(1\).*in-sample MAE is 0"):
            metrics.mase([1.0], [2.0], np.full(10, 3.0))
        # periodic with period 2: constant at lag 2, fine at lag 1
        periodic = np.tile([1.0, 2.0], 5)
        assert metrics.naive_scale(periodic) == 1.0
        with pytest.raises(ValueError, match=r"`y_train` must change at lag `period` \(2\)"):
            metrics.mase([1.0], [2.0], periodic, period=2)

    @pytest.mark.parametrize(
        "train, period, error, message",
        [
            ([1.0, 2.0], 2, ValueError, r"`y_train` must be longer than `period` \(2\).*Received: y_train with 2 value\(s\)"),
            (np.zeros((5, 2)), 1, ValueError, r"`y_train` must be univariate, of shape \(T,\) or \(T, 1\)\. Received: y_train with shape \(5, 2\)"),
            ([1.0, np.inf, 2.0], 1, ValueError, r"`y_train` must contain only finite values"),
            ([1.0, 2.0, 3.0], 0, ValueError, r"`period` must be >= 1\. Received: period=0"),
            ([1.0, 2.0, 3.0], 1.5, TypeError, r"`period` must be an integer\. Received: period=1\.5"),
        ],
    )
    def test_invalid(self, train, period, error, message):
        with pytest.raises(error, match=message):
            metrics.mase([1.0], [2.0], train, period=period)


class TestSkillScore:
    def test_by_hand(self):
        assert metrics.skill_score(0.25, 1.0) == 0.75
        assert metrics.skill_score(2.0, 2.0) == 0.0
        assert metrics.skill_score(3.0, 2.0) == -0.5
        assert metrics.skill_score(0, 4) == 1.0
        assert metrics.skill_score(np.float32(1.0), np.float64(4.0)) == 0.75

    @pytest.mark.parametrize(
        "score, reference, error, message",
        [
            (1.0, 0.0, ValueError, r"`reference` must be > 0\.0\. Received: reference=0\.0"),
            (1.0, -1.0, ValueError, r"`reference` must be > 0\.0\. Received: reference=-1\.0"),
            (-0.1, 1.0, ValueError, r"`score` must be >= 0\.0\. Received: score=-0\.1"),
            (np.nan, 1.0, ValueError, r"`score` must be finite\. Received: score=nan"),
            ("0.5", 1.0, TypeError, r"`score` must be a real number\. Received: score='0\.5'"),
            (0.5, [1.0], TypeError, r"`reference` must be a real number\. Received: reference=\[1\.0\]"),
        ],
    )
    def test_invalid(self, score, reference, error, message):
        with pytest.raises(error, match=message):
            metrics.skill_score(score, reference)
