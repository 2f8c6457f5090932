"""The tanh activation of the recurrent cell, evaluated stably, and its derivative."""

from __future__ import annotations

import numpy as np

from rnnbook._validate import check_array


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
    grad = 4.0 * e / (1.0 + e) ** 2  # = 1 - tanh(x)^2
    # near x = 0 the quotient can round one unit in the last place above 1, which tanh' never is
    return np.minimum(grad, 1.0).astype(x.dtype, copy=False)[()]


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
