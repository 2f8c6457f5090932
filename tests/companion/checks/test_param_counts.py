"""Tests of rnnbook.checks.param_counts: linear, simple-RNN, LSTM and GRU layers, in Keras and PyTorch."""

from __future__ import annotations

import math
import os

import pytest

from rnnbook import checks

os.environ.setdefault("KERAS_BACKEND", "tensorflow")


class TestParamCounts:
    def test_linear(self):
        assert checks.check_linear_param_count(51, lookback=50).passed
        assert checks.check_linear_param_count(2 * 3 * 4 + 4, lookback=2, n_features=3, horizon=4).passed
        assert "You forgot the biases" in checks.check_linear_param_count(50, lookback=50).hints[0]
        assert "one bias per output" in checks.check_linear_param_count(501, lookback=50, horizon=10).hints[0]
        assert "single output" in checks.check_linear_param_count(51, lookback=50, horizon=10).hints[0]
        assert "left out the features" in checks.check_linear_param_count(
            2 * 4 + 4, lookback=2, n_features=3, horizon=4).hints[0]

    def test_rnn_against_a_manual_count(self):
        F, H = 2, 4
        shapes = {"W_x": (F, H), "W_h": (H, H), "b": (H,)}
        total = sum(math.prod(s) for s in shapes.values())
        assert total == 28
        assert checks.check_rnn_param_count(total, n_features=F, n_hidden=H).passed
        assert checks.check_rnn_param_count(total + H, n_features=F, n_hidden=H, framework="torch").passed

    def test_rnn_against_torch(self):
        torch = pytest.importorskip("torch")
        layer = torch.nn.RNN(3, 5, batch_first=True)
        n = sum(p.numel() for p in layer.parameters())
        assert checks.check_rnn_param_count(n, n_features=3, n_hidden=5, framework="torch").passed
        assert "PyTorch's count" in checks.check_rnn_param_count(n, n_features=3, n_hidden=5).hints[0]

    @pytest.mark.parametrize(
        "answer, hint",
        [(12, "forgot the recurrent weights `W_h`"), (24, "forgot the bias vector"), (20, "H x H")],
    )
    def test_rnn_mistakes(self, answer, hint):
        assert hint in checks.check_rnn_param_count(answer, n_features=2, n_hidden=4).hints[0]

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`framework` must be one of 'keras', 'numpy', 'torch'\. Received: framework='jax'"):
            checks.check_rnn_param_count(1, n_features=1, n_hidden=1, framework="jax")
        with pytest.raises(ValueError, match=r"`n_hidden` must be >= 1\. Received: n_hidden=0"):
            checks.check_rnn_param_count(1, n_features=1, n_hidden=0)
        with pytest.raises(ValueError, match=r"`horizon` must be >= 1"):
            checks.check_linear_param_count(1, lookback=1, horizon=0)


# ---------------------------------------------------------------------------
# check_gated_param_count: counted against the real layers
# ---------------------------------------------------------------------------


def torch_count(cell, F, H):
    torch = pytest.importorskip("torch")
    layer = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](F, H, batch_first=True)
    return sum(p.numel() for p in layer.parameters())


def keras_count(cell, F, H):
    from rnnbook import keras_models  # noqa: F401  (imports Keras quietly)
    import keras

    layer = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}[cell](H)
    layer.build((None, None, F))
    return layer.count_params()


@pytest.mark.parametrize("cell", ["lstm", "gru"])
@pytest.mark.parametrize("F, H", [(1, 20), (3, 32), (5, 1)])
def test_counts_of_the_real_layers_pass(cell, F, H):
    for framework, count in (("torch", torch_count(cell, F, H)), ("keras", keras_count(cell, F, H))):
        feedback = checks.check_gated_param_count(count, cell=cell, n_features=F, n_hidden=H,
                                                  framework=framework)
        assert feedback.passed, (framework, cell, F, H, feedback)


def test_the_worked_answers():
    assert checks.check_gated_param_count(4608, cell="lstm", n_features=3, n_hidden=32).passed
    assert checks.check_gated_param_count(4736, cell="lstm", n_features=3, n_hidden=32,
                                          framework="torch").passed
    for framework in ("keras", "torch"):
        assert checks.check_gated_param_count(3552, cell="gru", n_features=3, n_hidden=32,
                                              framework=framework).passed


@pytest.mark.parametrize(
    "answer, cell, framework, hint",
    [
        (1152, "lstm", "keras", "That is one block"),  # 3*32 + 32*32 + 32
        (3456, "lstm", "keras", "You used 3 gate blocks"),  # GRU-sized LSTM
        (4736, "lstm", "keras", "Check the biases"),  # PyTorch's count given for Keras
        (4608, "lstm", "torch", "Check the biases"),  # Keras's count given for PyTorch
        (4480, "lstm", "keras", "forgot the biases"),
        (512, "lstm", "keras", "forgot the recurrent matrices"),
        (3456, "gru", "keras", "Check the biases"),  # one bias per block for a GRU
        (4736, "gru", "torch", "You used 4 gate blocks"),
        (1184, "gru", "torch", "That is one block"),
        (896, "lstm", "keras", "H x H"),  # input-sized recurrent matrices
    ],
)
def test_realistic_mistakes_get_specific_hints(answer, cell, framework, hint):
    feedback = checks.check_gated_param_count(answer, cell=cell, n_features=3, n_hidden=32,
                                              framework=framework)
    assert not feedback.passed
    assert any(hint in text for text in feedback.hints), feedback.hints


def test_an_unrelated_number_fails_without_a_specific_hint():
    feedback = checks.check_gated_param_count(12345, cell="lstm", n_features=3, n_hidden=32)
    assert not feedback.passed


def test_invalid_arguments_name_the_argument():
    with pytest.raises(ValueError, match=r"`cell` must be one of 'lstm', 'gru'\. Received: cell='rnn'"):
        checks.check_gated_param_count(1, cell="rnn", n_features=1, n_hidden=1)
    with pytest.raises(ValueError, match=r"`framework` must be one of 'keras', 'torch'\. Received: framework='numpy'"):
        checks.check_gated_param_count(1, cell="gru", n_features=1, n_hidden=1, framework="numpy")
    with pytest.raises(ValueError, match=r"`n_features` must be >= 1\. Received: n_features=0"):
        checks.check_gated_param_count(1, cell="gru", n_features=0, n_hidden=1)
    with pytest.raises(TypeError, match=r"`n_hidden`"):
        checks.check_gated_param_count(1, cell="lstm", n_features=1, n_hidden=2.5)
