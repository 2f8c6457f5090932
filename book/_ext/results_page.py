"""The results page's inputs: where the chapters record their models, and each page's execution time.

- ``$RNNBOOK_RESULTS_DIR`` is pointed at ``_build/results`` unless it is set
  already; the executed pages inherit it, and ``rnnbook.results.record``
  writes each model's row there.
- Each page's execution time is added to ``execution_times.json`` in that
  folder as soon as the page has been read (executed, or taken from the cache).
- The instructor guide and then the results page (``book/results``) are
  read, and so executed, after every other page: the guide reads how long
  each chapter took, the results page gathers what the chapters recorded. It stays an executed
  page rather than text rendered when the HTML is written, because its
  numbers, table and figure are made by its own code cells (``book/results.md``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from sphinx.application import Sphinx

#: Folder (under the build directory) of the results recorded while the book builds.
RESULTS_SUBDIR = "results"
#: Environment variable read by ``rnnbook.results``.
RESULTS_ENV = "RNNBOOK_RESULTS_DIR"
#: Per-page execution times, written next to ``results.json``.
EXECUTION_TIMES = "execution_times.json"
#: Pages read after all others, in this order (they summarise what the chapters recorded
#: and how long they took).
READ_LAST = ("book/instructor_guide", "book/results")


def results_dir(app: Sphinx) -> Path:
    """Set ``$RNNBOOK_RESULTS_DIR`` (unless set) so that executed pages inherit it."""
    value = os.environ.get(RESULTS_ENV, "").strip()
    if not value:
        value = str(Path(app.outdir).parent / RESULTS_SUBDIR)
        os.environ[RESULTS_ENV] = value
    return Path(value)


def read_times(path: Path) -> dict:
    """The execution-times summary at ``path``; ``{"pages": []}`` if missing or unreadable."""
    try:
        summary = json.loads(path.read_text())
        if isinstance(summary, dict) and isinstance(summary.get("pages"), list):
            return summary
    except (OSError, ValueError):
        pass
    return {"pages": []}


def write_times(app: Sphinx, summary: dict) -> None:
    """Replace ``execution_times.json`` of the results folder by ``summary`` (atomically)."""
    folder = results_dir(app)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".times-", suffix=".json")
    with os.fdopen(handle, "w") as stream:
        json.dump(summary, stream, indent=1)
    os.replace(temporary, folder / EXECUTION_TIMES)


def _set_results_dir(app: Sphinx, config) -> None:
    results_dir(app)


def _read_summaries_last(app: Sphinx, env, docnames: list[str]) -> None:
    """Move the results page to the end of the reading (= execution) order."""
    for docname in READ_LAST:
        if docname in docnames:
            docnames.remove(docname)
            docnames.append(docname)


def _record_execution_time(app: Sphinx, doctree) -> None:
    """After a page is read (and executed), add its execution time to execution_times.json."""
    docname = app.env.docname
    data = getattr(app.env, "nb_metadata", {}).get(docname, {}).get("exec_data")
    if not data:
        return
    summary = read_times(results_dir(app) / EXECUTION_TIMES)
    rows = [row for row in summary["pages"] if row.get("page") != docname]
    rows.append({"page": docname, "seconds": round(float(data["runtime"] or 0.0), 2),
                 "succeeded": bool(data["succeeded"])})
    summary["pages"] = sorted(rows, key=lambda row: row["page"])
    write_times(app, summary)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _set_results_dir)
    app.connect("env-before-read-docs", _read_summaries_last)
    app.connect("doctree-read", _record_execution_time)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
