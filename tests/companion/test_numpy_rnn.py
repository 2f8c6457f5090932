"""Tests of rnnbook.numpy_rnn against independent references.

References: NumPy's own tanh and cosh, central finite differences written
here, and PyTorch (``torch.nn.RNN`` for the forward pass, autograd for the
gradients), with the tolerance stated in each test. The Keras comparison is
in test_weights.py, which imports TensorFlow once.
"""

import doctest
import subprocess
import sys

import numpy as np
import pytest
import torch

from rnnbook import numpy_rnn
from rnnbook.numpy_rnn import (
    RNNCache,
    check_params,
    clip_gradients,
    count_params,
    dtanh_from_output,
    global_norm,
    gradient_check,
    init_params,
    rnn_backward,
    rnn_cell,
    rnn_forward,
    state_gradients,
    tanh,
    tanh_grad,
)

#: (N, T, F, H): batch of one, one step, and ordinary shapes.
SHAPES = [(1, 1, 1, 1), (1, 6, 2, 4), (3, 1, 2, 3), (4, 7, 3, 5), (2, 8, 2, 4)]


def random_params(F, H, *, seed, dtype=np.float64, scale=0.7):
    """Random weights with non-zero biases (init_params has zero biases)."""
    rng = np.random.default_rng(seed)
    return {
        "W_x": (scale * rng.standard_normal((F, H))).astype(dtype),
        "W_h": (scale * rng.standard_normal((H, H)) / np.sqrt(H)).astype(dtype),
        "b": (0.3 * rng.standard_normal(H)).astype(dtype),
    }


def random_inputs(N, T, F, H, *, seed, dtype=np.float64):
    rng = np.random.default_rng(seed + 1000)
    return rng.standard_normal((N, T, F)).astype(dtype), (0.5 * rng.standard_normal((N, H))).astype(dtype)


def torch_rnn(params, dtype):
    """An nn.RNN holding ``params``, written directly (not through rnnbook.weights)."""
    F, H = params["W_x"].shape
    module = torch.nn.RNN(F, H, batch_first=True, dtype=dtype)
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.tensor(params["W_x"].T))
        module.weight_hh_l0.copy_(torch.tensor(params["W_h"].T))
        module.bias_ih_l0.copy_(torch.tensor(params["b"]) / 2)  # split b over the two biases
        module.bias_hh_l0.copy_(torch.tensor(params["b"]) / 2)
    return module


def test_docstring_examples():
    result = doctest.testmod(numpy_rnn, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


def test_importing_loads_no_framework():
    code = (
        "import sys, rnnbook.numpy_rnn, rnnbook.weights; "
        "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


class TestTanh:
    def test_matches_numpy_everywhere(self):
        x = np.concatenate([np.linspace(-30, 30, 2001), [-1000.0, 1000.0, -1e300, 1e300, 1e-10, -1e-300]])
        np.testing.assert_allclose(tanh(x), np.tanh(x), rtol=1e-14, atol=0)  # float64: a few ulps

    def test_no_overflow_where_the_textbook_formula_fails(self):
        x = np.array([-1000.0, 1000.0])
        with np.errstate(over="ignore", invalid="ignore"):
            textbook = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        assert np.all(np.isnan(textbook))
        np.testing.assert_array_equal(tanh(x), [-1.0, 1.0])

    def test_no_overflow_for_the_largest_floats(self):
        # -2|x| itself overflows for |x| above half the largest float (1.7e38 in float32)
        huge32 = np.array([-3e38, 3e38], dtype=np.float32)
        huge64 = np.array([-1.7e308, 1.7e308])
        with np.errstate(over="raise", invalid="raise"):
            np.testing.assert_array_equal(tanh(huge32), [-1.0, 1.0])
            np.testing.assert_array_equal(tanh(huge64), [-1.0, 1.0])
            np.testing.assert_array_equal(tanh_grad(huge32), [0.0, 0.0])
            np.testing.assert_array_equal(tanh_grad(huge64), [0.0, 0.0])

    def test_keeps_dtype_and_shape(self):
        x32 = np.linspace(-5, 5, 12, dtype=np.float32).reshape(3, 4)
        y = tanh(x32)
        assert y.dtype == np.float32 and y.shape == (3, 4)
        np.testing.assert_allclose(y, np.tanh(x32.astype(np.float64)), rtol=1e-6, atol=1e-7)
        assert tanh([1, 2]).dtype == np.float64  # integers become float64
        assert np.ndim(tanh(0.5)) == 0 and tanh(0.5) == pytest.approx(np.tanh(0.5), rel=1e-15)
        assert np.signbit(tanh(-0.0)) and not np.signbit(tanh(0.0))  # as np.tanh

    def test_derivative_against_finite_differences(self):
        x = np.linspace(-6, 6, 241)
        eps = 1e-6
        numeric = (np.tanh(x + eps) - np.tanh(x - eps)) / (2 * eps)
        np.testing.assert_allclose(tanh_grad(x), numeric, rtol=1e-7, atol=1e-9)  # rounding: 1e-16 / eps

    def test_derivative_is_accurate_in_saturation(self):
        x = np.array([10.0, -20.0, 300.0, 350.0])
        np.testing.assert_allclose(tanh_grad(x), 1 / np.cosh(x) ** 2, rtol=1e-13, atol=0)
        with np.errstate(over="raise", invalid="raise"):  # no overflow, even where cosh overflows
            assert tanh_grad(1000.0) == 0.0 and tanh_grad(-1e300) == 0.0
        assert tanh_grad(np.float32(50.0)).dtype == np.float32

    def test_derivative_from_output(self):
        x = np.linspace(-4, 4, 81)
        np.testing.assert_allclose(dtanh_from_output(np.tanh(x)), tanh_grad(x), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(dtanh_from_output([1.0, -1.0, 0.0]), [0.0, 0.0, 1.0])

    @pytest.mark.parametrize(
        "function, value, error, message",
        [
            (tanh, "one", TypeError, r"`x` must be array-like of numbers\. Received: x='one'"),
            (tanh, [np.nan], ValueError, r"`x` must contain only finite values\. Received: x with 1 NaN"),
            (tanh, np.zeros(0), ValueError, r"`x` must not be empty"),
            (tanh_grad, np.array(["a"]), TypeError, r"`x` must hold real numbers\. Received: x with dtype <U1"),
            (tanh_grad, [np.inf], ValueError, r"`x` must contain only finite values"),
            (dtanh_from_output, [0.5, 1.5], ValueError,
             r"`h` must hold outputs of tanh, in \[-1, 1\]\. Received: h with values from 0\.5 to 1\.5"),
            (dtanh_from_output, None, TypeError, r"`h` must be array-like of numbers\. Received: h=None"),
        ],
    )
    def test_invalid(self, function, value, error, message):
        with pytest.raises(error, match=message):
            function(value)


class TestParams:
    def test_count(self):
        assert count_params(2, 4) == 28  # source document 001
        assert count_params(1, 1) == 3  # SimpleRNN(1)
        for F, H in [(1, 20), (20, 20), (3, 7)]:
            module = torch.nn.RNN(F, H)
            # PyTorch keeps a second bias vector: H more parameters
            assert count_params(F, H) == sum(p.numel() for p in module.parameters()) - H

    def test_init_shapes_and_distributions(self):
        params = init_params(3, 5, seed=0)
        assert {k: v.shape for k, v in params.items()} == {"W_x": (3, 5), "W_h": (5, 5), "b": (5,)}
        assert all(v.dtype == np.float64 for v in params.values())
        np.testing.assert_allclose(params["W_h"] @ params["W_h"].T, np.eye(5), atol=1e-12)
        np.testing.assert_array_equal(params["b"], np.zeros(5))
        big = init_params(200, 200, seed=1)
        limit = np.sqrt(6 / 400)
        assert np.abs(big["W_x"]).max() <= limit
        assert big["W_x"].var() == pytest.approx(limit**2 / 3, rel=0.05)  # variance of U(-l, l)
        singular = np.linalg.svd(big["W_h"], compute_uv=False)
        np.testing.assert_allclose(singular, 1.0, atol=1e-10)

    def test_orthogonal_draw_is_not_biased_to_positive_diagonal(self):
        diagonals = np.concatenate([np.diag(init_params(1, 4, seed=s)["W_h"]) for s in range(200)])
        assert abs(np.mean(diagonals > 0) - 0.5) < 0.1  # QR without the sign fix gives ~1.0

    def test_seeds(self):
        a, b = init_params(2, 3, seed=7), init_params(2, 3, seed=7)
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
        c = init_params(2, 3, seed=np.random.default_rng(7))
        np.testing.assert_array_equal(a["W_x"], c["W_x"])  # an int seed means default_rng(seed)
        rng = np.random.default_rng(0)
        d, e = init_params(2, 3, seed=rng), init_params(2, 3, seed=rng)
        assert not np.array_equal(d["W_x"], e["W_x"])  # a Generator is advanced
        assert not np.array_equal(a["W_x"], init_params(2, 3, seed=8)["W_x"])

    def test_float32(self):
        params = init_params(2, 3, seed=0, dtype=np.float32)
        assert all(v.dtype == np.float32 for v in params.values())
        np.testing.assert_allclose(params["W_x"], init_params(2, 3, seed=0)["W_x"], rtol=1e-6)

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"seed": "1"}, TypeError, r"`seed` must be a non-negative integer or a numpy\.random\.Generator\. Received: seed='1'"),
            ({"seed": True}, TypeError, r"`seed` must be a non-negative integer or a numpy\.random\.Generator\. Received: seed=True"),
            ({"seed": 1.5}, TypeError, r"Received: seed=1\.5"),
            ({"seed": np.random.RandomState(0)}, TypeError, r"Received: seed=RandomState"),
            ({"seed": -1}, ValueError, r"`seed` must be >= 0\. Received: seed=-1"),
            ({"seed": 0, "dtype": np.int64}, TypeError, r"`dtype` must be float32 or float64\. Received: dtype=<class 'numpy\.int64'>"),
            ({"seed": 0, "dtype": "float16"}, TypeError, r"`dtype` must be float32 or float64\. Received: dtype='float16'"),
            ({"seed": 0, "dtype": "nonsense"}, TypeError, r"`dtype` must be float32 or float64"),
            ({"seed": 0, "dtype": None}, TypeError, r"`dtype` must be float32 or float64\. Received: dtype=None"),
            ({"seed": 0, "n_hidden": 0}, ValueError, r"`n_hidden` must be >= 1\. Received: n_hidden=0"),
            ({"seed": 0, "n_features": 2.0}, TypeError, r"`n_features` must be an integer\. Received: n_features=2\.0"),
        ],
    )
    def test_init_invalid(self, kwargs, error, message):
        arguments = {"n_features": 2, "n_hidden": 3, **kwargs}
        with pytest.raises(error, match=message):
            init_params(arguments.pop("n_features"), arguments.pop("n_hidden"), **arguments)

    def test_init_requires_seed(self):
        with pytest.raises(TypeError, match="seed"):
            init_params(2, 3)

    def test_count_invalid(self):
        with pytest.raises(ValueError, match=r"`n_features` must be >= 1\. Received: n_features=0"):
            count_params(0, 3)
        with pytest.raises(TypeError, match=r"`n_hidden` must be an integer\. Received: n_hidden='4'"):
            count_params(2, "4")

    def test_check_params_accepts_integers_as_float64(self):
        W_x, W_h, b = check_params({"W_x": [[1, 2]], "W_h": [[1, 0], [0, 1]], "b": [0, 0]})
        assert W_x.dtype == W_h.dtype == b.dtype == np.float64

    @pytest.mark.parametrize(
        "change, error, message",
        [
            (lambda p: [1, 2, 3], TypeError, r"`params` must be a dict with keys 'W_x', 'W_h' and 'b'\. Received: params=\[1, 2, 3\]"),
            (lambda p: {k: v for k, v in p.items() if k != "b"}, ValueError,
             r"`params` must have exactly the keys 'W_x', 'W_h' and 'b'\. Received: params missing \['b'\] and with extra keys \[\]"),
            (lambda p: {**p, "W_y": p["W_h"]}, ValueError, r"Received: params missing \[\] and with extra keys \['W_y'\]"),
            (lambda p: {**p, "W_x": p["W_x"][0]}, ValueError, r"`params\['W_x'\]` must have 2 dimensions\. Received: params\['W_x'\] with shape \(3,\)"),
            (lambda p: {**p, "W_h": p["W_h"][:, :2]}, ValueError,
             r"`params\['W_h'\]` must have shape \(H, H\) = \(3, 3\), H being the columns of W_x\. Received: params\['W_h'\] with shape \(3, 2\)"),
            (lambda p: {**p, "b": np.zeros(4)}, ValueError,
             r"`params\['b'\]` must have shape \(H,\) = \(3,\), H being the columns of W_x\. Received: params\['b'\] with shape \(4,\)"),
            (lambda p: {**p, "b": np.full(3, np.nan)}, ValueError, r"`params\['b'\]` must contain only finite values"),
            (lambda p: {**p, "b": p["b"].astype(np.float32)}, TypeError,
             r"`params` arrays must share one dtype\. Received: W_x float64, W_h float64, b float32"),
            (lambda p: {**p, "W_h": p["W_h"].astype(np.float16)}, TypeError,
             r"`params\['W_h'\]` must be float32 or float64\. Received: params\['W_h'\] with dtype float16"),
            (lambda p: {**p, "W_x": "abc"}, TypeError, r"`params\['W_x'\]` must be array-like of numbers"),
        ],
    )
    def test_check_params_invalid(self, change, error, message):
        params = init_params(2, 3, seed=0)
        with pytest.raises(error, match=message):
            check_params(change(params))
        with pytest.raises(error, match=message):  # every public function checks its parameters
            rnn_forward(np.zeros((1, 2, 2)), change(params))


class TestForward:
    @pytest.mark.parametrize("N, T, F, H", SHAPES)
    def test_matches_torch_float64(self, N, T, F, H):
        params = random_params(F, H, seed=N * T + F * H)
        X, h0 = random_inputs(N, T, F, H, seed=T)
        ours, _ = rnn_forward(X, params, h0)
        reference, last = torch_rnn(params, torch.float64)(torch.tensor(X), torch.tensor(h0)[None])
        np.testing.assert_allclose(ours, reference.detach().numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(ours[:, -1], last[0].detach().numpy(), rtol=1e-12, atol=1e-14)

    @pytest.mark.parametrize("N, T, F, H", SHAPES)
    def test_matches_torch_float32(self, N, T, F, H):
        params = random_params(F, H, seed=3 * N + T, dtype=np.float32)
        X, _ = random_inputs(N, T, F, H, seed=F, dtype=np.float32)
        ours, _ = rnn_forward(X, params)  # h0 defaults to zeros, as in PyTorch
        assert ours.dtype == np.float32
        reference, _ = torch_rnn(params, torch.float32)(torch.tensor(X))
        np.testing.assert_allclose(ours, reference.detach().numpy(), rtol=1e-5, atol=1e-6)

    def test_loop_equals_cell(self):
        params = random_params(2, 3, seed=0)
        X, h0 = random_inputs(2, 4, 2, 3, seed=0)
        H, cache = rnn_forward(X, params, h0)
        h = h0
        for t in range(4):
            h = rnn_cell(X[:, t], h, params)
            np.testing.assert_array_equal(H[:, t], h)
        manual = np.tanh(X[:, 0] @ params["W_x"] + h0 @ params["W_h"] + params["b"])
        np.testing.assert_allclose(H[:, 0], manual, rtol=1e-15)
        assert isinstance(cache, RNNCache)
        np.testing.assert_array_equal(cache.previous_states()[:, 1:], H[:, :-1])
        np.testing.assert_array_equal(cache.previous_states()[:, 0], h0)

    def test_states_are_bounded_and_batch_independent(self):
        params = random_params(1, 4, seed=1, scale=5.0)
        X = 100 * np.random.default_rng(0).standard_normal((5, 30, 1))
        H, _ = rnn_forward(X, params)
        assert np.all(np.abs(H) <= 1)
        H_first, _ = rnn_forward(X[:1], params)  # each sequence is processed on its own
        np.testing.assert_allclose(H[:1], H_first, rtol=1e-14)

    def test_integer_inputs_follow_the_parameters(self):
        params = init_params(3, 2, seed=0, dtype=np.float32)
        H, _ = rnn_forward(np.eye(3, dtype=np.int64)[None], params)  # one-hot codes
        assert H.dtype == np.float32
        H_bool, _ = rnn_forward(np.eye(3, dtype=bool)[None], params)
        np.testing.assert_array_equal(H, H_bool)

    @pytest.mark.parametrize(
        "X, h0, error, message",
        [
            (np.zeros((2, 3)), None, ValueError, r"`X` must have 3 dimensions\. Received: X with shape \(2, 3\) \(2 dimensions\)"),
            (np.zeros((2, 3, 4)), None, ValueError,
             r"`X` must have F = 2 features \(the rows of W_x\) on its last axis\. Received: X with shape \(2, 3, 4\)"),
            (np.zeros((2, 0, 2)), None, ValueError, r"`X` must not be empty\. Received: X with shape \(2, 0, 2\)"),
            (np.full((1, 2, 2), np.inf), None, ValueError, r"`X` must contain only finite values\. Received: X with 4 NaN or infinite"),
            (np.zeros((2, 3, 2), np.float32), None, TypeError,
             r"`X` must have the dtype of the parameters \(float64\)\. Received: X with dtype float32 \(convert with \.astype\(np\.float64\) or draw the parameters with dtype=np\.float32\)"),
            (np.zeros((2, 3, 2), np.float16), None, TypeError,
             r"`X` must have the dtype of the parameters \(float64\)\. Received: X with dtype float16 \(convert with \.astype\(np\.float64\)\)$"),
            (np.zeros((2, 3, 2)), np.zeros((3, 3)), ValueError, r"`h0` must have shape \(N, H\) = \(2, 3\)\. Received: h0 with shape \(3, 3\)"),
            (np.zeros((2, 3, 2)), np.zeros(3), ValueError, r"`h0` must have 2 dimensions"),
            (np.zeros((2, 3, 2)), np.zeros((2, 3), np.float32), TypeError, r"`h0` must have the dtype of the parameters \(float64\)"),
            ("abc", None, TypeError, r"`X` must be array-like of numbers"),
        ],
    )
    def test_invalid(self, X, h0, error, message):
        with pytest.raises(error, match=message):
            rnn_forward(X, init_params(2, 3, seed=0), h0)

    def test_cell_invalid(self):
        params = init_params(2, 3, seed=0)
        with pytest.raises(ValueError, match=r"`x_t` must have F = 2 columns, the rows of W_x\. Received: x_t with shape \(4, 5\)"):
            rnn_cell(np.zeros((4, 5)), np.zeros((4, 3)), params)
        with pytest.raises(ValueError, match=r"`h_prev` must have shape \(N, H\) = \(4, 3\)\. Received: h_prev with shape \(1, 3\)"):
            rnn_cell(np.zeros((4, 2)), np.zeros((1, 3)), params)
        with pytest.raises(ValueError, match=r"`x_t` must have 2 dimensions"):
            rnn_cell(np.zeros((4, 1, 2)), np.zeros((4, 3)), params)
        with pytest.raises(TypeError, match=r"`h_prev` must have the dtype of the parameters"):
            rnn_cell(np.zeros((4, 2)), np.zeros((4, 3), np.float32), params)


def torch_gradients(params, X, h0, G, dtype=torch.float64):
    """Gradients of sum(G * H) by PyTorch autograd through nn.RNN."""
    module = torch_rnn(params, dtype)
    X_t = torch.tensor(X, dtype=dtype, requires_grad=True)
    h0_t = torch.tensor(h0, dtype=dtype, requires_grad=True)
    H, _ = module(X_t, h0_t[None])
    (H * torch.tensor(G, dtype=dtype)).sum().backward()
    return {
        "W_x": module.weight_ih_l0.grad.numpy().T,
        "W_h": module.weight_hh_l0.grad.numpy().T,
        "b": module.bias_ih_l0.grad.numpy(),  # the same for both biases
        "X": X_t.grad.numpy(),
        "h0": h0_t.grad.numpy(),
    }


def loss_and_grads(params, X, h0, G, **kwargs):
    H, cache = rnn_forward(X, params, h0)
    return float(np.sum(G * H)), rnn_backward(G, cache, **kwargs)


class TestBackward:
    @pytest.mark.parametrize("N, T, F, H", SHAPES)
    def test_matches_torch_autograd(self, N, T, F, H):
        params = random_params(F, H, seed=N + T + F + H)
        X, h0 = random_inputs(N, T, F, H, seed=2 * T)
        G = np.random.default_rng(5).standard_normal((N, T, H))  # dL/dH for L = sum(G * H)
        _, ours = loss_and_grads(params, X, h0, G)
        reference = torch_gradients(params, X, h0, G)
        assert set(ours) == {"W_x", "W_h", "b", "X", "h0"}
        for key in ours:
            assert ours[key].shape == reference[key].shape
            np.testing.assert_allclose(ours[key], reference[key], rtol=1e-10, atol=1e-12, err_msg=key)

    def test_matches_torch_autograd_float32_last_step_loss(self):
        params = random_params(2, 4, seed=0, dtype=np.float32)
        X, h0 = random_inputs(3, 10, 2, 4, seed=0, dtype=np.float32)
        G = np.zeros((3, 10, 4), np.float32)
        G[:, -1] = 1.0  # a loss on the last state only, as in a seq2vec model
        _, ours = loss_and_grads(params, X, h0, G)
        reference = torch_gradients(params, X, h0, G, dtype=torch.float32)
        for key in ours:
            assert ours[key].dtype == np.float32
            np.testing.assert_allclose(ours[key], reference[key], rtol=1e-5, atol=1e-6, err_msg=key)

    def test_matches_finite_differences(self):
        N, T, F, H = 2, 5, 3, 4
        params = random_params(F, H, seed=11)
        X, h0 = random_inputs(N, T, F, H, seed=11)
        G = np.random.default_rng(6).standard_normal((N, T, H))
        _, grads = loss_and_grads(params, X, h0, G)
        point = {**params, "X": X, "h0": h0}
        eps = 1e-6
        for key, value in point.items():
            numeric = np.zeros_like(value)
            for index in np.ndindex(value.shape):
                original = value[index]
                value[index] = original + eps
                plus = loss_and_grads({k: point[k] for k in params}, point["X"], point["h0"], G)[0]
                value[index] = original - eps
                minus = loss_and_grads({k: point[k] for k in params}, point["X"], point["h0"], G)[0]
                value[index] = original
                numeric[index] = (plus - minus) / (2 * eps)
            np.testing.assert_allclose(grads[key], numeric, rtol=1e-4, atol=1e-8, err_msg=key)

    def test_truncate_at_least_T_is_full_bptt(self):
        params = random_params(2, 3, seed=1)
        X, h0 = random_inputs(2, 6, 2, 3, seed=1)
        G = np.random.default_rng(1).standard_normal((2, 6, 3))
        _, full = loss_and_grads(params, X, h0, G)
        for k in (6, 50):
            _, truncated = loss_and_grads(params, X, h0, G, truncate=k)
            for key in full:
                np.testing.assert_allclose(truncated[key], full[key], rtol=1e-12, atol=1e-14, err_msg=key)

    def test_truncate_one_ignores_the_recurrence(self):
        params = random_params(2, 3, seed=2)
        X, h0 = random_inputs(2, 6, 2, 3, seed=2)
        G = np.random.default_rng(2).standard_normal((2, 6, 3))
        H, cache = rnn_forward(X, params, h0)
        grads = rnn_backward(G, cache, truncate=1)
        dA = G * (1 - H**2)  # (N, T, H): no gradient passes from one step to the one before
        H_prev = np.concatenate([h0[:, None], H[:, :-1]], axis=1)
        np.testing.assert_allclose(grads["W_x"], np.einsum("ntf,nth->fh", X, dA), rtol=1e-12)
        np.testing.assert_allclose(grads["W_h"], np.einsum("ntg,nth->gh", H_prev, dA), rtol=1e-12)
        np.testing.assert_allclose(grads["b"], dA.sum(axis=(0, 1)), rtol=1e-12)
        np.testing.assert_allclose(grads["X"], dA @ params["W_x"].T, rtol=1e-12)
        np.testing.assert_allclose(grads["h0"], dA[:, 0] @ params["W_h"].T, rtol=1e-12)

    @pytest.mark.parametrize("k", [2, 3])
    def test_truncated_matches_autograd_with_detached_states(self, k):
        N, T, F, H = 2, 7, 2, 3
        params = random_params(F, H, seed=k)
        X, h0 = random_inputs(N, T, F, H, seed=k)
        G = np.random.default_rng(k).standard_normal((N, T, H))
        ours = rnn_backward(G, rnn_forward(X, params, h0)[1], truncate=k)
        # Reference: for each loss term t, rerun steps t-k+1..t from a detached state
        # (or from h0 when the window reaches the start) and let autograd do the rest.
        leaves = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
        X_t = torch.tensor(X, requires_grad=True)
        h0_t = torch.tensor(h0, requires_grad=True)
        with torch.no_grad():
            states = [h0_t]
            for t in range(T):
                states.append(torch.tanh(X_t[:, t] @ leaves["W_x"] + states[-1] @ leaves["W_h"] + leaves["b"]))
        for t in range(T):
            start = max(t - k + 1, 0)
            h = h0_t if start == 0 else states[start].detach()  # states[s] is H_{s-1}
            for s in range(start, t + 1):
                h = torch.tanh(X_t[:, s] @ leaves["W_x"] + h @ leaves["W_h"] + leaves["b"])
            (h * torch.tensor(G[:, t])).sum().backward()
        reference = {key: leaf.grad.numpy() for key, leaf in leaves.items()}
        reference.update(X=X_t.grad.numpy(), h0=h0_t.grad.numpy())
        for key in ours:
            np.testing.assert_allclose(ours[key], reference[key], rtol=1e-10, atol=1e-12, err_msg=key)

    def test_truncation_changes_the_gradient(self):
        params = random_params(2, 3, seed=3, scale=1.5)
        X, h0 = random_inputs(2, 8, 2, 3, seed=3)
        G = np.zeros((2, 8, 3))
        G[:, -1] = 1.0
        _, full = loss_and_grads(params, X, h0, G)
        _, short = loss_and_grads(params, X, h0, G, truncate=2)
        assert not np.allclose(full["W_h"], short["W_h"])
        np.testing.assert_array_equal(short["X"][:, :-2], 0.0)  # nothing reaches further back
        np.testing.assert_array_equal(short["h0"], 0.0)

    def test_state_gradients_match_autograd(self):
        N, T, F, H = 2, 6, 2, 3
        params = random_params(F, H, seed=4)
        X, h0 = random_inputs(N, T, F, H, seed=4)
        G = np.random.default_rng(4).standard_normal((N, T, H))
        ours = state_gradients(G, rnn_forward(X, params, h0)[1])
        weights = {key: torch.tensor(value) for key, value in params.items()}
        # a leaf that requires grad, so that every state is part of the autograd graph
        W_h = torch.tensor(params["W_h"], requires_grad=True)
        h, states = torch.tensor(h0), []
        for t in range(T):
            h = torch.tanh(torch.tensor(X[:, t]) @ weights["W_x"] + h @ W_h + weights["b"])
            h.retain_grad()
            states.append(h)
        total = sum((s * torch.tensor(G[:, t])).sum() for t, s in enumerate(states))
        total.backward()
        reference = np.stack([s.grad.numpy() for s in states], axis=1)  # (N, T, H)
        np.testing.assert_allclose(ours, reference, rtol=1e-10, atol=1e-12)
        np.testing.assert_array_equal(ours[:, -1], G[:, -1])  # nothing comes after the last step

    @pytest.mark.parametrize(
        "dH, cache, kwargs, error, message",
        [
            (np.zeros((2, 3, 3)), {"H": 1}, {}, TypeError, r"`cache` must be the RNNCache returned by rnn_forward\. Received: cache=\{'H': 1\}"),
            (np.zeros((2, 3, 4)), None, {}, ValueError,
             r"`dH` must have the shape of the hidden states H, \(N, T, H\) = \(2, 3, 3\)\. Received: dH with shape \(2, 3, 4\)"),
            (np.zeros((2, 3)), None, {}, ValueError, r"`dH` must have 3 dimensions"),
            (np.zeros((2, 3, 3), np.float32), None, {}, TypeError, r"`dH` must have the dtype of the parameters \(float64\)\. Received: dH with dtype float32"),
            (np.full((2, 3, 3), np.nan), None, {}, ValueError, r"`dH` must contain only finite values"),
            (np.zeros((2, 3, 3)), None, {"truncate": 0}, ValueError, r"`truncate` must be >= 1\. Received: truncate=0"),
            (np.zeros((2, 3, 3)), None, {"truncate": 2.0}, TypeError, r"`truncate` must be an integer\. Received: truncate=2\.0"),
        ],
    )
    def test_invalid(self, dH, cache, kwargs, error, message):
        if cache is None:
            cache = rnn_forward(np.zeros((2, 3, 2)), init_params(2, 3, seed=0))[1]
        with pytest.raises(error, match=message):
            rnn_backward(dH, cache, **kwargs)
        if not kwargs:
            with pytest.raises(error, match=message):
                state_gradients(dH, cache)


class TestClipping:
    def test_global_norm(self):
        grads = {"a": np.array([[1.0, 2.0]]), "b": np.array([2.0]), "c": np.array([[[4.0]]])}
        assert global_norm(grads) == pytest.approx(5.0, rel=1e-15)
        rng = np.random.default_rng(0)
        grads = {"W_x": rng.normal(size=(3, 4)), "W_h": rng.normal(size=(4, 4)), "b": rng.normal(size=4)}
        flat = np.concatenate([g.ravel() for g in grads.values()])
        assert global_norm(grads) == pytest.approx(np.linalg.norm(flat), rel=1e-14)

    def test_matches_torch_clip_grad_norm(self):
        rng = np.random.default_rng(1)
        grads = {"W_x": 10 * rng.normal(size=(3, 4)), "W_h": 10 * rng.normal(size=(4, 4)), "b": rng.normal(size=4)}
        clipped, norm = clip_gradients(grads, max_norm=2.0)
        tensors = [torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads.values()]
        for tensor, g in zip(tensors, grads.values()):
            tensor.grad = torch.tensor(g)
        torch_norm = torch.nn.utils.clip_grad_norm_(tensors, max_norm=2.0)
        assert norm == pytest.approx(float(torch_norm), rel=1e-12)
        for tensor, key in zip(tensors, grads):
            # PyTorch divides by norm + 1e-6, hence the tolerance
            np.testing.assert_allclose(clipped[key], tensor.grad.numpy(), rtol=1e-5)
        assert global_norm(clipped) == pytest.approx(2.0, rel=1e-12)

    def test_small_gradients_untouched_and_input_unchanged(self):
        grads = {"W_h": np.array([[0.3, 0.4]], np.float32)}
        clipped, norm = clip_gradients(grads, max_norm=1.0)
        assert norm == pytest.approx(0.5)
        np.testing.assert_array_equal(clipped["W_h"], grads["W_h"])
        assert clipped["W_h"] is not grads["W_h"] and clipped["W_h"].dtype == np.float32
        big = {"W_h": np.array([[30.0, 40.0]])}
        clipped, _ = clip_gradients(big, max_norm=5.0)
        np.testing.assert_array_equal(big["W_h"], [[30.0, 40.0]])  # not modified in place
        np.testing.assert_allclose(clipped["W_h"], [[3.0, 4.0]])  # same direction
        zero, norm = clip_gradients({"b": np.zeros(3)}, max_norm=1.0)
        assert norm == 0.0 and not np.any(zero["b"])

    @pytest.mark.parametrize(
        "grads, max_norm, error, message",
        [
            ([np.ones(2)], 1.0, TypeError, r"`grads` must be a dict of arrays\. Received: grads=\[array"),
            ({}, 1.0, ValueError, r"`grads` must hold at least one array\. Received: grads=\{\}"),
            ({"b": np.array([np.inf])}, 1.0, ValueError, r"`grads\['b'\]` must contain only finite values"),
            ({"b": np.ones(2)}, 0.0, ValueError, r"`max_norm` must be > 0\.0\. Received: max_norm=0\.0"),
            ({"b": np.ones(2)}, "1", TypeError, r"`max_norm` must be a real number\. Received: max_norm='1'"),
        ],
    )
    def test_invalid(self, grads, max_norm, error, message):
        with pytest.raises(error, match=message):
            clip_gradients(grads, max_norm)
        if max_norm == 1.0:
            with pytest.raises(error, match=message):
                global_norm(grads)


class TestGradientCheck:
    def setup_method(self):
        self.params = random_params(2, 3, seed=9)
        self.X, self.h0 = random_inputs(2, 5, 2, 3, seed=9)
        self.G = np.random.default_rng(9).standard_normal((2, 5, 3))

    def f(self, p, **kwargs):
        return loss_and_grads({k: p[k] for k in ("W_x", "W_h", "b")}, p["X"], self.h0, self.G, **kwargs)

    def test_correct_gradient_passes(self):
        error = gradient_check(self.f, {**self.params, "X": self.X})
        assert error < 1e-6

    def test_wrong_gradients_fail(self):
        fixed = {k: self.params[k] for k in ("W_h", "b")}

        def no_tanh_derivative(p):  # a classic bug: forgetting to backpropagate through tanh
            H, _ = rnn_forward(self.X, {**fixed, "W_x": p["W_x"]}, self.h0)
            return float(np.sum(self.G * H)), {"W_x": np.einsum("ntf,nth->fh", self.X, self.G)}

        assert gradient_check(no_tanh_derivative, {"W_x": self.params["W_x"]}) > 1e-2

        def truncated(p):  # truncated BPTT is not the gradient of the loss
            return self.f(p, truncate=1)

        assert gradient_check(truncated, {**self.params, "X": self.X}) > 1e-2

    def test_sampling_and_seed(self):
        calls = []

        def counting(p):
            calls.append(1)
            return float(np.sum(p["w"] ** 2)), {"w": 2 * p["w"]}

        error = gradient_check(counting, {"w": np.linspace(-1, 1, 100)}, n_samples=5, seed=np.random.default_rng(0))
        assert error < 1e-6 and len(calls) == 1 + 2 * 5  # one analytic call, two per sampled entry

    def test_does_not_modify_params(self):
        params = {**self.params, "X": self.X}
        before = {k: v.copy() for k, v in params.items()}
        gradient_check(self.f, params, n_samples=3)
        for key in params:
            np.testing.assert_array_equal(params[key], before[key])

    @pytest.mark.parametrize(
        "f, params, kwargs, error, message",
        [
            ("loss", {"w": np.ones(2)}, {}, TypeError, r"`f` must be callable as f\(params\) -> \(loss, grads\)\. Received: f='loss'"),
            (lambda p: (0.0, p), [np.ones(2)], {}, TypeError, r"`params` must be a dict of float64 arrays\. Received: params=\[array"),
            (lambda p: (0.0, p), {}, {}, ValueError, r"`params` must hold at least one array\. Received: params=\{\}"),
            (lambda p: (0.0, p), {"w": np.ones(2, np.float32)}, {}, TypeError,
             r"`params\['w'\]` must be float64 for a finite-difference check \(float32 rounding swamps the differences\)\. Received: dtype float32"),
            (lambda p: 0.0, {"w": np.ones(2)}, {}, TypeError, r"`f` must return a pair \(loss, grads\)\. Received: 0\.0"),
            (lambda p: (np.nan, p), {"w": np.ones(2)}, {}, ValueError, r"`f` must return a finite loss\. Received: loss=nan"),
            (lambda p: (0.0, [1]), {"w": np.ones(2)}, {}, TypeError, r"`f` must return grads as a dict\. Received: grads=\[1\]"),
            (lambda p: (0.0, {}), {"w": np.ones(2)}, {}, ValueError, r"`f` must return a gradient for every key of params\. Missing: 'w'"),
            (lambda p: (0.0, {"w": np.ones(3)}), {"w": np.ones(2)}, {}, ValueError,
             r"The gradient for 'w' must have the shape of params\['w'\], \(2,\)\. Received: shape \(3,\)"),
            (lambda p: (0.0, p), {"w": np.ones(2)}, {"eps": 0}, ValueError, r"`eps` must be > 0\.0\. Received: eps=0\.0"),
            (lambda p: (0.0, p), {"w": np.ones(2)}, {"n_samples": 0}, ValueError, r"`n_samples` must be >= 1\. Received: n_samples=0"),
            (lambda p: (0.0, p), {"w": np.ones(2)}, {"seed": "a"}, TypeError, r"`seed` must be a non-negative integer or a numpy\.random\.Generator"),
        ],
    )
    def test_invalid(self, f, params, kwargs, error, message):
        with pytest.raises(error, match=message):
            gradient_check(f, params, **kwargs)
