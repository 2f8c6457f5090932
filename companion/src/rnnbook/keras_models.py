"""Keras builders for every model in the course.

Every builder here has a twin of the same name and meaning in
:mod:`rnnbook.torch_models`. Inputs are batch-first, ``(N, T, F)``.

A recurrent layer computes, at every time step ``t``,

.. math:: H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)

(``SimpleRNN``; LSTM and GRU replace this update with gated ones). Stacked
layers feed the whole sequence of hidden states ``(N, T, H)`` of one layer
to the next, which is what ``return_sequences=True`` asks for.

Importing this module imports Keras and changes nothing else. For the book's
quiet, deterministic set-up (TensorFlow's start-up log silenced, its oneDNN
kernels off), call :func:`rnnbook.train.quiet_keras` first.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from rnnbook._validate import check_architecture, check_char_model, check_int, check_linear


#: Recurrent cells the builders know, mapped to their Keras layer classes.
CELLS = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}


def build_rnn(
    cell: str = "simple_rnn",
    n_hidden: int | Sequence[int] = 1,
    *,
    head: str | None = None,
    horizon: int = 1,
    seq2seq: bool = False,
    n_features: int = 1,
    lookback: int | None = None,
) -> keras.Model:
    """A recurrent sequence regressor: stacked recurrent layers and an optional Dense head.

    Parameters
    ----------
    cell : {"simple_rnn", "lstm", "gru"}, default "simple_rnn"
        The recurrent layer type.
    n_hidden : int or list of int, default 1
        Units of each recurrent layer, bottom to top; an int means one layer.
    head : {None, "dense"}, default None
        ``None``: no extra layer, the last recurrent layer's hidden state is
        the output (as in ``SimpleRNN(1)``), so ``n_hidden[-1]`` must equal
        ``horizon``. ``"dense"``: a ``Dense(horizon)`` layer reads the last
        hidden state (``TimeDistributed(Dense)`` when ``seq2seq``).
    horizon : int, default 1
        Number of outputs per forecast.
    seq2seq : bool, default False
        If true, every layer returns sequences and the model outputs a
        forecast at every time step, shape ``(N, T, horizon)``.
    n_features : int, default 1
        Input features ``F``.
    lookback : int or None, default None
        Input length ``T``; ``None`` accepts sequences of any length.

    Returns
    -------
    keras.Model
        Maps ``(N, T, F)`` to ``(N, horizon)``, or ``(N, T, horizon)`` with ``seq2seq``.

    Raises
    ------
    ValueError
        If ``cell`` or ``head`` is unknown, a size is below 1, or ``head`` is
        None and ``n_hidden[-1] != horizon``.
    TypeError
        If a size is not an integer or ``seq2seq`` is not a bool.

    Examples
    --------
    >>> build_rnn("simple_rnn", 1).count_params()  # W_x, W_h and b: one number each
    3
    >>> build_rnn("simple_rnn", [20, 20], head="dense").count_params()
    1281
    """
    sizes = check_architecture(cell, n_hidden, head, horizon, seq2seq)
    n_features = check_int("n_features", n_features, minimum=1)
    if lookback is not None:
        lookback = check_int("lookback", lookback, minimum=1)
    layer_class = CELLS[cell]
    inputs = keras.Input(shape=(lookback, n_features))  # (N, T, F)
    x = inputs
    for depth, units in enumerate(sizes):
        last = depth == len(sizes) - 1
        # all but the last layer pass their whole sequence of states upward
        x = layer_class(units, return_sequences=seq2seq or not last)(x)  # (N, T, H) or (N, H)
    if head == "dense":
        dense = keras.layers.Dense(horizon)
        x = keras.layers.TimeDistributed(dense)(x) if seq2seq else dense(x)  # (N, [T,] horizon)
    return keras.Model(inputs, x, name=f"{cell}_{'_'.join(map(str, sizes))}_{head or 'nohead'}")


def build_linear(lookback: int, n_features: int = 1, horizon: int = 1) -> keras.Model:
    """The linear forecaster: ``Flatten`` then ``Dense(horizon)``.

    .. math:: \\hat y = \\operatorname{flatten}(X)\\, W + b

    It has ``T * F * horizon + horizon`` parameters (51 for the benchmark).

    Parameters
    ----------
    lookback : int
        Input length ``T`` (a Dense layer needs a fixed input size).
    n_features : int, default 1
        Input features ``F``.
    horizon : int, default 1
        Number of outputs.

    Returns
    -------
    keras.Model
        Maps ``(N, T, F)`` to ``(N, horizon)``.

    Examples
    --------
    >>> build_linear(50).count_params()
    51
    """
    lookback, n_features, horizon = check_linear(lookback, n_features, horizon)
    inputs = keras.Input(shape=(lookback, n_features))  # (N, T, F)
    flat = keras.layers.Flatten()(inputs)  # (N, T*F)
    outputs = keras.layers.Dense(horizon)(flat)  # (N, horizon)
    return keras.Model(inputs, outputs, name="linear")


def build_char_model(
    vocab_size: int,
    n_hidden: int,
    *,
    embedding_dim: int | None = None,
    cell: str = "simple_rnn",
) -> keras.Model:
    """A many-to-many character model: a recurrent layer and a per-step softmax classifier.

    At every step ``t`` the model reads character ``x_t`` and outputs scores
    (logits) over the vocabulary for the character at that step's target:
    ``logits_t = H_t W_y + b_y``. The softmax is left to the loss
    (``SparseCategoricalCrossentropy(from_logits=True)``) or applied
    explicitly with ``keras.ops.softmax`` to read probabilities.

    Parameters
    ----------
    vocab_size : int
        Number of distinct characters ``V``, at least 2.
    n_hidden : int
        Hidden units ``H``.
    embedding_dim : int or None, default None
        ``None``: inputs are one-hot floats ``(N, T, V)``. Otherwise inputs are
        integer ids ``(N, T)`` mapped to learned vectors of this size.
    cell : {"simple_rnn", "lstm", "gru"}, default "simple_rnn"

    Returns
    -------
    keras.Model
        Maps the inputs to logits of shape ``(N, T, V)``.

    Examples
    --------
    >>> build_char_model(5, 8).count_params()  # (5*8 + 8*8 + 8) + (8*5 + 5)
    157
    """
    vocab_size, n_hidden, embedding_dim = check_char_model(vocab_size, n_hidden, embedding_dim, cell)
    if embedding_dim is None:
        inputs = keras.Input(shape=(None, vocab_size))  # (N, T, V) one-hot
        x = inputs
    else:
        inputs = keras.Input(shape=(None,), dtype="int32")  # (N, T) ids
        x = keras.layers.Embedding(vocab_size, embedding_dim)(inputs)  # (N, T, E)
    states = CELLS[cell](n_hidden, return_sequences=True)(x)  # (N, T, H)
    logits = keras.layers.Dense(vocab_size)(states)  # (N, T, V), Dense acts on every step
    return keras.Model(inputs, logits, name="char_model")


def last_time_step_mse(Y_true, Y_pred):
    """Keras metric: MSE of a sequence-to-sequence forecast at the last time step only.

    ``Y_true`` and ``Y_pred`` have shape ``(N, T, horizon)``. Returns one
    value per window, ``mean((Y_true[:, -1] - Y_pred[:, -1])**2, axis=-1)``
    of shape ``(N,)``; Keras averages them over the data set. Usable as a
    loss or a metric. The NumPy version is
    :func:`rnnbook.metrics.last_time_step_mse`.
    """
    diff = Y_true[:, -1] - Y_pred[:, -1]  # (N, horizon)
    return keras.ops.mean(keras.ops.square(diff), axis=-1)  # (N,)
