"""Tests of rnnbook.checks.keras_answers: stacked parameter counts, optimiser steps, lag weights."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rnnbook.checks.keras_answers import (
    check_lag_weights,
    check_stacked_param_count,
    check_step_count,
)


def hint_of(feedback):
    """The first hint of a failed answer."""
    assert not feedback.passed, feedback
    assert feedback.hints, feedback
    return feedback.hints[0]


class TestStackedParamCount:
    def test_right_answer_matches_keras(self):
        keras = pytest.importorskip("keras")
        model = keras.Sequential([
            keras.Input(shape=(None, 3)),
            keras.layers.SimpleRNN(20, return_sequences=True),
            keras.layers.SimpleRNN(7),
        ])
        upper = model.layers[-1].count_params()
        assert check_stacked_param_count(upper, n_below=20, n_hidden=7, n_features=3).passed
        assert check_stacked_param_count(820, n_below=20, n_hidden=20).passed

    @pytest.mark.parametrize(
        "answer, hint",
        [
            (440, "reads the lower layer's hidden state, 20 numbers"),  # read F = 1
            (440 + 820, "counts both layers"),
            (800, "forgot the bias vector"),  # from check_rnn_param_count
            (420, "forgot the recurrent weights `W_h`"),
            (840, "PyTorch's count"),
        ],
    )
    def test_mistakes(self, answer, hint):
        assert hint in hint_of(check_stacked_param_count(answer, n_below=20, n_hidden=20))

    def test_lower_layer_count(self):
        # SimpleRNN(5) on 3 features below a SimpleRNN(4): the lower layer has 45
        fb = check_stacked_param_count(45, n_below=5, n_hidden=4, n_features=3)
        assert "the lower layer's count" in hint_of(fb)

    def test_reading_the_features_is_right_when_they_match(self):
        # n_features == n_below: the "read the series" count is the right one
        assert check_stacked_param_count(820, n_below=20, n_hidden=20, n_features=20).passed

    def test_not_answered_and_not_a_number(self):
        fb = check_stacked_param_count(None, n_below=20, n_hidden=20)
        assert not fb.passed and not fb.answered
        assert "string" in check_stacked_param_count("820", n_below=20, n_hidden=20).message

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`n_below` must be >= 1\. Received: n_below=0"):
            check_stacked_param_count(1, n_below=0, n_hidden=1)
        with pytest.raises(TypeError, match=r"`n_hidden` must be an integer\. Received: n_hidden=2\.5"):
            check_stacked_param_count(1, n_below=1, n_hidden=2.5)


class TestStepCount:
    def test_right_answers(self):
        for B, steps in [(32, 1095), (128, 275), (512, 70)]:
            assert check_step_count(steps, n_windows=7000, batch_size=B, epochs=5).passed
        assert check_step_count(10, n_windows=1000, batch_size=100).passed

    def test_right_answer_matches_keras(self):
        keras = pytest.importorskip("keras")
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.zeros((70, 2)), np.zeros((70, 1)), batch_size=32, epochs=3, verbose=0)
        steps = int(model.optimizer.iterations.numpy())
        assert check_step_count(steps, n_windows=70, batch_size=32, epochs=3).passed

    @pytest.mark.parametrize(
        "answer, hint",
        [
            (65, "dropped the last, smaller batch"),
            (14, "That is one epoch"),
            (35000, "counts windows, not steps"),
            (7000, "windows of one epoch"),
        ],
    )
    def test_mistakes(self, answer, hint):
        assert hint in hint_of(check_step_count(answer, n_windows=7000, batch_size=512, epochs=5))

    def test_no_leftover_batch(self):
        fb = check_step_count(33, n_windows=1024, batch_size=32, epochs=1)
        assert "divide evenly" in hint_of(fb)

    def test_fraction_and_rounding(self):
        fb = check_step_count(7000 / 512 * 5, n_windows=7000, batch_size=512, epochs=5)
        assert "whole number" in fb.message
        assert "rounded" in hint_of(fb)

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`batch_size` must be >= 1\. Received: batch_size=0"):
            check_step_count(1, n_windows=10, batch_size=0)
        with pytest.raises(TypeError, match=r"`epochs` must be an integer\. Received: epochs='5'"):
            check_step_count(1, n_windows=10, batch_size=2, epochs="5")


OMEGA = 0.7
WAVE = np.sin(OMEGA * np.arange(50))  # (50,): x_t = 2 cos(w) x_(t-1) - x_(t-2)
IDENTITY = np.array([-1.0, 2 * math.cos(OMEGA)])


class TestLagWeights:
    def test_sine_identity(self):
        assert check_lag_weights(IDENTITY, WAVE, lookback=2).passed
        assert check_lag_weights(IDENTITY.astype(np.float32), WAVE[:, None], lookback=2).passed

    def test_matches_sklearn(self):
        linear_model = pytest.importorskip("sklearn.linear_model")
        from rnnbook import data

        series = np.random.default_rng(0).normal(size=80).cumsum()
        X, y = data.make_windows(series, lookback=3)
        reg = linear_model.LinearRegression().fit(X[:, :, 0], y[:, 0])
        assert check_lag_weights(reg.coef_, series, lookback=3).passed
        # three lags of a sinusoid are dependent: the smallest-norm fit, as sklearn's
        X, y = data.make_windows(WAVE, lookback=3)
        reg = linear_model.LinearRegression().fit(X[:, :, 0], y[:, 0])
        assert check_lag_weights(reg.coef_, WAVE, lookback=3).passed

    def test_reversed(self):
        assert "reverse order" in hint_of(check_lag_weights(IDENTITY[::-1], WAVE, lookback=2))

    def test_with_intercept(self):
        for answer in (np.r_[IDENTITY, 0.0], np.r_[0.0, IDENTITY]):
            assert "intercept" in hint_of(check_lag_weights(answer, WAVE, lookback=2))

    def test_wrong_values_and_shape(self):
        fb = check_lag_weights([-1.0, 1.0], WAVE, lookback=2)
        assert "some values are wrong" in fb.message
        fb = check_lag_weights([1.0, 2.0, 3.0], WAVE, lookback=2)
        assert "shape (3,)" in fb.message
        assert not check_lag_weights(None, WAVE, lookback=2).answered

    def test_invalid(self):
        with pytest.raises(ValueError, match=r"`series` must be univariate"):
            check_lag_weights([1.0], np.zeros((10, 2)), lookback=1)
        with pytest.raises(ValueError, match=r"`lookback` must be >= 1\. Received: lookback=0"):
            check_lag_weights([1.0], WAVE, lookback=0)


ABSURD = [None, "abc", [[1.0, 2.0], [3.0]], math.nan, math.inf, -1, True, object(),
          np.zeros((0, 3)), {"a": 1}]


@pytest.mark.parametrize("answer", ABSURD, ids=repr)
def test_any_answer_gets_feedback(answer):
    for feedback in (
        check_stacked_param_count(answer, n_below=20, n_hidden=20),
        check_step_count(answer, n_windows=7000, batch_size=512, epochs=5),
        check_lag_weights(answer, WAVE, lookback=2),
    ):
        assert not feedback.passed
        assert feedback.message
