"""Checkers of the deep-RNN exercises: the size of a stack of layers, and the error floor of a bounded output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rnnbook._validate import check_architecture, check_array, check_choice, check_float, check_int
from rnnbook.checks.compare import compare_number
from rnnbook.checks.feedback import Feedback, Mistake


def _stack_count(inputs: Sequence[int], sizes: Sequence[int], biases: int, recurrent: bool = True,
                 square_w_h: bool = True) -> int:
    """Parameters of simple recurrent layers of ``sizes`` units reading ``inputs`` values each.

    Layer ``l`` holds ``W_x`` (inputs[l], H), ``W_h`` (H, H) and ``biases`` bias vectors (H,).
    ``recurrent=False`` leaves ``W_h`` out; ``square_w_h=False`` takes it as (inputs[l], H).
    """
    total = 0
    for n_in, H in zip(inputs, sizes):
        w_h = (H * H if square_w_h else n_in * H) if recurrent else 0
        total += n_in * H + w_h + biases * H
    return total


def check_deep_param_count(
    answer: Any,
    *,
    n_hidden: Sequence[int],
    head: str | None = None,
    n_features: int = 1,
    horizon: int = 1,
    framework: str = "keras",
) -> Feedback:
    """Check the parameter count of stacked simple recurrent layers, with an optional Dense head.

    Layer :math:`\\ell` reads the :math:`H^{(\\ell-1)}` hidden states of the
    layer below (:math:`H^{(0)} = F`, the input features) and computes
    :math:`H^{(\\ell)}_t = \\tanh(H^{(\\ell-1)}_t W_x^{(\\ell)} + H^{(\\ell)}_{t-1} W_h^{(\\ell)} + b^{(\\ell)})`,
    so it holds :math:`W_x^{(\\ell)}` (H^(l-1), H^(l)), :math:`W_h^{(\\ell)}`
    (H^(l), H^(l)) and :math:`b^{(\\ell)}` (H^(l),). PyTorch's ``nn.RNN``
    keeps two bias vectors, H^(l) more numbers per layer. A Dense head on the
    top layer's last state adds ``H^(L) * horizon + horizon``.

    Parameters
    ----------
    answer : int or None
        The student's count; ``None`` means not answered yet.
    n_hidden : sequence of int
        Units of each recurrent layer, bottom to top (as in ``build_rnn``).
    head : {None, "dense"}, default None
        ``None``: the top recurrent layer is the output, so ``n_hidden[-1]``
        must equal ``horizon``. ``"dense"``: a Dense layer reads its last state.
    n_features : int, default 1
        Input features ``F``.
    horizon : int, default 1
        Outputs of the model.
    framework : {"keras", "torch"}, default "keras"
        Whose count is asked for.

    Returns
    -------
    Feedback
        Passed only for ``framework``'s exact count.

    Raises
    ------
    ValueError
        If a size is below 1, ``head`` or ``framework`` is unknown, or
        ``head`` is None and ``n_hidden[-1] != horizon``.
    TypeError
        If a size is not an integer.

    Examples
    --------
    >>> check_deep_param_count(1282, n_hidden=[20, 20, 1]).passed  # 440 + 820 + 22
    True
    >>> check_deep_param_count(1321, n_hidden=[20, 20], head="dense", framework="torch").passed
    True
    >>> print(check_deep_param_count(1281, n_hidden=[20, 20], head="dense",
    ...                              framework="torch"))  # doctest: +NORMALIZE_WHITESPACE
    [try again] PyTorch parameter count of [20, 20] + Dense: 1281 is not the PyTorch
      parameter count of [20, 20] + Dense.
      hint: That is the Keras count, with one bias vector per recurrent layer;
      PyTorch's `nn.RNN` keeps two (`bias_ih` and `bias_hh`), H more numbers per layer.
    """
    sizes = check_architecture("simple_rnn", n_hidden, head, horizon, False)
    F = check_int("n_features", n_features, minimum=1)
    check_choice("framework", framework, ("keras", "torch"))
    biases = 2 if framework == "torch" else 1
    inputs = (F, *sizes[:-1])  # layer l reads the H^(l-1) states of the layer below
    dense = sizes[-1] * horizon + horizon if head == "dense" else 0
    stack = _stack_count(inputs, sizes, biases)
    expected = stack + dense

    other = "Keras" if framework == "torch" else "PyTorch"
    mistakes = [
        Mistake(_stack_count([F] * len(sizes), sizes, biases) + dense,
                "Every layer above the first reads the hidden states of the layer below, "
                "H values per time step, not the input features: its `W_x` has one row per "
                "unit of the layer below."),
        Mistake(_stack_count(inputs, sizes, 3 - biases) + dense,
                f"That is the {other} count, with {'one bias vector' if biases == 2 else 'two bias vectors'} "
                "per recurrent layer; "
                + ("PyTorch's `nn.RNN` keeps two (`bias_ih` and `bias_hh`), H more numbers per layer."
                   if biases == 2 else "Keras's `SimpleRNN` keeps one.")),
        Mistake(_stack_count(inputs, sizes, 0) + dense,
                "You forgot the biases of the recurrent layers: each has its own"
                + (" two bias vectors" if biases == 2 else " bias vector") + ", one number per unit."),
        Mistake(_stack_count(inputs, sizes, biases, recurrent=False) + dense,
                "You forgot the recurrent weights `W_h`: each layer maps its own previous "
                "hidden state (H values) to its H units."),
        Mistake(_stack_count(inputs, sizes, biases, square_w_h=False) + dense,
                "The recurrent matrix `W_h` of a layer is H x H: it multiplies that layer's "
                "own previous state, not its input."),
    ]
    mistakes += [
        Mistake(expected - H,
                "A bias vector is missing: every recurrent layer has its own, one number per unit.")
        for H in sizes
    ]
    if head == "dense":
        H_top = sizes[-1]
        mistakes += [
            Mistake(stack + H_top * horizon, "You forgot the Dense head's bias: one per output."),
            Mistake(stack, "You left out the Dense head: one weight per unit of the top layer "
                           "and per output, and one bias per output."),
            Mistake(stack + H_top * horizon + horizon * horizon + biases * horizon,
                    "The head is a Dense layer, not a recurrent one: it has no recurrent "
                    "weights `W_h`" + (" and one bias vector." if biases == 2 else ".")),
        ]
    else:
        mistakes.append(
            Mistake(expected + sizes[-1] * horizon + horizon,
                    "This model has no Dense head: the hidden state of its top recurrent layer "
                    "is the forecast."))
    layers = f"{list(sizes)}" + (" + Dense" if head == "dense" else "")
    exercise = f"{'PyTorch' if biases == 2 else 'Keras'} parameter count of {layers}"
    return compare_number(answer, expected, exercise=exercise, mistakes=mistakes, integer=True)


def check_bounded_mse_floor(answer: Any, y_true: Any, *, bound: float = 1.0) -> Feedback:
    """Check the least MSE that any forecast confined to ``(-bound, bound)`` can reach.

    A forecast :math:`\\hat y_i` with :math:`|\\hat y_i| < c` is at least
    :math:`\\max(|y_i| - c, 0)` away from the target :math:`y_i`, and can come
    as close as that (:math:`\\hat y_i = y_i` inside the range, just inside
    :math:`\\pm c` beyond it), so the floor is the mean over all targets

    .. math:: \\frac{1}{n} \\sum_i \\max(|y_i| - c, 0)^2 .

    A one-unit ``SimpleRNN`` output, a :math:`\\tanh`, has :math:`c = 1`.

    Parameters
    ----------
    answer : float or None
        The student's floor; ``None`` means not answered yet.
    y_true : array_like
        The targets, any shape (e.g. ``(N, 1)``).
    bound : float, default 1.0
        The bound ``c`` of the forecasts, above 0.

    Returns
    -------
    Feedback
        Passed if ``answer`` is within a relative 1e-4 of the floor (float32
        arithmetic passes).

    Raises
    ------
    ValueError
        If ``y_true`` is empty or not finite, or ``bound`` is not above 0.
    TypeError
        If ``y_true`` does not hold numbers or ``bound`` is not a number.

    Examples
    --------
    >>> y = np.array([[0.5], [-1.5], [2.0], [0.0]])  # excesses 0, 0.5, 1, 0
    >>> check_bounded_mse_floor(0.3125, y).passed  # (0.25 + 1) / 4
    True
    >>> check_bounded_mse_floor(0.375, y).hints[0]
    'You averaged the excess itself; the MSE averages its square.'
    """
    y = check_array("y_true", y_true).astype(np.float64).ravel()  # (n,)
    c = check_float("bound", bound, minimum=0.0, exclusive_minimum=True)
    excess = np.clip(np.abs(y) - c, 0.0, None)  # (n,): how far each target lies out of reach
    floor = float(np.mean(excess**2))
    outside = excess > 0
    mistakes = [
        Mistake(float(np.mean(excess)), "You averaged the excess itself; the MSE averages its square."),
        Mistake(float(np.sqrt(floor)),
                "That is the square root of the floor, an RMSE; the MSE is not square-rooted."),
        Mistake(float(np.sum(excess**2)),
                "You summed the squared excesses; the MSE is their mean over all targets."),
        Mistake(float(np.mean((np.abs(y) - c) ** 2)),
                "A target inside the range can be forecast exactly, so its error is 0, not "
                "(|y| - bound)^2: clip the excess at 0 (`np.clip(..., 0, None)`)."),
        Mistake(float(np.mean(np.clip(y - c, 0.0, None) ** 2)),
                "You counted only the targets above +bound; those below -bound are just as far "
                "out of reach."),
        Mistake(float(np.mean(y**2)),
                "That is the MSE of forecasting 0 everywhere; the best bounded forecast equals "
                "the target wherever the target is within reach."),
        Mistake(0.0, "A floor of 0 means every target is within reach: did you use the "
                     "targets the exercise asks about (scaled, if it scales them)?"),
    ]
    if outside.any():
        mistakes.append(Mistake(
            float(np.mean(excess[outside] ** 2)),
            "You averaged over the targets beyond the bound only; the MSE averages over all "
            "of them, and those within reach add an error of 0."))
    exercise = f"least MSE of a forecast within (-{c:g}, {c:g})"
    return compare_number(answer, floor, exercise=exercise, mistakes=mistakes, rtol=1e-4)
