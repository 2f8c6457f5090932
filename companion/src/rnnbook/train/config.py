"""How to train: the configuration, the learning-rate schedules, the stopping rule and the result.

Both training loops, :func:`rnnbook.train.fit_torch` and
:func:`rnnbook.train.fit_keras`, read their settings from one
:class:`FitConfig`, their learning rates from one :func:`lr_schedule` table
and decide when to stop (and when to lower the rate on a plateau) with one
:class:`Monitor`, so the two frameworks train by the same rules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from rnnbook._validate import check_choice, check_float, check_int

#: Learning-rate schedules understood by the training loops.
SCHEDULES = (None, "plateau", "cosine", "onecycle")
#: Training losses understood by the training loops.
LOSSES = ("mse", "last_time_step_mse", "cross_entropy")
#: Extra validation metrics (besides the loss) that the loops can record and monitor.
VAL_METRICS = (None, "last_time_step_mse")
#: Settings of schedule="plateau" (Keras's ReduceLROnPlateau with these arguments).
PLATEAU_FACTOR, PLATEAU_PATIENCE = 0.5, 2
#: Share of the steps spent warming up in schedule="onecycle", and the start divisor.
ONECYCLE_WARMUP, ONECYCLE_DIV = 0.3, 25.0


@dataclass(frozen=True)
class FitConfig:
    """How to train: the keyword arguments of :func:`rnnbook.train.fit_keras` / ``fit_torch``.

    Attributes
    ----------
    epochs : int
        Maximum number of epochs.
    batch_size : int
        Windows per optimiser step.
    lr : float
        (Peak) learning rate of Adam.
    patience : int or None
        Early-stopping patience in epochs (best weights restored); None: off.
    schedule : {None, "plateau", "cosine", "onecycle"}
        Learning-rate schedule (see :func:`lr_schedule`).
    val_batch_size : int or None
        Windows per validation forward pass; None: ``batch_size``, as in the
        reference recipe (Keras's default).
    clip_norm : float or None
        Gradient clipping by global norm: before every step the gradients of
        all parameters, taken as one vector :math:`g`, are rescaled to
        :math:`g \\min(1, c / \\lVert g \\rVert)` with :math:`c` = ``clip_norm``
        (PyTorch's ``clip_grad_norm_``, Keras's ``global_clipnorm``). None: off.

    Raises
    ------
    TypeError, ValueError
        If a field has the wrong type or range, or ``schedule`` is unknown.

    Examples
    --------
    >>> FitConfig(epochs=5, batch_size=64, lr=0.02, schedule="onecycle").validation_batch_size
    64
    >>> FitConfig(clip_norm=1).clip_norm
    1.0
    """

    epochs: int = 20
    batch_size: int = 32
    lr: float = 1e-3
    patience: int | None = None
    schedule: str | None = None
    val_batch_size: int | None = None
    clip_norm: float | None = None

    def __post_init__(self) -> None:
        checked = {
            "epochs": check_int("epochs", self.epochs, minimum=1),
            "batch_size": check_int("batch_size", self.batch_size, minimum=1),
            "lr": check_float("lr", self.lr, minimum=0.0, exclusive_minimum=True),
            "schedule": check_choice("schedule", self.schedule, SCHEDULES),
        }
        for name in ("patience", "val_batch_size"):
            if getattr(self, name) is not None:
                checked[name] = check_int(name, getattr(self, name), minimum=1)
        if self.clip_norm is not None:
            checked["clip_norm"] = check_float("clip_norm", self.clip_norm, minimum=0.0,
                                               exclusive_minimum=True)
        for name, value in checked.items():  # plain int and float, e.g. from numpy scalars
            object.__setattr__(self, name, value)

    @property
    def validation_batch_size(self) -> int:
        """Windows per validation forward pass (``val_batch_size``, else ``batch_size``)."""
        return self.batch_size if self.val_batch_size is None else self.val_batch_size

    def kwargs(self) -> dict:
        """The fields as a dict, ready for ``fit_keras(..., **config.kwargs())``."""
        return asdict(self)


def lr_schedule(total_steps: int, lr: float, schedule: str | None) -> np.ndarray:
    """Learning rate at every optimiser step, for the step-wise schedules.

    With ``s = step / total_steps`` in ``[0, 1)``:

    - ``None`` (and ``"plateau"``, which adapts per epoch instead):
      ``lr`` at every step;
    - ``"cosine"``: :math:`\\mathrm{lr}\\,(1 + \\cos \\pi s) / 2`, from ``lr`` down to 0;
    - ``"onecycle"``: a linear warm-up from ``lr / 25`` to ``lr`` over the
      first 30 % of the steps, then the cosine decay to 0 over the rest.

    Both training loops read their learning rates from this one table, so
    the two frameworks follow exactly the same schedule.

    Parameters
    ----------
    total_steps : int
        Number of optimiser steps (batches per epoch times epochs), at least 1.
    lr : float
        Peak learning rate, > 0.
    schedule : {None, "plateau", "cosine", "onecycle"}

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``(total_steps,)``.

    Examples
    --------
    >>> lr_schedule(4, 0.1, "cosine").round(4)
    array([0.1   , 0.0854, 0.05  , 0.0146])
    """
    total_steps = check_int("total_steps", total_steps, minimum=1)
    lr = check_float("lr", lr, minimum=0.0, exclusive_minimum=True)
    check_choice("schedule", schedule, SCHEDULES)
    steps = np.arange(total_steps, dtype=np.float64)  # (S,)
    if schedule in (None, "plateau"):
        return np.full(total_steps, lr)
    if schedule == "cosine":
        return lr * 0.5 * (1.0 + np.cos(np.pi * steps / total_steps))
    warmup = max(1, int(round(ONECYCLE_WARMUP * total_steps)))  # onecycle
    rising = lr / ONECYCLE_DIV + (lr - lr / ONECYCLE_DIV) * steps / warmup
    falling = lr * 0.5 * (1.0 + np.cos(np.pi * (steps - warmup) / max(1, total_steps - warmup)))
    return np.where(steps < warmup, rising, falling)


@dataclass
class FitResult:
    """What a training run returns.

    Attributes
    ----------
    history : dict of str to list of float
        One value per epoch run: ``"loss"`` (mean training loss over the
        epoch's windows, as Keras reports it), ``"val_loss"``, ``"val_<metric>"`` when a
        validation metric was asked for, and ``"lr"`` (learning rate at the
        end of the epoch). Pass it to :func:`rnnbook.plots.plot_learning_curves`.
    fit_seconds : float
        Wall-clock time of the training loop (Keras: of ``model.fit``).
    epochs : int
        Number of epochs run (fewer than asked if early stopping fired).
    best_epoch : int
        1-based epoch with the best monitored value.
    monitor : str
        The history key that early stopping and the plateau schedule watch.
    """

    history: dict[str, list[float]]
    fit_seconds: float
    epochs: int
    best_epoch: int
    monitor: str

    @property
    def best(self) -> float:
        """The best value of the monitored quantity."""
        return float(self.history[self.monitor][self.best_epoch - 1])

    def summary(self, name: str = "fit") -> str:
        """One line: epochs, seconds and the best monitored value."""
        return (
            f"{name}: {self.epochs} epochs in {self.fit_seconds:.2f} s, "
            f"best {self.monitor} {self.best:.5f} at epoch {self.best_epoch}"
        )


class Monitor:
    """The rule both loops apply to the monitored validation value after every epoch.

    An epoch *improves* when its value is below the best so far (Keras's
    ``EarlyStopping`` and ``ReduceLROnPlateau`` with ``min_delta=0``). Then

    - early stopping (``patience`` given): stop after ``patience`` epochs in a
      row without improvement; the loop restores the weights of
      :attr:`best_epoch`;
    - schedule "plateau": after ``PLATEAU_PATIENCE`` epochs in a row without
      improvement, multiply the learning rate by ``PLATEAU_FACTOR``
      (:attr:`lr_scale`) and count again from zero.

    Examples
    --------
    >>> monitor = Monitor(patience=2, schedule="plateau")
    >>> [monitor.update(value) for value in (3.0, 2.0, 2.5, 2.0)]
    [True, True, False, False]
    >>> monitor.best_epoch, monitor.lr_scale, monitor.stop
    (2, 0.5, True)
    """

    def __init__(self, patience: int | None = None, schedule: str | None = None) -> None:
        self.patience = patience
        self.plateau = schedule == "plateau"
        self.best, self.best_epoch, self.epochs = np.inf, 0, 0
        self.wait = 0  # epochs since the last improvement
        self.plateau_wait = 0  # the same, counted from the last change of the rate
        self.lr_scale = 1.0

    def update(self, value: float) -> bool:
        """Record the value of the epoch just finished; True when it improved."""
        self.epochs += 1
        if value < self.best:
            self.best, self.best_epoch, self.wait, self.plateau_wait = value, self.epochs, 0, 0
            return True
        self.wait += 1
        self.plateau_wait += 1
        if self.plateau and self.plateau_wait >= PLATEAU_PATIENCE:
            self.lr_scale *= PLATEAU_FACTOR
            self.plateau_wait = 0
        return False

    @property
    def stop(self) -> bool:
        """Whether early stopping ends the training now."""
        return self.patience is not None and self.wait >= self.patience


def check_fit_arguments(
    X_train, y_train, X_valid, y_valid, config: FitConfig, loss: str, val_metric: str | None,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Check the arguments of a fit that ``config`` does not hold; the four data arrays.

    Raises
    ------
    TypeError
        If ``config`` is not a FitConfig or ``seed`` is not an integer.
    ValueError
        If ``loss`` or ``val_metric`` is unknown, ``seed`` is negative, an array
        is empty, or inputs and targets disagree on the number of samples.
    """
    if not isinstance(config, FitConfig):
        raise TypeError(f"`config` must be a FitConfig. Received: config={config!r}")
    check_choice("loss", loss, LOSSES)
    check_choice("val_metric", val_metric, VAL_METRICS)
    check_int("seed", seed, minimum=0)
    arrays = []
    for name, value in (("X_train", X_train), ("y_train", y_train),
                        ("X_valid", X_valid), ("y_valid", y_valid)):
        value = np.asarray(value)
        if value.ndim == 0 or len(value) == 0:
            raise ValueError(f"`{name}` must be a non-empty array. Received: {name}={value!r}")
        arrays.append(value)
    for x_name, x, y_name, y in (("X_train", arrays[0], "y_train", arrays[1]),
                                 ("X_valid", arrays[2], "y_valid", arrays[3])):
        if len(x) != len(y):
            raise ValueError(
                f"`{x_name}` and `{y_name}` must have the same number of samples. "
                f"Received: {x_name} with shape {x.shape} and {y_name} with shape {y.shape}"
            )
    return arrays[0], arrays[1], arrays[2], arrays[3]


def monitored(val_metric: str | None) -> str:
    """The history key that early stopping and the plateau schedule watch."""
    return "val_loss" if val_metric is None else f"val_{val_metric}"
