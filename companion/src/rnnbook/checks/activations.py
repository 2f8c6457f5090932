"""Checkers of the activation exercises: tanh's slope and saturation, a stable sigmoid, float limits.

The slope of tanh is :math:`\\tanh'(x) = 1 - \\tanh(x)^2`; it falls to a
value ``slope`` where :math:`\\tanh(x) = \\sqrt{1 - \\text{slope}}`. The
sigmoid :math:`\\sigma(x) = 1 / (1 + e^{-x}) = e^{x} / (1 + e^{x})` is
evaluated without overflow by exponentiating only :math:`-|x|`. The textbook
tanh :math:`(e^x - e^{-x}) / (e^x + e^{-x})` returns ``nan`` once
:math:`e^x` overflows. The slips these checkers name: ``1 - tanh(x)`` for the
slope, a forgotten square root or ``1/2``, ``np.where`` evaluating both
branches, the float64 limit for the float32 one, a percentage for a
fraction, and saturation counted without ``abs`` or from the wrong step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from rnnbook import numpy_rnn
from rnnbook._validate import check_array, check_float, check_int
from rnnbook.checks.calls import call_answer
from rnnbook.checks.compare import compare_number
from rnnbook.checks.feedback import Feedback, Mistake, combine, not_answered
from rnnbook.checks.quiz import true_false


def check_tanh_threshold(x: Any, tanh_x: Any, *, slope: float = 0.1) -> Feedback:
    """Check the input ``x > 0`` at which :math:`\\tanh'(x)` equals ``slope``, and ``tanh(x)`` there.

    From :math:`1 - \\tanh(x)^2 = \\text{slope}`:
    :math:`\\tanh(x) = \\sqrt{1 - \\text{slope}}` and
    :math:`x = \\operatorname{artanh}(\\tanh x) = \\tfrac12 \\ln\\frac{1 + \\tanh x}{1 - \\tanh x}`.
    Worked by hand, so three to four significant digits are enough
    (relative tolerance 1e-3).

    Parameters
    ----------
    x, tanh_x : float or None
        The student's input and output.
    slope : float
        The slope asked for, in (0, 1).

    Returns
    -------
    Feedback
        On both numbers together.

    Raises
    ------
    TypeError, ValueError
        If ``slope`` is not a number in (0, 1).

    Examples
    --------
    >>> check_tanh_threshold(1.818, 0.9487).passed
    True
    >>> check_tanh_threshold(1.472, 0.9).hints[0][:37]
    '`x`: You solved 1 - tanh(x) = 0.1: th'
    """
    slope = check_float("slope", slope, minimum=0.0, exclusive_minimum=True, maximum=1.0)
    if slope == 1.0:
        raise ValueError("`slope` must be < 1 (the slope is 1 only at x = 0). Received: slope=1.0")
    if x is None and tanh_x is None:
        return not_answered("where tanh saturates")
    out = math.sqrt(1 - slope)  # tanh(x) where the slope is `slope`
    linear = 1 - slope  # from 1 - tanh(x) = slope, or a forgotten square root
    squared = math.sqrt(slope)  # from tanh(x)^2 = slope
    forgot_sqrt = (f"You solved 1 - tanh(x) = {slope:g}: the slope is 1 - tanh(x)**2, so "
                   "after 1 - tanh(x)**2 = ... a square root is still to be taken.")
    x_mistakes = [
        Mistake(math.atanh(linear), forgot_sqrt),
        Mistake(math.atanh(squared), f"You solved tanh(x)**2 = {slope:g}; the slope is "
                                     "1 - tanh(x)**2."),
        Mistake(2 * math.atanh(out), "artanh(t) = (1/2) ln((1 + t) / (1 - t)): the factor 1/2 "
                                     "is missing."),
        Mistake(math.atanh(out) / math.log(10), "artanh uses the natural logarithm (`np.log`), "
                                                "not log10."),
        Mistake(-math.atanh(out), "That is the negative solution; the question asks for x > 0 "
                                  "(tanh' is even, so both signs have the same slope)."),
        Mistake(math.acosh(1 / slope), f"You solved sech(x) = {slope:g}; the slope is "
                                       "sech(x)**2 = 1 - tanh(x)**2."),
        Mistake(math.atanh(slope), f"That is where tanh(x) = {slope:g}, not where its slope is."),
    ]
    t_mistakes = [
        Mistake(linear, forgot_sqrt),
        Mistake(squared, f"You solved tanh(x)**2 = {slope:g}; the slope is 1 - tanh(x)**2."),
        Mistake(-out, "tanh is positive for x > 0."),
        Mistake(slope, "That is the slope itself; the question asks for the output tanh(x)."),
    ]
    return combine("where tanh saturates", {
        "x": compare_number(x, math.atanh(out), exercise="input x", mistakes=x_mistakes,
                            rtol=1e-3),
        "tanh(x)": compare_number(tanh_x, out, exercise="output tanh(x)", mistakes=t_mistakes,
                                  rtol=1e-3),
    })


def _reference_sigmoid(x: np.ndarray) -> np.ndarray:
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def _overflows(fn: Callable, x: float) -> bool:
    """Whether ``fn`` raises a floating-point error at the single point ``x``."""
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        try:
            fn(np.array([x]))
        except FloatingPointError:
            return True
        except Exception:  # noqa: BLE001 (any other failure is reported on the whole grid)
            return False
    return False


def _overflow_hint(fn: Callable, limit: float) -> str:
    """Where ``fn`` overflows: at one end of the grid, at both (``np.where``), or inside."""
    low, high = _overflows(fn, -limit), _overflows(fn, limit)
    if low and high:
        return ("Your function overflows at both ends of the grid. If you use `np.where`, "
                "remember that it computes *both* branches for every x before choosing: each "
                "branch must be safe everywhere, so exponentiate only -|x|.")
    if low:
        return (f"At x = -{limit:g} your function computes `exp` of a large positive number "
                "(`np.exp(-x)` for negative x): use e^x / (1 + e^x) there.")
    if high:
        return (f"At x = {limit:g} your function computes `exp` of a large positive number "
                "(`np.exp(x)` for positive x): use 1 / (1 + e^-x) there.")
    return ("Somewhere inside the grid your function takes `exp` of a large positive number, "
            "or divides infinity by infinity.")


def check_stable_sigmoid(fn: Any, *, limit: float = 1000.0) -> Feedback:
    """Check a sigmoid function that never overflows, on ``np.linspace(-limit, limit, 10001)``.

    ``fn`` is called on the whole grid with NumPy's floating-point errors
    raised (``np.errstate(over="raise", invalid="raise", divide="raise")``;
    underflow to 0 is harmless and allowed), and its values are compared with
    :math:`\\sigma(x)` to a relative tolerance of 1e-9 (absolute 1e-12).

    Parameters
    ----------
    fn : callable or None
        The student's ``sigmoid_stable(x)`` for a NumPy array ``x``; None,
        or a function that returns None, is not answered yet.
    limit : float
        Half-width of the grid; at least 100, so that the direct formula
        overflows on it.

    Returns
    -------
    Feedback
        Passed when ``fn`` runs without a floating-point error and is right
        everywhere on the grid.

    Raises
    ------
    TypeError, ValueError
        If ``limit`` is not a number >= 100.

    Examples
    --------
    >>> def good(x):
    ...     z = np.exp(-np.abs(x))
    ...     return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    >>> check_stable_sigmoid(good).passed
    True
    >>> check_stable_sigmoid(lambda x: 1 / (1 + np.exp(-x))).hints[0][:45]
    'At x = -1000 your function computes `exp` of '
    """
    limit = check_float("limit", limit, minimum=100.0)
    what = "stable sigmoid"
    grid = np.linspace(-limit, limit, 10001)  # (10001,)
    usage = ("It is called once, on a NumPy array of 10001 values: use NumPy functions "
             "(`np.exp`, `np.where`), not `math` or an `if` on x.")
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            values, feedback = call_answer(what, fn, (grid.copy(),), usage=usage,
                                           passthrough=(FloatingPointError,))
    except FloatingPointError as error:
        return Feedback(what, False, f"Your function raised a floating-point error ({error}).",
                        (_overflow_hint(fn, limit),))
    if feedback is not None:
        return feedback
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return Feedback(what, False, f"Your function returned a {type(values).__name__}, "
                                     "not an array of numbers.")
    if values.shape != grid.shape:
        return Feedback(what, False, f"Given an array of shape {grid.shape}, your function "
                                     f"returned shape {values.shape}.",
                        ("It must work element by element and keep the shape of x.",))
    if not np.all(np.isfinite(values)):
        where = float(grid[~np.isfinite(values)][0])
        return Feedback(what, False, f"Your function returns nan or inf, first at x = {where:g}.",
                        ("e^x / (1 + e^x) is inf / inf = nan for large x: use it only "
                         "where x < 0.",))
    expected = _reference_sigmoid(grid)
    close = np.isclose(values, expected, rtol=1e-9, atol=1e-12)
    if close.all():
        return Feedback(what, True, "Correct: no overflow, and right everywhere on the grid.")
    if np.allclose(values, expected[::-1], rtol=1e-9, atol=1e-12):
        hint = ("Your function is the sigmoid mirrored, sigma(-x) = 1 - sigma(x): the two "
                "branches are swapped, or x has the wrong sign.")
    elif np.allclose(values, np.tanh(grid), rtol=1e-9, atol=1e-12):
        hint = "That is tanh; the sigmoid is 1 / (1 + e^-x), with values in (0, 1)."
    else:
        where = float(grid[~close][0])
        hint = (f"Your values are wrong at {int((~close).sum())} of {grid.size} points, "
                f"the first at x = {where:g}.")
    return Feedback(what, False, "Your function does not compute the sigmoid everywhere.",
                    (hint,))


def _first_nan(dtype: type, fn: Callable[[Any], Any]) -> int:
    """The smallest integer n >= 1 at which ``fn(dtype(n))`` is nan."""
    with np.errstate(over="ignore", invalid="ignore"):
        return next(n for n in range(1, 100_000) if np.isnan(fn(dtype(n))))


def _textbook(x: Any) -> Any:
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def check_float32_limit(first_nan: Any, stable_has_limit: Any = None) -> Feedback:
    """Check the first integer at which the textbook tanh returns ``nan`` in float32.

    The textbook formula :math:`(e^x - e^{-x}) / (e^x + e^{-x})` becomes
    :math:`\\infty / \\infty` once :math:`e^x` overflows, beyond the
    logarithm of the largest float32. The second answer says whether
    ``rnnbook.numpy_rnn.tanh`` has such a limit in float32 (it does not).

    Parameters
    ----------
    first_nan : int or None
        The smallest integer ``x`` with ``tanh_textbook(np.float32(x))`` nan.
    stable_has_limit : bool or None
        True if the stable tanh fails too for some large float32 input.

    Returns
    -------
    Feedback
        On both answers together.

    Examples
    --------
    >>> check_float32_limit(89, False).passed
    True
    >>> check_float32_limit(710, False).hints[0][:33]
    '`first nan`: That is the float64 '
    """
    if first_nan is None and stable_has_limit is None:
        return not_answered("the float32 limit")
    expected = _first_nan(np.float32, _textbook)
    limit64 = _first_nan(np.float64, _textbook)
    mistakes = [
        Mistake(expected - 1, f"At {expected - 1}, e^x still fits in a float32: look for the "
                              "first integer whose exponential does not."),
        Mistake(limit64, "That is the float64 limit; the largest float32 is far smaller, "
                         "about 3.4e38."),
        Mistake(limit64 - 1, "That is near the float64 limit; the largest float32 is far "
                             "smaller, about 3.4e38."),
        Mistake(_first_nan(np.float32, lambda x: (np.exp(2 * x) - 1) / (np.exp(2 * x) + 1)),
                "That is where e^(2x) overflows; the chapter's formula computes e^x and e^-x."),
        Mistake(-expected, "By symmetry the same happens for negative x; the question asks for "
                           "the first positive integer."),
    ]
    limit = true_false(False, if_wrong=(
        "Look at what `rnnbook.numpy_rnn.tanh` exponentiates: can that number overflow?"))
    parts = {"first nan": compare_number(first_nan, expected, exercise="first integer with a "
                                         "nan", mistakes=mistakes, integer=True)}
    right, text = limit.judge(stable_has_limit)
    parts["stable tanh"] = (not_answered("a limit of the stable tanh") if right is None
                            else Feedback("a limit of the stable tanh", right, text))
    return combine("the float32 limit", parts)


def check_saturated_fraction(
    answer: Any,
    series: Any,
    params: Any,
    *,
    scale: float = 1.0,
    threshold: float = 0.95,
    start: int = 10,
) -> Feedback:
    """Check the fraction of hidden-state values with :math:`|h| > \\text{threshold}` from step ``start`` on.

    The states are those of the tanh recurrence
    :math:`H_t = \\tanh(X_t W_x + H_{t-1} (\\text{scale} \\cdot W_h) + b)`
    over ``series`` from a zero state (:func:`rnnbook.numpy_rnn.rnn_forward`);
    the fraction counts every unit and every window at steps ``start, ...,
    T - 1``.

    Parameters
    ----------
    answer : float or None
        The student's fraction, in [0, 1].
    series : array_like
        The inputs ``(N, T, F)``.
    params : dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}`` before scaling.
    scale : float
        Factor applied to ``W_h``.
    threshold : float
        In (0, 1).
    start : int
        First step counted, ``0 <= start < T``.

    Returns
    -------
    Feedback

    Raises
    ------
    TypeError, ValueError
        On a bad ``series``, ``params``, ``threshold`` or ``start``.

    Examples
    --------
    >>> series = np.linspace(-1, 1, 20).reshape(1, 20, 1)
    >>> p = numpy_rnn.init_params(1, 4, seed=0)
    >>> H, _ = numpy_rnn.rnn_forward(series, {**p, "W_h": 3 * p["W_h"]})
    >>> right = float(np.mean(np.abs(H[:, 5:]) > 0.95))
    >>> check_saturated_fraction(right, series, p, scale=3, start=5).passed
    True
    """
    X = check_array("series", series, ndim=3).astype(np.float64)
    scale = check_float("scale", scale)
    threshold = check_float("threshold", threshold, minimum=0.0, exclusive_minimum=True,
                            maximum=1.0)
    start = check_int("start", start, minimum=0)
    if start >= X.shape[1]:
        raise ValueError(f"`start` must be < the number of steps T = {X.shape[1]}. "
                         f"Received: start={start}")
    W_x, W_h, b = (a.astype(np.float64) for a in numpy_rnn.check_params(params))
    H, _ = numpy_rnn.rnn_forward(X, {"W_x": W_x, "W_h": scale * W_h, "b": b})  # (N, T, H)
    H_plain, _ = numpy_rnn.rnn_forward(X, {"W_x": W_x, "W_h": W_h, "b": b})  # (N, T, H)

    def fraction(states: np.ndarray, first: int = start) -> float:
        return float(np.mean(np.abs(states[:, first:]) > threshold))

    expected = fraction(H)
    mistakes = [
        Mistake(fraction(H, 0), f"You counted every step; the question starts at step {start} "
                                "(`states[start:]`), after the start-up from the zero state."),
        Mistake(float(np.mean(H[:, start:] > threshold)),
                "You counted only positive values: saturation is |h| close to 1, at either "
                "end (`np.abs`)."),
        Mistake(100 * expected, "That is a percentage; give a fraction between 0 and 1."),
        Mistake(float(np.sum(np.abs(H[:, start:]) > threshold)),
                "That is a count; divide by the number of values to get a fraction."),
        Mistake(fraction(H_plain), f"These are the states with the unscaled W_h; scale it by "
                                   f"{scale:g} first."),
        Mistake(float(np.mean((1 - H[:, start:] ** 2) < 1 - threshold)),
                f"You compared the slope 1 - h**2 with {1 - threshold:g}; the question is "
                f"about the states themselves, |h| > {threshold:g}."),
    ]
    if start + 1 < X.shape[1]:
        mistakes.append(Mistake(fraction(H, start + 1), f"You started one step late: step "
                                                        f"{start} counts too (off by one)."))
    if start >= 1:
        mistakes.append(Mistake(fraction(H, start - 1), "You started one step early (off by "
                                                        "one)."))
    return compare_number(answer, expected, exercise="fraction of saturated values",
                          mistakes=mistakes, rtol=1e-9, atol=1e-12)
