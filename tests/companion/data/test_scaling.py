"""Tests of rnnbook.data.scaling: scalers fitted on the training split, relative windows."""

import doctest

import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from rnnbook import data
from rnnbook.data import scaling


def test_docstring_examples():
    result = doctest.testmod(scaling, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


class TestScaler:
    @pytest.mark.parametrize("kind, reference", [("minmax", MinMaxScaler), ("standard", StandardScaler)])
    def test_matches_scikit_learn(self, kind, reference):
        rng = np.random.default_rng(3)
        train, later = rng.normal(5, 2, size=200), rng.normal(9, 3, size=50)
        ours = data.fit_scaler(train, kind)
        theirs = reference().fit(train[:, None])
        np.testing.assert_allclose(ours.transform(later), theirs.transform(later[:, None])[:, 0], rtol=1e-12)
        np.testing.assert_allclose(ours.inverse_transform(ours.transform(later)), later, rtol=1e-12)

    def test_minmax_fitted_on_train_maps_later_values_outside_unit_interval(self, co2):
        train, _, test = data.split_series(co2.values)
        scaler = data.fit_scaler(train)
        scaled = scaler.transform(test)
        assert scaled.min() > 1.0  # the series kept rising after the training years
        assert data.fit_scaler(test).transform(test).max() == pytest.approx(1.0)

    def test_any_shape(self):
        scaler = data.fit_scaler(np.arange(4.0))
        assert scaler.transform(np.zeros((2, 3, 1))).shape == (2, 3, 1)
        assert scaler.transform(np.zeros((0,))).shape == (0,)

    @pytest.mark.parametrize(
        "train, kind, message",
        [
            (np.ones(5), "minmax", r"`train` must hold at least two different values.*equal to 1\.0"),
            (np.arange(3.0), "robust", r"`kind` must be one of 'minmax', 'standard'\. Received: kind='robust'"),
            (np.array([1.0, np.nan]), "minmax", r"`train` must contain only finite values"),
            (np.array([]), "standard", r"`train` must not be empty"),
        ],
    )
    def test_invalid_arguments(self, train, kind, message):
        with pytest.raises(ValueError, match=message):
            data.fit_scaler(train, kind)

    def test_transform_rejects_text(self):
        with pytest.raises(TypeError, match=r"`x` must be array-like of numbers"):
            data.fit_scaler(np.arange(3.0)).transform("abc")


class TestRelativeToLast:
    def test_round_trip_and_last_step_zero(self):
        rng = np.random.default_rng(4)
        series = np.cumsum(rng.normal(size=300)) + 300.0
        X, Y = data.make_windows(series, lookback=20, horizon=5)
        X_rel, Y_rel = data.relative_to_last(X, Y, scale=2.5)
        assert np.all(X_rel[:, -1] == 0.0)
        np.testing.assert_allclose(X_rel[:, :, 0], (X[:, :, 0] - X[:, -1:, 0]) / 2.5, rtol=1e-12)
        np.testing.assert_allclose(data.restore_from_last(Y_rel, X, scale=2.5), Y, rtol=1e-12)

    def test_shift_invariant(self):
        X, Y = data.make_windows(np.sin(np.arange(50.0)), lookback=6, horizon=2)
        a = data.relative_to_last(X, Y)
        b = data.relative_to_last(X + 100.0, Y + 100.0)
        np.testing.assert_allclose(a[0], b[0], atol=1e-12)
        np.testing.assert_allclose(a[1], b[1], atol=1e-12)

    def test_without_targets(self):
        X_rel, Y_rel = data.relative_to_last(np.ones((2, 3, 1)))
        assert Y_rel is None and X_rel.shape == (2, 3, 1)

    @pytest.mark.parametrize(
        "function, args, kwargs, message",
        [
            (data.relative_to_last, (np.ones((2, 3)),), {}, r"`X` must have 3 dimensions"),
            (data.relative_to_last, (np.ones((2, 3, 1)), np.ones((3, 2))), {},
             r"`X` and `Y` must have the same number of windows"),
            (data.relative_to_last, (np.ones((2, 3, 1)),), {"scale": 0.0}, r"`scale` must be > 0\.0\. Received: scale=0\.0"),
            (data.restore_from_last, (np.ones((3, 2)), np.ones((2, 3, 1))), {},
             r"`Y_rel` and `X` must have the same number of windows"),
            (data.restore_from_last, (np.ones(3), np.ones((3, 3, 1))), {}, r"`Y_rel` must have 2 dimensions"),
            (data.restore_from_last, (np.ones((3, 1)), np.ones((3, 3, 1))), {"scale": -1.0}, r"`scale` must be > 0\.0"),
        ],
    )
    def test_invalid_arguments(self, function, args, kwargs, message):
        with pytest.raises(ValueError, match=message):
            function(*args, **kwargs)
