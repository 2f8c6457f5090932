"""Tests of rnnbook.results: recording rows during a build and reading them back."""

import json
import multiprocessing

import pytest

from rnnbook import results


@pytest.fixture
def results_dir(tmp_path, monkeypatch):
    folder = tmp_path / "results"
    monkeypatch.setenv(results.RESULTS_ENV, str(folder))
    return folder


def test_nothing_happens_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(results.RESULTS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert results.record("linear", "keras", 0.0035, 2.0, 20) is None
    assert results.load() == []
    assert list(tmp_path.iterdir()) == []


def test_record_and_load(results_dir):
    path = results.record("simple_rnn", "torch", 0.0110, 1.6, 20)
    assert path == results_dir / "results.json"
    results.record("linear", "keras", 0.0035, 2.25, 20)
    results.record("naive", "numpy", 0.0202, 0.0, 0)
    rows = results.load()
    assert [(r["model"], r["framework"]) for r in rows] == [
        ("linear", "keras"), ("naive", "numpy"), ("simple_rnn", "torch")]
    assert rows[0] == {"model": "linear", "framework": "keras", "val_mse": 0.0035,
                       "fit_seconds": 2.25, "epochs": 20}
    assert results.load(results_dir) == rows
    assert isinstance(json.loads(path.read_text()), list)


def test_same_model_and_framework_is_replaced(results_dir):
    results.record("linear", "keras", 0.0040, 2.0, 20)
    results.record("linear", "torch", 0.0036, 1.0, 20)
    results.record("linear", "keras", 0.0035, 1.5, 12)
    rows = results.load()
    assert len(rows) == 2
    assert rows[0]["val_mse"] == 0.0035 and rows[0]["epochs"] == 12


def _record_many(args):
    folder, index = args
    import os

    os.environ[results.RESULTS_ENV] = folder
    results.record(f"model_{index}", "torch", 0.01, 1.0, 1)


def test_concurrent_writers_lose_nothing(results_dir):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_record_many, [(str(results_dir), i) for i in range(16)])
    assert len(results.load(results_dir)) == 16


def test_numpy_scalars_are_stored_as_plain_numbers(results_dir):
    import numpy as np

    results.record("linear", "keras", np.float32(0.5), np.float64(1.0), np.int64(3))
    row = results.load()[0]
    assert type(row["val_mse"]) is float and type(row["epochs"]) is int


@pytest.mark.parametrize(
    "args, error, message",
    [
        (("", "keras", 0.1, 1.0, 1), TypeError, r"`model` must be a non-empty string\. Received: model=''"),
        (("linear", "jax", 0.1, 1.0, 1), ValueError, r"`framework` must be one of 'keras', 'torch', 'numpy'\. Received: framework='jax'"),
        (("linear", "keras", -0.1, 1.0, 1), ValueError, r"`val_mse` must be >= 0\.0\. Received: val_mse=-0\.1"),
        (("linear", "keras", float("nan"), 1.0, 1), ValueError, r"`val_mse` must be finite"),
        (("linear", "keras", 0.1, -1.0, 1), ValueError, r"`fit_seconds` must be >= 0\.0"),
        (("linear", "keras", 0.1, 1.0, 2.5), TypeError, r"`epochs` must be an integer\. Received: epochs=2\.5"),
    ],
)
def test_invalid(results_dir, args, error, message):
    with pytest.raises(error, match=message):
        results.record(*args)


def test_a_corrupt_file_is_reported(results_dir):
    results_dir.mkdir()
    (results_dir / "results.json").write_text('{"model": "x"}')
    with pytest.raises(ValueError, match=r"must hold a JSON list of rows\. Received: dict"):
        results.load()
