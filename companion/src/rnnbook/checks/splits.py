"""The checker of a chronological train / valid / test split made by hand."""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbook import data
from rnnbook._validate import check_univariate
from rnnbook.checks.compare import _as_array
from rnnbook.checks.feedback import Feedback, not_answered

_SEGMENTS = ("train", "valid", "test")


def _find_slice(part: np.ndarray, series: np.ndarray) -> int | None:
    """The first start ``s`` with ``series[s : s + len(part)] == part``, or None."""
    n = len(part)
    if n == 0 or n > len(series):
        return None
    views = np.lib.stride_tricks.sliding_window_view(series, n)  # (T - n + 1, n)
    hits = np.flatnonzero(np.all(np.isclose(views, part, rtol=1e-9, atol=1e-12), axis=1))
    return int(hits[0]) if len(hits) else None


def _is_rescaled(part: np.ndarray, values: np.ndarray, start: int) -> bool:
    """Whether ``part`` is an affine rescaling ``a * x + b`` of ``values[start:]``'s first values."""
    segment = values[start:start + len(part)]
    if len(segment) != len(part) or len(part) < 3 or np.ptp(segment) == 0:
        return False
    slope, intercept = np.polyfit(segment, part, deg=1)
    return bool(np.allclose(slope * segment + intercept, part, rtol=1e-6, atol=1e-9 * np.ptp(part)))


def _segments(exercise: str, answers: tuple[Any, Any, Any]) -> list[np.ndarray] | Feedback:
    """The three answered segments as 1-D float arrays, or the feedback on the first bad one."""
    parts = []
    for name, answer in zip(_SEGMENTS, answers):
        if answer is None:
            return Feedback(exercise, False, f"`{name}` is still None: give all three segments.")
        array = _as_array(answer)
        if isinstance(array, str):
            return Feedback(exercise, False, f"`{name}`: {array}")
        if array.ndim == 2 and array.shape[1] == 1:
            array = array[:, 0]
        if array.ndim != 1:
            return Feedback(
                exercise, False, f"`{name}` has shape {array.shape}; a segment of a univariate "
                "series is 1-D, `(n,)`.",
                ("Slice the 1-D series, e.g. `series[a:b]`, without adding axes.",),
            )
        if len(array) == 0:
            return Feedback(exercise, False, f"`{name}` is empty; every segment needs values.",
                            ("Check the cut points: each segment is `series[start:stop]` with "
                             "start < stop.",))
        parts.append(array.astype(np.float64))
    return parts


def _coverage_hints(starts: list[int], sizes: tuple[int, ...], n_total: int) -> list[str]:
    """What segments in time order leave out of a series of ``n_total`` values, or use twice."""
    hints = []
    ends = [s + n for s, n in zip(starts, sizes)]
    if starts[0] > 0:
        hints.append(f"The first {starts[0]} value(s) of the series are in no segment: "
                     "`train` starts at index 0.")
    for (a, b) in ((0, 1), (1, 2)):
        gap = starts[b] - ends[a]
        if gap < 0:
            if gap == -1:
                hints.append(f"The last value of `{_SEGMENTS[a]}` is also the first value of "
                             f"`{_SEGMENTS[b]}`: each value must be in exactly one segment.")
            else:
                hints.append(f"`{_SEGMENTS[a]}` and `{_SEGMENTS[b]}` share {-gap} values: "
                             "each value must be in exactly one segment.")
        elif gap > 0:
            hints.append(f"{gap} value(s) between `{_SEGMENTS[a]}` and `{_SEGMENTS[b]}` are in "
                         "no segment: the next segment starts where the previous one stops "
                         "(`series[a:b]` stops before index b).")
    if ends[2] < n_total:
        hints.append(f"The last {n_total - ends[2]} value(s) of the series are in no segment: "
                     "`test` runs to the end of the series.")
    return hints


def check_chronological_split(
    train: Any,
    valid: Any,
    test: Any,
    *,
    series: Any,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
) -> Feedback:
    """Check a train / valid / test split of ``series`` made by hand, in time order.

    Right: three consecutive slices of ``series``, oldest first, that
    together hold every value exactly once, with the sizes of
    :func:`rnnbook.data.split_series` (a segment one value longer or shorter,
    from rounding the other way, passes with a note). Recognised slips: a
    shuffled split (``train_test_split`` with its default ``shuffle=True``),
    segments in the wrong order, values left out or used twice at a cut, a
    copy that was scaled before splitting, and sizes that do not follow
    ``fractions``.

    Parameters
    ----------
    train, valid, test : array_like or None
        The student's segments, each ``(n,)`` or ``(n, 1)``.
    series : array_like
        The univariate series ``(T,)`` (or ``(T, 1)``) that was split.
    fractions : tuple of three floats, default (0.7, 0.15, 0.15)
        The shares asked for, as in :func:`rnnbook.data.split_series`.

    Returns
    -------
    Feedback
        On the three segments together.

    Raises
    ------
    TypeError, ValueError
        If ``series`` is not a univariate numeric series or ``fractions`` is
        malformed (the message names the argument).

    Examples
    --------
    >>> s = np.arange(20.0)
    >>> check_chronological_split(s[:14], s[14:17], s[17:], series=s).passed
    True
    >>> check_chronological_split(s[:14], s[13:17], s[17:], series=s).hints[0]
    'The last value of `train` is also the first value of `valid`: each value must be in exactly one segment.'
    """
    exercise = "chronological split"
    values = check_univariate("series", series).astype(np.float64)  # (T,)
    expected_sizes = tuple(len(p) for p in data.split_series(values, fractions))
    answers = (train, valid, test)
    if all(a is None for a in answers):
        return not_answered(exercise)
    parts = _segments(exercise, answers)
    if isinstance(parts, Feedback):
        return parts
    sizes = tuple(len(p) for p in parts)
    n_total = len(values)
    starts = [_find_slice(p, values) for p in parts]
    if any(s is None for s in starts):
        joined = np.concatenate(parts)
        if len(joined) == n_total and np.allclose(np.sort(joined), np.sort(values)):
            return Feedback(
                exercise, False,
                "Your segments hold every value of the series, but not as consecutive stretches "
                "of time: the weeks were shuffled.",
                ("A chronological split must not shuffle: scikit-learn's `train_test_split` "
                 "shuffles by default; pass `shuffle=False`, or slice the series directly.",),
            )
        index = [s is None for s in starts].index(True)
        name = _SEGMENTS[index]
        hint = "Each segment must be a slice `series[start:stop]` of the series itself."
        if _is_rescaled(parts[index], values, sum(sizes[:index])):
            hint = ("Your values are a rescaled copy of the series: split the raw values first, "
                    "then fit the scaler on the training segment only.")
        return Feedback(exercise, False, f"`{name}` is not a stretch of consecutive values of "
                        "`series`.", (hint,))
    order = sorted(range(3), key=lambda i: starts[i])
    if order != [0, 1, 2]:
        return Feedback(
            exercise, False, "Your segments are stretches of the series, but in the wrong "
            "order in time: " + " < ".join(f"`{_SEGMENTS[i]}`" for i in order) + ".",
            ("The training segment is the oldest part of the series, the test segment the "
             "newest: a model is always tested on what comes after its training data.",),
        )
    hints = _coverage_hints(starts, sizes, n_total)
    if hints:
        return Feedback(exercise, False, "Your segments are in time order, but they do not "
                        "cover the series exactly once.", tuple(hints))
    correct = (f"Correct: three consecutive segments, oldest first, of {sizes[0]}, {sizes[1]} "
               f"and {sizes[2]} values.")
    if sizes == expected_sizes:
        return Feedback(exercise, True, correct)
    if all(abs(a - b) <= 1 for a, b in zip(sizes, expected_sizes)):
        return Feedback(exercise, True, correct,
                        ("`data.split_series` rounds each share down and gives the rest to "
                         "`test`; your cut rounds differently, which is just as good.",))
    shares = ", ".join(f"{n / n_total:.1%}" for n in sizes)
    return Feedback(
        exercise, False,
        f"Your segments are in time order and cover the series, but their shares ({shares}) "
        "are not the ones asked for.",
        (f"The shares asked for are {', '.join(f'{f:.0%}' for f in fractions)} of the "
         f"{n_total} values; the second cut is at the sum of the first two shares, not at the "
         "second share alone.",),
    )
