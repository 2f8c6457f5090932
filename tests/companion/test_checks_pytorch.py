"""Tests of rnnbook.checks.pytorch_answers: every right answer passes, every common slip is named."""

import doctest
import re

import pytest
import torch
from torch import nn

from rnnbook.checks import pytorch_answers
from rnnbook.checks.pytorch_answers import (
    check_h_n_shape,
    check_num_layers_param_count,
    check_redundant_bias_count,
)


def test_doctests():
    result = doctest.testmod(pytorch_answers, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


class TestRedundantBiasCount:
    def test_right_answer_and_unanswered(self):
        assert check_redundant_bias_count(5, n_features=3, n_hidden=5).passed
        unanswered = check_redundant_bias_count(None, n_features=3, n_hidden=5)
        assert not unanswered.passed and not unanswered.answered

    @pytest.mark.parametrize("answer, hint", [
        (10, "Not both"),
        (0, "only ever as their sum"),
        (1, "how many numbers does a bias vector hold"),
        (50, "the layer's whole parameter count"),
        (45, "the count that remains"),
        (7, "too large"),
    ])
    def test_each_slip_is_named(self, answer, hint):
        feedback = check_redundant_bias_count(answer, n_features=3, n_hidden=5)
        assert not feedback.passed
        assert any(hint in h for h in feedback.hints), feedback.hints
        assert re.search(r"\b5\b", str(feedback)) is None  # the right answer is never shown

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`n_hidden` must be >= 1\. Received: n_hidden=0"):
            check_redundant_bias_count(1, n_features=3, n_hidden=0)


def module_count(F, H, L, bidirectional=False):
    module = nn.RNN(F, H, num_layers=L, bidirectional=bidirectional, batch_first=True)
    return sum(p.numel() for p in module.parameters())


class TestNumLayersParamCount:
    @pytest.mark.parametrize("F, H, L, bidirectional", [
        (1, 20, 2, False), (3, 5, 1, False), (3, 5, 3, True), (2, 4, 1, True), (1, 1, 4, False),
    ])
    def test_the_modules_own_count_passes(self, F, H, L, bidirectional):
        answer = module_count(F, H, L, bidirectional)
        assert check_num_layers_param_count(answer, n_features=F, n_hidden=H, num_layers=L,
                                            bidirectional=bidirectional).passed

    @pytest.mark.parametrize("answer, hint", [
        (2 * (1 * 20 + 400 + 40), "Only the first layer reads the input features"),
        (1300 - 40, "one bias vector per layer, as in Keras"),
        (460, "That is one layer"),
        (1321, "includes a `Linear` head"),
        (1300 - 80, "You forgot the biases"),
        (1299, "off by one"),
    ])
    def test_each_slip_is_named(self, answer, hint):
        feedback = check_num_layers_param_count(answer, n_features=1, n_hidden=20, num_layers=2)
        assert not feedback.passed
        assert any(hint in h for h in feedback.hints), feedback.hints

    def test_bidirectional_slips(self):
        F, H, L = 1, 20, 2
        one_way = module_count(F, H, L)
        feedback = check_num_layers_param_count(one_way, n_features=F, n_hidden=H, num_layers=L,
                                                bidirectional=True)
        assert any("second, backward copy" in h for h in feedback.hints), feedback.hints
        # the upper layer reading H inputs instead of both directions' 2H
        narrow = 2 * (F * H + H * H + 2 * H) + 2 * (H * H + H * H + 2 * H)
        feedback = check_num_layers_param_count(narrow, n_features=F, n_hidden=H, num_layers=L,
                                                bidirectional=True)
        assert any("both directions' states" in h for h in feedback.hints), feedback.hints

    @pytest.mark.parametrize("kwargs, error, message", [
        ({"num_layers": 0}, ValueError, r"`num_layers` must be >= 1\. Received: num_layers=0"),
        ({"bidirectional": 1}, TypeError, r"`bidirectional` must be a bool\. Received: bidirectional=1"),
        ({"n_features": 1.5}, TypeError, r"`n_features` must be an integer\. Received: n_features=1\.5"),
    ])
    def test_invalid_arguments(self, kwargs, error, message):
        arguments = dict(n_features=1, n_hidden=20, num_layers=2) | kwargs
        with pytest.raises(error, match=message):
            check_num_layers_param_count(1300, **arguments)


class TestHnShape:
    @pytest.mark.parametrize("L, bidirectional", [(1, False), (2, False), (2, True), (3, True)])
    def test_the_modules_own_shape_passes(self, L, bidirectional):
        for cell in (nn.RNN, nn.GRU, nn.LSTM):
            module = cell(3, 6, num_layers=L, bidirectional=bidirectional, batch_first=True)
            _, state = module(torch.zeros(8, 5, 3))
            h_n = state[0] if cell is nn.LSTM else state
            for answer in (h_n.shape, tuple(h_n.shape), list(h_n.shape)):
                assert check_h_n_shape(answer, batch=8, n_hidden=6, num_layers=L,
                                       bidirectional=bidirectional).passed

    @pytest.mark.parametrize("answer, hint", [
        ((8, 4, 20), "not batch-first"),
        ((8, 20), "that is the shape of `h_n[-1]`"),
        ((2, 8, 40), "side by side in the features"),
        ((2, 8, 20), "Each direction has its own final state"),
        ((4, 20), "You left out an axis"),
        ((4, 8, 21), "The third axis (the units) is wrong"),
        ((5, 9, 20), "The first axis (layers and directions) is wrong"),
        ((4, 8, 20, 1), "Your shape has 4 axes"),
    ])
    def test_each_slip_is_named(self, answer, hint):
        feedback = check_h_n_shape(answer, batch=8, n_hidden=20, num_layers=2, bidirectional=True)
        assert not feedback.passed
        assert any(hint in h for h in feedback.hints), feedback.hints
        assert "(4, 8, 20)" not in str(feedback)  # the right answer is never shown

    def test_one_layer_one_direction(self):
        assert check_h_n_shape((1, 8, 20), batch=8, n_hidden=20).passed
        feedback = check_h_n_shape((8, 1, 20), batch=8, n_hidden=20)
        assert any("not batch-first" in h for h in feedback.hints)

    @pytest.mark.parametrize("answer, message", [
        (None, "No answer yet"),
        ("(4, 8, 20)", "the string"),
        (torch.zeros(4, 8, 20), "give its shape"),
        ((4.0, 8, 20), "every entry of a shape is an int"),
        ((True, 8, 20), "every entry of a shape is an int"),
        (4, "is not a shape"),
    ])
    def test_answers_that_are_not_shapes(self, answer, message):
        feedback = check_h_n_shape(answer, batch=8, n_hidden=20, num_layers=2, bidirectional=True)
        assert not feedback.passed and message in feedback.message

    def test_invalid_arguments(self):
        with pytest.raises(ValueError, match=r"`batch` must be >= 1\. Received: batch=0"):
            check_h_n_shape((1, 0, 3), batch=0, n_hidden=3)
        with pytest.raises(TypeError, match=r"`bidirectional` must be a bool\. Received: bidirectional='yes'"):
            check_h_n_shape((1, 2, 3), batch=2, n_hidden=3, bidirectional="yes")
