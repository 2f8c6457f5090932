"""Tests of rnnbook.checks.deep_answers: a deep RNN's parameter count, and the error floor of a bounded output."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from rnnbook import data, keras_models, torch_models
from rnnbook.checks import deep_answers
from rnnbook.checks.deep_answers import check_bounded_mse_floor, check_deep_param_count


def test_the_examples_in_the_docstrings_hold():
    result = doctest.testmod(deep_answers, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0, result


# ---------------------------------------------------------------------------
# check_deep_param_count: against the models the builders make
# ---------------------------------------------------------------------------

ARCHITECTURES = [
    dict(n_hidden=[20, 20, 1]),  # chapter 8's deep RNN
    dict(n_hidden=[20, 20], head="dense"),  # and its Dense-head twin
    dict(n_hidden=[20, 20, 20], head="dense"),
    dict(n_hidden=[5, 3], head="dense", horizon=4, n_features=3),
    dict(n_hidden=[7], head="dense", n_features=2),
    dict(n_hidden=[6, 2], horizon=2, n_features=4),
]


@pytest.mark.parametrize("architecture", ARCHITECTURES, ids=str)
def test_the_count_of_the_built_models_passes(architecture):
    keras_count = keras_models.build_rnn("simple_rnn", **architecture).count_params()
    torch_count = torch_models.n_parameters(torch_models.build_rnn("simple_rnn", **architecture))
    assert check_deep_param_count(keras_count, **architecture).passed
    assert check_deep_param_count(torch_count, framework="torch", **architecture).passed
    # each framework's count fails for the other one
    assert not check_deep_param_count(keras_count, framework="torch", **architecture).passed
    assert not check_deep_param_count(torch_count, **architecture).passed


def test_the_chapters_sums_pass():
    # F H + H^2 + H per layer; PyTorch adds H per layer (chapter 8, exercise 1)
    assert check_deep_param_count((20 + 400 + 20) + (400 + 400 + 20) + (20 + 1 + 1),
                                  n_hidden=[20, 20, 1]).passed
    assert check_deep_param_count(440 + 820 + 20 + 1, n_hidden=[20, 20], head="dense").passed
    assert check_deep_param_count(1282 + 41, n_hidden=[20, 20, 1], framework="torch").passed
    assert check_deep_param_count(1281 + 40, n_hidden=[20, 20], head="dense",
                                  framework="torch").passed


DEEP = dict(n_hidden=[20, 20, 1])
DENSE = dict(n_hidden=[20, 20], head="dense")

#: (architecture, framework, wrong answer, what the hint says): the slips of chapter 8's exercise.
SLIPS = [
    # the second layer's input size taken as F = 1 instead of the 20 states below
    (DEEP, "keras", 440 + 440 + 3, "reads the hidden states of the layer below"),
    (DEEP, "torch", 460 + 460 + 4, "reads the hidden states of the layer below"),
    (DENSE, "keras", 440 + 440 + 21, "reads the hidden states of the layer below"),
    # one framework's count for the other
    (DEEP, "keras", 1323, "That is the PyTorch count"),
    (DEEP, "torch", 1282, "That is the Keras count"),
    (DENSE, "torch", 1281, "That is the Keras count"),
    (DENSE, "keras", 1321, "That is the PyTorch count"),
    # a bias forgotten: every layer's, one layer's, the head's
    (DEEP, "keras", 1282 - 41, "forgot the biases of the recurrent layers"),
    (DEEP, "torch", 1323 - 82, "forgot the biases of the recurrent layers"),
    (DEEP, "keras", 1282 - 20, "A bias vector is missing"),
    (DEEP, "keras", 1282 - 1, "A bias vector is missing"),
    (DENSE, "torch", 1321 - 20, "A bias vector is missing"),
    (DENSE, "keras", 1281 - 1, "forgot the Dense head's bias"),
    (DENSE, "torch", 1321 - 1, "forgot the Dense head's bias"),
    # W_h forgotten, or sized like W_x
    (DEEP, "keras", 1282 - 801, "forgot the recurrent weights `W_h`"),
    (DENSE, "torch", 1321 - 800, "forgot the recurrent weights `W_h`"),
    (DEEP, "keras", (20 + 20 + 20) + (400 + 400 + 20) + (20 + 20 + 1), "`W_h` of a layer is H x H"),
    # the head left out, counted as a recurrent layer, or added where there is none
    (DENSE, "keras", 1260, "You left out the Dense head"),
    (DENSE, "keras", 1282, "not a recurrent one"),
    (DENSE, "torch", 1300 + 20 + 1 + 2, "not a recurrent one"),
    (DEEP, "keras", 1282 + 2, "This model has no Dense head"),
]


@pytest.mark.parametrize("architecture, framework, answer, hint", SLIPS)
def test_each_slip_is_named(architecture, framework, answer, hint):
    feedback = check_deep_param_count(answer, framework=framework, **architecture)
    assert not feedback.passed
    assert any(hint in h for h in feedback.hints), feedback


def test_the_chapters_slips_each_have_one_hint():
    """On the chapter's four questions, a slip names one mistake, except where two give one number."""
    ambiguous = {(str(DENSE), "keras", 901), (str(DENSE), "torch", 941)}
    for architecture, framework, answer, _ in SLIPS:
        feedback = check_deep_param_count(answer, framework=framework, **architecture)
        expected = 2 if (str(architecture), framework, answer) in ambiguous else 1
        assert len(feedback.hints) == expected, feedback


def test_a_slip_of_two_readings_names_both():
    # with F = 1, a first-layer W_h of (1, H) and a second-layer W_x of (1, H) lose as many numbers
    feedback = check_deep_param_count(901, n_hidden=[20, 20], head="dense")
    assert "reads the hidden states of the layer below" in feedback.hints[0]
    assert "H x H" in feedback.hints[1]


def test_other_answers():
    assert not check_deep_param_count(None, **DEEP).answered
    assert "whole number" in check_deep_param_count(1282.5, **DEEP).message
    assert check_deep_param_count(np.int64(1282), **DEEP).passed
    assert check_deep_param_count(5000, **DEEP).hints == ("Your answer is too large.",)


def test_invalid_arguments_are_named():
    with pytest.raises(ValueError, match=r"`framework` must be one of 'keras', 'torch'\. Received: framework='jax'"):
        check_deep_param_count(1, n_hidden=[1], framework="jax")
    with pytest.raises(ValueError, match=r"`n_hidden\[-1\]` must equal `horizon` \(1\)\. Received: n_hidden=\[20, 20\]"):
        check_deep_param_count(1, n_hidden=[20, 20])
    with pytest.raises(ValueError, match=r"`n_features` must be >= 1\. Received: n_features=0"):
        check_deep_param_count(1, n_hidden=[1], n_features=0)
    with pytest.raises(ValueError, match=r"`head` must be one of None, 'dense'\. Received: head='linear'"):
        check_deep_param_count(1, n_hidden=[1], head="linear")


# ---------------------------------------------------------------------------
# check_bounded_mse_floor
# ---------------------------------------------------------------------------

# excesses beyond +-1: 0, 0.5, 1, 0, 0, 0.3; floor (0.25 + 1 + 0.09) / 6
Y = np.array([[0.5], [-1.5], [2.0], [0.0], [-0.2], [1.3]])
FLOOR = (0.25 + 1 + 0.09) / 6


def test_the_floor_is_the_mse_of_the_clipped_targets():
    # an independent reference: the closest bounded forecast is the target clipped to the bound
    for y, bound in ((Y, 1.0), (3 * data.benchmark_data().y_valid, 1.0), (Y, 0.4)):
        best = np.clip(y, -bound, bound)
        reference = float(np.mean((y - best) ** 2))
        assert check_bounded_mse_floor(reference, y, bound=bound).passed
    assert np.isclose(float(np.mean((Y - np.clip(Y, -1, 1)) ** 2)), FLOOR)


def test_a_float32_answer_passes():
    y3 = 3 * data.benchmark_data().y_valid  # (2000, 1) float32, the chapter's exercise
    excess = np.clip(np.abs(y3) - 1, 0, None)
    assert check_bounded_mse_floor(np.mean(excess**2), y3).passed


FLOOR_SLIPS = [
    (1.8 / 6, "averaged the excess itself"),
    (np.sqrt(FLOOR), "an RMSE"),
    (1.34, "You summed the squared excesses"),
    ((0.25 + 0.25 + 1 + 1 + 0.64 + 0.09) / 6, "clip the excess at 0"),
    ((1 + 0.09) / 6, "only the targets above +bound"),
    ((0.25 + 2.25 + 4 + 0 + 0.04 + 1.69) / 6, "forecasting 0 everywhere"),
    (1.34 / 3, "over the targets beyond the bound only"),
    (0.0, "A floor of 0 means every target is within reach"),
]


@pytest.mark.parametrize("answer, hint", FLOOR_SLIPS)
def test_each_floor_slip_is_named(answer, hint):
    feedback = check_bounded_mse_floor(answer, Y)
    assert not feedback.passed
    assert len(feedback.hints) == 1 and hint in feedback.hints[0], feedback


def test_on_the_chapters_data_every_slip_gives_its_own_number():
    y3 = 3 * data.benchmark_data().y_valid
    excess = np.clip(np.abs(y3) - 1, 0, None)
    slips = [np.mean(excess), np.sqrt(np.mean(excess**2)), np.sum(excess**2),
             np.mean((np.abs(y3) - 1) ** 2), np.mean(np.clip(y3 - 1, 0, None) ** 2),
             np.mean(y3**2), 0.0, np.mean(excess[excess > 0] ** 2)]
    for slip in slips:
        feedback = check_bounded_mse_floor(slip, y3)
        assert not feedback.passed and len(feedback.hints) == 1, feedback


def test_the_floor_checker_on_other_answers():
    assert not check_bounded_mse_floor(None, Y).answered
    assert "single number" in check_bounded_mse_floor(np.zeros(3), Y).message
    assert check_bounded_mse_floor(10.0, Y).hints == ("Your answer is too large.",)
    # all targets within reach: the floor is 0, and 0 passes
    assert check_bounded_mse_floor(0.0, Y / 10).passed


def test_invalid_floor_arguments_are_named():
    with pytest.raises(ValueError, match=r"`bound` must be > 0\.0\. Received: bound=0\.0"):
        check_bounded_mse_floor(0.1, Y, bound=0)
    with pytest.raises(TypeError, match=r"`y_true` must be array-like of numbers\. Received: y_true='y'"):
        check_bounded_mse_floor(0.1, "y")
    with pytest.raises(ValueError, match=r"`y_true` must not be empty"):
        check_bounded_mse_floor(0.1, np.zeros((0, 1)))
    with pytest.raises(ValueError, match=r"`y_true` must contain only finite values"):
        check_bounded_mse_floor(0.1, [1.0, np.nan])


def test_the_feedback_names_the_framework_and_the_layers():
    # the chapter checks four counts in one cell: each verdict says which one it is
    assert check_deep_param_count(None, n_hidden=[20, 20, 1]).exercise == (
        "Keras parameter count of [20, 20, 1]")
    assert check_deep_param_count(None, n_hidden=[20, 20], head="dense", framework="torch").exercise == (
        "PyTorch parameter count of [20, 20] + Dense")
    assert check_bounded_mse_floor(None, Y, bound=2).exercise == "least MSE of a forecast within (-2, 2)"


@pytest.mark.parametrize("answer", [None, "abc", [[1.0, 2.0], [3.0]], np.nan, np.inf, -1, True,
                                    object(), np.zeros((0, 3)), {"a": 1}, np.full((2, 3), np.nan)],
                         ids=["None", "string", "ragged", "nan", "inf", "negative", "bool",
                              "object", "empty", "dict", "nan-array"])
def test_any_answer_gets_feedback_not_a_traceback(answer):
    for feedback in (check_deep_param_count(answer, **DEEP), check_bounded_mse_floor(answer, Y)):
        assert not feedback.passed and feedback.message.strip() and feedback._repr_html_()
        assert feedback.answered == (answer is not None)
