"""Tests of rnnbook.checks.activations: tanh's saturation point, a stable sigmoid, the float32 limit, saturated states."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbook import checks, data, numpy_rnn


def first_hint(feedback):
    assert not feedback.passed, feedback
    assert feedback.hints, feedback
    return feedback.hints[0]


# ---------------------------------------------------------------------------
# check_tanh_threshold
# ---------------------------------------------------------------------------
class TestTanhThreshold:
    def test_right_answer_worked_by_hand_and_exactly(self):
        assert checks.check_tanh_threshold(1.818, 0.9487).passed
        t = math.sqrt(0.9)
        assert checks.check_tanh_threshold(math.atanh(t), t).passed
        # against the package's own derivative
        assert abs(float(numpy_rnn.tanh_grad(math.atanh(t))) - 0.1) < 1e-12
        assert checks.check_tanh_threshold(math.atanh(0.5), 0.5, slope=0.75).passed

    @pytest.mark.parametrize("x, hint", [
        (math.atanh(0.9), "You solved 1 - tanh(x) = 0.1"),
        (math.atanh(math.sqrt(0.1)), "You solved tanh(x)**2 = 0.1"),
        (2 * math.atanh(math.sqrt(0.9)), "the factor 1/2"),
        (math.atanh(math.sqrt(0.9)) / math.log(10), "natural logarithm"),
        (-math.atanh(math.sqrt(0.9)), "negative solution"),
        (math.acosh(10), "sech(x) = 0.1"),
        (math.atanh(0.1), "where tanh(x) = 0.1"),
        (2.5, "too large"),
    ])
    def test_wrong_x(self, x, hint):
        fb = checks.check_tanh_threshold(x, 0.9487)
        assert hint in first_hint(fb)
        assert fb.hints[0].startswith("`x`:")

    @pytest.mark.parametrize("tanh_x, hint", [
        (0.9, "You solved 1 - tanh(x) = 0.1"),
        (math.sqrt(0.1), "You solved tanh(x)**2"),
        (-0.9487, "positive for x > 0"),
        (0.1, "the slope itself"),
    ])
    def test_wrong_output(self, tanh_x, hint):
        fb = checks.check_tanh_threshold(1.818, tanh_x)
        assert hint in first_hint(fb) and fb.hints[0].startswith("`tanh(x)`:")

    def test_unanswered_and_half_answered(self):
        assert checks.check_tanh_threshold(None, None).status == "not answered"
        half = checks.check_tanh_threshold(1.818, None)
        assert half.answered and not half.passed and "`x` is right" in half.message

    def test_the_answer_is_never_shown(self):
        for fb in (checks.check_tanh_threshold(1.5, 0.5), checks.check_tanh_threshold(0.3, 0.9)):
            assert "1.818" not in str(fb) and "0.948" not in str(fb)

    def test_invalid_slope(self):
        with pytest.raises(ValueError, match=r"`slope` must be > 0\.0\. Received: slope=0\.0"):
            checks.check_tanh_threshold(1.0, 0.5, slope=0.0)
        with pytest.raises(ValueError, match=r"`slope` must be < 1 .*Received: slope=1\.0"):
            checks.check_tanh_threshold(1.0, 0.5, slope=1)
        with pytest.raises(TypeError, match=r"`slope` must be a real number\. Received: slope='a'"):
            checks.check_tanh_threshold(1.0, 0.5, slope="a")


# ---------------------------------------------------------------------------
# check_stable_sigmoid
# ---------------------------------------------------------------------------
def stable(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))


def direct(x):
    return 1 / (1 + np.exp(-x))


def where_both_branches(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def exp_form(x):
    return np.exp(x) / (1 + np.exp(x))


def exp_form_quiet(x):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(x) / (1 + np.exp(x))


def mirrored(x):
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, z / (1 + z), 1 / (1 + z))


def scalar_only(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


class TestStableSigmoid:
    def test_right_answers(self):
        from scipy.special import expit

        assert checks.check_stable_sigmoid(stable).passed
        assert checks.check_stable_sigmoid(expit).passed
        assert checks.check_stable_sigmoid(lambda x: 0.5 * (1 + np.tanh(x / 2))).passed

    @pytest.mark.parametrize("fn, hint", [
        (direct, "At x = -1000 your function computes `exp` of a large positive number"),
        (where_both_branches, "`np.where`, remember that it computes *both* branches"),
        (exp_form, "At x = 1000 your function computes `exp`"),
        (exp_form_quiet, "inf / inf = nan"),
        (mirrored, "the sigmoid mirrored"),
        (np.tanh, "That is tanh"),
        (scalar_only, "use NumPy functions"),
        (lambda x: 0.5, "keep the shape of x"),
        (lambda x: stable(x) + 1e-3 * (x > 5), "the first at x = 5"),
    ])
    def test_wrong_functions(self, fn, hint):
        assert hint in first_hint(checks.check_stable_sigmoid(fn))

    def test_not_a_function(self):
        assert checks.check_stable_sigmoid(None).status == "not answered"
        assert checks.check_stable_sigmoid(lambda x: None).status == "not answered"
        fb = checks.check_stable_sigmoid(stable(np.zeros(3)))
        assert not fb.passed and "give the function itself" in fb.message

    def test_invalid_limit(self):
        with pytest.raises(ValueError, match=r"`limit` must be >= 100\.0\. Received: limit=10\.0"):
            checks.check_stable_sigmoid(stable, limit=10)


# ---------------------------------------------------------------------------
# check_float32_limit
# ---------------------------------------------------------------------------
class TestFloat32Limit:
    def test_right_answer_is_the_textbook_formulas_limit(self):
        def textbook(x):
            return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))

        with np.errstate(over="ignore", invalid="ignore"):
            first = next(n for n in range(1, 200) if np.isnan(textbook(np.float32(n))))
        assert first == 89 and int(np.log(np.finfo(np.float32).max)) == 88
        assert checks.check_float32_limit(first, False).passed
        assert checks.check_float32_limit(89.0, "false").passed

    @pytest.mark.parametrize("answer, hint", [
        (88, "still fits in a float32"),
        (710, "That is the float64 limit"),
        (709, "near the float64 limit"),
        (45, "e^(2x) overflows"),
        (-89, "negative x"),
        (89.5, "not a whole number"),
        (120, "too large"),
    ])
    def test_wrong_limits(self, answer, hint):
        fb = checks.check_float32_limit(answer, False)
        assert hint in str(fb) and not fb.passed

    def test_the_stable_tanh_part(self):
        wrong = checks.check_float32_limit(89, True)
        assert not wrong.passed and "can that number overflow" in wrong.message
        half = checks.check_float32_limit(89, None)
        assert not half.passed and half.answered and "No answer yet" in half.message
        assert checks.check_float32_limit(None, None).status == "not answered"
        odd = checks.check_float32_limit(89, "maybe")
        assert not odd.passed and "write True or False" in odd.message


# ---------------------------------------------------------------------------
# check_saturated_fraction: the recurrence of chapter 2, W_h scaled by 3
# ---------------------------------------------------------------------------
SERIES = data.sine_mixture(1, 100, seed=0)  # (1, 100, 1), float32
PARAMS = numpy_rnn.init_params(n_features=1, n_hidden=16, seed=0)


def chapter_states(scale=3.0):
    """The chapter's own loop: every state of sample 0, (T, H)."""
    h, states = np.zeros((1, 16)), []
    for t in range(SERIES.shape[1]):
        h = numpy_rnn.tanh(SERIES[:, t] @ PARAMS["W_x"] + h @ (scale * PARAMS["W_h"]) + PARAMS["b"])
        states.append(h[0])
    return np.array(states)


class TestSaturatedFraction:
    def check(self, answer):
        return checks.check_saturated_fraction(answer, SERIES, PARAMS, scale=3)

    def test_right_answer_from_the_chapters_loop(self):
        states = chapter_states()
        right = np.mean(np.abs(states[10:]) > 0.95)
        assert 0.4 < right < 0.6
        assert self.check(right).passed

    @pytest.mark.parametrize("slip, hint", [
        (lambda s: np.mean(np.abs(s) > 0.95), "You counted every step"),
        (lambda s: np.mean(s[10:] > 0.95), "only positive values"),
        (lambda s: 100 * np.mean(np.abs(s[10:]) > 0.95), "a percentage"),
        (lambda s: np.sum(np.abs(s[10:]) > 0.95), "That is a count"),
        (lambda s: np.mean((1 - s[10:] ** 2) < 0.05), "the slope 1 - h**2"),
        (lambda s: np.mean(np.abs(s[11:]) > 0.95), "one step late"),
        (lambda s: np.mean(np.abs(s[9:]) > 0.95), "one step early"),
    ])
    def test_slips(self, slip, hint):
        assert hint in first_hint(self.check(slip(chapter_states())))

    def test_unscaled_weights(self):
        plain = chapter_states(scale=1.0)
        fb = checks.check_saturated_fraction(np.mean(np.abs(plain[10:]) > 0.95), SERIES, PARAMS,
                                             scale=3)
        assert "unscaled W_h" in first_hint(fb)

    def test_unanswered(self):
        assert self.check(None).status == "not answered"

    def test_invalid_input(self):
        with pytest.raises(ValueError, match=r"`start` must be < the number of steps T = 100\. "
                                             r"Received: start=100"):
            checks.check_saturated_fraction(0.5, SERIES, PARAMS, start=100)
        with pytest.raises(ValueError, match=r"`series` must have 3 dimensions"):
            checks.check_saturated_fraction(0.5, SERIES[0], PARAMS)
        with pytest.raises(ValueError, match=r"`threshold` must be <= 1\.0\. Received: threshold=1\.5"):
            checks.check_saturated_fraction(0.5, SERIES, PARAMS, threshold=1.5)
        with pytest.raises(ValueError, match=r"`params` must have exactly the keys"):
            checks.check_saturated_fraction(0.5, SERIES, {"W_x": PARAMS["W_x"]})
