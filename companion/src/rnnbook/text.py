"""A character vocabulary with padding, start and end tokens: words to padded id arrays and back.

Words of different lengths go into one batch ``(N, T)`` by padding: every row
is filled up to the longest with the padding id 0, which the models are told
to ignore (``mask_zero=True`` in Keras, ``pack_padded_sequence`` and
``ignore_index=0`` in PyTorch). A start token opens every input, so the first
character is predicted too, and an end token closes every target, so a
generator learns when a word stops:

=========  =====  =====  =====  =====  =====  =====
step t     0      1      2      3      4      5
=========  =====  =====  =====  =====  =====  =====
input      ``<``  h      e      r      o      ``_``
target     h      e      r      o      ``>``  ``_``
=========  =====  =====  =====  =====  =====  =====

for "hero" in a batch whose longest word has five letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnbook._validate import _short, check_array

#: The padding token (id 0), the start token (id 1) and the end token (id 2).
PAD, START, END = "_", "<", ">"
PAD_ID, START_ID, END_ID = 0, 1, 2


def _check_words(name: str, words: Any) -> list[str]:
    """Return ``words`` as a list of non-empty strings, none holding a reserved token."""
    if isinstance(words, str) or not isinstance(words, Sequence) or not words:
        raise TypeError(
            f"`{name}` must be a non-empty list of strings. Received: {name}={_short(words)}"
        )
    for i, word in enumerate(words):
        if not isinstance(word, str) or not word:
            raise TypeError(
                f"`{name}[{i}]` must be a non-empty string. Received: {name}[{i}]={_short(word)}"
            )
        reserved = sorted(set(word) & {PAD, START, END})
        if reserved:
            raise ValueError(
                f"`{name}[{i}]` must not contain the reserved tokens {PAD!r}, {START!r} and "
                f"{END!r}. Received: {name}[{i}]={word!r}"
            )
    return list(words)


@dataclass(frozen=True)
class Encoded:
    """A batch of words as padded id arrays.

    Attributes
    ----------
    inputs : numpy.ndarray
        ``(N, T)`` int64: the start id, then the word's ids, then padding.
    targets : numpy.ndarray
        ``(N, T)`` int64: the word's ids, then the end id, then padding; the
        inputs shifted one step to the left.
    lengths : numpy.ndarray
        ``(N,)`` int64: the steps of each row that are not padding, ``len(word) + 1``.
    """

    inputs: np.ndarray
    targets: np.ndarray
    lengths: np.ndarray


@dataclass(frozen=True)
class CharVocab:
    """The tokens of a character model: padding, start, end, then the characters.

    Attributes
    ----------
    chars : tuple of str
        The characters, sorted; character ``chars[k]`` has id ``k + 3``.

    Examples
    --------
    >>> vocab = CharVocab.from_words(["he", "hero"])
    >>> vocab.tokens
    ('_', '<', '>', 'e', 'h', 'o', 'r')
    >>> batch = vocab.encode(["he", "hero"])
    >>> batch.inputs
    array([[1, 4, 3, 0, 0],
           [1, 4, 3, 6, 5]])
    >>> batch.targets
    array([[4, 3, 2, 0, 0],
           [4, 3, 6, 5, 2]])
    >>> vocab.decode(batch.targets)
    ['he', 'hero']
    """

    chars: tuple[str, ...]

    @classmethod
    def from_words(cls, words: Sequence[str]) -> CharVocab:
        """The vocabulary of the characters that occur in ``words``."""
        words = _check_words("words", words)
        return cls(tuple(sorted(set("".join(words)))))

    @property
    def tokens(self) -> tuple[str, ...]:
        """Every token, in id order: ``PAD``, ``START``, ``END``, then ``chars``."""
        return (PAD, START, END) + self.chars

    @property
    def size(self) -> int:
        """The number of tokens ``V``, the width of a one-hot vector and of the logits."""
        return len(self.tokens)

    def ids(self, word: str) -> list[int]:
        """The ids of the characters of ``word``, without start or end token."""
        lookup = {char: k for k, char in enumerate(self.tokens)}
        unknown = sorted(set(word) - set(self.chars))
        if unknown:
            raise ValueError(
                f"`word` must use only the vocabulary's characters {''.join(self.chars)!r}. "
                f"Received: word={word!r}, with {''.join(unknown)!r}"
            )
        return [lookup[char] for char in word]

    def encode(self, words: Sequence[str]) -> Encoded:
        """Words as padded inputs and targets ``(N, T)``, ``T`` the longest word plus one.

        Row ``n`` of the inputs is ``START, w_0, ..., w_{L-1}`` and of the
        targets ``w_0, ..., w_{L-1}, END``, for a word of ``L`` characters;
        both are filled with ``PAD_ID`` (0) after their ``L + 1`` steps.

        Raises
        ------
        TypeError
            If ``words`` is not a non-empty list of non-empty strings.
        ValueError
            If a word holds a character outside the vocabulary or a reserved token.
        """
        words = _check_words("words", words)
        n_steps = max(len(word) for word in words) + 1  # T
        inputs = np.full((len(words), n_steps), PAD_ID, dtype=np.int64)  # (N, T)
        targets = np.full((len(words), n_steps), PAD_ID, dtype=np.int64)  # (N, T)
        for n, word in enumerate(words):
            ids = self.ids(word)
            inputs[n, : len(ids) + 1] = [START_ID] + ids
            targets[n, : len(ids) + 1] = ids + [END_ID]
        lengths = np.array([len(word) + 1 for word in words], dtype=np.int64)  # (N,)
        return Encoded(inputs, targets, lengths)

    def decode(self, ids: Any) -> list[str]:
        """Rows of ids ``(N, T)`` (or one row ``(T,)``) back to words.

        A row is read up to its first end or padding id; start ids are skipped.

        Raises
        ------
        TypeError, ValueError
            If ``ids`` is not a 1-D or 2-D array of whole numbers in ``[0, size)``.
        """
        values = check_array("ids", ids, ndim=(1, 2))
        if np.any(values != np.round(values)) or values.min() < 0 or values.max() >= self.size:
            raise ValueError(
                f"`ids` must hold whole numbers from 0 to {self.size - 1} (the vocabulary's "
                f"ids). Received: ids with values from {values.min():g} to {values.max():g}"
            )
        rows = values.astype(np.int64).reshape(-1, values.shape[-1])  # (N, T)
        words = []
        for row in rows:
            word = []
            for k in row:
                if k in (END_ID, PAD_ID):
                    break
                if k != START_ID:
                    word.append(self.tokens[k])
            words.append("".join(word))
        return words
