"""Tests of rnnbook.checks.gradients: a loss at every step, and one unit's state gradient."""

from __future__ import annotations

import numpy as np
import pytest

from rnnbook import checks, numpy_rnn

RNN_KEYS = ("W_x", "W_h", "b")


def seq2seq(scale=1.0, *, last_only=False, readout_last=False, divide_by=None, rmse=False,
            drop=None):
    """The chapter's seq2seq_loss_and_grads, with the slips as switches."""

    def loss_and_grads(model, X, Y):
        H_all, cache = numpy_rnn.rnn_forward(X, {key: model[key] for key in RNN_KEYS})
        Y_hat = H_all @ model["W_y"] + model["b_y"]  # (N, T, 1)
        dY_hat = scale * 2 * (Y_hat - Y) / (Y.size if divide_by is None else divide_by(X))
        dY_states = dY_hat.copy()
        if last_only:
            dY_states[:, :-1] = 0
        if readout_last:
            grads = {"W_y": H_all[:, -1].T @ dY_hat[:, -1], "b_y": dY_hat[:, -1].sum(axis=0)}
        else:
            grads = {"W_y": np.einsum("nth,nto->ho", H_all, dY_hat),
                     "b_y": dY_hat.sum(axis=(0, 1))}
        rnn_grads = numpy_rnn.rnn_backward(dY_states @ model["W_y"].T, cache)
        grads.update({key: rnn_grads[key] for key in RNN_KEYS})
        if drop:
            del grads[drop]
        mse = float(np.mean((Y_hat - Y) ** 2))
        return (np.sqrt(mse) if rmse else mse), grads

    return loss_and_grads


class TestSeq2seqLossAndGrads:
    def test_right_answer_passes_a_gradient_check_too(self):
        assert checks.check_seq2seq_loss_and_grads(seq2seq()).passed
        assert checks.check_seq2seq_loss_and_grads(seq2seq(), seed=3).passed
        # the reference is itself right: finite differences agree with it
        rng = np.random.default_rng(0)
        model = numpy_rnn.init_params(1, 3, seed=rng)
        model["W_y"], model["b_y"] = rng.normal(size=(3, 1)), rng.normal(size=1)
        X, Y = rng.normal(size=(4, 6, 1)), rng.normal(size=(4, 6, 1))
        assert numpy_rnn.gradient_check(lambda m: seq2seq()(m, X, Y), model) < 1e-6

    @pytest.mark.parametrize("fn, hint", [
        (seq2seq(0.5), "half the right ones"),
        (seq2seq(divide_by=len), "T times too large"),
        (seq2seq(-1.0), "the wrong sign"),
        (seq2seq(last_only=True), "a loss at the last step only"),
        (seq2seq(readout_last=True), "use the last step only"),
    ])
    def test_slips_are_named_once(self, fn, hint):
        fb = checks.check_seq2seq_loss_and_grads(fn)
        assert not fb.passed
        assert [h for h in fb.hints if hint in h] and len(fb.hints) == 1, fb.hints

    def test_wrong_sign_names_every_gradient_in_one_hint(self):
        fb = checks.check_seq2seq_loss_and_grads(seq2seq(-1.0))
        assert fb.hints[0].startswith("`W_x`, `W_h`, `b`, `W_y`, `b_y`:")
        assert fb.message == "Wrong: `W_x`, `W_h`, `b`, `W_y`, `b_y`. Right: `loss`."

    def test_rmse_loss(self):
        fb = checks.check_seq2seq_loss_and_grads(seq2seq(rmse=True))
        assert fb.message == "Wrong: `loss`. Right: `W_x`, `W_h`, `b`, `W_y`, `b_y`."
        assert "That is the RMSE" in fb.hints[0]

    def test_what_the_function_returns(self):
        missing = checks.check_seq2seq_loss_and_grads(seq2seq(drop="b_y"))
        assert not missing.passed and "lack the key(s) `b_y`" in missing.message
        single = checks.check_seq2seq_loss_and_grads(lambda m, X, Y: 0.5)
        assert "must return two values" in single.message
        def broken(model, X, Y):
            return model["W_out"]
        raised = checks.check_seq2seq_loss_and_grads(broken)
        assert "raised KeyError" in raised.message and "fn(model, X, Y)" in raised.hints[0]
        assert checks.check_seq2seq_loss_and_grads(None).status == "not answered"
        assert checks.check_seq2seq_loss_and_grads(lambda m, X, Y: None).status == "not answered"
        assert "give the function" in checks.check_seq2seq_loss_and_grads(3).message

    def test_the_students_model_is_a_copy(self):
        def mutating(model, X, Y):
            loss, grads = seq2seq()(model, X, Y)
            model["W_h"][:] = 0
            return loss, grads
        assert checks.check_seq2seq_loss_and_grads(mutating).passed

    def test_invalid_seed(self):
        with pytest.raises(ValueError, match=r"`seed` must be >= 0\. Received: seed=-1"):
            checks.check_seq2seq_loss_and_grads(seq2seq(), seed=-1)


class TestUnitStateGradient:
    def test_right_answer_equals_state_gradients(self):
        for w in (0.9, 1.1):
            p = {"W_x": np.array([[1.0]]), "W_h": np.array([[w]]), "b": np.zeros(1)}
            H_all, cache = numpy_rnn.rnn_forward(np.zeros((1, 30, 1)), p)
            dH = np.zeros_like(H_all)
            dH[:, -1] = 1.0
            g = numpy_rnn.state_gradients(dH, cache)[0, ::-1, 0]  # k = 0..29
            for k in (0, 1, 10, 29):
                assert checks.check_unit_state_gradient(g[k], w=w, k=k).passed
        assert checks.check_unit_state_gradient(0.3487, w=0.9, k=10).passed  # rounded by hand

    @pytest.mark.parametrize("answer, hint", [
        (0.9**11, "One factor of w too many"),
        (0.9**9, "One factor of w too few"),
        (9.0, "a power, not a product"),
        (1.0, "still multiplies by the recurrent weight"),
        (-(0.9**10), "Check the sign"),
        ((1 - 0.81) ** 10, "the factor per step is w (1 - h**2)"),
    ])
    def test_slips(self, answer, hint):
        fb = checks.check_unit_state_gradient(answer, w=0.9, k=10)
        assert not fb.passed and hint in fb.hints[0]

    def test_invalid_input(self):
        with pytest.raises(ValueError, match=r"`k` must be >= 0\. Received: k=-1"):
            checks.check_unit_state_gradient(1.0, w=0.9, k=-1)
        with pytest.raises(TypeError, match=r"`w` must be a real number\. Received: w='0.9'"):
            checks.check_unit_state_gradient(1.0, w="0.9", k=1)
