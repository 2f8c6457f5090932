"""A small book built with the course's own configuration and extension, for checks that need their own build.

:func:`build` copies ``_config.yml`` (with changes), ``book/_ext``,
``book/_static`` and the bibliography into a folder, links the companion
package, writes the given pages and ``_toc.yml``, and runs the command of
``make book`` (``jupyter-book build --all -W -n --keep-going``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

#: The header of a page that is a notebook (jupytext MyST markdown), as the chapters have it.
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _merge(base: dict, changes: dict) -> dict:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def build(folder: Path, pages: dict[str, str], config: dict | None = None,
          timeout: int = 600) -> subprocess.CompletedProcess:
    """Build a book of ``pages`` (name -> text; the first is the root) in ``folder``.

    ``config``: changes to the course's ``_config.yml`` (nested keys merged).
    Returns the finished build command (its output in ``stdout``); the HTML is
    in ``folder / "_build" / "html"``.
    """
    folder = Path(folder)
    (folder / "book").mkdir(parents=True, exist_ok=True)
    settings = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    _merge(settings, config or {})
    (folder / "_config.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "book" / "_ext", folder / "book" / "_ext",
                    ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    shutil.copytree(ROOT / "book" / "_static", folder / "book" / "_static", dirs_exist_ok=True)
    shutil.copy(ROOT / "book" / "references.bib", folder / "book" / "references.bib")
    shutil.copy(ROOT / "constraints.txt", folder / "constraints.txt")
    if not (folder / "companion").exists():
        (folder / "companion").symlink_to(ROOT / "companion", target_is_directory=True)
    names = list(pages)
    for name, text in pages.items():
        (folder / "book" / f"{name}.md").write_text(text, encoding="utf-8")
    toc = {"format": "jb-book", "root": f"book/{names[0]}",
           "chapters": [{"file": f"book/{name}"} for name in names[1:]]}
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run(
        [str(jupyter_book), "build", str(folder), "--all", "-W", "-n", "--keep-going"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
    )
