"""Executing the pages before Sphinx reads them: several at a time, or not at all when the book already did.

With ``execute_notebooks: cache`` (``_config.yml``), myst-nb takes each page's
outputs from the jupyter-cache when the page's code matches a cached notebook,
and executes the page itself, one page at a time, when it does not. Before
reading, this module empties the cache (every build executes every page
afresh) and fills it:

1. **Reused outputs** (the student version, ``course_reuse_outputs``). A
   student page is its book page less the solutions, so its code cells are a
   subsequence of the book page's. When the book's cache holds the book page
   (same code), the student page gets those cells' outputs and is not executed
   again. That the student notebooks run without their solutions is checked
   once, by nbval on the student downloads (``make test``). A page whose cells
   are not a subsequence is executed, unless ``course_reuse_required`` is true
   (the PDF's build, ``book_pdf.py``): then the build stops and names it.
2. **A pool** of ``course_execution_workers`` processes (0: one per CPU core,
   at most 4, as each kernel holds TensorFlow and PyTorch, about 1.5 GB),
   one Jupyter kernel each, heaviest page first (by the previous build's
   times), for every other page except the results page, which myst-nb runs
   last (``results_page.py``). A page that fails here is left out of the cache,
   so myst-nb runs it again and reports the failing cell as usual.

Why a pool of its own rather than jupyter-cache's ``local-parallel`` executor
(myst-nb itself executes one page at a time): ``local-parallel`` starts one
kernel per CPU core with no cap, and hands the pages out in the order they were
added, two at a time (``Pool.map``), so a heavy chapter that comes last runs
alone at the end. Measured on a 2-core machine (shared, so with other load),
executing the same 12 pages from an empty cache, twice each, alternating:

============================  ===============  ========================
                              wall-clock (s)   sum of the pages' times/2
============================  ===============  ========================
this pool, heaviest first     148.0, 157.4     147.4, 155.5
jupyter-cache local-parallel  163.7, 181.9     140.5, 144.0
============================  ===============  ========================

The pool finishes within 1% of the best that two kernels can do; local-parallel
is 16-26% above it, 10-14% slower than the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

import notebook_export
from results_page import EXECUTION_TIMES, READ_LAST, read_times, results_dir, write_times

LOGGER = logging.getLogger(__name__)

#: Most notebooks executed at once when ``course_execution_workers`` is 0 (automatic).
MAX_AUTO_WORKERS = 4


def _execute_one(job: tuple) -> tuple:
    """Run one notebook in a fresh kernel (in a worker process); never raises."""
    from jupyter_cache.executors.utils import single_nb_execution

    docname, notebook, path, timeout, allow_errors = job
    try:
        result = single_nb_execution(
            notebook, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors,
            meta_override=True,
        )
    except Exception as error:  # noqa: BLE001 (a kernel that dies, a full disk, ...)
        return docname, path, None, 0.0, f"{type(error).__name__}: {error}"
    if result.err is not None:
        return docname, path, None, result.time, f"{type(result.err).__name__}"
    return docname, path, result.nb, result.time, None


def with_outputs(notebook, executed):
    """``notebook`` with the outputs of ``executed``, whose code cells must include its own, in order.

    Returns None when a code cell of ``notebook`` is not found, in order, in ``executed``.
    """
    ran = iter([cell for cell in executed.cells if cell.cell_type == "code"])
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        match = next((done for done in ran if done.source == cell.source), None)
        if match is None:
            return None
        cell.outputs = match.outputs
        cell.execution_count = match.execution_count
    return notebook


def _reused(app: Sphinx, env, docname: str, notebook, read):
    """The page with the outputs of its book page from the book's cache, or None."""
    from jupyter_cache import get_cache

    book_cache, book_root = app.config.course_reuse_outputs, app.config.course_reuse_sources
    if not book_cache or not book_root:
        return None, 0.0
    source = Path(book_root) / Path(env.doc2path(docname)).relative_to(app.srcdir)
    if not source.is_file() or not Path(book_cache).is_dir():
        return None, 0.0
    try:
        cache = get_cache(book_cache)
        record = cache.match_cache_notebook(read(source))
    except KeyError:
        return None, 0.0
    bundle = cache.get_cache_bundle(record.pk)
    return with_outputs(notebook, bundle.nb), float(record.data.get("execution_seconds") or 0.0)


def execute_pages(app: Sphinx, env, docnames: list[str]) -> None:
    """Fill myst-nb's (emptied) cache for the pages about to be read: reused or executed."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from myst_nb.core.read import create_nb_reader

    nb_config = getattr(env, "mystnb_config", None)
    if nb_config is None or nb_config.execution_mode != "cache":
        return
    cache_path = Path(nb_config.execution_cache_path)
    shutil.rmtree(cache_path, ignore_errors=True)  # every build executes every page afresh
    cache = get_cache(str(cache_path))

    def read(path: Path):
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        return None if reader is None else reader.read(text)

    def store(notebook, path: str, seconds: float, **data) -> None:
        cache.cache_notebook_bundle(
            CacheBundleIn(notebook, path, data={"execution_seconds": seconds, **data}),
            check_validity=False, overwrite=True,
        )

    jobs, reused, missed = [], [], []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if not notebook_export.is_notebook_source(path) or (notebook := read(path)) is None:
            continue
        done, seconds = _reused(app, env, docname, notebook, read)
        if done is not None:
            store(done, str(path), seconds, reused=True)
            reused.append(docname)
            continue
        missed.append(docname)
        if docname not in READ_LAST:
            jobs.append((docname, notebook, str(path), nb_config.execution_timeout,
                         nb_config.execution_allow_errors))
    if missed and app.config.course_reuse_required:
        raise ExtensionError(
            f"{len(missed)} page(s) differ from the executed book, whose outputs this build must "
            f"reuse without executing anything: {', '.join(missed)}. Build the book again (make book).")
    if reused:
        LOGGER.info(f"{len(reused)} pages take their outputs from the executed book")
    wall, workers = _run_pool(app, docnames, jobs, store) if jobs else (0.0, 0)
    parallel = {"workers": max(workers, 1), "parallel_pages": len(jobs), "wall_seconds": round(wall, 1)}
    app._course_parallel = {**parallel, "docs": {job[0] for job in jobs}, "reused": reused}
    # this build's times only: each page adds its row when it is read
    write_times(app, {"pages": [], **parallel})


def _run_pool(app: Sphinx, docnames: list[str], jobs: list[tuple], store) -> tuple[float, int]:
    """Execute ``jobs`` in a pool, heaviest first; cache each success. Returns (seconds, workers)."""
    # Heaviest page first (by the previous build's times; else the chapters, later ones
    # first, as they train more models), so that the last page to finish is a short one.
    previous = {row.get("page"): row.get("seconds", 0.0)
                for row in read_times(results_dir(app) / EXECUTION_TIMES)["pages"]}
    order = {name: k for k, name in enumerate(docnames)}
    jobs.sort(key=lambda job: (
        -previous.get(job[0], 0.0), not Path(job[0]).name.startswith("ch"), -order[job[0]],
    ))
    workers = app.config.course_execution_workers or min(os.cpu_count() or 1, MAX_AUTO_WORKERS)
    workers = max(1, min(int(workers), len(jobs)))
    LOGGER.info(f"executing {len(jobs)} pages, {workers} at a time")
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for k, (docname, path, notebook, seconds, error) in enumerate(
            pool.imap_unordered(_execute_one, jobs, chunksize=1), start=1
        ):
            if error is None:
                store(notebook, path, seconds)
                LOGGER.info(f"[{k}/{len(jobs)}] executed {docname} in {seconds:.1f} s")
            else:
                # not cached: myst-nb executes the page again when reading it and reports
                # the failing cell with its traceback
                LOGGER.info(f"[{k}/{len(jobs)}] {docname} failed ({error})")
    return time.perf_counter() - start, workers


def setup(app: Sphinx) -> dict:
    # notebooks executed at once (0: one per CPU core, at most MAX_AUTO_WORKERS)
    app.add_config_value("course_execution_workers", 0, "env", types=[int])
    # the student version: the book's jupyter-cache folder and source root to reuse outputs from
    app.add_config_value("course_reuse_outputs", "", "env", types=[str])
    app.add_config_value("course_reuse_sources", "", "env", types=[str])
    # the PDF (book_pdf.py): every page must take its outputs from the book; none is executed
    app.add_config_value("course_reuse_required", False, "env", types=[bool])
    app.setup_extension("results_page")
    app.connect("env-before-read-docs", execute_pages, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
