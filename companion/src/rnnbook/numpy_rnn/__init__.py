"""A simple recurrent layer from scratch in NumPy: activation, layer, BPTT and gradient tools.

One module per idea, every public name re-exported here, so both
``from rnnbook import numpy_rnn; numpy_rnn.rnn_forward(...)`` and
``from rnnbook.numpy_rnn import rnn_forward`` work:

- :mod:`rnnbook.numpy_rnn.activation`: tanh, evaluated stably, and its derivative;
- :mod:`rnnbook.numpy_rnn.layer`: the parameters, the cell and the forward pass;
- :mod:`rnnbook.numpy_rnn.bptt`: one step of backpropagation through time, run in
  full or truncated;
- :mod:`rnnbook.numpy_rnn.gradcheck`: the global norm, clipping and a
  finite-difference gradient check.
"""

from rnnbook.numpy_rnn.activation import dtanh_from_output, tanh, tanh_grad
from rnnbook.numpy_rnn.bptt import bptt_step, full_bptt, rnn_backward, state_gradients, truncated_bptt
from rnnbook.numpy_rnn.gradcheck import clip_gradients, global_norm, gradient_check
from rnnbook.numpy_rnn.layer import (
    DTYPES,
    PARAM_KEYS,
    RNNCache,
    check_params,
    count_params,
    init_params,
    rnn_cell,
    rnn_forward,
)

__all__ = [
    "DTYPES",
    "PARAM_KEYS",
    "RNNCache",
    "bptt_step",
    "check_params",
    "clip_gradients",
    "count_params",
    "dtanh_from_output",
    "full_bptt",
    "global_norm",
    "gradient_check",
    "init_params",
    "rnn_backward",
    "rnn_cell",
    "rnn_forward",
    "state_gradients",
    "tanh",
    "tanh_grad",
    "truncated_bptt",
]
