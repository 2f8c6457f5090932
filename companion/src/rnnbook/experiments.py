"""Train a registered benchmark model from its recipe and score it on the validation split.

Chapters call :func:`run` to train a model exactly as :mod:`rnnbook.recipes`
says, and the command lines ``python -m rnnbook.reproduce`` and ``python -m
rnnbook.bench`` call it for every model. A run is scored on the validation
split of the benchmark task (:func:`rnnbook.data.benchmark_data`) and gives one
row ``{"model": str, "framework": "keras" | "torch" | "numpy", "val_mse":
float, "fit_seconds": float, "epochs": int}``.

How a model is trained depends on its ``ModelSpec.kind``; :data:`RUNNERS`
maps every kind to its function. A new kind of model adds its function to
that dict.

Keras and PyTorch are imported when a run needs them, never at import time;
call :func:`rnnbook.train.quiet_keras` first for the book's quiet,
deterministic Keras.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnbook import baselines, data, forecast, metrics, recipes
from rnnbook._validate import check_choice, check_int
from rnnbook.recipes import Recipe
from rnnbook.train import FitConfig, FitResult, set_seed


@dataclass
class Run:
    """One trained model and its result row.

    Attributes
    ----------
    row : dict
        ``model``, ``framework``, ``val_mse``, ``fit_seconds``, ``epochs``.
    model : object
        The trained Keras model or torch module (None for the naive forecast).
    result : FitResult or None
        History and timing of the training run (None without training).
    """

    row: dict
    model: Any = None
    result: FitResult | None = None


@functools.lru_cache(maxsize=8)
def task_data(horizon: int = 1, seq2seq: bool = False) -> data.ForecastData:
    """The benchmark data for a recipe's task (cached: every run sees the same arrays)."""
    return data.benchmark_data(horizon, seq2seq=seq2seq)


def score(recipe: Recipe, y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Validation score of a forecast with the recipe's metric (NumPy, float64)."""
    if recipe.metric == "last_time_step_mse":
        return metrics.last_time_step_mse(y_true, y_pred)
    return metrics.mse(y_true, np.reshape(y_pred, np.shape(y_true)))


def _row(recipe: Recipe, framework: str, val_mse: float, seconds: float, epochs: int) -> dict:
    return {
        "model": recipe.name,
        "framework": framework,
        "val_mse": float(val_mse),
        "fit_seconds": float(seconds),
        "epochs": int(epochs),
    }


def build(recipe: Recipe, framework: str):
    """A fresh, untrained model for a "linear" or "rnn" recipe in ``framework``."""
    spec = recipe.spec
    if framework == "keras":
        from rnnbook import keras_models as module
    else:
        from rnnbook import torch_models as module
    if spec.kind == "linear":
        return module.build_linear(data.BENCHMARK_LOOKBACK, horizon=spec.horizon)
    if spec.kind == "rnn":
        return module.build_rnn(**spec.build_kwargs())
    raise ValueError(f"`recipe.spec.kind` must be 'linear' or 'rnn' here. Received: {spec.kind!r}")


def fit(model, recipe: Recipe, framework: str, config: FitConfig, seed: int,
        verbose: bool = False, task: data.ForecastData | None = None) -> FitResult:
    """Train ``model`` on the recipe's benchmark task (or on ``task``) with ``config``."""
    if task is None:
        task = task_data(recipe.spec.horizon, recipe.spec.seq2seq)
    fit_function = _fit_function(framework)
    return fit_function(
        model, task.X_train, task.y_train, task.X_valid, task.y_valid,
        loss=recipe.loss, val_metric=recipe.val_metric, seed=seed, verbose=verbose,
        **config.kwargs(),
    )


def _fit_function(framework: str):
    from rnnbook import train

    return train.fit_keras if framework == "keras" else train.fit_torch


def predict(model, framework: str, X: np.ndarray) -> np.ndarray:
    """Predictions of a Keras model or torch module as a NumPy array."""
    if framework == "keras":
        import keras

        return keras.ops.convert_to_numpy(model(X, training=False))
    from rnnbook import torch_models

    return torch_models.predict(model, X)


def one_step_predictor(model, framework: str) -> Callable[[np.ndarray], np.ndarray]:
    """``predict(X)`` for a model called many times on windows of one shape (feeding back).

    The same numbers as :func:`predict`. For Keras it uses ``model.predict_on_batch``,
    whose compiled function is traced once per input shape and then reused, where an
    eager call of a recurrent model costs a Python loop over the time steps each time:
    ten fed-back steps on 2,000 windows take a fraction of a second instead of seconds.
    """
    check_choice("framework", framework, recipes.FRAMEWORKS)
    if framework == "keras":
        return lambda X: np.asarray(model.predict_on_batch(X))
    from rnnbook import torch_models

    return lambda X: torch_models.predict(model, X)


def _run_naive(recipe: Recipe, framework: str, config: FitConfig, seed: int) -> Run:
    """The last value repeated ``horizon`` times: nothing to train, framework "numpy"."""
    task = task_data(recipe.spec.horizon, recipe.spec.seq2seq)
    forecast = baselines.naive_forecast(task.X_valid, recipe.spec.horizon)  # (N, horizon)
    return Run(_row(recipe, "numpy", score(recipe, task.y_valid, forecast), 0.0, 0))


def _run_trained(recipe: Recipe, framework: str, config: FitConfig, seed: int,
                 task: data.ForecastData | None = None) -> Run:
    """Seed, build, fit and score a "linear" or "rnn" recipe."""
    if task is None:
        task = task_data(recipe.spec.horizon, recipe.spec.seq2seq)
    # import the framework before seeding, so that set_seed seeds it too
    if framework == "keras":
        import keras  # noqa: F401
    else:
        import torch  # noqa: F401
    set_seed(seed)
    model = build(recipe, framework)
    result = fit(model, recipe, framework, config, seed, task=task)
    val = score(recipe, task.y_valid, predict(model, framework, task.X_valid))
    return Run(_row(recipe, framework, val, result.fit_seconds, result.epochs), model, result)


def _run_iterative(recipe: Recipe, framework: str, config: FitConfig, seed: int) -> Run:
    """Train the one-step model of ``recipe`` and forecast ``horizon`` steps by feeding it back.

    The model is ``recipe.spec`` with ``horizon=1``, trained with ``config`` on
    the series of the ``horizon``-step task itself: the same 50-step input
    windows, with the first of their ``horizon`` target values as the target.
    (The one-step benchmark's series are 51 steps long, and
    :func:`rnnbook.data.sine_mixture` spreads any series over ``linspace(0, 1,
    n_steps)``: its windows lie on another time grid, with other per-step
    frequencies.) :func:`rnnbook.forecast.iterative_forecast` then forecasts
    the ``horizon``-step validation targets, scored with MSE.
    """
    one_step = dataclasses.replace(
        recipe, spec=dataclasses.replace(recipe.spec, kind="rnn", horizon=1),
        loss="mse", metric="mse",
    )
    task = task_data(recipe.spec.horizon, False)  # X (N, T, 1), y (N, horizon)
    first_step = data.ForecastData(
        task.X_train, task.y_train[:, :1], task.X_valid, task.y_valid[:, :1],
        task.X_test, task.y_test[:, :1],
    )  # the same windows, one-step targets (N, 1)
    trained = _run_trained(one_step, framework, config, seed, task=first_step)
    Y_hat = forecast.iterative_forecast(
        one_step_predictor(trained.model, framework), task.X_valid, recipe.spec.horizon
    )  # (N, horizon)
    val = score(recipe, task.y_valid, Y_hat)
    row = _row(recipe, framework, val, trained.result.fit_seconds, trained.result.epochs)
    return Run(row, trained.model, trained.result)


#: The function that trains a recipe, by ``ModelSpec.kind``:
#: ``function(recipe, framework, config, seed) -> Run``.
RUNNERS: dict[str, Callable[[Recipe, str, FitConfig, int], Run]] = {
    "naive": _run_naive,
    "linear": _run_trained,
    "rnn": _run_trained,
    "iterative": _run_iterative,
}


def run(name: str, framework: str, *, which: str = "course", seed: int = 42) -> Run:
    """Build and train the model ``name`` in ``framework`` and score it on the validation split.

    Parameters
    ----------
    name : str
        A registered recipe, see :func:`rnnbook.recipes.names`.
    framework : {"keras", "torch"}
    which : {"course", "reference"}, default "course"
        The course's configuration or the reference recipe.
    seed : int, default 42
        Seeds the weights (:func:`rnnbook.train.set_seed`) and the shuffling.

    Returns
    -------
    Run
        The row, the trained model and its :class:`~rnnbook.train.FitResult`.

    Raises
    ------
    ValueError
        If ``name``, ``framework`` or ``which`` is unknown, ``seed`` is negative,
        or the recipe's kind has no entry in :data:`RUNNERS`.
    """
    recipe = recipes.get(name)
    check_choice("framework", framework, recipes.FRAMEWORKS)
    check_choice("which", which, ("course", "reference"))
    seed = check_int("seed", seed, minimum=0)
    kind = recipe.spec.kind
    if kind not in RUNNERS:
        raise ValueError(
            f"`recipe.spec.kind` must be one of the kinds in RUNNERS ({sorted(RUNNERS)}). "
            f"Received: kind={kind!r} for model {name!r}"
        )
    return RUNNERS[kind](recipe, framework, recipe.config(framework, which), seed)


def model_names(models: Sequence[str] | None) -> list[str]:
    """Validate model names (None or empty means every registered recipe)."""
    if not models:
        return recipes.names()
    for name in models:
        recipes.get(name)
    return list(models)


def frameworks_for(choice: str) -> list[str]:
    """["keras"], ["torch"] or both, from a ``--framework`` option ("keras", "torch", "both")."""
    check_choice("choice", choice, ("keras", "torch", "both"))
    return ["keras", "torch"] if choice == "both" else [choice]
