"""Tests of rnnbook.checks: right answers pass, realistic wrong answers get the specific hint.

The expected answers here are built independently of the package (explicit
loops over windows, brute-force counts, hand-written MSE), and every message a
student can see is asserted, including that it never contains the answer.
"""

import math
import re

import numpy as np
import pytest

from rnnbook import checks
from rnnbook.checks import Feedback, Mistake


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


# ---------------------------------------------------------------------------
# Feedback and the core helpers
# ---------------------------------------------------------------------------
class TestFeedback:
    def test_text_html_markdown_and_bool(self):
        fb = Feedback("count", False, "3 is not the count.", ("Use `len`.",))
        assert not fb and fb.status == "try again"
        assert str(fb) == "[try again] count: 3 is not the count.\n  hint: Use `len`."
        assert repr(fb) == str(fb)
        assert "<code>len</code>" in fb._repr_html_() and "#cf222e" in fb._repr_html_()
        assert fb._repr_markdown_() == "❌ **count** (try again): 3 is not the count.\n\n- *Hint:* Use `len`."

    def test_passed_shows_notes(self):
        fb = Feedback("count", True, "Correct.", ("float32 is fine.",))
        assert fb and fb.status == "correct"
        assert "note: float32 is fine." in str(fb)
        assert "<em>Note:</em>" in fb._repr_html_()

    def test_html_is_escaped(self):
        fb = Feedback("a<b", False, "x & y")
        assert "a&lt;b" in fb._repr_html_() and "x &amp; y" in fb._repr_html_()

    def test_not_answered(self):
        fb = checks.not_answered("count")
        assert not fb.passed and not fb.answered and fb.status == "not answered"
        assert "No answer yet" in str(fb)

    def test_combine(self):
        good = Feedback("a", True, "Correct.")
        bad = Feedback("b", False, "Wrong shape.", ("Add an axis.",))
        fb = checks.combine("windows", {"X": good, "y": bad})
        assert not fb.passed
        assert fb.message == "`X` is right. `y`: Wrong shape."
        assert fb.hints == ("`y`: Add an axis.",)
        assert checks.combine("w", {"X": good, "y": good}).message == "Correct: `X` and `y` are right."
        both_missing = checks.combine("w", {"X": checks.not_answered("X"), "y": checks.not_answered("y")})
        assert both_missing.status == "not answered"

    def test_combine_needs_parts(self):
        with pytest.raises(ValueError, match=r"`parts` must hold at least one Feedback"):
            checks.combine("w", {})


class TestCompareNumber:
    def test_right_within_tolerance(self):
        assert checks.compare_number(0.1 + 1e-9, 0.1, exercise="x").passed
        assert checks.compare_number(np.float32(0.25), 0.25, exercise="x").passed
        assert checks.compare_number(np.array([[7]]), 7, exercise="x", integer=True).passed

    def test_known_mistake_gives_its_hint(self):
        fb = checks.compare_number(0.5, 0.25, exercise="MSE", mistakes=[Mistake(0.5, "RMSE!")])
        assert fb.hints == ("RMSE!",)

    def test_mistake_equal_to_answer_is_ignored(self):
        fb = checks.compare_number(3, 3, exercise="x", mistakes=[Mistake(3, "never shown")])
        assert fb.passed and fb.hints == ()

    @pytest.mark.parametrize(
        "answer, message",
        [
            ("12", r"string '12'; give a number, not text"),
            (True, r"is a bool; give a number"),
            (np.ones(3), r"array of shape \(3,\); give a single number"),
            ({"a": 1}, r"\(a dict\) is not a number"),
            (math.nan, r"Your answer is nan; a finite number is expected"),
        ],
    )
    def test_not_a_number(self, answer, message):
        fb = checks.compare_number(answer, 1.0, exercise="x")
        assert not fb.passed
        assert re.search(message, fb.message)

    def test_direction_and_off_by_one(self):
        assert checks.compare_number(2.0, 1.0, exercise="x").hints == ("Your answer is too large.",)
        assert checks.compare_number(0.5, 1.0, exercise="x").hints == ("Your answer is too small.",)
        hint = checks.compare_number(11, 10, exercise="x", integer=True).hints[0]
        assert hint.startswith("You are off by one")

    def test_whole_number_required(self):
        fb = checks.compare_number(4.5, 4, exercise="count", integer=True)
        assert fb.message == "4.5 is not a whole number, and a count must be one."
        assert "`//` rounds down" in fb.hints[0]


class TestCompareArray:
    def setup_method(self):
        self.expected = np.arange(24.0).reshape(4, 3, 2)

    def test_right(self):
        fb = checks.compare_array(self.expected.tolist(), self.expected, exercise="A", axes=("N", "T", "F"))
        assert fb.passed and fb.message == "Correct: the shape and the values are right."

    def test_float64_against_float32_passes_with_note(self):
        fb = checks.compare_array(self.expected, self.expected.astype(np.float32), exercise="A")
        assert fb.passed and "Keras and PyTorch compute in float32" in fb.hints[0]

    def test_integer_dtype(self):
        fb = checks.compare_array(self.expected.astype(int), self.expected, exercise="A")
        assert not fb.passed
        assert "integer dtype int64" in fb.message
        assert "(the values themselves are right)" in fb.hints[0]
        assert checks.compare_array(self.expected.astype(int), self.expected, exercise="A", check_dtype=False).passed

    def test_swapped_axes(self):
        fb = checks.compare_array(self.expected.transpose(1, 0, 2), self.expected, exercise="A", axes=("N", "T", "F"))
        assert fb.message == "Your array has shape (3, 4, 2), which is not the expected shape for A."
        assert fb.hints == (
            "Your axes are in the wrong order: your array is laid out as (T, N, F), the expected "
            "layout is (N, T, F). `np.transpose(a, (1, 0, 2))` reorders them.",
        )

    def test_transposed_matrix(self):
        m = np.arange(6.0).reshape(2, 3)
        assert checks.compare_array(m.T, m, exercise="W").hints == (
            "Your array is transposed: its rows and columns are swapped; try `.T`.",
        )

    def test_missing_and_extra_feature_axis(self):
        X = np.arange(6.0).reshape(2, 3, 1)
        missing = checks.compare_array(X[..., 0], X, exercise="X", axes=("N", "T", "F"))
        assert missing.hints[0].startswith("Your array has no last axis of size 1")
        assert missing.hints[0].endswith("(the values themselves are right).")
        extra = checks.compare_array(X[..., None], X, exercise="X", axes=("N", "T", "F"))
        assert extra.hints[0].startswith("Your array has an extra last axis of size 1")

    def test_off_by_one_and_other_lengths(self):
        fb = checks.compare_array(self.expected[:-1], self.expected, exercise="A", axes=("N", "T", "F"))
        assert fb.hints == ("Along N you have one item too few (3): an off-by-one error, often in the end of a `range`.",)
        fb = checks.compare_array(np.zeros((4, 7, 2)), self.expected, exercise="A", axes=("N", "T", "F"))
        assert fb.hints == ("Along T your array has length 7; the length should be 3.",)
        fb = checks.compare_array(np.zeros(5), self.expected, exercise="A", axes=("N", "T", "F"))
        assert fb.hints == ("Your array has 1 dimension(s) (5,); 3 are expected, laid out as (N, T, F).",)

    def test_values_shifted_by_one_step(self):
        series = np.arange(10.0) ** 2
        expected = series[:-1]
        late = series[1:]
        fb = checks.compare_array(late, expected, exercise="y", axes=("N",))
        assert fb.hints == (
            "Your values are shifted by one position along N: each entry holds what belongs one "
            "position later (you start one step too late).",
        )
        early = np.concatenate([[0.0], series[:-2]])
        assert "one step too early" in checks.compare_array(early, expected, exercise="y").hints[0]

    def test_some_values_wrong(self):
        wrong = self.expected.copy()
        wrong[2, 1, 0] = -1
        fb = checks.compare_array(wrong, self.expected, exercise="A")
        assert fb.message == "The shape is right but some values are wrong."
        assert fb.hints == ("1 of 24 entries differ; the first one is at index (2, 1, 0).",)

    @pytest.mark.parametrize(
        "answer, message",
        [
            ("abc", r"Your answer is a str; give an array of numbers"),
            ([[1, 2], [3]], r"cannot be turned into an array: are all rows the same length\?"),
            (np.array(["a", "b"]), r"dtype <U1; an array of numbers is expected"),
            (np.array([1.0, None], dtype=object), r"array of Python objects, not numbers"),
        ],
    )
    def test_not_an_array(self, answer, message):
        fb = checks.compare_array(answer, np.zeros(2), exercise="A")
        assert not fb.passed and re.search(message, fb.message)

    def test_nan(self):
        fb = checks.compare_array(np.array([1.0, np.nan]), np.zeros(2), exercise="A")
        assert fb.message == "Your array holds 1 NaN or infinite value(s)."

    def test_torch_tensor_is_accepted(self):
        torch = pytest.importorskip("torch")
        expected = np.arange(4.0).reshape(2, 2)
        assert checks.compare_array(torch.tensor(expected, requires_grad=True), expected, exercise="A").passed


# ---------------------------------------------------------------------------
# Chapter 1 checkers
# ---------------------------------------------------------------------------
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


class TestNaiveMSE:
    def setup_method(self):
        rng = np.random.default_rng(3)
        self.X = rng.normal(size=(64, 12, 1)).astype(np.float32)
        self.y = rng.normal(size=(64, 1)).astype(np.float32)
        last = self.X[:, -1, :].astype(np.float64)
        self.errors = self.y - last
        self.right = sum(float(e) ** 2 for e in self.errors.ravel()) / self.errors.size

    def test_right(self):
        assert checks.check_naive_mse(self.right, self.X, self.y).passed
        assert checks.check_naive_mse(np.float32(self.right), self.X, self.y[:, 0]).passed

    def test_multi_step(self):
        Y = np.random.default_rng(4).normal(size=(64, 3))
        right = np.mean((Y - self.X[:, -1, :]) ** 2)
        assert checks.check_naive_mse(right, self.X, Y).passed

    @pytest.mark.parametrize(
        "make, hint",
        [
            (lambda s: math.sqrt(s.right), "root mean squared error (RMSE)"),
            (lambda s: np.mean(np.abs(s.errors)), "mean absolute error"),
            (lambda s: np.sum(s.errors**2), "sum of the squared errors"),
            (lambda s: np.mean(s.errors), "This is the mean error"),
            (lambda s: np.mean((s.y - s.X[:, 0]) ** 2), "first value of each window"),
            (lambda s: np.mean((s.y - s.X[:, -2]) ** 2), "second-to-last value"),
            (lambda s: np.mean((s.y - s.X.mean(axis=1)) ** 2), "mean of the window"),
            (lambda s: np.mean((s.y - s.X[:, -1, 0]) ** 2), "broadcast an (N, 1) array against an (N,) array"),
        ],
    )
    def test_realistic_mistakes(self, make, hint):
        fb = checks.check_naive_mse(make(self), self.X, self.y)
        assert not fb.passed and len(fb.hints) == 1 and hint in fb.hints[0]
        assert f"{self.right:.6g}" not in str(fb)

    def test_array_instead_of_mean(self):
        fb = checks.check_naive_mse(self.errors**2, self.X, self.y)
        assert "did you forget to take the mean?" in fb.message

    @pytest.mark.parametrize(
        "X, y, message",
        [
            (np.zeros((4, 3)), np.zeros((4, 1)), r"`X` must have 3 dimensions"),
            (np.zeros((4, 3, 1)), np.zeros((5, 1)), r"`X` and `y` must have the same number of windows\. Received: X with shape \(4, 3, 1\) and y with shape \(5, 1\)"),
            (np.zeros((4, 3, 1)), np.zeros((4, 1, 1)), r"`y` must have 1 or 2 dimensions"),
        ],
    )
    def test_invalid(self, X, y, message):
        with pytest.raises(ValueError, match=message):
            checks.check_naive_mse(0.1, X, y)


class TestParamCounts:
    def test_linear(self):
        assert checks.check_linear_param_count(51, lookback=50).passed
        assert checks.check_linear_param_count(2 * 3 * 4 + 4, lookback=2, n_features=3, horizon=4).passed
        assert "You forgot the biases" in checks.check_linear_param_count(50, lookback=50).hints[0]
        assert "one bias per output" in checks.check_linear_param_count(501, lookback=50, horizon=10).hints[0]
        assert "single output" in checks.check_linear_param_count(51, lookback=50, horizon=10).hints[0]
        assert "left out the features" in checks.check_linear_param_count(
            2 * 4 + 4, lookback=2, n_features=3, horizon=4).hints[0]

    def test_rnn_against_a_manual_count(self):
        F, H = 2, 4
        shapes = {"W_x": (F, H), "W_h": (H, H), "b": (H,)}
        total = sum(math.prod(s) for s in shapes.values())
        assert total == 28
        assert checks.check_rnn_param_count(total, n_features=F, n_hidden=H).passed
        assert checks.check_rnn_param_count(total + H, n_features=F, n_hidden=H, framework="torch").passed

    def test_rnn_against_torch(self):
        torch = pytest.importorskip("torch")
        layer = torch.nn.RNN(3, 5, batch_first=True)
        n = sum(p.numel() for p in layer.parameters())
        assert checks.check_rnn_param_count(n, n_features=3, n_hidden=5, framework="torch").passed
        assert "PyTorch's count" in checks.check_rnn_param_count(n, n_features=3, n_hidden=5).hints[0]

    @pytest.mark.parametrize(
        "answer, hint",
        [(12, "forgot the recurrent weights `W_h`"), (24, "forgot the bias vector"), (20, "H x H")],
    )
    def test_rnn_mistakes(self, answer, hint):
        assert hint in checks.check_rnn_param_count(answer, n_features=2, n_hidden=4).hints[0]

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`framework` must be one of 'keras', 'numpy', 'torch'\. Received: framework='jax'"):
            checks.check_rnn_param_count(1, n_features=1, n_hidden=1, framework="jax")
        with pytest.raises(ValueError, match=r"`n_hidden` must be >= 1\. Received: n_hidden=0"):
            checks.check_rnn_param_count(1, n_features=1, n_hidden=0)
        with pytest.raises(ValueError, match=r"`horizon` must be >= 1"):
            checks.check_linear_param_count(1, lookback=1, horizon=0)


def test_importing_checks_loads_no_framework():
    import subprocess
    import sys

    code = "import sys, rnnbook.checks; print('tensorflow' in sys.modules or 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
