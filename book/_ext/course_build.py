"""Sphinx extension used by the book's own build.

1. Serves MathJax from the book's ``_static`` folder, so math renders with no
   network: the MathJax 3 files come from an installed Python package
   (``django-static-mathjax``, import name ``mathjax``) and are copied into
   ``_build/html/_static/mathjax`` at the end of every HTML build.
2. Prints a per-chapter execution-time table when the build finishes and
   writes it to ``_build/html/_static/execution_times.json``.
3. Offers every executable page as a Jupyter notebook: writes
   ``_build/html/_notebooks/<page>.ipynb`` (plain Jupyter markdown, see
   ``notebook_export.py``), links it at the top of the page and in the theme's
   download menu, and zips the companion package next to it
   (``_notebooks/rnnbook-companion.zip``) for Colab and other Jupyters.
4. Feeds the results page: points ``$RNNBOOK_RESULTS_DIR`` at
   ``_build/results`` unless it is set already (the chapters record their
   models there), writes each page's execution time to
   ``execution_times.json`` in that folder as soon as the page has run, and
   reads the results page last, after every chapter.
5. Executes the pages several at a time. With ``execute_notebooks: cache``
   (``_config.yml``), it empties the execution cache, runs every page that is
   about to be read (except the results page) in a pool of
   ``course_execution_workers`` processes, one Jupyter kernel each, heaviest
   page first, and stores each executed notebook in the cache, where myst-nb
   finds it when it reads the page. Every build still executes every page from
   scratch; a page that fails here is left out of the cache, so myst-nb runs it
   again itself and reports the failing cell as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
import multiprocessing
import time
from importlib import resources
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

import notebook_export

LOGGER = logging.getLogger(__name__)

#: Folder (under the build directory) of the results recorded while the book builds.
RESULTS_SUBDIR = "results"
#: Environment variable read by ``rnnbook.results``.
RESULTS_ENV = "RNNBOOK_RESULTS_DIR"
#: Per-page execution times, written next to ``results.json``.
EXECUTION_TIMES = "execution_times.json"
#: Pages read after all others (they summarise what the chapters recorded).
READ_LAST = ("book/results",)
#: Folder of the downloadable notebooks inside the HTML output.
NOTEBOOKS_DIR = "_notebooks"

#: Most notebooks executed at once when ``course_execution_workers`` is 0 (automatic):
#: each kernel holds TensorFlow and PyTorch in memory (about 1.5 GB).
MAX_AUTO_WORKERS = 4

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
    lines.append(f"{'sum':<{width}}  {total:7.1f}")
    summary = {"pages": rows, "total_seconds": round(total, 1)}
    parallel = getattr(app, "_course_parallel", None)
    if parallel:
        # the pages run in the pool overlap; the others (the results page) ran alone
        alone = sum(row["seconds"] for row in rows if row["page"] not in parallel["docs"])
        summary.update({k: v for k, v in parallel.items() if k != "docs"},
                       book_wall_seconds=round(parallel["wall_seconds"] + alone, 1))
        lines.append(
            f"{parallel['parallel_pages']} pages executed {parallel['workers']} at a time "
            f"in {parallel['wall_seconds']:.1f} s, the others one by one in {alone:.1f} s: "
            f"{summary['book_wall_seconds']:.1f} s of wall-clock time in all"
        )
    print("\n".join(lines), flush=True)
    if app.builder.format == "html":
        out = Path(app.outdir) / "_static" / "execution_times.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(summary, indent=2))


# ---------------------------------------------------------------------------
# Results page: recorded results and execution times
# ---------------------------------------------------------------------------
def _results_dir(app: Sphinx) -> Path:
    """Set ``$RNNBOOK_RESULTS_DIR`` (unless set) so that executed pages inherit it."""
    value = os.environ.get(RESULTS_ENV, "").strip()
    if not value:
        value = str(Path(app.outdir).parent / RESULTS_SUBDIR)
        os.environ[RESULTS_ENV] = value
    return Path(value)


def _set_results_dir(app: Sphinx, config) -> None:
    _results_dir(app)


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
    folder = _results_dir(app)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / EXECUTION_TIMES
    summary = _read_times(path)
    rows = [row for row in summary["pages"] if row.get("page") != docname]
    rows.append(
        {
            "page": docname,
            "seconds": round(float(data["runtime"]), 2),
            "succeeded": bool(data["succeeded"]),
        }
    )
    rows.sort(key=lambda row: row["page"])
    summary["pages"] = rows
    _write_json(folder, path, summary)


def _read_times(path: Path) -> dict:
    """The execution-times summary at ``path``; ``{"pages": []}`` if missing or unreadable."""
    try:
        summary = json.loads(path.read_text())
        if isinstance(summary, dict) and isinstance(summary.get("pages"), list):
            return summary
    except (OSError, ValueError):
        pass
    return {"pages": []}


def _write_json(folder: Path, path: Path, data: dict) -> None:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".times-", suffix=".json")
    with os.fdopen(handle, "w") as stream:
        json.dump(data, stream, indent=1)
    os.replace(temporary, path)


# ---------------------------------------------------------------------------
# Executing the pages several at a time
# ---------------------------------------------------------------------------
def _execute_one(job: tuple) -> tuple:
    """Run one notebook in a fresh kernel (in a worker process); never raises."""
    from jupyter_cache.executors.utils import single_nb_execution

    docname, notebook, path, timeout, allow_errors = job
    try:
        result = single_nb_execution(
            notebook, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors, meta_override=True
        )
    except Exception as error:  # noqa: BLE001 (a kernel that dies, a full disk, ...)
        return docname, path, None, 0.0, f"{type(error).__name__}: {error}"
    if result.err is not None:
        return docname, path, None, result.time, f"{type(result.err).__name__}"
    return docname, path, result.nb, result.time, None


def _execute_in_parallel(app: Sphinx, env, docnames: list[str]) -> None:
    """Execute the pages about to be read, several at a time, into myst-nb's cache."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from myst_nb.core.read import create_nb_reader

    nb_config = getattr(env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache":
        return
    cache_path = Path(nb_config.execution_cache_path)
    shutil.rmtree(cache_path, ignore_errors=True)  # every build executes every page afresh
    jobs = []
    for docname in docnames:
        if docname in READ_LAST or not _is_notebook_page(app, docname):
            continue
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        if reader is None:
            continue
        jobs.append((docname, reader.read(text), str(path),
                     nb_config.execution_timeout, nb_config.execution_allow_errors))
    if not jobs:
        return
    # Heaviest page first (by the previous build's times; else the chapters, later ones
    # first, as they train more models), so that the last page to finish is a short one.
    folder = _results_dir(app)
    previous = {row.get("page"): row.get("seconds", 0.0)
                for row in _read_times(folder / EXECUTION_TIMES)["pages"]}
    order = {name: k for k, name in enumerate(docnames)}
    jobs.sort(key=lambda job: (
        -previous.get(job[0], 0.0), not Path(job[0]).name.startswith("ch"), -order[job[0]],
    ))
    workers = app.config.course_execution_workers or min(os.cpu_count() or 1, MAX_AUTO_WORKERS)
    workers = max(1, min(int(workers), len(jobs)))
    LOGGER.info(f"executing {len(jobs)} pages, {workers} at a time")
    cache = get_cache(str(cache_path))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for k, (docname, path, notebook, seconds, error) in enumerate(
            pool.imap_unordered(_execute_one, jobs, chunksize=1), start=1
        ):
            if error is None:
                cache.cache_notebook_bundle(
                    CacheBundleIn(notebook, path, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
                LOGGER.info(f"[{k}/{len(jobs)}] executed {docname} in {seconds:.1f} s")
            else:
                # not cached: myst-nb executes the page again when reading it and reports
                # the failing cell with its traceback
                LOGGER.info(f"[{k}/{len(jobs)}] {docname} failed ({error})")
    wall = time.perf_counter() - start
    parallel = {"workers": workers, "parallel_pages": len(jobs), "wall_seconds": round(wall, 1)}
    app._course_parallel = {**parallel, "docs": {job[0] for job in jobs}}
    # this build's times only: each page adds its row when it is read
    folder.mkdir(parents=True, exist_ok=True)
    _write_json(folder, folder / EXECUTION_TIMES, {"pages": [], **parallel})


# ---------------------------------------------------------------------------
# Notebook downloads
# ---------------------------------------------------------------------------
def _notebook_name(docname: str) -> str:
    return Path(docname).name + ".ipynb"


def _is_notebook_page(app: Sphinx, docname: str) -> bool:
    try:
        source = Path(app.env.doc2path(docname))
    except Exception:  # noqa: BLE001 (generated pages such as genindex)
        return False
    return notebook_export.is_notebook_source(source)


def _write_download(app: Sphinx, doctree, docname: str) -> None:
    """Write the page's notebook and put a download line under its title."""
    if app.builder.format != "html" or not _is_notebook_page(app, docname):
        return
    source = Path(app.env.doc2path(docname))
    executed = Path(app.outdir).parent / "jupyter_execute"
    if not hasattr(app, "_course_citations"):
        bib = [Path(app.srcdir) / name for name in app.config.bibtex_bibfiles]
        app._course_citations = {}
        for path in bib:
            app._course_citations.update(notebook_export.load_citations(path))
    nb = notebook_export.export_notebook(
        source,
        student=bool(app.config.course_student_notebooks),
        glue=notebook_export.read_glue(executed, docname),
        citations=app._course_citations,
    )
    target = Path(app.outdir) / NOTEBOOKS_DIR / _notebook_name(docname)
    notebook_export.write_notebook(nb, target)

    here = app.builder.get_target_uri(docname)
    to_notebook = relative_uri(here, f"{NOTEBOOKS_DIR}/{_notebook_name(docname)}")
    to_zip = relative_uri(here, f"{NOTEBOOKS_DIR}/{notebook_export.COMPANION_ZIP}")
    line = nodes.paragraph(classes=["course-download"])
    line += nodes.Text("Run this page yourself: download it as a Jupyter notebook, ")
    link = nodes.reference("", "", internal=False, refuri=to_notebook)
    link["classes"].append("course-download-notebook")
    link += nodes.literal(text=_notebook_name(docname))
    line += link
    line += nodes.Text(", with the companion package ")
    zip_link = nodes.reference("", "", internal=False, refuri=to_zip)
    zip_link += nodes.literal(text=notebook_export.COMPANION_ZIP)
    line += zip_link
    line += nodes.Text(" (see the notebook's first cell).")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, line)
    else:
        doctree.insert(0, line)


def _download_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the notebook first in the theme's download menu (after the theme built it)."""
    if doctree is None or not _is_notebook_page(app, pagename):
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(
                0,
                {
                    "type": "link",
                    "url": context["pathto"](f"{NOTEBOOKS_DIR}/{_notebook_name(pagename)}", 1),
                    "text": ".ipynb",
                    "icon": "fas fa-code",
                    "tooltip": "Download this page as a Jupyter notebook",
                    "label": "download-notebook-button",
                },
            )


def _unique_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop repeated <script> entries from a page.

    sphinx-thebe registers its inline configuration (``const THEBE_JS_URL = ...``)
    each time the environment reads documents; a page that carried it twice
    would raise "Identifier 'THEBE_JS_URL' has already been declared" in the
    browser. Keep the first copy of every script (same source, same body).
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", {}) or {}
        # an inline script is registered with filename None once and "" once
        filename = getattr(script, "filename", script) or ""
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    # in place: later handlers (MathJax on pages with math) add to this same list
    scripts[:] = unique


def _zip_companion(app: Sphinx, exception: Exception | None) -> None:
    """Zip companion/ (pyproject, README, src/) into _notebooks/ for `pip install <zip>`."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / NOTEBOOKS_DIR
    if not folder.is_dir():
        return
    companion = Path(app.srcdir) / "companion"
    if not (companion / "pyproject.toml").is_file():
        LOGGER.warning("companion/pyproject.toml not found: the companion zip is not written")
        return
    files = [companion / "pyproject.toml", companion / "README.md"]
    files += sorted(
        p for p in (companion / "src").rglob("*")
        if p.is_file() and p.suffix != ".pyc"
        and not any(part == "__pycache__" or part.endswith(".egg-info") for part in p.parts)
    )
    with zipfile.ZipFile(folder / notebook_export.COMPANION_ZIP, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            if path.is_file():
                archive.write(path, Path("rnnbook-companion") / path.relative_to(companion))


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_student_notebooks", False, "env")
    # notebooks executed at once (0: one per CPU core, at most MAX_AUTO_WORKERS)
    app.add_config_value("course_execution_workers", 0, "env", types=[int])
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _report_execution)
    app.connect("config-inited", _set_results_dir)
    app.connect("env-before-read-docs", _read_summaries_last)
    app.connect("env-before-read-docs", _execute_in_parallel, priority=900)
    app.connect("doctree-read", _record_execution_time)
    app.connect("doctree-resolved", _write_download)
    app.connect("html-page-context", _download_button, priority=502)
    app.connect("html-page-context", _unique_scripts, priority=1)
    app.connect("build-finished", _zip_companion)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
