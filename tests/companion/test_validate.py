"""The shared argument checks: each rule's message names the argument, the rule and the value."""

import numpy as np
import pytest

from rnnbook import _validate


class TestCheckUnivariate:
    @pytest.mark.parametrize("value", [np.arange(4.0), np.arange(4.0).reshape(4, 1)])
    def test_returns_the_flat_series(self, value):
        np.testing.assert_array_equal(_validate.check_univariate("series", value), [0.0, 1.0, 2.0, 3.0])

    @pytest.mark.parametrize(
        "value, error, message",
        [
            (np.zeros((4, 2)), ValueError,
             r"`series` must be univariate, of shape \(T,\) or \(T, 1\)\. Received: series with shape \(4, 2\)"),
            (np.zeros((4, 1, 1)), ValueError, r"`series` must have 1 or 2 dimensions\. Received: series with shape \(4, 1, 1\)"),
            ("abc", TypeError, r"`series` must be array-like of numbers\. Received: series='abc'"),
        ],
    )
    def test_rejects(self, value, error, message):
        with pytest.raises(error, match=message):
            _validate.check_univariate("series", value)


class TestCheckBool:
    @pytest.mark.parametrize("value", [True, False, np.bool_(True)])
    def test_returns_a_plain_bool(self, value):
        result = _validate.check_bool("flag", value)
        assert type(result) is bool and result == bool(value)

    @pytest.mark.parametrize("value, shown", [(1, "1"), ("yes", "'yes'"), (None, "None")])
    def test_rejects_what_is_not_a_bool(self, value, shown):
        with pytest.raises(TypeError, match=rf"`flag` must be a bool\. Received: flag={shown}$"):
            _validate.check_bool("flag", value)


class TestCheckSplitSizes:
    def test_returns_three_ints(self):
        assert _validate.check_split_sizes([np.int64(3), 2, 1]) == (3, 2, 1)

    @pytest.mark.parametrize(
        "value, error, message",
        [
            ((1, 2), ValueError, r"`sizes` must be a tuple of three integers \(train, valid, test\)\. Received: sizes=\(1, 2\)"),
            ((1, 0, 1), ValueError, r"`sizes\[1\]` must be >= 1\. Received: sizes\[1\]=0"),
            ((1, 2.5, 1), TypeError, r"`sizes\[1\]` must be an integer\. Received: sizes\[1\]=2\.5"),
        ],
    )
    def test_rejects(self, value, error, message):
        with pytest.raises(error, match=message):
            _validate.check_split_sizes(value)


def test_check_same_windows_names_both_shapes():
    _validate.check_same_windows("X", np.zeros((3, 5, 1)), "Y", np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"`X` and `Y` must have the same number of windows\. "
                                         r"Received: X with shape \(3, 5, 1\) and Y with shape \(2, 2\)"):
        _validate.check_same_windows("X", np.zeros((3, 5, 1)), "Y", np.zeros((2, 2)))


def test_check_linear_returns_ints_and_names_a_bad_size():
    assert _validate.check_linear(np.int64(50), 1, 2) == (50, 1, 2)
    with pytest.raises(ValueError, match=r"`horizon` must be >= 1\. Received: horizon=0"):
        _validate.check_linear(50, 1, 0)


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((1, 8, None, "lstm"), ValueError, r"`vocab_size` must be >= 2\. Received: vocab_size=1"),
        ((5, 8, 0, "lstm"), ValueError, r"`embedding_dim` must be >= 1\. Received: embedding_dim=0"),
        ((5, 8, None, "rnn"), ValueError, r"`cell` must be one of 'simple_rnn', 'lstm', 'gru'\. Received: cell='rnn'"),
    ],
)
def test_check_char_model_rejects(args, error, message):
    with pytest.raises(error, match=message):
        _validate.check_char_model(*args)


def test_check_char_model_returns_the_sizes():
    assert _validate.check_char_model(5, 8, None, "gru") == (5, 8, None)
    assert _validate.check_char_model(5, 8, np.int32(4), "gru") == (5, 8, 4)
