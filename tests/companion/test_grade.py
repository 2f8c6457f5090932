"""Tests of python -m rnnbook.grade: student notebooks executed and graded into a CSV file.

Two fabricated submissions of chapter 2's student notebook, made exactly as
``make student`` makes it (book/_ext/notebook_export.py, solutions removed),
one with the right answers filled in and one with typical mistakes, are
graded end to end (each notebook runs in a few seconds). A tiny notebook
covers the verdicts a check cell can give.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter

from rnnbook import checks, grade
from rnnbook.checks import FEEDBACK_MIME, Feedback

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_2 = ROOT / "book" / "ch02_tanh.md"

#: The check cells' answers of a student who got everything right.
RIGHT = {
    "check-ex-ch02-threshold": ("x_tenth = None", "x_tenth = 1.818",
                                "tanh_tenth = None", "tanh_tenth = 0.9487"),
    "check-ex-ch02-sigmoid": ("return None  # replace with your code",
                              "z = np.exp(-np.abs(x))\n"
                              "    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))"),
    "check-ex-ch02-float32": ("first_nan = None", "first_nan = 89",
                              "stable_has_limit = None", "stable_has_limit = False"),
    "check-ex-ch02-saturation-layer": (
        "saturated = None",
        "h, hs = np.zeros((1, 16)), []\n"
        "for t in range(series.shape[1]):\n"
        "    h = tanh(series[:, t] @ params['W_x'] + h @ (3 * params['W_h']) + params['b'])\n"
        "    hs.append(h[0])\n"
        "saturated = np.mean(np.abs(np.array(hs)[10:]) > 0.95)"),
}
#: Typical mistakes: tanh' taken as 1 - tanh, an overflowing sigmoid, an error, no answer.
MISTAKES = {
    "check-ex-ch02-threshold": ("x_tenth = None", "x_tenth = 1.472",
                                "tanh_tenth = None", "tanh_tenth = 0.9"),
    "check-ex-ch02-sigmoid": ("return None  # replace with your code",
                              "return 1 / (1 + np.exp(-x))"),
    "check-ex-ch02-float32": ("first_nan = None", "first_nan = n_found"),
}


def student_notebook():
    """Chapter 2's student notebook, as handed out."""
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import notebook_export

    return notebook_export.export_notebook(CHAPTER_2, student=True)


def answered(nb, answers, *, broken_cell=False):
    """``nb`` with the check cells' ``None`` lines replaced as ``answers`` says."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        for tag, edits in answers.items():
            if tag in tags:
                for old, new in zip(edits[::2], edits[1::2]):
                    assert old in cell.source, (tag, old)
                    cell.source = cell.source.replace(old, new)
    if broken_cell:  # an error in a cell of the chapter does not stop the grading
        nb.cells.insert(3, nbformat.v4.new_code_cell("1 / 0  # a slip of the student"))
    return nb


def make_submissions(folder: Path) -> Path:
    """SUBMISSIONS_DIR with two students: ``ada`` (right answers) and ``bob`` (mistakes)."""
    nb = student_notebook()
    for student, answers, broken in (("ada", RIGHT, False), ("bob", MISTAKES, True)):
        path = folder / student / "ch02_tanh.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(answered(nb, answers, broken_cell=broken), str(path))
    return folder


def test_the_student_notebook_keeps_the_check_tags():
    tags = [t for c in student_notebook().cells for t in c.get("metadata", {}).get("tags", [])]
    assert sorted(t for t in tags if t.startswith("check-")) == sorted(RIGHT)


def test_grading_two_submissions(tmp_path, capsys):
    submissions = make_submissions(tmp_path / "submissions")
    out = tmp_path / "grades.csv"
    assert grade.main([str(submissions), "--out", str(out), "--book", str(ROOT / "book"),
                       "--timeout", "120"]) == 0
    assert "8 row(s), 4 passed" in capsys.readouterr().out
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(grade.COLUMNS)
    got = {(r["student"], r["exercise"]): r for r in rows}
    assert all(r["chapter"] == "ch02_tanh" for r in rows)
    labels = ["ex-ch02-threshold", "ex-ch02-sigmoid", "ex-ch02-float32",
              "ex-ch02-saturation-layer"]
    assert [r["exercise"] for r in rows] == labels * 2  # in the notebook's order
    for label in labels:
        assert got["ada", label]["passed"] == "True"
        assert got["ada", label]["feedback"] == "correct"
    bob = {label: got["bob", label] for label in labels}
    assert all(r["passed"] == "False" for r in bob.values())
    assert "You solved 1 - tanh(x) = 0.1" in bob["ex-ch02-threshold"]["feedback"]
    assert "At x = -1000 your function computes `exp`" in bob["ex-ch02-sigmoid"]["feedback"]
    assert bob["ex-ch02-float32"]["feedback"] == (
        "the check cell raised NameError: name 'n_found' is not defined")
    assert bob["ex-ch02-saturation-layer"]["feedback"] == "not answered"
    # nothing is written next to the submissions
    assert sorted(p.name for p in submissions.rglob("*")) == [
        "ada", "bob", "ch02_tanh.ipynb", "ch02_tanh.ipynb"]


TINY_CELLS = [
    ("from rnnbook import checks", []),
    ("display(checks.check_window_count(None, length=10, lookback=3))", ["check-ex-none"]),
    ("display(checks.check_window_count(7, length=10, lookback=3))", ["check-ex-right"]),
    ("display(checks.check_window_count(7, length=10, lookback=3))\n"
     "display(checks.check_window_count(6, length=10, lookback=3))", ["check-ex-half"]),
    ("x = 1  # the display line was deleted", ["hide-input", "check-ex-silent"]),
    ("checks.check_window_count(8, length=10, lookback=3)", ["check-ex-bare"]),
    ("import time\ntime.sleep(30)", []),
    ("display(checks.check_window_count(7, length=10, lookback=3))", ["check-ex-after"]),
]


def test_the_verdicts_of_check_cells(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src, metadata={"tags": tags}) for src, tags in TINY_CELLS]
    nb.cells[2].outputs = [nbformat.v4.new_output(  # a stale output is never read
        "display_data", {FEEDBACK_MIME: Feedback("x", False, "stale").to_dict()})]
    path = tmp_path / "ch99_tiny.ipynb"
    nbformat.write(nb, str(path))
    results = grade.grade_notebook(path, timeout=3, expected=["ex-right", "ex-gone"])
    got = {r.exercise: (r.passed, r.feedback) for r in results}
    assert got["ex-none"] == (False, "not answered")
    assert got["ex-right"] == (True, "correct")
    assert not got["ex-half"][0] and got["ex-half"][1].startswith("[try again] number of windows")
    assert got["ex-silent"] == (False, "the check cell showed no feedback (is its "
                                       "`display(...)` line still there?)")
    assert not got["ex-bare"][0] and "8 is not the number of windows" in got["ex-bare"][1]
    assert got["ex-after"] == (True, "correct")  # after a cell that timed out
    assert got["ex-gone"] == (False, "the check cell is missing from the notebook")
    assert [r.exercise for r in results][-1] == "ex-gone"


def test_a_cell_that_never_ran():
    cell = nbformat.v4.new_code_cell("x = None", metadata={"tags": ["check-ex-a"]})
    assert grade.judge_cell(cell) == (False, "the check cell did not run (the notebook stopped "
                                             "before it)")


def test_feedback_carries_its_json_in_the_notebook():
    fb = checks.check_window_count(91, length=100, lookback=10)
    bundle, _ = DisplayFormatter().format(fb)
    assert set(bundle) >= {"text/plain", "text/html", "text/markdown", FEEDBACK_MIME}
    data = bundle[FEEDBACK_MIME]
    assert data == {"exercise": "number of windows", "passed": False, "answered": True,
                    "status": "try again", "message": fb.message, "hints": list(fb.hints)}
    back = Feedback.from_dict(data)
    assert back.passed == fb.passed and back.hints == fb.hints and str(back) == str(fb)
    assert Feedback.from_dict(checks.not_answered("x").to_dict()).status == "not answered"


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match=r"`submissions_dir` must be a folder\. Received: "):
        grade.submissions(tmp_path / "nowhere")
    (tmp_path / "ada").mkdir()
    with pytest.raises(ValueError, match=r"`submissions_dir` must hold one folder per student "
                                         r"with their \.ipynb files"):
        grade.submissions(tmp_path)
    with pytest.raises(ValueError, match=r"`book_dir` must be the folder of the chapters"):
        grade.expected_checks(tmp_path)
    with pytest.raises(ValueError, match=r"`timeout` must be >= 1\. Received: timeout=0"):
        list(grade.grade_submissions(tmp_path, timeout=0))
    with pytest.raises(SystemExit):
        grade.main([str(tmp_path / "nowhere")])
