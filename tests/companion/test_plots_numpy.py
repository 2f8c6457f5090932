"""Tests of the diagrams that chapters 3 and 4 add to rnnbook.plots."""

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from rnnbook import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [text.get_text() for text in ax.texts]


class TestPlotUnrolled:
    def test_one_cell_input_and_state_per_step(self):
        ax = plots.plot_unrolled(5, folded=False)
        labels = texts(ax)
        assert [f"$X_{{{t}}}$" in labels for t in range(5)] == [True] * 5
        assert [f"$H_{{{t}}}$" in labels for t in range(5)] == [True] * 5
        assert labels.count("tanh") == 5 and "$H_{-1}$" in labels
        assert labels.count("$W_h$") == 5 and labels.count("$W_x$") == 5  # the same weights at every step
        assert not ax.axison

    def test_folded_cell_is_drawn_on_the_left(self):
        ax = plots.plot_unrolled(2)
        labels = texts(ax)
        assert "$X_t$" in labels and "$H_t$" in labels and "=" in labels
        assert labels.count("tanh") == 3
        assert ax.get_xlim()[0] < 0

    def test_draws_on_given_axes_and_leaves_rcparams_alone(self):
        before = dict(matplotlib.rcParams)
        fig, ax = plt.subplots()
        assert plots.plot_unrolled(1, ax=ax) is ax
        assert dict(matplotlib.rcParams) == before

    @pytest.mark.parametrize(
        "kwargs, error, message",
        [
            ({"lookback": 0}, ValueError, r"`lookback` must be >= 1\. Received: lookback=0"),
            ({"lookback": 9}, ValueError, r"`lookback` must be <= 8 to fit in one figure\. Received: lookback=9"),
            ({"lookback": 2.0}, TypeError, r"`lookback` must be an integer\. Received: lookback=2\.0"),
            ({"folded": "yes"}, TypeError, r"`folded` must be a bool\. Received: folded='yes'"),
            ({"ax": "left"}, TypeError, r"`ax` must be a matplotlib Axes or None\. Received: ax='left'"),
        ],
    )
    def test_invalid(self, kwargs, error, message):
        with pytest.raises(error, match=message):
            plots.plot_unrolled(**kwargs)
