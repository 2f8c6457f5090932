"""The downloaded notebooks carry the book's outputs: a reader sees the page's numbers and figures before running anything.

Checked on the built book (``html_dir``): each chapter's download has outputs,
its pictures are the page's (as many images in the cells' outputs as the page
shows in its cell outputs), and what its cells print is printed on the page.
The student notebooks (``make student``) are handed out to be run and carry
none. ``test_launch_buttons.py`` checks the same on a small book, cell by cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from test_downloads import chapters_in_toc


def _download(folder: Path, docname: str) -> nbformat.NotebookNode:
    return nbformat.read(str(folder / "_notebooks" / f"{Path(docname).name}.ipynb"), as_version=4)


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def test_every_download_shows_the_page_outputs(html_dir):
    for docname in chapters_in_toc():
        nb = _download(html_dir, docname)
        outputs = _outputs(nb)
        assert outputs, f"{docname}: the download has no outputs"
        soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        page_images = soup.select(".cell_output img")
        images = [out for out in outputs if "image/png" in out.get("data", {})]
        assert len(images) == len(page_images), (
            f"{docname}: {len(images)} images in the download's outputs, {len(page_images)} on the page")
        page_text = " ".join(soup.get_text(" ").split())
        for out in outputs:
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                first = next((line for line in out["text"].splitlines() if line.strip()), "")
                assert " ".join(first.split()) in page_text, (
                    f"{docname}: the download prints {first!r}, which the page does not show")


def test_student_notebooks_carry_no_outputs(student_html_dir):
    for docname in chapters_in_toc():
        nb = _download(student_html_dir, docname)
        assert _outputs(nb) == [], f"{docname}: the student notebook has outputs"
