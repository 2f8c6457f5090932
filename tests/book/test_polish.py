"""Reading polish of the built book: one search box per page, a favicon, and each chapter's execution time.

The HTML checks read the build (``html_dir``); the search box is counted in
Chromium (``browser``), where the theme's CSS decides what shows, at a wide,
a middle and a phone width.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import execution_report  # noqa: E402

#: Everything the theme draws to open a search (the dialog's own field excluded).
VISIBLE_SEARCH = """() => [...document.querySelectorAll(
    '.search-button__button, .bd-search, form[role=search], input[type=search]')]
  .filter(e => e.offsetParent !== null && !e.closest('.search-button__wrapper'))
  .map(e => e.className)"""


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _chapter_pages(html_dir: Path) -> list[Path]:
    pages = sorted((html_dir / "book").glob("ch*.html"))
    assert pages, "the build has no chapter page"
    return pages


def test_the_sidebar_has_no_search_box(html_dir, book_pages):
    for rel in book_pages:
        sidebar = _soup(html_dir / rel).select_one(".bd-sidebar-primary")
        if sidebar is not None:
            assert not sidebar.select(".search-button__button, form[role=search]"), (
                f"{rel}: a search box in the sidebar as well as in the header")


@pytest.mark.parametrize("width", [1400, 800, 400])
def test_one_search_box_shows(browser, book_server, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        for rel in ("book/intro.html", "book/ch01_sequential_data.html"):
            page.goto(book_server + rel)
            shown = page.evaluate(VISIBLE_SEARCH)
            assert len(shown) == 1, f"{rel} at {width}px shows {len(shown)} search boxes: {shown}"
    finally:
        page.close()


def test_favicon(html_dir, book_pages, book_server):
    icon = html_dir / "favicon.ico"
    assert icon.is_file(), "no favicon.ico at the site's root (browsers ask for /favicon.ico)"
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00", "favicon.ico is not an ICO file"
    with urllib.request.urlopen(book_server + "favicon.ico", timeout=10) as answer:
        assert answer.status == 200
    for rel in book_pages:
        soup = _soup(html_dir / rel)
        if soup.select_one("meta[http-equiv=Refresh]") is not None:
            continue  # a redirect (index.html), not a page
        link = soup.select_one("link[rel~=icon]")
        assert link is not None, f"{rel} links no favicon"
        assert ((html_dir / rel).parent / link["href"]).resolve().is_file(), f"{rel}: {link['href']} is missing"


@pytest.mark.parametrize("seconds, text", [(0.2, "1 s"), (6.4, "6 s"), (59.6, "1 min 0 s"), (130, "2 min 10 s")])
def test_duration(seconds, text):
    assert execution_report.duration(seconds) == text


def test_every_chapter_shows_its_execution_time(html_dir):
    table = json.loads((html_dir / "_static" / "execution_times.json").read_text())
    seconds = {row["page"]: row["seconds"] for row in table["pages"]}
    for page in _chapter_pages(html_dir):
        docname = f"book/{page.stem}"
        assert docname in seconds, f"{docname} is not in the build's execution table"
        soup = _soup(page)
        line = soup.select_one("p.course-execution-time")
        assert line is not None, f"{page.name} does not say how long it takes to execute"
        title = soup.select_one("section > h1")
        following = title.find_next_sibling("p")
        assert following is line, f"{page.name}: the execution time is not right under the title"
        shown = re.search(r"about ((?:\d+ min )?\d+ s)", line.get_text()).group(1)
        # the table rounds to 0.1 s, the line to the second
        assert shown in {execution_report.duration(seconds[docname] + d) for d in (-0.05, 0, 0.05)}, (
            f"{page.name} says {shown}; the execution table has {seconds[docname]} s")
