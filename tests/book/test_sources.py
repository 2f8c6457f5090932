"""The chapters' sources keep the course's promises about code: it runs, and claims are checked.

- **Every solution runs.** Code in a chapter is a ``{code-cell}`` that the build
  executes. A plain ```` ```python ```` fence is allowed only for code that is
  deliberately not runnable (a source document's TensorFlow 1 code, shown as
  history), and it says so on its first line: ``# Not run: <why>``. A
  ``{solution}`` block, which cannot hold executed cells, holds no code at all:
  solutions with code are gated (``{solution-start}`` ... ``{solution-end}``).
- **Claims are assertions.** Hidden cells (``remove-cell``) that assert a
  sentence of the text give a message, so a failure names the sentence that
  became false.

Fast: the sources are only parsed, never executed (the build and nbval run them).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from myst_source import Block, walk_blocks  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("ch[0-9][0-9]_*.md"))
#: The first line of a plain Python fence that is not meant to run.
NOT_RUN = re.compile(r"^\s*#\s*Not run:\s*\S")
#: The languages of a plain fence that holds Python.
PYTHON = {"python", "py", "python3", "ipython", "ipython3"}


def is_python_fence(block: Block) -> bool:
    """A plain (not a directive) code fence in Python."""
    return block.name is None and block.info.split(" ")[0] in PYTHON


def plain_python_fences(text: str) -> list[tuple[int, str]]:
    """(line number, first line of code) of every plain Python fence in ``text``."""
    return [(block.start + 1, next((line for line in block.body if line.strip()), ""))
            for block in walk_blocks(text) if is_python_fence(block)]


def unmarked_fences(text: str) -> list[str]:
    """Plain Python fences whose first line does not say why they are not run."""
    return [f"line {line}: {first.strip()!r}" for line, first in plain_python_fences(text)
            if not NOT_RUN.match(first)]


def code_in_plain_solutions(text: str) -> list[str]:
    """``{solution}`` blocks (not gated, so never executed) that hold a code fence or cell."""
    found = []
    for block in walk_blocks(text):
        if block.name == "solution" and any(
            inner.name == "code-cell" or is_python_fence(inner)
            for inner in walk_blocks("\n".join(block.body))
        ):
            found.append(f"line {block.start + 1}: {{solution}} {block.argument}")
    return found


def _python(source: str) -> str:
    """Cell source with IPython magics and shell lines blanked, so ``ast`` can read it."""
    return "\n".join("" if re.match(r"^\s*[%!]", l) else l for l in source.splitlines())


def asserts_without_message(source: str) -> list[int]:
    """Line numbers (within the cell) of ``assert`` statements that give no message."""
    tree = ast.parse(_python(source))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert) and node.msg is None]


def hidden_assertion_cells(path: Path) -> list[tuple[int, str]]:
    """(cell index, source) of every ``remove-cell`` code cell that asserts something."""
    notebook = jupytext.read(path)
    cells = []
    for index, cell in enumerate(notebook.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and "remove-cell" in tags and re.search(r"\bassert\b", cell.source):
            cells.append((index, cell.source))
    return cells


# --- the scanners, tried on small inputs ---------------------------------------------------

def test_scanners_find_what_they_look_for():
    text = (
        "```python\nprint(1)\n```\n\n"
        "```python\n# Not run: TensorFlow 1 code from source document 001\ntf.placeholder()\n```\n\n"
        "````{solution} ex-a\n:class: dropdown\n\n```python\nprint(2)\n```\n````\n"
    )
    assert unmarked_fences(text) == ["line 1: 'print(1)'", "line 13: 'print(2)'"]
    assert code_in_plain_solutions(text) == ["line 10: {solution} ex-a"]
    assert asserts_without_message("x = 1\nassert x == 1\nassert x, 'says x'\n%time x") == [2]


# --- over every chapter ------------------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_plain_python_fences_are_marked_not_run(chapter):
    unmarked = unmarked_fences(chapter.read_text(encoding="utf-8"))
    assert not unmarked, (
        f"{chapter.name}: plain ```python fences the build never runs. Make them code cells "
        "(in a gated solution if they are a solution), or start them with "
        f"'# Not run: <why>' if they are deliberately not runnable:\n" + "\n".join(unmarked)
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_solutions_with_code_are_executed(chapter):
    found = code_in_plain_solutions(chapter.read_text(encoding="utf-8"))
    assert not found, (
        f"{chapter.name}: {{solution}} blocks hold code that the build never runs; use a gated "
        "solution ({solution-start} ... {solution-end}) with code cells:\n" + "\n".join(found)
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_hidden_assertions_name_their_claim(chapter):
    bare = [f"cell {index}, line {line}" for index, source in hidden_assertion_cells(chapter)
            for line in asserts_without_message(source)]
    assert not bare, (
        f"{chapter.name}: hidden assertions without a message (the message names the sentence "
        "that would become false):\n" + "\n".join(bare)
    )


def test_the_chapters_assert_their_claims():
    counts = {chapter.stem: len(hidden_assertion_cells(chapter)) for chapter in CHAPTERS}
    unchecked = sorted(stem for stem, count in counts.items() if count == 0)
    assert not unchecked, f"chapters with no hidden assertion of any claim: {unchecked}"
