"""Tests of rnnbook.bench: course configuration against reference recipe, side by side."""

import json

import pytest

from rnnbook import bench, experiments


def fake_run(times):
    """A stand-in for experiments.run returning canned rows (no training)."""

    def run(name, framework, *, which="course", seed=42):
        val, seconds = times[which]
        return experiments.Run({"model": name, "framework": framework, "val_mse": val,
                                "fit_seconds": seconds, "epochs": 20})

    return run


def test_compare_checks_both_targets(monkeypatch):
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.0031, 60.0),
                                                      "course": (0.0033, 15.0)}))
    row = bench.compare("deep_rnn", "keras")
    assert row["ratio"] == pytest.approx(0.25) and row["ok"] is False  # 0.0033 > 1.1 * 0.0029
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.0031, 60.0),
                                                      "course": (0.0031, 15.0)}))
    assert bench.compare("deep_rnn", "torch")["ok"] is True  # 0.0031 <= 1.1 * 0.0029
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.0031, 30.0),
                                                      "course": (0.0025, 15.0)}))
    row = bench.compare("deep_rnn_dense", "torch")
    assert row["ok"] is False and row["mse_ok"] is True and row["time_ok"] is False  # ratio 0.5
    assert bench.verdict(row) == "NO (time)"


def test_target_is_a_quarter_of_the_reference_time(monkeypatch):
    assert bench.TIME_RATIO == pytest.approx(0.25) and bench.MSE_TOLERANCE == pytest.approx(1.1)
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.0031, 60.0),
                                                      "course": (0.0030, 16.0)}))
    row = bench.compare("deep_rnn", "keras")  # ratio 0.27: under a third, over a quarter
    assert (row["mse_ok"], row["time_ok"], row["ok"]) == (True, False, False)
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.0031, 60.0),
                                                      "course": (0.0040, 16.0)}))
    assert bench.verdict(bench.compare("deep_rnn", "keras")) == "NO (MSE, time)"


def test_misses_line_counts_and_names_the_rows_that_miss():
    rows = [{"model": "linear", "framework": "keras", "seed": 42, "ok": True},
            {"model": "deep_rnn", "framework": "torch", "seed": 1, "ok": False}]
    assert bench.misses_line(rows).startswith("Misses: 1 of 2 rows (MSE <= 1.1 x published, "
                                              "time ratio <= 0.25): deep_rnn torch seed 1.")
    assert bench.misses_line(rows[:1]).startswith("Misses: 0 of 1 rows")


def test_main_prints_markdown_and_exit_status(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.011, 24.0),
                                                      "course": (0.0108, 4.0)}))
    path = tmp_path / "bench.json"
    status = bench.main(["--models", "naive", "simple_rnn", "--framework", "both",
                         "--seeds", "1", "2", "--json", str(path)])
    assert status == 0
    out = capsys.readouterr().out
    assert "| model | framework | seed | published | reference MSE | course MSE " in out
    assert "| simple_rnn | torch | 2 | 0.0109 | 0.0110 | 0.0108 | 24.0 | 4.0 | 0.17 | 20 | yes |" in out
    assert out.rstrip().endswith("Misses: 0 of 4 rows (MSE <= 1.1 x published, "
                                 "time ratio <= 0.25).")
    assert len(json.loads(path.read_text())) == 4  # naive is skipped
    monkeypatch.setattr(experiments, "run", fake_run({"reference": (0.011, 24.0),
                                                      "course": (0.0108, 12.0)}))
    assert bench.main(["--models", "simple_rnn", "--framework", "keras"]) == 1
    out = capsys.readouterr().out
    assert "| 0.50 | 20 | NO (time) |" in out
    assert out.rstrip().endswith("Misses: 1 of 1 rows (MSE <= 1.1 x published, time ratio "
                                 "<= 0.25): simple_rnn keras seed 42.")


def test_repeats_keep_each_ones_fastest_fit(monkeypatch):
    seconds = {"reference": iter([70.0, 50.0, 60.0]), "course": iter([20.0, 15.0, 18.0])}
    calls = []

    def run(name, framework, *, which="course", seed=42):
        calls.append(which)
        return experiments.Run({"model": name, "framework": framework, "val_mse": 0.007,
                                "fit_seconds": next(seconds[which]), "epochs": 6})

    monkeypatch.setattr(experiments, "run", run)
    row = bench.compare("seq2seq_10", "keras", repeats=3)
    assert calls == ["reference", "course"] * 3  # alternately
    assert (row["reference_seconds"], row["course_seconds"]) == (50.0, 15.0)
    assert row["ratio"] == pytest.approx(0.3) and row["repeats"] == 3
    assert row["mse_ok"] is True and row["ok"] is False  # 0.3 is over a quarter


def test_repeats_refuse_runs_that_disagree(monkeypatch):
    values = iter([0.007, 0.007, 0.007, 0.0071])

    def run(name, framework, *, which="course", seed=42):
        return experiments.Run({"model": name, "framework": framework,
                                "val_mse": next(values), "fit_seconds": 1.0, "epochs": 6})

    monkeypatch.setattr(experiments, "run", run)
    with pytest.raises(RuntimeError, match=r"seq2seq_10 \(torch, course, seed 42\) gave "
                                           r"different validation MSEs in 2 runs"):
        bench.compare("seq2seq_10", "torch", repeats=2)


@pytest.mark.parametrize("repeats, error, message", [
    (0, ValueError, r"`repeats` must be >= 1\. Received: repeats=0"),
    (1.5, TypeError, r"`repeats` must be an integer\. Received: repeats=1\.5"),
])
def test_compare_rejects_bad_repeats(repeats, error, message):
    with pytest.raises(error, match=message):
        bench.compare("seq2seq_10", "torch", repeats=repeats)


def test_main_rejects_bad_repeats(capsys):
    with pytest.raises(SystemExit):
        bench.main(["--models", "linear", "--repeats", "0"])
    assert "--repeats must be >= 1. Received: --repeats 0" in capsys.readouterr().err


def test_main_rejects_bad_torch_threads(capsys):
    with pytest.raises(SystemExit):
        bench.main(["--models", "linear", "--torch-threads", "0"])
    assert "--torch-threads must be >= 1. Received: --torch-threads 0" in capsys.readouterr().err
