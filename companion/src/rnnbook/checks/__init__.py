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
- :mod:`~rnnbook.checks.scalers`: a scaler fitted on the training segment.

Examples
--------
>>> fb = check_window_count(90, length=100, lookback=10)
>>> fb.passed
True
>>> print(check_window_count(91, length=100, lookback=10))
[try again] number of windows: 91 is not the number of windows.
  hint: This is what you get if you forget that every window also needs `horizon` target values after its inputs.
"""

from rnnbook.checks.compare import (
    AXES_NTF,
    AXES_SEQ2SEQ,
    AXES_TARGETS,
    compare_array,
    compare_number,
    shape_hints,
)
from rnnbook.checks.feedback import Feedback, Mistake, combine, not_answered
from rnnbook.checks.forecasts import (
    check_multistep_naive_mse,
    check_naive_mse,
    check_seasonal_naive_indices,
    check_seasonal_naive_mse,
)
from rnnbook.checks.param_counts import (
    check_gated_param_count,
    check_linear_param_count,
    check_rnn_param_count,
)
from rnnbook.checks.scalers import check_train_scaler
from rnnbook.checks.splits import check_chronological_split
from rnnbook.checks.windows import check_seq2seq_targets, check_window_count, check_windows

__all__ = [
    "AXES_NTF",
    "AXES_SEQ2SEQ",
    "AXES_TARGETS",
    "Feedback",
    "Mistake",
    "check_chronological_split",
    "check_gated_param_count",
    "check_linear_param_count",
    "check_multistep_naive_mse",
    "check_naive_mse",
    "check_rnn_param_count",
    "check_seasonal_naive_indices",
    "check_seasonal_naive_mse",
    "check_seq2seq_targets",
    "check_train_scaler",
    "check_window_count",
    "check_windows",
    "combine",
    "compare_array",
    "compare_number",
    "not_answered",
    "shape_hints",
]
