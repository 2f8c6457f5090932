"""Training data shared by the tests of the two training loops."""

import numpy as np


def toy_data(n=256, T=6, seed=0):
    """Windows whose target is a fixed linear function of the inputs (learnable exactly)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, T, 1)).astype("float32")
    y = (0.5 * X[:, -1] - 0.25 * X[:, -2]).astype("float32")  # (n, 1)
    return X[:192], y[:192], X[192:], y[192:]
