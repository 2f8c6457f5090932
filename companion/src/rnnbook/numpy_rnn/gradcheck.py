"""Gradient tools: the global norm, clipping by it, and a finite-difference gradient check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from rnnbook._validate import _short, check_array, check_float, check_int
from rnnbook.numpy_rnn.layer import _generator


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
