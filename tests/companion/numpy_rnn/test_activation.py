"""Tests of rnnbook.numpy_rnn.activation against NumPy's own tanh and cosh."""

import doctest

import numpy as np
import pytest

from rnnbook.numpy_rnn import activation, dtanh_from_output, tanh, tanh_grad


def test_docstring_examples():
    result = doctest.testmod(activation, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


class TestTanh:
    def test_matches_numpy_everywhere(self):
        x = np.concatenate([np.linspace(-30, 30, 2001), [-1000.0, 1000.0, -1e300, 1e300, 1e-10, -1e-300]])
        np.testing.assert_allclose(tanh(x), np.tanh(x), rtol=1e-14, atol=0)  # float64: a few ulps

    def test_no_overflow_where_the_textbook_formula_fails(self):
        x = np.array([-1000.0, 1000.0])
        with np.errstate(over="ignore", invalid="ignore"):
            textbook = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        assert np.all(np.isnan(textbook))
        np.testing.assert_array_equal(tanh(x), [-1.0, 1.0])

    def test_no_overflow_for_the_largest_floats(self):
        # -2|x| itself overflows for |x| above half the largest float (1.7e38 in float32)
        huge32 = np.array([-3e38, 3e38], dtype=np.float32)
        huge64 = np.array([-1.7e308, 1.7e308])
        with np.errstate(over="raise", invalid="raise"):
            np.testing.assert_array_equal(tanh(huge32), [-1.0, 1.0])
            np.testing.assert_array_equal(tanh(huge64), [-1.0, 1.0])
            np.testing.assert_array_equal(tanh_grad(huge32), [0.0, 0.0])
            np.testing.assert_array_equal(tanh_grad(huge64), [0.0, 0.0])

    def test_keeps_dtype_and_shape(self):
        x32 = np.linspace(-5, 5, 12, dtype=np.float32).reshape(3, 4)
        y = tanh(x32)
        assert y.dtype == np.float32 and y.shape == (3, 4)
        np.testing.assert_allclose(y, np.tanh(x32.astype(np.float64)), rtol=1e-6, atol=1e-7)
        assert tanh([1, 2]).dtype == np.float64  # integers become float64
        assert np.ndim(tanh(0.5)) == 0 and tanh(0.5) == pytest.approx(np.tanh(0.5), rel=1e-15)
        assert np.signbit(tanh(-0.0)) and not np.signbit(tanh(0.0))  # as np.tanh

    def test_derivative_against_finite_differences(self):
        x = np.linspace(-6, 6, 241)
        eps = 1e-6
        numeric = (np.tanh(x + eps) - np.tanh(x - eps)) / (2 * eps)
        np.testing.assert_allclose(tanh_grad(x), numeric, rtol=1e-7, atol=1e-9)  # rounding: 1e-16 / eps

    def test_derivative_never_exceeds_one_near_zero(self):
        x = np.array([1e-9, 3e-9, -1e-9, 0.0], np.float64)
        assert np.all(tanh_grad(x) <= 1.0)
        assert np.all(tanh_grad(x.astype(np.float32)) <= 1.0)

    def test_derivative_is_accurate_in_saturation(self):
        x = np.array([10.0, -20.0, 300.0, 350.0])
        np.testing.assert_allclose(tanh_grad(x), 1 / np.cosh(x) ** 2, rtol=1e-13, atol=0)
        with np.errstate(over="raise", invalid="raise"):  # no overflow, even where cosh overflows
            assert tanh_grad(1000.0) == 0.0 and tanh_grad(-1e300) == 0.0
        assert tanh_grad(np.float32(50.0)).dtype == np.float32

    def test_derivative_from_output(self):
        x = np.linspace(-4, 4, 81)
        np.testing.assert_allclose(dtanh_from_output(np.tanh(x)), tanh_grad(x), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(dtanh_from_output([1.0, -1.0, 0.0]), [0.0, 0.0, 1.0])

    @pytest.mark.parametrize(
        "function, value, error, message",
        [
            (tanh, "one", TypeError, r"`x` must be array-like of numbers\. Received: x='one'"),
            (tanh, [np.nan], ValueError, r"`x` must contain only finite values\. Received: x with 1 NaN"),
            (tanh, np.zeros(0), ValueError, r"`x` must not be empty"),
            (tanh_grad, np.array(["a"]), TypeError, r"`x` must hold real numbers\. Received: x with dtype <U1"),
            (tanh_grad, [np.inf], ValueError, r"`x` must contain only finite values"),
            (dtanh_from_output, [0.5, 1.5], ValueError,
             r"`h` must hold outputs of tanh, in \[-1, 1\]\. Received: h with values from 0\.5 to 1\.5"),
            (dtanh_from_output, None, TypeError, r"`h` must be array-like of numbers\. Received: h=None"),
        ],
    )
    def test_invalid(self, function, value, error, message):
        with pytest.raises(error, match=message):
            function(value)
