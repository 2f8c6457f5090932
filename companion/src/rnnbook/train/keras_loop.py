"""The Keras twin of the PyTorch training loop: ``model.fit`` with the course's rules."""

from __future__ import annotations

import functools
import time

import numpy as np

from rnnbook.train.config import (FitConfig, FitResult, Monitor, check_fit_arguments,
                                  lr_schedule, monitored)
from rnnbook.train.session import progress_bar


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
    clip_norm: float | None = None,
    verbose: bool = True,
) -> FitResult:
    """Compile a Keras model with Adam and fit it; the twin of :func:`rnnbook.train.fit_torch`.

    Same arguments and result as ``fit_torch`` (without ``device``).
    ``clip_norm`` becomes Adam's ``global_clipnorm``: the gradients of all
    weights, as one vector, are scaled down to that norm when longer, as
    ``fit_torch`` does with ``torch.nn.utils.clip_grad_norm_``.
    ``model.fit`` runs with ``verbose=0``. After every epoch one callback
    applies the rule of :class:`~rnnbook.train.Monitor`, as ``fit_torch``
    does: early stopping with the best weights restored (Keras's
    ``EarlyStopping(restore_best_weights=True)``) and, for schedule
    "plateau", the halving of the rate (Keras's
    ``ReduceLROnPlateau(factor=0.5, patience=2)``); the step-wise schedules
    come from :func:`~rnnbook.train.lr_schedule`.
    ``keras.utils.set_random_seed(seed)`` is called first, so the shuffling
    order is reproducible.

    Returns
    -------
    FitResult
    """
    import keras

    from rnnbook.keras_models import last_time_step_mse

    config = FitConfig(epochs=epochs, batch_size=batch_size, lr=lr, patience=patience,
                       schedule=schedule, val_batch_size=val_batch_size,
                       clip_norm=clip_norm)
    X_train, y_train, X_valid, y_valid = check_fit_arguments(
        X_train, y_train, X_valid, y_valid, config, loss, val_metric, seed)
    keras.utils.set_random_seed(seed)
    n_batches = -(-len(X_train) // config.batch_size)
    table = None
    learning_rate = config.lr
    if config.schedule in ("cosine", "onecycle"):
        table = lr_schedule(n_batches * config.epochs, config.lr, config.schedule)  # (steps,)
        learning_rate = _keras_classes()[0](table)
    losses = {
        "mse": "mse",
        "last_time_step_mse": last_time_step_mse,
        "cross_entropy": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    }
    metrics = [last_time_step_mse] if val_metric == "last_time_step_mse" else []
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate,
                                        global_clipnorm=config.clip_norm),
        loss=losses[loss],
        metrics=metrics,
    )
    key = monitored(val_metric)
    monitor = Monitor(config.patience, config.schedule)
    epoch_end = _keras_classes()[1](monitor, key, config, table,
                                    progress_bar(config.epochs, "fit_keras"))
    start = time.perf_counter()
    fitted = model.fit(
        X_train, y_train, validation_data=(X_valid, y_valid), epochs=config.epochs,
        batch_size=config.batch_size, validation_batch_size=config.validation_batch_size,
        shuffle=True, verbose=0, callbacks=[epoch_end],
    )
    seconds = time.perf_counter() - start
    keys = ["loss", "val_loss"] + ([key] if val_metric is not None else [])
    history = {name: [float(v) for v in fitted.history[name]] for name in keys}
    history["lr"] = epoch_end.rates
    result = FitResult(history, seconds, len(history[key]), monitor.best_epoch, key)
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

    class EpochEnd(keras.callbacks.Callback):
        """After every epoch: record the rate, apply the Monitor's rule, draw the progress bar."""

        def __init__(self, monitor, key, config, table, bar):
            super().__init__()
            self.monitor, self.key, self.config, self.table, self.bar = (
                monitor, key, config, table, bar)
            self.rates, self.best_weights = [], None

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            optimizer = self.model.optimizer
            if self.table is None:
                rate = float(optimizer.learning_rate.numpy())
            else:  # the rate of the epoch's last step, as fit_torch records it
                last = int(optimizer.iterations.numpy()) - 1
                rate = float(self.table[min(last, len(self.table) - 1)])
            self.rates.append(rate)
            scale = self.monitor.lr_scale
            if self.monitor.update(float(logs[self.key])) and self.config.patience is not None:
                self.best_weights = self.model.get_weights()
            if self.monitor.lr_scale != scale:  # a plateau: the rate of the next epochs
                optimizer.learning_rate = self.config.lr * self.monitor.lr_scale
            if self.bar is not None:
                self.bar.update(1)
                self.bar.set_postfix(loss=f"{logs.get('loss', np.nan):.4g}",
                                     val=f"{logs.get(self.key, np.nan):.4g}")
            if self.monitor.stop:
                self.model.stop_training = True

        def on_train_end(self, logs=None):
            if self.best_weights is not None:
                self.model.set_weights(self.best_weights)
            if self.bar is not None:
                self.bar.close()

    return TableSchedule, EpochEnd
