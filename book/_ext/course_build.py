"""Sphinx extension used by the book's own build.

1. Serves MathJax from the book's ``_static`` folder, so math renders with no
   network: the MathJax 3 files come from an installed Python package
   (``django-static-mathjax``, import name ``mathjax``) and are copied into
   ``_build/html/_static/mathjax`` at the end of every HTML build.
2. Prints a per-chapter execution-time table when the build finishes and
   writes it to ``_build/html/_static/execution_times.json``.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Parts of MathJax's es5 bundle that tex-chtml.js loads at run time.
_MATHJAX_PARTS = ("tex-chtml.js", "input", "output", "ui", "a11y", "sre", "adaptors")


def _mathjax_source() -> Path:
    try:
        root = resources.files("mathjax") / "static" / "mathjax" / "es5"
    except ModuleNotFoundError as error:
        raise ExtensionError(
            "MathJax is not installed: install the `django-static-mathjax` package "
            "(run `make book`, which installs everything)"
        ) from error
    path = Path(str(root))
    if not (path / "tex-chtml.js").is_file():
        raise ExtensionError(f"MathJax's tex-chtml.js was not found under {path}")
    return path


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = _mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    for part in _MATHJAX_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, target / part, dirs_exist_ok=True)
        else:
            shutil.copy2(src, target / part)


def _report_execution(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    metadata = getattr(app.env, "nb_metadata", {})
    rows = []
    for docname in sorted(metadata):
        data = metadata[docname].get("exec_data")
        if data:
            rows.append(
                {
                    "page": docname,
                    "seconds": round(float(data["runtime"]), 1),
                    "method": data["method"],
                    "succeeded": bool(data["succeeded"]),
                }
            )
    if not rows:
        return
    total = sum(row["seconds"] for row in rows)
    width = max(len(row["page"]) for row in rows)
    lines = ["", "Execution time per chapter", f"{'page':<{width}}  seconds  status"]
    for row in rows:
        status = "ok" if row["succeeded"] else "FAILED"
        lines.append(f"{row['page']:<{width}}  {row['seconds']:7.1f}  {status}")
    lines.append(f"{'total':<{width}}  {total:7.1f}")
    print("\n".join(lines), flush=True)
    if app.builder.format == "html":
        out = Path(app.outdir) / "_static" / "execution_times.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"pages": rows, "total_seconds": round(total, 1)}, indent=2))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _report_execution)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
