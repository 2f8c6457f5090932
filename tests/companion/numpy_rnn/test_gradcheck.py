"""Tests of rnnbook.numpy_rnn.gradcheck: the global norm, clipping and the gradient check."""

import doctest

import numpy as np
import pytest
import torch

from rnnbook.numpy_rnn import clip_gradients, global_norm, gradcheck, gradient_check, rnn_forward

from .references import loss_and_grads, random_inputs, random_params


def test_docstring_examples():
    result = doctest.testmod(gradcheck, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


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
