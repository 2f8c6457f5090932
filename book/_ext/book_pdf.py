"""The whole book as one PDF, printed by Chromium from a single-page build that reuses the book's outputs (``make pdf``).

Usage (from the repository root, after ``make book``)::

    python book/_ext/book_pdf.py [--build _build] [--browser /usr/bin/chromium]

Steps:

1. **One HTML page of the whole book** (Sphinx's ``singlehtml`` builder) into
   ``<build>/pdf/``, with the book's configuration plus
   ``course_reuse_outputs``: every page takes its cells' outputs from the
   book's jupyter-cache (``page_execution.py``), so nothing is executed, and
   ``course_reuse_required``: a page whose code changed since ``make book``
   stops the build rather than being executed.
2. **Printing** that page with Chromium (``Page.printToPDF`` of the DevTools
   protocol, through Playwright, as the browser checks drive it), served from
   127.0.0.1 with every other host blocked. Before printing, MathJax (served by
   the book itself) has typeset every formula and every image has loaded;
   each chapter starts a page, the solutions are open, and a table of
   contents follows the title page. Every page has its number at the bottom;
   the contents' entries and the cross-references are links. (Chromium writes
   an outline of bookmarks only into a tagged PDF, which is three times the
   size, 18 MB instead of 6: the printed contents serve instead.)
3. **The contents' page numbers**: a first print carries an invisible marker
   at each heading the contents list; ``pdftotext`` tells the page of each. The
   numbers are filled in and the book printed again (markers kept: they take no
   room) until every marker stays on the page the contents give, since longer
   numbers can lengthen the contents; the last print drops the markers.
4. The PDF is written to ``<build>/html/`` (:data:`pdf_menu.PDF_NAME`), where the
   front page and every page's download menu link it, and one page as a PNG
   picture to ``<build>/test-artifacts/``.

It needs Chromium or Chrome (``tests/browser_setup.py`` finds or installs it)
and poppler-utils (``pdftotext``, ``pdftoppm``, ``pdfinfo``).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pdf_menu import PDF_NAME  # noqa: E402

#: Chromium's flags, as in tests/book/conftest.py (no sandbox as root, no background traffic).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
#: The page rendered as a PNG picture next to the test artifacts: the first page of this chapter.
PICTURE_CHAPTER = "book/ch03_forward_propagation"
#: How long the page may take to load and typeset its math (ms).
LOAD_TIMEOUT_MS = 300_000
#: Stylesheet of the printed book (added to the single page before printing).
PRINT_CSS = (Path(__file__).resolve().parent / "book_pdf.css")
#: The script that prepares the page for print: contents, markers, open solutions.
PREPARE_JS = (Path(__file__).resolve().parent / "book_pdf.js")


# ---------------------------------------------------------------------------
# 1. The single-page build
# ---------------------------------------------------------------------------
def pdf_config(root: Path, build: Path) -> dict:
    """The book's ``_config.yml`` for the single-page build that reuses ``build``'s outputs."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {name: str((root / path).resolve())
                                  for name, path in (sphinx.get("local_extensions") or {}).items()}
    settings = sphinx.setdefault("config", {})
    settings["course_reuse_outputs"] = str((build / ".jupyter_cache").resolve())
    settings["course_reuse_sources"] = str(root.resolve())
    settings["course_reuse_required"] = True
    return config


def reused_build(root: Path, build: Path, out: Path, config: dict, *, builder: str = "html",
                 warnings_are_errors: bool = True, who: str = "make pdf") -> Path:
    """Build the book with ``config`` into ``out`` (emptied first), reusing ``build``'s outputs.

    ``config`` is the book's configuration with ``course_reuse_required`` (see
    :func:`pdf_config`), so nothing is executed again. The records of the
    chapters go to ``<out>/results``, apart from the book's. Returns the
    builder's output folder, ``<out>/_build/<builder>``.
    """
    if not (build / ".jupyter_cache").is_dir() or not (build / "html" / "index.html").is_file():
        raise SystemExit(f"{who}: the book is not built in {build} (run `make book` first)")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    config_path = out / "_config.yml"
    config_path.write_text(f"# Generated by book/_ext for {who} from the book's _config.yml: do not edit.\n"
                           + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book) if jupyter_book.exists() else "jupyter-book", "build", str(root)]
    if builder in ("html", "singlehtml"):
        command += ["--builder", builder]
    else:
        command += ["--builder", "custom", "--custom-builder", builder]
    command += ["--path-output", str(out), "--config", str(config_path), "--all", "-n", "--keep-going", "-q"]
    if warnings_are_errors:
        command.append("-W")
    env = {**os.environ, "RNNBOOK_RESULTS_DIR": str(out / "results")}  # apart from the book's
    subprocess.run(command, check=True, env=env, cwd=root)
    return out / "_build" / builder


def build_single_page(root: Path, build: Path) -> Path:
    """Build the book as one HTML page into ``<build>/pdf``; return the folder of ``index.html``."""
    return reused_build(root, build, build / "pdf", pdf_config(root, build), builder="singlehtml")


def print_page(single: Path, root_doc: str) -> Path:
    """The single page as ``print.html`` at the root of its build, its links to itself made ``#`` links.

    The builder writes the page at ``<root_doc>.html`` (``book/intro.html``) but
    gives its assets (``_static/``, ``_images/``) paths from the build's root,
    and its cross-references the form ``book/intro.html#target``.
    """
    source = single / f"{root_doc}.html"
    html = source.read_text(encoding="utf-8")
    html = re.sub(rf'href="{re.escape(root_doc)}\.html#', 'href="#', html)
    target = single / "print.html"
    target.write_text(html, encoding="utf-8")
    return target


# ---------------------------------------------------------------------------
# 2. Printing
# ---------------------------------------------------------------------------
class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        pass


class _Server:
    """A local HTTP server on 127.0.0.1 for ``folder`` (a context manager; ``url`` is its root)."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;'
          'font-family:sans-serif"><span class="pageNumber"></span></div>')
PDF_OPTIONS = {
    "format": "A4", "print_background": True, "display_header_footer": True,
    "header_template": "<div></div>", "footer_template": FOOTER,
    "margin": {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
}


def book_outline(root: Path) -> dict:
    """The title, author, front page and parts of the book, from ``_config.yml`` and ``_toc.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = [{"caption": part["caption"], "first": part["chapters"][0]["file"]}
             for part in toc.get("parts", []) if part.get("caption") and part.get("chapters")]
    return {"title": config.get("title", ""), "author": config.get("author", ""),
            "built": f"Built on {time.strftime('%Y-%m-%d')} from the executed book", "root": toc["root"],
            "parts": parts}


def open_book(browser, url: str, outline: dict):
    """Load ``url`` in a new page and prepare it (``book_pdf.js``); return (page, state, problems)."""
    page = browser.new_page()
    blocked = []

    def route(request_route):
        if request_route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    state = page.evaluate(PREPARE_JS.read_text(encoding="utf-8"), {"timeout": LOAD_TIMEOUT_MS, **outline})
    page.add_style_tag(content=PRINT_CSS.read_text(encoding="utf-8"))
    page.emulate_media(media="print")
    problems = [f"blocked a request to {address}" for address in blocked]
    problems += [f"MathJax: {error}" for error in state["math_errors"]]
    problems += [f"an image did not load: {src}" for src in state["broken_images"]]
    return page, state, problems


#: Prints with the contents' numbers filled in before they must agree with the markers.
MAX_PASSES = 4


def marker_pages(pdf: Path) -> dict[str, int]:
    """The page (from 1) of each contents marker ``@@course-toc-N@@`` in ``pdf``."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = {}
    for number, page_text in enumerate(text.split("\f"), start=1):
        for marker in re.findall(r"@@(course-toc-\d+)@@", page_text):
            pages.setdefault(marker, number)
    return pages


def page_count(pdf: Path) -> int:
    """The number of pages of ``pdf`` (``pdfinfo``)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


def print_book(single: Path, browser_path: str, target: Path, outline: dict) -> dict:
    """Print the single page in ``single`` to ``target`` (two passes); return what happened."""
    from playwright.sync_api import sync_playwright

    times = {}
    with _Server(single) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        try:
            start = time.perf_counter()
            page_path = print_page(single, outline["root"])
            page, state, problems = open_book(browser, server.url + page_path.name, outline)
            times["load_and_typeset"] = time.perf_counter() - start
            if problems:
                raise SystemExit("make pdf: the page is not ready to print:\n  " + "\n  ".join(problems))
            start = time.perf_counter()
            first = target.with_suffix(".pass1.pdf")
            page.pdf(path=str(first), **PDF_OPTIONS)
            found = marker_pages(first)
            missing = [e["title"] for e in state["entries"] if e["marker"] not in found]
            if missing:
                raise SystemExit(f"make pdf: {len(missing)} contents entries not found in the first "
                                 f"print ({first}): {missing[:5]}")
            # filling in the numbers can move what follows (a longer contents): print again
            # with the numbers in until the markers stay on the pages the contents give
            # (a heading that sits exactly at a page break can flip between two pages from
            # one print to the next: a section may then be off by one, never a chapter)
            chapters = {e["marker"] for e in state["entries"] if e["level"] == 1}
            unsettled = []
            for attempt in range(MAX_PASSES):
                page.evaluate("(pages) => window.courseFillContents(pages)", found)
                page.pdf(path=str(first), **PDF_OPTIONS)
                again = marker_pages(first)
                unsettled = sorted(m for m in found if again.get(m) != found[m])
                if not unsettled:
                    break
                if attempt == MAX_PASSES - 1 and not chapters.intersection(unsettled):
                    break  # the numbers printed stay: every chapter's is right
                found = again
            else:
                raise SystemExit(f"make pdf: the chapters' page numbers did not settle in "
                                 f"{MAX_PASSES} prints ({first}): {unsettled}")
            first.unlink()
            page.evaluate("() => window.courseRemoveMarkers()")
            page.pdf(path=str(target), **PDF_OPTIONS)
            times["print_passes"] = time.perf_counter() - start
        finally:
            browser.close()
    pages = {}
    for e in state["entries"]:
        if e["level"] == 1:
            pages.setdefault(e["doc"], found[e["marker"]])
    return {"entries": len(state["entries"]), "math": state["math"], "images": state["images"],
            "page_of": pages, "sections_off_by_a_page": len(unsettled), "seconds": times}


def picture(pdf: Path, page_number: int, folder: Path) -> Path:
    """Page ``page_number`` of ``pdf`` as a PNG picture in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / "pdf-page"
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(page_number), "-l", str(page_number),
                    "-singlefile", str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    parser.add_argument("--build", type=Path, default=Path("_build"), help="the book's build folder")
    parser.add_argument("--browser", default=os.environ.get("RNNBOOK_CHROMIUM") or shutil.which("chromium"),
                        help="Chromium or Chrome (default: $RNNBOOK_CHROMIUM, else chromium on PATH)")
    parser.add_argument("--print-only", action="store_true",
                        help="print the single-page build made by an earlier run, without building it")
    args = parser.parse_args(argv)
    root, build = args.root.resolve(), args.build.resolve()
    if not args.browser:
        parser.error("no browser: pass --browser or set RNNBOOK_CHROMIUM (tests/browser_setup.py finds one)")
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        parser.error(f"poppler-utils is needed ({', '.join(missing)} missing): apt-get install poppler-utils")
    start = time.perf_counter()
    single = build / "pdf" / "_build" / "singlehtml" if args.print_only else build_single_page(root, build)
    single_seconds = time.perf_counter() - start
    target = build / "html" / PDF_NAME
    report = print_book(single, args.browser, target, book_outline(root))
    pages = page_count(target)
    shot = picture(target, report["page_of"].get(PICTURE_CHAPTER, 1), build / "test-artifacts")
    report.update(pages=pages, bytes=target.stat().st_size, single_page_seconds=round(single_seconds, 1),
                  total_seconds=round(time.perf_counter() - start, 1), picture=str(shot))
    report["seconds"] = {k: round(v, 1) for k, v in report["seconds"].items()}
    (build / "pdf" / "report.json").write_text(json.dumps(report, indent=1))
    print(f"PDF: {target} ({pages} pages, {report['bytes'] / 1e6:.1f} MB, {report['math']} formulas, "
          f"{report['images']} images): single-page build {single_seconds:.0f} s, load and typeset "
          f"{report['seconds']['load_and_typeset']:.0f} s, prints "
          f"{report['seconds']['print_passes']:.0f} s, {report['total_seconds']:.0f} s in all; "
          f"page {report['page_of'].get(PICTURE_CHAPTER, 1)} as a picture: {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
