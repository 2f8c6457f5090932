"""The chapters fit the screen: nothing scrolls sideways at 1280 px, and what does at 390 px.

Every chapter is opened in headless Chromium at 1280x800 (a laptop) and at 390x844 (a
phone). On each page the check counts the elements wider than their box: code blocks
(the cells' code and literal blocks), cell outputs, and other elements whose content spills
out of them (paragraphs, list items, tables, displayed math, images, figures); and whether the page itself is
wider than the window. Collapsed cells count too: they overflow once opened.

At 1280 px nothing may overflow: no code block scrolls, and no output, table, equation,
paragraph or image is wider than its box. At 390 px code blocks and cell outputs may scroll
in their own boxes (code does, at 38 characters), but prose, tables, displayed math and
images never spill onto the page and no page is wider than the screen. The counts at both
widths go to ``_build/test-artifacts/layout.json``, next to a desktop, a dark-mode and a
phone screenshot of the first chapter.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

#: Window sizes: a laptop and a phone (CSS pixels).
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PAGE_TIMEOUT_MS = 30_000

# Waits for MathJax (if the page has it), then measures. An element overflows when its
# content is wider than its box by more than a pixel (sub-pixel rounding aside).
LAYOUT_JS = """
async (timeoutMs) => {
  if (window.MathJax !== undefined) {
    const deadline = Date.now() + timeoutMs;
    while (!(window.MathJax.startup && window.MathJax.startup.promise) && Date.now() < deadline)
      await new Promise(resolve => setTimeout(resolve, 50));
    try { await window.MathJax.startup.promise; } catch (error) {}
  }
  const article = document.querySelector('article') || document.body;
  const wide = el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
  const describe = el => {
    const cell = el.closest('.cell');
    const text = (el.textContent || el.getAttribute('alt') || '').trim().split('\\n')[0];
    return {tag: el.tagName.toLowerCase(), scroll: el.scrollWidth, client: el.clientWidth,
            cell_id: cell ? cell.id : null, text: text.slice(0, 80)};
  };
  const pres = [...article.querySelectorAll('pre')];
  const code = pres.filter(el => !el.closest('.cell_output'));
  const outputs = pres.filter(el => el.closest('.cell_output'));
  // Elements whose content spills onto the page: not in a scroll box of their own.
  const spills = el => wide(el) && getComputedStyle(el).overflowX === 'visible';
  // Inline math is measured with its paragraph; displayed math on its own.
  const others = [...article.querySelectorAll(
      'p, li, dt, dd, table, div.math, mjx-container[display="true"], img, figure, '
      + '.cell_output > .output')]
      .filter(el => !el.closest('pre') && spills(el));
  const images = [...article.querySelectorAll('img')].filter(img => {
    const box = img.parentElement.getBoundingClientRect();
    return img.getBoundingClientRect().width > box.width + 1;
  });
  return {
    n_code: code.length,
    code: code.filter(wide).map(describe),
    outputs: outputs.filter(wide).map(describe),
    others: others.map(describe),
    images: images.map(describe),
    page_width: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  };
}
"""


def _chapters(pages: list[str]) -> list[str]:
    return [page for page in pages if Path(page).name.startswith("ch")]


def _context(browser, viewport: dict, *, phone: bool = False, dark: bool = False):
    """A browser context of that size that fetches nothing but the local book."""
    context = browser.new_context(
        viewport=viewport, device_scale_factor=1, is_mobile=phone, has_touch=phone
    )

    def route(request_route):
        if urlsplit(request_route.request.url).hostname in {"127.0.0.1", None}:
            request_route.continue_()
        else:
            request_route.abort()

    context.route("**/*", route)
    if dark:  # the theme reads the reader's choice from localStorage before it paints
        context.add_init_script(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
        )
    return context


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
    return page


def _measure(context, url: str) -> dict:
    page = _open(context, url)
    try:
        return page.evaluate(LAYOUT_JS, PAGE_TIMEOUT_MS)
    finally:
        page.close()


@pytest.fixture(scope="module")
def layout(browser, book_server: str, book_pages: list[str], artifacts_dir: Path) -> dict:
    """The measurements of every chapter at both widths, also saved as layout.json."""
    chapters = _chapters(book_pages)
    if not chapters:
        pytest.fail("the build has no chapter page (book/chNN_*.html)", pytrace=False)
    found: dict = {"desktop": {}, "phone": {}}
    for name, viewport, phone in (("desktop", DESKTOP, False), ("phone", PHONE, True)):
        context = _context(browser, viewport, phone=phone)
        try:
            for chapter in chapters:
                found[name][chapter] = _measure(context, book_server + chapter)
        finally:
            context.close()
    summary = {
        name: {
            "viewport": (DESKTOP if name == "desktop" else PHONE)["width"],
            "code_blocks": sum(len(m["code"]) for m in pages.values()),
            "of_code_blocks": sum(m["n_code"] for m in pages.values()),
            "outputs": sum(len(m["outputs"]) for m in pages.values()),
            "others": sum(len(m["others"]) for m in pages.values()),
            "images": sum(len(m["images"]) for m in pages.values()),
            "pages_wider_than_window": [p for p, m in pages.items()
                                        if m["page_width"] > m["viewport"]],
        }
        for name, pages in found.items()
    }
    (artifacts_dir / "layout.json").write_text(
        json.dumps({"summary": summary, "pages": found}, indent=1), encoding="utf-8"
    )
    return {"summary": summary, "pages": found}


def test_no_code_block_scrolls_at_1280(layout: dict) -> None:
    """At 1280 px every code block fits the column (``make format`` keeps lines short)."""
    wide = [f"{page}: {block['scroll']} px in {block['client']} px, {block['text']!r}"
            for page, found in layout["pages"]["desktop"].items() for block in found["code"]]
    assert not wide, f"{len(wide)} code blocks scroll sideways at 1280 px:\n" + "\n".join(wide)


def test_no_page_wider_than_the_window_at_1280(layout: dict) -> None:
    """At 1280 px no chapter is wider than the window."""
    wider = layout["summary"]["desktop"]["pages_wider_than_window"]
    assert not wider, f"pages wider than 1280 px: {wider}"


def _spilling(layout: dict, width: str, kinds: tuple[str, ...]) -> list[str]:
    return [f"{page}: <{item['tag']}> {item['scroll']} px in {item['client']} px, "
            f"{item['text']!r}"
            for page, found in layout["pages"][width].items()
            for kind in kinds for item in found[kind]]


def test_nothing_overflows_at_1280(layout: dict) -> None:
    """At 1280 px no output, table, equation, paragraph or image is wider than its box."""
    wide = _spilling(layout, "desktop", ("outputs", "others", "images"))
    assert not wide, f"{len(wide)} elements overflow at 1280 px:\n" + "\n".join(wide)


def test_prose_tables_and_math_fit_a_phone(layout: dict) -> None:
    """At 390 px code and outputs may scroll in their boxes; prose, tables, math and images
    never spill onto the page, and no page is wider than the screen."""
    wide = _spilling(layout, "phone", ("others", "images"))
    assert not wide, f"{len(wide)} elements spill out at 390 px:\n" + "\n".join(wide)
    wider = layout["summary"]["phone"]["pages_wider_than_window"]
    assert not wider, f"pages wider than 390 px: {wider}"


def test_overflow_counts_are_reported(layout: dict, capsys) -> None:
    """The counts at both widths, in the test log and in layout.json."""
    with capsys.disabled():
        for name, counts in layout["summary"].items():
            print(f"\nlayout at {counts['viewport']} px: {counts['code_blocks']} of "
                  f"{counts['of_code_blocks']} code blocks scroll, {counts['outputs']} "
                  f"outputs, {counts['others']} other elements and {counts['images']} "
                  f"images overflow; pages wider than the window: "
                  f"{len(counts['pages_wider_than_window'])}")
    assert set(layout["summary"]) == {"desktop", "phone"}


def test_screenshots(browser, book_server: str, first_chapter_page: str,
                     artifacts_dir: Path) -> None:
    """A desktop, a dark-mode and a phone screenshot of the first chapter, at its first figure."""
    url = book_server + first_chapter_page
    shots = (("layout-desktop.png", DESKTOP, False, False),
             ("layout-dark.png", DESKTOP, False, True),
             ("layout-phone.png", PHONE, True, False))
    for filename, viewport, phone, dark in shots:
        context = _context(browser, viewport, phone=phone, dark=dark)
        try:
            page = _open(context, url)
            if dark:
                theme = page.evaluate("document.documentElement.dataset.theme")
                assert theme == "dark", f"the theme did not switch to dark mode ({theme!r})"
            figure = page.locator("article .cell_output img").first
            if figure.count():
                figure.scroll_into_view_if_needed()
            path = artifacts_dir / filename
            page.screenshot(path=str(path))
            assert path.stat().st_size > 10_000, f"{filename} is almost empty"
        finally:
            context.close()
