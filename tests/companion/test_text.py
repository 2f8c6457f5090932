"""Tests of rnnbook.text: the character vocabulary, padded encoding and decoding.

The expected arrays are written out by hand for a small batch, and every
error message is asserted.
"""

import doctest

import numpy as np
import pytest

from rnnbook import text
from rnnbook.text import END_ID, PAD_ID, START_ID, CharVocab

WORDS = ["he", "hero", "hole"]


def test_the_examples_in_the_docstrings_run():
    result = doctest.testmod(text, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_tokens_are_padding_start_end_then_the_sorted_characters():
    vocab = CharVocab.from_words(WORDS)
    assert vocab.tokens == ("_", "<", ">", "e", "h", "l", "o", "r")
    assert vocab.size == 8
    assert vocab.tokens[PAD_ID] == "_" and vocab.tokens[START_ID] == "<" and vocab.tokens[END_ID] == ">"


def test_encode_by_hand():
    vocab = CharVocab.from_words(WORDS)
    e, h, l, o, r = 3, 4, 5, 6, 7
    batch = vocab.encode(WORDS)
    np.testing.assert_array_equal(
        batch.inputs, [[1, h, e, 0, 0], [1, h, e, r, o], [1, h, o, l, e]]
    )
    np.testing.assert_array_equal(
        batch.targets, [[h, e, 2, 0, 0], [h, e, r, o, 2], [h, o, l, e, 2]]
    )
    np.testing.assert_array_equal(batch.lengths, [3, 5, 5])
    assert batch.inputs.dtype == batch.targets.dtype == batch.lengths.dtype == np.int64


def test_targets_are_the_inputs_shifted_left_within_each_word():
    vocab = CharVocab.from_words(WORDS)
    batch = vocab.encode(WORDS)
    for n, length in enumerate(batch.lengths):
        np.testing.assert_array_equal(batch.inputs[n, 1:length], batch.targets[n, : length - 1])
        assert (batch.inputs[n, length:] == PAD_ID).all() and (batch.targets[n, length:] == PAD_ID).all()


def test_decode_reverses_encode():
    vocab = CharVocab.from_words(WORDS)
    batch = vocab.encode(WORDS)
    assert vocab.decode(batch.targets) == WORDS
    assert vocab.decode(batch.inputs) == WORDS  # the start token is skipped
    assert vocab.decode(batch.targets[1]) == ["hero"]  # one row
    assert vocab.decode(np.array([[4, 3, 2, 7, 6]])) == ["he"]  # read up to the end token


def test_a_word_may_use_only_part_of_the_vocabulary():
    vocab = CharVocab.from_words(WORDS)
    np.testing.assert_array_equal(vocab.encode(["ho"]).inputs, [[1, 4, 6]])


@pytest.mark.parametrize(
    "words, error, message",
    [
        ("hero", TypeError, r"`words` must be a non-empty list of strings\. Received: words='hero'"),
        ([], TypeError, r"`words` must be a non-empty list of strings\. Received: words=\[\]"),
        (["he", 3], TypeError, r"`words\[1\]` must be a non-empty string\. Received: words\[1\]=3"),
        (["he", ""], TypeError, r"`words\[1\]` must be a non-empty string\. Received: words\[1\]=''"),
        (["h_e"], ValueError,
         r"`words\[0\]` must not contain the reserved tokens '_', '<' and '>'\. Received: words\[0\]='h_e'"),
    ],
)
def test_bad_words(words, error, message):
    with pytest.raises(error, match=message):
        CharVocab.from_words(words)
    with pytest.raises(error, match=message):
        CharVocab(("e", "h")).encode(words)


def test_unknown_character():
    vocab = CharVocab.from_words(WORDS)
    with pytest.raises(
        ValueError,
        match=r"`word` must use only the vocabulary's characters 'ehlor'\. Received: word='hex', with 'x'",
    ):
        vocab.encode(["he", "hex"])


@pytest.mark.parametrize(
    "ids, error, message",
    [
        (np.array([[1, 8]]), ValueError,
         r"`ids` must hold whole numbers from 0 to 7 \(the vocabulary's ids\)\. "
         r"Received: ids with values from 1 to 8"),
        (np.array([[-1, 3]]), ValueError, r"Received: ids with values from -1 to 3"),
        (np.array([[1.5, 3.0]]), ValueError, r"Received: ids with values from 1\.5 to 3"),
        (np.zeros((1, 2, 3)), ValueError, r"`ids` must have 1 or 2 dimensions"),
        ("he", TypeError, r"`ids` must be array-like of numbers\. Received: ids='he'"),
    ],
)
def test_bad_ids(ids, error, message):
    with pytest.raises(error, match=message):
        CharVocab.from_words(WORDS).decode(ids)
