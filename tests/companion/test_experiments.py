"""Tests of rnnbook.experiments: a recipe trained and scored, and its runners."""

import json

import numpy as np
import pytest

from rnnbook import experiments, recipes
from rnnbook.recipes import FitConfig, ModelSpec, Recipe

ROW_KEYS = {"model", "framework", "val_mse", "fit_seconds", "epochs"}


def test_naive_row_reproduces_the_published_figure():
    run = experiments.run("naive", "torch")
    assert set(run.row) == ROW_KEYS
    assert run.row["framework"] == "numpy" and run.row["epochs"] == 0
    assert round(run.row["val_mse"], 4) == 0.0202


def test_run_returns_model_and_history(monkeypatch):
    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    quick = FitConfig(epochs=1, batch_size=1000, lr=0.01)
    recipes.register(Recipe("rnn_quick", ModelSpec("rnn", n_hidden=(2,), head="dense"),
                            published=None, reference=quick, keras=quick, torch=quick))
    run = experiments.run("rnn_quick", "torch", seed=1)
    assert run.result.epochs == 1 and set(run.result.history) >= {"loss", "val_loss"}
    task = experiments.task_data()
    from rnnbook import metrics, torch_models

    expected = metrics.mse(task.y_valid, torch_models.predict(run.model, task.X_valid))
    assert run.row["val_mse"] == pytest.approx(expected)
    again = experiments.run("rnn_quick", "torch", seed=1)
    assert again.row["val_mse"] == run.row["val_mse"]  # deterministic


def test_a_new_kind_needs_an_entry_in_runners(monkeypatch):
    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    monkeypatch.setattr(experiments, "RUNNERS", dict(experiments.RUNNERS))
    recipes.register(Recipe("constant", ModelSpec("constant", horizon=10), published=None,
                            reference=recipes.NO_TRAINING, keras=recipes.NO_TRAINING,
                            torch=recipes.NO_TRAINING))
    with pytest.raises(ValueError, match=r"`recipe.spec.kind` must be one of the kinds in RUNNERS "
                                         r"\(\['iterative', 'linear', 'naive', 'rnn'\]\)\. "
                                         r"Received: kind='constant' for model 'constant'"):
        experiments.run("constant", "keras")

    def zero_forecast(recipe, framework, config, seed):
        task = experiments.task_data(recipe.spec.horizon)
        val = experiments.score(recipe, task.y_valid, np.zeros_like(task.y_valid))
        return experiments.Run(experiments._row(recipe, "numpy", val, 0.0, 0))

    experiments.RUNNERS["constant"] = zero_forecast
    row = experiments.run("constant", "keras").row
    assert row["model"] == "constant" and row["val_mse"] > 0.05


def test_every_kind_of_the_registry_has_a_runner():
    assert {recipe.spec.kind for recipe in recipes.RECIPES.values()} <= set(experiments.RUNNERS)


def test_model_names_and_frameworks_for():
    assert experiments.model_names(None) == recipes.names()
    assert experiments.model_names(["linear", "naive"]) == ["linear", "naive"]
    with pytest.raises(ValueError, match=r"`name` must be one of"):
        experiments.model_names(["transformer"])
    assert experiments.frameworks_for("both") == ["keras", "torch"]
    assert experiments.frameworks_for("torch") == ["torch"]
    with pytest.raises(ValueError, match=r"`choice` must be one of 'keras', 'torch', 'both'\. "
                                         r"Received: choice='jax'"):
        experiments.frameworks_for("jax")


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"name": "lstm"}, ValueError, r"`name` must be one of"),
        ({"framework": "jax"}, ValueError, r"`framework` must be one of 'keras', 'torch'\. Received: framework='jax'"),
        ({"which": "fast"}, ValueError, r"`which` must be one of 'course', 'reference'\. Received: which='fast'"),
        ({"seed": -1}, ValueError, r"`seed` must be >= 0"),
    ],
)
def test_run_invalid(kwargs, error, message):
    arguments = {"name": "naive", "framework": "torch", **kwargs}
    with pytest.raises(error, match=message):
        experiments.run(arguments.pop("name"), arguments.pop("framework"), **arguments)


def test_iterative_one_step_model_learns_on_the_series_it_forecasts(monkeypatch):
    """The fed-back model is trained and validated on the horizon-step task's own windows.

    ``sine_mixture`` spreads a series of any length over ``linspace(0, 1, n_steps)``: the
    51-step series of the one-step benchmark lie on another time grid than the 60-step series
    of the 10-step task, so a model trained on the former would be applied to other data.
    """
    from rnnbook import forecast, metrics, torch_models
    from rnnbook.train import FitResult

    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    quick = FitConfig(epochs=1, batch_size=1000, lr=0.01)
    recipes.register(Recipe("iterative_quick",
                            ModelSpec("iterative", n_hidden=(2,), head="dense", horizon=10),
                            published=None, reference=quick, keras=quick, torch=quick))
    seen = {}

    def spy(model, X_train, y_train, X_valid, y_valid, **kwargs):
        seen.update(X_train=X_train, y_train=y_train, X_valid=X_valid, y_valid=y_valid)
        return FitResult({"loss": [0.0], "val_loss": [0.0]}, 0.0, 1, 1, "val_loss")

    monkeypatch.setattr(experiments, "_fit_function", lambda framework: spy)
    run = experiments.run("iterative_quick", "torch", seed=1)
    task = experiments.task_data(10)  # 60-step series: X (N, 50, 1), y (N, 10)
    assert not np.allclose(experiments.task_data(1).X_train, task.X_train)  # another time grid
    assert np.array_equal(seen["X_train"], task.X_train)
    assert np.array_equal(seen["y_train"], task.y_train[:, :1])  # the next value, (N, 1)
    assert np.array_equal(seen["X_valid"], task.X_valid)
    assert np.array_equal(seen["y_valid"], task.y_valid[:, :1])
    Y_hat = forecast.iterative_forecast(lambda X: torch_models.predict(run.model, X), task.X_valid, 10)
    assert run.row["val_mse"] == pytest.approx(metrics.mse(task.y_valid, Y_hat))


@pytest.mark.parametrize("framework", ["keras", "torch"])
def test_one_step_predictor_gives_the_numbers_of_predict(framework):
    if framework == "keras":
        from rnnbook import keras_models as module
    else:
        from rnnbook import torch_models as module
    from rnnbook.train import set_seed

    set_seed(3)
    model = module.build_rnn("simple_rnn", [4], head="dense")  # untrained, uncompiled
    X = experiments.task_data(10).X_valid[:300]  # (300, 50, 1)
    fast = experiments.one_step_predictor(model, framework)
    for _ in range(2):  # the second call reuses Keras's traced function
        np.testing.assert_array_equal(fast(X), experiments.predict(model, framework, X))
    assert fast(X).shape == (300, 1)
    with pytest.raises(ValueError, match=r"`framework` must be one of"):
        experiments.one_step_predictor(model, "jax")
