"""The chapters' code cells are formatted by ruff at the width of the book's code boxes.

At 1280 px the theme's content column holds 77 characters of the code font in a code
block (652 px of text at 14 px DejaVu Sans Mono, 8.43 px a character), and a code cell
inside an exercise or a solution 74 (630 px). Every code cell is formatted by
``ruff format --line-length 74`` and no line of it is longer. ``make format`` (which runs
this file as a script) formats them; the check needs no built book.

Each chapter's code cells go to ruff as one notebook, so ruff treats them as cells: a
trailing semicolon that hides a cell's value stays. Only the cells' code is rewritten: the
fence line, its options and every line of prose keep their exact text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Characters of the code font that fit every code box at 1280 px (exercises included).
WIDTH = 74
#: The pages whose code cells are formatted: the chapters, the results and the guide.
SOURCES = sorted((ROOT / "book").glob("ch*.md")) + [
    ROOT / "book" / "results.md",
    ROOT / "book" / "instructor_guide.md",
    ROOT / "book" / "case_study_assignment.md",
]
_FENCE = re.compile(r"^```\{code-cell\}[^\n]*\n", re.MULTILINE)
_YAML_OPTIONS = re.compile(r"---\n.*?\n---\n", re.DOTALL)
_COLON_OPTIONS = re.compile(r"(?::[\w-]+:[^\n]*\n)+\n?")
_CLOSE = re.compile(r"^```[ \t]*$", re.MULTILINE)


def cell_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each code cell's code in a MyST notebook's text."""
    spans = []
    for fence in _FENCE.finditer(text):
        start = fence.end()
        options = _YAML_OPTIONS.match(text, start) or _COLON_OPTIONS.match(text, start)
        if options:
            start = options.end()
        close = _CLOSE.search(text, start)
        if close is None:
            raise ValueError(f"code cell at offset {fence.start()} has no closing fence")
        spans.append((start, close.start()))
    return spans


def _ruff() -> str:
    """The ruff executable of the course's environment."""
    here = Path(sys.executable).with_name("ruff")
    found = str(here) if here.is_file() else shutil.which("ruff")
    if not found:
        raise FileNotFoundError("ruff is not installed: run `make install`")
    return found


def _write_notebook(cells: list[str], path: Path) -> None:
    notebook = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
             "outputs": [], "source": source}
            for i, source in enumerate(cells)
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")


def formatted_cells(sources: list[Path]) -> dict[Path, tuple[str, list[str]]]:
    """Each page's text and its code cells as ``ruff format`` writes them (one ruff run)."""
    with tempfile.TemporaryDirectory() as tmp:
        notebooks = {}
        for source in sources:
            text = source.read_text(encoding="utf-8")
            notebook = Path(tmp) / f"{source.stem}.ipynb"
            _write_notebook([text[a:b] for a, b in cell_spans(text)], notebook)
            notebooks[source] = (text, notebook)
        command = [_ruff(), "format", "--quiet", "--isolated", "--line-length", str(WIDTH)]
        done = subprocess.run(command + [str(nb) for _, nb in notebooks.values()],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"ruff format failed:\n{done.stdout}{done.stderr}")
        result = {}
        for source, (text, notebook) in notebooks.items():
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            codes = ["".join(cell["source"]).rstrip("\n") for cell in cells]
            result[source] = (text, [code + "\n" if code else "" for code in codes])
        return result


def format_sources(sources: list[Path]) -> list[Path]:
    """Format the code cells of ``sources`` in place; the pages that changed."""
    changed = []
    for source, (text, cells) in formatted_cells(sources).items():
        pieces, last = [], 0
        for (a, b), code in zip(cell_spans(text), cells):
            pieces += [text[last:a], code]
            last = b
        new = "".join(pieces) + text[last:]
        if new != text:
            source.write_text(new, encoding="utf-8")
            changed.append(source)
    return changed


def long_lines(source: Path, width: int = WIDTH) -> list[str]:
    """``path:line: length`` of each code-cell line longer than ``width``."""
    text = source.read_text(encoding="utf-8")
    found = []
    for a, b in cell_spans(text):
        first = text.count("\n", 0, a) + 1
        for offset, line in enumerate(text[a:b].splitlines()):
            if len(line) > width:
                found.append(f"{source.relative_to(ROOT)}:{first + offset}: {len(line)} "
                             f"characters: {line.strip()[:60]}")
    return found


@pytest.fixture(scope="module")
def formatted() -> dict[Path, tuple[str, list[str]]]:
    try:
        return formatted_cells(SOURCES)
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_code_cells_are_formatted(source: Path, formatted) -> None:
    """``ruff format`` would change nothing in the page's code cells."""
    text, cells = formatted[source]
    unformatted = []
    for (a, b), code in zip(cell_spans(text), cells):
        if text[a:b] != code:
            unformatted.append(f"line {text.count(chr(10), 0, a) + 1}")
    assert not unformatted, (
        f"{source.relative_to(ROOT)}: {len(unformatted)} code cells are not formatted "
        f"by ruff at {WIDTH} columns (cells starting at {', '.join(unformatted[:8])}): "
        "run `make format`"
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_code_lines_fit_the_column(source: Path) -> None:
    """No code-cell line is wider than a code box at 1280 px (rewrap comments, strings)."""
    too_long = long_lines(source)
    assert not too_long, (
        f"{len(too_long)} code lines are longer than {WIDTH} characters, the width of "
        "a code box at 1280 px:\n" + "\n".join(too_long)
    )


def test_cells_are_found() -> None:
    """Every code-cell fence of each page is matched (the checks above read them all)."""
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        assert len(cell_spans(text)) == text.count("```{code-cell}"), source


if __name__ == "__main__":  # `make format`: format the code cells in place
    # pages named on the command line, or every page
    pages = [Path(arg).resolve() for arg in sys.argv[1:]] or SOURCES
    for page in format_sources(pages):
        print(f"formatted {page.relative_to(ROOT)}")
