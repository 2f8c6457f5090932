"""Checkers of gated cells worked by hand: an LSTM's forget gate, and the paper's GRU (reset before).

The LSTM in PyTorch's layout, gates in the order i, f, g, o:

.. math::

    [i_t, f_t, g_t, o_t] = X_t W_{ih}^\\top + b_{ih} + H_{t-1} W_{hh}^\\top + b_{hh}, \\quad
    C_t = \\sigma(f_t) \\odot C_{t-1} + \\sigma(i_t) \\odot \\tanh(g_t), \\quad
    H_t = \\sigma(o_t) \\odot \\tanh(C_t).

The GRU of Cho et al. in Keras's layout (``reset_after=False``), gates z, r, h:

.. math::

    Z_t = \\sigma(X_t W_{xz} + H_{t-1} W_{hz} + b_z), \\quad
    R_t = \\sigma(X_t W_{xr} + H_{t-1} W_{hr} + b_r), \\\\
    \\tilde H_t = \\tanh\\big(X_t W_{xh} + (R_t \\odot H_{t-1}) W_{hh} + b_h\\big), \\quad
    H_t = Z_t \\odot H_{t-1} + (1 - Z_t) \\odot \\tilde H_t.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbook._validate import check_array, check_int
from rnnbook.checks.calls import call_answer
from rnnbook.checks.compare import compare_array
from rnnbook.checks.feedback import Feedback, Mistake
from rnnbook.checks.forward import AXES_STATES
from rnnbook.checks.layer_weights import layer_weights


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # 1 / (1 + e^-z), without overflow


def _lstm_gates(X: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray, *,
                carry: bool = True) -> dict[str, np.ndarray]:
    """Every gate of an LSTM over X (N, T, F), each (N, T, H): activated, and f before it."""
    N, T, _ = X.shape
    H = W_h.shape[0]
    H_t, C_t = np.zeros((N, H)), np.zeros((N, H))
    out: dict[str, list] = {"i": [], "f": [], "g": [], "o": [], "f_pre": []}
    for t in range(T):
        i, f, g, o = np.split(X[:, t] @ W_x + H_t @ W_h + b, 4, axis=1)  # (N, H) each
        C_new = _sigmoid(f) * C_t + _sigmoid(i) * np.tanh(g)
        H_new = _sigmoid(o) * np.tanh(C_new)
        if carry:  # without it: every step from the zero state, a slip
            C_t, H_t = C_new, H_new
        for name, value in (("i", _sigmoid(i)), ("f", _sigmoid(f)), ("g", np.tanh(g)),
                            ("o", _sigmoid(o)), ("f_pre", f)):
            out[name].append(value)
    return {name: np.stack(values, axis=1) for name, values in out.items()}  # (N, T, H)


def check_forget_gates(answer: Any, X: Any, layer: Any) -> Feedback:
    """Check the forget gate :math:`\\sigma(f_t)` of a PyTorch LSTM's first layer at every step.

    Parameters
    ----------
    answer : array_like or None
        The student's forget gates, ``(N, T, H)``.
    X : array_like
        The windows the layer read, ``(N, T, F)``.
    layer : torch.nn.LSTM
        The layer whose ``weight_ih_l0`` ``(4H, F)``, ``weight_hh_l0``
        ``(4H, H)``, ``bias_ih_l0`` and ``bias_hh_l0`` were copied.

    Returns
    -------
    Feedback
        Compared to float32 rounding (relative 1e-4, absolute 1e-5).

    Raises
    ------
    TypeError, ValueError
        On a bad ``X``, or a ``layer`` without those parameters or of
        shapes that are not an LSTM's.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> rng = np.random.default_rng(0)
    >>> layer = SimpleNamespace(weight_ih_l0=rng.normal(size=(8, 1)),
    ...                         weight_hh_l0=rng.normal(size=(8, 2)),
    ...                         bias_ih_l0=np.zeros(8), bias_hh_l0=np.zeros(8))
    >>> X = rng.normal(size=(3, 5, 1))
    >>> right = _lstm_gates(X, layer.weight_ih_l0.T, layer.weight_hh_l0.T, np.zeros(8))["f"]
    >>> check_forget_gates(right, X, layer).passed
    True
    """
    X = check_array("X", X, ndim=3).astype(np.float64)
    W_ih, W_hh, b_ih, b_hh = layer_weights(layer)  # (4H, F), (4H, H), (4H,), (4H,)
    H = W_hh.shape[1]
    if W_ih.shape != (4 * H, X.shape[2]) or W_hh.shape != (4 * H, H):
        raise ValueError(
            f"`layer` must be an LSTM reading X's {X.shape[2]} features: weight_ih_l0 of shape "
            f"(4H, F) and weight_hh_l0 of shape (4H, H). Received: weight_ih_l0 with shape "
            f"{W_ih.shape} and weight_hh_l0 with shape {W_hh.shape}")
    gates = _lstm_gates(X, W_ih.T, W_hh.T, b_ih + b_hh)
    order = "PyTorch's gate order is i, f, g, o: the forget gate is the second block of H rows."
    mistakes = [
        Mistake(gates["i"], "That is the input gate. " + order),
        Mistake(gates["o"], "That is the output gate. " + order),
        Mistake(gates["g"], "That is the candidate, tanh(g). " + order),
        Mistake(gates["f_pre"], "These are the forget gate's inputs before the sigmoid: apply "
                                "it, so that the gate lies between 0 and 1."),
        Mistake(1 - gates["f"], "That is 1 minus the forget gate: the gate is the share of "
                                "the cell state that is kept."),
        Mistake(_lstm_gates(X, W_ih.T, W_hh.T, b_ih)["f"],
                "You left out `bias_hh_l0`: PyTorch adds two biases, so b = b_ih + b_hh."),
        Mistake(_lstm_gates(X, W_ih.T, W_hh.T, b_ih + b_hh, carry=False)["f"],
                "Your gates are computed from the zero state at every step: carry the hidden "
                "and cell states from one step to the next."),
    ]
    return compare_array(answer, gates["f"], exercise="forget gates", axes=AXES_STATES,
                         mistakes=mistakes, rtol=1e-4, atol=1e-5, check_dtype=False)


def _gru(X: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray, *,
         reset_after: bool = False, swap_gates: bool = False, swap_update: bool = False,
         reset: bool = True) -> np.ndarray:
    """A GRU over X (N, T, F) in Keras's layout; the switches make the slips. (N, T, H)."""
    N, T, _ = X.shape
    H = W_h.shape[0]
    W_hz, W_hr, W_hh = np.split(W_h, 3, axis=1)  # (H, H) each
    H_t, out = np.zeros((N, H)), []
    for t in range(T):
        x_z, x_r, x_h = np.split(X[:, t] @ W_x + b, 3, axis=1)  # (N, H) each
        Z, R = _sigmoid(x_z + H_t @ W_hz), _sigmoid(x_r + H_t @ W_hr)
        if swap_gates:
            Z, R = _sigmoid(x_r + H_t @ W_hr), _sigmoid(x_z + H_t @ W_hz)
        if not reset:
            R = np.ones_like(R)
        recurrent = R * (H_t @ W_hh) if reset_after else (R * H_t) @ W_hh  # (N, H)
        candidate = np.tanh(x_h + recurrent)
        H_t = (1 - Z) * H_t + Z * candidate if swap_update else Z * H_t + (1 - Z) * candidate
        out.append(H_t)
    return np.stack(out, axis=1)


def check_gru_reset_before(fn: Any, *, seed: int = 0) -> Feedback:
    """Check ``fn(X, W_x, W_h, b)``, the GRU with the reset gate before the recurrent matrix.

    ``fn`` is called with Keras's layout (``GRU(H, reset_after=False)``):
    ``X`` ``(2, 6, 3)``, ``W_x`` ``(3, 3H)``, ``W_h`` ``(H, 3H)``, ``b``
    ``(3H,)`` with ``H = 4``, gates in the order z, r, h, drawn from ``seed``;
    it must return every state, ``(N, T, H)``, to a relative tolerance of
    1e-6.

    Parameters
    ----------
    fn : callable or None
        The student's ``gru_forward_reset_before``; None, or a function that
        returns None, is not answered yet.
    seed : int

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_gru_reset_before(lambda X, W_x, W_h, b: _gru(X, W_x, W_h, b)).passed
    True
    >>> slip = lambda X, W_x, W_h, b: _gru(X, W_x, W_h, b, reset_after=True)
    >>> check_gru_reset_before(slip).hints[0][:40]
    'That is the GRU with the reset gate afte'
    """
    seed = check_int("seed", seed, minimum=0)
    what = "GRU, reset before"
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(2, 6, 3))  # (N, T, F)
    W_x, W_h, b = (rng.normal(scale=0.7, size=s) for s in ((3, 12), (4, 12), (12,)))
    states, feedback = call_answer(
        what, fn, (X.copy(), W_x.copy(), W_h.copy(), b.copy()),
        usage="It is called as `fn(X, W_x, W_h, b)` with X (N, T, F), W_x (F, 3H), W_h (H, 3H) "
              "and b (3H,), Keras's layout.")
    if feedback is not None:
        return feedback
    expected = _gru(X, W_x, W_h, b)
    mistakes = [
        Mistake(_gru(X, W_x, W_h, b, reset_after=True),
                "That is the GRU with the reset gate after the recurrent product, "
                "R * (H @ W_hh) (Keras's default, and PyTorch's); here it multiplies H_{t-1} "
                "first: (R * H) @ W_hh."),
        Mistake(_gru(X, W_x, W_h, b, swap_gates=True),
                "Your update and reset gates are swapped: Keras's order of the blocks is z, r, "
                "h."),
        Mistake(_gru(X, W_x, W_h, b, swap_update=True),
                "Z weighs the other way: in Keras H_t = Z * H_{t-1} + (1 - Z) * H_cand."),
        Mistake(_gru(X, W_x, W_h, b, reset=False),
                "Your candidate ignores the reset gate: it multiplies H_{t-1} before W_hh."),
        Mistake(expected[:, -1], "That is the last state only; return every state, (N, T, H)."),
    ]
    return compare_array(states, expected, exercise="GRU states", axes=AXES_STATES,
                         mistakes=mistakes, check_dtype=False)
