"""The download menu's ``.pdf`` entry opens the PDF of the whole book, not the browser's print dialog.

sphinx-book-theme puts a ``.pdf`` entry in every page's download menu that
calls ``window.print()`` (a PDF of that one page, as the browser prints it).
``make pdf`` (``book_pdf.py``) writes the whole book as one PDF,
:data:`PDF_NAME`, at the root of the HTML build; this module points the entry
there. The front page links the same file.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: The book's PDF, at the root of the HTML build (``_build/html``).
PDF_NAME = "rnn-sequential-data.pdf"
#: The label of the theme's print entry in the download menu.
PRINT_LABEL = "download-pdf-button"


def pdf_address(app: Sphinx, address: str) -> str:
    """``address`` of the PDF from a page, in the English build or in a translated edition.

    A translated edition lives in a folder of the English build (``ko/``); the
    PDF is the English build's, one folder up.
    """
    return address if (app.config.language or "en") == "en" else "../" + address


def pdf_entry(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Replace the theme's print entry by a link to the book's PDF."""
    if app.builder.name != "html":
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        for k, button in enumerate(group["buttons"]):
            if button.get("label") == PRINT_LABEL:
                group["buttons"][k] = {
                    "type": "link",
                    "url": pdf_address(app, context["pathto"](PDF_NAME, 1)),
                    "text": ".pdf",
                    "icon": "fas fa-file-pdf",
                    "tooltip": "Download the whole book as a PDF",
                    "label": PRINT_LABEL,
                }


def setup(app: Sphinx) -> dict:
    # after the theme built the menu (501) and notebook_downloads added to it (502)
    app.connect("html-page-context", pdf_entry, priority=504)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
