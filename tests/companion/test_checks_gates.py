"""Tests of rnnbook.checks.gates: an LSTM's forget gate, and the GRU with the reset before W_hh."""

from __future__ import annotations

import os

import numpy as np
import pytest

from rnnbook import checks

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
torch = pytest.importorskip("torch")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def first_hint(feedback):
    assert not feedback.passed, feedback
    assert feedback.hints, feedback
    return feedback.hints[0]


# ---------------------------------------------------------------------------
# check_forget_gates, against torch.nn.LSTM
# ---------------------------------------------------------------------------
torch.manual_seed(0)
LSTM = torch.nn.LSTM(1, 5, num_layers=2, batch_first=True)
WINDOWS = np.random.default_rng(0).normal(size=(4, 12, 1))


def gates(gate=1, *, activate=True, b_hh=True, carry=True):
    """The exercise's loop (lstm_forward with the forget gate kept), with the slips as switches."""
    W_x, W_h = LSTM.weight_ih_l0.detach().numpy().T, LSTM.weight_hh_l0.detach().numpy().T
    b = LSTM.bias_ih_l0.detach().numpy() + b_hh * LSTM.bias_hh_l0.detach().numpy()
    H_t, C_t = np.zeros((4, 5)), np.zeros((4, 5))
    states, kept = [], []
    for t in range(12):
        blocks = np.split(WINDOWS[:, t] @ W_x + H_t @ W_h + b, 4, axis=1)
        i, f, g, o = blocks
        C_new = sigmoid(f) * C_t + sigmoid(i) * np.tanh(g)
        H_new = sigmoid(o) * np.tanh(C_new)
        if carry:
            H_t, C_t = H_new, C_new
        states.append(H_new)
        value = blocks[gate]
        kept.append((np.tanh(value) if gate == 2 else sigmoid(value)) if activate else value)
    return np.stack(states, axis=1), np.stack(kept, axis=1)


class TestForgetGates:
    def check(self, answer):
        return checks.check_forget_gates(answer, WINDOWS, LSTM)

    def test_right_answer_reproduces_the_layer(self):
        states, forget = gates()
        first = torch.nn.LSTM(1, 5, batch_first=True)
        first.load_state_dict({k: v for k, v in LSTM.state_dict().items() if k.endswith("l0")})
        with torch.no_grad():
            first_states = first(torch.as_tensor(WINDOWS, dtype=torch.float32))[0].numpy()
        assert np.abs(states - first_states).max() < 1e-5
        assert self.check(forget).passed
        assert self.check(forget.astype(np.float32)).passed

    @pytest.mark.parametrize("answer, hint", [
        (lambda: gates(0)[1], "That is the input gate"),
        (lambda: gates(3)[1], "That is the output gate"),
        (lambda: gates(2)[1], "That is the candidate"),
        (lambda: gates(activate=False)[1], "before the sigmoid"),
        (lambda: 1 - gates()[1], "1 minus the forget gate"),
        (lambda: gates(b_hh=False)[1], "You left out `bias_hh_l0`"),
        (lambda: gates(carry=False)[1], "from the zero state at every step"),
        (lambda: gates()[1].transpose(1, 0, 2), "wrong order"),
    ])
    def test_slips(self, answer, hint):
        assert hint in first_hint(self.check(answer()))

    def test_invalid_input(self):
        gru = torch.nn.GRU(1, 5, batch_first=True)
        with pytest.raises(ValueError, match=r"`layer` must be an LSTM reading X's 1 features.*"
                                             r"Received: weight_ih_l0 with shape \(15, 1\)"):
            checks.check_forget_gates(gates()[1], WINDOWS, gru)
        with pytest.raises(TypeError, match=r"`layer` must be a PyTorch recurrent layer"):
            checks.check_forget_gates(gates()[1], WINDOWS, "lstm")


# ---------------------------------------------------------------------------
# check_gru_reset_before, and its reference against Keras's GRU(reset_after=False)
# ---------------------------------------------------------------------------
def gru(reset_after=False, order="zrh", update="keras", reset=True, last=False):
    """gru_forward_reset_before of the exercise, with the slips as switches."""

    def forward(X, W_x, W_h, b):
        N, T, _ = X.shape
        H = W_h.shape[0]
        blocks = dict(zip(order, np.split(W_h, 3, axis=1)))
        H_t, out = np.zeros((N, H)), []
        for t in range(T):
            x = dict(zip(order, np.split(X[:, t] @ W_x + b, 3, axis=1)))
            Z = sigmoid(x["z"] + H_t @ blocks["z"])
            R = sigmoid(x["r"] + H_t @ blocks["r"]) if reset else 1.0
            inner = R * (H_t @ blocks["h"]) if reset_after else (R * H_t) @ blocks["h"]
            cand = np.tanh(x["h"] + inner)
            H_t = Z * H_t + (1 - Z) * cand if update == "keras" else (1 - Z) * H_t + Z * cand
            out.append(H_t)
        return out[-1] if last else np.stack(out, axis=1)

    return forward


class TestGruResetBefore:
    def test_right_answer(self):
        assert checks.check_gru_reset_before(gru()).passed
        assert checks.check_gru_reset_before(gru(), seed=5).passed

    def test_the_reference_is_keras(self):
        keras = pytest.importorskip("keras")
        layer = keras.layers.GRU(4, reset_after=False, return_sequences=True)
        X = np.random.default_rng(1).normal(size=(2, 6, 3)).astype("float32")
        expected = np.asarray(layer(X))
        W_x, W_h, b = layer.get_weights()
        assert np.abs(gru()(X.astype(float), W_x, W_h, b) - expected).max() < 1e-5

    @pytest.mark.parametrize("fn, hint", [
        (gru(reset_after=True), "reset gate after the recurrent product"),
        (gru(order="rzh"), "update and reset gates are swapped"),
        (gru(update="torch-like"), "Z weighs the other way"),
        (gru(reset=False), "ignores the reset gate"),
        (gru(last=True), "the last state only"),
    ])
    def test_slips(self, fn, hint):
        assert hint in first_hint(checks.check_gru_reset_before(fn))

    def test_what_the_function_returns(self):
        assert checks.check_gru_reset_before(None).status == "not answered"
        assert checks.check_gru_reset_before(lambda X, W_x, W_h, b: None).status == "not answered"
        raised = checks.check_gru_reset_before(lambda X, W_x, W_h: X)
        assert "raised TypeError" in raised.message and "Keras's layout" in raised.hints[0]
        assert "give the function" in checks.check_gru_reset_before([1, 2]).message

    def test_invalid_seed(self):
        with pytest.raises(TypeError, match=r"`seed` must be an integer\. Received: seed=None"):
            checks.check_gru_reset_before(gru(), seed=None)
