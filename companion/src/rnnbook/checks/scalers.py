"""The checker of a scaler: fitted on the training segment, and on nothing else."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from rnnbook import data
from rnnbook._validate import check_array, check_choice
from rnnbook.checks.compare import _close
from rnnbook.checks.feedback import Feedback, not_answered

#: How :func:`check_train_scaler` names the segments a scaler could have been fitted on.
_FITTED_ON = {
    "test": "the test segment: its minimum and maximum (or mean and spread) come from the "
            "future, and a scaler refitted with `fit_transform` on the test data does exactly "
            "this. Fit once, on the training segment, then only `transform`.",
    "valid": "the validation segment; fit on the training segment and only `transform` the "
             "validation and test data.",
    "all": "the whole series: its statistics include the validation and test weeks, which is "
           "data leakage. Fit on the training segment only.",
    "train+valid": "training and validation data together; for the model selected on the "
                   "validation split, fit on the training segment only.",
}


def _scaler_numbers(answer: Any) -> tuple[float, float, str] | str:
    """``(loc, scale, kind)`` of a fitted scaler, or a sentence saying why it has none."""
    if isinstance(answer, data.Scaler):
        return float(answer.loc), float(answer.scale), answer.kind
    if isinstance(answer, (tuple, list)) and len(answer) == 2 and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in answer
    ):
        return float(answer[0]), float(answer[1]), ""
    name = type(answer).__name__
    if hasattr(answer, "data_range_") or hasattr(answer, "mean_"):
        minmax = hasattr(answer, "data_range_")
        loc = np.atleast_1d(np.asarray(answer.data_min_ if minmax else answer.mean_, dtype=float))
        scale = np.atleast_1d(np.asarray(answer.data_range_ if minmax else answer.scale_,
                                         dtype=float))
        if loc.size != 1:
            return (f"Your {name} was fitted on {loc.size} columns, one per value: the series "
                    "was passed as a single row. Fit it on a column, `segment.reshape(-1, 1)`.")
        return float(loc[0]), float(scale[0]), "minmax" if minmax else "standard"
    if name in ("MinMaxScaler", "StandardScaler"):
        return (f"Your {name} is not fitted yet: call `.fit(train.reshape(-1, 1))` on the "
                "training segment.")
    return (f"Your answer (a {name}) is not a fitted scaler: give `data.fit_scaler(...)`, a "
            "fitted scikit-learn MinMaxScaler or StandardScaler, or a pair (loc, scale).")


def check_train_scaler(
    answer: Any, *, train: Any, valid: Any, test: Any, kind: str = "minmax"
) -> Feedback:
    """Check that a scaler was fitted on the training segment, and on nothing else.

    The right answer has the statistics of :func:`rnnbook.data.fit_scaler`
    on ``train``: for ``"minmax"`` the training minimum and range, for
    ``"standard"`` the training mean and standard deviation (a standard
    deviation with ``ddof=1``, as pandas computes it, passes with a note).
    Recognised slips: a scaler fitted on the test segment (what a second
    ``fit_transform`` on the test data does), on the validation segment, on
    the whole series or on training plus validation data; a scikit-learn
    scaler fitted on a row instead of a column; an unfitted scaler; the other
    kind of scaler.

    Parameters
    ----------
    answer : Scaler, fitted MinMaxScaler / StandardScaler, (loc, scale) or None
        The student's scaler: an :class:`rnnbook.data.Scaler`, a fitted
        scikit-learn scaler of one column, or the pair ``(loc, scale)`` of
        ``z = (x - loc) / scale``.
    train, valid, test : array_like
        The three segments of the series.
    kind : {"minmax", "standard"}, default "minmax"
        The kind of scaler asked for.

    Returns
    -------
    Feedback
        Passed if the scaler holds the training segment's statistics.

    Raises
    ------
    TypeError, ValueError
        If a segment is not numeric, empty or constant, or ``kind`` is unknown.

    Examples
    --------
    >>> train, valid, test = np.arange(10.0), np.arange(10.0, 13.0), np.arange(13.0, 16.0)
    >>> check_train_scaler(data.fit_scaler(train), train=train, valid=valid, test=test).passed
    True
    >>> check_train_scaler((13.0, 2.0), train=train, valid=valid, test=test).passed
    False
    """
    exercise = "scaler"
    check_choice("kind", kind, data.SCALERS)
    parts = {name: check_array(name, part).reshape(-1).astype(np.float64)
             for name, part in (("train", train), ("valid", valid), ("test", test))}
    expected = data.fit_scaler(parts["train"], kind)
    if answer is None:
        return not_answered(exercise)
    numbers_ = _scaler_numbers(answer)
    if isinstance(numbers_, str):
        return Feedback(exercise, False, numbers_)
    loc, scale, answer_kind = numbers_
    if not (math.isfinite(loc) and math.isfinite(scale)):
        return Feedback(exercise, False, f"Your scaler's numbers are not finite (loc={loc}, "
                        f"scale={scale}).")
    if answer_kind and answer_kind != kind:
        other = {"minmax": "a min-max scaler (MinMaxScaler)",
                 "standard": "a standard scaler (StandardScaler)"}
        return Feedback(exercise, False, f"This is {other[answer_kind]}; the exercise asks for "
                        f"{other[kind]}.")

    def same(stats: tuple[float, float]) -> bool:
        return _close(loc, stats[0], 1e-9, 1e-12) and _close(scale, stats[1], 1e-9, 1e-12)

    if same((expected.loc, expected.scale)):
        return Feedback(exercise, True, "Correct: the scaler was fitted on the training segment "
                        "only.")
    if kind == "standard" and same((expected.loc, float(np.std(parts["train"], ddof=1)))):
        return Feedback(exercise, True, "Correct: the scaler was fitted on the training segment "
                        "only.", ("Your standard deviation divides by n - 1 (pandas' default); "
                                  "`fit_scaler` and scikit-learn divide by n. Either is fine.",))
    candidates = {
        "test": parts["test"],
        "valid": parts["valid"],
        "all": np.concatenate([parts["train"], parts["valid"], parts["test"]]),
        "train+valid": np.concatenate([parts["train"], parts["valid"]]),
    }
    for name, values in candidates.items():
        if np.ptp(values) == 0:
            continue
        fitted = data.fit_scaler(values, kind)
        if same((fitted.loc, fitted.scale)):
            return Feedback(exercise, False, "Not quite: this scaler was fitted on the wrong "
                            "data.", (f"Its statistics are those of {_FITTED_ON[name]}",))
    if kind == "minmax" and _close(loc, expected.loc, 1e-9, 1e-12):
        hint = ("The minimum is right but the scale is not: the scale of a min-max scaler is the "
                "training range, max - min, not the maximum.")
    else:
        hint = ("These statistics match no segment of the series: fit on the raw training "
                "segment, before any other transformation.")
    return Feedback(exercise, False, "This scaler does not hold the training segment's "
                    "statistics.", (hint,))
