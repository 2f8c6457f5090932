"""Every executable page offered as a Jupyter notebook, with the companion package's wheel next to it.

For each page that is a notebook, the HTML build writes
``_build/html/_notebooks/<page>.ipynb`` (plain Jupyter markdown with the glued
numbers filled in, see ``notebook_export.py``, and every cell's output as this
build computed it, see ``notebook_outputs.py``; a student notebook, without
outputs, when ``course_student_notebooks`` is true), links it and the companion's wheel
under the page's title and first in the theme's download menu, and writes the
wheel, ``_notebooks/rnnbook-<version>-py3-none-any.whl``, for Colab and other
Jupyters: ``pip install --no-index`` installs it with no network.

The wheel is written with the standard library alone (``companion_wheel``), so
the build needs no packaging tool and no index: a pure-Python wheel is a zip of
the package, its metadata (from ``companion/pyproject.toml``) and a RECORD of
hashes. Its files carry a fixed date, so two builds write the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

import notebook_export
import notebook_outputs

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
    """Write the page's notebook, with the book's outputs, and put a download line under its title.

    Only the multi-page HTML offers downloads (not the single page that the PDF is printed from).
    """
    if app.builder.name != "html" or not is_notebook_page(app, docname):
        return
    executed = Path(app.outdir).parent / "jupyter_execute"
    student = bool(app.config.course_student_notebooks)
    nb = notebook_export.export_notebook(
        Path(app.env.doc2path(docname)),
        student=student,
        glue=notebook_export.read_glue(executed, docname),
        citations=_citations(app),
        wheel_url=app.config.course_wheel_url or "",
    )
    if not student:  # the book's outputs; student notebooks are handed out to be run
        ran = notebook_outputs.executed_page(app, docname)
        if ran is None:
            LOGGER.warning(f"{docname}: this build did not execute the page: its download has no outputs")
        elif missing := notebook_outputs.fill(nb, ran):
            LOGGER.warning(f"{docname}: the download lacks the outputs of its cells {missing} "
                           "(no executed cell has their code)")
    notebook_export.write_notebook(nb, Path(app.outdir) / NOTEBOOKS_DIR / notebook_name(docname))

    here = app.builder.get_target_uri(docname)
    to_notebook = relative_uri(here, f"{NOTEBOOKS_DIR}/{notebook_name(docname)}")
    wheel = wheel_name(Path(app.srcdir) / "companion")
    to_wheel = relative_uri(here, f"{NOTEBOOKS_DIR}/{wheel}")
    line = nodes.paragraph(classes=["course-download"])
    line += nodes.Text("Run this page yourself: download it as a Jupyter notebook, ")
    link = nodes.reference("", "", internal=False, refuri=to_notebook)
    link["classes"].append("course-download-notebook")
    link += nodes.literal(text=notebook_name(docname))
    line += link
    line += nodes.Text(", and the companion package ")
    wheel_link = nodes.reference("", "", internal=False, refuri=to_wheel)
    wheel_link["classes"].append("course-download-wheel")
    wheel_link += nodes.literal(text=wheel)
    line += wheel_link
    line += nodes.Text(" next to it: the notebook's first code cell installs it.")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, line)
    else:
        doctree.insert(0, line)


def download_button(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the notebook and the wheel first in the theme's download menu (after the theme built it)."""
    if doctree is None or not is_notebook_page(app, pagename):
        return
    wheel = wheel_name(Path(app.srcdir) / "companion")
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
            button["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": context["pathto"](f"{NOTEBOOKS_DIR}/{wheel}", 1),
                    "text": ".whl",
                    "icon": "fas fa-box",
                    "tooltip": "Download the companion package the notebook imports",
                    "label": "download-wheel-button",
                },
            )


def _pyproject(companion: Path) -> dict:
    return tomllib.loads((companion / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def wheel_name(companion: Path) -> str:
    """``rnnbook-<version>-py3-none-any.whl``, from ``companion/pyproject.toml``."""
    project = _pyproject(companion)
    return f"{re.sub(r'[-_.]+', '_', project['name']).lower()}-{project['version']}-py3-none-any.whl"


def _metadata(companion: Path) -> str:
    """The wheel's ``METADATA`` (core metadata 2.1) from ``[project]`` of pyproject.toml."""
    project = _pyproject(companion)
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if isinstance(project.get("license"), str):
        lines.append(f"License: {project['license']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {req}" for req in project.get("dependencies", [])]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {req}; extra == "{extra}"' for req in reqs]
    readme = companion / str(project.get("readme", "README.md"))
    if readme.is_file():
        lines += ["Description-Content-Type: text/markdown", "", readme.read_text(encoding="utf-8")]
    return "\n".join(lines) + "\n"


def _package_files(companion: Path) -> list[tuple[str, Path]]:
    """(path in the wheel, file) for every file of the packages under ``companion/src``."""
    src = companion / "src"
    files = []
    for package in sorted(p for p in src.iterdir() if (p / "__init__.py").is_file()):
        for path in sorted(package.rglob("*")):
            if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts:
                files.append((path.relative_to(src).as_posix(), path))
    return files


def companion_wheel(companion: Path, folder: Path) -> Path:
    """Write the companion's pure-Python wheel into ``folder``; return its path."""
    companion = Path(companion)
    name = wheel_name(companion)
    dist_info = name.split("-py3-")[0] + ".dist-info"
    entries = [(arc, path.read_bytes()) for arc, path in _package_files(companion)]
    if not entries:
        raise ValueError(f"companion: no package (a folder with __init__.py) under {companion / 'src'}")
    top_level = sorted({arc.split("/", 1)[0] for arc, _ in entries})
    entries += [
        (f"{dist_info}/METADATA", _metadata(companion).encode("utf-8")),
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: the course book build\n"
                               b"Root-Is-Purelib: true\nTag: py3-none-any\n"),
        (f"{dist_info}/top_level.txt", ("\n".join(top_level) + "\n").encode()),
    ]
    record = []
    for arc, data in entries:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{arc},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target


def write_wheel(app: Sphinx, exception: Exception | None) -> None:
    """Write the companion's wheel into ``_notebooks/``, next to the notebooks."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / NOTEBOOKS_DIR
    if not folder.is_dir():
        return
    companion = Path(app.srcdir) / "companion"
    if not (companion / "pyproject.toml").is_file():
        LOGGER.warning("companion/pyproject.toml not found: the companion wheel is not written")
        return
    # an earlier build's wheel, or the zipped source tree that builds offered before the wheel
    for old in [*folder.glob("rnnbook-*.whl"), *folder.glob("rnnbook-companion.zip")]:
        old.unlink()
    companion_wheel(companion, folder)


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_student_notebooks", False, "env")
    app.add_config_value("course_wheel_url", "", "env")
    app.connect("doctree-resolved", write_download)
    app.connect("html-page-context", download_button, priority=502)
    app.connect("build-finished", write_wheel)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
