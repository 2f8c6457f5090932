"""Checkers of chapter 5's Keras exercises: stacked parameter counts, optimiser steps, lag weights."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from rnnbook import data
from rnnbook._validate import check_int, check_univariate
from rnnbook.checks.compare import compare_array, compare_number
from rnnbook.checks.feedback import Feedback, Mistake
from rnnbook.checks.param_counts import check_rnn_param_count


def _simple_rnn_count(F: int, H: int) -> int:
    """Parameters of a Keras ``SimpleRNN(H)`` reading ``F`` features: ``F*H + H*H + H``."""
    return F * H + H * H + H


def check_stacked_param_count(
    answer: Any, *, n_below: int, n_hidden: int, n_features: int = 1
) -> Feedback:
    """Check the parameter count of a ``SimpleRNN(n_hidden)`` stacked on a ``SimpleRNN(n_below)``.

    The upper layer reads, at every step, the lower layer's hidden state
    (``n_below`` numbers), so it holds ``W_x`` (n_below, H), ``W_h`` (H, H)
    and ``b`` (H,): ``n_below*H + H*H + H`` parameters, whatever the series'
    ``n_features``. An answer that reads the series' features instead, or
    that counts both layers, is named; any other wrong answer gets the hints
    of :func:`~rnnbook.checks.check_rnn_param_count`.

    Parameters
    ----------
    answer : int or None
        The student's count for the upper layer alone.
    n_below : int
        Hidden units of the lower layer, at least 1.
    n_hidden : int
        Hidden units ``H`` of the upper layer, at least 1.
    n_features : int, default 1
        Features ``F`` of the series the lower layer reads, at least 1.

    Returns
    -------
    Feedback
        Passed only for the upper layer's exact count.

    Raises
    ------
    TypeError, ValueError
        If a size is not an integer >= 1.

    Examples
    --------
    >>> check_stacked_param_count(820, n_below=20, n_hidden=20).passed
    True
    >>> print(check_stacked_param_count(440, n_below=20, n_hidden=20).hints[0])
    The upper layer reads the lower layer's hidden state, 20 numbers at every step, not the series' 1 feature(s): its `W_x` has one row per unit below.
    """
    n_below = check_int("n_below", n_below, minimum=1)
    H = check_int("n_hidden", n_hidden, minimum=1)
    F = check_int("n_features", n_features, minimum=1)
    expected = _simple_rnn_count(n_below, H)
    lower = _simple_rnn_count(F, n_below)
    mistakes = [
        Mistake(_simple_rnn_count(F, H),
                f"The upper layer reads the lower layer's hidden state, {n_below} numbers at every "
                f"step, not the series' {F} feature(s): its `W_x` has one row per unit below."),
        Mistake(lower + expected,
                "That counts both layers; the question asks for the upper layer alone. "
                "`model.layers[i].count_params()` counts one layer."),
        Mistake(lower,
                "That is the lower layer's count; the question asks for the upper one."),
    ]
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool) and any(
        m.value != expected and float(answer) == m.value for m in mistakes
    ):
        return compare_number(answer, expected, exercise="number of parameters",
                              mistakes=mistakes, integer=True)
    return check_rnn_param_count(answer, n_features=n_below, n_hidden=H)


def check_step_count(answer: Any, *, n_windows: int, batch_size: int, epochs: int = 1) -> Feedback:
    """Check the number of optimiser steps that ``model.fit`` takes.

    Each epoch cuts the ``n_windows`` training windows into batches of
    ``batch_size``; the windows left over make one last, smaller batch, so an
    epoch takes ``ceil(n_windows / batch_size)`` steps, one per batch, and
    ``fit`` takes ``epochs`` times that.

    Parameters
    ----------
    answer : int or None
        The student's count.
    n_windows : int
        Training windows ``N``, at least 1.
    batch_size : int
        Windows per batch, at least 1.
    epochs : int, default 1
        Passes over the training windows, at least 1.

    Returns
    -------
    Feedback
        Passed only for the exact number of steps.

    Raises
    ------
    TypeError, ValueError
        If an argument is not an integer >= 1.

    Examples
    --------
    >>> check_step_count(70, n_windows=7000, batch_size=512, epochs=5).passed
    True
    >>> print(check_step_count(65, n_windows=7000, batch_size=512, epochs=5).hints[0])
    You dropped the last, smaller batch: Keras also trains on the windows left over, so round the division up (`math.ceil`, or `-(-n // b)`).
    """
    N = check_int("n_windows", n_windows, minimum=1)
    B = check_int("batch_size", batch_size, minimum=1)
    E = check_int("epochs", epochs, minimum=1)
    per_epoch = math.ceil(N / B)
    mistakes = [
        Mistake(E * (N // B),
                "You dropped the last, smaller batch: Keras also trains on the windows left over, "
                "so round the division up (`math.ceil`, or `-(-n // b)`)."),
        Mistake(E * (N // B + 1),
                "The windows divide evenly into batches here, so there is no leftover batch."),
        Mistake(per_epoch, f"That is one epoch; `fit` runs {E} of them."),
        Mistake(E * N, "That counts windows, not steps: one step processes a whole batch."),
    ]
    if E > 1:
        mistakes.append(Mistake(N, "That counts the windows of one epoch, not steps: one step "
                                   "processes a whole batch."))
    return compare_number(answer, E * per_epoch, exercise="number of optimiser steps",
                          mistakes=mistakes, integer=True)


def check_lag_weights(answer: Any, series: Any, *, lookback: int) -> Feedback:
    """Check the weights of a linear regression of each value on its ``lookback`` predecessors.

    The windows are those of :func:`rnnbook.data.make_windows`, so the
    weights come in time order, oldest lag first:
    ``(w on x_{t-lookback}, ..., w on x_{t-1})``, as
    ``LinearRegression().fit(X[:, :, 0], y[:, 0]).coef_`` holds them. The
    fit has an intercept, which is not part of the answer. Where several
    weight vectors fit equally well, the one of smallest norm is expected,
    as ``LinearRegression`` returns it.

    Parameters
    ----------
    answer : array_like of shape (lookback,) or None
        The student's weights.
    series : array_like of shape (T,) or (T, 1)
        The series the regression is fitted on.
    lookback : int
        Number of lags, at least 1.

    Returns
    -------
    Feedback
        Passed if every weight is within 1e-4 of the least-squares one.

    Raises
    ------
    TypeError, ValueError
        If ``series`` is not a finite univariate series, ``lookback`` is not an
        integer >= 1, or the series is too short for one window.

    Examples
    --------
    >>> series = np.sin(0.5 * np.arange(40))
    >>> w = 2 * np.cos(0.5)  # the sine identity: x_t = 2 cos(w) x_(t-1) - x_(t-2)
    >>> check_lag_weights([-1.0, w], series, lookback=2).passed
    True
    >>> print(check_lag_weights([w, -1.0], series, lookback=2).hints[0])
    Your weights are in reverse order: the first column of the windows is the oldest value, x_(t-lookback), so its weight comes first.
    """
    values = check_univariate("series", series).astype(np.float64)  # (T,)
    lookback = check_int("lookback", lookback, minimum=1)
    X, y = data.make_windows(values, lookback=lookback)  # (N, lookback, 1), (N, 1)
    lags, target = X[:, :, 0], y[:, 0]  # (N, lookback), (N,)
    # the intercept absorbs the means: least squares on the centred columns
    centred = lags - lags.mean(axis=0)
    weights = np.linalg.lstsq(centred, target - target.mean(), rcond=None)[0]  # (lookback,)
    intercept = float(target.mean() - lags.mean(axis=0) @ weights)
    mistakes = [
        Mistake(weights[::-1],
                "Your weights are in reverse order: the first column of the windows is the oldest "
                "value, x_(t-lookback), so its weight comes first."),
        Mistake(np.r_[weights, intercept],
                "You included the intercept (`intercept_`); give the lag weights alone (`coef_`)."),
        Mistake(np.r_[intercept, weights],
                "You included the intercept (`intercept_`); give the lag weights alone (`coef_`)."),
    ]
    return compare_array(answer, weights, exercise="lag weights", axes=("lag",),
                         mistakes=mistakes, rtol=0.0, atol=1e-4, check_dtype=False)
