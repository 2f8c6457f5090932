"""Independent references and random inputs shared by the tests of rnnbook.numpy_rnn.

References: NumPy's own tanh and cosh, central finite differences written
in the tests, and PyTorch (``torch.nn.RNN`` for the forward pass, autograd
for the gradients), with the tolerance stated in each test. The Keras
comparison is in test_weights.py, which imports TensorFlow once.
"""

import numpy as np
import torch

from rnnbook.numpy_rnn import rnn_backward, rnn_forward


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


def loss_and_grads(params, X, h0, G, **kwargs):
    H, cache = rnn_forward(X, params, h0)
    return float(np.sum(G * H)), rnn_backward(G, cache, **kwargs)
