"""Real series that ship inside statsmodels, loaded offline with their dates and provenance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook._validate import check_choice


#: The real series :func:`load_series` knows: statsmodels data set, column, step,
#: units and season length in steps (``None``: no fixed season).
REAL_SERIES = {
    "co2": {"module": "co2", "step": "week", "units": "ppmv", "period": 52},
    "elnino": {"module": "elnino", "step": "month", "units": "degrees Celsius", "period": 12},
    "sunspots": {"module": "sunspots", "step": "year", "units": "sunspot number", "period": None},
}
#: How :func:`load_series` treats missing values.
FILL_METHODS = ("interpolate", None)


@dataclass(frozen=True)
class RealSeries:
    """A univariate real-world series with its dates and provenance.

    Attributes
    ----------
    name : str
        Key in :data:`REAL_SERIES`, e.g. ``"co2"``.
    values : numpy.ndarray
        float64 array of shape ``(T,)``, oldest first.
    dates : numpy.ndarray
        ``datetime64[D]`` array of shape ``(T,)``: the date of each value.
    missing : numpy.ndarray
        bool array of shape ``(T,)``: True where the raw data had no value
        (filled by linear interpolation unless ``fill=None``).
    step : str
        Spacing of the values: "week", "month" or "year".
    units : str
        Units of ``values``.
    period : int or None
        Length of the season in steps (52 weeks, 12 months), None if none.
    title, source, copyright : str
        The data set's own ``TITLE``, ``SOURCE`` and ``COPYRIGHT`` strings,
        as statsmodels ships them.
    """

    name: str
    values: np.ndarray
    dates: np.ndarray
    missing: np.ndarray
    step: str
    units: str
    period: int | None
    title: str
    source: str
    copyright: str

    def __len__(self) -> int:
        return len(self.values)


def _interpolate_missing(values: np.ndarray) -> np.ndarray:
    """Fill NaNs by linear interpolation in the step index (ends: nearest value)."""
    missing = np.isnan(values)  # (T,)
    if not missing.any():
        return values
    steps = np.arange(len(values))  # (T,)
    filled = values.copy()
    filled[missing] = np.interp(steps[missing], steps[~missing], values[~missing])
    return filled


def load_series(name: str = "co2", *, fill: str | None = "interpolate") -> RealSeries:
    """Load a real univariate series that ships inside the installed statsmodels package.

    Nothing is downloaded: statsmodels keeps these data sets as small CSV
    files in its own installation, so this works offline.

    - ``"co2"``: weekly atmospheric CO2 at Mauna Loa, March 1958 to December
      2001 (2,284 weeks, 59 of them missing), in ppmv; season 52 weeks.
    - ``"elnino"``: monthly sea surface temperature in the Niño 1+2 region,
      1950 to 2010 (732 months), in degrees Celsius; season 12 months.
    - ``"sunspots"``: yearly sunspot numbers, 1700 to 2008 (309 years); the
      roughly 11-year cycle varies, so there is no fixed season.

    Parameters
    ----------
    name : {"co2", "elnino", "sunspots"}, default "co2"
        Which series.
    fill : {"interpolate", None}, default "interpolate"
        ``"interpolate"`` fills missing values linearly between their
        neighbours (a value before the first or after the last observation
        takes the nearest one); ``None`` leaves them as NaN.

    Returns
    -------
    RealSeries
        Values ``(T,)``, dates ``(T,)``, the missing-value mask and the data
        set's provenance strings.

    Raises
    ------
    ValueError
        If ``name`` or ``fill`` is not one of the choices.
    ImportError
        If statsmodels is not installed.

    Examples
    --------
    >>> co2 = load_series("co2")
    >>> len(co2), co2.step, co2.period, int(co2.missing.sum())
    (2284, 'week', 52, 59)
    >>> str(co2.dates[0]), float(co2.values[0])
    ('1958-03-29', 316.1)
    """
    check_choice("name", name, tuple(REAL_SERIES))
    check_choice("fill", fill, FILL_METHODS)
    import importlib

    info = REAL_SERIES[name]
    module = importlib.import_module(f"statsmodels.datasets.{info['module']}")
    frame = module.load_pandas().data
    if name == "co2":  # one column, a weekly date index
        values = frame["co2"].to_numpy(dtype=np.float64)  # (T,)
        dates = frame.index.to_numpy().astype("datetime64[D]")  # (T,)
    elif name == "elnino":  # one row per year, one column per month
        months = frame.drop(columns="YEAR").to_numpy(dtype=np.float64)  # (years, 12)
        values = months.reshape(-1)  # (T,) = years * 12, January first
        first = int(frame["YEAR"].iloc[0])
        dates = np.arange(
            np.datetime64(f"{first}-01"), np.datetime64(f"{first}-01") + len(values)
        ).astype("datetime64[D]")  # first day of each month
    else:  # sunspots: one row per year
        values = frame["SUNACTIVITY"].to_numpy(dtype=np.float64)  # (T,)
        years = frame["YEAR"].to_numpy().astype(int)
        dates = np.array([np.datetime64(f"{year}-01-01") for year in years], dtype="datetime64[D]")
    missing = np.isnan(values)
    if fill == "interpolate":
        values = _interpolate_missing(values)
    return RealSeries(
        name=name,
        values=values,
        dates=dates,
        missing=missing,
        step=info["step"],
        units=info["units"],
        period=info["period"],
        title=module.TITLE.strip(),
        source=module.SOURCE.strip(),
        copyright=module.COPYRIGHT.strip(),
    )


def load_co2(*, fill: str | None = "interpolate") -> RealSeries:
    """Weekly Mauna Loa CO2, 1958-2001: shorthand for ``load_series("co2", fill=fill)``.

    Examples
    --------
    >>> load_co2().units
    'ppmv'
    """
    return load_series("co2", fill=fill)
