"""Sequential data: the synthetic benchmark, windows and splits, real series, scaling.

One module per idea, every public name re-exported here, so both
``from rnnbook import data; data.make_windows(...)`` and
``from rnnbook.data import make_windows`` work:

- :mod:`rnnbook.data.synthetic`: the sine-mixture benchmark;
- :mod:`rnnbook.data.windows`: windows, chronological splits, multi-step targets;
- :mod:`rnnbook.data.realdata`: real series that ship with statsmodels;
- :mod:`rnnbook.data.scaling`: scalers fitted on the training split, relative windows.
"""

from rnnbook.data.realdata import FILL_METHODS, REAL_SERIES, RealSeries, load_co2, load_series
from rnnbook.data.scaling import SCALERS, Scaler, fit_scaler, relative_to_last, restore_from_last
from rnnbook.data.synthetic import (
    BENCHMARK_SEED,
    BENCHMARK_SIZES,
    BENCHMARK_LOOKBACK,
    benchmark_data,
    sine_mixture,
)
from rnnbook.data.windows import (
    ForecastData,
    make_windows,
    seq2seq_targets,
    split,
    split_series,
    window_splits,
)

__all__ = [
    "BENCHMARK_SEED",
    "BENCHMARK_SIZES",
    "BENCHMARK_LOOKBACK",
    "FILL_METHODS",
    "REAL_SERIES",
    "SCALERS",
    "ForecastData",
    "RealSeries",
    "Scaler",
    "benchmark_data",
    "fit_scaler",
    "load_co2",
    "load_series",
    "make_windows",
    "relative_to_last",
    "restore_from_last",
    "seq2seq_targets",
    "sine_mixture",
    "split",
    "split_series",
    "window_splits",
]
