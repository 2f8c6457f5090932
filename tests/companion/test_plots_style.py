"""The course's plot style: set by one call, colour-blind safe, opaque white figures."""

from __future__ import annotations

import itertools
import subprocess
import sys

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb

from rnnbook import plots

# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB: how a colour looks
# to a reader with protanopia, deuteranopia or tritanopia.
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
#: The smallest CIELAB difference (Delta E 1976) between two cycle colours that still reads as
#: two colours at a glance; about 2.3 is the least noticeable difference.
DISTINCT = 12.0


def _linear(rgb):
    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    xyz = np.array([[0.4124, 0.3576, 0.1805],
                    [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ linear_rgb
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def least_difference(colours, vision):
    """The smallest Delta E between any two of ``colours`` as seen with ``vision``."""
    seen = [_lab(np.clip(VISION[vision] @ _linear(to_rgb(c)), 0, 1)) for c in colours]
    return min(np.linalg.norm(a - b) for a, b in itertools.combinations(seen, 2))


def test_lab_of_white_and_black():
    assert np.allclose(_lab(_linear(to_rgb("white"))), [100, 0, 0], atol=0.05)
    assert np.allclose(_lab(_linear(to_rgb("black"))), [0, 0, 0], atol=1e-9)


@pytest.mark.parametrize("vision", list(VISION))
def test_the_first_six_colours_stay_apart(vision):
    # a figure of the course has at most six coloured lines
    assert least_difference(plots.PALETTE[:6], vision) > DISTINCT


@pytest.mark.parametrize("vision", ["protanopia", "deuteranopia"])
def test_matplotlibs_default_cycle_would_fail(vision):
    """The check can fail: tab10's green and red (or orange) merge for red-green blindness."""
    default = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]
    assert least_difference(default, vision) < DISTINCT


def test_importing_changes_nothing():
    code = ("import matplotlib as mpl; before = dict(mpl.rcParams); import rnnbook.plots; "
            "import sys; sys.exit(0 if dict(mpl.rcParams) == before else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_use_style_sets_the_cycle_and_a_white_figure():
    with mpl.rc_context():
        plots.use_style()
        assert [to_hex(f"C{i}") for i in range(len(plots.PALETTE))] == [
            c.lower() for c in plots.PALETTE
        ]
        for key in ("figure.facecolor", "axes.facecolor", "savefig.facecolor"):
            assert to_hex(mpl.rcParams[key]) == "#ffffff", key
        assert mpl.rcParams["savefig.transparent"] is False
        assert mpl.rcParams["legend.loc"] == "best"
        # labels and ticks dark, so they read on the white figure in either theme
        for key in ("axes.labelcolor", "xtick.color", "ytick.color", "text.color"):
            assert sum(to_rgb(mpl.rcParams[key])) / 3 < 0.3, key
