"""Tests of rnnbook.data.windows: windows, multi-step targets and chronological splits."""

import doctest

import numpy as np
import pytest

from rnnbook import data
from rnnbook.data import windows


def test_docstring_examples():
    result = doctest.testmod(windows, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


class TestMakeWindows:
    def test_univariate_windows_by_hand(self):
        X, Y = data.make_windows(np.arange(6.0), lookback=3)
        np.testing.assert_array_equal(X[:, :, 0], [[0, 1, 2], [1, 2, 3], [2, 3, 4]])
        np.testing.assert_array_equal(Y, [[3], [4], [5]])
        assert X.shape == (3, 3, 1) and Y.shape == (3, 1)

    def test_horizon_and_stride(self):
        X, Y = data.make_windows(np.arange(10.0), lookback=3, horizon=2, stride=2)
        # windows start at 0, 2, 4: inputs s..s+2, targets s+3, s+4
        np.testing.assert_array_equal(X[:, :, 0], [[0, 1, 2], [2, 3, 4], [4, 5, 6]])
        np.testing.assert_array_equal(Y, [[3, 4], [5, 6], [7, 8]])

    def test_window_count_formula(self):
        for length, lookback, horizon, stride in [(100, 10, 1, 1), (100, 10, 5, 2), (13, 4, 3, 5)]:
            X, _ = data.make_windows(np.zeros(length), lookback, horizon, stride=stride)
            assert len(X) == (length - lookback - horizon) // stride + 1

    def test_multivariate_all_columns_and_one_target(self):
        series = np.column_stack([np.arange(6.0), 10 * np.arange(6.0)])
        X, Y = data.make_windows(series, lookback=2, horizon=1)
        assert X.shape == (4, 2, 2) and Y.shape == (4, 1, 2)
        np.testing.assert_array_equal(X[1], [[1, 10], [2, 20]])
        np.testing.assert_array_equal(Y[1, 0], [3, 30])
        X1, Y1 = data.make_windows(series, lookback=2, target=1)
        np.testing.assert_array_equal(X1, X)
        np.testing.assert_array_equal(Y1[:, 0], [20, 30, 40, 50])

    def test_keeps_float32(self):
        X, Y = data.make_windows(np.zeros(10, dtype=np.float32), lookback=3)
        assert X.dtype == np.float32 and Y.dtype == np.float32

    def test_outputs_do_not_alias_input(self):
        series = np.arange(10.0)
        X, Y = data.make_windows(series, lookback=3)
        X[0, 0, 0] = 99.0
        assert series[0] == 0.0

    @pytest.mark.parametrize(
        "series, kwargs, error, message",
        [
            (np.zeros(5), {"lookback": 5}, ValueError, r"at least lookback \+ horizon = 6 time steps\. Received: series with 5"),
            (np.zeros((2, 3, 4)), {"lookback": 1}, ValueError, r"`series` must have 1 or 2 dimensions\. Received: series with shape \(2, 3, 4\)"),
            (np.zeros(5), {"lookback": 0}, ValueError, r"`lookback` must be >= 1\. Received: lookback=0"),
            (np.zeros(5), {"lookback": 2, "horizon": 0}, ValueError, r"`horizon` must be >= 1\. Received: horizon=0"),
            (np.zeros(5), {"lookback": 2, "stride": 0}, ValueError, r"`stride` must be >= 1\. Received: stride=0"),
            (np.zeros(5), {"lookback": 2.0}, TypeError, r"`lookback` must be an integer\. Received: lookback=2\.0"),
            (np.array([1.0, np.nan, 2, 3]), {"lookback": 2}, ValueError, r"`series` must contain only finite values\. Received: series with 1 NaN"),
            (np.zeros((6, 2)), {"lookback": 2, "target": 2}, ValueError, r"`target` must be a column index below 2 .*Received: target=2"),
            ("abc", {"lookback": 1}, TypeError, r"`series` must be array-like of numbers"),
            (np.array([]), {"lookback": 1}, ValueError, r"`series` must not be empty"),
            (np.array(["a", "b"]), {"lookback": 1}, TypeError, r"`series` must hold real numbers"),
        ],
    )
    def test_invalid_arguments(self, series, kwargs, error, message):
        with pytest.raises(error, match=message):
            data.make_windows(series, **kwargs)


class TestSeq2SeqTargets:
    def test_targets_by_hand(self):
        series = np.arange(6.0).reshape(1, 6, 1)
        Y = data.seq2seq_targets(series, lookback=4, horizon=2)
        np.testing.assert_array_equal(Y[0], [[1, 2], [2, 3], [3, 4], [4, 5]])

    def test_last_step_is_the_vector_forecast(self):
        series = data.sine_mixture(20, 60, seed=0)
        Y = data.seq2seq_targets(series, lookback=50, horizon=10)
        assert Y.shape == (20, 50, 10)
        np.testing.assert_array_equal(Y[:, -1], series[:, 50:, 0])

    def test_matches_explicit_loop(self):
        series = data.sine_mixture(3, 15, seed=2)
        Y = data.seq2seq_targets(series, lookback=10, horizon=4)
        for t in range(10):
            for k in range(4):
                np.testing.assert_array_equal(Y[:, t, k], series[:, t + 1 + k, 0])

    def test_too_short(self):
        with pytest.raises(ValueError, match=r"at least lookback \+ horizon = 12 time steps\. Received: series with shape \(1, 11, 1\)"):
            data.seq2seq_targets(np.zeros((1, 11, 1)), lookback=10, horizon=2)

    def test_wrong_ndim(self):
        with pytest.raises(ValueError, match=r"`series` must have 3 dimensions"):
            data.seq2seq_targets(np.zeros((11, 1)), lookback=5, horizon=2)


class TestSplit:
    def test_consecutive_parts(self):
        (a_train, a_valid, a_test), (b_train, b_valid, b_test) = data.split(
            np.arange(10), np.arange(10) * 2, sizes=(5, 3, 2)
        )
        np.testing.assert_array_equal(a_train, [0, 1, 2, 3, 4])
        np.testing.assert_array_equal(a_valid, [5, 6, 7])
        np.testing.assert_array_equal(b_test, [16, 18])

    @pytest.mark.parametrize(
        "arrays, sizes, message",
        [
            ((np.arange(5),), (3, 2, 1), r"`sizes` must sum to at most the number of rows \(5\)\. Received: sizes=\(3, 2, 1\)"),
            ((np.arange(5), np.arange(4)), (1, 1, 1), r"same first dimension\. Received first dimensions \[5, 4\]"),
            ((np.arange(5),), (3, 2), r"`sizes` must be a tuple of three integers"),
            ((np.arange(5),), (0, 2, 1), r"`sizes\[0\]` must be >= 1"),
            ((), (1, 1, 1), r"`arrays` must hold at least one array"),
        ],
    )
    def test_invalid(self, arrays, sizes, message):
        with pytest.raises(ValueError, match=message):
            data.split(*arrays, sizes=sizes)


class TestSplitSeries:
    def test_sizes_and_order(self):
        series = np.arange(101.0)
        train, valid, test = data.split_series(series)
        assert (len(train), len(valid), len(test)) == (70, 15, 16)
        np.testing.assert_array_equal(np.concatenate([train, valid, test]), series)
        assert train[-1] < valid[0] and valid[-1] < test[0]

    def test_multivariate_and_nan_allowed(self):
        series = np.arange(20.0).reshape(10, 2)
        series[0, 0] = np.nan
        train, valid, test = data.split_series(series, (0.5, 0.3, 0.2))
        assert train.shape == (5, 2) and valid.shape == (3, 2) and test.shape == (2, 2)

    @pytest.mark.parametrize(
        "series, fractions, error, message",
        [
            (np.arange(10.0), (0.5, 0.5), ValueError, r"`fractions` must be a tuple of three numbers"),
            (np.arange(10.0), (0.5, 0.3, 0.3), ValueError, r"`fractions` must sum to 1\. Received: fractions=\(0\.5, 0\.3, 0\.3\)"),
            (np.arange(10.0), (0.0, 0.5, 0.5), ValueError, r"`fractions\[0\]` must be > 0\.0\. Received: fractions\[0\]=0\.0"),
            (np.arange(10.0), ("a", 0.5, 0.5), TypeError, r"`fractions\[0\]` must be a real number"),
            (np.arange(4.0), (0.8, 0.1, 0.1), ValueError, r"`series` is too short for these `fractions`.*4 steps"),
            (np.zeros((2, 2, 2)), (0.6, 0.2, 0.2), ValueError, r"`series` must have 1 or 2 dimensions"),
        ],
    )
    def test_invalid_arguments(self, series, fractions, error, message):
        with pytest.raises(error, match=message):
            data.split_series(series, fractions)


class TestWindowSplits:
    def reference(self, series, n_train, n_valid, lookback, horizon):
        """Brute force: every window of the whole series, assigned by where its targets lie."""
        splits = {"train": ([], []), "valid": ([], []), "test": ([], [])}
        for start in range(len(series) - lookback - horizon + 1):
            first, last = start + lookback, start + lookback + horizon - 1  # target indices
            for name, low, high in (("train", 0, n_train), ("valid", n_train, n_train + n_valid),
                                    ("test", n_train + n_valid, len(series))):
                if low <= first and last < high:
                    splits[name][0].append(series[start:first])
                    splits[name][1].append(series[first:last + 1])
        return {name: (np.array(x)[..., None], np.array(y)) for name, (x, y) in splits.items()}

    @pytest.mark.parametrize("lookback, horizon", [(3, 1), (5, 4), (12, 2)])
    def test_matches_brute_force(self, lookback, horizon):
        series = np.random.default_rng(2).normal(size=80)
        parts = data.split_series(series, (0.6, 0.2, 0.2))
        got = data.window_splits(*parts, lookback=lookback, horizon=horizon)
        expected = self.reference(series, len(parts[0]), len(parts[1]), lookback, horizon)
        for name in ("train", "valid", "test"):
            np.testing.assert_array_equal(getattr(got, f"X_{name}"), expected[name][0])
            np.testing.assert_array_equal(getattr(got, f"y_{name}"), expected[name][1])

    def test_each_later_target_forecast_once(self):
        series = np.arange(60.0)
        train, valid, test = data.split_series(series)
        windows = data.window_splits(train, valid, test, lookback=8)
        np.testing.assert_array_equal(windows.y_valid[:, 0], valid)
        np.testing.assert_array_equal(windows.y_test[:, 0], test)

    def test_short_valid_reads_back_into_train(self):
        windows = data.window_splits(np.arange(10.0), np.array([10.0]), np.array([11.0, 12.0]), lookback=4)
        np.testing.assert_array_equal(windows.X_test[0, :, 0], [7.0, 8.0, 9.0, 10.0])

    def test_stride(self):
        parts = data.split_series(np.arange(100.0))
        windows = data.window_splits(*parts, lookback=5, stride=3)
        np.testing.assert_array_equal(np.diff(windows.y_train[:, 0]), 3.0)

    @pytest.mark.parametrize(
        "parts, kwargs, message",
        [
            ((np.arange(5.0), np.arange(3.0), np.arange(3.0)), {"lookback": 5},
             r"`train` must have at least lookback \+ horizon = 6 steps\. Received: train with 5 steps"),
            ((np.arange(20.0), np.arange(2.0), np.arange(5.0)), {"lookback": 3, "horizon": 3},
             r"`valid` must have at least horizon = 3 steps\. Received: valid with 2 steps"),
            ((np.arange(20.0), np.arange(5.0), np.arange(1.0)), {"lookback": 3, "horizon": 2},
             r"`test` must have at least horizon = 2 steps"),
            ((np.arange(20.0), np.zeros((5, 2)), np.zeros(5)), {"lookback": 3},
             r"`train`, `valid` and `test` must have the same number of dimensions and features"),
            ((np.arange(20.0), np.arange(5.0), np.arange(5.0)), {"lookback": 0},
             r"`lookback` must be >= 1\. Received: lookback=0"),
        ],
    )
    def test_invalid_arguments(self, parts, kwargs, message):
        with pytest.raises(ValueError, match=message):
            data.window_splits(*parts, **kwargs)
