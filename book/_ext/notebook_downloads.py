"""Every executable page offered as a Jupyter notebook, with the companion package zipped next to it.

For each page that is a notebook, the HTML build writes
``_build/html/_notebooks/<page>.ipynb`` (plain Jupyter markdown with the glued
numbers filled in, see ``notebook_export.py``; a student notebook when
``course_student_notebooks`` is true), links it under the page's title and
first in the theme's download menu, and zips the companion package into
``_notebooks/rnnbook-companion.zip`` for Colab and other Jupyters.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

import notebook_export

LOGGER = logging.getLogger(__name__)

#: Folder of the downloadable notebooks inside the HTML output.
NOTEBOOKS_DIR = "_notebooks"


def notebook_name(docname: str) -> str:
    """``book/ch01_x`` -> ``ch01_x.ipynb``."""
    return Path(docname).name + ".ipynb"


def is_notebook_page(app: Sphinx, docname: str) -> bool:
    """Whether the page's source is a MyST-markdown notebook."""
    try:
        source = Path(app.env.doc2path(docname))
    except Exception:  # noqa: BLE001 (generated pages such as genindex)
        return False
    return notebook_export.is_notebook_source(source)


def _citations(app: Sphinx) -> dict[str, str]:
    if not hasattr(app, "_course_citations"):
        app._course_citations = {}
        for name in app.config.bibtex_bibfiles:
            app._course_citations.update(notebook_export.load_citations(Path(app.srcdir) / name))
    return app._course_citations


def write_download(app: Sphinx, doctree, docname: str) -> None:
    """Write the page's notebook and put a download line under its title."""
    if app.builder.format != "html" or not is_notebook_page(app, docname):
        return
    executed = Path(app.outdir).parent / "jupyter_execute"
    nb = notebook_export.export_notebook(
        Path(app.env.doc2path(docname)),
        student=bool(app.config.course_student_notebooks),
        glue=notebook_export.read_glue(executed, docname),
        citations=_citations(app),
    )
    notebook_export.write_notebook(nb, Path(app.outdir) / NOTEBOOKS_DIR / notebook_name(docname))

    here = app.builder.get_target_uri(docname)
    to_notebook = relative_uri(here, f"{NOTEBOOKS_DIR}/{notebook_name(docname)}")
    to_zip = relative_uri(here, f"{NOTEBOOKS_DIR}/{notebook_export.COMPANION_ZIP}")
    line = nodes.paragraph(classes=["course-download"])
    line += nodes.Text("Run this page yourself: download it as a Jupyter notebook, ")
    link = nodes.reference("", "", internal=False, refuri=to_notebook)
    link["classes"].append("course-download-notebook")
    link += nodes.literal(text=notebook_name(docname))
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


def download_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the notebook first in the theme's download menu (after the theme built it)."""
    if doctree is None or not is_notebook_page(app, pagename):
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(
                0,
                {
                    "type": "link",
                    "url": context["pathto"](f"{NOTEBOOKS_DIR}/{notebook_name(pagename)}", 1),
                    "text": ".ipynb",
                    "icon": "fas fa-code",
                    "tooltip": "Download this page as a Jupyter notebook",
                    "label": "download-notebook-button",
                },
            )


def zip_companion(app: Sphinx, exception: Exception | None) -> None:
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
    app.connect("doctree-resolved", write_download)
    app.connect("html-page-context", download_button, priority=502)
    app.connect("build-finished", zip_companion)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
