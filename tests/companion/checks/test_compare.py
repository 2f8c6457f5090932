"""Tests of rnnbook.checks.compare: numbers and arrays against the right answer, naming the slip."""

import math
import re

import numpy as np
import pytest

from rnnbook import checks
from rnnbook.checks import Mistake


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
