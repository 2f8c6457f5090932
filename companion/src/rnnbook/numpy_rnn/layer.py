"""A simple recurrent layer from scratch in NumPy: its parameters, the cell and the forward pass.

The layer computes, at every time step ``t = 0, ..., T-1``,

.. math::

    A_t = X_t W_x + H_{t-1} W_h + b, \\qquad H_t = \\tanh(A_t),

with the row-vector convention of Keras: ``X_t`` is ``(N, F)``, ``H_t`` is
``(N, H)``, ``W_x`` is ``(F, H)``, ``W_h`` is ``(H, H)``, ``b`` is ``(H,)`` and
``H_{-1} = h0`` (zeros unless given). The parameters are the dict
``{"W_x": W_x, "W_h": W_h, "b": b}``.

Everything is vectorised over the batch and loops over time only, and works
in the dtype it is given: float64 in, float64 out; float32 in, float32 out.
Gradient checks need float64.

Shapes: ``N`` batch, ``T`` time steps, ``F`` features, ``H`` hidden units.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnbook._validate import _short, check_array, check_int

#: Keys of a parameter dict, in the order Keras stores the same weights.
PARAM_KEYS = ("W_x", "W_h", "b")
#: Floating dtypes the layer computes in.
DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def count_params(n_features: int, n_hidden: int) -> int:
    """Number of parameters of a simple recurrent layer: ``F*H + H*H + H``.

    ``W_x`` has ``F*H`` entries, ``W_h`` has ``H*H`` and ``b`` has ``H``. This
    is what Keras's ``SimpleRNN(H)`` reports; ``torch.nn.RNN`` keeps two bias
    vectors and so has ``H`` more.

    Parameters
    ----------
    n_features : int
        Input features ``F``, at least 1.
    n_hidden : int
        Hidden units ``H``, at least 1.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is below 1.

    Examples
    --------
    >>> count_params(2, 4)  # 8 + 16 + 4
    28
    >>> count_params(1, 1)  # SimpleRNN(1) on a univariate series
    3
    """
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    return F * H + H * H + H


def _generator(seed: Any) -> np.random.Generator:
    """A NumPy Generator from an int seed or a Generator (used as given)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            "`seed` must be a non-negative integer or a numpy.random.Generator. "
            f"Received: seed={_short(seed)}"
        )
    if seed < 0:
        raise ValueError(f"`seed` must be >= 0. Received: seed={seed}")
    return np.random.default_rng(int(seed))


def _dtype(dtype: Any) -> np.dtype:
    try:
        resolved = np.dtype(dtype) if dtype is not None else None
    except TypeError:
        resolved = None
    if resolved is None or resolved not in DTYPES:
        raise TypeError(f"`dtype` must be float32 or float64. Received: dtype={_short(dtype)}")
    return resolved


def init_params(
    n_features: int, n_hidden: int, *, seed: int | np.random.Generator, dtype: Any = np.float64
) -> dict[str, np.ndarray]:
    """Draw the parameters of a simple recurrent layer the way Keras initialises ``SimpleRNN``.

    - ``W_x`` (input kernel): Glorot-uniform, entries uniform on
      :math:`[-\\ell, \\ell]` with :math:`\\ell = \\sqrt{6 / (F + H)}`, so the
      variance of ``X_t W_x`` neither grows nor shrinks with the layer sizes.
    - ``W_h`` (recurrent kernel): a random orthogonal matrix (QR decomposition
      of a Gaussian matrix, signs fixed so that it is uniformly distributed).
      All its singular values are 1, so multiplying by it at every time
      step neither shrinks nor blows up the state (see chapter 4).
    - ``b``: zeros.

    Parameters
    ----------
    n_features : int
        Input features ``F``, at least 1.
    n_hidden : int
        Hidden units ``H``, at least 1.
    seed : int or numpy.random.Generator
        A non-negative integer seed, or a Generator that is used (and
        advanced) as given. Required: randomness in the course is explicit.
    dtype : {numpy.float64, numpy.float32}, default float64
        Floating type of the arrays.

    Returns
    -------
    dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``.

    Raises
    ------
    TypeError
        If a size is not an integer, ``seed`` is neither an integer nor a
        Generator, or ``dtype`` is not float32/float64.
    ValueError
        If a size is below 1 or ``seed`` is negative.

    Examples
    --------
    >>> params = init_params(2, 4, seed=0)
    >>> {name: value.shape for name, value in params.items()}
    {'W_x': (2, 4), 'W_h': (4, 4), 'b': (4,)}
    >>> bool(np.allclose(params["W_h"] @ params["W_h"].T, np.eye(4)))
    True
    """
    F = check_int("n_features", n_features, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    rng = _generator(seed)
    dtype = _dtype(dtype)
    limit = np.sqrt(6.0 / (F + H))
    W_x = rng.uniform(-limit, limit, size=(F, H))  # (F, H)
    q, r = np.linalg.qr(rng.standard_normal((H, H)))  # (H, H) each
    W_h = q * np.sign(np.diag(r))  # (H, H): flip columns so the draw is uniform over rotations
    b = np.zeros(H)  # (H,)
    return {"W_x": W_x.astype(dtype), "W_h": W_h.astype(dtype), "b": b.astype(dtype)}


def check_params(params: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate a parameter dict and return ``(W_x, W_h, b)``.

    Parameters
    ----------
    params : mapping
        Exactly the keys ``"W_x"`` ``(F, H)``, ``"W_h"`` ``(H, H)`` and
        ``"b"`` ``(H,)``; finite float32 or float64 arrays, all of one dtype.

    Returns
    -------
    tuple of numpy.ndarray
        ``(W_x, W_h, b)``.

    Raises
    ------
    TypeError
        If ``params`` is not a mapping or an array is not float32/float64,
        or the arrays differ in dtype.
    ValueError
        If a key is missing or extra, or a shape or value is wrong.

    Examples
    --------
    >>> W_x, W_h, b = check_params(init_params(3, 2, seed=0))
    >>> W_x.shape, W_h.shape, b.shape
    ((3, 2), (2, 2), (2,))
    """
    if not isinstance(params, Mapping):
        raise TypeError(
            "`params` must be a dict with keys 'W_x', 'W_h' and 'b'. "
            f"Received: params={_short(params)}"
        )
    missing = [key for key in PARAM_KEYS if key not in params]
    extra = sorted(str(key) for key in params if key not in PARAM_KEYS)
    if missing or extra:
        raise ValueError(
            "`params` must have exactly the keys 'W_x', 'W_h' and 'b'. "
            f"Received: params missing {missing} and with extra keys {extra}"
        )
    W_x = check_array("params['W_x']", params["W_x"], ndim=2)
    W_h = check_array("params['W_h']", params["W_h"], ndim=2)
    b = check_array("params['b']", params["b"], ndim=1)
    for name, value in (("params['W_x']", W_x), ("params['W_h']", W_h), ("params['b']", b)):
        if value.dtype not in DTYPES:
            raise TypeError(f"`{name}` must be float32 or float64. Received: {name} with dtype {value.dtype}")
    if not W_x.dtype == W_h.dtype == b.dtype:
        raise TypeError(
            "`params` arrays must share one dtype. "
            f"Received: W_x {W_x.dtype}, W_h {W_h.dtype}, b {b.dtype}"
        )
    H = W_x.shape[1]
    if W_h.shape != (H, H):
        raise ValueError(
            f"`params['W_h']` must have shape (H, H) = ({H}, {H}), H being the columns of W_x. "
            f"Received: params['W_h'] with shape {W_h.shape}"
        )
    if b.shape != (H,):
        raise ValueError(
            f"`params['b']` must have shape (H,) = ({H},), H being the columns of W_x. "
            f"Received: params['b'] with shape {b.shape}"
        )
    return W_x, W_h, b


def _match_dtype(name: str, value: Any, ndim: int, dtype: np.dtype) -> np.ndarray:
    """An input array in the parameters' dtype: integers are converted, floats must match."""
    array = check_array(name, value, ndim=ndim)  # integers and booleans arrive as float64
    if array.dtype == dtype:
        return array
    if np.asarray(value).dtype.kind in "biu":
        return array.astype(dtype)
    hint = f"convert with .astype(np.{dtype})"
    if array.dtype in DTYPES:
        hint += f" or draw the parameters with dtype=np.{array.dtype}"
    raise TypeError(
        f"`{name}` must have the dtype of the parameters ({dtype}). "
        f"Received: {name} with dtype {array.dtype} ({hint})"
    )


def _step(x_t: np.ndarray, h_prev: np.ndarray, W_x, W_h, b) -> np.ndarray:
    # np.tanh is already evaluated without overflow (activation.tanh shows how) and is faster
    return np.tanh(x_t @ W_x + h_prev @ W_h + b)  # (N, H)


def rnn_cell(x_t: np.ndarray, h_prev: np.ndarray, params: Mapping[str, np.ndarray]) -> np.ndarray:
    """One time step of the simple recurrent layer.

    .. math:: H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)

    Parameters
    ----------
    x_t : array_like
        Inputs at this step, ``(N, F)``.
    h_prev : array_like
        Previous hidden state :math:`H_{t-1}`, ``(N, H)``.
    params : dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``.

    Returns
    -------
    numpy.ndarray
        The new hidden state :math:`H_t`, ``(N, H)``, in the parameters' dtype.

    Raises
    ------
    TypeError
        If an array has the wrong dtype (see :func:`rnn_forward`).
    ValueError
        If a shape is wrong or a value is not finite.

    Examples
    --------
    >>> params = {"W_x": np.array([[0.5]]), "W_h": np.array([[1.0]]), "b": np.array([0.0])}
    >>> rnn_cell(np.array([[2.0]]), np.array([[0.0]]), params)  # tanh(2 * 0.5 + 0 * 1 + 0)
    array([[0.76159416]])
    """
    W_x, W_h, b = check_params(params)
    x_t = _match_dtype("x_t", x_t, 2, W_x.dtype)
    h_prev = _match_dtype("h_prev", h_prev, 2, W_x.dtype)
    F, H = W_x.shape
    if x_t.shape[1] != F:
        raise ValueError(
            f"`x_t` must have F = {F} columns, the rows of W_x. Received: x_t with shape {x_t.shape}"
        )
    if h_prev.shape != (len(x_t), H):
        raise ValueError(
            f"`h_prev` must have shape (N, H) = ({len(x_t)}, {H}). "
            f"Received: h_prev with shape {h_prev.shape}"
        )
    return _step(x_t, h_prev, W_x, W_h, b)  # (N, H)


@dataclass(frozen=True)
class RNNCache:
    """What :func:`rnn_forward` keeps for :func:`rnn_backward`.

    Attributes
    ----------
    X : numpy.ndarray
        The inputs, ``(N, T, F)``.
    h0 : numpy.ndarray
        The initial state, ``(N, H)``.
    H : numpy.ndarray
        Every hidden state, ``(N, T, H)``.
    W_x, W_h, b : numpy.ndarray
        The parameters, ``(F, H)``, ``(H, H)``, ``(H,)``.
    """

    X: np.ndarray
    h0: np.ndarray
    H: np.ndarray
    W_x: np.ndarray
    W_h: np.ndarray
    b: np.ndarray

    def previous_states(self) -> np.ndarray:
        """:math:`H_{t-1}` for every step: ``h0`` followed by ``H[:, :-1]``, ``(N, T, H)``."""
        return np.concatenate([self.h0[:, None, :], self.H[:, :-1]], axis=1)  # (N, T, H)


def rnn_forward(
    X: np.ndarray, params: Mapping[str, np.ndarray], h0: np.ndarray | None = None
) -> tuple[np.ndarray, RNNCache]:
    """Run the simple recurrent layer over whole sequences.

    .. math::

        H_t = \\tanh(X_t W_x + H_{t-1} W_h + b), \\quad t = 0, \\dots, T-1,
        \\qquad H_{-1} = h_0

    The same ``W_x``, ``W_h`` and ``b`` are used at every step. The batch is
    processed at once; only time is looped over, because step ``t`` needs
    the state of step ``t - 1``.

    Parameters
    ----------
    X : array_like
        Input sequences, ``(N, T, F)``. Floating input must have the
        parameters' dtype; integer or boolean input (one-hot codes) is
        converted to it.
    params : dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``, float32 or float64.
    h0 : array_like, optional
        Initial state ``(N, H)``; zeros if omitted, as in Keras and PyTorch.

    Returns
    -------
    H : numpy.ndarray
        Every hidden state, ``(N, T, H)``, in the parameters' dtype;
        ``H[:, -1]`` is the last state, what ``SimpleRNN`` returns by default.
    cache : RNNCache
        What :func:`rnn_backward` needs.

    Raises
    ------
    TypeError
        If ``params`` is not a dict of float32/float64 arrays, or ``X`` or
        ``h0`` has a floating dtype other than the parameters'.
    ValueError
        If ``X`` is not 3-D, its last axis is not ``F``, ``h0`` is not
        ``(N, H)``, a key of ``params`` is missing or extra, or a value is
        not finite.

    Examples
    --------
    >>> params = init_params(n_features=2, n_hidden=4, seed=0)
    >>> X = np.ones((3, 8, 2))  # N=3 sequences, T=8 steps, F=2 features
    >>> H, cache = rnn_forward(X, params)
    >>> H.shape
    (3, 8, 4)
    """
    W_x, W_h, b = check_params(params)
    dtype = W_x.dtype
    X = _match_dtype("X", X, 3, dtype)
    F, n_hidden = W_x.shape
    N, T, _ = X.shape
    if X.shape[2] != F:
        raise ValueError(
            f"`X` must have F = {F} features (the rows of W_x) on its last axis. "
            f"Received: X with shape {X.shape}"
        )
    if h0 is None:
        h0 = np.zeros((N, n_hidden), dtype=dtype)  # (N, H)
    else:
        h0 = _match_dtype("h0", h0, 2, dtype)
        if h0.shape != (N, n_hidden):
            raise ValueError(
                f"`h0` must have shape (N, H) = ({N}, {n_hidden}). Received: h0 with shape {h0.shape}"
            )
    H = np.empty((N, T, n_hidden), dtype=dtype)  # (N, T, H)
    h = h0  # (N, H)
    for t in range(T):
        h = _step(X[:, t], h, W_x, W_h, b)  # (N, H)
        H[:, t] = h
    return H, RNNCache(X=X, h0=h0, H=H, W_x=W_x, W_h=W_h, b=b)
