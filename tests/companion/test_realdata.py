"""Tests of the real-data part of rnnbook.data: loader, chronological splits, scaling."""

import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from rnnbook import data


@pytest.fixture(scope="module")
def co2():
    return data.load_co2()


class TestLoadSeries:
    def test_co2_shape_dates_and_missing(self, co2):
        assert len(co2) == 2284 and co2.values.shape == (2284,) and co2.values.dtype == np.float64
        assert str(co2.dates[0]) == "1958-03-29" and str(co2.dates[-1]) == "2001-12-29"
        assert np.all(np.diff(co2.dates).astype(int) == 7)  # one value per week
        assert int(co2.missing.sum()) == 59 and not np.isnan(co2.values).any()
        assert (co2.step, co2.units, co2.period) == ("week", "ppmv", 52)

    def test_interpolation_matches_pandas(self, co2):
        from statsmodels.datasets import co2 as sm_co2

        raw = sm_co2.load_pandas().data["co2"].reset_index(drop=True)  # (T,) with NaN
        expected = raw.interpolate(method="linear", limit_direction="both").to_numpy()
        np.testing.assert_allclose(co2.values, expected, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(co2.missing, raw.isna().to_numpy())

    def test_fill_none_keeps_nan_where_missing(self, co2):
        raw = data.load_series("co2", fill=None)
        np.testing.assert_array_equal(np.isnan(raw.values), co2.missing)
        np.testing.assert_array_equal(raw.values[~co2.missing], co2.values[~co2.missing])

    def test_provenance_strings_come_from_statsmodels(self, co2):
        assert co2.copyright == "This is public domain."
        assert "Keeling" in co2.source and "Mauna Loa" in co2.title

    def test_elnino_is_monthly_and_row_major(self):
        elnino = data.load_series("elnino")
        assert len(elnino) == 61 * 12 and elnino.period == 12
        assert str(elnino.dates[0]) == "1950-01-01" and str(elnino.dates[13]) == "1951-02-01"
        assert elnino.values[13] == pytest.approx(25.28)  # February 1951 in the statsmodels table
        assert "public domain" in elnino.copyright

    def test_sunspots_is_yearly(self):
        sunspots = data.load_series("sunspots")
        assert len(sunspots) == 309 and sunspots.period is None
        assert str(sunspots.dates[0]) == "1700-01-01" and sunspots.values[1] == 11.0

    def test_interpolate_missing_at_the_ends_takes_the_nearest_value(self):
        filled = data._interpolate_missing(np.array([np.nan, 1.0, np.nan, 3.0, np.nan]))
        np.testing.assert_array_equal(filled, [1.0, 1.0, 2.0, 3.0, 3.0])

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"name": "co3"}, r"`name` must be one of \['co2', 'elnino', 'sunspots'\]\. Received: name='co3'"),
            ({"name": 2}, r"`name` must be one of .* Received: name=2"),
            ({"fill": "ffill"}, r"`fill` must be 'interpolate' or None\. Received: fill='ffill'"),
        ],
    )
    def test_invalid_arguments(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            data.load_series(**kwargs)

    def test_load_co2_passes_fill(self):
        assert np.isnan(data.load_co2(fill=None).values).sum() == 59


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
            (np.arange(3.0), "robust", r"`kind` must be 'minmax' or 'standard'\. Received: kind='robust'"),
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
