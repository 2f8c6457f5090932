"""PyTorch modules for every model in the course.

Every builder here has a twin of the same name and meaning in
:mod:`rnnbook.keras_models`. Modules are batch-first: inputs ``(N, T, F)``.

``torch.nn.RNN`` computes, at every time step ``t`` (PyTorch writes the
weights transposed and keeps two biases),

.. math:: H_t = \\tanh(X_t W_{ih}^\\top + b_{ih} + H_{t-1} W_{hh}^\\top + b_{hh}),

which is the course's :math:`H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)` with
:math:`W_x = W_{ih}^\\top`, :math:`W_h = W_{hh}^\\top` and
:math:`b = b_{ih} + b_{hh}`. The extra bias is why a PyTorch recurrent
layer has ``H`` more parameters than its Keras twin.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from rnnbook._validate import (
    check_architecture, check_char_model, check_choice, check_int, check_linear,
)

#: Recurrent cells the builders know, mapped to their PyTorch module classes.
CELLS = {"simple_rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
#: Initialisations the builders offer: Keras's defaults or PyTorch's own.
INITS = ("keras", "torch")


def init_like_keras_(model: nn.Module) -> nn.Module:
    """Re-initialise ``model`` in place the way Keras initialises the same layers.

    PyTorch draws every recurrent weight and bias from
    :math:`U(-1/\\sqrt{H}, 1/\\sqrt{H})` (for ``H = 1``: from ``U(-1, 1)``);
    Keras uses Glorot-uniform input weights, an orthogonal recurrent matrix
    and zero biases (an LSTM's forget-gate bias starts at 1), Glorot-uniform
    Dense weights with zero biases, and ``U(-0.05, 0.05)`` embeddings. Starting
    from the same distributions makes the two frameworks train alike; on the
    deep benchmark models it matters (see chapter 6).

    Parameters
    ----------
    model : torch.nn.Module
        Any module; its ``nn.RNN``/``nn.LSTM``/``nn.GRU``, ``nn.Linear`` and
        ``nn.Embedding`` submodules are re-initialised.

    Returns
    -------
    torch.nn.Module
        The same ``model``.
    """
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.RNN, nn.LSTM, nn.GRU)):
                for name, param in module.named_parameters():
                    if name.startswith("weight_ih"):
                        nn.init.xavier_uniform_(param)  # (gates*H, F), like Keras's (F, gates*H)
                    elif name.startswith("weight_hh"):
                        nn.init.orthogonal_(param)  # (gates*H, H)
                    elif name.startswith("bias"):
                        nn.init.zeros_(param)
                        if isinstance(module, nn.LSTM) and name.startswith("bias_ih"):
                            H = module.hidden_size
                            param[H:2 * H] = 1.0  # gate order i, f, g, o: forget bias 1
            elif isinstance(module, nn.Linear):
                nn.init.xavier_uniform_(module.weight)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)
            elif isinstance(module, nn.Embedding):
                nn.init.uniform_(module.weight, -0.05, 0.05)
    return model


def _initialise(model: nn.Module, init: str) -> nn.Module:
    check_choice("init", init, INITS)
    return init_like_keras_(model) if init == "keras" else model


class RNNRegressor(nn.Module):
    """Stacked recurrent layers with an optional linear head (see :func:`build_rnn`).

    Attributes
    ----------
    recurrent : torch.nn.ModuleList
        One single-layer, batch-first ``nn.RNN``/``nn.LSTM``/``nn.GRU`` per
        entry of ``n_hidden`` (separate modules, so the sizes may differ).
    head : torch.nn.Linear or None
        The output layer, applied to the last hidden state, or to every
        step when ``seq2seq``.
    """

    def __init__(
        self,
        cell: str = "simple_rnn",
        n_hidden: int | Sequence[int] = 1,
        *,
        head: str | None = None,
        horizon: int = 1,
        seq2seq: bool = False,
        n_features: int = 1,
    ) -> None:
        super().__init__()
        sizes = check_architecture(cell, n_hidden, head, horizon, seq2seq)
        n_features = check_int("n_features", n_features, minimum=1)
        self.seq2seq = seq2seq
        inputs = (n_features, *sizes[:-1])
        self.recurrent = nn.ModuleList(
            CELLS[cell](n_in, n_out, batch_first=True) for n_in, n_out in zip(inputs, sizes)
        )
        self.head = nn.Linear(sizes[-1], horizon) if head == "dense" else None

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Map ``X`` of shape ``(N, T, F)`` to ``(N, horizon)``, or ``(N, T, horizon)`` with seq2seq."""
        H = X  # (N, T, F)
        for layer in self.recurrent:
            H, _ = layer(H)  # (N, T, H_layer): every hidden state goes to the next layer
        if not self.seq2seq:
            H = H[:, -1]  # (N, H): only the last state is read
        return H if self.head is None else self.head(H)  # (N, [T,] horizon)


def build_rnn(
    cell: str = "simple_rnn",
    n_hidden: int | Sequence[int] = 1,
    *,
    head: str | None = None,
    horizon: int = 1,
    seq2seq: bool = False,
    n_features: int = 1,
    init: str = "keras",
) -> RNNRegressor:
    """A recurrent sequence regressor: stacked recurrent layers and an optional linear head.

    Parameters
    ----------
    cell : {"simple_rnn", "lstm", "gru"}, default "simple_rnn"
        ``nn.RNN`` (tanh), ``nn.LSTM`` or ``nn.GRU``.
    n_hidden : int or list of int, default 1
        Hidden units of each recurrent layer, bottom to top.
    head : {None, "dense"}, default None
        ``None``: the last recurrent layer's hidden state is the output, so
        ``n_hidden[-1]`` must equal ``horizon``. ``"dense"``: an
        ``nn.Linear(n_hidden[-1], horizon)`` reads it (at every step when
        ``seq2seq``, like Keras's ``TimeDistributed(Dense)``).
    horizon : int, default 1
        Number of outputs per forecast.
    seq2seq : bool, default False
        Output a forecast at every time step, shape ``(N, T, horizon)``.
    n_features : int, default 1
        Input features ``F``.
    init : {"keras", "torch"}, default "keras"
        Initial weights drawn as Keras draws them (:func:`init_like_keras_`)
        or PyTorch's own defaults.

    Returns
    -------
    RNNRegressor
        Maps ``(N, T, F)`` float32 tensors to ``(N, horizon)`` or ``(N, T, horizon)``.

    Raises
    ------
    ValueError
        If ``cell`` or ``head`` is unknown, a size is below 1, or ``head`` is
        None and ``n_hidden[-1] != horizon``.
    TypeError
        If a size is not an integer or ``seq2seq`` is not a bool.

    Examples
    --------
    >>> model = build_rnn("simple_rnn", 1)
    >>> sum(p.numel() for p in model.parameters())  # W_ih, W_hh, b_ih, b_hh
    4
    >>> model(torch.zeros(8, 50, 1)).shape
    torch.Size([8, 1])
    """
    model = RNNRegressor(
        cell, n_hidden, head=head, horizon=horizon, seq2seq=seq2seq, n_features=n_features
    )
    return _initialise(model, init)


def build_linear(
    lookback: int, n_features: int = 1, horizon: int = 1, *, init: str = "keras"
) -> nn.Sequential:
    """The linear forecaster: ``nn.Flatten`` then ``nn.Linear(T * F, horizon)``.

    .. math:: \\hat y = \\operatorname{flatten}(X)\\, W^\\top + b

    Parameters
    ----------
    lookback : int
        Input length ``T``.
    n_features : int, default 1
        Input features ``F``.
    horizon : int, default 1
        Number of outputs.
    init : {"keras", "torch"}, default "keras"
        Initial weights as in Keras (Glorot-uniform, zero bias) or PyTorch's defaults.

    Returns
    -------
    torch.nn.Sequential
        Maps ``(N, T, F)`` to ``(N, horizon)``; ``T * F * horizon + horizon`` parameters.

    Examples
    --------
    >>> sum(p.numel() for p in build_linear(50).parameters())
    51
    """
    lookback, n_features, horizon = check_linear(lookback, n_features, horizon)
    model = nn.Sequential(nn.Flatten(), nn.Linear(lookback * n_features, horizon))
    return _initialise(model, init)


class CharModel(nn.Module):
    """Recurrent layer plus a per-step linear classifier (see :func:`build_char_model`)."""

    def __init__(
        self, vocab_size: int, n_hidden: int, *, embedding_dim: int | None = None,
        cell: str = "simple_rnn",
    ) -> None:
        super().__init__()
        vocab_size, n_hidden, embedding_dim = check_char_model(
            vocab_size, n_hidden, embedding_dim, cell
        )
        if embedding_dim is None:
            self.embedding = None
            n_inputs = vocab_size
        else:
            self.embedding = nn.Embedding(vocab_size, embedding_dim)
            n_inputs = embedding_dim
        self.recurrent = CELLS[cell](n_inputs, n_hidden, batch_first=True)
        self.head = nn.Linear(n_hidden, vocab_size)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Map one-hot ``(N, T, V)`` floats or ``(N, T)`` ids to logits ``(N, T, V)``."""
        if self.embedding is not None:
            X = self.embedding(X)  # (N, T) ids -> (N, T, E)
        H, _ = self.recurrent(X)  # (N, T, H)
        return self.head(H)  # (N, T, V): nn.Linear acts on every step


def build_char_model(
    vocab_size: int,
    n_hidden: int,
    *,
    embedding_dim: int | None = None,
    cell: str = "simple_rnn",
    init: str = "keras",
) -> CharModel:
    """A many-to-many character model: a recurrent layer and a per-step softmax classifier.

    At every step ``t`` the model outputs logits over the vocabulary,
    ``logits_t = H_t W_y^T + b_y``; ``nn.CrossEntropyLoss`` applies the
    softmax, and ``torch.softmax(logits, dim=-1)`` gives probabilities.

    Parameters
    ----------
    vocab_size : int
        Number of distinct characters ``V``, at least 2.
    n_hidden : int
        Hidden units ``H``.
    embedding_dim : int or None, default None
        ``None``: inputs are one-hot floats ``(N, T, V)``; otherwise integer ids
        ``(N, T)`` (int64) mapped to learned vectors of this size.
    cell : {"simple_rnn", "lstm", "gru"}, default "simple_rnn"
    init : {"keras", "torch"}, default "keras"
        Initial weights as in Keras or PyTorch's defaults.

    Returns
    -------
    CharModel
        Maps the inputs to logits of shape ``(N, T, V)``.

    Examples
    --------
    >>> sum(p.numel() for p in build_char_model(5, 8).parameters())  # (5*8+8*8+2*8) + (8*5+5)
    165
    """
    model = CharModel(vocab_size, n_hidden, embedding_dim=embedding_dim, cell=cell)
    return _initialise(model, init)


def last_time_step_mse(Y_true: torch.Tensor, Y_pred: torch.Tensor) -> torch.Tensor:
    """MSE of a sequence-to-sequence forecast at the last time step only.

    ``Y_true`` and ``Y_pred`` have shape ``(N, T, horizon)``; returns the
    scalar ``mean((Y_true[:, -1] - Y_pred[:, -1])**2)``. The NumPy version is
    :func:`rnnbook.metrics.last_time_step_mse`.
    """
    return torch.mean((Y_true[:, -1] - Y_pred[:, -1]) ** 2)  # scalar, from (N, horizon)


def n_parameters(model: nn.Module) -> int:
    """Number of trainable parameters of a module (what Keras's ``model.count_params()`` reports).

    Not :func:`rnnbook.numpy_rnn.count_params`, which computes the count of one
    simple recurrent layer from its sizes.

    Examples
    --------
    >>> n_parameters(build_rnn("simple_rnn", 1))  # W_ih, W_hh and two biases: one number each
    4
    """
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


def predict(model: nn.Module, X, *, batch_size: int = 4096, device=None):
    """Predictions of ``model`` for inputs ``X`` as a NumPy array, in evaluation mode.

    Parameters
    ----------
    model : torch.nn.Module
    X : array_like or torch.Tensor
        Inputs, e.g. ``(N, T, F)`` floats (or ``(N, T)`` integer ids for an embedding).
    batch_size : int, default 4096
        Windows per forward pass (bounds the memory used).
    device : torch.device or str, optional
        Defaults to the device of the model's first parameter.

    Returns
    -------
    numpy.ndarray
        The concatenated outputs, e.g. ``(N, horizon)``.
    """
    import numpy as np

    batch_size = check_int("batch_size", batch_size, minimum=1)
    if device is None:
        first = next(model.parameters(), None)
        device = first.device if first is not None else torch.device("cpu")
    X = torch.as_tensor(np.asarray(X) if not isinstance(X, torch.Tensor) else X)
    if X.is_floating_point():
        X = X.float()
    model.eval()
    outputs = []
    with torch.no_grad():
        for first in range(0, len(X), batch_size):
            outputs.append(model(X[first:first + batch_size].to(device)).cpu())
    return torch.cat(outputs).numpy()
