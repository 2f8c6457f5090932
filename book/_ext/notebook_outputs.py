"""The book's executed outputs put into a downloadable notebook, so a reader sees its numbers before running it.

A chapter's download (``notebook_export.export_notebook``) has the code cells
that the build executed, in the same order, plus a set-up cell (tagged
``setup``) that the build does not run, and ``from myst_nb import glue``
rewritten with a fallback (``notebook_export.GLUE_FALLBACK``). :func:`fill`
matches each code cell of the download with the executed cell of the same
code, in order, and copies its outputs and execution count, as the page shows
them (the executed notebook comes from myst-nb's cache, :func:`executed_page`):

- a cell that the page removes (tag ``remove-cell`` or ``remove-output``)
  keeps no output;
- a value glued with ``display=False`` is recorded under a prefixed MIME type
  (``application/papermill.record/...``) that only myst-nb reads and Jupyter
  cannot show: such outputs are dropped; glued values that are displayed stay.

The student notebooks (``course_student_notebooks``) are not filled: they are
handed out to be run.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from notebook_export import GLUE_FALLBACK

#: Tags of cells whose outputs the page does not show.
HIDDEN_OUTPUT_TAGS = {"remove-cell", "remove-output"}
#: Prefix of the MIME types under which myst-nb records a value glued with display=False.
GLUE_RECORD_PREFIX = "application/papermill.record/"


def shown(output: dict) -> bool:
    """Whether Jupyter can show ``output`` (not a hidden glue record)."""
    data = output.get("data")
    if not data:
        return True  # a stream or an error
    return not all(key.startswith(GLUE_RECORD_PREFIX) for key in data)


def _executed_source(source: str) -> str:
    """The code of a download cell as the build ran it."""
    return source.replace(GLUE_FALLBACK, "from myst_nb import glue")


def fill(notebook: nbformat.NotebookNode, executed: nbformat.NotebookNode) -> list[int]:
    """Copy ``executed``'s outputs into the code cells of ``notebook`` (in place).

    Returns the indices (in ``notebook.cells``) of the code cells, set-up cell
    excepted, that have no executed counterpart, in order; their outputs stay empty.
    """
    ran = iter([cell for cell in executed.cells if cell.cell_type == "code"])
    missing = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "setup" in cell.metadata.get("tags", []):
            continue
        source = _executed_source(cell.source)
        match = next((done for done in ran if done.source == source), None)
        if match is None:
            missing.append(index)
            ran = iter([])  # the order is lost: fill no later cell from a wrong one
            continue
        tags = set(cell.metadata.get("tags", [])) | set(match.metadata.get("tags", []))
        if tags & HIDDEN_OUTPUT_TAGS:
            cell.outputs, cell.execution_count = [], None
            continue
        cell.outputs = [copy.deepcopy(out) for out in match.get("outputs", []) if shown(out)]
        cell.execution_count = match.get("execution_count")
    return missing


def from_cache(cache_path: Path, notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """The executed notebook of jupyter-cache ``cache_path`` with the code of ``notebook``, or None."""
    from jupyter_cache import get_cache

    if not Path(cache_path).is_dir():
        return None
    cache = get_cache(str(cache_path))
    try:
        record = cache.match_cache_notebook(notebook)
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb


def executed_page(app, docname: str) -> nbformat.NotebookNode | None:
    """The page's notebook as this build executed it, from myst-nb's cache, or None.

    With ``execute_notebooks: cache``, myst-nb takes a page's outputs from the
    cache and writes ``jupyter_execute/<page>.ipynb`` without them; the cache
    holds them, under the hash of the page's code. In the other modes, the
    page is executed in place and ``jupyter_execute`` has the outputs.
    """
    from myst_nb.core.read import create_nb_reader

    env = app.env
    config = getattr(env, "mystnb_config", None)
    if config is None:
        return None
    if config.execution_mode == "cache":
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), env.myst_config, config, text)
        return None if reader is None else from_cache(Path(config.execution_cache_path),
                                                      reader.read(text))
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"
    try:
        return nbformat.read(str(executed), as_version=4)
    except (OSError, ValueError):
        return None
