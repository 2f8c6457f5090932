"""Tests of rnnbook.reproduce and rnnbook.bench (the command-line tools)."""

import json

import numpy as np
import pytest

from rnnbook import bench, recipes, reproduce
from rnnbook.recipes import FitConfig, ModelSpec, Recipe

ROW_KEYS = {"model", "framework", "val_mse", "fit_seconds", "epochs"}


def test_naive_row_reproduces_the_published_figure():
    run = reproduce.train("naive", "torch")
    assert set(run.row) == ROW_KEYS
    assert run.row["framework"] == "numpy" and run.row["epochs"] == 0
    assert round(run.row["val_mse"], 4) == 0.0202


def test_main_writes_json_and_prints_a_table(tmp_path, capsys):
    path = tmp_path / "out" / "rows.json"
    assert reproduce.main(["--json", str(path), "--framework", "both", "--models", "naive"]) == 0
    rows = json.loads(path.read_text())
    assert len(rows) == 1 and set(rows[0]) == ROW_KEYS  # naive: one row, not one per framework
    out = capsys.readouterr().out
    assert "| model | framework | val MSE | published | fit seconds | epochs |" in out
    assert "| naive | numpy | 0.0202 | 0.0202 | 0.0 | 0 |" in out


def test_main_trains_a_torch_model(tmp_path, monkeypatch):
    """A small, fast course configuration, trained for real through the command line."""
    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    quick = FitConfig(epochs=3, batch_size=128, lr=0.05)
    recipes.register(Recipe("linear_quick", ModelSpec("linear"), published=0.0042,
                            reference=quick, keras=quick, torch=quick))
    path = tmp_path / "rows.json"
    reproduce.main(["--json", str(path), "--framework", "torch", "--models", "linear_quick"])
    (row,) = json.loads(path.read_text())
    assert row["model"] == "linear_quick" and row["framework"] == "torch" and row["epochs"] == 3
    assert 0 < row["val_mse"] < 0.0202  # three epochs already beat the naive forecast
    assert row["fit_seconds"] > 0


def test_train_returns_model_and_history(monkeypatch):
    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    quick = FitConfig(epochs=1, batch_size=1000, lr=0.01)
    recipes.register(Recipe("rnn_quick", ModelSpec("rnn", n_hidden=(2,), head="dense"),
                            published=None, reference=quick, keras=quick, torch=quick))
    run = reproduce.train("rnn_quick", "torch", seed=1)
    assert run.result.epochs == 1 and set(run.result.history) >= {"loss", "val_loss"}
    task = reproduce.task_data()
    from rnnbook import metrics, torch_models

    expected = metrics.mse(task.y_valid, torch_models.predict(run.model, task.X_valid))
    assert run.row["val_mse"] == pytest.approx(expected)
    again = reproduce.train("rnn_quick", "torch", seed=1)
    assert again.row["val_mse"] == run.row["val_mse"]  # deterministic


def test_register_runner_for_a_new_kind(monkeypatch):
    monkeypatch.setattr(recipes, "RECIPES", dict(recipes.RECIPES))
    monkeypatch.setattr(reproduce, "RUNNERS", dict(reproduce.RUNNERS))
    recipes.register(Recipe("constant", ModelSpec("constant", horizon=10), published=None,
                            reference=recipes.NO_TRAINING, keras=recipes.NO_TRAINING,
                            torch=recipes.NO_TRAINING))
    with pytest.raises(ValueError, match=r"`recipe.spec.kind` must have a registered runner"):
        reproduce.train("constant", "keras")

    def zero_forecast(recipe, framework, config, seed):
        task = reproduce.task_data(recipe.spec.horizon)
        val = reproduce.score(recipe, task.y_valid, np.zeros_like(task.y_valid))
        return reproduce.Run(reproduce._row(recipe, "numpy", val, 0.0, 0))

    reproduce.register_runner("constant", zero_forecast)
    row = reproduce.train("constant", "keras").row
    assert row["model"] == "constant" and row["val_mse"] > 0.05
    with pytest.raises(TypeError, match=r"`function` must be callable"):
        reproduce.register_runner("x", 3)
    with pytest.raises(TypeError, match=r"`kind` must be a non-empty string"):
        reproduce.register_runner("", zero_forecast)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"name": "lstm"}, ValueError, r"`name` must be one of"),
        ({"framework": "jax"}, ValueError, r"`framework` must be one of 'keras', 'torch'\. Received: framework='jax'"),
        ({"which": "fast"}, ValueError, r"`which` must be one of 'course', 'reference'\. Received: which='fast'"),
        ({"seed": -1}, ValueError, r"`seed` must be >= 0"),
    ],
)
def test_train_invalid(kwargs, error, message):
    arguments = {"name": "naive", "framework": "torch", **kwargs}
    with pytest.raises(error, match=message):
        reproduce.train(arguments.pop("name"), arguments.pop("framework"), **arguments)


def test_main_rejects_unknown_models(capsys):
    with pytest.raises(SystemExit):
        reproduce.main(["--models", "transformer"])
    assert "`name` must be one of" in capsys.readouterr().err


def fake_train(times):
    """A stand-in for reproduce.train returning canned rows (no training)."""

    def train(name, framework, *, which="course", seed=42):
        val, seconds = times[which]
        return reproduce.Run({"model": name, "framework": framework, "val_mse": val,
                              "fit_seconds": seconds, "epochs": 20})

    return train


class TestBench:
    def test_compare_checks_both_targets(self, monkeypatch):
        monkeypatch.setattr(reproduce, "train", fake_train({"reference": (0.0031, 60.0),
                                                            "course": (0.0033, 15.0)}))
        row = bench.compare("deep_rnn", "keras")
        assert row["ratio"] == pytest.approx(0.25) and row["ok"] is False  # 0.0033 > 1.1 * 0.0029
        monkeypatch.setattr(reproduce, "train", fake_train({"reference": (0.0031, 60.0),
                                                            "course": (0.0031, 15.0)}))
        assert bench.compare("deep_rnn", "torch")["ok"] is True  # 0.0031 <= 1.1 * 0.0029
        monkeypatch.setattr(reproduce, "train", fake_train({"reference": (0.0031, 30.0),
                                                            "course": (0.0025, 15.0)}))
        assert bench.compare("deep_rnn_dense", "torch")["ok"] is False  # ratio 0.5

    def test_main_prints_markdown_and_exit_status(self, monkeypatch, capsys, tmp_path):
        monkeypatch.setattr(reproduce, "train", fake_train({"reference": (0.011, 24.0),
                                                            "course": (0.0108, 4.0)}))
        path = tmp_path / "bench.json"
        status = bench.main(["--models", "naive", "simple_rnn", "--framework", "both",
                             "--seeds", "1", "2", "--json", str(path)])
        assert status == 0
        out = capsys.readouterr().out
        assert "| model | framework | seed | published | reference MSE | course MSE " in out
        assert "| simple_rnn | torch | 2 | 0.0109 | 0.0110 | 0.0108 | 24.0 | 4.0 | 0.17 | 20 | yes |" in out
        assert len(json.loads(path.read_text())) == 4  # naive is skipped
        monkeypatch.setattr(reproduce, "train", fake_train({"reference": (0.011, 24.0),
                                                            "course": (0.0108, 12.0)}))
        assert bench.main(["--models", "simple_rnn", "--framework", "keras"]) == 1

    def test_repeats_keep_each_ones_fastest_fit(self, monkeypatch):
        seconds = {"reference": iter([70.0, 50.0, 60.0]), "course": iter([20.0, 15.0, 18.0])}
        calls = []

        def train(name, framework, *, which="course", seed=42):
            calls.append(which)
            return reproduce.Run({"model": name, "framework": framework, "val_mse": 0.007,
                                  "fit_seconds": next(seconds[which]), "epochs": 6})

        monkeypatch.setattr(reproduce, "train", train)
        row = bench.compare("seq2seq_10", "keras", repeats=3)
        assert calls == ["reference", "course"] * 3  # alternately
        assert (row["reference_seconds"], row["course_seconds"]) == (50.0, 15.0)
        assert row["ratio"] == pytest.approx(0.3) and row["repeats"] == 3 and row["ok"] is True

    def test_repeats_refuse_runs_that_disagree(self, monkeypatch):
        values = iter([0.007, 0.007, 0.007, 0.0071])

        def train(name, framework, *, which="course", seed=42):
            return reproduce.Run({"model": name, "framework": framework,
                                  "val_mse": next(values), "fit_seconds": 1.0, "epochs": 6})

        monkeypatch.setattr(reproduce, "train", train)
        with pytest.raises(RuntimeError, match=r"seq2seq_10 \(torch, course, seed 42\) gave "
                                               r"different validation MSEs in 2 runs"):
            bench.compare("seq2seq_10", "torch", repeats=2)

    @pytest.mark.parametrize("repeats, error, message", [
        (0, ValueError, r"`repeats` must be >= 1\. Received: repeats=0"),
        (1.5, TypeError, r"`repeats` must be an integer\. Received: repeats=1\.5"),
    ])
    def test_compare_rejects_bad_repeats(self, repeats, error, message):
        with pytest.raises(error, match=message):
            bench.compare("seq2seq_10", "torch", repeats=repeats)

    def test_main_rejects_bad_repeats(self, capsys):
        with pytest.raises(SystemExit):
            bench.main(["--models", "linear", "--repeats", "0"])
        assert "--repeats must be >= 1. Received: --repeats 0" in capsys.readouterr().err


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

    monkeypatch.setattr(reproduce, "_fit_function", lambda framework: spy)
    run = reproduce.train("iterative_quick", "torch", seed=1)
    task = reproduce.task_data(10)  # 60-step series: X (N, 50, 1), y (N, 10)
    assert not np.allclose(reproduce.task_data(1).X_train, task.X_train)  # another time grid
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
    X = reproduce.task_data(10).X_valid[:300]  # (300, 50, 1)
    fast = reproduce.one_step_predictor(model, framework)
    for _ in range(2):  # the second call reuses Keras's traced function
        np.testing.assert_array_equal(fast(X), reproduce.predict(model, framework, X))
    assert fast(X).shape == (300, 1)
    with pytest.raises(ValueError, match=r"`framework` must be one of"):
        reproduce.one_step_predictor(model, "jax")
