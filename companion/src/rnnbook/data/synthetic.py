"""The course's synthetic benchmark: noisy two-sine series and their forecasting task.

Shapes follow one key throughout the course: ``N`` series (the batch),
``T`` time steps, ``F`` features; arrays are batch-first, ``(N, T, F)``.
"""

from __future__ import annotations

import numpy as np

from rnnbook._validate import check_bool, check_int, check_split_sizes
from rnnbook.data.windows import ForecastData, seq2seq_targets, split


#: Size of the benchmark data set and of its train / valid / test parts.
BENCHMARK_SIZES = (7000, 2000, 1000)
#: Number of input time steps in the benchmark (the "lookback").
BENCHMARK_LOOKBACK = 50
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


def benchmark_data(
    horizon: int = 1,
    *,
    seq2seq: bool = False,
    lookback: int = BENCHMARK_LOOKBACK,
    sizes: tuple[int, int, int] = BENCHMARK_SIZES,
    seed: int = BENCHMARK_SEED,
) -> ForecastData:
    """The course's benchmark: forecast the next ``horizon`` values of a sine mixture.

    Draws ``sum(sizes)`` series of ``lookback + horizon`` points with
    :func:`sine_mixture`, uses the first ``lookback`` points of each as input
    and the rest as target, and splits the series 7,000 / 2,000 / 1,000. With
    the defaults this is exactly the published benchmark data.

    Parameters
    ----------
    horizon : int, default 1
        Number of future values to forecast.
    seq2seq : bool, default False
        If true, targets are ``(N, lookback, horizon)``: the next ``horizon``
        values at every input step (see :func:`seq2seq_targets`). Otherwise
        they are ``(N, horizon)``, the values after the last input step.
    lookback : int, default 50
        Input length ``T``.
    sizes : tuple of three ints, default (7000, 2000, 1000)
        Number of series in train, valid and test.
    seed : int, default 42
        Seed passed to :func:`sine_mixture`.

    Returns
    -------
    ForecastData
        float32 inputs of shape ``(N, lookback, 1)`` and targets as above.

    Examples
    --------
    >>> data = benchmark_data()
    >>> data.X_train.shape, data.y_train.shape, data.X_valid.shape
    ((7000, 50, 1), (7000, 1), (2000, 50, 1))
    """
    horizon = check_int("horizon", horizon, minimum=1)
    lookback = check_int("lookback", lookback, minimum=1)
    seq2seq = check_bool("seq2seq", seq2seq)
    n_series = sum(check_split_sizes(sizes))
    series = sine_mixture(n_series, lookback + horizon, seed=seed)  # (N, lookback + horizon, 1)
    X = series[:, :lookback]  # (N, lookback, 1)
    if seq2seq:
        Y = seq2seq_targets(series, lookback, horizon)  # (N, lookback, horizon)
    else:
        Y = series[:, lookback:, 0]  # (N, horizon)
    (X_train, X_valid, X_test), (y_train, y_valid, y_test) = split(X, Y, sizes=tuple(sizes))
    return ForecastData(X_train, y_train, X_valid, y_valid, X_test, y_test)
