"""Tests of rnnbook.numpy_rnn.bptt against PyTorch autograd and finite differences."""

import doctest

import numpy as np
import pytest
import torch

from rnnbook.numpy_rnn import (
    bptt,
    bptt_step,
    full_bptt,
    init_params,
    rnn_backward,
    rnn_forward,
    state_gradients,
    truncated_bptt,
)

from .references import SHAPES, loss_and_grads, random_inputs, random_params, torch_rnn


def test_docstring_examples():
    result = doctest.testmod(bptt, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


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


def zero_grads(cache):
    """Zero running gradients with the keys and shapes of rnn_backward's result."""
    N, T, H = cache.H.shape
    F = cache.X.shape[2]
    return {"W_x": np.zeros((F, H)), "W_h": np.zeros((H, H)), "b": np.zeros(H),
            "X": np.zeros((N, T, F)), "h0": np.zeros((N, H))}


class TestStep:
    def test_one_step_by_hand(self):
        params = random_params(2, 3, seed=6)
        X, h0 = random_inputs(2, 4, 2, 3, seed=6)
        H, cache = rnn_forward(X, params, h0)
        dh = np.random.default_rng(6).standard_normal((2, 3))
        for t in (0, 2):
            grads = zero_grads(cache)
            h_prev = h0 if t == 0 else H[:, t - 1]
            dA = dh * (1 - H[:, t] ** 2)
            back = bptt_step(dh, t, cache, grads)
            np.testing.assert_allclose(back, dA @ params["W_h"].T, rtol=1e-12)
            np.testing.assert_allclose(grads["W_x"], X[:, t].T @ dA, rtol=1e-12)
            np.testing.assert_allclose(grads["W_h"], h_prev.T @ dA, rtol=1e-12)
            np.testing.assert_allclose(grads["b"], dA.sum(axis=0), rtol=1e-12)
            np.testing.assert_allclose(grads["X"][:, t], dA @ params["W_x"].T, rtol=1e-12)
            np.testing.assert_array_equal(np.delete(grads["X"], t, axis=1), 0.0)  # only step t
            np.testing.assert_array_equal(grads["h0"], back if t == 0 else 0.0)  # H_{-1} is h0

    def test_full_and_truncated_are_the_steps_run_in_a_loop(self):
        params = random_params(2, 3, seed=7)
        X, h0 = random_inputs(2, 5, 2, 3, seed=7)
        _, cache = rnn_forward(X, params, h0)
        G = np.random.default_rng(7).standard_normal((2, 5, 3))
        grads, H_bar = full_bptt(G, cache)
        by_hand, dh = zero_grads(cache), np.zeros((2, 3))
        for t in reversed(range(5)):
            dh = bptt_step(G[:, t] + dh, t, cache, by_hand)
        for key in grads:
            np.testing.assert_array_equal(grads[key], by_hand[key], err_msg=key)
            np.testing.assert_array_equal(rnn_backward(G, cache)[key], grads[key], err_msg=key)
            np.testing.assert_array_equal(
                truncated_bptt(G, cache, truncate=2)[key], rnn_backward(G, cache, truncate=2)[key], err_msg=key
            )
        np.testing.assert_array_equal(H_bar, state_gradients(G, cache))

    @pytest.mark.parametrize(
        "change, error, message",
        [
            ({"cache": "cache"}, TypeError, r"`cache` must be the RNNCache returned by rnn_forward\. Received: cache='cache'"),
            ({"t": 4}, ValueError, r"`t` must be a time step of the cache, below T = 4\. Received: t=4"),
            ({"t": -1}, ValueError, r"`t` must be >= 0\. Received: t=-1"),
            ({"t": 1.0}, TypeError, r"`t` must be an integer\. Received: t=1\.0"),
            ({"dh": np.zeros((2, 4))}, ValueError, r"`dh` must have shape \(N, H\) = \(2, 3\)\. Received: dh with shape \(2, 4\)"),
            ({"dh": np.zeros((2, 3), np.float32)}, TypeError, r"`dh` must have the dtype of the parameters \(float64\)"),
            ({"dh": np.full((2, 3), np.inf)}, ValueError, r"`dh` must contain only finite values"),
            ({"grads": {"W_x": 0}}, TypeError,
             r"`grads` must be a dict with the keys \['W_x', 'W_h', 'b', 'X', 'h0'\], as rnn_backward returns\. Received: grads=\{'W_x': 0\}"),
            ({"grads": "grads"}, TypeError, r"`grads` must be a dict with the keys"),
            ({"grads_X": np.zeros((2, 3, 2))}, ValueError,
             r"`grads\['X'\]` must be a float64 array of shape \(2, 4, 2\), added to in place\. Received: grads\['X'\]=array of shape \(2, 3, 2\)"),
            ({"grads_b": np.zeros(3, np.float32)}, ValueError, r"`grads\['b'\]` must be a float64 array of shape \(3,\)"),
        ],
    )
    def test_invalid(self, change, error, message):
        _, cache = rnn_forward(np.zeros((2, 4, 2)), init_params(2, 3, seed=0))
        arguments = {"dh": np.zeros((2, 3)), "t": 1, "cache": cache, "grads": zero_grads(cache)}
        for key, value in change.items():
            if key.startswith("grads_"):
                arguments["grads"][key[len("grads_"):]] = value
            else:
                arguments[key] = value
        with pytest.raises(error, match=message):
            bptt_step(**arguments)

    @pytest.mark.parametrize("function, args", [(full_bptt, ()), (truncated_bptt, (2,))])
    def test_loops_check_their_input(self, function, args):
        _, cache = rnn_forward(np.zeros((2, 4, 2)), init_params(2, 3, seed=0))
        with pytest.raises(ValueError, match=r"`dH` must have the shape of the hidden states H"):
            function(np.zeros((2, 4, 2)), cache, *args)
        with pytest.raises(TypeError, match=r"`cache` must be the RNNCache returned by rnn_forward"):
            function(np.zeros((2, 4, 3)), None, *args)
