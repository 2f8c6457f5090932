"""Reproducible training: seeding, device choice, progress display and training loops.

:func:`fit_torch` is the course's PyTorch training loop and :func:`fit_keras`
its Keras twin: same arguments, same schedules, same early-stopping rule
(:class:`Monitor`), same :class:`FitResult`. Nothing here runs at import
time: importing this package seeds nothing and imports neither TensorFlow
nor PyTorch (each function imports its framework when called).

- :mod:`rnnbook.train.session`: :func:`quiet_keras`, :func:`set_seed`, :func:`pick_device`,
  progress bars;
- :mod:`rnnbook.train.config`: :class:`FitConfig`, :func:`lr_schedule`, :class:`Monitor`,
  :class:`FitResult`;
- :mod:`rnnbook.train.torch_loop`: :func:`fit_torch`;
- :mod:`rnnbook.train.keras_loop`: :func:`fit_keras`.
"""

from rnnbook.train.config import (
    LOSSES,
    ONECYCLE_DIV,
    ONECYCLE_WARMUP,
    PLATEAU_FACTOR,
    PLATEAU_PATIENCE,
    SCHEDULES,
    VAL_METRICS,
    FitConfig,
    FitResult,
    Monitor,
    lr_schedule,
)
from rnnbook.train.keras_loop import fit_keras
from rnnbook.train.session import (
    KERAS_ENVIRONMENT,
    PROGRESS_ENV,
    pick_device,
    progress_enabled,
    quiet_keras,
    set_seed,
)
from rnnbook.train.torch_loop import fit_torch

__all__ = [
    "LOSSES", "ONECYCLE_DIV", "ONECYCLE_WARMUP", "PLATEAU_FACTOR", "PLATEAU_PATIENCE",
    "KERAS_ENVIRONMENT", "PROGRESS_ENV", "SCHEDULES", "VAL_METRICS", "FitConfig", "FitResult",
    "Monitor", "fit_keras", "fit_torch", "lr_schedule", "pick_device", "progress_enabled",
    "quiet_keras", "set_seed",
]
