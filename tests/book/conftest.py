"""Fixtures for the checks of the built book: where it is, a local server, a browser.

The built HTML is read from ``_build/html`` (``make test`` builds it first);
the environment variable ``RNNBOOK_HTML_DIR`` points the checks at another
build, for instance a throwaway copy. Artifacts (the screenshot of the first
chapter, the list of external links) go to ``test-artifacts`` next to the
``html`` folder, i.e. ``_build/test-artifacts``.

Browser checks need Debian's Chromium at ``/usr/bin/chromium`` (or the path in
``RNNBOOK_CHROMIUM``), driven by Playwright; no browser is ever downloaded.
Without it the checks are skipped on a reader's machine and fail in CI
(``CI=true``), where a missing browser means the book went unchecked.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML_DIR = Path(os.environ.get("RNNBOOK_HTML_DIR") or ROOT / "_build" / "html").resolve()
ARTIFACTS_DIR = HTML_DIR.parent / "test-artifacts"
CHROMIUM = os.environ.get("RNNBOOK_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Folders of the build that hold assets, not pages.
ASSET_FOLDERS = ("_static", "_sources", "_images", "_downloads")


def in_ci() -> bool:
    """Whether the tests run in continuous integration (``CI`` set to a true value)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Fail in CI, where every check must run; skip on a reader's machine."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the built-book checks must run in CI)", pytrace=False)
    pytest.skip(reason)


def built_pages(html_dir: Path = HTML_DIR) -> list[str]:
    """Every HTML page of the build, as paths relative to ``html_dir`` (posix, sorted)."""
    if not html_dir.is_dir():
        return []
    pages = []
    for path in html_dir.rglob("*.html"):
        rel = path.relative_to(html_dir)
        # the theme's assets, at the root and in the Korean edition's folder (ko/_static/...)
        if any(part in ASSET_FOLDERS for part in rel.parts[:2]):
            continue
        pages.append(rel.as_posix())
    return sorted(pages)


def first_chapter(pages: list[str]) -> str | None:
    """The first numbered chapter page, e.g. ``book/ch01_sequential_data.html``."""
    chapters = [p for p in pages if Path(p).name.startswith("ch")]
    return chapters[0] if chapters else None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that takes ``book_page`` once per built page."""
    if "book_page" in metafunc.fixturenames:
        pages = built_pages()
        # With no build, one placeholder case lets `html_dir` skip (or fail in CI).
        metafunc.parametrize("book_page", pages or ["<no build>"], scope="session")


@pytest.fixture(scope="session")
def html_dir() -> Path:
    """The built book (``_build/html``); skipped if absent, a failure in CI."""
    if not built_pages():
        unavailable(f"the book is not built: {HTML_DIR} has no pages (run `make book`)")
    return HTML_DIR


@pytest.fixture(scope="session")
def student_html_dir() -> Path:
    """The student version's HTML (``make student``); skipped if absent, a failure in CI."""
    folder = HTML_DIR.parent / "student" / "html"
    if not any(folder.glob("book/ch*.html")):
        unavailable(f"the student version is not built: {folder} has no chapter pages "
                    "(run `make student`)")
    return folder


@pytest.fixture(scope="session")
def book_pages(html_dir: Path) -> list[str]:
    """Every page of the build, relative to ``html_dir`` (see :func:`built_pages`)."""
    return built_pages(html_dir)


@pytest.fixture(scope="session")
def first_chapter_page(book_pages: list[str]) -> str:
    """The first chapter's page; a build without chapters fails the tests that need one."""
    page = first_chapter(book_pages)
    if page is None:
        pytest.fail("the build has no chapter page (book/chNN_*.html)", pytrace=False)
    return page


@pytest.fixture(scope="session")
def artifacts_dir(html_dir: Path) -> Path:
    """Folder for test artifacts next to the build, created on demand."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        pass


@pytest.fixture(scope="session")
def book_server(html_dir: Path):
    """A local HTTP server on 127.0.0.1 serving the built book; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Debian's, through Playwright)."""
    executable = CHROMIUM if os.path.isfile(CHROMIUM) else shutil.which("chromium")
    if not executable:
        unavailable(
            f"Chromium is not installed at {CHROMIUM}: install Debian's package "
            "(`apt-get install -y chromium`) to run the browser checks"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: run `make install`")
    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as error:  # a broken install: say so, do not hide it
            unavailable(f"Chromium at {executable} did not start: {error}")
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
