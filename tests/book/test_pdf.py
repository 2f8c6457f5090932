"""The PDF of the whole book (``make pdf``): every chapter in it, its math typeset, a contents with page numbers.

The PDF (``_build/html/<pdf_menu.PDF_NAME>``) is read with poppler's
``pdftotext`` and ``pdfinfo``. Raw TeX in its text means a formula that MathJax
did not typeset; code shows TeX on purpose (plot labels, the package's
docstrings), so a line that looks like TeX passes only when it is part of a
code block of the built pages. The page count is printed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import pdf_menu  # noqa: E402
from conftest import unavailable  # noqa: E402
from test_downloads import chapters_in_toc  # noqa: E402

#: Text of a formula that was not typeset (MathJax's delimiters, TeX commands).
RAW_TEX = re.compile(r"\\(?:frac|begin\{|end\{|mathbf|mathrm|sum|tanh|odot|partial|text\{|[()\[\]])|\$\$")


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf(html_dir: Path) -> Path:
    path = html_dir / pdf_menu.PDF_NAME
    if not path.is_file():
        unavailable(f"the book's PDF is not built: {path} is missing (run `make pdf`)")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        unavailable("poppler-utils is not installed (apt-get install -y poppler-utils)")
    return path


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    """The text of each page of the PDF."""
    return _text(pdf).split("\f")[:-1]


def _titles() -> dict[str, str]:
    """Docname -> the title of each chapter, from its source (its first ``# `` heading)."""
    titles = {}
    for docname in chapters_in_toc():
        text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
        titles[docname] = next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))
    return titles


def test_the_page_count_is_reported(pdf, pages, capsys):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
    assert count == len(pages) > 20
    with capsys.disabled():
        print(f"\nThe book's PDF: {count} pages, {pdf.stat().st_size / 1e6:.1f} MB ({pdf})")


def test_every_chapter_title_is_in_the_pdf(pages):
    text = _flat("\n".join(pages))
    missing = [title for title in _titles().values() if _flat(title) not in text]
    assert not missing, f"chapter titles missing from the PDF: {missing}"


def test_no_raw_tex_outside_code(pages, html_dir):
    """Every formula is typeset: TeX in the text is allowed only where the pages show code."""
    code = set()
    for page in sorted((html_dir / "book").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        code.update(_flat(pre.get_text()) for pre in soup.select("pre"))
    code_text = "\n".join(code)
    raw = []
    for number, text in enumerate(pages, start=1):
        for line in text.splitlines():
            if RAW_TEX.search(line) and _flat(line) not in code_text:
                raw.append(f"page {number}: {line.strip()[:100]}")
    assert not raw, "raw TeX (math not typeset) in the PDF:\n" + "\n".join(raw[:20])


def test_the_contents_give_each_chapter_its_page(pdf, pages):
    """The contents list every chapter with the page it starts on; every page shows its number."""
    # read as laid out, so that each entry's page number stays on the entry's own line
    contents = _text(pdf, "-layout", "-l", "8")
    assert "Contents" in contents
    for docname, title in _titles().items():
        match = re.search(rf"{re.escape(_flat(title))}[ .]*(\d+)\s*$",
                          "\n".join(_flat(line) for line in contents.splitlines()), re.MULTILINE)
        assert match, f"the contents do not list {title!r} with a page number"
        page = int(match[1])
        assert _flat(title) in _flat(pages[page - 1]), f"{title!r} is not on page {page}, as the contents say"
    for number in (1, len(pages) // 2, len(pages)):
        last = [line.strip() for line in pages[number - 1].splitlines() if line.strip()][-1]
        assert last == str(number), f"page {number} does not end with its number: {last!r}"


def test_figures_code_and_tables_are_in_the_pdf(pdf, pages, html_dir):
    """The chapters' figures are pictures in the PDF; code and a table of the results page are text."""
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    pictures = [line for line in listed.stdout.splitlines()[2:] if line.strip()]
    figures = sum(len(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("article img"))
                  for p in (html_dir / "book").glob("*.html"))
    assert len(pictures) >= figures > 0, f"{len(pictures)} pictures in the PDF, {figures} in the pages"
    text = _flat("\n".join(pages))
    assert "from rnnbook" in text and "import numpy as np" in text
    assert "statsmodels" in text and "scikit-learn" in text, "the versions table is not in the PDF"


def test_the_build_reported_typeset_math(html_dir, artifacts_dir):
    """``make pdf`` waited for MathJax: its report counts the typeset formulas; a page is a PNG picture."""
    report = json.loads((html_dir.parent / "pdf" / "report.json").read_text())
    assert report["math"] > 100 and report["images"] > 0
    assert Path(report["picture"]).is_file() and Path(report["picture"]).parent == artifacts_dir


def test_the_front_page_and_every_download_menu_link_the_pdf(html_dir, pdf, book_pages):
    soup = BeautifulSoup((html_dir / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    links = [a for a in soup.select("article a[href]") if a["href"].endswith(pdf_menu.PDF_NAME)]
    assert links, "the front page does not link the PDF"
    assert all((html_dir / "book" / a["href"]).resolve() == pdf.resolve() for a in links)
    for name in book_pages:
        page = html_dir / name
        entry = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            f".dropdown-download-buttons .btn-{pdf_menu.PRINT_LABEL}")
        if entry is None:  # a page without a download menu (genindex, search)
            continue
        assert entry.name == "a" and (page.parent / entry["href"]).resolve() == pdf.resolve(), name
