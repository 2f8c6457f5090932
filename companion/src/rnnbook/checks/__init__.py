"""Exercise checkers: specific, friendly feedback on a student's answer.

A checker takes the student's answer and the inputs of the exercise,
computes the right answer itself and returns a :class:`Feedback`: whether the
answer passed, one sentence saying what is right or wrong, and hints that
name the likely mistake (a transposed array, a missing feature axis, a window
that is off by one, a target shifted by one step, the RMSE instead of the
MSE, ...). Feedback never prints the expected answer, only what is wrong
with the one given.

One module per idea, every public name re-exported here:

- :mod:`~rnnbook.checks.feedback`: :class:`Feedback`, :class:`Mistake` and
  how a verdict shows in a notebook;
- :mod:`~rnnbook.checks.compare`: :func:`compare_number` and
  :func:`compare_array`, which any checker reuses to diagnose an answer;
- :mod:`~rnnbook.checks.windows`: windows and targets cut by hand;
- :mod:`~rnnbook.checks.forecasts`: baseline forecasts and their MSE by hand;
- :mod:`~rnnbook.checks.param_counts`: parameter counts of layers;
- :mod:`~rnnbook.checks.splits`: a chronological train / valid / test split;
- :mod:`~rnnbook.checks.scalers`: a scaler fitted on the training segment;
- :mod:`~rnnbook.checks.activations`: tanh's slope and saturation, a stable
  sigmoid, the float32 limit of the textbook tanh;
- :mod:`~rnnbook.checks.forward`: forward passes by hand (a sequence in two
  pieces, PyTorch's formula in NumPy);
- :mod:`~rnnbook.checks.gradients`: a sequence-to-sequence loss's gradients,
  one unit's state gradient;
- :mod:`~rnnbook.checks.gates`: an LSTM's forget gate, the GRU with the reset
  before the recurrent matrix;
- :mod:`~rnnbook.checks.layer_weights`: a PyTorch layer's weights as NumPy
  arrays, for the checkers above;
- :mod:`~rnnbook.checks.calls`: calling a function a student wrote, its
  failures said as feedback;
- :mod:`~rnnbook.checks.quiz`: self-checks, multiple-choice and true/false
  questions judged one by one;
- :mod:`~rnnbook.checks.quizzes`: the course's self-checks, by exercise label;
- :mod:`~rnnbook.checks.keras_answers`: a stacked Keras model's parameter
  count, the optimiser steps of ``fit``, a linear model's lag weights;
- :mod:`~rnnbook.checks.pytorch_answers`: PyTorch's redundant bias, a
  stacked ``nn.RNN``'s parameter count, the shape of ``h_n``;
- :mod:`~rnnbook.checks.char_answers`: a character model's parameter count,
  its data, its tempered softmax;
- :mod:`~rnnbook.checks.deep_answers`: the parameter count of stacked layers
  with a head, the error floor of a bounded output.

Displayed in a notebook, a Feedback also carries a JSON copy of itself
(:data:`FEEDBACK_MIME`), which ``python -m rnnbook.grade`` reads back from the
check cells of the students' notebooks.

Examples
--------
>>> fb = check_window_count(90, length=100, lookback=10)
>>> fb.passed
True
>>> print(check_window_count(91, length=100, lookback=10))
[try again] number of windows: 91 is not the number of windows.
  hint: This is what you get if you forget that every window also needs `horizon` target values after its inputs.
"""

from rnnbook.checks.activations import (
    check_float32_limit,
    check_saturated_fraction,
    check_stable_sigmoid,
    check_tanh_threshold,
)
from rnnbook.checks.calls import call_answer
from rnnbook.checks.char_answers import check_char_param_count, check_next_char_data, check_tempered_softmax
from rnnbook.checks.compare import (
    AXES_NTF,
    AXES_SEQ2SEQ,
    AXES_TARGETS,
    compare_array,
    compare_number,
    shape_hints,
)
from rnnbook.checks.deep_answers import check_bounded_mse_floor, check_deep_param_count
from rnnbook.checks.feedback import FEEDBACK_MIME, Feedback, Mistake, combine, not_answered
from rnnbook.checks.forecasts import (
    check_multistep_naive_mse,
    check_naive_mse,
    check_seasonal_naive_indices,
    check_seasonal_naive_mse,
)
from rnnbook.checks.forward import AXES_STATES, check_states_in_pieces, check_torch_rnn_states
from rnnbook.checks.gates import check_forget_gates, check_gru_reset_before
from rnnbook.checks.gradients import MODEL_KEYS, check_seq2seq_loss_and_grads, check_unit_state_gradient
from rnnbook.checks.keras_answers import check_lag_weights, check_stacked_param_count, check_step_count
from rnnbook.checks.layer_weights import TORCH_LAYER0, layer_weights
from rnnbook.checks.param_counts import (
    check_gated_param_count,
    check_linear_param_count,
    check_rnn_param_count,
)
from rnnbook.checks.pytorch_answers import (
    check_h_n_shape,
    check_num_layers_param_count,
    check_redundant_bias_count,
)
from rnnbook.checks.quiz import TRUE_FALSE, Question, Quiz, choice, true_false
from rnnbook.checks.quizzes import QUIZZES, check_quiz
from rnnbook.checks.scalers import check_train_scaler
from rnnbook.checks.splits import check_chronological_split
from rnnbook.checks.windows import check_seq2seq_targets, check_window_count, check_windows

__all__ = [
    "AXES_NTF",
    "AXES_SEQ2SEQ",
    "AXES_STATES",
    "AXES_TARGETS",
    "FEEDBACK_MIME",
    "Feedback",
    "MODEL_KEYS",
    "Mistake",
    "QUIZZES",
    "Question",
    "Quiz",
    "TORCH_LAYER0",
    "TRUE_FALSE",
    "call_answer",
    "check_bounded_mse_floor",
    "check_char_param_count",
    "check_chronological_split",
    "check_deep_param_count",
    "check_float32_limit",
    "check_forget_gates",
    "check_gated_param_count",
    "check_gru_reset_before",
    "check_h_n_shape",
    "check_lag_weights",
    "check_linear_param_count",
    "check_multistep_naive_mse",
    "check_naive_mse",
    "check_next_char_data",
    "check_num_layers_param_count",
    "check_quiz",
    "check_redundant_bias_count",
    "check_rnn_param_count",
    "check_saturated_fraction",
    "check_seasonal_naive_indices",
    "check_seasonal_naive_mse",
    "check_seq2seq_loss_and_grads",
    "check_seq2seq_targets",
    "check_stable_sigmoid",
    "check_stacked_param_count",
    "check_states_in_pieces",
    "check_step_count",
    "check_tanh_threshold",
    "check_tempered_softmax",
    "check_torch_rnn_states",
    "check_train_scaler",
    "check_unit_state_gradient",
    "check_window_count",
    "check_windows",
    "choice",
    "combine",
    "compare_array",
    "compare_number",
    "layer_weights",
    "not_answered",
    "shape_hints",
    "true_false",
]
