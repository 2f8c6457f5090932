"""Tests of rnnbook.checks.windows: window counts, windows and seq2seq targets cut by hand.

The expected answers are built independently of the package (explicit loops
over windows, brute-force counts), and every message a student can see is
asserted, including that it never contains the answer.
"""

import numpy as np
import pytest

from rnnbook import checks

from .examples import SEQUENCES, hint_of


def brute_force_count(length, lookback, horizon, stride):
    """Count window starts by trying every start position."""
    return sum(1 for s in range(0, length, stride) if s + lookback + horizon <= length)


def loop_windows(series, lookback, horizon=1):
    """Windows cut with a plain loop, the way a student would."""
    X, y = [], []
    for i in range(len(series) - lookback - horizon + 1):
        X.append(series[i : i + lookback])
        y.append(series[i + lookback : i + lookback + horizon])
    return np.array(X)[:, :, None], np.array(y)


SERIES = np.sin(np.arange(40) * 0.7) + 0.01 * np.arange(40)  # no repeated values
LOOKBACK = 5


class TestWindowCount:
    @pytest.mark.parametrize(
        "length, lookback, horizon, stride",
        [(100, 10, 1, 1), (100, 10, 5, 2), (50, 3, 1, 1), (51, 50, 1, 1), (30, 4, 3, 4), (12, 5, 2, 3)],
    )
    def test_right_answer_matches_brute_force(self, length, lookback, horizon, stride):
        answer = brute_force_count(length, lookback, horizon, stride)
        fb = checks.check_window_count(answer, length=length, lookback=lookback, horizon=horizon, stride=stride)
        assert fb.passed and fb.message == f"Correct: {answer} is the number of windows."

    @pytest.mark.parametrize(
        "answer, hint",
        [
            (91, "forget that every window also needs `horizon` target values"),
            (89, "You counted the gaps between window starts"),
            (100, "Your answer is too large."),
        ],
    )
    def test_wrong_one_step(self, answer, hint):
        fb = checks.check_window_count(answer, length=100, lookback=10)
        assert not fb.passed and fb.message == f"{answer} is not the number of windows."
        assert len(fb.hints) == 1 and hint in fb.hints[0]

    @pytest.mark.parametrize(
        "answer, hint",
        [
            (46, "forget that every window also needs `horizon` target values"),
            (42, "You counted the gaps between window starts"),
            (86, "You ignored the stride"),
            (44, "You rounded the division up"),
            (6, "You counted windows that do not overlap"),
            (45, "You reserved one target value, but each window needs `horizon` of them."),
        ],
    )
    def test_wrong_with_stride_and_horizon(self, answer, hint):
        fb = checks.check_window_count(answer, length=100, lookback=10, horizon=5, stride=2)
        assert not fb.passed and hint in fb.hints[0]

    def test_never_reveals_the_answer(self):
        for answer in (0, 1, 42, 44, 45, 46, 86, 1000, 42.5, None, "x"):
            fb = checks.check_window_count(answer, length=100, lookback=10, horizon=5, stride=2)
            assert "43" not in str(fb)

    def test_fraction_and_none(self):
        fb = checks.check_window_count(43.5, length=100, lookback=10, horizon=5, stride=2)
        assert fb.message == "43.5 is not a whole number, and a count must be one."
        assert checks.check_window_count(None, length=100, lookback=10).status == "not answered"

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"length": 0, "lookback": 1}, ValueError, r"`length` must be >= 1\. Received: length=0"),
            ({"length": 10, "lookback": 2.5}, TypeError, r"`lookback` must be an integer\. Received: lookback=2\.5"),
            ({"length": 10, "lookback": 2, "horizon": 0}, ValueError, r"`horizon` must be >= 1\. Received: horizon=0"),
            ({"length": 10, "lookback": 2, "stride": 0}, ValueError, r"`stride` must be >= 1\. Received: stride=0"),
        ],
    )
    def test_invalid(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            checks.check_window_count(1, **kwargs)


class TestWindows:
    def setup_method(self):
        self.X, self.y = loop_windows(SERIES, LOOKBACK)

    def check(self, X, y, horizon=1):
        return checks.check_windows(X, y, SERIES, LOOKBACK, horizon)

    def test_right(self):
        fb = self.check(self.X, self.y)
        assert fb.passed and fb.message == "Correct: `X` and `y` are right."
        X3, y3 = loop_windows(SERIES, LOOKBACK, horizon=3)
        assert self.check(X3, y3, horizon=3).passed
        assert checks.check_windows(self.X, self.y, SERIES[:, None], LOOKBACK).passed

    def test_flat_targets_pass_with_a_note(self):
        fb = self.check(self.X, self.y[:, 0])
        assert fb.passed and "A 1-D target of shape (N,) works for one step" in fb.hints[0]

    def test_missing_feature_axis(self):
        fb = self.check(self.X[..., 0], self.y)
        assert not fb.passed
        assert fb.message.startswith("`X`: Your array has shape (35, 5)")
        assert fb.message.endswith("`y` is right.")
        assert fb.hints[0].startswith("`X`: Your array has no last axis of size 1")

    def test_time_first(self):
        fb = self.check(self.X.transpose(1, 0, 2), self.y)
        assert "your array is laid out as (T, N, F)" in fb.hints[0]

    def test_time_first_without_feature_axis(self):
        fb = self.check(self.X[..., 0].T, self.y)
        assert "no last axis of size 1" in fb.hints[0] and "wrong order" in fb.hints[0]

    def test_last_window_missing(self):
        fb = self.check(self.X[:-1], self.y[:-1])
        assert fb.hints == (
            "`X`: The last window is missing: the last window's target is the last value of the "
            "series; check the end of your `range` (off by one).",
            "`y`: The last target is missing (off by one at the end of your loop).",
        )

    def test_target_is_last_input(self):
        fb = self.check(self.X, self.X[:, -1, :])
        assert fb.message == "`X` is right. `y`: Not quite: this is a common slip."
        assert "Your targets are the last value of each input window" in fb.hints[0]

    def test_target_one_step_too_late(self):
        y_late = np.array([SERIES[i + LOOKBACK + 1] for i in range(len(self.X) - 1)])[:, None]
        fb = self.check(self.X[:-1], y_late)
        assert "one step too far in the future" in fb.hints[1]

    def test_inputs_include_target(self):
        X_long = np.array([SERIES[i : i + LOOKBACK + 1] for i in range(len(self.X))])[:, :, None]
        fb = self.check(X_long, self.y)
        assert "Your inputs include the target" in fb.hints[0]

    def test_windows_start_at_one(self):
        X1 = np.array([SERIES[i : i + LOOKBACK] for i in range(1, len(self.X))])[:, :, None]
        fb = self.check(X1, self.y[1:])
        assert "Your first window starts at index 1" in fb.hints[0]

    def test_wrong_horizon(self):
        X3, y3 = loop_windows(SERIES, LOOKBACK, horizon=3)
        fb = self.check(X3, y3[:, :1], horizon=3)
        assert "Along horizon your array has length 1; the length should be 3." in fb.hints[0]

    def test_not_answered(self):
        assert self.check(None, None).status == "not answered"
        fb = self.check(self.X, None)
        assert not fb.passed and fb.answered and "`y`: No answer yet" in fb.message

    @pytest.mark.parametrize(
        "series, lookback, error, message",
        [
            (np.zeros((10, 2)), 3, ValueError, r"`series` must be univariate, of shape \(T,\) or \(T, 1\)\. Received: series with shape \(10, 2\)"),
            (np.zeros((2, 2, 2)), 3, ValueError, r"`series` must have 1 or 2 dimensions"),
            ("abc", 3, TypeError, r"`series` must be array-like of numbers"),
            (np.zeros(10), 0, ValueError, r"`lookback` must be >= 1\. Received: lookback=0"),
            (np.zeros(3), 3, ValueError, r"`series` must have at least lookback \+ horizon = 4 time steps"),
        ],
    )
    def test_invalid(self, series, lookback, error, message):
        with pytest.raises(error, match=message):
            checks.check_windows(None, None, series, lookback)


def loop_targets(series, lookback, horizon):
    """Y[n, t, k] = series[n, t + 1 + k, 0], one entry at a time."""
    Y = np.empty((len(series), lookback, horizon))
    for n in range(len(series)):
        for t in range(lookback):
            for k in range(horizon):
                Y[n, t, k] = series[n, t + 1 + k, 0]
    return Y


class TestSeq2seqTargets:
    lookback, horizon = 8, 4
    expected = loop_targets(SEQUENCES, 8, 4)  # (6, 8, 4)

    def check(self, answer, **kwargs):
        arguments = {"series": SEQUENCES, "lookback": self.lookback, "horizon": self.horizon, **kwargs}
        return checks.check_seq2seq_targets(answer, **arguments)

    def test_right_answer_passes(self):
        assert self.check(self.expected).passed
        assert self.check(self.expected.tolist()).passed  # nested lists too

    def test_the_corrected_loop_of_the_source_passes(self):
        Y = np.empty((len(SEQUENCES), self.lookback, self.horizon))
        for step_ahead in range(1, self.horizon + 1):
            Y[:, :, step_ahead - 1] = SEQUENCES[:, step_ahead:step_ahead + self.lookback, 0]
        assert self.check(Y).passed

    def test_off_by_one_starts_at_the_current_input(self):
        wrong = np.stack([SEQUENCES[:, k:k + self.lookback, 0] for k in range(self.horizon)], axis=-1)
        assert "off by one" in hint_of(self.check(wrong))

    def test_two_steps_ahead(self):
        wrong = np.stack([SEQUENCES[:, k + 2:k + 2 + self.lookback, 0] for k in range(self.horizon)], axis=-1)
        assert "two steps ahead" in hint_of(self.check(wrong))

    def test_swapped_axes(self):
        fb = self.check(self.expected.transpose(0, 2, 1))
        assert "last two axes are swapped" in hint_of(fb)

    def test_feature_axis_left(self):
        assert "feature axis" in hint_of(self.check(self.expected[..., None]))

    def test_sequence_to_vector_target(self):
        assert "sequence-to-vector target" in hint_of(self.check(self.expected[:, -1]))

    def test_one_wrong_value_is_located(self):
        wrong = self.expected.copy()
        wrong[2, 3, 1] += 1.0
        fb = self.check(wrong)
        assert not fb.passed and "index (2, 3, 1)" in hint_of(fb)

    def test_integer_answer_is_flagged(self):
        series = np.arange(12.0).reshape(1, 12, 1)
        answer = loop_targets(series, 8, 4).astype(int)
        fb = checks.check_seq2seq_targets(answer, series, 8, 4)
        assert "integer dtype" in fb.message and "values themselves are right" in hint_of(fb)

    def test_square_case_accepts_either_layout(self):
        # Y[t, k] depends on t + k only, so with lookback == horizon the array is symmetric
        series = np.random.default_rng(8).normal(size=(2, 9, 1))
        right = loop_targets(series, 4, 4)
        assert checks.check_seq2seq_targets(right.transpose(0, 2, 1), series, 4, 4).passed

    def test_unanswered(self):
        fb = self.check(None)
        assert not fb.passed and not fb.answered

    @pytest.mark.parametrize("kwargs, error, match", [
        ({"series": SEQUENCES[:, :, 0]}, ValueError, r"`series` must have 3 dimensions. Received: series with shape \(6, 15\)"),
        ({"series": SEQUENCES[:, :11]}, ValueError,
         r"`series` must have at least lookback \+ horizon = 12 time steps. "
         r"Received: series with shape \(6, 11, 1\)"),
        ({"lookback": 8.0}, TypeError, r"`lookback` must be an integer. Received: lookback=8.0"),
        ({"horizon": 0}, ValueError, r"`horizon` must be >= 1. Received: horizon=0"),
    ])
    def test_bad_inputs(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            self.check(self.expected, **kwargs)
