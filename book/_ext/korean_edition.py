"""The Korean edition: the book built again in Korean from its catalogs, with the English book's outputs.

``python book/_ext/korean_edition.py --build _build`` (run by ``make book`` after
the English build) builds every page with ``language: ko``: Sphinx replaces each
translatable message by its translation from ``book/locales/ko/LC_MESSAGES/``
(``catalogs.py``), and every code cell takes its outputs from the English
build's jupyter-cache, so nothing is executed again and every computed number
is the English page's. The edition is written to ``<build>/html/ko/``, next to
the English one, so that a published site holds both.

As a Sphinx extension (loaded by ``course_build``), this module puts a link to
the same page in the other edition in every page's header, in both editions.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from sphinx.application import Sphinx

import book_pdf

#: The edition's language, its folder inside the English HTML output, and its title.
LANGUAGE, FOLDER = "ko", "ko"
TITLE = "순차 데이터를 위한 순환 신경망"
#: The header template that links the other edition (in templates/ beside this module).
SWITCH_TEMPLATE = "language-switch.html"


def edition_config(root: Path, build: Path) -> dict:
    """The book's ``_config.yml`` for the Korean build, reusing ``build``'s executed outputs."""
    config = book_pdf.pdf_config(root, build)
    config["title"] = TITLE
    settings = config["sphinx"]["config"]
    settings["language"] = LANGUAGE
    settings["locale_dirs"] = [str((root / d).resolve()) for d in settings.get("locale_dirs", [])]
    # An output that offers Markdown (a checker's verdict) shows as its Markdown, as in the
    # catalogs (the gettext builder prefers it), so that its translation shows; the English
    # edition shows its HTML box.
    settings["nb_mime_priority_overrides"] = [["html", "text/markdown", 25]]
    return config


def build_edition(root: Path, build: Path, warnings_are_errors: bool = True) -> Path:
    """Build the Korean edition into ``<build>/html/ko``; return that folder."""
    html = book_pdf.reused_build(root, build, build / "ko", edition_config(root, build),
                                 warnings_are_errors=warnings_are_errors, who="the Korean edition")
    target = build / "html" / FOLDER
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(html, target)
    return target


# ---------------------------------------------------------------------------
# The link to the other edition, on every page of both
# ---------------------------------------------------------------------------
def other_edition(pagename: str, language: str) -> tuple[str, str, str]:
    """(relative address, link text, its language) of ``pagename`` in the other edition."""
    up = "../" * pagename.count("/")
    if language == LANGUAGE:
        return f"{up}../{pagename}.html", "English", "en"
    return f"{up}{FOLDER}/{pagename}.html", "한국어", LANGUAGE


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    address, text, language = other_edition(pagename, app.config.language or "en")
    context["course_other_edition"] = {"url": address, "text": text, "lang": language}
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{language}" href="{address}" />')


def add_template(app: Sphinx, config) -> None:
    templates = str(Path(__file__).resolve().parent / "templates")
    if templates not in config.templates_path:
        config.templates_path.append(templates)
    options = dict(config.html_theme_options or {})
    end = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if SWITCH_TEMPLATE not in end:
        options["article_header_end"] = [SWITCH_TEMPLATE, *end]
    config.html_theme_options = options


# ---------------------------------------------------------------------------
# Computed numbers inside translated messages
# ---------------------------------------------------------------------------
# Sphinx parses each translated message as a small document of its own, in which myst-nb's
# glue roles find no glued values: myst-nb keeps a page's renderer (and with it the glued
# values) on the page's document only while parsing it. Here the last renderer myst-nb made
# (the page being read: a process reads one page at a time) stays at hand, and the glue roles
# of a translated message read their values from it.
_PAGE_RENDERER: list = [None]


class _PageDocument(dict):
    """Stands in for the page's document where myst-nb looks up glued values."""

    def __init__(self, renderer) -> None:
        super().__init__(nb_renderer=renderer)


def _glue_from_page(retrieve):
    def retrieve_glue_data(document, key):
        if "nb_renderer" not in document and _PAGE_RENDERER[0] is not None:
            document = _PageDocument(_PAGE_RENDERER[0])
        return retrieve(document, key)

    retrieve_glue_data.course_patched = True
    return retrieve_glue_data


def _kept(load_renderer):
    def load(name):
        make = load_renderer(name)

        def renderer(*args, **kwargs):
            _PAGE_RENDERER[0] = made = make(*args, **kwargs)
            return made

        return renderer

    load.course_patched = True
    return load


def read_glue_in_translations(app: Sphinx, config) -> None:
    """In a translated edition, glue roles in translated messages show the page's glued values."""
    if (config.language or "en") == "en":
        return
    from myst_nb import sphinx_
    from myst_nb.ext.glue import directives, roles, utils

    for module in (directives, roles, utils):
        if not getattr(module.retrieve_glue_data, "course_patched", False):
            module.retrieve_glue_data = _glue_from_page(module.retrieve_glue_data)
    if not getattr(sphinx_.load_renderer, "course_patched", False):
        sphinx_.load_renderer = _kept(sphinx_.load_renderer)


def pdf_links_up(app: Sphinx, doctree, docname: str) -> None:
    """In a translated edition, a page's raw-HTML link to the book's PDF points at the English build's."""
    if (app.config.language or "en") == "en":
        return
    from docutils import nodes

    import pdf_menu

    old = f'href="../{pdf_menu.PDF_NAME}"'
    for raw in list(doctree.findall(nodes.raw)):
        if old in raw.astext():
            up = "../" * docname.count("/")
            text = raw.astext().replace(old, f'href="{up}../{pdf_menu.PDF_NAME}"')
            raw.replace_self(nodes.raw(text, text, format=raw.get("format", "html")))


def translate_toc_captions(app: Sphinx, doctree) -> None:
    """In a translated edition, the parts' captions of the contents (the sidebar's too) in its language.

    The contents' toctrees enter the page after Sphinx translated it; their
    captions come from the page's catalog here.
    """
    if (app.config.language or "en") == "en":
        return
    import polib
    from sphinx import addnodes

    import catalogs

    path = catalogs.LOCALE_DIR / app.config.language / "LC_MESSAGES" / f"{app.env.docname}.po"
    if not path.is_file():
        return
    translated = {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)).translated_entries()}
    for toctree in doctree.findall(addnodes.toctree):
        caption = toctree.get("caption")
        if caption in translated:
            toctree["caption"] = toctree["rawcaption"] = translated[caption]


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", translate_toc_captions, priority=400)
    app.connect("doctree-resolved", pdf_links_up)
    app.connect("config-inited", read_glue_in_translations)
    app.connect("config-inited", add_template)
    app.connect("html-page-context", add_switch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("_build"), help="the English book's build folder")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    target = build_edition(root, args.build.resolve())
    print(f"The Korean edition: {target / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
