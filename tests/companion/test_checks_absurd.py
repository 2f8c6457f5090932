"""The checkers of the exercises of chapters 1-4, 9 and 10 answer any answer with feedback, never a traceback."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from rnnbook import checks, numpy_rnn

ABSURD = {"None": None, "string": "abc", "ragged": [[1.0, 2.0], [3.0]], "nan": math.nan,
          "inf": math.inf, "negative": -1, "bool": True, "object": object(),
          "empty": np.zeros((0, 3)), "dict": {"a": 1}, "nan-array": np.full((2, 6, 4), np.nan)}
RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 6, 1))  # (N, T, F)
PARAMS = numpy_rnn.init_params(1, 4, seed=0)
RNN = SimpleNamespace(weight_ih_l0=RNG.normal(size=(4, 1)), weight_hh_l0=RNG.normal(size=(4, 4)),
                      bias_ih_l0=np.zeros(4), bias_hh_l0=np.zeros(4))
LSTM = SimpleNamespace(weight_ih_l0=RNG.normal(size=(16, 1)), weight_hh_l0=RNG.normal(size=(16, 4)),
                       bias_ih_l0=np.zeros(16), bias_hh_l0=np.zeros(16))
CHECKERS = {
    "tanh_threshold": lambda a: checks.check_tanh_threshold(a, a),
    "stable_sigmoid": lambda a: checks.check_stable_sigmoid(a),
    "float32_limit": lambda a: checks.check_float32_limit(a, a),
    "saturated_fraction": lambda a: checks.check_saturated_fraction(a, X, PARAMS, scale=3, start=2),
    "states_in_pieces": lambda a: checks.check_states_in_pieces(a, X, PARAMS, split=3),
    "torch_rnn_states": lambda a: checks.check_torch_rnn_states(a, X, RNN),
    "seq2seq_loss_and_grads": lambda a: checks.check_seq2seq_loss_and_grads(a),
    "unit_state_gradient": lambda a: checks.check_unit_state_gradient(a, w=0.9, k=3),
    "forget_gates": lambda a: checks.check_forget_gates(a, X, LSTM),
    "gru_reset_before": lambda a: checks.check_gru_reset_before(a),
    "quiz": lambda a: checks.check_quiz(a, "ex-ch04-memory"),
}


@pytest.mark.parametrize("answer", list(ABSURD.values()), ids=list(ABSURD))
@pytest.mark.parametrize("checker", list(CHECKERS))
def test_checkers_give_feedback_on_any_answer(checker, answer):
    feedback = CHECKERS[checker](answer)
    assert isinstance(feedback, checks.Feedback)
    assert not feedback.passed and feedback.message.strip()
    assert str(feedback) and feedback._repr_html_() and feedback.to_dict()
    assert feedback.answered == (answer is not None)


@pytest.mark.parametrize("module", ["activations", "calls", "forward", "gates", "gradients",
                                    "layer_weights", "quiz", "quizzes"])
def test_the_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"rnnbook.checks.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_call_answer_lets_the_checker_handle_its_own_exceptions():
    def overflow(x):
        raise FloatingPointError("overflow encountered in exp")

    with pytest.raises(FloatingPointError):
        checks.call_answer("f", overflow, (1.0,), usage="", passthrough=(FloatingPointError,))
    result, feedback = checks.call_answer("f", overflow, (1.0,), usage="Call it as f(x).")
    assert result is None and feedback.message.startswith("Your function raised FloatingPointError")
    assert feedback.hints == ("Call it as f(x).",)
    assert "give the function itself" in checks.call_answer("f", 3, (), usage="")[1].message
