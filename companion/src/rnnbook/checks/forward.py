"""Checkers of forward passes worked by hand: a sequence run in two pieces, PyTorch's formula in NumPy.

Both compare the student's hidden states, ``(N, T, H)``, with those of the
recurrence :math:`H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)` from a zero state,
and name the slips of these exercises: a second piece started from zeros or
from the wrong state, a recurrent matrix left untransposed, a bias left out,
states stacked time-first.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbook import numpy_rnn
from rnnbook._validate import check_array, check_int
from rnnbook.checks.compare import compare_array
from rnnbook.checks.feedback import Feedback, Mistake
from rnnbook.checks.layer_weights import layer_weights

#: Axis names of every hidden state of a batch.
AXES_STATES = ("N", "T", "H")


def _forward(X: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray,
             h0: np.ndarray | None = None) -> np.ndarray:
    """Every state of the recurrence, (N, T, H), in float64."""
    H, _ = numpy_rnn.rnn_forward(X, {"W_x": W_x, "W_h": W_h, "b": b}, h0=h0)
    return H


def check_states_in_pieces(answer: Any, X: Any, params: Any, *, split: int) -> Feedback:
    """Check the states of a sequence run in two pieces: steps ``0..split-1``, then the rest.

    The second run starts from the last state of the first,
    ``h0 = H_first[:, -1]``, so the two pieces joined along time,
    ``np.concatenate([H_first, H_second], axis=1)``, equal the states of one
    run over every step.

    Parameters
    ----------
    answer : array_like or None
        The joined states ``(N, T, H)``.
    X : array_like
        The inputs ``(N, T, F)``.
    params : dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``.
    split : int
        Steps in the first piece, ``1 <= split < T``.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        On a bad ``X``, ``params`` or ``split``.

    Examples
    --------
    >>> X = np.random.default_rng(0).random((2, 8, 3))
    >>> p = numpy_rnn.init_params(3, 4, seed=1)
    >>> H_first, _ = numpy_rnn.rnn_forward(X[:, :5], p)
    >>> H_second, _ = numpy_rnn.rnn_forward(X[:, 5:], p, h0=H_first[:, -1])
    >>> joined = np.concatenate([H_first, H_second], axis=1)
    >>> check_states_in_pieces(joined, X, p, split=5).passed
    True
    """
    X = check_array("X", X, ndim=3).astype(np.float64)
    W_x, W_h, b = (a.astype(np.float64) for a in numpy_rnn.check_params(params))
    split = check_int("split", split, minimum=1)
    if split >= X.shape[1]:
        raise ValueError(f"`split` must be < the number of steps T = {X.shape[1]}. "
                         f"Received: split={split}")
    expected = _forward(X, W_x, W_h, b)  # (N, T, H)
    first = expected[:, :split]  # (N, split, H)

    def second(h0: np.ndarray | None) -> np.ndarray:
        return np.concatenate([first, _forward(X[:, split:], W_x, W_h, b, h0)], axis=1)

    mistakes = [
        Mistake(second(None), "Your second piece starts from a zero state: pass the last state "
                              "of the first piece as `h0`."),
        Mistake(second(first[:, 0]), "Your second piece starts from the *first* state of the "
                                     "first piece; it continues from the last one, `[:, -1]`."),
    ]
    if split >= 2:
        mistakes.append(Mistake(second(first[:, -2]), "Your second piece starts from the "
                                                      "next-to-last state (off by one): use "
                                                      "`[:, -1]`."))
    return compare_array(answer, expected, exercise="states of the two pieces",
                         axes=AXES_STATES, mistakes=mistakes, check_dtype=False)


def check_torch_rnn_states(answer: Any, X: Any, layer: Any) -> Feedback:
    """Check every state of a one-layer ``torch.nn.RNN`` computed by hand from its weights.

    PyTorch's documentation writes the cell as
    :math:`h_t = \\tanh(x_t W_{ih}^\\top + b_{ih} + h_{t-1} W_{hh}^\\top + b_{hh})`;
    the states of ``X`` from a zero state, stacked along time, are
    ``(N, T, H)`` (``batch_first=True``). Compared to float32 rounding
    (relative 1e-4, absolute 1e-5).

    Parameters
    ----------
    answer : array_like or None
        The student's states.
    X : array_like
        The inputs ``(N, T, F)``.
    layer : torch.nn.RNN
        The layer whose ``weight_ih_l0``, ``weight_hh_l0``, ``bias_ih_l0``
        and ``bias_hh_l0`` were used.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        On a bad ``X`` or a ``layer`` without those parameters.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> layer = SimpleNamespace(weight_ih_l0=np.ones((2, 1)), weight_hh_l0=np.eye(2) / 2,
    ...                         bias_ih_l0=np.zeros(2), bias_hh_l0=np.full(2, 0.1))
    >>> X = np.ones((1, 3, 1))
    >>> h, states = np.zeros((1, 2)), []
    >>> for t in range(3):
    ...     h = np.tanh(X[:, t] @ layer.weight_ih_l0.T + 0.1 + h @ layer.weight_hh_l0.T)
    ...     states.append(h)
    >>> check_torch_rnn_states(np.stack(states, axis=1), X, layer).passed
    True
    """
    X = check_array("X", X, ndim=3)
    dtype = X.dtype
    X = X.astype(np.float64)
    W_ih, W_hh, b_ih, b_hh = layer_weights(layer)  # (H, F), (H, H), (H,), (H,)
    if W_ih.shape[1] != X.shape[2]:
        raise ValueError(f"`X` must have the layer's {W_ih.shape[1]} input features on its last "
                         f"axis. Received: X with shape {X.shape}")
    expected = _forward(X, W_ih.T, W_hh.T, b_ih + b_hh)  # (N, T, H)
    mistakes = [
        Mistake(_forward(X, W_ih.T, W_hh, b_ih + b_hh),
                "Your recurrent product uses `W_hh` itself: the formula multiplies the state "
                "by its transpose, `h @ W_hh.T` (a square matrix runs either way)."),
        Mistake(_forward(X, W_ih.T, W_hh.T, b_ih),
                "You left out `b_hh`: PyTorch adds two biases, `b_ih` and `b_hh`."),
        Mistake(_forward(X, W_ih.T, W_hh.T, b_hh),
                "You left out `b_ih`: PyTorch adds two biases, `b_ih` and `b_hh`."),
        Mistake(_forward(X, W_ih.T, W_hh.T, np.zeros_like(b_ih)),
                "You left out both biases, `b_ih` and `b_hh`."),
    ]
    return compare_array(answer, expected.astype(dtype), exercise="states by PyTorch's formula",
                         axes=AXES_STATES, mistakes=mistakes, rtol=1e-4, atol=1e-5,
                         check_dtype=False)
