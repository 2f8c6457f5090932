"""Tests of rnnbook.data.synthetic: the benchmark generator and the benchmark task."""

import doctest

import numpy as np
import pytest

from rnnbook import data
from rnnbook.data import synthetic


def test_docstring_examples():
    result = doctest.testmod(synthetic, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


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
