"""Example series shared by the tests of rnnbook.checks.

None of them repeats a value, so every slip gives a number or an array of its
own and the checkers can tell the slips apart.
"""

import math

import numpy as np

# A trending, seasonal series, like weekly CO2.
T = 300
WEEKS = np.arange(T)
WEEKLY = 300.0 + 0.03 * WEEKS + 3.0 * np.sin(2 * np.pi * WEEKS / 52) + 0.001 * WEEKS**1.5

# Six series of 15 steps of noise: 10 inputs and the 5 values that follow them.
SEQUENCES = np.random.default_rng(7).normal(size=(6, 15, 1))
X = SEQUENCES[:, :10]  # (6, 10, 1) inputs
Y = SEQUENCES[:, 10:15, 0]  # (6, 5) targets: the next 5 values


def hand_split(series, shares=(0.7, 0.15, 0.15)):
    """Cut points by hand: floor of each share, the rest to the test segment."""
    n = len(series)
    cut1 = math.floor(shares[0] * n)
    cut2 = cut1 + math.floor(shares[1] * n)
    return series[:cut1], series[cut1:cut2], series[cut2:]


TRAIN, VALID, TEST = hand_split(WEEKLY)
PARTS = {"train": TRAIN, "valid": VALID, "test": TEST}


def all_hints(fb):
    return " ".join(fb.hints)


def hint_of(feedback):
    assert not feedback.passed
    assert feedback.hints, feedback
    return feedback.hints[0]
