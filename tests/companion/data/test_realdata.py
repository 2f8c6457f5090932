"""Tests of rnnbook.data.realdata: the real series shipped with statsmodels."""

import doctest

import numpy as np
import pytest

from rnnbook import data
from rnnbook.data import realdata


def test_docstring_examples():
    result = doctest.testmod(realdata, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


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
        filled = realdata._interpolate_missing(np.array([np.nan, 1.0, np.nan, 3.0, np.nan]))
        np.testing.assert_array_equal(filled, [1.0, 1.0, 2.0, 3.0, 3.0])

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"name": "co3"}, r"`name` must be one of 'co2', 'elnino', 'sunspots'\. Received: name='co3'"),
            ({"name": 2}, r"`name` must be one of .* Received: name=2"),
            ({"fill": "ffill"}, r"`fill` must be one of 'interpolate', None\. Received: fill='ffill'"),
        ],
    )
    def test_invalid_arguments(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            data.load_series(**kwargs)

    def test_load_co2_passes_fill(self):
        assert np.isnan(data.load_co2(fill=None).values).sum() == 59
