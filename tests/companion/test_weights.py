"""Tests of rnnbook.weights: NumPy <-> Keras SimpleRNN <-> torch.nn.RNN.

The NumPy forward pass is compared with both frameworks' own forward passes
(tolerance 1e-5 relative in float32); round trips must be exact. TensorFlow
is slow to import, so Keras is imported once for the module and only a few
small layers are built.
"""

import doctest

import numpy as np
import pytest
import torch

from rnnbook import weights
from rnnbook.numpy_rnn import count_params, init_params, rnn_forward
from rnnbook.weights import from_keras, from_torch, to_keras, to_torch

#: (N, T, F, H): batch of one, one step, and ordinary shapes.
SHAPES = [(1, 1, 1, 1), (3, 1, 2, 3), (2, 7, 3, 5)]


@pytest.fixture(scope="module")
def keras():
    import keras

    return keras


def random_params(F, H, *, seed, dtype=np.float32):
    rng = np.random.default_rng(seed)
    return {
        "W_x": rng.normal(0, 0.8, (F, H)).astype(dtype),
        "W_h": rng.normal(0, 0.8 / np.sqrt(H), (H, H)).astype(dtype),
        "b": rng.normal(0, 0.3, H).astype(dtype),
    }


def inputs(N, T, F, *, seed, dtype=np.float32):
    return np.random.default_rng(seed + 100).standard_normal((N, T, F)).astype(dtype)


def test_docstring_examples(keras):
    result = doctest.testmod(weights, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


class TestKeras:
    @pytest.mark.parametrize("N, T, F, H", SHAPES)
    def test_numpy_forward_equals_simple_rnn(self, keras, N, T, F, H):
        params = random_params(F, H, seed=N + T + F)
        X = inputs(N, T, F, seed=H)
        layer = to_keras(params, keras.layers.SimpleRNN(H, return_sequences=True))
        reference = keras.ops.convert_to_numpy(layer(X))  # (N, T, H)
        ours, _ = rnn_forward(X, params)
        np.testing.assert_allclose(ours, reference, rtol=1e-5, atol=1e-6)

    def test_initial_state_and_float64_parameters(self, keras):
        params = random_params(2, 4, seed=1, dtype=np.float64)
        X = inputs(3, 5, 2, seed=1, dtype=np.float64)
        h0 = np.random.default_rng(2).uniform(-0.5, 0.5, (3, 4))
        layer = to_keras(params, keras.layers.SimpleRNN(4, return_sequences=True))  # cast to float32
        reference = keras.ops.convert_to_numpy(layer(X.astype(np.float32), initial_state=h0.astype(np.float32)))
        ours, _ = rnn_forward(X, params, h0)
        np.testing.assert_allclose(ours, reference, rtol=1e-5, atol=1e-6)

    def test_round_trip_is_exact(self, keras):
        params = random_params(3, 2, seed=2)
        back = from_keras(to_keras(params, keras.layers.SimpleRNN(2)))
        assert set(back) == {"W_x", "W_h", "b"}
        for key in params:
            assert back[key].dtype == np.float32
            np.testing.assert_array_equal(back[key], params[key])
            assert back[key] is not params[key]

    def test_reads_keras_initialisation(self, keras):
        layer = keras.layers.SimpleRNN(4)
        layer.build((None, None, 2))
        params = from_keras(layer)
        kernel, recurrent, bias = layer.get_weights()
        np.testing.assert_array_equal(params["W_x"], kernel)
        np.testing.assert_array_equal(params["W_h"], recurrent)
        np.testing.assert_array_equal(params["b"], bias)
        # Keras draws an orthogonal recurrent kernel and zero biases, as init_params does
        np.testing.assert_allclose(params["W_h"] @ params["W_h"].T, np.eye(4), atol=1e-5)
        np.testing.assert_array_equal(params["b"], 0.0)

    def test_parameter_counts(self, keras):
        for F, H in [(2, 4), (1, 1), (1, 20)]:
            model = keras.Sequential([keras.Input(shape=(None, F)), keras.layers.SimpleRNN(H)])
            assert model.count_params() == count_params(F, H)

    def test_invalid(self, keras):
        params = random_params(2, 3, seed=0)
        with pytest.raises(TypeError, match=r"`layer` must be a keras\.layers\.SimpleRNN\. Received: layer=<LSTM"):
            to_keras(params, keras.layers.LSTM(3))
        with pytest.raises(ValueError, match=r"`layer` must have units = H = 3, the columns of W_x\. Received: layer with units=4"):
            to_keras(params, keras.layers.SimpleRNN(4))
        built = keras.layers.SimpleRNN(3)
        built.build((None, None, 5))
        with pytest.raises(ValueError, match=r"`layer` must take F = 2 input features, the rows of W_x\. Received: layer with kernel of shape \(5, 3\)"):
            to_keras(params, built)
        with pytest.raises(ValueError, match=r"`layer` must use the tanh activation, as the NumPy layer does\. Received: layer with activation relu"):
            to_keras(params, keras.layers.SimpleRNN(3, activation="relu"))
        with pytest.raises(ValueError, match=r"`layer` must have a bias \(use_bias=True\)\. Received: layer with use_bias=False"):
            to_keras(params, keras.layers.SimpleRNN(3, use_bias=False))
        with pytest.raises(ValueError, match=r"`layer` must be built \(called on data or built with layer\.build\(\(None, None, F\)\)\) before its weights can be read"):
            from_keras(keras.layers.SimpleRNN(3))
        with pytest.raises(TypeError, match=r"`layer` must be a keras\.layers\.SimpleRNN\. Received: layer='rnn'"):
            from_keras("rnn")
        with pytest.raises(ValueError, match=r"`params` must have exactly the keys 'W_x', 'W_h' and 'b'"):
            to_keras({"W_x": params["W_x"]}, keras.layers.SimpleRNN(3))


class TestTorch:
    @pytest.mark.parametrize("N, T, F, H", SHAPES)
    def test_numpy_forward_equals_nn_rnn(self, N, T, F, H):
        params = random_params(F, H, seed=N * T + H)
        X = inputs(N, T, F, seed=F)
        module = to_torch(params, torch.nn.RNN(F, H, batch_first=True))
        reference, _ = module(torch.from_numpy(X))
        ours, _ = rnn_forward(X, params)
        np.testing.assert_allclose(ours, reference.detach().numpy(), rtol=1e-5, atol=1e-6)

    def test_two_biases_are_summed(self):
        torch.manual_seed(0)
        module = torch.nn.RNN(2, 3, batch_first=True)  # PyTorch's own init: both biases non-zero
        params = from_torch(module)
        np.testing.assert_array_equal(params["b"], (module.bias_ih_l0 + module.bias_hh_l0).detach().numpy())
        np.testing.assert_array_equal(params["W_x"], module.weight_ih_l0.detach().numpy().T)
        X = inputs(4, 6, 2, seed=0)
        reference, _ = module(torch.from_numpy(X))
        ours, _ = rnn_forward(X, params)
        np.testing.assert_allclose(ours, reference.detach().numpy(), rtol=1e-5, atol=1e-6)
        assert params["W_x"].flags.c_contiguous and params["W_h"].flags.c_contiguous

    def test_round_trip_is_exact(self):
        params = random_params(3, 4, seed=3)
        module = to_torch(params, torch.nn.RNN(3, 4, batch_first=True))
        np.testing.assert_array_equal(module.bias_hh_l0.detach().numpy(), 0.0)
        back = from_torch(module)
        for key in params:
            assert back[key].dtype == np.float32
            np.testing.assert_array_equal(back[key], params[key])

    def test_float64_module(self):
        params = random_params(2, 3, seed=4, dtype=np.float64)
        module = to_torch(params, torch.nn.RNN(2, 3, batch_first=True, dtype=torch.float64))
        back = from_torch(module)
        for key in params:
            assert back[key].dtype == np.float64
            np.testing.assert_array_equal(back[key], params[key])

    def test_writing_does_not_track_gradients(self):
        module = to_torch(init_params(1, 2, seed=0), torch.nn.RNN(1, 2))
        assert all(p.grad is None and p.is_leaf for p in module.parameters())

    @pytest.mark.parametrize(
        "module, error, message",
        [
            (torch.nn.LSTM(2, 3), TypeError, r"`module` must be a torch\.nn\.RNN\. Received: module=LSTM\(2, 3\)"),
            (torch.nn.RNN(2, 3, num_layers=2), ValueError,
             r"`module` must have num_layers=1 \(a single tanh layer with biases\)\. Received: module with num_layers=2"),
            (torch.nn.RNN(2, 3, nonlinearity="relu"), ValueError, r"`module` must have nonlinearity='tanh'.*Received: module with nonlinearity='relu'"),
            (torch.nn.RNN(2, 3, bidirectional=True), ValueError, r"`module` must have bidirectional=False.*Received: module with bidirectional=True"),
            (torch.nn.RNN(2, 3, bias=False), ValueError, r"`module` must have bias=True.*Received: module with bias=False"),
        ],
    )
    def test_invalid_module(self, module, error, message):
        with pytest.raises(error, match=message):
            to_torch(random_params(2, 3, seed=0), module)
        with pytest.raises(error, match=message):
            from_torch(module)

    def test_invalid_sizes(self):
        with pytest.raises(ValueError, match=r"`module` must have input_size = F = 2 and hidden_size = H = 3, the shape of W_x\. Received: module with input_size=3, hidden_size=2"):
            to_torch(random_params(2, 3, seed=0), torch.nn.RNN(3, 2))
        with pytest.raises(TypeError, match=r"`params` must be a dict with keys 'W_x', 'W_h' and 'b'"):
            to_torch(None, torch.nn.RNN(3, 2))


def test_keras_to_numpy_to_torch_compute_the_same(keras):
    keras.utils.set_random_seed(0)
    layer = keras.layers.SimpleRNN(5, return_sequences=True)
    X = inputs(2, 9, 3, seed=7)
    keras_H = keras.ops.convert_to_numpy(layer(X))
    module = to_torch(from_keras(layer), torch.nn.RNN(3, 5, batch_first=True))
    torch_H, _ = module(torch.from_numpy(X))
    np.testing.assert_allclose(torch_H.detach().numpy(), keras_H, rtol=1e-5, atol=1e-6)
    back = to_keras(from_torch(module), keras.layers.SimpleRNN(5))
    for a, b in zip(back.get_weights(), layer.get_weights()):
        np.testing.assert_array_equal(a, b)
