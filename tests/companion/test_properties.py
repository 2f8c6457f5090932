"""Property-based tests of windowing, targets, splits and the NumPy recurrent layer.

Hypothesis draws many small cases (sizes, dtypes, strides, values) and each
property is checked against an independent reference written here with
plain loops: window by window, step by step, entry by entry. The runs are
derandomised, so CI sees the same cases every time, and nothing is written
to disk.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from rnnbook import data, numpy_rnn

settings.register_profile("course", max_examples=60, deadline=None, derandomize=True, database=None)
settings.load_profile("course")

DTYPES = [np.float32, np.float64, np.int64]


def values_for(dtype) -> st.SearchStrategy:
    if np.dtype(dtype).kind == "i":
        return st.integers(-1000, 1000)
    return st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False, width=32)


# ---------------------------------------------------------------------------
# data.make_windows
# ---------------------------------------------------------------------------


@st.composite
def window_cases(draw):
    lookback = draw(st.integers(1, 8))
    horizon = draw(st.integers(1, 4))
    stride = draw(st.integers(1, 4))
    n_time = draw(st.integers(lookback + horizon, lookback + horizon + 25))
    n_features = draw(st.none() | st.integers(1, 3))  # None: a 1-D series
    dtype = draw(st.sampled_from(DTYPES))
    shape = (n_time,) if n_features is None else (n_time, n_features)
    series = draw(arrays(dtype, shape, elements=values_for(dtype)))
    target = None
    if n_features is not None:
        target = draw(st.none() | st.integers(0, n_features - 1))
    return series, lookback, horizon, stride, target


def windows_by_loop(series, lookback, horizon, stride, target):
    """The definition, one window at a time."""
    values = np.asarray(series, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    inputs, targets = [], []
    start = 0
    while start + lookback + horizon <= len(values):
        inputs.append(values[start : start + lookback])
        future = values[start + lookback : start + lookback + horizon]
        if np.ndim(series) == 1:
            future = future[:, 0]
        elif target is not None:
            future = future[:, target]
        targets.append(future)
        start += stride
    return np.array(inputs), np.array(targets)


@given(window_cases())
def test_make_windows_matches_loop(case):
    series, lookback, horizon, stride, target = case
    X, Y = data.make_windows(series, lookback, horizon, target=target, stride=stride)
    X_ref, Y_ref = windows_by_loop(series, lookback, horizon, stride, target)
    n_windows = (len(series) - lookback - horizon) // stride + 1
    n_features = 1 if series.ndim == 1 else series.shape[1]
    assert X.shape == (n_windows, lookback, n_features)
    if series.ndim == 1 or target is not None:
        assert Y.shape == (n_windows, horizon)
    else:
        assert Y.shape == (n_windows, horizon, n_features)
    np.testing.assert_array_equal(X.astype(np.float64), X_ref)
    np.testing.assert_array_equal(Y.astype(np.float64), Y_ref)


@given(window_cases())
def test_make_windows_dtype_and_memory(case):
    series, lookback, horizon, stride, target = case
    X, Y = data.make_windows(series, lookback, horizon, target=target, stride=stride)
    expected = np.float64 if series.dtype.kind == "i" else series.dtype
    assert X.dtype == expected and Y.dtype == expected
    assert X.flags.c_contiguous and Y.flags.c_contiguous
    # Editing the windows in place must never change the series.
    assert not np.shares_memory(X, series) and not np.shares_memory(Y, series)


@given(window_cases())
def test_make_windows_needs_lookback_plus_horizolookback(case):
    series, lookback, horizon, _, _ = case
    short = series[: lookback + horizon - 1]  # one step too short (at least 1 step long)
    with pytest.raises(ValueError, match=r"`series` must have at least lookback \+ horizon"):
        data.make_windows(short, lookback, horizon)


# ---------------------------------------------------------------------------
# data.seq2seq_targets
# ---------------------------------------------------------------------------


@st.composite
def seq2seq_cases(draw):
    lookback = draw(st.integers(1, 10))
    horizon = draw(st.integers(1, 5))
    extra = draw(st.integers(0, 3))
    n_series = draw(st.integers(1, 4))
    n_features = draw(st.integers(1, 3))
    dtype = draw(st.sampled_from(DTYPES))
    shape = (n_series, lookback + horizon + extra, n_features)
    series = draw(arrays(dtype, shape, elements=values_for(dtype)))
    return series, lookback, horizon


@given(seq2seq_cases())
def test_seq2seq_targets_match_definition(case):
    series, lookback, horizon = case
    Y = data.seq2seq_targets(series, lookback, horizon)
    assert Y.shape == (len(series), lookback, horizon)
    for t in range(lookback):
        for k in range(horizon):
            np.testing.assert_array_equal(Y[:, t, k], series[:, t + 1 + k, 0])
    assert not np.shares_memory(Y, series)


@given(seq2seq_cases())
def test_seq2seq_targets_agree_with_windows(case):
    """The target at step t is the horizon-step target of the window ending at t."""
    series, lookback, horizon = case
    Y = data.seq2seq_targets(series, lookback, horizon)
    one = series[0, :, 0]
    for t in range(lookback):
        _, Y_window = data.make_windows(one[: t + 1 + horizon], lookback=t + 1, horizon=horizon)
        np.testing.assert_array_equal(Y[0, t].astype(np.float64), Y_window[0].astype(np.float64))


@given(seq2seq_cases())
def test_seq2seq_targets_rejects_short_series(case):
    series, lookback, horizon = case
    too_long = series.shape[1] - horizon + 1  # lookback + horizon exceeds the length by one
    with pytest.raises(ValueError, match=r"`series` must have at least lookback \+ horizon"):
        data.seq2seq_targets(series, too_long, horizon)


# ---------------------------------------------------------------------------
# data.split
# ---------------------------------------------------------------------------


@st.composite
def split_cases(draw):
    n_rows = draw(st.integers(3, 40))
    a = draw(st.integers(1, n_rows - 2))
    b = draw(st.integers(1, n_rows - a - 1))
    c = draw(st.integers(1, n_rows - a - b))
    n_arrays = draw(st.integers(1, 3))
    shapes = [draw(st.sampled_from([(n_rows,), (n_rows, 2), (n_rows, 3, 1)])) for _ in range(n_arrays)]
    return [np.arange(np.prod(s)).reshape(s) * (i + 1) for i, s in enumerate(shapes)], (a, b, c)


@given(split_cases())
def test_split_is_consecutive_and_in_order(case):
    arrays_in, sizes = case
    parts = data.split(*arrays_in, sizes=sizes)
    assert len(parts) == len(arrays_in)
    for array, (train, valid, test) in zip(arrays_in, parts):
        assert (len(train), len(valid), len(test)) == sizes
        np.testing.assert_array_equal(np.concatenate([train, valid, test]), array[: sum(sizes)])


@given(split_cases())
def test_split_rejects_too_many_rows(case):
    arrays_in, (a, b, c) = case
    n_rows = len(arrays_in[0])
    with pytest.raises(ValueError, match=r"`sizes` must sum to at most the number of rows"):
        data.split(*arrays_in, sizes=(a, b, n_rows - a - b + 1))


# ---------------------------------------------------------------------------
# numpy_rnn: tanh
# ---------------------------------------------------------------------------

finite64 = st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False)


@given(arrays(np.float64, st.integers(1, 20), elements=finite64))
def test_tanh_is_bounded_odd_and_exact(x):
    y = numpy_rnn.tanh(x)
    assert y.shape == x.shape and y.dtype == np.float64
    assert np.all(np.abs(y) <= 1)
    np.testing.assert_array_equal(numpy_rnn.tanh(-x), -y)
    np.testing.assert_allclose(y, np.tanh(x), rtol=4e-16, atol=0)


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-30, 30)))
def test_tanh_grad_matches_finite_differences(x):
    eps = 1e-6
    numeric = (np.tanh(x + eps) - np.tanh(x - eps)) / (2 * eps)
    np.testing.assert_allclose(numpy_rnn.tanh_grad(x), numeric, rtol=1e-6, atol=1e-9)
    g = numpy_rnn.tanh_grad(x)
    assert np.all((g >= 0) & (g <= 1))


# ---------------------------------------------------------------------------
# numpy_rnn: forward pass and BPTT
# ---------------------------------------------------------------------------


@st.composite
def rnn_cases(draw, dtypes=(np.float32, np.float64), scale=10.0):
    N, T = draw(st.integers(1, 4)), draw(st.integers(1, 6))
    F, H = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    dtype = draw(st.sampled_from(dtypes))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    params = numpy_rnn.init_params(F, H, seed=seed, dtype=dtype)
    params["b"] = rng.normal(0, 0.5, H).astype(dtype)  # a non-zero bias exercises db
    X = rng.uniform(-scale, scale, (N, T, F)).astype(dtype)
    h0 = draw(st.none() | st.just(rng.uniform(-1, 1, (N, H)).astype(dtype)))
    return X, params, h0


def forward_by_loop(X, params, h0):
    """H_t = tanh(X_t W_x + H_{t-1} W_h + b), written out entry by entry in float64."""
    W_x, W_h, b = (np.asarray(params[k], dtype=np.float64) for k in ("W_x", "W_h", "b"))
    N, T, F = X.shape
    n_hidden = len(b)
    h = np.zeros((N, n_hidden)) if h0 is None else np.asarray(h0, dtype=np.float64)
    H = np.zeros((N, T, n_hidden))
    for t in range(T):
        new = np.zeros((N, n_hidden))
        for n in range(N):
            for j in range(n_hidden):
                a = b[j] + sum(X[n, t, f] * W_x[f, j] for f in range(F))
                a += sum(h[n, i] * W_h[i, j] for i in range(n_hidden))
                new[n, j] = np.tanh(a)
        h = new
        H[:, t] = h
    return H


@given(rnn_cases())
def test_forward_shape_dtype_bounds_and_values(case):
    X, params, h0 = case
    H, cache = numpy_rnn.rnn_forward(X, params, h0)
    assert H.shape == X.shape[:2] + (len(params["b"]),)
    assert H.dtype == X.dtype
    assert np.all(np.isfinite(H)) and np.all(np.abs(H) <= 1)
    tolerance = 1e-5 if X.dtype == np.float32 else 1e-12
    np.testing.assert_allclose(H, forward_by_loop(X, params, h0), atol=tolerance, rtol=0)
    np.testing.assert_array_equal(cache.H, H)


@given(rnn_cases(scale=1e6))
def test_forward_never_overflows(case):
    X, params, h0 = case
    H, _ = numpy_rnn.rnn_forward(X, params, h0)
    assert np.all(np.isfinite(H)) and np.all(np.abs(H) <= 1)


def loss_and_grads(X, params, h0, dH):
    """L = sum(dH * H): its gradient with respect to H is exactly dH."""
    H, cache = numpy_rnn.rnn_forward(X, params, h0)
    return float(np.sum(dH * H)), numpy_rnn.rnn_backward(dH, cache)


def numeric_gradient(loss, array, eps=1e-6):
    """Central differences of ``loss()`` with respect to every entry of ``array`` (in place)."""
    grad = np.zeros_like(array)
    flat, out = array.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        plus = loss()
        flat[i] = original - eps
        minus = loss()
        flat[i] = original
        out[i] = (plus - minus) / (2 * eps)
    return grad


@given(rnn_cases(dtypes=(np.float64,), scale=2.0), st.integers(0, 2**16))
def test_backward_matches_finite_differences(case, seed):
    X, params, h0 = case
    X = X.copy()
    h0 = np.zeros((X.shape[0], len(params["b"]))) if h0 is None else h0.copy()
    dH = np.random.default_rng(seed).normal(size=X.shape[:2] + (len(params["b"]),))
    _, grads = loss_and_grads(X, params, h0, dH)
    assert set(grads) == {"W_x", "W_h", "b", "X", "h0"}

    def loss():
        return loss_and_grads(X, params, h0, dH)[0]

    for name, array in [("W_x", params["W_x"]), ("W_h", params["W_h"]), ("b", params["b"]),
                        ("X", X), ("h0", h0)]:
        assert grads[name].shape == array.shape and grads[name].dtype == np.float64
        np.testing.assert_allclose(
            grads[name], numeric_gradient(loss, array), rtol=1e-5, atol=1e-7,
            err_msg=f"gradient of {name}",
        )


@given(rnn_cases(dtypes=(np.float64,), scale=2.0), st.integers(0, 10))
def test_truncation_beyond_the_sequence_is_full_bptt(case, extra):
    X, params, h0 = case
    dH = np.ones(X.shape[:2] + (len(params["b"]),))
    H, cache = numpy_rnn.rnn_forward(X, params, h0)
    full = numpy_rnn.rnn_backward(dH, cache)
    truncated = numpy_rnn.rnn_backward(dH, cache, truncate=X.shape[1] + extra)
    for name in full:
        np.testing.assert_allclose(truncated[name], full[name], rtol=1e-12, atol=1e-12)


@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 100))
def test_count_params_counts_init_params(n_features, n_hidden, seed):
    params = numpy_rnn.init_params(n_features, n_hidden, seed=seed)
    assert numpy_rnn.count_params(n_features, n_hidden) == sum(p.size for p in params.values())


@given(
    st.dictionaries(
        st.sampled_from(["W_x", "W_h", "b"]),
        arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e3, 1e3)),
        min_size=1,
    ),
    st.floats(1e-3, 1e3),
)
def test_clipping_caps_the_norm_and_keeps_the_direction(grads, max_norm):
    clipped, norm = numpy_rnn.clip_gradients(grads, max_norm)
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    assert norm == pytest.approx(total)
    assert numpy_rnn.global_norm(clipped) <= max_norm * (1 + 1e-9) or norm <= max_norm
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    for key in grads:
        np.testing.assert_allclose(clipped[key], grads[key] * scale, rtol=1e-12)
