"""Scaling fitted on the training split only: affine scalers and windows relative to their last value."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook._validate import check_array, check_choice, check_float, check_same_windows


#: Scalers that :func:`fit_scaler` can fit.
SCALERS = ("minmax", "standard")


@dataclass(frozen=True)
class Scaler:
    """An affine rescaling fitted on the training split: ``z = (x - loc) / scale``.

    Attributes
    ----------
    kind : {"minmax", "standard"}
        How ``loc`` and ``scale`` were chosen.
    loc : float
        Subtracted first: the training minimum or mean.
    scale : float
        Divided by next: the training range or standard deviation, > 0.
    """

    kind: str
    loc: float
    scale: float

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Scale ``x`` (any shape): ``(x - loc) / scale``."""
        x = check_array("x", x, min_size=0)
        return (x - self.loc) / self.scale

    def inverse_transform(self, z: np.ndarray) -> np.ndarray:
        """Back to the original units (any shape): ``z * scale + loc``."""
        z = check_array("z", z, min_size=0)
        return z * self.scale + self.loc


def fit_scaler(train: np.ndarray, kind: str = "minmax") -> Scaler:
    """Fit a scaler on the training values only.

    .. math::

        \\text{minmax: } z = \\frac{x - \\min x_{\\text{train}}}
        {\\max x_{\\text{train}} - \\min x_{\\text{train}}}, \\qquad
        \\text{standard: } z = \\frac{x - \\bar x_{\\text{train}}}{s_{\\text{train}}}

    Fit it on the training split and apply the *same* scaler to validation
    and test data. Fitting it on validation or test data (or on all of the
    series) lets information about the future into the inputs: that is
    leakage, and it makes test scores look better than they will be in use.
    A min-max scaler fitted on the training split may map later values
    outside [0, 1]; that is correct, not a bug.

    Parameters
    ----------
    train : array_like
        Training values, any shape (all elements are used).
    kind : {"minmax", "standard"}, default "minmax"

    Returns
    -------
    Scaler

    Raises
    ------
    ValueError
        If ``kind`` is unknown, ``train`` is empty or holds NaN/inf, or all its
        values are equal (the scale would be 0).

    Examples
    --------
    >>> scaler = fit_scaler(np.array([2.0, 4.0, 6.0]))
    >>> scaler.transform(np.array([2.0, 6.0, 8.0]))
    array([0. , 1. , 1.5])
    >>> scaler.inverse_transform(np.array([0.5]))
    array([4.])
    """
    check_choice("kind", kind, SCALERS)
    values = check_array("train", train).astype(np.float64)
    if kind == "minmax":
        loc, scale = float(values.min()), float(values.max() - values.min())
    else:
        loc, scale = float(values.mean()), float(values.std())
    if not scale > 0:
        raise ValueError(
            f"`train` must hold at least two different values (the scale would be 0). "
            f"Received: train with every value equal to {loc}"
        )
    return Scaler(kind, loc, scale)


def relative_to_last(
    X: np.ndarray, Y: np.ndarray | None = None, *, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray | None]:
    """Express each window relative to its last input value: ``(x - x_{T-1}) / scale``.

    A series with a trend keeps reaching levels never seen in training, and
    a network trained on levels must then extrapolate. Subtracting each
    window's last observed value ``x_{T-1}`` (``X[:, -1]``) from its inputs and targets alike
    turns every window into "changes since now", whose distribution stays
    the same as the level drifts; ``scale`` (fitted on the training split)
    brings the changes to order one. :func:`restore_from_last` undoes it.

    Parameters
    ----------
    X : array_like
        Windows ``(N, T, F)``; feature 0 is the one forecast.
    Y : array_like, optional
        Targets ``(N, horizon)`` of feature 0.
    scale : float, default 1.0
        Divisor, > 0.

    Returns
    -------
    X_rel : numpy.ndarray
        ``(X - X[:, -1:, :]) / scale``, shape ``(N, T, F)``; its last step is 0.
    Y_rel : numpy.ndarray or None
        ``(Y - X[:, -1, 0:1]) / scale``, shape ``(N, horizon)``, or None.

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, ``Y`` is not 2-D with ``N`` rows, or ``scale`` <= 0.

    Examples
    --------
    >>> X = np.array([[[10.0], [11.0], [13.0]]]); Y = np.array([[14.0, 16.0]])
    >>> X_rel, Y_rel = relative_to_last(X, Y, scale=2.0)
    >>> X_rel[0, :, 0], Y_rel[0]
    (array([-1.5, -1. ,  0. ]), array([0.5, 1.5]))
    """
    X = check_array("X", X, ndim=3)
    scale = check_float("scale", scale, minimum=0.0, exclusive_minimum=True)
    last = X[:, -1:, :]  # (N, 1, F)
    X_rel = (X - last) / scale  # (N, T, F)
    if Y is None:
        return X_rel, None
    Y = check_array("Y", Y, ndim=2)
    check_same_windows("X", X, "Y", Y)
    Y_rel = (Y - last[:, :, 0]) / scale  # (N, horizon)
    return X_rel, Y_rel


def restore_from_last(Y_rel: np.ndarray, X: np.ndarray, *, scale: float = 1.0) -> np.ndarray:
    """Undo :func:`relative_to_last` for forecasts: ``Y_rel * scale + x_{T-1}``.

    Parameters
    ----------
    Y_rel : array_like
        Relative forecasts ``(N, horizon)``.
    X : array_like
        The original (not relative) input windows ``(N, T, F)``.
    scale : float, default 1.0
        The divisor used by :func:`relative_to_last`.

    Returns
    -------
    numpy.ndarray
        Forecasts in the original units, ``(N, horizon)``.

    Raises
    ------
    ValueError
        If the shapes do not fit together or ``scale`` <= 0.

    Examples
    --------
    >>> X = np.array([[[10.0], [11.0], [13.0]]])
    >>> restore_from_last(np.array([[0.5, 1.5]]), X, scale=2.0)
    array([[14., 16.]])
    """
    Y_rel = check_array("Y_rel", Y_rel, ndim=2)
    X = check_array("X", X, ndim=3)
    scale = check_float("scale", scale, minimum=0.0, exclusive_minimum=True)
    check_same_windows("Y_rel", Y_rel, "X", X)
    return Y_rel * scale + X[:, -1:, 0]  # (N, horizon)
