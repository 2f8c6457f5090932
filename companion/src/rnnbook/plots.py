"""Figures used across the course: series, forecasts, learning curves, diagrams.

Every function draws on an ``ax`` it is given (or a new figure) and returns
the axes. Only :func:`use_style`, which each chapter calls in its first cell,
changes matplotlib's global settings; importing this module changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from rnnbook._validate import check_array, check_bool, check_int

#: The course's colour cycle (Okabe and Ito's palette for colour-blind readers), in the order
#: of matplotlib's default names: C0 blue, C1 orange, C2 bluish green, C3 vermillion (the
#: "red"), C4 reddish purple, C5 sky blue, C6 black, C7 yellow.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
#: What :func:`use_style` sets besides the colour cycle: an opaque white figure (readable on
#: the theme's dark background as well as on paper) and legends that let the data show through.
STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "axes.edgecolor": "0.25",
    "axes.labelcolor": "black",
    "xtick.color": "0.25",
    "ytick.color": "0.25",
    "text.color": "black",
    "legend.framealpha": 0.85,
    "legend.loc": "best",
    "figure.dpi": 100,
}
_TRUTH = "C0"
_FORECAST = "C3"
# the diagrams' colours: the recurrent cell, its inputs and its outputs
_CELL = "#fde68a"
_INPUT = "#bbf7d0"
_OUTPUT = "#fecaca"


def use_style() -> None:
    """Set the course's plot style: a colour-blind-safe cycle, white figures, clear legends.

    Each chapter calls it once, in its first cell, so that a figure looks the
    same in the book (light or dark theme), in a downloaded notebook and in
    Colab. Colours named ``"C0"`` ... ``"C7"`` then come from :data:`PALETTE`.

    Examples
    --------
    >>> use_style()
    >>> import matplotlib
    >>> matplotlib.colors.to_hex("C1") == PALETTE[1].lower()
    True
    """
    import matplotlib as mpl

    settings = dict(STYLE, **{"axes.prop_cycle": mpl.cycler(color=list(PALETTE))})
    mpl.rcParams.update(settings)


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    elif not isinstance(ax, Axes):
        raise TypeError(f"`ax` must be a matplotlib Axes or None. Received: ax={ax!r}")
    return ax


def plot_series(
    x: np.ndarray,
    y_true: np.ndarray | None = None,
    y_pred: np.ndarray | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Plot one input window and, optionally, its true and forecast future.

    Parameters
    ----------
    x : array_like
        One input window of shape ``(T,)`` or ``(T, 1)``.
    y_true : array_like, optional
        The true next value(s), shape ``(horizon,)`` (a scalar is allowed).
    y_pred : array_like, optional
        The forecast value(s), shape ``(horizon,)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If an array is not numeric or ``ax`` is not an Axes.
    ValueError
        If an array has more than 2 dimensions, is empty or holds NaN or inf.
    """
    x = check_array("x", x, ndim=(1, 2)).reshape(-1)
    ax = _axes(ax, (6, 3))
    lookback = len(x)
    ax.plot(np.arange(lookback), x, ".-", color=_TRUTH, label="input window")
    for name, values, style, color, label in (
        ("y_true", y_true, "o-", _TRUTH, "true future"),
        ("y_pred", y_pred, "x--", _FORECAST, "forecast"),
    ):
        if values is None:
            continue
        values = check_array(name, values, ndim=(0, 1, 2)).reshape(-1)  # (horizon,)
        steps = np.arange(lookback, lookback + len(values))
        ax.plot(steps, values, style, color=color, markersize=6, label=label)
    ax.axvline(lookback - 0.5, color="0.6", linewidth=0.8)
    ax.set_xlabel("time step $t$")
    ax.set_ylabel("$x(t)$")
    ax.grid(True, alpha=0.3)
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small")  # the corner that covers the fewest points
    return ax


def plot_learning_curves(
    history: Mapping[str, Sequence[float]], *, ax: Axes | None = None, log: bool = True
) -> Axes:
    """Plot training and validation loss per epoch.

    Parameters
    ----------
    history : mapping
        ``{"loss": [...], "val_loss": [...]}`` as in Keras's ``History.history``
        or the course's PyTorch training loop; other keys are ignored.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    log : bool, default True
        Use a logarithmic loss axis.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``log`` is not a bool, a loss list is not numeric or ``ax`` is not an Axes.
    ValueError
        If ``history`` has no ``"loss"``, or a loss list is empty, not 1-D or
        holds NaN or inf.
    """
    log = check_bool("log", log)
    if not isinstance(history, Mapping) or "loss" not in history:
        raise ValueError(
            "`history` must be a mapping with at least a 'loss' list. "
            f"Received: history={history!r}"[:200]
        )
    ax = _axes(ax, (6, 3))
    for key, label, style in (("loss", "training", "-"), ("val_loss", "validation", "--")):
        if key in history:
            values = check_array(f"history[{key!r}]", history[key], ndim=1)
            ax.plot(np.arange(1, len(values) + 1), values, style, marker=".", label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (MSE)")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def _box(ax: Axes, x: float, y: float, text: str, color: str) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x - 0.3, y - 0.22), 0.6, 0.44, boxstyle="round,pad=0.02",
            facecolor=color, edgecolor="0.25", linewidth=0.8,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=8, color="0.3", linewidth=0.8)
    )


def _label(ax: Axes, x: float, y: float, text: str) -> None:
    ax.text(x, y, text, ha="left", va="center", fontsize=9, color="0.3")


def _cell_column(ax: Axes, x: float, input_text: str, output_text: str) -> None:
    """One copy of the cell at ``x``: the input below, tanh, the state above, ``W_x`` on the way in."""
    _box(ax, x, 1.0, "tanh", _CELL)
    _box(ax, x, 0.0, input_text, _INPUT)
    _box(ax, x, 2.0, output_text, _OUTPUT)
    _arrow(ax, (x, 0.22), (x, 0.78))
    _arrow(ax, (x, 1.22), (x, 1.78))
    _label(ax, x + 0.05, 0.5, "$W_x$")


#: The five input/output patterns drawn by :func:`plot_taxonomy`:
#: title, example, which of 4 time steps take an input, which emit an output.
TAXONOMY = (
    ("one-to-one", "image classification\n(no recurrence needed)", (0,), (0,)),
    ("many-to-one\n(seq2vec)", "sentiment of a review;\nnext-value forecast", (0, 1, 2, 3), (3,)),
    ("one-to-many\n(vec2seq)", "image captioning", (0,), (0, 1, 2, 3)),
    ("many-to-many\n(seq2seq, synced)", "tag every frame;\nforecast at every step", (0, 1, 2, 3), (0, 1, 2, 3)),
    ("encoder-decoder\n(seq2vec + vec2seq)", "machine translation", (0, 1), (2, 3)),
)


def plot_taxonomy() -> Figure:
    """Draw the input/output patterns of recurrent networks, one panel each.

    Inputs (green) enter at the bottom, the recurrent cell (yellow) is
    unrolled left to right, and outputs (red) leave at the top.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, grid = plt.subplots(2, 3, figsize=(10, 6.4))
    axes = grid.ravel()
    for ax in axes[len(TAXONOMY):]:
        ax.axis("off")
    for ax, (title, example, inputs, outputs) in zip(axes, TAXONOMY):
        lookback = 1 if title.startswith("one-to-one") else 4
        for t in range(lookback):
            _box(ax, t, 1.0, "cell", _CELL)
            if t > 0:
                _arrow(ax, (t - 0.7, 1.0), (t - 0.3, 1.0))
            if t in inputs:
                _box(ax, t, 0.0, f"$x_{t}$", _INPUT)
                _arrow(ax, (t, 0.22), (t, 0.78))
            if t in outputs:
                _box(ax, t, 2.0, f"$y_{t}$", _OUTPUT)
                _arrow(ax, (t, 1.22), (t, 1.78))
        ax.set_xlim(-0.6, 3.6)
        ax.set_ylim(-1.4, 2.5)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=11)
        ax.text(1.5, -0.55, example, ha="center", va="top", fontsize=10, style="italic")
    fig.tight_layout()
    return fig


def plot_unrolled(lookback: int = 4, *, folded: bool = True, ax: Axes | None = None) -> Axes:
    """Draw a simple recurrent layer unrolled over ``lookback`` time steps.

    Each time step ``t`` reads the input :math:`X_t` (green, below) through
    :math:`W_x` and the previous state :math:`H_{t-1}` (from the left)
    through :math:`W_h`, and emits :math:`H_t` (red, above) and passes it on.
    Every copy of the cell is the *same* cell with the *same* weights
    :math:`W_x, W_h, b`. With ``folded=True`` the compact picture, one cell
    with a loop, is drawn on the left for comparison.

    Parameters
    ----------
    lookback : int, default 4
        Number of time steps drawn, from 1 to 8.
    folded : bool, default True
        Also draw the folded cell with its self-loop.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``lookback`` is not an integer, ``folded`` not a bool or ``ax`` not an Axes.
    ValueError
        If ``lookback`` is not between 1 and 8.
    """
    lookback = check_int("lookback", lookback, minimum=1)
    if lookback > 8:
        raise ValueError(f"`lookback` must be <= 8 to fit in one figure. Received: lookback={lookback}")
    folded = check_bool("folded", folded)
    offset = 2.75 if folded else 0.0  # room for the folded cell and the "=" sign
    ax = _axes(ax, (1.5 * (lookback + 1) + offset * 0.9, 3.4))
    if folded:
        _cell_column(ax, 0.0, "$X_t$", "$H_t$")
        ax.add_patch(
            FancyArrowPatch(
                (0.3, 1.15), (0.3, 0.85), connectionstyle="arc3,rad=-3.0", arrowstyle="-|>",
                mutation_scale=8, color="0.3", linewidth=0.8,
            )
        )
        _label(ax, 0.82, 1.0, "$W_h$")
        ax.text(1.45, 1.0, "=", ha="center", va="center", fontsize=18)
    x0 = offset + 0.6
    _box(ax, x0 - 1.3, 1.0, "$H_{-1}$", "0.92")  # the initial state, zeros by default
    for t in range(lookback):
        x = x0 + 1.3 * t
        _cell_column(ax, x, f"$X_{{{t}}}$", f"$H_{{{t}}}$")
        _arrow(ax, (x - 1.0, 1.0), (x - 0.3, 1.0))
        ax.text(x - 0.65, 1.06, "$W_h$", ha="center", va="bottom", fontsize=9, color="0.3")
    ax.text(x0 + 1.3 * (lookback - 1) / 2, -0.55, "time $\\rightarrow$", ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.7 if folded else x0 - 1.75, x0 + 1.3 * (lookback - 1) + 0.5)
    ax.set_ylim(-0.8, 2.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
