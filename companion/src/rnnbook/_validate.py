"""Argument checks shared by the package.

Every public function validates its input with these helpers so that a bad
argument fails early with a message that names the argument, the rule it
broke and the value it received.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np


def _short(value: Any) -> str:
    """A compact description of a value for an error message."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_int(name: str, value: Any, *, minimum: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer. Received: {name}={_short(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"`{name}` must be >= {minimum}. Received: {name}={value}")
    return int(value)


def check_float(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    exclusive_minimum: bool = False,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a finite float within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number. Received: {name}={_short(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"`{name}` must be finite. Received: {name}={value}")
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            raise ValueError(f"`{name}` must be > {minimum}. Received: {name}={value}")
        if not exclusive_minimum and value < minimum:
            raise ValueError(f"`{name}` must be >= {minimum}. Received: {name}={value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"`{name}` must be <= {maximum}. Received: {name}={value}")
    return value


def check_array(
    name: str,
    value: Any,
    *,
    ndim: int | tuple[int, ...] | None = None,
    finite: bool = True,
    min_size: int = 1,
) -> np.ndarray:
    """Return ``value`` as a floating NumPy array after checking it.

    Integer and boolean input is converted to float64; floating input keeps
    its dtype, so float32 stays float32 and float64 stays float64.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"`{name}` must be array-like of numbers. Received: {name}={_short(value)}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nested lists and the like
        raise TypeError(
            f"`{name}` must be array-like of numbers. Received: {name}={_short(value)} ({error})"
        ) from None
    if array.dtype.kind in "biu":
        array = array.astype(np.float64)
    elif array.dtype.kind != "f":
        raise TypeError(
            f"`{name}` must hold real numbers. Received: {name} with dtype {array.dtype}"
        )
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            rule = " or ".join(str(d) for d in allowed)
            raise ValueError(
                f"`{name}` must have {rule} dimensions. "
                f"Received: {name} with shape {array.shape} ({array.ndim} dimensions)"
            )
    if array.size < min_size:
        raise ValueError(
            f"`{name}` must not be empty. Received: {name} with shape {array.shape}"
        )
    if finite and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"`{name}` must contain only finite values. "
            f"Received: {name} with {bad} NaN or infinite value(s)"
        )
    return array


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` as a bool, or raise TypeError if it is not a bool (NumPy's included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be a bool. Received: {name}={_short(value)}")
    return bool(value)


def check_univariate(name: str, value: Any) -> np.ndarray:
    """Return one series given as ``(T,)`` or ``(T, 1)`` as a flat array ``(T,)``.

    The array is checked as :func:`check_array` checks it (real, finite, not
    empty); a 2-D array must have a single column.
    """
    values = check_array(name, value, ndim=(1, 2))
    if values.ndim == 2 and values.shape[1] != 1:
        raise ValueError(
            f"`{name}` must be univariate, of shape (T,) or (T, 1). "
            f"Received: {name} with shape {values.shape}"
        )
    return values.reshape(-1)  # (T,)


def check_split_sizes(sizes: Any) -> tuple[int, int, int]:
    """Return the (train, valid, test) sizes, three integers >= 1, as a tuple of ints."""
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 3:
        raise ValueError(
            f"`sizes` must be a tuple of three integers (train, valid, test). Received: sizes={sizes!r}"
        )
    n_train, n_valid, n_test = (check_int(f"sizes[{i}]", size, minimum=1) for i, size in enumerate(sizes))
    return n_train, n_valid, n_test


def check_same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise if two arrays differ in shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"`{name_a}` and `{name_b}` must have the same shape. "
            f"Received: {name_a} with shape {a.shape} and {name_b} with shape {b.shape}"
        )


def check_same_windows(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise if two arrays of windows differ in their first dimension ``N``."""
    if len(a) != len(b):
        raise ValueError(
            f"`{name_a}` and `{name_b}` must have the same number of windows. "
            f"Received: {name_a} with shape {a.shape} and {name_b} with shape {b.shape}"
        )


def check_windows_targets(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate windows ``X`` (N, T, F) and their targets ``y`` (N,) or (N, horizon).

    Returns ``X`` and the targets as a float64 array ``(N, horizon)``.
    """
    X = check_array("X", X, ndim=3)
    y = check_array("y", y, ndim=(1, 2))
    check_same_windows("X", X, "y", y)
    return X, y.reshape(len(y), -1).astype(np.float64)


def check_choice(name: str, value: Any, choices: tuple) -> Any:
    """Return ``value`` if it is one of ``choices``, else raise ValueError listing them."""
    if not any(value is choice or (isinstance(value, str) and value == choice) for choice in choices):
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"`{name}` must be one of {allowed}. Received: {name}={_short(value)}")
    return value


def check_sizes(name: str, value: Any) -> tuple[int, ...]:
    """Return an int or a non-empty list/tuple of ints >= 1 as a tuple of ints."""
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError(f"`{name}` must hold at least one size. Received: {name}={value!r}")
        return tuple(check_int(f"{name}[{i}]", v, minimum=1) for i, v in enumerate(value))
    return (check_int(name, value, minimum=1),)


def check_architecture(
    cell: Any, n_hidden: Any, head: Any, horizon: Any, seq2seq: Any
) -> tuple[int, ...]:
    """Check the arguments of a recurrent regressor (both frameworks); return the layer sizes.

    ``cell`` must be "simple_rnn", "lstm" or "gru"; ``head`` None or "dense";
    with ``head=None`` the last recurrent layer is the output layer, so its
    size must equal ``horizon``.
    """
    check_choice("cell", cell, ("simple_rnn", "lstm", "gru"))
    sizes = check_sizes("n_hidden", n_hidden)
    horizon = check_int("horizon", horizon, minimum=1)
    check_choice("head", head, (None, "dense"))
    check_bool("seq2seq", seq2seq)
    if head is None and sizes[-1] != horizon:
        raise ValueError(
            "With head=None the last recurrent layer is the output layer, so `n_hidden[-1]` "
            f"must equal `horizon` ({horizon}). Received: n_hidden={list(sizes)}"
        )
    return sizes


def check_linear(lookback: Any, n_features: Any, horizon: Any) -> tuple[int, int, int]:
    """Check the sizes of the linear forecaster (both frameworks); return them as ints."""
    return (
        check_int("lookback", lookback, minimum=1),
        check_int("n_features", n_features, minimum=1),
        check_int("horizon", horizon, minimum=1),
    )


def check_char_model(
    vocab_size: Any, n_hidden: Any, embedding_dim: Any, cell: Any
) -> tuple[int, int, int | None]:
    """Check the arguments of a character model (both frameworks).

    Returns ``vocab_size`` (at least 2), ``n_hidden`` and ``embedding_dim``
    (None for one-hot inputs) as ints; ``cell`` must be "simple_rnn", "lstm" or "gru".
    """
    vocab_size = check_int("vocab_size", vocab_size, minimum=2)
    n_hidden = check_int("n_hidden", n_hidden, minimum=1)
    check_choice("cell", cell, ("simple_rnn", "lstm", "gru"))
    if embedding_dim is not None:
        embedding_dim = check_int("embedding_dim", embedding_dim, minimum=1)
    return vocab_size, n_hidden, embedding_dim
