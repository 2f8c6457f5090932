"""Checkers of gradients worked by hand: a sequence-to-sequence loss, and one unit's state gradient.

A sequence-to-sequence readout forecasts at every step,
:math:`\\hat Y_t = H_t W_y + b_y`, and its loss is the mean over all
:math:`N T` errors, :math:`L = \\frac{1}{NT} \\sum_{n,t} (\\hat Y_{n,t} - Y_{n,t})^2`,
so :math:`\\partial L / \\partial \\hat Y = 2 (\\hat Y - Y) / (NT)` at every
step and every hidden state receives gradient directly. The slips named: the
factor 2 forgotten, a mean over N alone, the sign of the error flipped, a loss
still read at the last step only, the readout's gradient summed over the last
step only. One unit with zero inputs and zero state has slopes of 1, so
:math:`\\partial H_{T-1} / \\partial H_{T-1-k} = w^k`.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from rnnbook import numpy_rnn
from rnnbook._validate import check_float, check_int
from rnnbook.checks.calls import call_answer
from rnnbook.checks.compare import compare_array, compare_number
from rnnbook.checks.feedback import Feedback, Mistake

#: The parameters of the model with a readout, and their order in the feedback.
MODEL_KEYS = ("W_x", "W_h", "b", "W_y", "b_y")


def _toy_problem(seed: int, N: int = 4, T: int = 6, n_hidden: int = 3):
    """A small model with a readout, inputs X (N, T, 1) and targets Y (N, T, 1)."""
    rng = np.random.default_rng(seed)
    model = numpy_rnn.init_params(1, n_hidden, seed=rng)
    model["W_y"] = rng.normal(size=(n_hidden, 1))  # (H, 1)
    model["b_y"] = rng.normal(size=1)  # (1,)
    X = rng.normal(size=(N, T, 1))  # (N, T, 1)
    Y = rng.normal(size=(N, T, 1))  # (N, T, 1)
    return model, X, Y


def _gradients(model: dict, X: np.ndarray, dY_hat: np.ndarray, *, last_only: bool = False,
               readout_last: bool = False) -> dict[str, np.ndarray]:
    """The gradients of a loss whose gradient at the forecasts is ``dY_hat`` (N, T, 1)."""
    H_all, cache = numpy_rnn.rnn_forward(X, {k: model[k] for k in ("W_x", "W_h", "b")})
    dY_states = dY_hat.copy()
    if last_only:  # the states' gradient of chapter 4's main text: the last step only
        dY_states[:, :-1] = 0.0
    dH = dY_states @ model["W_y"].T  # (N, T, H)
    grads = numpy_rnn.rnn_backward(dH, cache)
    readout = dY_hat[:, -1:] if readout_last else dY_hat  # (N, T or 1, 1)
    H_read = H_all[:, -1:] if readout_last else H_all
    return {"W_x": grads["W_x"], "W_h": grads["W_h"], "b": grads["b"],
            "W_y": np.einsum("nth,nto->ho", H_read, readout),  # (H, 1)
            "b_y": readout.sum(axis=(0, 1))}  # (1,)


def _reply(what: str, result: Any) -> tuple[Any, Any] | Feedback:
    """(loss, grads) from the student's function's return value, or Feedback on its shape."""
    if not (isinstance(result, tuple) and len(result) == 2):
        return Feedback(what, False, f"Your function returned a {type(result).__name__}; it must "
                                     "return two values, `loss, grads`.")
    loss, grads = result
    if not isinstance(grads, dict):
        return Feedback(what, False, f"The second value your function returns is a "
                                     f"{type(grads).__name__}; it must be a dict of gradients.")
    missing = [k for k in MODEL_KEYS if k not in grads]
    if missing:
        return Feedback(what, False, "Your gradients lack the key(s) "
                                     + ", ".join(f"`{k}`" for k in missing) + ".",
                        ("One gradient per parameter of the model: "
                         + ", ".join(f"`{k}`" for k in MODEL_KEYS) + ".",))
    return loss, grads


def check_seq2seq_loss_and_grads(fn: Any, *, seed: int = 0) -> Feedback:
    """Check ``fn(model, X, Y) -> (loss, grads)`` for a loss at every step.

    ``fn`` is called on a small problem of its own (``N=4, T=6, F=1, H=3``,
    drawn from ``seed``): ``model`` has the keys ``W_x, W_h, b, W_y, b_y``,
    ``X`` and ``Y`` are ``(N, T, 1)``. Its loss and each gradient are
    compared with the reference to a relative tolerance of 1e-6.

    Parameters
    ----------
    fn : callable or None
        The student's ``seq2seq_loss_and_grads``; None, or a function that
        returns None, is not answered yet.
    seed : int
        Seed of the problem.

    Returns
    -------
    Feedback
        Passed when the loss and all five gradients are right.

    Examples
    --------
    >>> def wrong_sign(model, X, Y):
    ...     H, cache = numpy_rnn.rnn_forward(X, {k: model[k] for k in ("W_x", "W_h", "b")})
    ...     Y_hat = H @ model["W_y"] + model["b_y"]
    ...     d = 2 * (Y - Y_hat) / Y.size
    ...     g = numpy_rnn.rnn_backward(d @ model["W_y"].T, cache)
    ...     g = {k: g[k] for k in ("W_x", "W_h", "b")}
    ...     g |= {"W_y": np.einsum("nth,nto->ho", H, d), "b_y": d.sum(axis=(0, 1))}
    ...     return float(np.mean((Y_hat - Y) ** 2)), g
    >>> check_seq2seq_loss_and_grads(wrong_sign).hints[0][:40]
    '`W_x`, `W_h`, `b`, `W_y`, `b_y`: Your gr'
    """
    seed = check_int("seed", seed, minimum=0)
    what = "sequence-to-sequence gradients"
    model, X, Y = _toy_problem(seed)
    result, feedback = call_answer(
        what, fn, (copy.deepcopy(model), X.copy(), Y.copy()),
        usage="It is called as `fn(model, X, Y)`, with the model's keys "
              + ", ".join(f"`{k}`" for k in MODEL_KEYS) + " and X, Y of shape (N, T, 1).")
    if feedback is not None:
        return feedback
    reply = _reply(what, result)
    if isinstance(reply, Feedback):
        return reply
    loss, grads = reply
    H_all, _ = numpy_rnn.rnn_forward(X, {k: model[k] for k in ("W_x", "W_h", "b")})
    Y_hat = H_all @ model["W_y"] + model["b_y"]  # (N, T, 1)
    dY_hat = 2 * (Y_hat - Y) / Y.size  # (N, T, 1)
    mse = float(np.mean((Y_hat - Y) ** 2))
    parts = {"loss": compare_number(loss, mse, exercise="loss", mistakes=[
        Mistake(np.sqrt(mse), "That is the RMSE; the loss is the mean squared error."),
        Mistake(mse * Y.size, "That is the sum of the squared errors; the loss is their mean."),
        Mistake(float(np.mean((Y_hat[:, -1] - Y[:, -1]) ** 2)),
                "That is the error at the last step only; the loss is the mean over every "
                "step.")])}
    expected = _gradients(model, X, dY_hat)
    slips = [
        (_gradients(model, X, dY_hat / 2), "Your gradients are half the right ones: the "
                                           "derivative of a square brings a factor 2."),
        (_gradients(model, X, dY_hat * X.shape[1]), "Your gradients are T times too large: the "
                                                    "mean is over all N * T errors "
                                                    "(`Y.size`), not over the N windows."),
        (_gradients(model, X, -dY_hat), "Your gradients have the wrong sign: the derivative "
                                        "of (Y_hat - Y)**2 is 2 (Y_hat - Y), not 2 (Y - Y_hat)."),
        (_gradients(model, X, dY_hat, last_only=True),
         "Your gradients are those of a loss at the last step only: every step's forecast "
         "now feeds the loss, so `dH` is non-zero at every step."),
        (_gradients(model, X, dY_hat, readout_last=True),
         "Your readout's gradients use the last step only: `W_y` and `b_y` serve every step, "
         "so their gradients sum over steps as well as windows."),
    ]
    for key in MODEL_KEYS:
        mistakes = [Mistake(wrong[key], hint) for wrong, hint in slips]
        parts[key] = compare_array(grads[key], expected[key], exercise=f"gradient of {key}",
                                   mistakes=mistakes, check_dtype=False)
    return _merge(what, parts)


def _merge(what: str, parts: dict[str, Feedback]) -> Feedback:
    """Like :func:`~rnnbook.checks.feedback.combine`, a hint shared by parts said once."""
    wrong = [name for name, fb in parts.items() if not fb.passed]
    if not wrong:
        return Feedback(what, True, "Correct: the loss and every gradient are right.")
    by_hint: dict[str, list[str]] = {}
    for name in wrong:
        for hint in parts[name].hints or (parts[name].message,):
            by_hint.setdefault(hint, []).append(name)
    hints = tuple(", ".join(f"`{n}`" for n in names) + ": " + hint
                  for hint, names in by_hint.items())
    right = [name for name in parts if name not in wrong]
    message = ("Wrong: " + ", ".join(f"`{n}`" for n in wrong) + "."
               + (" Right: " + ", ".join(f"`{n}`" for n in right) + "." if right else ""))
    return Feedback(what, False, message, hints)


def check_unit_state_gradient(answer: Any, *, w: float, k: int) -> Feedback:
    """Check :math:`\\partial H_{T-1} / \\partial H_{T-1-k}` for one unit fed zeros.

    With :math:`W_x = 1`, :math:`b = 0`, :math:`W_h = w`, zero inputs and a
    zero initial state every state is 0, every slope :math:`1 - H_t^2` is 1,
    and each step back multiplies by :math:`w`: the gradient is :math:`w^k`.
    Relative tolerance 1e-3.

    Parameters
    ----------
    answer : float or None
    w : float
        The recurrent weight.
    k : int
        Steps back, at least 0.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> check_unit_state_gradient(0.9 ** 10, w=0.9, k=10).passed
    True
    >>> check_unit_state_gradient(0.9 ** 11, w=0.9, k=10).hints[0][:30]
    'One factor of w too many: k st'
    """
    w = check_float("w", w)
    k = check_int("k", k, minimum=0)
    mistakes = [
        Mistake(w ** (k + 1), "One factor of w too many: k steps back multiply by w exactly k "
                              "times (k = 0 is the state itself)."),
        Mistake(k * w, "The factors multiply: each of the k steps back multiplies the gradient "
                       "by w, which makes a power, not a product k * w."),
        Mistake(1.0, "The slopes 1 - h**2 are all 1 here, but each step back still multiplies "
                     "by the recurrent weight w."),
        Mistake(-(w ** k), "Check the sign: with zero states every factor is +w."),
        Mistake((1 - w**2) ** k, "1 - h**2 is the slope at the state h, which is 0 here; the "
                                 "factor per step is w (1 - h**2)."),
    ]
    if k >= 1:
        mistakes.append(Mistake(w ** (k - 1), "One factor of w too few: k steps back multiply "
                                              "by w exactly k times."))
    return compare_number(answer, w**k, exercise="state gradient", mistakes=mistakes, rtol=1e-3)
