"""Checkers of a character model's exercises: its parameter count, its data, its tempered softmax."""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbook._validate import check_array, check_choice, check_float, check_int
from rnnbook.checks.compare import compare_array, compare_number
from rnnbook.checks.feedback import Feedback, Mistake, combine, not_answered
from rnnbook.text import _check_words

#: Axis names of one-hot inputs (words, steps, vocabulary) and of id targets.
_AXES_ONE_HOT = ("N", "T", "V")
_AXES_IDS = ("N", "T")


def check_char_param_count(
    answer: Any,
    *,
    vocab_size: int,
    n_hidden: int,
    embedding_dim: int | None = None,
    framework: str = "keras",
) -> Feedback:
    """Check the parameter count of a character model (``build_char_model``).

    The model is an optional embedding table ``(V, E)``, a simple recurrent
    layer reading ``F`` numbers per step (``F = V`` for one-hot inputs,
    ``F = E`` after an embedding) and a per-step classifier ``W_y`` (H, V),
    ``b_y`` (V,)::

        V*E  +  F*H + H*H + H (Keras) or + 2*H (PyTorch)  +  H*V + V

    Parameters
    ----------
    answer : int or None
    vocab_size, n_hidden : int
        ``V`` (at least 2) and ``H`` (at least 1).
    embedding_dim : int or None, default None
        ``E``; None for one-hot inputs.
    framework : {"keras", "torch"}
        Keras's ``SimpleRNN`` keeps one bias vector, PyTorch's ``nn.RNN`` two.

    Returns
    -------
    Feedback
        Passed only for ``framework``'s exact count.

    Raises
    ------
    TypeError, ValueError
        If a size is not an integer in range or ``framework`` is unknown.

    Examples
    --------
    >>> check_char_param_count(157, vocab_size=5, n_hidden=8).passed
    True
    >>> check_char_param_count(169, vocab_size=5, n_hidden=8, embedding_dim=4,
    ...                        framework="torch").hints[0][:40]
    'That is the count with one bias vector i'
    """
    V = check_int("vocab_size", vocab_size, minimum=2)
    H = check_int("n_hidden", n_hidden, minimum=1)
    E = None if embedding_dim is None else check_int("embedding_dim", embedding_dim, minimum=1)
    check_choice("framework", framework, ("keras", "torch"))
    F = V if E is None else E  # what the recurrent layer reads at each step
    table = 0 if E is None else V * E
    biases = 2 * H if framework == "torch" else H
    head = H * V + V
    expected = table + F * H + H * H + biases + head
    other_biases = H if framework == "torch" else 2 * H
    mistakes = [
        Mistake(expected - biases + other_biases,
                "That is the count with one bias vector in the recurrent layer, as in Keras; "
                "PyTorch's `nn.RNN` keeps two (`bias_ih_l0` and `bias_hh_l0`)."
                if framework == "torch" else
                "That is PyTorch's count, with two bias vectors in the recurrent layer; "
                "Keras's `SimpleRNN` keeps one."),
        Mistake(expected - head,
                "You counted the recurrent layer only: the per-step classifier (`Dense` or "
                "`nn.Linear`) has a weight from every hidden unit to every character, and a "
                "bias per character."),
        Mistake(expected - V,
                "You forgot the classifier's bias: one per character."),
        Mistake(expected - H * H + H,
                "The recurrent matrix `W_h` is H x H: every hidden unit reads every unit of "
                "the previous hidden state."),
        Mistake(expected - V + H,
                "The classifier's bias is one number per character, not per hidden unit."),
    ]
    if E is not None:
        mistakes += [
            Mistake(expected - table,
                    "You left out the embedding table: one learned vector of E numbers per "
                    "character."),
            Mistake(expected + (V - E) * H,
                    "After an embedding the recurrent layer reads E numbers per step, not V: "
                    "`W_x` is (E, H)."),
        ]
    return compare_number(answer, expected, exercise="number of parameters", mistakes=mistakes,
                          integer=True)


def _first_seen(words: list[str]) -> list[str]:
    """The characters of ``words`` in the order they first appear."""
    return list(dict.fromkeys("".join(words)))


def check_next_char_data(X: Any, Y: Any, words: Any) -> Feedback:
    """Check the inputs and targets of next-character prediction built by hand.

    For words of ``L`` characters each and the vocabulary
    ``chars = sorted(set("".join(words)))`` (character ``chars[k]`` has id
    ``k``), the inputs are the first ``L - 1`` characters as one-hot float
    vectors, ``X`` of shape ``(N, L - 1, V)``, and the targets the ids of the
    characters that follow them, ``Y[n, t] = id(words[n][t + 1])``, shape
    ``(N, L - 1)``. Recognised slips: the one-hot axis in the wrong place,
    ids instead of one-hot inputs, inputs that keep the last character,
    targets not shifted by one (the copy task), targets that keep the first
    character, one-hot targets, and ids in the order the characters first
    appear instead of sorted.

    Parameters
    ----------
    X, Y : array_like or None
        The student's inputs and targets.
    words : list of str
        The words, all of the same length, at least 2.

    Returns
    -------
    Feedback
        On ``X`` and ``Y`` together.

    Raises
    ------
    TypeError
        If ``words`` is not a non-empty list of non-empty strings.
    ValueError
        If the words differ in length or have a single character.

    Examples
    --------
    >>> ids = np.array([[1, 0], [0, 1]])  # "ba", "ab": a=0, b=1
    >>> X = np.eye(2, dtype="float32")[ids[:, :1]]
    >>> check_next_char_data(X, ids[:, 1:], ["ba", "ab"]).passed
    True
    >>> check_next_char_data(X, ids[:, :1], ["ba", "ab"]).hints[0][:35]
    '`Y`: Your targets are the inputs th'
    """
    words = _check_words("words", words)
    lengths = sorted({len(word) for word in words})
    if len(lengths) > 1 or lengths[0] < 2:
        raise ValueError(
            "`words` must all have the same length, at least 2 (pad words of different "
            f"lengths with `rnnbook.text.CharVocab`). Received: words of lengths {lengths}"
        )
    if X is None and Y is None:
        return not_answered("next-character data")
    chars = sorted(set("".join(words)))
    V = len(chars)
    one_hot = np.eye(V, dtype=np.float32)  # row k is the vector of character k
    ids = np.array([[chars.index(c) for c in word] for word in words])  # (N, L)
    X_true, Y_true = one_hot[ids[:, :-1]], ids[:, 1:]  # (N, L-1, V), (N, L-1)
    seen = _first_seen(words)
    unsorted = np.array([[seen.index(c) for c in word] for word in words])  # (N, L)
    order_hint = (
        "Your ids follow the order in which the characters first appear; the vocabulary is "
        "`sorted(set(...))`, so that id k is the k-th character in alphabetical order."
    )
    x_mistakes = [
        Mistake(X_true.transpose(0, 2, 1),
                "Your one-hot vectors lie along the wrong axis: each step's vector of V "
                "numbers goes on the last axis, (N, T, V), the layout Keras and PyTorch "
                "(`batch_first=True`) read."),
        Mistake(one_hot[ids],
                "Your inputs keep the last character of each word, but nothing follows it to "
                "be predicted: the inputs stop one character before the end."),
        Mistake(one_hot[ids[:, 1:]],
                "Your inputs start at the second character: the inputs are each word's first "
                "L - 1 characters."),
        Mistake(ids[:, :-1],
                "These are the ids of the input characters; the model reads them as one-hot "
                "vectors, `np.eye(V)[ids]`."),
        Mistake(one_hot[unsorted[:, :-1]], order_hint),
    ]
    y_mistakes = [
        Mistake(ids[:, :-1],
                "Your targets are the inputs themselves (the copy task): the target at step t "
                "is the character at t + 1, so shift the ids by one."),
        Mistake(ids,
                "Your targets keep the first character of each word, which no input precedes: "
                "the targets are each word's last L - 1 characters."),
        Mistake(one_hot[ids[:, 1:]],
                "Your targets are one-hot vectors; the chapter's losses "
                "(`SparseCategoricalCrossentropy`, `F.cross_entropy`) take the ids, (N, T)."),
        Mistake(unsorted[:, 1:], order_hint),
    ]
    fb_x = compare_array(X, X_true, exercise="the inputs", axes=_AXES_ONE_HOT, mistakes=x_mistakes)
    fb_y = compare_array(Y, Y_true, exercise="the targets", axes=_AXES_IDS, mistakes=y_mistakes,
                         check_dtype=False)
    return combine("next-character data", {"X": fb_x, "Y": fb_y})


def _softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(z) along ``axis``, with the maximum subtracted first (no overflow)."""
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def check_tempered_softmax(answer: Any, logits: Any, tau: float) -> Feedback:
    """Check probabilities at temperature ``tau``: ``softmax(logits / tau)`` over the last axis.

    .. math:: p_k = \\frac{e^{z_k / \\tau}}{\\sum_j e^{z_j / \\tau}}

    Recognised slips: the logits multiplied by ``tau``, the probabilities
    divided by ``tau`` after the softmax, the exponentials left without
    their sum, ``p ** (1 / tau)`` not renormalised, log-probabilities, and,
    for a batch ``(N, V)``, the softmax taken down the batch axis.

    Parameters
    ----------
    answer : array_like or None
        The student's probabilities, shaped like ``logits``.
    logits : array_like
        Scores ``(V,)`` or a batch of them ``(N, V)``.
    tau : float
        The temperature, > 0.

    Returns
    -------
    Feedback
        Passed if the probabilities are right to a relative 1e-4.

    Raises
    ------
    TypeError, ValueError
        If ``logits`` is not a finite 1-D or 2-D array or ``tau`` is not > 0.

    Examples
    --------
    >>> z = np.log(np.array([0.5, 0.25, 0.25]))
    >>> check_tempered_softmax([2 / 3, 1 / 6, 1 / 6], z, 0.5).passed
    True
    """
    z = check_array("logits", logits, ndim=(1, 2)).astype(np.float64)  # (V,) or (N, V)
    tau = check_float("tau", tau, minimum=0.0, exclusive_minimum=True)
    expected = _softmax(z / tau)
    p = _softmax(z)
    with np.errstate(over="ignore", divide="ignore"):  # a slip may overflow
        mistakes = _softmax_slips(z, tau, expected, p)
    return compare_array(answer, expected, exercise="tempered probabilities", mistakes=mistakes,
                         rtol=1e-4, atol=1e-7)


def _softmax_slips(z: np.ndarray, tau: float, expected: np.ndarray, p: np.ndarray) -> list[Mistake]:
    """The wrong probabilities that common slips give, for logits ``z`` at ``tau``."""
    mistakes = [
        Mistake(_softmax(z * tau),
                "You multiplied the logits by the temperature; divide them by it, so that a "
                "temperature below 1 sharpens the distribution."),
        Mistake(p / tau,
                "You divided the probabilities by the temperature; it divides the logits, "
                "before the softmax (and your rows no longer sum to 1)."),
        Mistake(np.exp(z / tau),
                "These are the exponentials only: divide each by their sum, so that each "
                "distribution sums to 1."),
        Mistake(p ** (1 / tau),
                "Raising the probabilities to the power 1 / tau is right, but the powers no "
                "longer sum to 1: divide by their sum."),
        Mistake(np.log(expected),
                "These are log-probabilities; the probabilities are their exponentials."),
    ]
    if z.ndim == 2 and z.shape[0] > 1:
        mistakes.append(Mistake(
            _softmax(z / tau, axis=0),
            "Your softmax runs down the batch axis: each row (one prefix) is a distribution "
            "over the V characters, so take the softmax along the last axis (`axis=-1`)."))
    return mistakes
