"""Checkers of PyTorch answers: the redundant bias, a multi-layer ``nn.RNN``'s parameters, ``h_n``'s shape.

PyTorch's recurrent modules differ from Keras's in ways students trip on:
two bias vectors per layer (``bias_ih`` and ``bias_hh``, of which only the sum
matters), ``num_layers`` layers inside one module, each after the first
reading the hidden state of the layer below, and a final state ``h_n`` that
is *not* batch-first: ``(directions * num_layers, N, H)`` even with
``batch_first=True``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rnnbook._validate import check_bool, check_int
from rnnbook.checks.compare import compare_number
from rnnbook.checks.feedback import Feedback, Mistake, not_answered


def check_redundant_bias_count(answer: Any, *, n_features: int, n_hidden: int) -> Feedback:
    """Check how many parameters of ``nn.RNN(n_features, n_hidden)`` could go without changing any output.

    The cell computes :math:`\\tanh(x_t W_{ih}^\\top + b_{ih} + h_{t-1} W_{hh}^\\top + b_{hh})`,
    where the biases only appear as their sum: one of the two vectors, ``H``
    numbers, is redundant.

    Parameters
    ----------
    answer : int or None
    n_features, n_hidden : int
        ``F`` and ``H``, at least 1.

    Returns
    -------
    Feedback
        Passed only for ``n_hidden``.

    Examples
    --------
    >>> check_redundant_bias_count(5, n_features=3, n_hidden=5).passed
    True
    >>> print(check_redundant_bias_count(10, n_features=3, n_hidden=5).hints[0])
    Not both: the layer needs the sum `b_ih + b_hh`, and one vector can hold it.
    """
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    mistakes = [
        Mistake(2 * H, "Not both: the layer needs the sum `b_ih + b_hh`, and one vector can hold it."),
        Mistake(0, "Look at where `b_ih` and `b_hh` appear in the cell's formula: only ever as "
                   "their sum. Could one of them be set to zero without changing any output?"),
        Mistake(1, "One bias *vector* can go; how many numbers does a bias vector hold?"),
        Mistake(F * H + H * H + 2 * H, "That is the layer's whole parameter count; the question is "
                                       "how many of those parameters are redundant."),
        Mistake(F * H + H * H + H, "That is the count that remains (Keras's); the question is how "
                                   "many parameters could be removed."),
    ]
    return compare_number(answer, H, exercise="number of redundant parameters",
                          mistakes=mistakes, integer=True)


def _stack_count(F: int, H: int, layers: int, directions: int, *, later_inputs: int,
                 biases: int) -> int:
    """Parameters of ``layers`` layers of ``directions`` simple cells; layer 1 reads F inputs."""
    def layer(inputs: int) -> int:
        return directions * (inputs * H + H * H + biases * H)

    return layer(F) + (layers - 1) * layer(later_inputs)


def check_num_layers_param_count(
    answer: Any, *, n_features: int, n_hidden: int, num_layers: int,
    bidirectional: bool = False,
) -> Feedback:
    """Check the parameter count of ``nn.RNN(n_features, n_hidden, num_layers, bidirectional=...)``.

    With ``D`` directions (2 when bidirectional), the first layer reads the
    ``F`` input features and every later layer the ``D * H`` features of the
    layer below; each direction of each layer holds ``W_ih``, ``W_hh`` and two
    bias vectors:

    .. math:: D\\,(F H + H^2 + 2H) + (L - 1)\\, D\\,(D H \\cdot H + H^2 + 2H).

    Parameters
    ----------
    answer : int or None
    n_features, n_hidden, num_layers : int
        ``F``, ``H`` and ``L``, at least 1.
    bidirectional : bool, default False

    Returns
    -------
    Feedback
        Passed only for the module's exact count (``sum(p.numel() for p in
        module.parameters())``).

    Examples
    --------
    >>> check_num_layers_param_count(1300, n_features=1, n_hidden=20, num_layers=2).passed
    True
    """
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    L = check_int("num_layers", num_layers, minimum=1)
    D = 2 if check_bool("bidirectional", bidirectional) else 1
    expected = _stack_count(F, H, L, D, later_inputs=D * H, biases=2)
    mistakes = [
        Mistake(_stack_count(F, H, L, D, later_inputs=F, biases=2),
                "Only the first layer reads the input features; every later layer reads the "
                "hidden state of the layer below."),
        Mistake(_stack_count(F, H, L, D, later_inputs=D * H, biases=1),
                "That is the count with one bias vector per layer, as in Keras; `nn.RNN` keeps "
                "two (`bias_ih` and `bias_hh`) in every layer and direction."),
        Mistake(_stack_count(F, H, 1, D, later_inputs=D * H, biases=2),
                "That is one layer: `num_layers` stacks that many, each with its own weights."),
        Mistake(expected + D * H + 1,
                "That includes a `Linear` head with one output; the count asked for is the recurrent "
                "module's alone."),
        Mistake(_stack_count(F, H, L, D, later_inputs=D * H, biases=0),
                "You forgot the biases."),
    ]
    if D == 2:
        mistakes += [
            Mistake(_stack_count(F, H, L, 1, later_inputs=H, biases=2),
                    "`bidirectional=True` gives every layer a second, backward copy of its "
                    "weights."),
            Mistake(_stack_count(F, H, L, 2, later_inputs=H, biases=2),
                    "A layer above a bidirectional layer reads both directions' states, side "
                    "by side."),
        ]
    return compare_number(answer, expected, exercise="number of parameters", mistakes=mistakes,
                          integer=True)


def _as_shape(answer: Any) -> tuple[int, ...] | str:
    """The answer as a tuple of ints (``torch.Size`` is a tuple), or why it is not a shape."""
    if isinstance(answer, (str, bytes)):
        return f"Your answer is the string {answer!r}; give a tuple of ints, such as `(2, 8, 4)`."
    if hasattr(answer, "shape") and not isinstance(answer, Sequence):
        return ("Your answer is an array or tensor; give its shape, `tuple(h_n.shape)`, "
                "not the values.")
    if not isinstance(answer, Sequence):
        return f"Your answer (a {type(answer).__name__}) is not a shape; give a tuple of ints."
    shape = []
    for size in answer:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            return f"Your answer holds {size!r}; every entry of a shape is an int."
        shape.append(int(size))
    return tuple(shape)


def check_h_n_shape(
    answer: Any, *, batch: int, n_hidden: int, num_layers: int = 1,
    bidirectional: bool = False,
) -> Feedback:
    """Check the shape of the final state ``h_n`` of a batch-first ``nn.RNN``, ``nn.GRU`` or ``nn.LSTM``.

    ``h_n`` (and an LSTM's ``c_n``) is ``(D * num_layers, N, H)``, with
    ``D = 2`` directions when bidirectional: one row per layer and direction,
    and *not* batch-first, whatever ``batch_first`` says.

    Parameters
    ----------
    answer : tuple of int, torch.Size or None
    batch : int
        ``N``, the windows in the batch, at least 1.
    n_hidden, num_layers : int
        ``H`` and ``L``, at least 1.
    bidirectional : bool, default False

    Returns
    -------
    Feedback
        Passed only for the exact shape.

    Examples
    --------
    >>> check_h_n_shape((4, 8, 20), batch=8, n_hidden=20, num_layers=2, bidirectional=True).passed
    True
    >>> print(check_h_n_shape((8, 4, 20), batch=8, n_hidden=20, num_layers=2,
    ...                       bidirectional=True).hints[0])
    `h_n` is not batch-first, even with `batch_first=True`: its first axis is not the batch.
    """
    N = check_int("batch", batch, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    L = check_int("num_layers", num_layers, minimum=1)
    D = 2 if check_bool("bidirectional", bidirectional) else 1
    exercise = "shape of `h_n`"
    if answer is None:
        return not_answered(exercise)
    shape = _as_shape(answer)
    if isinstance(shape, str):
        return Feedback(exercise, False, shape)
    expected = (D * L, N, H)
    if shape == expected:
        return Feedback(exercise, True, f"Correct: {shape} is the {exercise}.")
    mistakes = [
        Mistake((N, D * L, H), "`h_n` is not batch-first, even with `batch_first=True`: its "
                               "first axis is not the batch."),
        Mistake((N, H), "`h_n` keeps its first axis even for one layer: that is the shape of "
                        "`h_n[-1]`, one layer's states."),
        Mistake((L, N, D * H), "That is how `outputs` holds the two directions, side by side in "
                               "the features; `h_n` gives each direction its own row instead."),
        Mistake((L, N, H), "Each direction has its own final state: count the rows of the "
                           "first axis again."),
        Mistake((D * L, H), "You left out an axis: `h_n` holds one state per window of the "
                            "batch."),
    ]
    hints = [m.hint for m in mistakes if m.value != expected and m.value == shape]
    if not hints:
        if len(shape) != 3:
            hints.append(f"Your shape has {len(shape)} axes; `h_n` has 3.")
        else:
            names = ("first axis (layers and directions)", "second axis (the batch)",
                     "third axis (the units)")
            hints += [f"The {name} is wrong." for name, got, want in
                      zip(names, shape, expected) if got != want]
    return Feedback(exercise, False, f"{shape} is not the {exercise}.", tuple(dict.fromkeys(hints)))
