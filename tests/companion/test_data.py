"""Tests of rnnbook.data: the benchmark generator, windows, targets and splits."""

import numpy as np
import pytest

from rnnbook import data


def legacy_generator(batch_size, n_steps):
    """The published recipe, written against NumPy's global random state."""
    freq1, freq2, offsets1, offsets2 = np.random.rand(4, batch_size, 1)
    time = np.linspace(0, 1, n_steps)
    series = 0.5 * np.sin((time - offsets1) * (freq1 * 10 + 10))
    series += 0.2 * np.sin((time - offsets2) * (freq2 * 20 + 20))
    series += 0.1 * (np.random.rand(batch_size, n_steps) - 0.5)
    return series[..., np.newaxis].astype(np.float32)


class TestSineMixture:
    def test_matches_published_recipe_exactly(self):
        state = np.random.get_state()
        try:
            np.random.seed(42)
            expected = legacy_generator(300, 51)
        finally:
            np.random.set_state(state)
        np.testing.assert_array_equal(data.sine_mixture(300, 51, seed=42), expected)

    def test_shape_dtype_and_range(self):
        series = data.sine_mixture(5, 20, seed=1)
        assert series.shape == (5, 20, 1)
        assert series.dtype == np.float32
        assert np.all(np.abs(series) <= 0.5 + 0.2 + 0.05 + 1e-6)

    def test_does_not_touch_global_state(self):
        np.random.seed(7)
        before = np.random.rand()
        np.random.seed(7)
        data.sine_mixture(10, 10, seed=3)
        assert np.random.rand() == before

    def test_seed_determines_output(self):
        a = data.sine_mixture(4, 10, seed=0)
        np.testing.assert_array_equal(a, data.sine_mixture(4, 10, seed=0))
        assert not np.array_equal(a, data.sine_mixture(4, 10, seed=1))

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"n_series": 0, "n_steps": 5, "seed": 0}, ValueError, r"`n_series` must be >= 1\. Received: n_series=0"),
            ({"n_series": 2, "n_steps": -1, "seed": 0}, ValueError, r"`n_steps` must be >= 1\. Received: n_steps=-1"),
            ({"n_series": 2.5, "n_steps": 5, "seed": 0}, TypeError, r"`n_series` must be an integer\. Received: n_series=2\.5"),
            ({"n_series": 2, "n_steps": 5, "seed": -3}, ValueError, r"`seed` must be >= 0\. Received: seed=-3"),
            ({"n_series": 2, "n_steps": 5, "seed": 2**32}, ValueError, r"`seed` must be < 2\*\*32"),
            ({"n_series": True, "n_steps": 5, "seed": 0}, TypeError, r"`n_series` must be an integer"),
        ],
    )
    def test_invalid_arguments(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            data.sine_mixture(**kwargs)


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
        Y = data.seq2seq_targets(series, n_steps=4, horizon=2)
        np.testing.assert_array_equal(Y[0], [[1, 2], [2, 3], [3, 4], [4, 5]])

    def test_last_step_is_the_vector_forecast(self):
        series = data.sine_mixture(20, 60, seed=0)
        Y = data.seq2seq_targets(series, n_steps=50, horizon=10)
        assert Y.shape == (20, 50, 10)
        np.testing.assert_array_equal(Y[:, -1], series[:, 50:, 0])

    def test_matches_explicit_loop(self):
        series = data.sine_mixture(3, 15, seed=2)
        Y = data.seq2seq_targets(series, n_steps=10, horizon=4)
        for t in range(10):
            for k in range(4):
                np.testing.assert_array_equal(Y[:, t, k], series[:, t + 1 + k, 0])

    def test_too_short(self):
        with pytest.raises(ValueError, match=r"at least n_steps \+ horizon = 12 time steps\. Received: series with shape \(1, 11, 1\)"):
            data.seq2seq_targets(np.zeros((1, 11, 1)), n_steps=10, horizon=2)

    def test_wrong_ndim(self):
        with pytest.raises(ValueError, match=r"`series` must have 3 dimensions"):
            data.seq2seq_targets(np.zeros((11, 1)), n_steps=5, horizon=2)


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


class TestBenchmarkData:
    def test_one_step_shapes_and_published_split(self):
        bench = data.benchmark_data()
        assert bench.X_train.shape == (7000, 50, 1) and bench.y_train.shape == (7000, 1)
        assert bench.X_valid.shape == (2000, 50, 1) and bench.y_valid.shape == (2000, 1)
        assert bench.X_test.shape == (1000, 50, 1) and bench.y_test.shape == (1000, 1)
        series = data.sine_mixture(10000, 51, seed=42)
        np.testing.assert_array_equal(bench.X_valid, series[7000:9000, :50])
        np.testing.assert_array_equal(bench.y_valid, series[7000:9000, -1])

    def test_multi_step_and_seq2seq(self):
        vec = data.benchmark_data(10, sizes=(30, 10, 10))
        seq = data.benchmark_data(10, seq2seq=True, sizes=(30, 10, 10))
        assert vec.y_train.shape == (30, 10) and seq.y_train.shape == (30, 50, 10)
        np.testing.assert_array_equal(seq.y_valid[:, -1], vec.y_valid)
        np.testing.assert_array_equal(seq.X_test, vec.X_test)

    def test_invalid(self):
        with pytest.raises(TypeError, match=r"`seq2seq` must be a bool\. Received: seq2seq='yes'"):
            data.benchmark_data(seq2seq="yes")
        with pytest.raises(ValueError, match=r"`horizon` must be >= 1"):
            data.benchmark_data(0)
        with pytest.raises(ValueError, match=r"`sizes` must be a tuple of three integers"):
            data.benchmark_data(sizes=(1, 2))
