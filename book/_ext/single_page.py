"""The single-page build (``singlehtml``, which the PDF is printed from) renders every node the HTML build renders.

Sphinx looks up a node's HTML visitors under the builder's name first and
falls back to its format (``html``) only when nothing at all is registered
under that name. sphinx-exercise registers its nodes under ``singlehtml`` too,
so the other extensions' nodes (myst-nb's hidden cells, ...), registered under
``html`` alone, would have no visitor there. This module copies every
``html`` visitor that ``singlehtml`` lacks.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def share_html_visitors(app: Sphinx) -> None:
    """Give the ``singlehtml`` builder each node visitor that only ``html`` has."""
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, visitors in handlers.get("html", {}).items():
        single.setdefault(node, visitors)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", share_html_visitors)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
