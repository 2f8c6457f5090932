"""The built book as a reader sees it: every page opened in headless Chromium.

Each page is served from 127.0.0.1 and visited once; the visit records
console errors, every request, how MathJax did, whether each image loaded
and whether each collapsed solution opens on a click. The tests below then
check one property each, per page, so a failure names the page and the rule.
Requests to any host other than 127.0.0.1 are blocked and reported: a
reader offline must see exactly what the tests see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

LOCAL_HOST = "127.0.0.1"
#: URL schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about"}
#: The Korean edition's folder in the build (book/_ext/korean_edition.py).
KOREAN = "ko"
# Whether the page's font has Hangul: a Hangul syllable drawn with the body's font must not
# look like a code point that no font has (the "tofu" box a missing glyph gets).
HANGUL_JS = """
() => {
  const font = getComputedStyle(document.body).font;
  const draw = (text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const context = canvas.getContext('2d');
    context.font = font.replace(/\\d+(\\.\\d+)?px/, '40px');
    context.fillText(text, 4, 48);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
  };
  return {hangul: draw('한'), other_hangul: draw('글'), missing: draw('\\u{10FFFD}')};
}
"""
#: How long one page may take to load, typeset and settle (ms).
PAGE_TIMEOUT_MS = 30_000

# Waits for MathJax's first typesetting, then reports what it did with the
# page's math: Sphinx puts every formula in an element of class "math".
MATH_JS = """
async (timeoutMs) => {
  const nodes = [...document.querySelectorAll('.math')];
  const out = {
    n_math: nodes.length,
    scripts: [...document.scripts].map(s => s.src).filter(src => /mathjax/i.test(src)),
    loaded: false, error: null, n_containers: 0, unrendered: [], merrors: [], undefined_macros: [],
  };
  if (window.MathJax === undefined) return out;
  const deadline = Date.now() + timeoutMs;
  while (!(window.MathJax.startup && window.MathJax.startup.promise)) {
    if (Date.now() > deadline) { out.error = 'MathJax did not start'; return out; }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  try { await window.MathJax.startup.promise; out.loaded = true; }
  catch (error) { out.error = String(error); }
  out.n_containers = document.querySelectorAll('mjx-container').length;
  out.unrendered = nodes.filter(n => !n.querySelector('mjx-container'))
                        .map(n => n.textContent.trim().slice(0, 80));
  out.merrors = [...document.querySelectorAll('mjx-merror')]
      .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120));
  // An unknown macro is no TeX error: MathJax shows its name in red. Find those.
  out.undefined_macros = [];
  try {
    for (const item of window.MathJax.startup.document.math) {
      item.root.walkTree(node => {
        if (node.isKind('mtext') && node.attributes.get('mathcolor') === 'red') {
          const text = node.childNodes.map(child => child.text || '').join('');
          if (text.startsWith(String.fromCharCode(92))) out.undefined_macros.push(text);  // a backslash
        }
      });
    }
  } catch (error) { out.error = 'could not inspect the typeset math: ' + error; }
  return out;
}
"""

# Loads every image now (lazy ones included) and reports its natural size.
IMAGES_JS = """
async (timeoutMs) => {
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete ? null : new Promise(resolve => {
    img.addEventListener('load', resolve, {once: true});
    img.addEventListener('error', resolve, {once: true});
    setTimeout(resolve, timeoutMs);
  })));
  return images.map(img => ({src: img.currentSrc || img.src, width: img.naturalWidth}));
}
"""


def is_local(url: str) -> bool:
    """Whether fetching ``url`` stays on this machine (127.0.0.1 or a data/blob URL)."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == LOCAL_HOST


@dataclass
class PageReport:
    """What one visit of one page saw."""

    page: str
    final_url: str = ""
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    images: list[dict] = field(default_factory=list)
    dropdowns: list[dict] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


class Reader:
    """One browser context that visits pages of the served book and remembers each visit."""

    def __init__(self, browser, base_url: str, screenshots: dict[str, Path]):
        self.base_url = base_url
        self.screenshots = screenshots
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block"
        )
        self.context.set_default_timeout(PAGE_TIMEOUT_MS)
        # Nothing may leave 127.0.0.1: block it here, report it in the tests.
        self.context.route("**/*", self._route)
        self.reports: dict[str, PageReport] = {}

    @staticmethod
    def _route(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def open(self, path: str, report: PageReport):
        """Open ``path`` (relative to the book root) with every event recorded into ``report``."""
        page = self.context.new_page()

        def on_console(message) -> None:
            if message.type == "error":
                where = message.location.get("url", "")
                report.console_errors.append(f"{message.text} (at {where})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
        page.on("request", lambda request: report.requests.append(request.url))
        page.on(
            "requestfailed",
            lambda request: report.failed_requests.append(f"{request.url}: {request.failure}"),
        )
        page.on(
            "response",
            lambda response: report.failed_requests.append(
                f"{response.url}: HTTP {response.status}"
            )
            if response.status >= 400
            else None,
        )
        response = page.goto(self.base_url + path, wait_until="load")
        report.status = response.status if response is not None else None
        self._settle(page)
        report.final_url = page.url
        return page

    @staticmethod
    def _settle(page) -> None:
        """Wait until the page has made no request for half a second (bounded)."""
        try:
            page.wait_for_load_state("networkidle", timeout=10_000)
        except Exception:  # a page that keeps polling still gets checked
            pass

    def visit(self, path: str) -> PageReport:
        """Visit a page once; later calls return the same report."""
        if path in self.reports:
            return self.reports[path]
        report = PageReport(page=path)
        page = self.open(path, report)
        try:
            report.math = page.evaluate(MATH_JS, PAGE_TIMEOUT_MS)
            report.images = page.evaluate(IMAGES_JS, PAGE_TIMEOUT_MS)
            self._settle(page)  # fonts requested by the typeset math
            if path in self.screenshots:
                self.screenshots[path].parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(self.screenshots[path]), full_page=True)
            report.dropdowns = self._open_dropdowns(page)
        finally:
            page.close()
        self.reports[path] = report
        return report

    @staticmethod
    def _open_dropdowns(page) -> list[dict]:
        """Click every collapsed block (solutions, dropdown admonitions, sphinx-design dropdowns)."""
        results = []
        admonitions = page.locator(".admonition.dropdown")
        for i in range(admonitions.count()):
            block = admonitions.nth(i)
            title = block.locator(":scope > .admonition-title").first
            body = block.locator(":scope > :not(.admonition-title)").first
            entry = {"title": title.inner_text().strip()[:80], "hidden_before": not body.is_visible()}
            # The reader's affordance is the chevron button that togglebutton.js adds.
            button = title.locator(".toggle-button")
            entry["buttons"] = button.count()
            (button.first if entry["buttons"] else title).click()
            try:
                body.wait_for(state="visible", timeout=5_000)
            except Exception:
                pass
            entry["visible_after"] = body.is_visible()
            results.append(entry)
        details = page.locator("details.sd-dropdown")
        for i in range(details.count()):
            block = details.nth(i)
            summary = block.locator(":scope > summary").first
            entry = {
                "title": summary.inner_text().strip()[:80],
                "hidden_before": block.get_attribute("open") is None,
            }
            summary.click()
            entry["visible_after"] = block.get_attribute("open") is not None
            results.append(entry)
        return results


def screenshot_name(page: str) -> str:
    """``book/ch01_sequential_data.html`` -> ``ch01.png``."""
    return Path(page).name.split("_")[0].removesuffix(".html") + ".png"


@pytest.fixture(scope="session")
def reader(browser, book_server, first_chapter_page, artifacts_dir) -> Reader:
    screenshots = {first_chapter_page: artifacts_dir / screenshot_name(first_chapter_page),
                   f"{KOREAN}/{first_chapter_page}": artifacts_dir / f"{KOREAN}_{screenshot_name(first_chapter_page)}"}
    reader = Reader(browser, book_server, screenshots)
    yield reader
    reader.context.close()


# ---------------------------------------------------------------------------
# Per page
# ---------------------------------------------------------------------------


def test_page_loads_without_errors(reader, book_page):
    report = reader.visit(book_page)
    assert report.status == 200, f"{book_page}: HTTP status {report.status}"
    assert not report.console_errors, f"{book_page}: console errors:\n" + "\n".join(
        report.console_errors
    )
    assert not report.failed_requests, f"{book_page}: failed requests:\n" + "\n".join(
        report.failed_requests
    )


def test_no_request_leaves_localhost(reader, book_page):
    report = reader.visit(book_page)
    assert report.requests, f"{book_page}: no request was recorded at all"
    assert not report.external_requests, (
        f"{book_page}: requests to hosts other than {LOCAL_HOST}:\n"
        + "\n".join(report.external_requests)
    )


def test_math_renders_with_local_mathjax(reader, book_page):
    math = reader.visit(book_page).math
    if math["n_math"] == 0:
        return  # nothing to typeset on this page
    assert math["scripts"], f"{book_page}: has {math['n_math']} formulas but no MathJax script"
    remote = [src for src in math["scripts"] if not is_local(src)]
    assert not remote, f"{book_page}: MathJax is not served locally: {remote}"
    assert math["loaded"] and math["error"] is None, (
        f"{book_page}: MathJax did not finish: {math['error'] or 'MathJax never loaded'}"
    )
    assert not math["merrors"], f"{book_page}: MathJax errors: {math['merrors']}"
    assert not math["undefined_macros"], f"{book_page}: undefined macros: {math['undefined_macros']}"
    assert not math["unrendered"], f"{book_page}: formulas left as text: {math['unrendered']}"
    assert math["n_containers"] >= math["n_math"]


def test_images_load(reader, book_page):
    images = reader.visit(book_page).images
    broken = [image["src"] for image in images if image["width"] == 0]
    assert not broken, f"{book_page}: images that did not load: {broken}"


def test_collapsed_blocks_open_on_click(reader, book_page):
    for block in reader.visit(book_page).dropdowns:
        assert block["hidden_before"], f"{book_page}: {block['title']!r} is not collapsed"
        # Two buttons mean togglebutton.js ran twice: each click would then toggle twice.
        assert block.get("buttons", 1) == 1, (
            f"{book_page}: {block['title']!r} has {block['buttons']} toggle buttons, expected 1"
        )
        assert block["visible_after"], f"{book_page}: {block['title']!r} did not open on click"


# ---------------------------------------------------------------------------
# The whole book
# ---------------------------------------------------------------------------


def test_checks_are_not_vacuous(reader, book_pages):
    """The book has typeset math, figures and solutions, so the checks above saw some."""
    reports = [reader.visit(page) for page in book_pages]
    assert sum(r.math.get("n_containers", 0) for r in reports) > 0, "no page has typeset math"
    assert sum(len(r.images) for r in reports) > 0, "no page has an image"
    assert sum(len(r.dropdowns) for r in reports) > 0, "no page has a collapsed solution"


def test_search_finds_a_term(reader):
    report = PageReport(page="search.html")
    page = reader.open("search.html?q=recurrent", report)
    try:
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(state="attached", timeout=PAGE_TIMEOUT_MS)
        count = results.count()
        links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(count)]
    finally:
        page.close()
    assert count > 0, "searching for 'recurrent' found nothing"
    assert any(link and "ch" in link for link in links), f"no chapter among the hits: {links}"
    assert not report.console_errors, "\n".join(report.console_errors)
    assert not report.external_requests, report.external_requests


def test_korean_first_chapter_screenshot_and_hangul(reader, first_chapter_page, artifacts_dir):
    page = f"{KOREAN}/{first_chapter_page}"
    report = reader.visit(page)
    assert report.status == 200, f"{page}: HTTP status {report.status}"
    path = artifacts_dir / f"{KOREAN}_{screenshot_name(first_chapter_page)}"
    assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"no PNG at {path}"
    tab = reader.context.new_page()
    try:
        tab.goto(f"{reader.base_url}{page}", wait_until="load")
        drawn = tab.evaluate(HANGUL_JS)
    finally:
        tab.close()
    assert drawn["hangul"] != drawn["missing"], "Hangul is drawn as a missing glyph: no Korean font"
    assert drawn["hangul"] != drawn["other_hangul"], "two Hangul syllables drawn alike (boxes)"


def test_first_chapter_screenshot(reader, first_chapter_page, artifacts_dir):
    reader.visit(first_chapter_page)
    path = artifacts_dir / screenshot_name(first_chapter_page)
    assert path.is_file(), f"no screenshot at {path}"
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width = int.from_bytes(header[16:20], "big")
    assert width == 1280, f"{path}: width {width}, expected the 1280-pixel viewport"
