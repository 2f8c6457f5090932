"""Tests of rnnbook.checks.char_answers: a character model's parameter count, data and temperature.

The right answers come from independent references: the parameter counts of
the real Keras and PyTorch models, data built with plain loops, and
``torch.softmax``. Every slip a checker names is tried, and no feedback may
contain the expected answer.
"""

import numpy as np
import pytest
import torch

from rnnbook import keras_models, torch_models
from rnnbook.checks.char_answers import (
    check_char_param_count,
    check_next_char_data,
    check_tempered_softmax,
)

WORDS = ["hero", "hell", "hole", "herb"]


def only_hint(feedback):
    assert not feedback.passed and feedback.answered
    assert len(feedback.hints) == 1, feedback
    return feedback.hints[0]


# ---------------------------------------------------------------------------
# check_char_param_count
# ---------------------------------------------------------------------------
class TestCharParamCount:
    @pytest.mark.parametrize("V, H, E", [(5, 8, None), (5, 8, 4), (9, 3, 6)])
    def test_right_answer_is_the_keras_count(self, V, H, E):
        n = keras_models.build_char_model(V, H, embedding_dim=E).count_params()
        fb = check_char_param_count(n, vocab_size=V, n_hidden=H, embedding_dim=E)
        assert fb.passed and fb.message == f"Correct: {n} is the number of parameters."

    @pytest.mark.parametrize("V, H, E", [(5, 8, None), (5, 8, 4), (9, 3, 6)])
    def test_right_answer_is_the_torch_count(self, V, H, E):
        n = torch_models.n_parameters(torch_models.build_char_model(V, H, embedding_dim=E))
        assert check_char_param_count(n, vocab_size=V, n_hidden=H, embedding_dim=E,
                                      framework="torch").passed

    @pytest.mark.parametrize(
        "answer, hint",
        [
            (169, "That is the count with one bias vector in the recurrent layer"),
            (132, "You counted the recurrent layer only"),
            (172, "You forgot the classifier's bias"),
            (121, "The recurrent matrix `W_h` is H x H"),
            (180, "The classifier's bias is one number per character, not per hidden unit"),
            (157, "You left out the embedding table"),
            (185, "After an embedding the recurrent layer reads E numbers per step, not V"),
        ],
    )
    def test_torch_slips(self, answer, hint):
        fb = check_char_param_count(answer, vocab_size=5, n_hidden=8, embedding_dim=4,
                                    framework="torch")
        assert hint in only_hint(fb)
        assert "177" not in str(fb)

    @pytest.mark.parametrize(
        "answer, hint",
        [
            (165, "That is PyTorch's count"),
            (112, "You counted the recurrent layer only"),
            (152, "You forgot the classifier's bias"),
            (101, "The recurrent matrix `W_h` is H x H"),
            (160, "The classifier's bias is one number per character, not per hidden unit"),
            (156, "You are off by one"),
            (200, "Your answer is too large."),
        ],
    )
    def test_keras_slips(self, answer, hint):
        fb = check_char_param_count(answer, vocab_size=5, n_hidden=8)
        assert hint in only_hint(fb)
        assert "157" not in str(fb)

    def test_none_and_a_fraction(self):
        assert check_char_param_count(None, vocab_size=5, n_hidden=8).status == "not answered"
        fb = check_char_param_count(157.5, vocab_size=5, n_hidden=8)
        assert fb.message == "157.5 is not a whole number, and a count must be one."

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            (dict(vocab_size=1, n_hidden=8), ValueError, r"`vocab_size` must be >= 2\. Received: vocab_size=1"),
            (dict(vocab_size=5, n_hidden=2.0), TypeError, r"`n_hidden` must be an integer\. Received: n_hidden=2\.0"),
            (dict(vocab_size=5, n_hidden=8, embedding_dim=0), ValueError,
             r"`embedding_dim` must be >= 1\. Received: embedding_dim=0"),
            (dict(vocab_size=5, n_hidden=8, framework="numpy"), ValueError,
             r"`framework` must be one of 'keras', 'torch'\. Received: framework='numpy'"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            check_char_param_count(100, **kwargs)


# ---------------------------------------------------------------------------
# check_next_char_data
# ---------------------------------------------------------------------------
def loop_data(words):
    """Inputs and targets built with plain loops, the way a student would."""
    chars = sorted(set("".join(words)))
    X = np.zeros((len(words), len(words[0]) - 1, len(chars)), dtype="float32")
    Y = np.zeros((len(words), len(words[0]) - 1), dtype="int64")
    for n, word in enumerate(words):
        for t in range(len(word) - 1):
            X[n, t, chars.index(word[t])] = 1.0
            Y[n, t] = chars.index(word[t + 1])
    return X, Y


class TestNextCharData:
    def test_right_answer(self):
        X, Y = loop_data(WORDS)
        assert X.shape == (4, 3, 6) and Y.shape == (4, 3)
        fb = check_next_char_data(X, Y, WORDS)
        assert fb.passed and fb.message == "Correct: `X` and `Y` are right."

    def test_float64_inputs_and_float_targets_pass(self):
        X, Y = loop_data(WORDS)
        fb = check_next_char_data(X.astype(np.float64), Y.astype(np.float32), WORDS)
        assert fb.passed and "float32 by default" in fb.hints[0]

    def test_not_answered(self):
        assert check_next_char_data(None, None, WORDS).status == "not answered"
        X, _ = loop_data(WORDS)
        fb = check_next_char_data(X, None, WORDS)
        assert not fb.passed and "`Y`: No answer yet" in fb.message

    @staticmethod
    def wrong_x():
        X, Y = loop_data(WORDS)
        chars = sorted(set("".join(WORDS)))
        full = np.eye(len(chars), dtype="float32")[[[chars.index(c) for c in w] for w in WORDS]]
        seen = list(dict.fromkeys("".join(WORDS)))
        unsorted = np.eye(len(chars), dtype="float32")[[[seen.index(c) for c in w[:-1]] for w in WORDS]]
        return {
            "one-hot on the middle axis": (X.transpose(0, 2, 1), "lie along the wrong axis"),
            "last character kept": (full, "Your inputs keep the last character"),
            "second character first": (full[:, 1:], "Your inputs start at the second character"),
            "ids, not one-hot": (X.argmax(-1), "These are the ids of the input characters"),
            "first-seen order": (unsorted, "the order in which the characters first appear"),
            "integer one-hot": (X.astype(int), "Neural networks work with floats"),
        }

    @pytest.mark.parametrize("slip", ["one-hot on the middle axis", "last character kept",
                                      "second character first", "ids, not one-hot",
                                      "first-seen order", "integer one-hot"])
    def test_input_slips(self, slip):
        X_wrong, hint = self.wrong_x()[slip]
        _, Y = loop_data(WORDS)
        fb = check_next_char_data(X_wrong, Y, WORDS)
        assert fb.message.endswith("`Y` is right.")
        assert hint in only_hint(fb) and only_hint(fb).startswith("`X`: ")

    def test_input_slips_are_told_apart(self):
        X, Y = loop_data(WORDS)
        hints = {only_hint(check_next_char_data(x, Y, WORDS)) for x, _ in self.wrong_x().values()}
        assert len(hints) == len(self.wrong_x())

    @pytest.mark.parametrize(
        "slip, hint",
        [
            ("not shifted", "Your targets are the inputs themselves (the copy task)"),
            ("first kept", "Your targets keep the first character"),
            ("one-hot", "Your targets are one-hot vectors"),
            ("first-seen order", "the order in which the characters first appear"),
            ("transposed", "Your array is transposed"),
        ],
    )
    def test_target_slips(self, slip, hint):
        X, Y = loop_data(WORDS)
        chars = sorted(set("".join(WORDS)))
        ids = np.array([[chars.index(c) for c in w] for w in WORDS])
        seen = list(dict.fromkeys("".join(WORDS)))
        wrong = {
            "not shifted": ids[:, :-1],
            "first kept": ids,
            "one-hot": np.eye(len(chars))[ids[:, 1:]],
            "first-seen order": np.array([[seen.index(c) for c in w[1:]] for w in WORDS]),
            "transposed": Y.T,
        }[slip]
        fb = check_next_char_data(X, wrong, WORDS)
        assert fb.message.startswith("`X` is right.")
        assert hint in only_hint(fb) and only_hint(fb).startswith("`Y`: ")

    def test_a_wrong_value_is_located(self):
        X, Y = loop_data(WORDS)
        Y = Y.copy()
        Y[3, 2] = 5  # "herr" instead of "herb"
        fb = check_next_char_data(X, Y, WORDS)
        assert "1 of 12 entries differ; the first one is at index (3, 2)." in only_hint(fb)

    @pytest.mark.parametrize(
        "words, error, message",
        [
            (["hero", "he"], ValueError,
             r"`words` must all have the same length, at least 2 \(pad words of different lengths "
             r"with `rnnbook\.text\.CharVocab`\)\. Received: words of lengths \[2, 4\]"),
            (["h", "e"], ValueError, r"Received: words of lengths \[1\]"),
            ("hero", TypeError, r"`words` must be a non-empty list of strings\. Received: words='hero'"),
        ],
    )
    def test_bad_words(self, words, error, message):
        with pytest.raises(error, match=message):
            check_next_char_data(None, None, words)


# ---------------------------------------------------------------------------
# check_tempered_softmax
# ---------------------------------------------------------------------------
LOGITS = np.random.default_rng(3).normal(size=(6, 5)) * 2  # (N, V), no ties


def reference(logits, tau):
    return torch.softmax(torch.as_tensor(logits) / tau, dim=-1).numpy()


class TestTemperedSoftmax:
    @pytest.mark.parametrize("tau", [0.1, 0.5, 1.0, 2.0, 10.0])
    def test_right_answer(self, tau):
        fb = check_tempered_softmax(reference(LOGITS, tau), LOGITS, tau)
        assert fb.passed, fb
        assert check_tempered_softmax(reference(LOGITS[0], tau), LOGITS[0], tau).passed

    def test_float32_is_close_enough(self):
        p = torch.softmax(torch.as_tensor(LOGITS, dtype=torch.float32) / 0.5, dim=-1).numpy()
        assert check_tempered_softmax(p, LOGITS, 0.5).passed

    @pytest.mark.parametrize(
        "slip, hint",
        [
            ("multiplied", "You multiplied the logits by the temperature"),
            ("probabilities divided", "You divided the probabilities by the temperature"),
            ("no sum", "These are the exponentials only"),
            ("power not renormalised", "the powers no longer sum to 1"),
            ("log", "These are log-probabilities"),
            ("batch axis", "Your softmax runs down the batch axis"),
        ],
    )
    def test_slips(self, slip, hint):
        tau = 0.5
        z = torch.as_tensor(LOGITS)
        p = torch.softmax(z, dim=-1)
        wrong = {
            "multiplied": torch.softmax(z * tau, dim=-1),
            "probabilities divided": p / tau,
            "no sum": torch.exp(z / tau),
            "power not renormalised": p ** (1 / tau),
            "log": torch.log_softmax(z / tau, dim=-1),
            "batch axis": torch.softmax(z / tau, dim=0),
        }[slip]
        fb = check_tempered_softmax(wrong.numpy(), LOGITS, tau)
        assert hint in only_hint(fb)

    def test_at_temperature_one_there_is_nothing_to_divide(self):
        p = reference(LOGITS, 1.0)
        assert check_tempered_softmax(p, LOGITS, 1.0).passed  # p / 1 is no slip

    def test_wrong_shape_and_none(self):
        assert check_tempered_softmax(None, LOGITS, 2.0).status == "not answered"
        fb = check_tempered_softmax(reference(LOGITS, 2.0)[:, :4], LOGITS, 2.0)
        assert "shape (6, 4)" in fb.message

    @pytest.mark.parametrize(
        "logits, tau, error, message",
        [
            (LOGITS, 0.0, ValueError, r"`tau` must be > 0\.0\. Received: tau=0\.0"),
            (LOGITS, "1", TypeError, r"`tau` must be a real number\. Received: tau='1'"),
            (LOGITS[None], 1.0, ValueError, r"`logits` must have 1 or 2 dimensions"),
            (np.array([1.0, np.inf]), 1.0, ValueError, r"`logits` must contain only finite values"),
        ],
    )
    def test_bad_arguments(self, logits, tau, error, message):
        with pytest.raises(error, match=message):
            check_tempered_softmax(None, logits, tau)


def test_the_examples_in_the_docstrings_run():
    import doctest

    from rnnbook.checks import char_answers

    result = doctest.testmod(char_answers, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_a_low_temperature_raises_no_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = reference(LOGITS * 50, 0.01)
        assert check_tempered_softmax(p, LOGITS * 50, 0.01).passed


ABSURD = {"None": None, "string": "abc", "ragged": [[1.0, 2.0], [3.0]], "nan": float("nan"),
          "inf": float("inf"), "negative": -1, "bool": True, "object": object(),
          "empty": np.zeros((0, 3)), "dict": {"a": 1}, "nan-array": np.full((4, 3, 6), np.nan)}
CHECKERS = {
    "char_param_count": lambda a: check_char_param_count(a, vocab_size=5, n_hidden=8),
    "next_char_data X": lambda a: check_next_char_data(a, loop_data(WORDS)[1], WORDS),
    "next_char_data Y": lambda a: check_next_char_data(loop_data(WORDS)[0], a, WORDS),
    "tempered_softmax": lambda a: check_tempered_softmax(a, LOGITS, 0.5),
}


@pytest.mark.parametrize("answer", list(ABSURD.values()), ids=list(ABSURD))
@pytest.mark.parametrize("checker", list(CHECKERS))
def test_checkers_give_feedback_on_any_answer(checker, answer):
    from rnnbook.checks.feedback import Feedback

    feedback = CHECKERS[checker](answer)
    assert isinstance(feedback, Feedback)
    assert not feedback.passed and feedback.message.strip()
    assert str(feedback) and feedback._repr_html_()
