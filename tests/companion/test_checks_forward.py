"""Tests of rnnbook.checks.forward and layer_weights: a sequence in two pieces, PyTorch's RNN formula by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from rnnbook import checks, numpy_rnn

X = np.random.default_rng(0).random((3, 8, 2))  # (N, T, F)
PARAMS = numpy_rnn.init_params(2, 4, seed=1)


def first_hint(feedback):
    assert not feedback.passed, feedback
    assert feedback.hints, feedback
    return feedback.hints[0]


# ---------------------------------------------------------------------------
# check_states_in_pieces
# ---------------------------------------------------------------------------
def pieces(h0_of=lambda H: H[:, -1], split=5):
    H_first, _ = numpy_rnn.rnn_forward(X[:, :split], PARAMS)
    H_second, _ = numpy_rnn.rnn_forward(X[:, split:], PARAMS, h0=h0_of(H_first))
    return np.concatenate([H_first, H_second], axis=1)


class TestStatesInPieces:
    def check(self, answer):
        return checks.check_states_in_pieces(answer, X, PARAMS, split=5)

    def test_right_answer(self):
        assert self.check(pieces()).passed
        assert checks.check_states_in_pieces(pieces(split=1), X, PARAMS, split=1).passed

    @pytest.mark.parametrize("answer, hint", [
        (lambda: pieces(lambda H: None), "starts from a zero state"),
        (lambda: pieces(lambda H: H[:, 0]), "from the *first* state"),
        (lambda: pieces(lambda H: H[:, -2]), "next-to-last state"),
        (lambda: pieces()[:, 5:], "Along T your array has length 3"),
        (lambda: pieces().transpose(1, 0, 2), "wrong order"),
    ])
    def test_slips(self, answer, hint):
        assert hint in first_hint(self.check(answer()))

    def test_unanswered(self):
        assert self.check(None).status == "not answered"

    def test_invalid_input(self):
        with pytest.raises(ValueError, match=r"`split` must be < the number of steps T = 8\. "
                                             r"Received: split=8"):
            checks.check_states_in_pieces(pieces(), X, PARAMS, split=8)
        with pytest.raises(TypeError, match=r"`split` must be an integer\. Received: split=2\.5"):
            checks.check_states_in_pieces(pieces(), X, PARAMS, split=2.5)
        with pytest.raises(ValueError, match=r"`X` must have 3 dimensions"):
            checks.check_states_in_pieces(pieces(), X[0], PARAMS, split=5)


# ---------------------------------------------------------------------------
# check_torch_rnn_states, against torch.nn.RNN itself
# ---------------------------------------------------------------------------
torch = pytest.importorskip("torch")
torch.manual_seed(0)
LAYER = torch.nn.RNN(2, 4, batch_first=True)
X32 = np.random.default_rng(1).normal(size=(5, 8, 2)).astype(np.float32)


def by_formula(transpose_hh=True, b_ih=True, b_hh=True):
    """The exercise's loop, with the slips as switches."""
    W_ih, W_hh, bias_ih, bias_hh = (p.detach().numpy() for p in (
        LAYER.weight_ih_l0, LAYER.weight_hh_l0, LAYER.bias_ih_l0, LAYER.bias_hh_l0))
    h, out = np.zeros((5, 4), dtype=np.float32), []
    for t in range(8):
        h = np.tanh(X32[:, t] @ W_ih.T + b_ih * bias_ih + h @ (W_hh.T if transpose_hh else W_hh)
                    + b_hh * bias_hh)
        out.append(h)
    return np.stack(out, axis=1)


class TestTorchRnnStates:
    def check(self, answer):
        return checks.check_torch_rnn_states(answer, X32, LAYER)

    def test_right_answer_equals_the_layer(self):
        with torch.no_grad():
            H_torch = LAYER(torch.as_tensor(X32))[0]
        assert np.allclose(by_formula(), H_torch.numpy(), atol=1e-6)
        assert self.check(by_formula()).passed
        assert self.check(H_torch).passed  # a tensor is read too
        assert self.check(by_formula()).hints == ()  # float32, like the inputs: no dtype note

    @pytest.mark.parametrize("answer, hint", [
        (lambda: by_formula(transpose_hh=False), "uses `W_hh` itself"),
        (lambda: by_formula(b_hh=False), "You left out `b_hh`"),
        (lambda: by_formula(b_ih=False), "You left out `b_ih`"),
        (lambda: by_formula(b_ih=False, b_hh=False), "left out both biases"),
        (lambda: np.stack(list(by_formula().transpose(1, 0, 2))), "wrong order"),
        (lambda: by_formula()[:, -1], "dimension(s)"),
    ])
    def test_slips(self, answer, hint):
        assert hint in first_hint(self.check(answer()))

    def test_invalid_input(self):
        with pytest.raises(TypeError, match=r"`layer` must be a PyTorch recurrent layer with the "
                                            r"parameter `weight_ih_l0`\. Received: layer="):
            checks.check_torch_rnn_states(by_formula(), X32, torch.nn.Linear(2, 4))
        with pytest.raises(ValueError, match=r"`X` must have the layer's 2 input features"):
            checks.check_torch_rnn_states(by_formula(), X32[..., :1], LAYER)


def test_layer_weights_reads_tensors_and_arrays():
    arrays = checks.layer_weights(LAYER)
    assert [a.shape for a in arrays] == [(4, 2), (4, 4), (4,), (4,)]
    assert all(a.dtype == np.float64 for a in arrays)
    fake = SimpleNamespace(weight_ih_l0=[[1.0]], weight_hh_l0=[[np.nan]], bias_ih_l0=[0.0],
                           bias_hh_l0=[0.0])
    with pytest.raises(ValueError, match=r"`layer\.weight_hh_l0` must contain only finite values"):
        checks.layer_weights(fake)
