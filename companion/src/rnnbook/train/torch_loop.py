"""The course's PyTorch training loop: Adam, mini-batches, validation after every epoch."""

from __future__ import annotations

import time

import numpy as np

from rnnbook.train.config import (FitConfig, FitResult, Monitor, check_fit_arguments,
                                  lr_schedule, monitored)
from rnnbook.train.session import pick_device, progress_bar


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
    clip_norm: float | None = None,
    device=None,
    verbose: bool = True,
) -> FitResult:
    """Train a PyTorch model with Adam, mini-batches and validation after every epoch.

    Each epoch shuffles the training windows (with a private generator
    seeded by ``seed``), then for every batch of ``batch_size`` windows:

    1. forward pass, ``pred = model(X_batch)``;
    2. loss, e.g. :math:`\\frac{1}{n}\\sum (y - \\hat y)^2`;
    3. ``loss.backward()`` (backpropagation through time, done by autograd);
    4. with ``clip_norm``, ``torch.nn.utils.clip_grad_norm_(model.parameters(),
       clip_norm)``: the gradient of all parameters, as one vector, is scaled
       down to norm ``clip_norm`` when it is longer;
    5. ``optimizer.step()`` with the learning rate of this step.

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
    clip_norm : float or None, default None
        Clip the global gradient norm to this value before every step (step 4
        above); ``None`` does not clip. :func:`rnnbook.train.fit_keras` clips
        the same norm (Keras's ``global_clipnorm``).
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
    import torch
    import torch.nn.functional as F

    from rnnbook.torch_models import last_time_step_mse

    config = FitConfig(epochs=epochs, batch_size=batch_size, lr=lr, patience=patience,
                       schedule=schedule, val_batch_size=val_batch_size,
                       clip_norm=clip_norm)
    X_train, y_train, X_valid, y_valid = check_fit_arguments(
        X_train, y_train, X_valid, y_valid, config, loss, val_metric, seed)
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
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    n_batches = -(-len(X_tr) // config.batch_size)
    rates = lr_schedule(n_batches * config.epochs, config.lr, config.schedule)  # (epochs * n_batches,)
    generator = torch.Generator().manual_seed(int(seed))
    monitor, key = Monitor(config.patience, config.schedule), monitored(val_metric)
    history: dict[str, list[float]] = {"loss": [], "val_loss": [], "lr": []}
    if val_metric is not None:
        history[key] = []
    best_state = None
    bar = progress_bar(config.epochs, "fit_torch")
    step = 0
    start = time.perf_counter()
    for _ in range(config.epochs):
        model.train()
        order = torch.randperm(len(X_tr), generator=generator).to(device)  # (N,)
        total = 0.0
        for first in range(0, len(X_tr), config.batch_size):
            index = order[first:first + config.batch_size]  # (B,)
            for group in optimizer.param_groups:
                group["lr"] = float(rates[step]) * monitor.lr_scale
            optimizer.zero_grad()
            batch_loss = loss_fn(model(X_tr[index]), y_tr[index])  # scalar
            batch_loss.backward()
            if config.clip_norm is not None:  # one norm over every parameter's gradient
                torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip_norm)
            optimizer.step()
            total += float(batch_loss.detach()) * len(index)
            step += 1
        model.eval()
        with torch.no_grad():
            val_loss = val_extra = 0.0
            for first in range(0, len(X_va), config.validation_batch_size):
                pred = model(X_va[first:first + config.validation_batch_size])
                target = y_va[first:first + config.validation_batch_size]
                val_loss += float(loss_fn(pred, target)) * len(target)
                if val_metric is not None:
                    val_extra += float(last_time_step_mse(target, pred)) * len(target)
        history["loss"].append(total / len(X_tr))
        history["val_loss"].append(val_loss / len(X_va))
        if val_metric is not None:
            history[key].append(val_extra / len(X_va))
        history["lr"].append(optimizer.param_groups[0]["lr"])
        # early stopping and the plateau schedule: the same rule as fit_keras (and Keras)
        if monitor.update(history[key][-1]) and config.patience is not None:
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{history['loss'][-1]:.4g}", val=f"{history[key][-1]:.4g}")
        if monitor.stop:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    seconds = time.perf_counter() - start
    if bar is not None:
        bar.close()
    result = FitResult(history, seconds, len(history["loss"]), monitor.best_epoch, key)
    if verbose:
        print(result.summary("fit_torch"))
    return result
