"""The course's self-checks: the key and feedback of each exercise's questions, by exercise label.

The questions themselves are in the exercise's text in the chapter; here are
only their choices, the right ones and what to say to each wrong one. Each
key states what the chapter's solution computes (its hidden assertions hold
the same claims), and the solution checks its own answers with
:func:`check_quiz`, so a key that the outputs contradict fails the build.

Examples
--------
>>> check_quiz({"q1": None, "q2": None, "q3": None}, "ex-ch01-shuffle").status
'not answered'
"""

from __future__ import annotations

from typing import Any

from rnnbook._validate import check_choice
from rnnbook.checks.feedback import Feedback
from rnnbook.checks.quiz import Quiz, choice, true_false

#: Every self-check of the course, by the label of its exercise.
QUIZZES = {
    # Chapter 1: permuting the input time steps.
    "ex-ch01-shuffle": Quiz("shuffled time steps", {
        "q1": choice("b", wrong={
            "a": "Write the linear forecast as a sum of one weight times one input value: "
                 "does the sum care in which order its terms come?",
            "c": "Permuting the columns gives the least-squares fit no new information to "
                 "use."}),
        "q2": true_false(True, if_wrong="Compare the refitted weights with the original "
                                        "`linear.coef` reordered by the same permutation."),
        "q3": choice("b", wrong={
            "a": "A recurrent network reads the steps one after another with the same "
                 "weights at every step: the order is part of what it computes.",
            "c": "Nothing stops it from training: it is fitted by the same loss, only on a "
                 "series whose order no longer means anything."}),
    }),
    # Chapter 3: the time of a forward pass.
    "ex-ch03-cost": Quiz("the cost of a longer sequence", {
        "q1": choice("b", wrong={
            "a": "Each step is one more turn of the loop over time: compare the times at "
                 "T = 100 and T = 1000.",
            "c": "A step costs the same whatever T is; nothing in the loop grows with T."}),
        "q2": choice("a", wrong={
            "b": "Compare the time per sequence (time / N) at N = 1 and at N = 64.",
            "c": "Compare the time per sequence (time / N) at N = 1 and at N = 64."}),
        "q3": true_false(False, if_wrong="Step t needs the state of step t - 1: can it start "
                                         "before that state exists?"),
    }),
    # Chapter 4: the transposed W_h that a gradient check misses.
    "ex-ch04-transpose": Quiz("a bug the check cannot see", {
        "q1": choice("b", "ab", wrong={
            "a": "Look at the relative error printed for H = 4: is it near 1e-8?"}),
        "q2": choice("a", "ab", wrong={
            "b": "A 1 x 1 matrix and its transpose: are they different?"}),
        "q3": choice("a", wrong={
            "b": "Scaling W_h changes the numbers, not whether W_h equals its transpose.",
            "c": "The seed decides the values of W_h, not whether it equals its transpose."}),
        "q4": true_false(False, if_wrong="The H = 1 case passes the check with the bug in the "
                                         "code."),
    }),
    # Chapter 4: a task that needs a 19-step memory.
    "ex-ch04-memory": Quiz("a task that needs memory", {
        "q1": choice("a", "ab", wrong={
            "b": "Divide each full-BPTT run's validation MSE by the MSE of predicting 0: a "
                 "ratio of 1 means no better than predicting 0."}),
        "q2": choice("b", "ab", wrong={
            "a": "Divide each truncate=5 run's validation MSE by the MSE of predicting 0: a "
                 "ratio of 1 means no better than predicting 0."}),
        "q3": choice("b", wrong={
            "a": "The question is what the runs learn, not how long they take.",
            "c": "Truncation changes only the backward pass: the forward pass and the "
                 "states are the same."}),
    }),
    # Chapter 9: the error of each forecast step.
    "ex-ch09-steps": Quiz("where the error goes", {
        "q1": choice("c", wrong={
            "a": "The first step is the one closest to the window: is it the hardest?",
            "b": "Read your error-by-step table: at which step is each strategy's MSE "
                 "largest?"}),
        "q2": choice("a", wrong={
            "b": "Divide each strategy's MSE at the tenth step by its MSE at the first, and "
                 "compare the ratios.",
            "c": "Divide each strategy's MSE at the tenth step by its MSE at the first, and "
                 "compare the ratios."}),
        "q3": true_false(True, if_wrong="Compare the three PyTorch strategies' MSE at the "
                                        "first step."),
    }),
    # Chapter 9: the baselines at a 20-step horizon.
    "ex-ch09-horizon": Quiz("a longer horizon", {
        "q1": true_false(True, if_wrong="Subtract each baseline's 10-step MSE from its 20-step "
                                        "MSE."),
        "q2": true_false(False, if_wrong="Divide each baseline's 20-step MSE by its 10-step "
                                         "MSE, and compare the ratios."),
        "q3": true_false(True, if_wrong="Compare the two baselines' 20-step MSEs."),
    }),
    # Chapter 10: the initial forget bias.
    "ex-ch10-bias": Quiz("the forget bias, trained", {
        "q1": choice("a", wrong={
            "b": "Compare the final scores seed by seed: is any bias-0 run ahead?",
            "c": "Compare the final scores seed by seed: lower is better."}),
        "q2": choice("a", "ab", wrong={
            "b": "Read the gradient curves measured at initialisation, 199 steps back."}),
        "q3": choice("b", "ab", wrong={
            "a": "A gate of about one half keeps about half the cell state per step: what "
                 "is left of it after 500 steps?"}),
    }),
}


def check_quiz(answers: Any, quiz: str | Quiz) -> Feedback:
    """Judge the answers to an exercise's self-check, question by question.

    Parameters
    ----------
    answers : dict or None
        Question name ("q1", "q2", ...) to the student's choice: a letter
        (``"a"``) or ``True`` / ``False``; ``None`` for a question not answered
        yet.
    quiz : str or Quiz
        The exercise's label (a key of :data:`QUIZZES`), or a :class:`Quiz`.

    Returns
    -------
    Feedback
        Passed when every answer is right; one hint per question.

    Raises
    ------
    ValueError
        If ``quiz`` is neither a Quiz nor the label of one of the course's.

    Examples
    --------
    >>> check_quiz({"q1": "b", "q2": True, "q3": "b"}, "ex-ch01-shuffle").passed
    True
    """
    if not isinstance(quiz, Quiz):
        quiz = QUIZZES[check_choice("quiz", quiz, tuple(QUIZZES))]
    return quiz.check(answers)
