"""The chapter 9 checkers: the multi-step naive MSE and sequence-to-sequence targets.

Expected answers are built here with explicit loops, independently of the
package; every realistic slip must get its own hint, and no message may give
the answer away.
"""

import math

import numpy as np
import pytest

from rnnbook import checks, data

RNG = np.random.default_rng(7)
SERIES = RNG.normal(size=(6, 15, 1))  # 6 series of 15 steps, no repeated values
X = SERIES[:, :10]  # (6, 10, 1) inputs
Y = SERIES[:, 10:15, 0]  # (6, 5) targets: the next 5 values


def loop_naive_mse(X, Y):
    """MSE of the last input repeated, summed with plain loops."""
    total, count = 0.0, 0
    for n in range(len(X)):
        for k in range(Y.shape[1]):
            total += (Y[n, k] - X[n, -1, 0]) ** 2
            count += 1
    return total / count


def loop_targets(series, n_steps, horizon):
    """Y[n, t, k] = series[n, t + 1 + k, 0], one entry at a time."""
    Y = np.empty((len(series), n_steps, horizon))
    for n in range(len(series)):
        for t in range(n_steps):
            for k in range(horizon):
                Y[n, t, k] = series[n, t + 1 + k, 0]
    return Y


def hint_of(feedback):
    assert not feedback.passed
    assert feedback.hints, feedback
    return feedback.hints[0]


# ---------------------------------------------------------------------------
# check_multistep_naive_mse
# ---------------------------------------------------------------------------
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
# check_seq2seq_targets
# ---------------------------------------------------------------------------
class TestSeq2seqTargets:
    n_steps, horizon = 8, 4
    expected = loop_targets(SERIES, 8, 4)  # (6, 8, 4)

    def check(self, answer, **kwargs):
        arguments = {"series": SERIES, "n_steps": self.n_steps, "horizon": self.horizon, **kwargs}
        return checks.check_seq2seq_targets(answer, **arguments)

    def test_right_answer_passes(self):
        assert self.check(self.expected).passed
        assert self.check(self.expected.tolist()).passed  # nested lists too

    def test_the_corrected_loop_of_the_source_passes(self):
        Y = np.empty((len(SERIES), self.n_steps, self.horizon))
        for step_ahead in range(1, self.horizon + 1):
            Y[:, :, step_ahead - 1] = SERIES[:, step_ahead:step_ahead + self.n_steps, 0]
        assert self.check(Y).passed

    def test_off_by_one_starts_at_the_current_input(self):
        wrong = np.stack([SERIES[:, k:k + self.n_steps, 0] for k in range(self.horizon)], axis=-1)
        assert "off by one" in hint_of(self.check(wrong))

    def test_two_steps_ahead(self):
        wrong = np.stack([SERIES[:, k + 2:k + 2 + self.n_steps, 0] for k in range(self.horizon)], axis=-1)
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
        # Y[t, k] depends on t + k only, so with n_steps == horizon the array is symmetric
        series = RNG.normal(size=(2, 9, 1))
        right = loop_targets(series, 4, 4)
        assert checks.check_seq2seq_targets(right.transpose(0, 2, 1), series, 4, 4).passed

    def test_unanswered(self):
        fb = self.check(None)
        assert not fb.passed and not fb.answered

    @pytest.mark.parametrize("kwargs, error, match", [
        ({"series": SERIES[:, :, 0]}, ValueError, r"`series` must have 3 dimensions. Received: series with shape \(6, 15\)"),
        ({"series": SERIES[:, :11]}, ValueError,
         r"`series` must have at least n_steps \+ horizon = 12 time steps. "
         r"Received: series with shape \(6, 11, 1\)"),
        ({"n_steps": 8.0}, TypeError, r"`n_steps` must be an integer. Received: n_steps=8.0"),
        ({"horizon": 0}, ValueError, r"`horizon` must be >= 1. Received: horizon=0"),
    ])
    def test_bad_inputs(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            self.check(self.expected, **kwargs)


# ---------------------------------------------------------------------------
# Whatever the answer, a checker answers with feedback, never a traceback
# ---------------------------------------------------------------------------
ABSURD_ANSWERS = [None, "abc", [[1.0, 2.0], [3.0]], math.nan, math.inf, -1, True, object(),
                  np.zeros((0, 3)), {"a": 1}, np.full((6, 8, 4), np.nan)]


@pytest.mark.parametrize("answer", ABSURD_ANSWERS, ids=lambda a: type(a).__name__)
@pytest.mark.parametrize("checker", ["naive", "targets"])
def test_checkers_give_feedback_on_any_answer(checker, answer):
    if checker == "naive":
        feedback = checks.check_multistep_naive_mse(answer, X, Y)
    else:
        feedback = checks.check_seq2seq_targets(answer, SERIES, 8, 4)
    assert isinstance(feedback, checks.Feedback)
    assert not feedback.passed
    assert feedback.message.strip()
    assert feedback.answered == (answer is not None)
