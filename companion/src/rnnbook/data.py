"""Sequential data: the synthetic benchmark series, windows and splits.

Shapes follow one key throughout the course: ``N`` windows (the batch),
``T`` time steps, ``F`` features; arrays are batch-first, ``(N, T, F)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook._validate import _short, check_array, check_float, check_int

#: Size of the benchmark data set and of its train / valid / test parts.
BENCHMARK_SIZES = (7000, 2000, 1000)
#: Number of input time steps in the benchmark (the "lookback").
BENCHMARK_STEPS = 50
#: Seed of the benchmark data.
BENCHMARK_SEED = 42


def sine_mixture(n_series: int, n_steps: int, *, seed: int) -> np.ndarray:
    """Draw ``n_series`` noisy two-sine series of ``n_steps`` points.

    Each series is

    .. math::

        s(t) = 0.5 \\sin\\big((t - a_1)(10 f_1 + 10)\\big)
             + 0.2 \\sin\\big((t - a_2)(20 f_2 + 20)\\big) + 0.1\\,(u_t - 0.5)

    on ``t = linspace(0, 1, n_steps)``, with frequencies ``f_1, f_2``, offsets
    ``a_1, a_2`` and noise ``u_t`` all uniform on [0, 1).

    The draws come from ``numpy.random.RandomState(seed)``, which produces the
    same stream as the legacy ``np.random.seed(seed)`` followed by
    ``np.random.rand``; with ``seed=42`` this reproduces the published
    benchmark data exactly. The global NumPy random state is not touched.

    Parameters
    ----------
    n_series : int
        Number of independent series (``N``), at least 1.
    n_steps : int
        Number of time steps per series (``T``), at least 1.
    seed : int
        Seed of the private random state, ``0 <= seed < 2**32``.

    Returns
    -------
    numpy.ndarray
        float32 array of shape ``(n_series, n_steps, 1)``.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If ``n_series`` or ``n_steps`` is below 1 or ``seed`` is out of range.

    Examples
    --------
    >>> series = sine_mixture(3, 51, seed=42)
    >>> series.shape, series.dtype
    ((3, 51, 1), dtype('float32'))
    """
    n_series = check_int("n_series", n_series, minimum=1)
    n_steps = check_int("n_steps", n_steps, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    if seed >= 2**32:
        raise ValueError(f"`seed` must be < 2**32. Received: seed={seed}")
    rng = np.random.RandomState(seed)
    freq1, freq2, offsets1, offsets2 = rng.rand(4, n_series, 1)  # each (N, 1)
    time = np.linspace(0, 1, n_steps)  # (T,)
    series = 0.5 * np.sin((time - offsets1) * (freq1 * 10 + 10))  # (N, T), first wave
    series += 0.2 * np.sin((time - offsets2) * (freq2 * 20 + 20))  # second wave
    series += 0.1 * (rng.rand(n_series, n_steps) - 0.5)  # uniform noise in [-0.05, 0.05)
    return series[..., np.newaxis].astype(np.float32)  # (N, T, 1)


def make_windows(
    series: np.ndarray,
    lookback: int,
    horizon: int = 1,
    *,
    target: int | None = None,
    stride: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Cut one long series into overlapping (input, target) windows.

    Window ``i`` starts at ``s = i * stride``: its input is
    ``series[s : s + lookback]`` and its target the ``horizon`` values that
    follow, ``series[s + lookback : s + lookback + horizon]``. For a series of
    length ``T`` there are ``N = (T - lookback - horizon) // stride + 1``
    windows.

    Parameters
    ----------
    series : array_like
        A univariate series of shape ``(T,)`` or a multivariate one of shape
        ``(T, F)``.
    lookback : int
        Input length, at least 1.
    horizon : int, default 1
        Number of future steps in each target, at least 1.
    target : int or None, default None
        For a multivariate series, the column to forecast. ``None`` forecasts
        every column. For a univariate series it must be ``None`` or 0.
    stride : int, default 1
        Steps between the starts of consecutive windows, at least 1.

    Returns
    -------
    X : numpy.ndarray
        Inputs of shape ``(N, lookback, F)`` (``F = 1`` for a 1-D series).
    Y : numpy.ndarray
        Targets of shape ``(N, horizon)`` for a 1-D series or a single
        ``target`` column, else ``(N, horizon, F)``.

    Both are new C-contiguous arrays in the dtype of ``series`` (integers
    become float64); they share no memory with ``series``.

    Raises
    ------
    TypeError
        If ``series`` is not numeric or an integer argument is not an integer.
    ValueError
        If ``series`` is not 1-D or 2-D, holds NaN or inf, is too short for
        one window, or ``target`` is not a valid column.

    Examples
    --------
    With ``lookback=3`` and ``horizon=1``, the series 0, 1, ..., 5 gives three
    windows: inputs ``[0 1 2]``, ``[1 2 3]``, ``[2 3 4]`` with targets 3, 4, 5.

    >>> X, Y = make_windows(np.arange(6.0), lookback=3)
    >>> X[:, :, 0]
    array([[0., 1., 2.],
           [1., 2., 3.],
           [2., 3., 4.]])
    >>> Y
    array([[3.],
           [4.],
           [5.]])
    """
    values = check_array("series", series, ndim=(1, 2))
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    stride = check_int("stride", stride, minimum=1)
    univariate = values.ndim == 1
    values = values.reshape(len(values), -1)  # (T, F)
    n_time, n_features = values.shape
    if target is not None:
        target = check_int("target", target, minimum=0)
        if target >= n_features:
            raise ValueError(
                f"`target` must be a column index below {n_features} "
                f"(the number of features). Received: target={target}"
            )
    if n_time < lookback + horizon:
        raise ValueError(
            "`series` must have at least lookback + horizon "
            f"= {lookback + horizon} time steps. Received: series with {n_time} time steps"
        )
    # windows[i] is values[i : i + lookback + horizon], transposed to (F, L)
    windows = np.lib.stride_tricks.sliding_window_view(values, lookback + horizon, axis=0)
    windows = windows[::stride].transpose(0, 2, 1)  # (N, lookback + horizon, F)
    # Copies, never views of `series`: editing X or Y in place must not change the series.
    X = windows[:, :lookback].copy()  # (N, lookback, F)
    Y = windows[:, lookback:]  # (N, horizon, F)
    if univariate:
        Y = Y[:, :, 0]  # (N, horizon)
    elif target is not None:
        Y = Y[:, :, target]  # (N, horizon)
    return X, Y.copy()


def seq2seq_targets(series: np.ndarray, n_steps: int, horizon: int) -> np.ndarray:
    """Targets for a sequence-to-sequence forecaster: ``horizon`` values at every step.

    For input time step ``t`` (0-based, ``t < n_steps``) the target is the
    next ``horizon`` values of feature 0:
    ``Y[:, t, k] = series[:, t + 1 + k, 0]`` for ``k = 0 .. horizon - 1``.
    The target at the last step, ``Y[:, -1]``, is the ordinary
    ``horizon``-step forecast.

    Parameters
    ----------
    series : array_like
        Series of shape ``(N, n_steps + horizon, F)``, e.g. from
        :func:`sine_mixture`; longer series are allowed, later steps unused.
    n_steps : int
        Number of input steps ``T``, at least 1.
    horizon : int
        Number of future values per step, at least 1.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(N, n_steps, horizon)`` with the dtype of ``series``.

    Raises
    ------
    ValueError
        If ``series`` is not 3-D or has fewer than ``n_steps + horizon`` steps.

    Examples
    --------
    >>> s = np.arange(6.0).reshape(1, 6, 1)
    >>> seq2seq_targets(s, n_steps=4, horizon=2)[0]
    array([[1., 2.],
           [2., 3.],
           [3., 4.],
           [4., 5.]])
    """
    values = check_array("series", series, ndim=3)
    n_steps = check_int("n_steps", n_steps, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    if values.shape[1] < n_steps + horizon:
        raise ValueError(
            f"`series` must have at least n_steps + horizon = {n_steps + horizon} "
            f"time steps. Received: series with shape {values.shape}"
        )
    steps = np.arange(n_steps)[:, None] + 1 + np.arange(horizon)[None, :]  # (T, horizon)
    return values[:, steps, 0]  # (N, T, horizon)


def _rows(name: str, value: object) -> np.ndarray:
    """``value`` as an array with at least one axis to split along (any dtype)."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"`{name}` must be an array. Received: {name}={_short(value)}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"`{name}` must be an array. Received: {name}={_short(value)} ({error})") from None
    if array.ndim == 0:
        raise ValueError(
            f"`{name}` must have at least one dimension to split along. Received: {name}={_short(value)}"
        )
    return array


def split(
    *arrays: np.ndarray, sizes: tuple[int, int, int]
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Split arrays along the first axis into consecutive train / valid / test parts.

    Nothing is shuffled: the first ``sizes[0]`` rows train, the next
    ``sizes[1]`` validate and the next ``sizes[2]`` test. For windows cut
    from one series this keeps the split chronological, so no future value
    leaks into training.

    Parameters
    ----------
    *arrays : array_like
        One or more arrays with the same first dimension.
    sizes : tuple of three ints
        Rows in train, valid and test, each at least 1, summing to at most
        the number of rows.

    Returns
    -------
    list of tuples
        One ``(train, valid, test)`` tuple per array, in order.

    Raises
    ------
    TypeError
        If an array is None, a string or a ragged nested list.
    ValueError
        If no array is given, an array is a scalar, the first dimensions
        differ, or ``sizes`` is malformed or asks for more rows than there are.

    Examples
    --------
    >>> (a_train, a_valid, a_test), = split(np.arange(10), sizes=(6, 2, 2))
    >>> a_train, a_valid, a_test
    (array([0, 1, 2, 3, 4, 5]), array([6, 7]), array([8, 9]))
    """
    if not arrays:
        raise ValueError("`arrays` must hold at least one array. Received: no arrays")
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 3:
        raise ValueError(
            f"`sizes` must be a tuple of three integers (train, valid, test). Received: sizes={sizes!r}"
        )
    n_train, n_valid, n_test = (
        check_int(f"sizes[{i}]", size, minimum=1) for i, size in enumerate(sizes)
    )
    arrays = tuple(_rows(f"arrays[{i}]", a) for i, a in enumerate(arrays))
    lengths = {len(a) for a in arrays}
    if len(lengths) != 1:
        raise ValueError(
            "`arrays` must all have the same first dimension. "
            f"Received first dimensions {[len(a) for a in arrays]}"
        )
    (n_rows,) = lengths
    if n_train + n_valid + n_test > n_rows:
        raise ValueError(
            f"`sizes` must sum to at most the number of rows ({n_rows}). "
            f"Received: sizes={tuple(sizes)} (sum {n_train + n_valid + n_test})"
        )
    cut1, cut2, cut3 = n_train, n_train + n_valid, n_train + n_valid + n_test
    return [(a[:cut1], a[cut1:cut2], a[cut2:cut3]) for a in arrays]


@dataclass(frozen=True)
class ForecastData:
    """Train / valid / test inputs and targets of a forecasting task.

    ``X_*`` are ``(N, T, F)`` inputs. ``y_*`` are the targets, whose shape
    depends on the task: ``(N, 1)`` one step ahead, ``(N, horizon)`` for a
    multi-step vector, ``(N, T, horizon)`` for sequence-to-sequence.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_valid: np.ndarray
    y_valid: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def benchmark_data(
    horizon: int = 1,
    *,
    seq2seq: bool = False,
    n_steps: int = BENCHMARK_STEPS,
    sizes: tuple[int, int, int] = BENCHMARK_SIZES,
    seed: int = BENCHMARK_SEED,
) -> ForecastData:
    """The course's benchmark: forecast the next ``horizon`` values of a sine mixture.

    Draws ``sum(sizes)`` series of ``n_steps + horizon`` points with
    :func:`sine_mixture`, uses the first ``n_steps`` points of each as input
    and the rest as target, and splits the series 7,000 / 2,000 / 1,000. With
    the defaults this is exactly the published benchmark data.

    Parameters
    ----------
    horizon : int, default 1
        Number of future values to forecast.
    seq2seq : bool, default False
        If true, targets are ``(N, n_steps, horizon)``: the next ``horizon``
        values at every input step (see :func:`seq2seq_targets`). Otherwise
        they are ``(N, horizon)``, the values after the last input step.
    n_steps : int, default 50
        Input length ``T``.
    sizes : tuple of three ints, default (7000, 2000, 1000)
        Number of series in train, valid and test.
    seed : int, default 42
        Seed passed to :func:`sine_mixture`.

    Returns
    -------
    ForecastData
        float32 inputs of shape ``(N, n_steps, 1)`` and targets as above.

    Examples
    --------
    >>> data = benchmark_data()
    >>> data.X_train.shape, data.y_train.shape, data.X_valid.shape
    ((7000, 50, 1), (7000, 1), (2000, 50, 1))
    """
    horizon = check_int("horizon", horizon, minimum=1)
    n_steps = check_int("n_steps", n_steps, minimum=1)
    if not isinstance(seq2seq, (bool, np.bool_)):
        raise TypeError(f"`seq2seq` must be a bool. Received: seq2seq={seq2seq!r}")
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 3:
        raise ValueError(
            f"`sizes` must be a tuple of three integers (train, valid, test). Received: sizes={sizes!r}"
        )
    n_series = sum(check_int(f"sizes[{i}]", s, minimum=1) for i, s in enumerate(sizes))
    series = sine_mixture(n_series, n_steps + horizon, seed=seed)  # (N, n_steps + horizon, 1)
    X = series[:, :n_steps]  # (N, n_steps, 1)
    if seq2seq:
        Y = seq2seq_targets(series, n_steps, horizon)  # (N, n_steps, horizon)
    else:
        Y = series[:, n_steps:, 0]  # (N, horizon)
    (X_train, X_valid, X_test), (y_train, y_valid, y_test) = split(X, Y, sizes=tuple(sizes))
    return ForecastData(X_train, y_train, X_valid, y_valid, X_test, y_test)


# ---------------------------------------------------------------------------
# Real series: loading a data set that ships with statsmodels (no download),
# chronological splits, and scaling fitted on the training split only
# ---------------------------------------------------------------------------

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
    if not isinstance(name, str) or name not in REAL_SERIES:
        raise ValueError(
            f"`name` must be one of {sorted(REAL_SERIES)}. Received: name={name!r}"
        )
    if not (fill is None or (isinstance(fill, str) and fill in FILL_METHODS)):
        raise ValueError(
            f"`fill` must be 'interpolate' or None. Received: fill={fill!r}"
        )
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


def split_series(
    series: np.ndarray, fractions: tuple[float, float, float] = (0.7, 0.15, 0.15)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut one series into consecutive train / valid / test segments, oldest first.

    The training segment is the oldest ``fractions[0]`` of the series, the
    validation segment the next ``fractions[1]`` and the test segment the
    rest. Nothing is shuffled: a model is always evaluated on data that comes
    after everything it was trained on, as it will be used.

    Parameters
    ----------
    series : array_like
        Shape ``(T,)`` or ``(T, F)``.
    fractions : tuple of three floats, default (0.7, 0.15, 0.15)
        Shares of train, valid and test, each > 0, summing to 1 (within 1e-9).

    Returns
    -------
    tuple of numpy.ndarray
        ``(train, valid, test)`` with ``floor(fractions[0] * T)``,
        ``floor(fractions[1] * T)`` and the remaining steps.

    Raises
    ------
    ValueError
        If ``fractions`` is malformed or a segment would be empty.

    Examples
    --------
    >>> train, valid, test = split_series(np.arange(10.0), (0.6, 0.2, 0.2))
    >>> train, valid, test
    (array([0., 1., 2., 3., 4., 5.]), array([6., 7.]), array([8., 9.]))
    """
    values = check_array("series", series, ndim=(1, 2), finite=False)
    if not isinstance(fractions, (tuple, list)) or len(fractions) != 3:
        raise ValueError(
            "`fractions` must be a tuple of three numbers (train, valid, test). "
            f"Received: fractions={fractions!r}"
        )
    shares = [
        check_float(f"fractions[{i}]", share, minimum=0.0, exclusive_minimum=True)
        for i, share in enumerate(fractions)
    ]
    if abs(sum(shares) - 1.0) > 1e-9:
        raise ValueError(
            f"`fractions` must sum to 1. Received: fractions={tuple(fractions)} (sum {sum(shares)})"
        )
    n_time = len(values)
    n_train = int(np.floor(shares[0] * n_time))
    n_valid = int(np.floor(shares[1] * n_time))
    if min(n_train, n_valid, n_time - n_train - n_valid) < 1:
        raise ValueError(
            "`series` is too short for these `fractions`: every segment needs at least one "
            f"step. Received: series with {n_time} steps and fractions={tuple(fractions)}"
        )
    cut1, cut2 = n_train, n_train + n_valid
    return values[:cut1], values[cut1:cut2], values[cut2:]


def window_splits(
    train: np.ndarray,
    valid: np.ndarray,
    test: np.ndarray,
    lookback: int,
    horizon: int = 1,
    *,
    stride: int = 1,
) -> ForecastData:
    """Windows of consecutive segments whose *targets* stay inside their own segment.

    Training windows come from ``train`` alone. A validation window may
    read its ``lookback`` inputs from the end of ``train`` (that is the past,
    known when the forecast is made) but its targets lie in ``valid``; the
    same holds for test windows with respect to ``train`` + ``valid``. So
    every target of the series after the training segment is forecast
    exactly once, and no target is ever used in two splits.

    Parameters
    ----------
    train, valid, test : array_like
        Consecutive segments of one series, e.g. from :func:`split_series`,
        each ``(T_part,)`` (or ``(T_part, F)`` with the same ``F``).
    lookback : int
        Input length, at least 1.
    horizon : int, default 1
        Number of future steps per target, at least 1.
    stride : int, default 1
        Step between window starts (the same in every split).

    Returns
    -------
    ForecastData
        ``X_*`` of shape ``(N, lookback, F)`` and targets ``(N, horizon)``
        (or ``(N, horizon, F)`` for a multivariate series), as from
        :func:`make_windows`.

    Raises
    ------
    ValueError
        If the segments disagree in dimensions, ``train`` is shorter than
        ``lookback + horizon`` or ``valid`` / ``test`` is shorter than ``horizon``.

    Examples
    --------
    With ``lookback=3`` the first validation window reads the last three
    training values and forecasts the first validation value:

    >>> parts = split_series(np.arange(20.0), (0.5, 0.25, 0.25))
    >>> windows = window_splits(*parts, lookback=3)
    >>> windows.X_valid[0, :, 0], windows.y_valid[0]
    (array([7., 8., 9.]), array([10.]))
    """
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    stride = check_int("stride", stride, minimum=1)
    parts = [check_array(name, part, ndim=(1, 2)) for name, part in
             (("train", train), ("valid", valid), ("test", test))]
    if len({part.shape[1:] for part in parts}) != 1:
        raise ValueError(
            "`train`, `valid` and `test` must have the same number of dimensions and features. "
            f"Received shapes {[part.shape for part in parts]}"
        )
    if len(parts[0]) < lookback + horizon:
        raise ValueError(
            f"`train` must have at least lookback + horizon = {lookback + horizon} steps. "
            f"Received: train with {len(parts[0])} steps"
        )
    for name, part in (("valid", parts[1]), ("test", parts[2])):
        if len(part) < horizon:
            raise ValueError(
                f"`{name}` must have at least horizon = {horizon} steps. "
                f"Received: {name} with {len(part)} steps"
            )
    X_train, y_train = make_windows(parts[0], lookback, horizon, stride=stride)
    history = parts[0]
    later = []
    for part in parts[1:]:
        # the last `lookback` values before the segment, then the segment itself
        span = np.concatenate([history[-lookback:], part])  # (lookback + T_part[, F])
        later.append(make_windows(span, lookback, horizon, stride=stride))
        history = np.concatenate([history, part])
    (X_valid, y_valid), (X_test, y_test) = later
    return ForecastData(X_train, y_train, X_valid, y_valid, X_test, y_test)


#: Scalers that :func:`fit_scaler` can fit.
SCALERS = ("minmax", "standard")


@dataclass(frozen=True)
class Scaler:
    """An affine rescaling fitted on the training split: ``z = (x - loc) / scale``.

    Attributes
    ----------
    kind : {"minmax", "standard"}
        How ``loc`` and ``scale`` were chosen.
    loc : float
        Subtracted first: the training minimum or mean.
    scale : float
        Divided by next: the training range or standard deviation, > 0.
    """

    kind: str
    loc: float
    scale: float

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Scale ``x`` (any shape): ``(x - loc) / scale``."""
        x = check_array("x", x, min_size=0)
        return (x - self.loc) / self.scale

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        """Back to the original units (any shape): ``z * scale + loc``."""
        z = check_array("z", z, min_size=0)
        return z * self.scale + self.loc


def fit_scaler(train: np.ndarray, kind: str = "minmax") -> Scaler:
    """Fit a scaler on the training values only.

    .. math::

        \\text{minmax: } z = \\frac{x - \\min x_{\\text{train}}}
        {\\max x_{\\text{train}} - \\min x_{\\text{train}}}, \\qquad
        \\text{standard: } z = \\frac{x - \\bar x_{\\text{train}}}{s_{\\text{train}}}

    Fit it on the training split and apply the *same* scaler to validation
    and test data. Fitting it on validation or test data (or on all of the
    series) lets information about the future into the inputs: that is
    leakage, and it makes test scores look better than they will be in use.
    A min-max scaler fitted on the training split may map later values
    outside [0, 1]; that is correct, not a bug.

    Parameters
    ----------
    train : array_like
        Training values, any shape (all elements are used).
    kind : {"minmax", "standard"}, default "minmax"

    Returns
    -------
    Scaler

    Raises
    ------
    ValueError
        If ``kind`` is unknown, ``train`` is empty or holds NaN/inf, or all its
        values are equal (the scale would be 0).

    Examples
    --------
    >>> scaler = fit_scaler(np.array([2.0, 4.0, 6.0]))
    >>> scaler.transform(np.array([2.0, 6.0, 8.0]))
    array([0. , 1. , 1.5])
    >>> scaler.inverse_transform(np.array([0.5]))
    array([4.])
    """
    if not (isinstance(kind, str) and kind in SCALERS):
        raise ValueError(f"`kind` must be 'minmax' or 'standard'. Received: kind={kind!r}")
    values = check_array("train", train).astype(np.float64)
    if kind == "minmax":
        loc, scale = float(values.min()), float(values.max() - values.min())
    else:
        loc, scale = float(values.mean()), float(values.std())
    if not scale > 0:
        raise ValueError(
            f"`train` must hold at least two different values (the scale would be 0). "
            f"Received: train with every value equal to {loc}"
        )
    return Scaler(kind, loc, scale)


def relative_to_last(
    X: np.ndarray, Y: np.ndarray | None = None, *, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray | None]:
    """Express each window relative to its last input value: ``(x - x_{T-1}) / scale``.

    A series with a trend keeps reaching levels never seen in training, and
    a network trained on levels must then extrapolate. Subtracting each
    window's last observed value ``x_{T-1}`` (``X[:, -1]``) from its inputs and targets alike
    turns every window into "changes since now", whose distribution stays
    the same as the level drifts; ``scale`` (fitted on the training split)
    brings the changes to order one. :func:`restore_from_last` undoes it.

    Parameters
    ----------
    X : array_like
        Windows ``(N, T, F)``; feature 0 is the one forecast.
    Y : array_like, optional
        Targets ``(N, horizon)`` of feature 0.
    scale : float, default 1.0
        Divisor, > 0.

    Returns
    -------
    X_rel : numpy.ndarray
        ``(X - X[:, -1:, :]) / scale``, shape ``(N, T, F)``; its last step is 0.
    Y_rel : numpy.ndarray or None
        ``(Y - X[:, -1, 0:1]) / scale``, shape ``(N, horizon)``, or None.

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, ``Y`` is not 2-D with ``N`` rows, or ``scale`` <= 0.

    Examples
    --------
    >>> X = np.array([[[10.0], [11.0], [13.0]]]); Y = np.array([[14.0, 16.0]])
    >>> X_rel, Y_rel = relative_to_last(X, Y, scale=2.0)
    >>> X_rel[0, :, 0], Y_rel[0]
    (array([-1.5, -1. ,  0. ]), array([0.5, 1.5]))
    """
    X = check_array("X", X, ndim=3)
    scale = check_float("scale", scale, minimum=0.0, exclusive_minimum=True)
    last = X[:, -1:, :]  # (N, 1, F)
    X_rel = (X - last) / scale  # (N, T, F)
    if Y is None:
        return X_rel, None
    Y = check_array("Y", Y, ndim=2)
    if len(Y) != len(X):
        raise ValueError(
            "`X` and `Y` must have the same number of windows. "
            f"Received: X with shape {X.shape} and Y with shape {Y.shape}"
        )
    Y_rel = (Y - last[:, :, 0]) / scale  # (N, horizon)
    return X_rel, Y_rel


def restore_from_last(Y_rel: np.ndarray, X: np.ndarray, *, scale: float = 1.0) -> np.ndarray:
    """Undo :func:`relative_to_last` for forecasts: ``Y_rel * scale + x_{T-1}``.

    Parameters
    ----------
    Y_rel : array_like
        Relative forecasts ``(N, horizon)``.
    X : array_like
        The original (not relative) input windows ``(N, T, F)``.
    scale : float, default 1.0
        The divisor used by :func:`relative_to_last`.

    Returns
    -------
    numpy.ndarray
        Forecasts in the original units, ``(N, horizon)``.

    Raises
    ------
    ValueError
        If the shapes do not fit together or ``scale`` <= 0.

    Examples
    --------
    >>> X = np.array([[[10.0], [11.0], [13.0]]])
    >>> restore_from_last(np.array([[0.5, 1.5]]), X, scale=2.0)
    array([[14., 16.]])
    """
    Y_rel = check_array("Y_rel", Y_rel, ndim=2)
    X = check_array("X", X, ndim=3)
    scale = check_float("scale", scale, minimum=0.0, exclusive_minimum=True)
    if len(Y_rel) != len(X):
        raise ValueError(
            "`Y_rel` and `X` must have the same number of windows. "
            f"Received: Y_rel with shape {Y_rel.shape} and X with shape {X.shape}"
        )
    return Y_rel * scale + X[:, -1:, 0]  # (N, horizon)
