"""A simple recurrent layer from scratch in NumPy: forward pass, BPTT and checks.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnbook._validate import _short, check_array, check_float, check_int

#: Keys of a parameter dict, in the order Keras stores the same weights.
PARAM_KEYS = ("W_x", "W_h", "b")
#: Keys of the dict returned by :func:`rnn_backward`.
GRAD_KEYS = ("W_x", "W_h", "b", "X", "h0")
#: Floating dtypes the layer computes in.
DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


# ---------------------------------------------------------------------------
# The activation
# ---------------------------------------------------------------------------


def tanh(x: np.ndarray) -> np.ndarray:
    """The hyperbolic tangent, evaluated without overflow for any finite input.

    .. math::

        \\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}
                  = \\operatorname{sign}(x)\\,\\frac{1 - e^{-2|x|}}{1 + e^{-2|x|}}

    The textbook form overflows: for ``x = 1000``, ``exp(1000)`` is ``inf``
    and ``inf / inf`` is ``nan``. The second form only ever exponentiates
    ``-2|x| <= 0``, so nothing overflows; writing ``e^{-2|x|} - 1`` as
    ``expm1(-2|x|)`` keeps full precision near zero as well.

    Parameters
    ----------
    x : array_like
        Finite real numbers, any shape.

    Returns
    -------
    numpy.ndarray
        ``tanh(x)``, same shape as ``x`` (a NumPy scalar for a scalar), in
        the dtype of ``x`` (integers give float64). Values lie in ``[-1, 1]``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` holds NaN or infinity, or is empty.

    Examples
    --------
    >>> tanh(np.array([-1000.0, 0.0, 0.5, 1000.0]))
    array([-1.        ,  0.        ,  0.46211716,  1.        ])
    """
    x = check_array("x", x)
    # Beyond |x| = 20 tanh is +-1 to the last bit (float64 and float32); capping |x| there
    # keeps -2|x| itself from overflowing for |x| above half the largest float.
    m = np.expm1(-2.0 * np.minimum(np.abs(x), 20.0))  # e^{-2|x|} - 1, in [-1, 0]
    y = np.copysign(-m / (2.0 + m), x)  # sign(x) (1 - e^{-2|x|}) / (1 + e^{-2|x|})
    return y.astype(x.dtype, copy=False)[()]


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """The derivative of tanh at ``x``: :math:`\\tanh'(x) = 1 - \\tanh(x)^2`.

    It is 1 at ``x = 0`` and falls towards 0 as ``|x|`` grows: a saturated
    unit passes almost no gradient back. For large ``|x|``, ``1 - tanh(x)^2``
    subtracts two nearly equal numbers and keeps few correct digits, so it is
    evaluated as the equal expression
    :math:`4 e^{-2|x|} / (1 + e^{-2|x|})^2`, accurate for every ``x``.

    Parameters
    ----------
    x : array_like
        Finite real numbers, any shape.

    Returns
    -------
    numpy.ndarray
        Values in ``[0, 1]``, same shape and dtype as :func:`tanh` returns.

    Raises
    ------
    TypeError, ValueError
        As :func:`tanh`.

    Examples
    --------
    >>> tanh_grad(np.array([0.0, 1.0, 10.0]))
    array([1.00000000e+00, 4.19974342e-01, 8.24461446e-09])
    """
    x = check_array("x", x)
    # e^{-2|x|} underflows to 0 beyond |x| of about 373 (float64); capping |x| at 400 changes
    # no result and keeps -2|x| itself from overflowing for the largest floats.
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))  # e^{-2|x|}, in [0, 1]
    return (4.0 * e / (1.0 + e) ** 2).astype(x.dtype, copy=False)[()]  # = 1 - tanh(x)^2


def dtanh_from_output(h: np.ndarray) -> np.ndarray:
    """The derivative of tanh expressed through its output: ``1 - h**2`` for ``h = tanh(a)``.

    Backpropagation uses this form: the forward pass has already stored
    ``H_t = tanh(A_t)``, so ``tanh'(A_t) = 1 - H_t^2`` costs one multiply.

    Parameters
    ----------
    h : array_like
        Outputs of tanh, every value in ``[-1, 1]``.

    Returns
    -------
    numpy.ndarray
        ``1 - h**2``, same shape and dtype as ``h``.

    Raises
    ------
    ValueError
        If a value of ``h`` lies outside ``[-1, 1]`` (it cannot be a tanh
        output) or is not finite.

    Examples
    --------
    >>> dtanh_from_output(np.array([0.0, 0.5, -1.0]))
    array([1.  , 0.75, 0.  ])
    """
    h = check_array("h", h)
    if np.any(np.abs(h) > 1):
        raise ValueError(
            "`h` must hold outputs of tanh, in [-1, 1]. "
            f"Received: h with values from {h.min():.4g} to {h.max():.4g}"
        )
    return (1 - h * h)[()]


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Forward pass
# ---------------------------------------------------------------------------


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
    # np.tanh is already evaluated without overflow (as `tanh` above shows how) and is faster
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


# ---------------------------------------------------------------------------
# Backpropagation through time
# ---------------------------------------------------------------------------


def _check_backward(dH: Any, cache: Any) -> np.ndarray:
    if not isinstance(cache, RNNCache):
        raise TypeError(
            "`cache` must be the RNNCache returned by rnn_forward. "
            f"Received: cache={_short(cache)}"
        )
    dH = _match_dtype("dH", dH, 3, cache.H.dtype)
    if dH.shape != cache.H.shape:
        raise ValueError(
            f"`dH` must have the shape of the hidden states H, (N, T, H) = {cache.H.shape}. "
            f"Received: dH with shape {dH.shape}"
        )
    return dH


def _empty_grads(cache: RNNCache) -> dict[str, np.ndarray]:
    return {
        "W_x": np.zeros_like(cache.W_x),  # (F, H)
        "W_h": np.zeros_like(cache.W_h),  # (H, H)
        "b": np.zeros_like(cache.b),  # (H,)
        "X": np.zeros_like(cache.X),  # (N, T, F)
        "h0": np.zeros_like(cache.h0),  # (N, H)
    }


def _backward_full(dH: np.ndarray, cache: RNNCache) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Full BPTT; also returns the total gradient reaching every state, (N, T, H)."""
    grads = _empty_grads(cache)
    H_prev = cache.previous_states()  # (N, T, H)
    dH_total = np.empty_like(cache.H)  # (N, T, H)
    dh_next = np.zeros_like(cache.h0)  # (N, H): gradient arriving from step t + 1
    for t in reversed(range(cache.H.shape[1])):
        dh = dH[:, t] + dh_next  # (N, H): H_t feeds the loss directly and step t + 1
        dH_total[:, t] = dh
        dA = dh * (1 - cache.H[:, t] ** 2)  # (N, H): back through tanh
        grads["W_x"] += cache.X[:, t].T @ dA  # (F, H): shared weights sum over steps
        grads["W_h"] += H_prev[:, t].T @ dA  # (H, H)
        grads["b"] += dA.sum(axis=0)  # (H,)
        grads["X"][:, t] = dA @ cache.W_x.T  # (N, F)
        dh_next = dA @ cache.W_h.T  # (N, H): on to H_{t-1}
    grads["h0"] = dh_next  # (N, H)
    return grads, dH_total


def _backward_truncated(dH: np.ndarray, cache: RNNCache, k: int) -> dict[str, np.ndarray]:
    """BPTT where the loss at step t reaches only the steps t, t-1, ..., t-k+1."""
    grads = _empty_grads(cache)
    H_prev = cache.previous_states()  # (N, T, H)
    for t in range(cache.H.shape[1]):
        dh = dH[:, t]  # (N, H): gradient of the loss term at step t
        if not dh.any():
            continue
        for s in range(t, max(t - k, -1), -1):  # at most k steps, stopping at the start
            dA = dh * (1 - cache.H[:, s] ** 2)  # (N, H)
            grads["W_x"] += cache.X[:, s].T @ dA  # (F, H)
            grads["W_h"] += H_prev[:, s].T @ dA  # (H, H)
            grads["b"] += dA.sum(axis=0)  # (H,)
            grads["X"][:, s] += dA @ cache.W_x.T  # (N, F)
            dh = dA @ cache.W_h.T  # (N, H)
            if s == 0:
                grads["h0"] += dh  # (N, H): the window reached the initial state
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
    are used at every step.

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
    >>> params = init_params(1, 3, seed=0)
    >>> H, cache = rnn_forward(np.ones((2, 5, 1)), params)
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0  # the loss is the sum of the last states
    >>> grads = rnn_backward(dH, cache)
    >>> {name: value.shape for name, value in grads.items()}
    {'W_x': (1, 3), 'W_h': (3, 3), 'b': (3,), 'X': (2, 5, 1), 'h0': (2, 3)}
    """
    dH = _check_backward(dH, cache)
    if truncate is None:
        return _backward_full(dH, cache)[0]
    k = check_int("truncate", truncate, minimum=1)
    return _backward_truncated(dH, cache, k)


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
    >>> params = {"W_x": np.array([[1.0]]), "W_h": np.array([[0.5]]), "b": np.array([0.0])}
    >>> H, cache = rnn_forward(np.zeros((1, 4, 1)), params)  # every state stays 0
    >>> dH = np.zeros_like(H)
    >>> dH[:, -1] = 1.0
    >>> state_gradients(dH, cache)[0, :, 0]  # halves at each step back: 0.5 ** k
    array([0.125, 0.25 , 0.5  , 1.   ])
    """
    dH = _check_backward(dH, cache)
    return _backward_full(dH, cache)[1]


# ---------------------------------------------------------------------------
# Checks and clipping
# ---------------------------------------------------------------------------


def global_norm(grads: Mapping[str, np.ndarray]) -> float:
    """The Euclidean norm of all gradient arrays taken together.

    .. math:: \\|g\\| = \\sqrt{\\textstyle\\sum_{\\text{arrays}} \\sum_{\\text{entries}} g^2}

    Parameters
    ----------
    grads : dict
        Name to array, e.g. the ``"W_x"``, ``"W_h"`` and ``"b"`` entries of
        :func:`rnn_backward`'s result.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``grads`` is not a non-empty dict of numeric arrays.
    ValueError
        If an array holds NaN or inf, or ``grads`` is empty.

    Examples
    --------
    >>> global_norm({"a": np.array([3.0]), "b": np.array([[4.0]])})
    5.0
    """
    arrays = _check_grads(grads)
    return float(np.sqrt(sum(np.sum(np.square(a, dtype=np.float64)) for a in arrays.values())))


def _check_grads(grads: Any) -> dict[str, np.ndarray]:
    if not isinstance(grads, Mapping):
        raise TypeError(f"`grads` must be a dict of arrays. Received: grads={_short(grads)}")
    if not grads:
        raise ValueError("`grads` must hold at least one array. Received: grads={}")
    return {key: check_array(f"grads[{key!r}]", value) for key, value in grads.items()}


def clip_gradients(
    grads: Mapping[str, np.ndarray], max_norm: float
) -> tuple[dict[str, np.ndarray], float]:
    """Rescale gradients so that their global norm is at most ``max_norm``.

    .. math::

        g \\leftarrow g \\cdot \\min\\!\\Big(1, \\frac{\\text{max\\_norm}}{\\|g\\|}\\Big)

    Every array is scaled by the same factor, so the update keeps its
    direction and only its length is capped: the remedy for exploding
    gradients (Pascanu et al., 2013), as ``torch.nn.utils.clip_grad_norm_``
    and Keras's ``global_clipnorm`` do it.

    Parameters
    ----------
    grads : dict
        Name to gradient array; clip the parameter gradients (``"W_x"``,
        ``"W_h"``, ``"b"`` and those of any output layer), not ``"X"``.
    max_norm : float
        Largest allowed global norm, > 0.

    Returns
    -------
    clipped : dict
        New arrays (the input is not modified), same keys, shapes and dtypes.
    norm : float
        The global norm *before* clipping (worth logging: spikes show
        exploding gradients).

    Raises
    ------
    TypeError
        If ``grads`` is not a dict of numeric arrays or ``max_norm`` not a number.
    ValueError
        If ``max_norm <= 0``, ``grads`` is empty or holds NaN or inf.

    Examples
    --------
    >>> clipped, norm = clip_gradients({"W_h": np.array([[30.0, 40.0]])}, max_norm=5.0)
    >>> clipped["W_h"], norm
    (array([[3., 4.]]), 50.0)
    """
    arrays = _check_grads(grads)
    max_norm = check_float("max_norm", max_norm, minimum=0.0, exclusive_minimum=True)
    norm = global_norm(arrays)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {key: (a * scale).astype(a.dtype, copy=False) for key, a in arrays.items()}, norm


def gradient_check(
    f: Callable[[dict[str, np.ndarray]], tuple[float, Mapping[str, np.ndarray]]],
    params: Mapping[str, np.ndarray],
    *,
    eps: float = 1e-6,
    n_samples: int | None = None,
    seed: int | np.random.Generator = 0,
) -> float:
    """Compare analytic gradients with central finite differences.

    For every checked entry :math:`\\theta_i` of every array in ``params``,

    .. math::

        g^{\\text{num}}_i = \\frac{L(\\theta + \\epsilon e_i) - L(\\theta - \\epsilon e_i)}{2\\epsilon},
        \\qquad
        \\text{rel}_i = \\frac{|g_i - g^{\\text{num}}_i|}{\\max(|g_i|, |g^{\\text{num}}_i|, 10^{-8})},

    and the largest :math:`\\text{rel}_i` is returned. In float64, a correct
    gradient typically gives ``1e-7`` or less; a wrong one gives ``1e-2`` or more.

    Parameters
    ----------
    f : callable
        ``f(params) -> (loss, grads)``: the scalar loss at ``params`` and the
        analytic gradients, a dict with (at least) the keys of ``params``.
        It must not modify ``params``.
    params : dict
        Name to float64 array: the point at which to check. Any arrays may
        be included, e.g. the inputs ``"X"`` to check their gradient too.
    eps : float, default 1e-6
        Step of the finite difference.
    n_samples : int or None, default None
        Check this many random entries per array (all entries if ``None``
        or if the array is smaller).
    seed : int or numpy.random.Generator, default 0
        Chooses the sampled entries.

    Returns
    -------
    float
        The maximum relative error over all checked entries.

    Raises
    ------
    TypeError
        If ``f`` is not callable, an array is not float64 (float32 rounding
        swamps the differences), or ``f`` does not return ``(loss, grads)``.
    ValueError
        If ``params`` is empty, ``f`` returns a non-finite loss, or a gradient
        is missing or has the wrong shape.

    Examples
    --------
    >>> def square(p):
    ...     return float(np.sum(p["w"] ** 2)), {"w": 2 * p["w"]}
    >>> gradient_check(square, {"w": np.array([1.0, -2.0])}) < 1e-8
    True
    """
    if not callable(f):
        raise TypeError(f"`f` must be callable as f(params) -> (loss, grads). Received: f={_short(f)}")
    if not isinstance(params, Mapping):
        raise TypeError(f"`params` must be a dict of float64 arrays. Received: params={_short(params)}")
    if not params:
        raise ValueError("`params` must hold at least one array. Received: params={}")
    eps = check_float("eps", eps, minimum=0.0, exclusive_minimum=True)
    if n_samples is not None:
        n_samples = check_int("n_samples", n_samples, minimum=1)
    rng = _generator(seed)
    point = {}
    for key, value in params.items():
        array = check_array(f"params[{key!r}]", value)
        if array.dtype != np.float64:
            raise TypeError(
                f"`params[{key!r}]` must be float64 for a finite-difference check "
                f"(float32 rounding swamps the differences). Received: dtype {array.dtype}"
            )
        point[key] = array.copy()

    def evaluate(p: dict[str, np.ndarray]) -> tuple[float, Mapping[str, np.ndarray]]:
        result = f(p)
        if not isinstance(result, tuple) or len(result) != 2:
            raise TypeError(
                f"`f` must return a pair (loss, grads). Received: {_short(result)}"
            )
        loss, grads = result
        loss = float(np.asarray(loss))
        if not np.isfinite(loss):
            raise ValueError(f"`f` must return a finite loss. Received: loss={loss}")
        return loss, grads

    _, grads = evaluate(point)
    if not isinstance(grads, Mapping):
        raise TypeError(f"`f` must return grads as a dict. Received: grads={_short(grads)}")
    worst = 0.0
    for key, theta in point.items():
        if key not in grads:
            raise ValueError(f"`f` must return a gradient for every key of params. Missing: {key!r}")
        analytic = np.asarray(grads[key], dtype=np.float64)
        if analytic.shape != theta.shape:
            raise ValueError(
                f"The gradient for {key!r} must have the shape of params[{key!r}], {theta.shape}. "
                f"Received: shape {analytic.shape}"
            )
        flat = theta.reshape(-1)  # a view: perturbing it perturbs point[key]
        indices = np.arange(flat.size)
        if n_samples is not None and n_samples < flat.size:
            indices = rng.choice(flat.size, size=n_samples, replace=False)
        for i in indices:
            original = flat[i]
            flat[i] = original + eps
            loss_plus, _ = evaluate(point)
            flat[i] = original - eps
            loss_minus, _ = evaluate(point)
            flat[i] = original
            numeric = (loss_plus - loss_minus) / (2 * eps)
            exact = analytic.reshape(-1)[i]
            rel = abs(exact - numeric) / max(abs(exact), abs(numeric), 1e-8)
            worst = max(worst, float(rel))
    return worst
