"""Windows, chronological splits and multi-step targets: from series to ``(N, T, F)`` inputs.

``N`` windows (the batch), ``T`` time steps, ``F`` features. Nothing here
shuffles: every split keeps time order, so no future value leaks into training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook._validate import _short, check_array, check_float, check_int, check_split_sizes


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


def seq2seq_targets(series: np.ndarray, lookback: int, horizon: int) -> np.ndarray:
    """Targets for a sequence-to-sequence forecaster: ``horizon`` values at every step.

    For input time step ``t`` (0-based, ``t < lookback``) the target is the
    next ``horizon`` values of feature 0:
    ``Y[:, t, k] = series[:, t + 1 + k, 0]`` for ``k = 0 .. horizon - 1``.
    The target at the last step, ``Y[:, -1]``, is the ordinary
    ``horizon``-step forecast.

    Parameters
    ----------
    series : array_like
        Series of shape ``(N, lookback + horizon, F)``, e.g. from
        :func:`rnnbook.data.sine_mixture`; longer series are allowed, later steps unused.
    lookback : int
        Number of input steps ``T``, at least 1.
    horizon : int
        Number of future values per step, at least 1.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(N, lookback, horizon)`` with the dtype of ``series``.

    Raises
    ------
    ValueError
        If ``series`` is not 3-D or has fewer than ``lookback + horizon`` steps.

    Examples
    --------
    >>> s = np.arange(6.0).reshape(1, 6, 1)
    >>> seq2seq_targets(s, lookback=4, horizon=2)[0]
    array([[1., 2.],
           [2., 3.],
           [3., 4.],
           [4., 5.]])
    """
    values = check_array("series", series, ndim=3)
    lookback = check_int("lookback", lookback, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    if values.shape[1] < lookback + horizon:
        raise ValueError(
            f"`series` must have at least lookback + horizon = {lookback + horizon} "
            f"time steps. Received: series with shape {values.shape}"
        )
    steps = np.arange(lookback)[:, None] + 1 + np.arange(horizon)[None, :]  # (T, horizon)
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
    n_train, n_valid, n_test = check_split_sizes(sizes)
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
