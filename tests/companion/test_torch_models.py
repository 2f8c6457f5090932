"""Tests of rnnbook.torch_models: shapes, parameter counts, forward pass, Keras parity."""

import numpy as np
import pytest
import torch

from rnnbook import metrics, torch_models


def rnn_params(F, H):  # PyTorch keeps two bias vectors, b_ih and b_hh
    return F * H + H * H + 2 * H


def lstm_params(F, H):
    return 4 * (F * H + H * H + 2 * H)


def gru_params(F, H):
    return 3 * (F * H + H * H + 2 * H)


FORMULAS = {"simple_rnn": rnn_params, "lstm": lstm_params, "gru": gru_params}


def expected_params(cell, n_hidden, n_features=1, head=None, horizon=1):
    sizes = [n_hidden] if isinstance(n_hidden, int) else list(n_hidden)
    total, n_in = 0, n_features
    for H in sizes:
        total += FORMULAS[cell](n_in, H)
        n_in = H
    if head == "dense":
        total += sizes[-1] * horizon + horizon
    return total


class TestBuildRnn:
    @pytest.mark.parametrize(
        "kwargs, count",
        [
            ({"n_hidden": 1}, 4),  # Keras: 3; PyTorch's second bias adds one
            ({"n_hidden": [20, 20, 1]}, 460 + 840 + 23),
            ({"n_hidden": [20, 20], "head": "dense"}, 460 + 840 + 21),
        ],
    )
    def test_benchmark_models_have_known_sizes(self, kwargs, count):
        assert torch_models.n_parameters(torch_models.build_rnn("simple_rnn", **kwargs)) == count

    @pytest.mark.parametrize("cell", ["simple_rnn", "lstm", "gru"])
    @pytest.mark.parametrize(
        "n_hidden, head, horizon, seq2seq",
        [(3, None, 3, False), ([4, 5], "dense", 10, False), ([4, 5], "dense", 10, True),
         ([6, 2], None, 2, True)],
    )
    def test_shapes_and_counts(self, cell, n_hidden, head, horizon, seq2seq):
        model = torch_models.build_rnn(
            cell, n_hidden, head=head, horizon=horizon, seq2seq=seq2seq, n_features=2
        )
        out = model(torch.zeros(3, 7, 2))
        assert tuple(out.shape) == ((3, 7, horizon) if seq2seq else (3, horizon))
        assert torch_models.n_parameters(model) == expected_params(cell, n_hidden, 2, head, horizon)

    def test_layers_are_batch_first_and_separate(self):
        model = torch_models.build_rnn("lstm", [4, 6], head="dense")
        assert [layer.hidden_size for layer in model.recurrent] == [4, 6]
        assert all(layer.batch_first and layer.num_layers == 1 for layer in model.recurrent)

    def test_forward_matches_numpy_reference(self):
        """Two stacked nn.RNN layers + Linear against the row-vector recurrence in NumPy."""
        torch.manual_seed(0)
        model = torch_models.build_rnn("simple_rnn", [3, 2], head="dense", horizon=2, n_features=2)
        X = np.random.default_rng(0).normal(size=(4, 5, 2))
        H_seq = X
        for layer in model.recurrent:
            W_x = layer.weight_ih_l0.detach().numpy().T.astype(np.float64)  # (F, H)
            W_h = layer.weight_hh_l0.detach().numpy().T.astype(np.float64)  # (H, H)
            b = (layer.bias_ih_l0 + layer.bias_hh_l0).detach().numpy()  # (H,)
            H = np.zeros((4, W_h.shape[0]))
            states = []
            for t in range(H_seq.shape[1]):
                H = np.tanh(H_seq[:, t] @ W_x + H @ W_h + b)  # (N, H)
                states.append(H)
            H_seq = np.stack(states, axis=1)  # (N, T, H)
        W_y = model.head.weight.detach().numpy().T  # (H, horizon)
        expected = H_seq[:, -1] @ W_y + model.head.bias.detach().numpy()
        out = model(torch.as_tensor(X, dtype=torch.float32)).detach().numpy()
        np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)

    def test_seq2seq_head_acts_on_every_step(self):
        torch.manual_seed(0)
        model = torch_models.build_rnn("gru", [4], head="dense", horizon=3, seq2seq=True)
        X = torch.randn(2, 6, 1)
        states, _ = model.recurrent[0](X)
        torch.testing.assert_close(model(X), model.head(states))

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"cell": "rnn"}, ValueError, r"`cell` must be one of 'simple_rnn', 'lstm', 'gru'\. Received: cell='rnn'"),
            ({"n_hidden": -1}, ValueError, r"`n_hidden` must be >= 1\. Received: n_hidden=-1"),
            ({"head": "mlp"}, ValueError, r"`head` must be one of None, 'dense'\. Received: head='mlp'"),
            ({"n_hidden": [20, 20], "horizon": 10}, ValueError, r"`n_hidden\[-1\]` must equal `horizon` \(10\)"),
            ({"seq2seq": "yes"}, TypeError, r"`seq2seq` must be a bool\. Received: seq2seq='yes'"),
            ({"n_features": 1.0}, TypeError, r"`n_features` must be an integer\. Received: n_features=1\.0"),
        ],
    )
    def test_invalid(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            torch_models.build_rnn(**kwargs)


def test_build_linear():
    model = torch_models.build_linear(50, horizon=10)
    assert torch_models.n_parameters(model) == 510
    assert tuple(model(torch.zeros(2, 50, 1)).shape) == (2, 10)
    with pytest.raises(ValueError, match=r"`lookback` must be >= 1\. Received: lookback=0"):
        torch_models.build_linear(0)


class TestCharModel:
    def test_one_hot_and_embedding(self):
        one_hot = torch_models.build_char_model(5, 8)
        assert torch_models.n_parameters(one_hot) == rnn_params(5, 8) + 8 * 5 + 5
        assert tuple(one_hot(torch.eye(5)[None, [0, 1, 3, 4]]).shape) == (1, 4, 5)
        embedded = torch_models.build_char_model(5, 8, embedding_dim=3, cell="lstm")
        assert torch_models.n_parameters(embedded) == 15 + lstm_params(3, 8) + 45
        assert tuple(embedded(torch.tensor([[0, 1, 2, 2]])).shape) == (1, 4, 5)

    @pytest.mark.parametrize(
        "args, kwargs, error, message",
        [
            ((1, 8), {}, ValueError, r"`vocab_size` must be >= 2\. Received: vocab_size=1"),
            ((5, 8), {"embedding_dim": 0}, ValueError, r"`embedding_dim` must be >= 1"),
            ((5, 8), {"cell": "elman"}, ValueError, r"`cell` must be one of 'simple_rnn', 'lstm', 'gru'"),
        ],
    )
    def test_invalid(self, args, kwargs, error, message):
        with pytest.raises(error, match=message):
            torch_models.build_char_model(*args, **kwargs)


def test_last_time_step_mse_matches_numpy():
    rng = np.random.default_rng(1)
    Y, P = rng.normal(size=(2, 6, 4, 3))
    value = torch_models.last_time_step_mse(torch.as_tensor(Y), torch.as_tensor(P))
    assert value.item() == pytest.approx(metrics.last_time_step_mse(Y, P), rel=1e-12)


def test_predict_returns_numpy_in_batches():
    torch.manual_seed(0)
    model = torch_models.build_rnn("simple_rnn", 1)
    X = np.random.default_rng(0).normal(size=(10, 4, 1)).astype("float32")
    out = torch_models.predict(model, X, batch_size=3)
    assert isinstance(out, np.ndarray) and out.shape == (10, 1)
    with torch.no_grad():
        np.testing.assert_allclose(out, model(torch.as_tensor(X)).numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match=r"`batch_size` must be >= 1\. Received: batch_size=0"):
        torch_models.predict(model, X, batch_size=0)


@pytest.mark.parametrize(
    "cell, n_hidden, head, horizon, seq2seq, extra",
    [
        ("simple_rnn", 1, None, 1, False, 1),  # 3 (Keras) versus 4 (PyTorch)
        ("simple_rnn", [20, 20], "dense", 1, False, 40),
        ("lstm", [20, 20], "dense", 10, True, 4 * 40),
        ("gru", [20, 20], "dense", 10, True, 0),  # Keras's reset_after GRU also has two biases
    ],
)
def test_parameter_counts_against_keras(cell, n_hidden, head, horizon, seq2seq, extra):
    """PyTorch's count = Keras's count + one extra bias vector per gate and layer."""
    keras_models = pytest.importorskip("rnnbook.keras_models")
    kwargs = dict(head=head, horizon=horizon, seq2seq=seq2seq)
    keras_count = keras_models.build_rnn(cell, n_hidden, **kwargs).count_params()
    torch_count = torch_models.n_parameters(torch_models.build_rnn(cell, n_hidden, **kwargs))
    assert torch_count == keras_count + extra


class TestInitialisation:
    def test_keras_style_by_default(self):
        torch.manual_seed(0)
        model = torch_models.build_rnn("simple_rnn", [8, 8], head="dense")
        layer = model.recurrent[1]
        W_hh = layer.weight_hh_l0.detach()
        torch.testing.assert_close(W_hh @ W_hh.T, torch.eye(8), atol=1e-5, rtol=0)  # orthogonal
        assert torch.count_nonzero(layer.bias_ih_l0) == 0 and torch.count_nonzero(layer.bias_hh_l0) == 0
        limit = (6 / (8 + 8)) ** 0.5  # Glorot-uniform bound for an (8, 8) kernel
        assert layer.weight_ih_l0.abs().max() <= limit
        assert torch.count_nonzero(model.head.bias) == 0

    def test_lstm_forget_gate_bias_starts_at_one(self):
        model = torch_models.build_rnn("lstm", 3, head="dense")
        bias = model.recurrent[0].bias_ih_l0.detach()
        torch.testing.assert_close(bias, torch.tensor([0.0] * 3 + [1.0] * 3 + [0.0] * 6))

    def test_torch_defaults_on_request(self):
        torch.manual_seed(0)
        model = torch_models.build_rnn("simple_rnn", 1, init="torch")
        assert torch.count_nonzero(model.recurrent[0].bias_hh_l0) == 1
        embedded = torch_models.build_char_model(4, 3, embedding_dim=2)
        assert embedded.embedding.weight.abs().max() <= 0.05

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`init` must be one of 'keras', 'torch'\. Received: init='xavier'"):
            torch_models.build_linear(5, init="xavier")
