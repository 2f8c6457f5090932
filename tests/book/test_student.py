"""The student version (``make student``): solutions removed, everything else intact.

Fast: the solution stripping is tested on small MyST samples and on every
chapter's source; only chapter 1's student notebook is executed (seconds),
to show it runs to the end with its check cells. The student HTML is checked
only if ``make student`` has been run (it rebuilds the whole book).
"""

from __future__ import annotations

import builtins
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import myst_source  # noqa: E402
import notebook_export  # noqa: E402
import student  # noqa: E402
from myst_source import strip_solutions_text, walk_blocks  # noqa: E402

CHAPTER_1 = ROOT / "book" / "ch01_sequential_data.md"
CHAPTERS = sorted((ROOT / "book").glob("ch[0-9][0-9]_*.md"))

SAMPLE = """\
# A chapter

Some text with a {term}`window`.

````{exercise} Plain
:label: ex-a

Count the windows.
````

```{code-cell} ipython3
answer = None  # check cell
checks.check_window_count(answer, length=10, lookback=3)
```

````{solution} ex-a
:class: dropdown

The answer is SECRET-PLAIN.

```python
print("SECRET-CODE-IN-PLAIN")
```
````

```{exercise} Gated
:label: ex-b
Another one.
```

```{solution-start} ex-b
:class: dropdown
```

SECRET-GATED-TEXT before the cell.

```{code-cell} ipython3
secret = "SECRET-GATED-CELL"
```

```{solution-end}
```

:::{solution} ex-c
SECRET-COLON-FENCE
:::

```{code-cell} ipython3
:tags: [solution]

tagged = "SECRET-TAGGED"
```

```{code-cell} ipython3
---
tags: [hide-input, solution]
---
yaml_tagged = "SECRET-YAML-TAGGED"
```

```{code-cell} ipython3
kept = "KEPT-CELL"
```

Closing text.
"""


def secrets(text: str) -> list[str]:
    return re.findall(r"SECRET-[A-Z-]+", text)


class TestStripSolutionsText:
    def test_every_form_is_removed(self):
        stripped = strip_solutions_text(SAMPLE)
        assert secrets(SAMPLE) and secrets(stripped) == []
        assert "{solution" not in stripped

    def test_the_rest_is_kept_verbatim(self):
        stripped = strip_solutions_text(SAMPLE)
        for kept in ("# A chapter", "````{exercise} Plain", "```{exercise} Gated",
                     "answer = None  # check cell", 'kept = "KEPT-CELL"', "Closing text."):
            assert kept in stripped
        unchanged = "no solutions here\n```{code-cell} ipython3\nx = 1\n```\n"
        assert strip_solutions_text(unchanged) == unchanged

    def test_unclosed_gated_solution_runs_to_the_end(self):
        text = "before\n```{solution-start} ex\n```\nSECRET-OPEN\n"
        assert strip_solutions_text(text) == "before\n"

    def test_fences_are_read_as_myst_reads_them(self):
        # a shorter fence does not close a longer one; code inside a fence is not a block
        text = "````{solution} ex\n```\nSECRET-INSIDE\n```\n````\nafter\n"
        assert strip_solutions_text(text) == "after\n"
        code = "```python\n```{solution} not-a-block\n```\n"
        assert strip_solutions_text(code) == code
        # a fence indented four spaces is indented code, not a directive
        indented = "text\n\n    ```{solution} ex\n    SECRET\n    ```\n"
        assert strip_solutions_text(indented) == indented

    def test_keep_cells_leaves_a_cell_break(self):
        stripped = strip_solutions_text(SAMPLE, keep_cells=True)
        assert secrets(stripped) == []
        # the gated solution held a code cell: a break stands in its place; the
        # {solution} blocks did not
        assert stripped.count("+++\n") == 3
        before, after = stripped.split("```{exercise} Gated", 1)[1].split("+++\n", 1)
        assert "Another one." in before and ":::{solution}" not in after

    def test_sample_notebook_export(self, tmp_path):
        source = tmp_path / "ch99_sample.md"
        source.write_text(jupytext.writes(jupytext.reads(SAMPLE, fmt="md:myst"), fmt="md:myst"))
        nb = notebook_export.export_notebook(source, student=True)
        text = "\n".join(cell.source for cell in nb.cells)
        assert secrets(text) == []
        assert "#### Exercise: Plain" in text and "#### Exercise: Gated" in text
        assert 'kept = "KEPT-CELL"' in text and "answer = None  # check cell" in text
        full = notebook_export.export_notebook(source)
        assert set(secrets("\n".join(c.source for c in full.cells))) == set(secrets(SAMPLE))


def solution_only_lines(source: Path) -> list[str]:
    """Lines that appear in a chapter's solutions and nowhere else in it."""
    text = source.read_text(encoding="utf-8")
    stripped = strip_solutions_text(text)
    outside = {line.strip() for line in stripped.splitlines()}
    # Code that the chapter shows outside its solutions with {literalinclude} (the
    # package's own functions) is the chapter's text too, not a leaked solution.
    for block in walk_blocks(stripped):
        path = (source.parent / block.argument).resolve()
        if block.name == "literalinclude" and path.is_file():
            outside |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    lines = set()
    for solution in myst_source.solution_texts(text):
        for line in solution.splitlines():
            line = line.strip()
            if len(line) >= 12 and line not in outside and not set(line) <= set("`:~"):
                lines.add(line)
    return sorted(lines)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_student_notebook_has_no_solution_text(chapter):
    if not notebook_export.is_notebook_source(chapter):
        pytest.skip(f"{chapter.name} is not a notebook")
    nb = notebook_export.export_notebook(chapter, student=True)
    nbformat.validate(nb)
    text = "\n".join(cell.source for cell in nb.cells)
    student_lines = {line.strip() for line in text.splitlines()}
    leaked = [line for line in solution_only_lines(chapter) if line in student_lines]
    assert leaked == [], f"solution text left in the student notebook of {chapter.name}"
    assert "<summary><b>Solution" not in text and "#### Solution" not in text
    assert "{solution" not in text
    exercises = sum(block.name == "exercise" for block in walk_blocks(chapter.read_text()))
    assert text.count("#### Exercise") == exercises


def test_chapter_1_solutions_are_found():
    """The leak test above must have something to look for in chapter 1."""
    lines = solution_only_lines(CHAPTER_1)
    assert "count_b = (100 - 10 - 5) // 2 + 1" in lines
    assert "naive_test_mse = np.mean((bench.y_test - last_values) ** 2)" in lines
    assert any("inputs.append(series[start : start + lookback])" in line for line in lines)


def test_chapter_1_student_notebook_runs_with_its_checks(tmp_path):
    from nbclient import NotebookClient

    from rnnbook import grade

    nb = notebook_export.export_notebook(CHAPTER_1, student=True)
    # the check cells carry the tag check-<exercise label>; solution cells none
    check_cells = [c for c in nb.cells if c.cell_type == "code"
                   and grade.exercise_of(c.metadata.get("tags", [])) is not None]
    checked, _ = grade.checked_exercises(ROOT / "book")[CHAPTER_1.stem]
    assert len(check_cells) == checked >= 4
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell in check_cells:
        feedback = []
        for output in cell.outputs:
            assert output.output_type != "error"
            text = output.get("data", {}).get("text/plain", "")
            feedback += re.findall(r"^\[(not answered|correct|try again)\]", text, re.MULTILINE)
        # every answer in a student's cell is still None
        assert feedback and set(feedback) == {"not answered"}, cell.source


def test_glue_fallback_without_myst_nb():
    real_import = builtins.__import__

    def no_myst_nb(name, *args, **kwargs):
        if name == "myst_nb":
            raise ImportError("no myst_nb here")
        return real_import(name, *args, **kwargs)

    namespace: dict = {}
    builtins.__import__ = no_myst_nb
    try:
        exec(notebook_export.GLUE_FALLBACK, namespace)  # noqa: S102 (our own constant)
    finally:
        builtins.__import__ = real_import
    assert namespace["glue"]("x", 1.0, display=False) is None
    assert "from myst_nb import glue" in notebook_export.GLUE_FALLBACK


def test_prepare_sources_strips_every_page(tmp_path):
    changed = student.prepare_sources(ROOT, tmp_path / "src")
    src = tmp_path / "src"
    assert (src / "companion" / "pyproject.toml").is_file()
    assert src / "book" / "ch01_sequential_data.md" in changed
    for page in (src / "book").glob("*.md"):
        names = {block.name or "" for block in walk_blocks(page.read_text())}
        assert not {name for name in names if name.startswith("solution")}, page.name
    config = (src / "_config.yml").read_text()
    assert "hide_solutions: true" in config and "course_student_notebooks: true" in config
    assert "(student version)" in config


def test_notebooks_only(tmp_path):
    assert student.main(["--root", str(ROOT), "--out", str(tmp_path), "--notebooks-only"]) == 0
    written = sorted(p.name for p in (tmp_path / "notebooks").glob("*.ipynb"))
    assert written == sorted(c.stem + ".ipynb" for c in CHAPTERS if notebook_export.is_notebook_source(c))


def test_main_rejects_a_wrong_root(tmp_path, capsys):
    with pytest.raises(SystemExit):
        student.main(["--root", str(tmp_path)])
    assert "--root must be the repository root (with _toc.yml and book/)" in capsys.readouterr().err


def test_student_html_has_no_solutions(student_html_dir):
    pages = sorted(student_html_dir.glob("book/ch*.html"))
    assert len(pages) == len(CHAPTERS), [page.name for page in pages]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="solution' not in html, page.name
        assert "Solution to" not in html, page.name
        notebook = student_html_dir / "_notebooks" / (page.stem + ".ipynb")
        assert notebook.is_file() and "Student version" in notebook.read_text()


def test_handed_out_notebooks_are_the_downloads(student_html_dir):
    """``make student``'s notebooks (which nbval runs) are the student HTML's downloads."""
    handed_out = sorted((student_html_dir.parent / "notebooks").glob("*.ipynb"))
    assert [p.name for p in handed_out] == [c.stem + ".ipynb" for c in CHAPTERS]
    for notebook in handed_out:
        download = student_html_dir / "_notebooks" / notebook.name
        assert notebook.read_bytes() == download.read_bytes(), notebook.name
