"""The build executed every chapter, and says how long it took.

``make book`` runs the pages several at a time (``book/_ext/page_execution.py``)
and writes what each page took to ``_build/html/_static/execution_times.json``.
These checks read that file: every chapter of the build is listed as executed
in this build and successful, and the wall-clock time of the execution is
reported next to the per-page times. They do not judge the times themselves
(those depend on the machine; ``make book`` prints them).

The student version takes its pages' outputs from the executed book where the
code is the book page's less the solutions (``page_execution.with_outputs``,
tested here on small notebooks).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "book" / "_ext"))


@pytest.fixture(scope="session")
def execution(html_dir: Path) -> dict:
    path = html_dir / "_static" / "execution_times.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the build did not report its execution", pytrace=False)
    return json.loads(path.read_text())


def test_every_chapter_was_executed_in_this_build(execution: dict, book_pages: list[str]):
    chapters = {
        "book/" + Path(page).stem for page in book_pages
        if page.startswith("book/") and Path(page).name.startswith("ch")
    }
    assert chapters, "the build has no chapter pages"
    rows = {row["page"]: row for row in execution["pages"]}
    missing = sorted(chapters - set(rows))
    assert not missing, f"chapters with no execution in this build: {missing}"
    failed = sorted(page for page in chapters if not rows[page]["succeeded"])
    assert not failed, f"chapters whose execution failed: {failed}"
    no_time = sorted(page for page in chapters if not rows[page]["seconds"] > 0)
    assert not no_time, f"chapters with no execution time: {no_time}"


def test_the_wall_clock_time_is_reported(execution: dict):
    for key in ("workers", "parallel_pages", "wall_seconds", "book_wall_seconds"):
        assert key in execution, f"execution_times.json has no {key!r}: {sorted(execution)}"
    assert execution["workers"] >= 1
    total = sum(row["seconds"] for row in execution["pages"])
    # pages that ran side by side overlap: the wall clock is at most the sum of their times
    # (plus a little for starting the kernels), and at least the longest page
    longest = max(row["seconds"] for row in execution["pages"])
    assert longest - 1.0 <= execution["book_wall_seconds"] <= total + 5.0 * len(execution["pages"])


# --- reusing the book's outputs for the student pages, on small notebooks ---------------

def test_with_outputs_takes_the_outputs_of_the_same_cells():
    import nbformat

    from page_execution import with_outputs

    def notebook(*sources, outputs=False):
        nb = nbformat.v4.new_notebook()
        for k, source in enumerate(sources):
            cell = nbformat.v4.new_code_cell(source)
            if outputs:
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"out {k}\n")]
                cell.execution_count = k + 1
            nb.cells.append(cell)
        nb.cells.insert(1, nbformat.v4.new_markdown_cell("text"))
        return nb

    executed = notebook("a = 1", "solution = 2", "print(a)", outputs=True)
    student = with_outputs(notebook("a = 1", "print(a)"), executed)
    assert [c.outputs[0].text for c in student.cells if c.cell_type == "code"] == ["out 0\n", "out 2\n"]
    assert [c.execution_count for c in student.cells if c.cell_type == "code"] == [1, 3]
    # a cell the book never ran, or cells out of order: the page must be executed
    assert with_outputs(notebook("a = 1", "b = 3"), executed) is None
    assert with_outputs(notebook("print(a)", "a = 1"), executed) is None
