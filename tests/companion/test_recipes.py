"""Tests of rnnbook.recipes: the registry of configurations."""

import subprocess
import sys

import pytest

from rnnbook import recipes
from rnnbook.recipes import FitConfig, ModelSpec, Recipe


def test_the_one_step_benchmark_models_are_registered():
    assert recipes.names()[:5] == ["naive", "linear", "simple_rnn", "deep_rnn", "deep_rnn_dense"]


@pytest.mark.parametrize(
    "name, published, lr",
    [("linear", 0.0042, 1e-3), ("simple_rnn", 0.0109, 5e-3), ("deep_rnn", 0.0029, 1e-3),
     ("deep_rnn_dense", 0.0026, 1e-3)],
)
def test_reference_recipe_and_published_figures(name, published, lr):
    """REFERENCE.md: Adam, 20 epochs, batch size 32; SimpleRNN(1) at 0.005."""
    recipe = recipes.get(name)
    assert recipe.published == published
    assert recipe.reference == FitConfig(epochs=20, batch_size=32, lr=lr)
    assert recipe.config("torch", "reference") is recipe.reference
    assert recipe.config("keras") is recipe.keras and recipe.config("torch") is recipe.torch


def test_seq2seq_reference_uses_its_learning_rate():
    assert recipes.REFERENCE_SEQ2SEQ == FitConfig(epochs=20, batch_size=32, lr=0.01)


def test_architectures():
    assert recipes.get("simple_rnn").spec.build_kwargs() == {
        "cell": "simple_rnn", "n_hidden": [1], "head": None, "horizon": 1, "seq2seq": False,
    }
    assert recipes.get("deep_rnn").spec.n_hidden == (20, 20, 1)
    assert recipes.get("deep_rnn_dense").spec.head == "dense"
    assert recipes.get("naive").spec.kind == "naive"


def test_fit_config_kwargs_feed_the_training_loops():
    import inspect

    from rnnbook import train

    config = FitConfig(epochs=5, batch_size=64, lr=0.01, patience=2, schedule="onecycle")
    assert config.kwargs() == {"epochs": 5, "batch_size": 64, "lr": 0.01, "patience": 2,
                               "schedule": "onecycle", "val_batch_size": None, "clip_norm": None}
    for function in (train.fit_torch, train.fit_keras):
        assert set(config.kwargs()) <= set(inspect.signature(function).parameters)


def test_register_get_and_duplicates(monkeypatch):
    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    recipe = Recipe("lstm_test", ModelSpec("rnn", cell="lstm", n_hidden=(4,), head="dense",
                                           horizon=10, seq2seq=True),
                    published=None, reference=recipes.REFERENCE_SEQ2SEQ,
                    keras=FitConfig(), torch=FitConfig(), metric="last_time_step_mse")
    assert recipes.register(recipe) is recipe
    assert recipes.get("lstm_test").val_metric == "last_time_step_mse"
    assert recipes.names()[-1] == "lstm_test"
    with pytest.raises(ValueError, match=r"`recipe.name` must be new; 'lstm_test' is already registered"):
        recipes.register(recipe)
    with pytest.raises(TypeError, match=r"`recipe` must be a Recipe\. Received: recipe='x'"):
        recipes.register("x")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: recipes.get("rnn"), ValueError, r"`name` must be one of \['naive', 'linear'.*\]\. Received: name='rnn'"),
        (lambda: FitConfig(epochs=0), ValueError, r"`epochs` must be >= 1\. Received: epochs=0"),
        (lambda: FitConfig(batch_size=0), ValueError, r"`batch_size` must be >= 1"),
        (lambda: FitConfig(lr=0), ValueError, r"`lr` must be > 0\.0\. Received: lr=0\.0"),
        (lambda: FitConfig(patience=0), ValueError, r"`patience` must be >= 1"),
        (lambda: FitConfig(val_batch_size=0), ValueError, r"`val_batch_size` must be >= 1\. Received: val_batch_size=0"),
        (lambda: FitConfig(schedule="exp"), ValueError, r"`schedule` must be one of None, 'plateau', 'cosine', 'onecycle'\. Received: schedule='exp'"),
        (lambda: ModelSpec(""), TypeError, r"`kind` must be a non-empty string\. Received: kind=''"),
        (lambda: ModelSpec("rnn", n_hidden=(20, 20)), ValueError, r"`n_hidden\[-1\]` must equal `horizon` \(1\)"),
        (lambda: ModelSpec("rnn", cell="elman"), ValueError, r"`cell` must be one of"),
        (lambda: ModelSpec("naive", horizon=0), ValueError, r"`horizon` must be >= 1"),
        (lambda: Recipe("x", ModelSpec("naive"), None, recipes.REFERENCE, FitConfig(), FitConfig(), metric="mae"),
         ValueError, r"`metric` must be one of 'mse', 'last_time_step_mse'\. Received: metric='mae'"),
        (lambda: Recipe("", ModelSpec("naive"), None, recipes.REFERENCE, FitConfig(), FitConfig()),
         TypeError, r"`name` must be a non-empty string"),
        (lambda: recipes.get("linear").config("jax"), ValueError, r"`framework` must be one of 'keras', 'torch'\. Received: framework='jax'"),
        (lambda: recipes.get("linear").config("keras", "best"), ValueError, r"`which` must be one of 'course', 'reference'"),
    ],
)
def test_invalid(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_recipes_import_no_framework():
    code = ("import sys, rnnbook.recipes, rnnbook.results, rnnbook.experiments, rnnbook.reproduce, rnnbook.bench;"
            "assert 'tensorflow' not in sys.modules and 'torch' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_course_configurations_validate_in_large_batches_and_references_as_keras_does():
    for recipe in recipes.RECIPES.values():
        if recipe.spec.kind == "naive":
            continue
        assert recipe.reference.val_batch_size is None, recipe.name  # Keras's default
        for config in (recipe.keras, recipe.torch):
            assert config.val_batch_size == recipes.VAL_BATCH, recipe.name
    assert recipes.course_fit(epochs=3, batch_size=8, lr=0.1) == FitConfig(
        epochs=3, batch_size=8, lr=0.1, val_batch_size=recipes.VAL_BATCH)
