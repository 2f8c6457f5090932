"""The pages' assets: MathJax served from the book itself, every script loaded once, the favicon.

- MathJax renders the math with no network: the MathJax 3 files come from an
  installed Python package (``django-static-mathjax``, import name ``mathjax``)
  and are copied into ``_build/html/_static/mathjax`` at the end of every HTML
  build (``mathjax_path`` in ``_config.yml`` points there).
- sphinx-thebe registers its inline configuration (``const THEBE_JS_URL = ...``)
  each time the environment reads documents; a page that carried it twice
  would raise "Identifier 'THEBE_JS_URL' has already been declared" in the
  browser. Each page keeps the first copy of every script.
- The favicon: ``_config.yml`` links ``book/_static/favicon.svg`` from every
  page (``html.favicon``), and ``book/_static/favicon.ico`` is copied to the
  site's root, where browsers that ignore the link ask for ``/favicon.ico``.
- ``book/_static/course.css``: the package code that pages show with
  ``literalinclude`` wraps at the column (the code cells are formatted to fit it).
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Parts of MathJax's es5 bundle that tex-chtml.js loads at run time.
_MATHJAX_PARTS = ("tex-chtml.js", "input", "output", "ui", "a11y", "sre", "adaptors")


def mathjax_source() -> Path:
    """The installed MathJax 3 es5 folder (with ``tex-chtml.js``)."""
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


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Copy MathJax into ``_static/mathjax`` of the HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    for part in _MATHJAX_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, target / part, dirs_exist_ok=True)
        else:
            shutil.copy2(src, target / part)


def copy_favicon(app: Sphinx, exception: Exception | None) -> None:
    """Copy ``book/_static/favicon.ico`` to the root of the HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    icon = Path(app.srcdir) / "book" / "_static" / "favicon.ico"
    if icon.is_file():
        shutil.copy2(icon, Path(app.outdir) / "favicon.ico")


def unique_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop repeated ``<script>`` entries from a page (same source, same attributes)."""
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


def add_course_css(app: Sphinx, config) -> None:
    """Serve ``book/_static`` and link its ``course.css`` from every page."""
    folder = Path(app.confdir) / "book" / "_static"
    if (folder / "course.css").is_file():
        config.html_static_path = [*config.html_static_path, str(folder)]
        app.add_css_file("course.css")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_course_css)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", copy_favicon)
    app.connect("html-page-context", unique_scripts, priority=1)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
