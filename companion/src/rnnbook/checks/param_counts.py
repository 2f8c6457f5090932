"""Checkers of parameter counts: a linear forecaster, a simple recurrent layer, an LSTM or GRU layer."""

from __future__ import annotations

from typing import Any

from rnnbook._validate import check_choice, check_int
from rnnbook.checks.compare import compare_number
from rnnbook.checks.feedback import Feedback, Mistake


def check_linear_param_count(
    answer: Any, *, lookback: int, n_features: int = 1, horizon: int = 1
) -> Feedback:
    """Check the parameter count of a linear forecaster (``Flatten`` + ``Dense(horizon)``).

    It has one weight per input value per output and one bias per output:
    ``lookback * n_features * horizon + horizon``.

    Parameters
    ----------
    answer : int or None
    lookback, n_features, horizon : int
        Window length ``T``, features ``F`` and outputs, at least 1.

    Returns
    -------
    Feedback
        Passed only for the exact count of weights and biases.

    Examples
    --------
    >>> check_linear_param_count(51, lookback=50).passed
    True
    """
    lookback = check_int("lookback", lookback, minimum=1)
    n_features = check_int("n_features", n_features, minimum=1)
    horizon = check_int("horizon", horizon, minimum=1)
    inputs = lookback * n_features
    expected = inputs * horizon + horizon
    mistakes = [
        Mistake(inputs * horizon, "You forgot the biases: one per output."),
        Mistake(inputs * horizon + 1, "There is one bias per output, not one in total."),
        Mistake(inputs + 1, "That counts a single output: a Dense layer has one weight per input *per output*."),
        Mistake(lookback * horizon + horizon, "You left out the features: each time step brings `n_features` input values."),
    ]
    return compare_number(answer, expected, exercise="number of parameters", mistakes=mistakes, integer=True)


def check_rnn_param_count(
    answer: Any, *, n_features: int, n_hidden: int, framework: str = "keras"
) -> Feedback:
    """Check the parameter count of one simple recurrent layer.

    With :math:`H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)`, Keras'
    ``SimpleRNN`` and ``rnnbook.numpy_rnn`` hold ``W_x`` (F, H), ``W_h``
    (H, H) and ``b`` (H,): ``F*H + H*H + H`` numbers. PyTorch's ``nn.RNN``
    keeps two bias vectors, ``F*H + H*H + 2*H``.

    Parameters
    ----------
    answer : int or None
    n_features, n_hidden : int
        ``F`` and ``H``, at least 1.
    framework : {"keras", "numpy", "torch"}
        Whose count is asked for.

    Returns
    -------
    Feedback
        Passed only for ``framework``'s own count.

    Examples
    --------
    >>> check_rnn_param_count(28, n_features=2, n_hidden=4).passed
    True
    """
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    check_choice("framework", framework, ("keras", "numpy", "torch"))
    one_bias, two_biases = F * H + H * H + H, F * H + H * H + 2 * H
    expected = two_biases if framework == "torch" else one_bias
    mistakes = [
        Mistake(F * H + H, "You forgot the recurrent weights `W_h`, which map the previous hidden state (H values) to H units."),
        Mistake(F * H + H * H, "You forgot the bias vector."),
        Mistake(F * H + H * H + H + H,
                "That is PyTorch's count, with two bias vectors (`bias_ih` and `bias_hh`); "
                "Keras and NumPy keep one."),
        Mistake(F * H + H * H + H,
                "That is the count with one bias vector; PyTorch's `nn.RNN` keeps two "
                "(`bias_ih` and `bias_hh`)."),
        Mistake(F * H + F * H + H, "The recurrent matrix `W_h` is H x H: it multiplies the hidden state, not the input."),
    ]
    return compare_number(answer, expected, exercise="number of parameters", mistakes=mistakes, integer=True)


#: Gate blocks per cell: each block is one simple-RNN-sized set of weights.
_GATE_BLOCKS = {"lstm": 4, "gru": 3}


def check_gated_param_count(
    answer: Any, *, cell: str, n_features: int, n_hidden: int, framework: str = "keras"
) -> Feedback:
    """Check the parameter count of one LSTM or GRU layer (chapter 10).

    Each gate block holds an input matrix (F, H), a recurrent matrix (H, H)
    and biases: an LSTM has 4 blocks, a GRU 3. Keras's LSTM keeps one bias
    per block, its GRU (``reset_after=True``, the default) two; PyTorch keeps
    two per block for both cells.

    Parameters
    ----------
    answer : int or None
    cell : {"lstm", "gru"}
    n_features, n_hidden : int
        ``F`` and ``H``, at least 1.
    framework : {"keras", "torch"}

    Returns
    -------
    Feedback
        Passed only for the exact count of that cell in that framework.

    Examples
    --------
    >>> check_gated_param_count(4608, cell="lstm", n_features=3, n_hidden=32).passed
    True
    """
    check_choice("cell", cell, tuple(_GATE_BLOCKS))
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    check_choice("framework", framework, ("keras", "torch"))
    blocks = _GATE_BLOCKS[cell]
    biases = 2 if (framework == "torch" or cell == "gru") else 1
    expected = blocks * (F * H + H * H + biases * H)
    other_blocks = 3 if blocks == 4 else 4
    mistakes = [
        Mistake(F * H + H * H + biases * H,
                f"That is one block. A{'n LSTM' if cell == 'lstm' else ' GRU'} has {blocks} "
                f"({'input, forget, candidate, output' if cell == 'lstm' else 'reset, update, candidate'}), "
                "each with its own weights."),
        Mistake(other_blocks * (F * H + H * H + biases * H),
                f"You used {other_blocks} gate blocks; {'an LSTM' if cell == 'lstm' else 'a GRU'} "
                f"has {blocks}."),
        Mistake(blocks * (F * H + H),
                "You forgot the recurrent matrices: every block also maps the previous state "
                "(H values) to H units."),
        Mistake(blocks * (F * H + H * H),
                "You forgot the biases."),
        Mistake(blocks * (F * H + H * H + (3 - biases) * H),
                "Check the biases: PyTorch keeps two per block (`bias_ih`, `bias_hh`) for every "
                "cell; Keras keeps one for an LSTM and two for its default GRU (reset after the "
                "recurrent product)."),
        Mistake(blocks * (F * H + F * H + biases * H),
                "The recurrent matrix of each block is H x H: it multiplies the state, not the input."),
    ]
    return compare_number(answer, expected, exercise=f"number of {cell.upper()} parameters",
                          mistakes=mistakes, integer=True)
