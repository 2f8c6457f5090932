"""The book's own Sphinx extension: registers one module per job of the build.

``_config.yml`` loads it (``sphinx.local_extensions: course_build: book/_ext``);
each job is a module of this folder with its own ``setup``:

- ``page_execution``: executes the pages several at a time into myst-nb's
  cache, or takes the student pages' outputs from the executed book;
- ``results_page``: ``$RNNBOOK_RESULTS_DIR`` for the chapters' records, each
  page's execution time, and the results page read after every chapter;
- ``execution_report``: the execution-time table and ``execution_times.json``;
- ``notebook_downloads``: each page as a Jupyter notebook with the
  book's outputs, its links, and the companion package's wheel;
- ``page_assets``: MathJax served from the book, and each script loaded once;
- ``launch_buttons``: Colab and Binder buttons opening each page's notebook,
  when ``_config.yml`` names the book's repository;
- ``pdf_menu``: the download menu's ``.pdf`` entry opens the book's PDF
  (``make pdf``, ``book_pdf.py``);
- ``single_page``: the single-page build that the PDF is printed from renders
  every node that the HTML build renders;
- ``korean_edition``: every page links the same page in the other edition
  (English, Korean).
"""

from __future__ import annotations

from sphinx.application import Sphinx

JOBS = ("page_execution", "results_page", "execution_report", "notebook_downloads", "page_assets",
        "launch_buttons", "pdf_menu", "single_page", "korean_edition")


def setup(app: Sphinx) -> dict:
    for job in JOBS:
        app.setup_extension(job)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
