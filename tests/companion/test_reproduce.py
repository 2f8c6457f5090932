"""Tests of rnnbook.reproduce, the command line that retrains the benchmark models."""

import json

import pytest

from rnnbook import recipes, reproduce
from rnnbook.recipes import FitConfig, ModelSpec, Recipe

ROW_KEYS = {"model", "framework", "val_mse", "fit_seconds", "epochs"}


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


def test_main_rejects_unknown_models(capsys):
    with pytest.raises(SystemExit):
        reproduce.main(["--models", "transformer"])
    assert "`name` must be one of" in capsys.readouterr().err
