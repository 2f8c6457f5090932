"""Tests of rnnbook.plots and rnnbook.train."""

import os
import random

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from rnnbook import plots, train  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


class TestPlots:
    def test_plot_series_draws_input_truth_and_forecast(self):
        ax = plots.plot_series(np.arange(5.0), [5.0, 6.0], [5.5, 6.5], title="t")
        assert len(ax.lines) == 4  # input, truth, forecast, separator
        np.testing.assert_array_equal(ax.lines[1].get_xdata(), [5, 6])
        assert ax.get_title() == "t"

    def test_plot_series_on_given_axes(self):
        fig, ax = plt.subplots()
        assert plots.plot_series(np.zeros((4, 1)), ax=ax) is ax

    def test_plot_learning_curves(self):
        ax = plots.plot_learning_curves({"loss": [1.0, 0.5], "val_loss": [1.2, 0.6], "lr": [1, 1]})
        assert [line.get_label() for line in ax.lines] == ["training", "validation"]
        assert ax.get_yscale() == "log"

    def test_plot_taxonomy_has_one_panel_per_pattern(self):
        fig = plots.plot_taxonomy()
        assert len(plots.TAXONOMY) == 5
        assert sum(ax.axison for ax in fig.axes) == 0  # diagrams only
        assert sum(bool(ax.get_title()) for ax in fig.axes) == 5

    def test_plots_leave_rcparams_alone(self):
        before = dict(matplotlib.rcParams)
        plots.plot_taxonomy()
        plots.plot_series(np.arange(3.0))
        assert dict(matplotlib.rcParams) == before

    def test_invalid(self):
        with pytest.raises(TypeError, match=r"`ax` must be a matplotlib Axes or None\. Received: ax='left'"):
            plots.plot_series(np.arange(3.0), ax="left")
        with pytest.raises(ValueError, match=r"`history` must be a mapping with at least a 'loss' list"):
            plots.plot_learning_curves({"val_loss": [1.0]})
        with pytest.raises(ValueError, match=r"`x` must have 1 or 2 dimensions"):
            plots.plot_series(np.zeros((2, 2, 2)))
        with pytest.raises(ValueError, match=r"`y_pred` must contain only finite values"):
            plots.plot_series(np.zeros(3), y_pred=[np.nan])


class TestSetSeed:
    def test_python_and_numpy_are_reproducible(self):
        train.set_seed(123)
        first = (random.random(), np.random.rand())
        train.set_seed(123)
        assert (random.random(), np.random.rand()) == first

    def test_reports_what_it_seeded(self):
        assert train.set_seed(0)[:2] == ["python", "numpy"]

    @pytest.mark.parametrize(
        "seed, error, message",
        [
            (-1, ValueError, r"`seed` must be >= 0\. Received: seed=-1"),
            (2**32, ValueError, r"`seed` must be < 2\*\*32\. Received: seed=4294967296"),
            ("1", TypeError, r"`seed` must be an integer\. Received: seed='1'"),
        ],
    )
    def test_invalid(self, seed, error, message):
        with pytest.raises(error, match=message):
            train.set_seed(seed)


def test_progress_enabled_follows_environment(monkeypatch):
    monkeypatch.setenv(train.PROGRESS_ENV, "0")
    assert train.progress_enabled() is False
    monkeypatch.setenv(train.PROGRESS_ENV, "1")
    assert train.progress_enabled() is True
    monkeypatch.delenv(train.PROGRESS_ENV)
    assert train.progress_enabled() is True


def test_importing_the_package_is_side_effect_free():
    import subprocess
    import sys

    code = (
        "import sys, numpy as np; np.random.seed(5); a = np.random.rand(); np.random.seed(5);"
        "import rnnbook, rnnbook.data, rnnbook.baselines, rnnbook.metrics, rnnbook.plots, rnnbook.train;"
        "assert np.random.rand() == a;"
        "assert 'tensorflow' not in sys.modules and 'torch' not in sys.modules, 'heavy import'"
    )
    env = {k: v for k, v in os.environ.items() if k != "RNNBOOK_PROGRESS"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
