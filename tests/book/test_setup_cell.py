"""Every downloadable notebook's first code cell installs the companion where ``import rnnbook`` fails.

The cell (``notebook_export.setup_cell``) does nothing where ``rnnbook`` imports,
as in the course's environment; elsewhere it installs the newest wheel next to
the notebook or, when ``_config.yml`` sets ``course_wheel_url``, that URL. It is
run here in both kinds of Python: the course's, and a fresh venv that sees the
course's dependencies but not ``rnnbook`` (``fresh_venv`` of ``test_wheel.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import notebook_export  # noqa: E402
from test_downloads import chapters_in_toc  # noqa: E402
from test_wheel import OFFLINE, _bin, fresh_venv, wheel  # noqa: E402,F401  (fixtures)


def _first_code_cell(nb) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.cell_type == "code")


def _configured_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["sphinx"]["config"].get("course_wheel_url") or ""


def _chooser(url: str = ""):
    """The cell's ``companion_wheel`` function, defined without running the rest of the cell."""
    namespace: dict = {}
    exec(notebook_export.setup_cell(url).split("\ntry:\n", 1)[0], namespace)  # noqa: S102
    return namespace["companion_wheel"]


@pytest.mark.parametrize("student", [False, True], ids=["book", "student"])
def test_every_chapter_notebook_starts_with_the_setup_cell(student):
    for docname in chapters_in_toc():
        nb = notebook_export.export_notebook(ROOT / f"{docname}.md", student=student)
        cell = _first_code_cell(nb)
        assert cell.source == notebook_export.setup_cell(""), f"{docname}: first code cell is not the set-up"
        assert "setup" in cell.metadata["tags"]


def test_the_built_notebooks_start_with_the_setup_cell(html_dir):
    url = _configured_url()
    for docname in chapters_in_toc():
        nb = nbformat.read(str(html_dir / "_notebooks" / f"{Path(docname).name}.ipynb"), as_version=4)
        assert _first_code_cell(nb).source == notebook_export.setup_cell(url), docname


def test_the_cell_chooses_the_newest_wheel_next_to_the_notebook(tmp_path):
    choose = _chooser()
    assert choose(tmp_path) is None
    for name in ("rnnbook-0.9.0-py3-none-any.whl", "rnnbook-0.10.1-py3-none-any.whl",
                 "rnnbook-0.2.0-py3-none-any.whl", "other-9.0-py3-none-any.whl"):
        (tmp_path / name).write_bytes(b"")
    assert Path(choose(tmp_path)).name == "rnnbook-0.10.1-py3-none-any.whl"


def test_the_cell_falls_back_to_the_configured_url(tmp_path):
    url = "https://example.org/rnnbook-0.1.0-py3-none-any.whl"
    choose = _chooser(url)
    assert choose(tmp_path) == url
    (tmp_path / "rnnbook-0.1.0-py3-none-any.whl").write_bytes(b"")
    assert choose(tmp_path) == str(tmp_path / "rnnbook-0.1.0-py3-none-any.whl")


def _run_cell(python: Path, cwd: Path) -> subprocess.CompletedProcess:
    nb = notebook_export.export_notebook(ROOT / "book" / "ch01_sequential_data.md")
    return subprocess.run([str(python), "-c", _first_code_cell(nb).source], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, **OFFLINE}, timeout=300)


def test_the_cell_does_nothing_where_rnnbook_imports(tmp_path):
    ran = _run_cell(Path(sys.executable), tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().endswith("is installed: nothing to set up."), ran.stdout


def test_the_cell_installs_the_wheel_next_to_the_notebook(fresh_venv, wheel, tmp_path):
    python = _bin(fresh_venv, "python")
    missing = _run_cell(python, tmp_path)
    assert missing.returncode != 0 and "no rnnbook-*-py3-none-any.whl is next to this notebook" in missing.stderr
    (tmp_path / wheel.name).write_bytes(wheel.read_bytes())
    ran = _run_cell(python, tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.strip().endswith(f"from {wheel.name}."), ran.stdout
    again = _run_cell(python, tmp_path)
    assert again.stdout.strip().endswith("is installed: nothing to set up."), again.stdout
