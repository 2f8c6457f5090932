"""How ``make test-latest`` reads and compares two executions (``tests/latest_versions.py``), on made-up notebooks.

The run itself (a second environment, every page executed) is slow and not
part of ``make test``; its reading of glued values, errors and warnings is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import latest_versions  # noqa: E402


def _glue(name: str, text: str, hidden: bool = True) -> dict:
    key = ("application/papermill.record/" if hidden else "") + "text/plain"
    return nbformat.v4.new_output("display_data", data={key: text},
                                  metadata={"scrapbook": {"name": name, "mime_prefix": ""}})


def _notebook(*outputs) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", outputs=list(outputs))])


@pytest.mark.parametrize("text, value", [("0.5", 0.5), ("np.float64(0.0202)", 0.0202), ("-3e-05", -3e-05),
                                         ("51", 51.0), ("nan", float("nan")), ("'LSTM'", None), ("abc", None)])
def test_number(text, value):
    found = latest_versions.number(text)
    assert (found is None and value is None) or found == value or (found != found and value != value)


def test_glued_values_errors_and_warnings():
    nb = _notebook(_glue("mse", "0.02"), _glue("shown", "'a'", hidden=False),
                   nbformat.v4.new_output("stream", name="stderr",
                                          text="x.py:3: FutureWarning: 'M' is deprecated\n"),
                   nbformat.v4.new_output("error", ename="ValueError", evalue="bad shape\nmore", traceback=[]))
    assert latest_versions.glued(nb) == {"mse": "0.02", "shown": "a"}
    errors, warnings = latest_versions.problems(nb)
    assert errors == ["code cell 1 ('x = 1'): ValueError: bad shape"]
    assert warnings == ["FutureWarning: 'M' is deprecated"]


def test_compare_glue_reports_what_moved_beyond_the_tolerance():
    pinned = {"mse": "0.0200", "close": "1.000", "k_time_epoch32": "3.1", "best": "LSTM", "gone": "1"}
    latest = {"mse": "0.0230", "close": "1.005", "k_time_epoch32": "9.9", "best": "GRU", "new": "2"}
    report = latest_versions.compare_glue(pinned, latest, rtol=0.01)
    assert report["compared"] == 3 and report["timings"] == 1
    shares = latest_versions.compare_glue({"share_max": "0.4"}, {"share_max": "0.3"}, rtol=0.01)
    assert shares["timings"] == 1 and shares["moved"] == []
    assert report["moved"] == ["mse: 0.0200 -> 0.0230 (+15.0%)"]
    assert report["changed"] == ["best: 'LSTM' -> 'GRU'"]
    assert report["only_pinned"] == ["gone"] and report["only_latest"] == ["new"]
    table = latest_versions.table([{"page": "ch01", "pinned_errors": [], "pinned_warnings": [],
                                    "latest_errors": [], "latest_warnings": [], "new_warnings": [],
                                    "glue": report}], 0.01)
    assert "| ch01 | 0, 0 | 0, 0 (0) | 3 (+1 timings) | 1 | 1 | 2 |" in table
    assert "- moved: mse: 0.0200 -> 0.0230 (+15.0%)" in table


def test_every_notebook_page_is_executed_the_results_page_last():
    stems = [path.stem for path in latest_versions.pages(ROOT)]
    assert stems[-1] == "results" and "ch01_sequential_data" in stems and "intro" not in stems


def test_the_kernel_is_the_environment_python_by_an_absolute_path(tmp_path, monkeypatch):
    """The kernel starts in book/: a relative path to the environment's python would not be found."""
    import json
    import os

    monkeypatch.chdir(tmp_path)
    folder = latest_versions.kernel_spec(Path("jupyter"), Path("_build/latestenv/bin/python"))
    spec = json.loads((folder / "kernels" / latest_versions.KERNEL / "kernel.json").read_text())
    assert spec["argv"][0] == os.path.join(str(tmp_path), "_build/latestenv/bin/python")
