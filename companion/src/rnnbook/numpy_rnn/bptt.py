"""Backpropagation through time: one step back through the cell, run over all steps or a few.

:func:`bptt_step` goes back through one time step of the layer of
:mod:`rnnbook.numpy_rnn.layer`; :func:`full_bptt` runs it from the last step
to the first, :func:`truncated_bptt` at most ``truncate`` steps back from
each loss term, and :func:`rnn_backward` chooses between the two.

Shapes: ``N`` batch, ``T`` time steps, ``F`` features, ``H`` hidden units.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from rnnbook._validate import _short, check_int
from rnnbook.numpy_rnn.layer import RNNCache, _match_dtype


def _check_cache(cache: Any) -> RNNCache:
    if not isinstance(cache, RNNCache):
        raise TypeError(
            "`cache` must be the RNNCache returned by rnn_forward. "
            f"Received: cache={_short(cache)}"
        )
    return cache


def _check_backward(dH: Any, cache: Any) -> np.ndarray:
    cache = _check_cache(cache)
    dH = _match_dtype("dH", dH, 3, cache.H.dtype)
    if dH.shape != cache.H.shape:
        raise ValueError(
            f"`dH` must have the shape of the hidden states H, (N, T, H) = {cache.H.shape}. "
            f"Received: dH with shape {dH.shape}"
        )
    return dH


def _grad_shapes(cache: RNNCache) -> dict[str, tuple[int, ...]]:
    """The keys and shapes of the gradients, those of what :func:`rnn_backward` returns."""
    return {
        "W_x": cache.W_x.shape,  # (F, H)
        "W_h": cache.W_h.shape,  # (H, H)
        "b": cache.b.shape,  # (H,)
        "X": cache.X.shape,  # (N, T, F)
        "h0": cache.h0.shape,  # (N, H)
    }


def _empty_grads(cache: RNNCache) -> dict[str, np.ndarray]:
    return {key: np.zeros(shape, cache.H.dtype) for key, shape in _grad_shapes(cache).items()}


def _check_step(dh: Any, t: Any, cache: Any, grads: Any) -> tuple[np.ndarray, int]:
    cache = _check_cache(cache)
    N, T, H = cache.H.shape
    t = check_int("t", t, minimum=0)
    if t >= T:
        raise ValueError(f"`t` must be a time step of the cache, below T = {T}. Received: t={t}")
    dh = _match_dtype("dh", dh, 2, cache.H.dtype)
    if dh.shape != (N, H):
        raise ValueError(f"`dh` must have shape (N, H) = ({N}, {H}). Received: dh with shape {dh.shape}")
    shapes = _grad_shapes(cache)
    if not isinstance(grads, Mapping) or sorted(grads) != sorted(shapes):
        raise TypeError(
            f"`grads` must be a dict with the keys {list(shapes)}, as rnn_backward returns. "
            f"Received: grads={_short(grads)}"
        )
    for key, shape in shapes.items():
        value = grads[key]
        if not isinstance(value, np.ndarray) or value.shape != shape or value.dtype != cache.H.dtype:
            raise ValueError(
                f"`grads[{key!r}]` must be a {cache.H.dtype} array of shape {shape}, added to in place. "
                f"Received: grads[{key!r}]={_short(value)}"
            )
    return dh, t


def bptt_step(
    dh: np.ndarray, t: int, cache: RNNCache, grads: dict[str, np.ndarray], *, check: bool = True
) -> np.ndarray:
    """Back through time step ``t``: add its share to ``grads``, return the gradient for ``H_{t-1}``.

    Given :math:`\\bar H_t`, all the gradient that reaches the state
    :math:`H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)`,

    .. math::

        \\bar A_t &= \\bar H_t \\odot (1 - H_t^2), \\\\
        \\bar W_x \\mathrel{+}= X_t^\\top \\bar A_t, \\quad
        \\bar W_h &\\mathrel{+}= H_{t-1}^\\top \\bar A_t, \\quad
        \\bar b \\mathrel{+}= \\mathbf 1^\\top \\bar A_t, \\quad
        \\bar X_t \\mathrel{+}= \\bar A_t W_x^\\top,

    and the gradient that reaches :math:`H_{t-1}` through this step,
    :math:`\\bar A_t W_h^\\top`, is returned (and added to ``grads["h0"]`` at
    ``t = 0``, where :math:`H_{-1}` is the initial state). The weights'
    gradients are sums over the steps because the same weights serve every step.

    Parameters
    ----------
    dh : array_like
        :math:`\\bar H_t`, ``(N, H)``, in the dtype of the forward pass.
    t : int
        The time step, ``0 <= t < T``.
    cache : RNNCache
        The second value returned by :func:`rnnbook.numpy_rnn.rnn_forward`.
    grads : dict
        The running gradients, added to in place: arrays shaped as
        :func:`rnn_backward` returns them, ``{"W_x": (F, H), "W_h": (H, H),
        "b": (H,), "X": (N, T, F), "h0": (N, H)}``, zeros before the first step.
    check : bool, default True
        Validate the arguments. The loops of :func:`full_bptt` and
        :func:`truncated_bptt` check theirs once, before the first step, and pass False.

    Returns
    -------
    numpy.ndarray
        :math:`\\bar A_t W_h^\\top`, ``(N, H)``: the gradient this step sends to :math:`H_{t-1}`.

    Raises
    ------
    TypeError
        If ``cache`` is not an :class:`RNNCache`, ``t`` is not an integer,
        ``dh`` has another floating dtype, or ``grads`` lacks a key.
    ValueError
        If ``t`` is outside the sequence, ``dh`` is not ``(N, H)`` or not
        finite, or an array of ``grads`` has the wrong shape or dtype.

    Examples
    --------
    >>> from rnnbook.numpy_rnn import init_params, rnn_forward
    >>> H, cache = rnn_forward(np.ones((2, 3, 1)), init_params(1, 4, seed=0))
    >>> grads = {"W_x": np.zeros((1, 4)), "W_h": np.zeros((4, 4)), "b": np.zeros(4),
    ...          "X": np.zeros((2, 3, 1)), "h0": np.zeros((2, 4))}
    >>> bptt_step(np.ones((2, 4)), 2, cache, grads).shape  # on to H_1
    (2, 4)
    """
    if check:
        dh, t = _check_step(dh, t, cache, grads)
    h_prev = cache.H[:, t - 1] if t > 0 else cache.h0  # (N, H): H_{t-1}
    dA = dh * (1 - cache.H[:, t] ** 2)  # (N, H): back through tanh
    grads["W_x"] += cache.X[:, t].T @ dA  # (F, H): shared weights sum over steps
    grads["W_h"] += h_prev.T @ dA  # (H, H)
    grads["b"] += dA.sum(axis=0)  # (H,)
    grads["X"][:, t] += dA @ cache.W_x.T  # (N, F)
    dh_prev = dA @ cache.W_h.T  # (N, H): on to H_{t-1}
    if t == 0:
        grads["h0"] += dh_prev  # (N, H): the initial state is H_{-1}
    return dh_prev


def full_bptt(dH: np.ndarray, cache: RNNCache) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Full BPTT: the gradient of every loss term flows back to the first step.

    Walking back from ``t = T-1`` to ``0``, the gradient reaching each state
    is what the loss sends it directly plus what arrives from the step after,
    :math:`\\bar H_t = \\text{dH}_t + \\bar A_{t+1} W_h^\\top`, and
    :func:`bptt_step` takes it back through step ``t``.

    Parameters
    ----------
    dH : array_like
        ``dL/dH`` as the loss uses each state directly, ``(N, T, H)``.
    cache : RNNCache
        The second value returned by :func:`rnnbook.numpy_rnn.rnn_forward`.

    Returns
    -------
    grads : dict
        As :func:`rnn_backward` returns them.
    H_bar : numpy.ndarray
        :math:`\\bar H`, ``(N, T, H)``: all the gradient that reached every state.

    Raises
    ------
    TypeError, ValueError
        As :func:`rnn_backward`.

    Examples
    --------
    >>> from rnnbook.numpy_rnn import init_params, rnn_forward
    >>> H, cache = rnn_forward(np.ones((2, 5, 1)), init_params(1, 3, seed=0))
    >>> grads, H_bar = full_bptt(np.ones_like(H), cache)
    >>> H_bar.shape, grads["h0"].shape
    ((2, 5, 3), (2, 3))
    """
    dH = _check_backward(dH, cache)
    grads = _empty_grads(cache)
    H_bar = np.empty_like(cache.H)  # (N, T, H)
    dh_next = np.zeros_like(cache.h0)  # (N, H): gradient arriving from step t + 1
    for t in reversed(range(cache.H.shape[1])):
        H_bar[:, t] = dH[:, t] + dh_next  # (N, H): H_t feeds the loss directly and step t + 1
        dh_next = bptt_step(H_bar[:, t], t, cache, grads, check=False)  # on to H_{t-1}
    return grads, H_bar


def truncated_bptt(dH: np.ndarray, cache: RNNCache, truncate: int) -> dict[str, np.ndarray]:
    """Truncated BPTT: the loss at step ``t`` reaches only the steps ``t, t-1, ..., t-truncate+1``.

    Each loss term's gradient is taken back by :func:`bptt_step` through at
    most ``truncate`` steps and then dropped; ``truncate >= T`` is full BPTT.

    Parameters
    ----------
    dH : array_like
        ``dL/dH`` as the loss uses each state directly, ``(N, T, H)``.
    cache : RNNCache
        The second value returned by :func:`rnnbook.numpy_rnn.rnn_forward`.
    truncate : int
        Steps each gradient flows back through, at least 1.

    Returns
    -------
    dict
        As :func:`rnn_backward` returns it.

    Raises
    ------
    TypeError, ValueError
        As :func:`rnn_backward`.

    Examples
    --------
    >>> from rnnbook.numpy_rnn import init_params, rnn_forward
    >>> H, cache = rnn_forward(np.ones((2, 5, 1)), init_params(1, 3, seed=0))
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0
    >>> float(np.abs(truncated_bptt(dH, cache, truncate=2)["h0"]).max())  # 2 steps never reach h0
    0.0
    """
    dH = _check_backward(dH, cache)
    k = check_int("truncate", truncate, minimum=1)
    grads = _empty_grads(cache)
    for t in range(cache.H.shape[1]):
        dh = dH[:, t]  # (N, H): gradient of the loss term at step t
        if not dh.any():
            continue
        for s in range(t, max(t - k, -1), -1):  # at most k steps, stopping at the start
            dh = bptt_step(dh, s, cache, grads, check=False)  # (N, H): on to H_{s-1}
    return grads


def rnn_backward(
    dH: np.ndarray, cache: RNNCache, *, truncate: int | None = None
) -> dict[str, np.ndarray]:
    """Backpropagation through time (BPTT) for :func:`rnn_forward`.

    Given ``dH[:, t] = dL/dH_t``, the gradient of the loss with respect to
    each hidden state *as the loss uses it directly* (zero for states the
    loss ignores), walk back in time with

    .. math::

        \\bar H_t &= \\text{dH}_t + \\bar A_{t+1} W_h^\\top
            \\quad (\\text{all the gradient reaching } H_t) \\\\
        \\bar A_t &= \\bar H_t \\odot (1 - H_t^2) \\\\
        \\frac{\\partial L}{\\partial W_x} = \\sum_t X_t^\\top \\bar A_t, \\quad
        \\frac{\\partial L}{\\partial W_h} &= \\sum_t H_{t-1}^\\top \\bar A_t, \\quad
        \\frac{\\partial L}{\\partial b} = \\sum_t \\mathbf 1^\\top \\bar A_t, \\\\
        \\frac{\\partial L}{\\partial X_t} = \\bar A_t W_x^\\top, \\quad
        \\frac{\\partial L}{\\partial h_0} &= \\bar A_0 W_h^\\top.

    The parameter gradients are sums over time because the same weights
    are used at every step. Both :func:`full_bptt` and :func:`truncated_bptt`
    are made of the same :func:`bptt_step`; this function chooses between them.

    Parameters
    ----------
    dH : array_like
        ``dL/dH``, ``(N, T, H)``, in the dtype of the forward pass. For a
        loss on the last state only, ``dH[:, :-1]`` is zero.
    cache : RNNCache
        The second value returned by :func:`rnn_forward`.
    truncate : int or None, default None
        ``None``: full BPTT. An integer ``k >= 1``: truncated BPTT, where the
        gradient of the loss at step ``t`` flows back through at most ``k``
        steps, ``t, t-1, ..., t-k+1``. ``truncate=1`` ignores the recurrence
        entirely (``H_{t-1}`` treated as a constant); ``truncate >= T`` is
        full BPTT. Costs ``O(T k)`` steps instead of ``O(T)``.

    Returns
    -------
    dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,), "X": (N, T, F), "h0": (N, H)}``,
        the gradients of the loss, in the dtype of the forward pass.

    Raises
    ------
    TypeError
        If ``cache`` is not an :class:`RNNCache`, ``dH`` has another
        floating dtype, or ``truncate`` is not an integer.
    ValueError
        If ``dH`` does not have the shape of ``H``, holds NaN or inf, or
        ``truncate`` is below 1.

    Examples
    --------
    >>> from rnnbook.numpy_rnn import init_params, rnn_forward
    >>> params = init_params(1, 3, seed=0)
    >>> H, cache = rnn_forward(np.ones((2, 5, 1)), params)
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0  # the loss is the sum of the last states
    >>> grads = rnn_backward(dH, cache)
    >>> {name: value.shape for name, value in grads.items()}
    {'W_x': (1, 3), 'W_h': (3, 3), 'b': (3,), 'X': (2, 5, 1), 'h0': (2, 3)}
    """
    if truncate is None:
        return full_bptt(dH, cache)[0]
    return truncated_bptt(dH, cache, truncate)


def state_gradients(dH: np.ndarray, cache: RNNCache) -> np.ndarray:
    """All the gradient that reaches every hidden state in full BPTT: :math:`\\bar H_t`.

    :math:`\\bar H_t = \\partial L / \\partial H_t` counting every path from
    :math:`H_t` to the loss, directly and through later steps. With a loss
    on the last state only, ``norm(result[:, T-1-k])`` measures how much
    gradient survives ``k`` steps back: the vanishing or exploding gradient.

    Parameters
    ----------
    dH : array_like
        ``dL/dH`` as the loss uses each state directly, ``(N, T, H)``.
    cache : RNNCache
        The second value returned by :func:`rnn_forward`.

    Returns
    -------
    numpy.ndarray
        :math:`\\bar H`, ``(N, T, H)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`rnn_backward`.

    Examples
    --------
    >>> from rnnbook.numpy_rnn import rnn_forward
    >>> params = {"W_x": np.array([[1.0]]), "W_h": np.array([[0.5]]), "b": np.array([0.0])}
    >>> H, cache = rnn_forward(np.zeros((1, 4, 1)), params)  # every state stays 0
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0
    >>> state_gradients(dH, cache)[0, :, 0]  # halves at each step back: 0.5 ** k
    array([0.125, 0.25 , 0.5  , 1.   ])
    """
    return full_bptt(dH, cache)[1]
