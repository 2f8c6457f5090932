"""Tests of rnnbook.checks.forecasts: naive, multi-step naive and seasonal naive forecasts by hand.

Expected answers are built here with explicit loops, independently of the
package; every realistic slip must get its own hint, and no message may give
the answer away.
"""

import math

import numpy as np
import pytest

from rnnbook import checks, data

from .examples import WEEKLY, X, Y, all_hints, hint_of


# ---------------------------------------------------------------------------
# check_naive_mse
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# check_multistep_naive_mse
# ---------------------------------------------------------------------------


def loop_naive_mse(X, Y):
    """MSE of the last input repeated, summed with plain loops."""
    total, count = 0.0, 0
    for n in range(len(X)):
        for k in range(Y.shape[1]):
            total += (Y[n, k] - X[n, -1, 0]) ** 2
            count += 1
    return total / count


class TestMultistepNaiveMSE:
    expected = loop_naive_mse(X, Y)

    def test_right_answer_passes(self):
        fb = checks.check_multistep_naive_mse(self.expected, X, Y)
        assert fb.passed and "Correct" in fb.message

    def test_numpy_scalar_and_float32_rounding_pass(self):
        assert checks.check_multistep_naive_mse(np.float32(self.expected), X, Y).passed

    @pytest.mark.parametrize("wrong, words", [
        (np.mean((Y - Y[:, -1:]) ** 2), "last *target* value"),
        (np.mean((Y - Y[:, :1]) ** 2), "first target value"),
        (np.mean((Y[:, 0] - X[:, -1, 0]) ** 2), "only the first step"),
        (np.mean((Y[:, -1] - X[:, -1, 0]) ** 2), "only the last step"),
        (math.sqrt(loop_naive_mse(X, Y)), "root mean squared error"),
        (np.mean(np.abs(Y - X[:, -1])), "mean absolute error"),
        (np.sum((Y - X[:, -1]) ** 2), "sum of the squared errors"),
        (np.mean(np.sum((Y - X[:, -1]) ** 2, axis=1)), "summed the squared errors over the steps"),
        (np.mean((Y - X[:, -2]) ** 2), "second-to-last input"),
    ])
    def test_realistic_slips_get_their_hint(self, wrong, words):
        fb = checks.check_multistep_naive_mse(float(wrong), X, Y)
        assert words in hint_of(fb)
        assert f"{self.expected:.4f}" not in str(fb)  # the answer is never shown

    def test_other_wrong_answer_says_direction(self):
        assert hint_of(checks.check_multistep_naive_mse(10 * self.expected, X, Y)) == "Your answer is too large."

    def test_array_answer_asks_for_the_mean(self):
        fb = checks.check_multistep_naive_mse((Y - X[:, -1]) ** 2, X, Y)
        assert not fb.passed and "did you forget to take the mean" in fb.message

    def test_unanswered(self):
        fb = checks.check_multistep_naive_mse(None, X, Y)
        assert not fb.passed and not fb.answered

    def test_the_benchmark_figures(self):
        bench = data.benchmark_data(10)
        right = checks.check_multistep_naive_mse(0.25697, bench.X_valid, bench.y_valid)
        assert right.passed
        leaky = checks.check_multistep_naive_mse(0.2228, bench.X_valid, bench.y_valid)
        assert "0.223 once published" in hint_of(leaky)

    @pytest.mark.parametrize("kwargs, error, match", [
        ({"X": X[:, :, 0]}, ValueError, r"`X` must have 3 dimensions. Received: X with shape \(6, 10\)"),
        ({"Y": Y[:, :, None]}, ValueError, r"`Y` must have 2 dimensions. Received: Y with shape \(6, 5, 1\)"),
        ({"Y": Y[:3]}, ValueError, r"`X` and `Y` must have the same number of windows. "
                                   r"Received: X with shape \(6, 10, 1\) and Y with shape \(3, 5\)"),
        ({"X": "windows"}, TypeError, r"`X` must be array-like of numbers. Received: X='windows'"),
    ])
    def test_bad_inputs(self, kwargs, error, match):
        arguments = {"X": X, "Y": Y, **kwargs}
        with pytest.raises(error, match=match):
            checks.check_multistep_naive_mse(0.1, arguments["X"], arguments["Y"])


# ---------------------------------------------------------------------------
# check_seasonal_naive_indices
# ---------------------------------------------------------------------------


def positions_by_stepping_back(lookback, period, horizon):
    """For each step, start at the forecast week and go back one season until inside the window."""
    out = []
    for k in range(1, horizon + 1):
        position = lookback - 1 + k
        while position >= lookback:
            position -= period
        out.append(position)
    return np.array(out)


class TestSeasonalNaiveIndices:
    @pytest.mark.parametrize("lookback, period, horizon", [(60, 52, 60), (52, 52, 1), (12, 4, 9),
                                                           (5, 1, 3)])
    def test_right_answer_passes_and_matches_the_forecast(self, lookback, period, horizon):
        expected = positions_by_stepping_back(lookback, period, horizon)
        fb = checks.check_seasonal_naive_indices(expected, lookback=lookback, period=period,
                                                 horizon=horizon)
        assert fb.passed
        X = np.arange(float(lookback)).reshape(1, lookback, 1)  # value = position
        from rnnbook.forecast import seasonal_naive_forecast

        np.testing.assert_array_equal(seasonal_naive_forecast(X, horizon, period)[0], expected)

    def test_list_and_negative_positions_pass(self):
        expected = positions_by_stepping_back(60, 52, 60)
        assert checks.check_seasonal_naive_indices(list(expected), lookback=60, period=52,
                                                   horizon=60).passed
        fb = checks.check_seasonal_naive_indices(expected - 60, lookback=60, period=52, horizon=60)
        assert fb.passed and "negative indices" in all_hints(fb)

    def test_not_answered(self):
        fb = checks.check_seasonal_naive_indices(None, lookback=60, period=52, horizon=60)
        assert not fb.answered

    @pytest.mark.parametrize("shift, words", [(1, "1-based"), (-1, "one week too early")])
    def test_off_by_one(self, shift, words):
        wrong = positions_by_stepping_back(60, 52, 60) + shift
        fb = checks.check_seasonal_naive_indices(wrong, lookback=60, period=52, horizon=60)
        assert not fb.passed and words in all_hints(fb)

    def test_no_wrap_around(self):
        wrong = 59 + np.arange(1, 61) - 52  # runs past the window for k > 52
        fb = checks.check_seasonal_naive_indices(wrong, lookback=60, period=52, horizon=60)
        assert not fb.passed and "two (or more) seasons" in all_hints(fb)

    def test_naive_positions(self):
        fb = checks.check_seasonal_naive_indices(np.full(60, 59), lookback=60, period=52,
                                                 horizon=60)
        assert not fb.passed and "naive forecast" in all_hints(fb)

    def test_wrong_length(self):
        fb = checks.check_seasonal_naive_indices(positions_by_stepping_back(60, 52, 52),
                                                 lookback=60, period=52, horizon=60)
        assert not fb.passed and "shape (52,)" in fb.message

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`period` must be <= `lookback` \(40\).*period=52"):
            checks.check_seasonal_naive_indices(None, lookback=40, period=52, horizon=5)
        with pytest.raises(ValueError, match="`horizon` must be >= 1. Received: horizon=0"):
            checks.check_seasonal_naive_indices(None, lookback=60, period=52, horizon=0)
        with pytest.raises(TypeError, match="`lookback` must be an integer. Received: lookback=60.0"):
            checks.check_seasonal_naive_indices(None, lookback=60.0, period=52, horizon=5)


# ---------------------------------------------------------------------------
# check_seasonal_naive_mse
# ---------------------------------------------------------------------------


LOOKBACK, PERIOD = 16, 12
X_W, Y_W = data.make_windows(WEEKLY, LOOKBACK)  # (N, 16, 1), (N, 1)


def loop_seasonal_mse(X, y, period):
    """The seasonal naive MSE of one-step windows with an explicit loop."""
    total = 0.0
    for window, target in zip(X[:, :, 0], y[:, 0]):
        total += (target - window[len(window) - period]) ** 2
    return total / len(X)


class TestSeasonalNaiveMse:
    def test_right_answer_passes(self):
        answer = loop_seasonal_mse(X_W, Y_W, PERIOD)
        assert checks.check_seasonal_naive_mse(answer, X_W, Y_W, period=PERIOD).passed
        assert checks.check_seasonal_naive_mse(np.float32(answer), X_W, Y_W[:, 0],
                                               period=PERIOD).passed

    def test_multi_step_targets(self):
        X, Y = data.make_windows(WEEKLY, LOOKBACK, horizon=3)
        errors = [(Y[i, k] - X[i, LOOKBACK - PERIOD + k, 0]) ** 2
                  for i in range(len(X)) for k in range(3)]
        assert checks.check_seasonal_naive_mse(float(np.mean(errors)), X, Y, period=PERIOD).passed

    def test_not_answered(self):
        assert not checks.check_seasonal_naive_mse(None, X_W, Y_W, period=PERIOD).answered

    @pytest.mark.parametrize("wrong, words", [
        (lambda: math.sqrt(loop_seasonal_mse(X_W, Y_W, PERIOD)), "RMSE"),
        (lambda: float(np.mean(np.abs(Y_W[:, 0] - X_W[:, LOOKBACK - PERIOD, 0]))),
         "mean absolute error"),
        (lambda: float(np.sum((Y_W[:, 0] - X_W[:, LOOKBACK - PERIOD, 0]) ** 2)),
         "sum of the squared errors"),
        (lambda: float(np.mean((Y_W[:, 0] - X_W[:, -1, 0]) ** 2)), "naive forecast"),
        (lambda: loop_seasonal_mse(X_W, Y_W, PERIOD - 1), "one step too short"),
        (lambda: loop_seasonal_mse(X_W, Y_W, PERIOD + 1), "one step too long"),
        (lambda: float(np.mean((Y_W[:, 0] - X_W[:, 0, 0]) ** 2)), "first value of each window"),
        (lambda: float(np.mean((Y_W - X_W[:, LOOKBACK - PERIOD, 0]) ** 2)), "(N, N)"),
    ], ids=["rmse", "mae", "sum", "naive", "short", "long", "first", "broadcast"])
    def test_realistic_wrong_answers(self, wrong, words):
        fb = checks.check_seasonal_naive_mse(wrong(), X_W, Y_W, period=PERIOD)
        assert not fb.passed and words in all_hints(fb)

    def test_window_of_exactly_one_season(self):
        X, y = data.make_windows(WEEKLY, PERIOD)  # the first value is the seasonal one here
        right = float(np.mean((y[:, 0] - X[:, 0, 0]) ** 2))
        assert checks.check_seasonal_naive_mse(right, X, y, period=PERIOD).passed

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`period` must be <= the window length T=16. "
                                             r"Received: period=20"):
            checks.check_seasonal_naive_mse(1.0, X_W, Y_W, period=20)
        with pytest.raises(ValueError, match="`X` must have 3 dimensions"):
            checks.check_seasonal_naive_mse(1.0, X_W[:, :, 0], Y_W, period=PERIOD)
        with pytest.raises(ValueError, match="`X` and `y` must have the same number of windows"):
            checks.check_seasonal_naive_mse(1.0, X_W, Y_W[:-1], period=PERIOD)
        with pytest.raises(TypeError, match="`period` must be an integer"):
            checks.check_seasonal_naive_mse(1.0, X_W, Y_W, period="12")
