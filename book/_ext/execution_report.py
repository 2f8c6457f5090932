"""How long each page took to execute: a line under its title, a table when the build ends, ``execution_times.json``.

Every executed page says under its title how long its code took to run in
this build (myst-nb's own measurement, the figure of the table). The table lists every executed page (seconds, ok or FAILED), their sum, and,
when the pages ran several at a time (``page_execution.py``), the wall-clock
time of the whole execution. The same figures go to
``_build/html/_static/execution_times.json``, which ``tests/book`` reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx


def execution_rows(app: Sphinx) -> list[dict]:
    """One row per page that myst-nb executed or took from the cache in this build."""
    metadata = getattr(app.env, "nb_metadata", {})
    rows = []
    for docname in sorted(metadata):
        data = metadata[docname].get("exec_data")
        if data:
            rows.append({
                "page": docname,
                "seconds": round(float(data["runtime"] or 0.0), 1),
                "method": data["method"],
                "succeeded": bool(data["succeeded"]),
            })
    return rows


def duration(seconds: float) -> str:
    """``6.4`` -> ``"6 s"``; ``130`` -> ``"2 min 10 s"``."""
    whole = max(1, round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def execution_line(app: Sphinx, doctree, docname: str) -> None:
    """Put "Running this page's code takes about N s" under the page's title."""
    if app.builder.format != "html":
        return
    data = getattr(app.env, "nb_metadata", {}).get(docname, {}).get("exec_data")
    if not data or not data.get("succeeded"):
        return
    seconds = float(data["runtime"] or 0.0)
    line = nodes.paragraph(classes=["course-execution-time"])
    line += nodes.Text(f"Running this page's code takes about {duration(seconds)} "
                       "(measured when this book was built).")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, line)
    else:
        doctree.insert(0, line)


def report_execution(app: Sphinx, exception: Exception | None) -> None:
    """Print the execution table and write ``_static/execution_times.json``."""
    if exception is not None:
        return
    rows = execution_rows(app)
    if not rows:
        return
    total = sum(row["seconds"] for row in rows)
    width = max(len(row["page"]) for row in rows)
    lines = ["", "Execution time per chapter", f"{'page':<{width}}  seconds  status"]
    parallel = getattr(app, "_course_parallel", None) or {}
    reused = parallel.get("reused", [])
    for row in rows:
        status = "ok" if row["succeeded"] else "FAILED"
        if row["page"] in reused:
            status += " (outputs reused, not executed)"
        lines.append(f"{row['page']:<{width}}  {row['seconds']:7.1f}  {status}")
    lines.append(f"{'sum':<{width}}  {total:7.1f}")
    summary = {"pages": rows, "total_seconds": round(total, 1)}
    if parallel:
        # the pages run in the pool overlap; the others (the results page) ran alone
        alone = sum(row["seconds"] for row in rows
                    if row["page"] not in parallel["docs"] and row["page"] not in reused)
        summary.update({k: v for k, v in parallel.items() if k != "docs"},
                       book_wall_seconds=round(parallel["wall_seconds"] + alone, 1))
        if parallel["parallel_pages"]:
            lines.append(
                f"{parallel['parallel_pages']} pages executed {parallel['workers']} at a time "
                f"in {parallel['wall_seconds']:.1f} s, the others one by one in {alone:.1f} s: "
                f"{summary['book_wall_seconds']:.1f} s of wall-clock time in all"
            )
        if reused:
            lines.append(f"{len(reused)} pages took their outputs from the executed book")
    print("\n".join(lines), flush=True)
    if app.builder.format == "html":
        out = Path(app.outdir) / "_static" / "execution_times.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(summary, indent=2))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", report_execution)
    # after notebook_downloads' line (500), so that this one sits right under the title
    app.connect("doctree-resolved", execution_line, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
