"""Reproducible training: seeding, device choice, progress display and training loops.

:func:`fit_torch` is the course's PyTorch training loop and :func:`fit_keras`
its Keras twin: same arguments, same schedules, same early-stopping rule,
same :class:`FitResult`. Nothing here runs at import time: importing this
module seeds nothing and imports neither TensorFlow nor PyTorch (each
function imports its framework when called).
"""

from __future__ import annotations

import functools
import os
import random
import sys
from dataclasses import dataclass

import numpy as np

from rnnbook._validate import check_choice, check_float, check_int

#: Environment variable that turns progress bars off ("0") or on ("1").
PROGRESS_ENV = "RNNBOOK_PROGRESS"


def set_seed(seed: int) -> list[str]:
    """Seed Python, NumPy and every deep-learning framework already imported.

    Call it after importing TensorFlow/Keras or PyTorch and before building
    a model: a framework that is not imported yet is not seeded (importing
    TensorFlow only to seed it would cost seconds in chapters that never use
    it). PyTorch is also switched to deterministic algorithms, and
    TensorFlow to deterministic ops, so a chapter run twice prints the same
    numbers.

    Parameters
    ----------
    seed : int
        Seed, ``0 <= seed < 2**32``.

    Returns
    -------
    list of str
        The names of what was seeded, e.g. ``["python", "numpy", "torch"]``.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer.
    ValueError
        If ``seed`` is negative or too large.

    Examples
    --------
    >>> "numpy" in set_seed(0)
    True
    """
    seed = check_int("seed", seed, minimum=0)
    if seed >= 2**32:
        raise ValueError(f"`seed` must be < 2**32. Received: seed={seed}")
    seeded = ["python", "numpy"]
    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)  # seeds the CPU and every CUDA device
        torch.use_deterministic_algorithms(True, warn_only=True)
        seeded.append("torch")
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)  # seeds Python, NumPy and the backend
        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            tf.config.experimental.enable_op_determinism()
        seeded.append("keras")
    return seeded


def progress_enabled() -> bool:
    """Whether long loops should draw a progress bar.

    Bars help a student watching a notebook, but a built page should show
    only a clean summary. The environment variable ``RNNBOOK_PROGRESS``
    decides: ``"0"`` turns bars off (the book build and the tests set it),
    anything else, or unset, turns them on.

    Examples
    --------
    >>> import os
    >>> os.environ["RNNBOOK_PROGRESS"] = "0"
    >>> progress_enabled()
    False
    >>> del os.environ["RNNBOOK_PROGRESS"]
    """
    return os.environ.get(PROGRESS_ENV, "1").strip() != "0"


# ---------------------------------------------------------------------------
# Devices, learning-rate schedules and the training loops of both frameworks
# ---------------------------------------------------------------------------

#: Learning-rate schedules understood by :func:`fit_torch` and :func:`fit_keras`.
SCHEDULES = (None, "plateau", "cosine", "onecycle")
#: Training losses understood by :func:`fit_torch` and :func:`fit_keras`.
LOSSES = ("mse", "last_time_step_mse", "cross_entropy")
#: Extra validation metrics (besides the loss) that the loops can record and monitor.
VAL_METRICS = (None, "last_time_step_mse")
#: ReduceLROnPlateau settings used by schedule="plateau" (same in both frameworks).
PLATEAU_FACTOR, PLATEAU_PATIENCE = 0.5, 2
#: Share of the steps spent warming up in schedule="onecycle", and the start divisor.
ONECYCLE_WARMUP, ONECYCLE_DIV = 0.3, 25.0


def pick_device():
    """The best available PyTorch device: CUDA, else Apple's MPS, else the CPU.

    The one place in the course that decides where PyTorch computes; every
    chapter calls it instead of hard-coding ``"cuda"`` or ``"cpu"``.

    Returns
    -------
    torch.device

    Examples
    --------
    >>> pick_device().type in {"cuda", "mps", "cpu"}
    True
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


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


def _check_fit_arguments(
    X_train, y_train, X_valid, y_valid, epochs, batch_size, lr, loss, val_metric, patience,
    schedule, seed, val_batch_size=None,
) -> tuple:
    """Validate the arguments shared by fit_torch and fit_keras."""
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    lr = check_float("lr", lr, minimum=0.0, exclusive_minimum=True)
    check_choice("loss", loss, LOSSES)
    check_choice("val_metric", val_metric, VAL_METRICS)
    if patience is not None:
        patience = check_int("patience", patience, minimum=1)
    check_choice("schedule", schedule, SCHEDULES)
    seed = check_int("seed", seed, minimum=0)
    if val_batch_size is not None:
        val_batch_size = check_int("val_batch_size", val_batch_size, minimum=1)
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
    val_batch_size = batch_size if val_batch_size is None else val_batch_size
    return (*arrays, epochs, batch_size, lr, patience, seed, val_batch_size)


def fit_torch(
    model,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_valid: np.ndarray,
    y_valid: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    loss: str = "mse",
    val_metric: str | None = None,
    patience: int | None = None,
    schedule: str | None = None,
    seed: int = 0,
    val_batch_size: int | None = None,
    device=None,
    verbose: bool = True,
) -> FitResult:
    """Train a PyTorch model with Adam, mini-batches and validation after every epoch.

    Each epoch shuffles the training windows (with a private generator
    seeded by ``seed``), then for every batch of ``batch_size`` windows:

    1. forward pass, ``pred = model(X_batch)``;
    2. loss, e.g. :math:`\\frac{1}{n}\\sum (y - \\hat y)^2`;
    3. ``loss.backward()`` (backpropagation through time, done by autograd);
    4. ``optimizer.step()`` with the learning rate of this step.

    After the epoch the model is evaluated on the validation data (no
    gradients), early stopping is checked and the best weights are kept.

    Parameters
    ----------
    model : torch.nn.Module
        Maps a float32 batch ``(N, T, F)`` to predictions shaped like the targets.
    X_train, y_train, X_valid, y_valid : array_like
        Inputs ``(N, T, F)`` (or integer token ids ``(N, T)`` for a model with an
        embedding) and targets (``(N, horizon)``, ``(N, T, horizon)``, or integer
        class ids ``(N, T)`` for ``loss="cross_entropy"``).
    epochs : int
        Maximum number of passes over the training data.
    batch_size : int
        Windows per optimiser step.
    lr : float
        (Peak) learning rate of Adam.
    loss : {"mse", "last_time_step_mse", "cross_entropy"}, default "mse"
        Training loss; "cross_entropy" expects logits ``(N, T, V)``.
    val_metric : {None, "last_time_step_mse"}, default None
        An extra validation metric, recorded as ``"val_<name>"`` and
        monitored instead of ``val_loss`` when given.
    patience : int or None, default None
        Early stopping: stop after ``patience`` epochs without improvement of
        the monitored value and restore the best weights. ``None`` trains
        every epoch and keeps the final weights.
    schedule : {None, "plateau", "cosine", "onecycle"}, default None
        Learning-rate schedule, see :func:`lr_schedule`; "plateau" halves the
        rate after 2 epochs without improvement.
    seed : int, default 0
        Seed of the shuffling order.
    val_batch_size : int or None, default None
        Windows per forward pass when validating; ``None`` uses ``batch_size``
        (as Keras does by default). Validation computes no gradients, so large
        batches cost far less time than many small ones; the value validated is
        the same up to float32 rounding.
    device : torch.device or str, optional
        Where to train; :func:`pick_device` by default.
    verbose : bool, default True
        Print a one-line summary at the end (a tqdm bar is drawn instead
        while training when :func:`progress_enabled`).

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        If an argument is out of range, a choice is unknown, or inputs and
        targets disagree on the number of samples.
    TypeError
        If an integer argument is not an integer.
    """
    import time

    import torch
    import torch.nn.functional as F

    from rnnbook.torch_models import last_time_step_mse

    (X_train, y_train, X_valid, y_valid, epochs, batch_size, lr, patience, seed,
     val_batch_size) = (
        _check_fit_arguments(X_train, y_train, X_valid, y_valid, epochs, batch_size, lr,
                             loss, val_metric, patience, schedule, seed, val_batch_size)
    )
    device = pick_device() if device is None else torch.device(device)
    target_dtype = torch.long if loss == "cross_entropy" else torch.float32

    def tensor(array, dtype):
        return torch.as_tensor(np.asarray(array), dtype=dtype, device=device)

    # integer inputs are token ids for an embedding; everything else is float32 features
    input_dtype = torch.long if np.issubdtype(X_train.dtype, np.integer) else torch.float32
    X_tr, y_tr = tensor(X_train, input_dtype), tensor(y_train, target_dtype)  # (N, T, F), targets
    X_va, y_va = tensor(X_valid, input_dtype), tensor(y_valid, target_dtype)

    def loss_fn(pred, target):
        if loss == "mse":
            return F.mse_loss(pred, target)
        if loss == "last_time_step_mse":
            return last_time_step_mse(target, pred)
        return F.cross_entropy(pred.reshape(-1, pred.shape[-1]), target.reshape(-1))

    model = model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    n_batches = -(-len(X_tr) // batch_size)
    rates = lr_schedule(n_batches * epochs, lr, schedule)  # (epochs * n_batches,)
    generator = torch.Generator().manual_seed(seed)
    monitor = "val_loss" if val_metric is None else f"val_{val_metric}"
    history: dict[str, list[float]] = {"loss": [], "val_loss": [], "lr": []}
    if val_metric is not None:
        history[monitor] = []
    best, best_epoch, best_state, wait = np.inf, 0, None, 0
    plateau_best, plateau_wait, plateau_scale = np.inf, 0, 1.0
    bar = _progress(epochs, "fit_torch")
    step = 0
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(X_tr), generator=generator).to(device)  # (N,)
        total = 0.0
        for first in range(0, len(X_tr), batch_size):
            index = order[first:first + batch_size]  # (B,)
            for group in optimizer.param_groups:
                group["lr"] = float(rates[step]) * plateau_scale
            optimizer.zero_grad()
            batch_loss = loss_fn(model(X_tr[index]), y_tr[index])  # scalar
            batch_loss.backward()
            optimizer.step()
            total += float(batch_loss.detach()) * len(index)
            step += 1
        model.eval()
        with torch.no_grad():
            val_loss = val_extra = 0.0
            for first in range(0, len(X_va), val_batch_size):
                pred = model(X_va[first:first + val_batch_size])
                target = y_va[first:first + val_batch_size]
                val_loss += float(loss_fn(pred, target)) * len(target)
                if val_metric is not None:
                    val_extra += float(last_time_step_mse(target, pred)) * len(target)
        history["loss"].append(total / len(X_tr))
        history["val_loss"].append(val_loss / len(X_va))
        if val_metric is not None:
            history[monitor].append(val_extra / len(X_va))
        history["lr"].append(optimizer.param_groups[0]["lr"])
        current = history[monitor][-1]
        if schedule == "plateau":  # same rule as Keras's ReduceLROnPlateau
            if current < plateau_best:
                plateau_best, plateau_wait = current, 0
            else:
                plateau_wait += 1
                if plateau_wait >= PLATEAU_PATIENCE:
                    plateau_scale *= PLATEAU_FACTOR
                    plateau_wait = 0
        wait += 1
        if current < best:  # same rule as Keras's EarlyStopping
            best, best_epoch, wait = current, epoch + 1, 0
            if patience is not None:
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{history['loss'][-1]:.4g}", val=f"{current:.4g}")
        if patience is not None and wait >= patience:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    seconds = time.perf_counter() - start
    if bar is not None:
        bar.close()
    result = FitResult(history, seconds, len(history["loss"]), best_epoch, monitor)
    if verbose:
        print(result.summary("fit_torch"))
    return result


def _progress(total: int, description: str):
    """A tqdm bar when progress bars are enabled, else None."""
    if not progress_enabled():
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="epoch", leave=False)


def fit_keras(
    model,
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_valid: np.ndarray,
    y_valid: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    loss: str = "mse",
    val_metric: str | None = None,
    patience: int | None = None,
    schedule: str | None = None,
    seed: int = 0,
    val_batch_size: int | None = None,
    verbose: bool = True,
) -> FitResult:
    """Compile a Keras model with Adam and fit it; the twin of :func:`fit_torch`.

    Same arguments and result as :func:`fit_torch` (without ``device``).
    ``model.fit`` runs with ``verbose=0``; early stopping is Keras's
    ``EarlyStopping(restore_best_weights=True)``, schedule "plateau" is
    ``ReduceLROnPlateau(factor=0.5, patience=2)`` and the step-wise
    schedules come from :func:`lr_schedule`. ``keras.utils.set_random_seed(seed)``
    is called first, so the shuffling order is reproducible.

    Returns
    -------
    FitResult
    """
    import time

    import keras

    from rnnbook.keras_models import last_time_step_mse

    (X_train, y_train, X_valid, y_valid, epochs, batch_size, lr, patience, seed,
     val_batch_size) = (
        _check_fit_arguments(X_train, y_train, X_valid, y_valid, epochs, batch_size, lr,
                             loss, val_metric, patience, schedule, seed, val_batch_size)
    )
    keras.utils.set_random_seed(seed)
    n_batches = -(-len(X_train) // batch_size)
    table = None
    learning_rate = lr
    if schedule in ("cosine", "onecycle"):
        table = lr_schedule(n_batches * epochs, lr, schedule)  # (epochs * n_batches,)
        learning_rate = _keras_classes()[0](table)
    losses = {
        "mse": "mse",
        "last_time_step_mse": last_time_step_mse,
        "cross_entropy": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    }
    metrics = [last_time_step_mse] if val_metric == "last_time_step_mse" else []
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=losses[loss],
        metrics=metrics,
    )
    monitor = "val_loss" if val_metric is None else f"val_{val_metric}"
    callbacks = [_keras_classes()[1](_progress(epochs, "fit_keras"), monitor, table)]
    if schedule == "plateau":
        callbacks.append(keras.callbacks.ReduceLROnPlateau(
            monitor=monitor, factor=PLATEAU_FACTOR, patience=PLATEAU_PATIENCE, min_delta=0.0))
    if patience is not None:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor=monitor, patience=patience, restore_best_weights=True, min_delta=0.0))
    start = time.perf_counter()
    fitted = model.fit(
        X_train, y_train, validation_data=(X_valid, y_valid), epochs=epochs,
        batch_size=batch_size, validation_batch_size=val_batch_size, shuffle=True, verbose=0,
        callbacks=callbacks,
    )
    seconds = time.perf_counter() - start
    keys = ["loss", "val_loss"] + ([monitor] if val_metric is not None else [])
    history = {key: [float(v) for v in fitted.history[key]] for key in keys}
    history["lr"] = callbacks[0].rates
    values = history[monitor]
    best_epoch = int(np.argmin(values)) + 1
    result = FitResult(history, seconds, len(values), best_epoch, monitor)
    if verbose:
        print(result.summary("fit_keras"))
    return result


@functools.lru_cache(maxsize=1)
def _keras_classes():
    """Define the Keras helper classes on first use (keras is imported lazily)."""
    import keras

    class TableSchedule(keras.optimizers.schedules.LearningRateSchedule):
        """A learning rate read from a precomputed table, one entry per step."""

        def __init__(self, table):
            self.table = np.asarray(table, dtype=np.float32)

        def __call__(self, step):
            table = keras.ops.convert_to_tensor(self.table)
            index = keras.ops.minimum(keras.ops.cast(step, "int32"), len(self.table) - 1)
            return keras.ops.take(table, index)

        def get_config(self):
            return {"table": self.table.tolist()}

    class KerasLogger(keras.callbacks.Callback):
        """Records the learning rate per epoch and drives the optional progress bar."""

        def __init__(self, bar, monitor, table):
            super().__init__()
            self.bar, self.monitor, self.table, self.rates = bar, monitor, table, []

        def on_epoch_end(self, epoch, logs=None):
            optimizer = self.model.optimizer
            if self.table is None:
                rate = float(optimizer.learning_rate.numpy())
            else:  # the rate of the epoch's last step, as fit_torch records it
                last = int(optimizer.iterations.numpy()) - 1
                rate = float(self.table[min(last, len(self.table) - 1)])
            self.rates.append(rate)
            if self.bar is not None:
                logs = logs or {}
                self.bar.update(1)
                self.bar.set_postfix(loss=f"{logs.get('loss', np.nan):.4g}",
                                     val=f"{logs.get(self.monitor, np.nan):.4g}")

        def on_train_end(self, logs=None):
            if self.bar is not None:
                self.bar.close()

    return TableSchedule, KerasLogger

