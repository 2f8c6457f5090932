"""Tests of rnnbook.keras_models: shapes, parameter counts and the forward computation."""

import keras
import numpy as np
import pytest

from rnnbook import keras_models, metrics


def rnn_params(F, H):
    return F * H + H * H + H


def lstm_params(F, H):
    return 4 * (F * H + H * H + H)


def gru_params(F, H):  # reset_after=True keeps two bias vectors
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
            ({"n_hidden": 1}, 3),  # the "3 versus 51" of the course
            ({"n_hidden": [20, 20, 1]}, 440 + 820 + 22),
            ({"n_hidden": [20, 20], "head": "dense"}, 1281),
        ],
    )
    def test_benchmark_models_have_known_sizes(self, kwargs, count):
        assert keras_models.build_rnn("simple_rnn", **kwargs).count_params() == count

    @pytest.mark.parametrize("cell", ["simple_rnn", "lstm", "gru"])
    @pytest.mark.parametrize(
        "n_hidden, head, horizon, seq2seq",
        [(3, None, 3, False), ([4, 5], "dense", 10, False), ([4, 5], "dense", 10, True),
         ([6, 2], None, 2, True)],
    )
    def test_shapes_and_counts(self, cell, n_hidden, head, horizon, seq2seq):
        model = keras_models.build_rnn(
            cell, n_hidden, head=head, horizon=horizon, seq2seq=seq2seq, n_features=2
        )
        out = model(np.zeros((3, 7, 2), dtype="float32"))
        assert tuple(out.shape) == ((3, 7, horizon) if seq2seq else (3, horizon))
        assert model.count_params() == expected_params(cell, n_hidden, 2, head, horizon)

    def test_fixed_length_input(self):
        model = keras_models.build_rnn("simple_rnn", [4, 1], lookback=50)
        assert tuple(model.input_shape) == (None, 50, 1)

    def test_forward_matches_numpy_reference(self):
        """SimpleRNN(2) + Dense head against H_t = tanh(X_t W_x + H_{t-1} W_h + b)."""
        keras.utils.set_random_seed(0)
        model = keras_models.build_rnn("simple_rnn", 2, head="dense", horizon=3, n_features=2)
        rng = np.random.default_rng(0)
        weights = [rng.normal(size=w.shape).astype("float32") for w in model.get_weights()]
        model.set_weights(weights)
        W_x, W_h, b, W_y, b_y = weights
        X = rng.normal(size=(4, 6, 2)).astype("float32")
        H = np.zeros((4, 2))
        for t in range(6):
            H = np.tanh(X[:, t] @ W_x + H @ W_h + b)  # (N, H)
        expected = H @ W_y + b_y  # (N, horizon)
        np.testing.assert_allclose(np.asarray(model(X)), expected, rtol=1e-5, atol=1e-5)

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"cell": "rnn"}, ValueError, r"`cell` must be one of 'simple_rnn', 'lstm', 'gru'\. Received: cell='rnn'"),
            ({"n_hidden": 0}, ValueError, r"`n_hidden` must be >= 1\. Received: n_hidden=0"),
            ({"n_hidden": []}, ValueError, r"`n_hidden` must hold at least one size\. Received: n_hidden=\[\]"),
            ({"n_hidden": [4, 2.5]}, TypeError, r"`n_hidden\[1\]` must be an integer\. Received: n_hidden\[1\]=2\.5"),
            ({"head": "linear"}, ValueError, r"`head` must be one of None, 'dense'\. Received: head='linear'"),
            ({"n_hidden": [20, 20]}, ValueError, r"With head=None the last recurrent layer is the output layer, so `n_hidden\[-1\]` must equal `horizon` \(1\)\. Received: n_hidden=\[20, 20\]"),
            ({"seq2seq": 1}, TypeError, r"`seq2seq` must be a bool\. Received: seq2seq=1"),
            ({"horizon": 0}, ValueError, r"`horizon` must be >= 1\. Received: horizon=0"),
            ({"n_features": 0}, ValueError, r"`n_features` must be >= 1\. Received: n_features=0"),
            ({"lookback": -2}, ValueError, r"`lookback` must be >= 1\. Received: lookback=-2"),
        ],
    )
    def test_invalid(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            keras_models.build_rnn(**kwargs)


class TestBuildLinear:
    def test_count_and_output(self):
        model = keras_models.build_linear(50, horizon=10)
        assert model.count_params() == 50 * 10 + 10
        assert tuple(model(np.zeros((2, 50, 1), dtype="float32")).shape) == (2, 10)

    def test_computes_flatten_dot_weights(self):
        model = keras_models.build_linear(3, n_features=2)
        W = np.arange(6, dtype="float32").reshape(6, 1)
        model.set_weights([W, np.array([0.5], dtype="float32")])
        X = np.ones((1, 3, 2), dtype="float32")
        np.testing.assert_allclose(np.asarray(model(X)), [[15.5]])

    @pytest.mark.parametrize(
        "args, error, message",
        [
            ((0,), ValueError, r"`lookback` must be >= 1\. Received: lookback=0"),
            ((None,), TypeError, r"`lookback` must be an integer\. Received: lookback=None"),
            ((5, 0), ValueError, r"`n_features` must be >= 1"),
            ((5, 1, 0), ValueError, r"`horizon` must be >= 1"),
        ],
    )
    def test_invalid(self, args, error, message):
        with pytest.raises(error, match=message):
            keras_models.build_linear(*args)


class TestCharModel:
    def test_one_hot_input(self):
        model = keras_models.build_char_model(5, 8)
        assert model.count_params() == rnn_params(5, 8) + 8 * 5 + 5
        out = model(np.eye(5, dtype="float32")[None, [0, 1, 3, 4]])
        assert tuple(out.shape) == (1, 4, 5)

    def test_embedding_input(self):
        model = keras_models.build_char_model(5, 8, embedding_dim=3, cell="gru")
        assert model.count_params() == 5 * 3 + gru_params(3, 8) + 8 * 5 + 5
        out = model(np.array([[0, 1, 2, 2]], dtype="int32"))
        assert tuple(out.shape) == (1, 4, 5)

    @pytest.mark.parametrize(
        "args, kwargs, error, message",
        [
            ((1, 8), {}, ValueError, r"`vocab_size` must be >= 2\. Received: vocab_size=1"),
            ((5, 0), {}, ValueError, r"`n_hidden` must be >= 1\. Received: n_hidden=0"),
            ((5, 8), {"embedding_dim": 0}, ValueError, r"`embedding_dim` must be >= 1"),
            ((5, 8), {"cell": "elman"}, ValueError, r"`cell` must be one of"),
        ],
    )
    def test_invalid(self, args, kwargs, error, message):
        with pytest.raises(error, match=message):
            keras_models.build_char_model(*args, **kwargs)


def test_last_time_step_mse_matches_numpy():
    rng = np.random.default_rng(1)
    Y, P = rng.normal(size=(2, 6, 4, 3)).astype("float32")
    per_window = np.asarray(keras_models.last_time_step_mse(Y, P))
    assert per_window.shape == (6,)
    np.testing.assert_allclose(per_window.mean(), metrics.last_time_step_mse(Y, P), rtol=1e-6)
