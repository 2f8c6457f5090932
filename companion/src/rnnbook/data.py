"""Sequential data: the synthetic benchmark series, windows and splits.

Shapes follow one key throughout the course: ``N`` windows (the batch),
``T`` time steps, ``F`` features; arrays are batch-first, ``(N, T, F)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook._validate import check_array, check_int

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
    ValueError
        If no array is given, the first dimensions differ, or ``sizes`` is
        malformed or asks for more rows than there are.

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
    arrays = tuple(np.asarray(a) for a in arrays)
    lengths = {len(a) if a.ndim else 0 for a in arrays}
    if len(lengths) != 1:
        raise ValueError(
            "`arrays` must all have the same first dimension. "
            f"Received first dimensions {[len(a) if a.ndim else 0 for a in arrays]}"
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
