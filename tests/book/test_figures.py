"""Every figure a chapter's code draws has a caption and alt text that says what it shows.

A figure is an image among a code cell's outputs. In the built page it must sit in a
``<figure>`` with a ``<figcaption>`` (the cell's ``mystnb: figure: caption``), and the image
must carry an ``alt`` text of its own (``mystnb: image: alt``) for a reader who cannot see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import HTML_DIR, unavailable

#: Fewer words than this is a label, not a description.
MIN_ALT_WORDS = 6


def figure_problems(html: str) -> list[str]:
    """What is missing for each output image of a page: caption, alt text, or both."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for k, img in enumerate(soup.select("div.cell_output img")):
        where = f"figure {k + 1} ({img.get('src', '?')[-20:]})"
        figure = img.find_parent("figure")
        if figure is None or figure.find("figcaption") is None:
            problems.append(f"{where}: no caption")
        alt = (img.get("alt") or "").strip()
        if len(alt.split()) < MIN_ALT_WORDS:
            problems.append(f"{where}: alt text {alt!r} does not say what it shows")
    return problems


GOOD = """<div class="cell_output"><figure><img src="a.png" alt="Validation loss falls over
ten epochs for both models"><figcaption>Loss per epoch.</figcaption></figure></div>"""
BARE = """<div class="cell_output"><img src="b.png" alt="_images/b.png"></div>"""


def test_the_check_accepts_a_described_figure_and_flags_a_bare_one():
    assert figure_problems(GOOD) == []
    assert figure_problems(BARE) == [
        "figure 1 (b.png): no caption",
        "figure 1 (b.png): alt text '_images/b.png' does not say what it shows",
    ]


def chapter_pages() -> list[Path]:
    return sorted((HTML_DIR / "book").glob("ch*.html"))


@pytest.mark.parametrize("page", chapter_pages() or [None], ids=lambda p: p.stem if p else "none")
def test_every_figure_has_a_caption_and_alt_text(page):
    if page is None:
        unavailable(f"no built chapters in {HTML_DIR}: run `make book` first")
    problems = figure_problems(page.read_text(encoding="utf-8"))
    assert not problems, f"{page.name}:\n" + "\n".join(problems)
