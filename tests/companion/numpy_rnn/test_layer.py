"""Tests of rnnbook.numpy_rnn.layer: parameters, the cell and the forward pass against torch.nn.RNN."""

import doctest
import subprocess
import sys

import numpy as np
import pytest
import torch

from rnnbook.numpy_rnn import (
    RNNCache,
    check_params,
    count_params,
    init_params,
    layer,
    rnn_cell,
    rnn_forward,
)

from .references import SHAPES, random_inputs, random_params, torch_rnn


def test_docstring_examples():
    result = doctest.testmod(layer, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_importing_loads_no_framework():
    code = (
        "import sys, rnnbook.numpy_rnn, rnnbook.weights; "
        "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


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
