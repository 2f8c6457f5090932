"""Launch buttons appear only when the book names its repository, and open the notebook the book offers.

A small book (``small_book.py``), one page of which is a notebook, is built
twice with the course's configuration: as it is (``repository.url: ""``) and
with ``repository.url`` set to a GitHub repository. With the URL, that page's
header has a launch menu whose Colab and Binder entries open
``_notebooks/<page>.ipynb`` on the published branch, Binder's environment file
is written, and the set-up cell installs the wheel from that branch; without
it, no page has a launch menu. Both builds' downloads carry the page's outputs
as the page shows them, and the download menu's ``.pdf`` entry opens the
book's PDF.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import launch_buttons  # noqa: E402
import notebook_downloads  # noqa: E402
import notebook_export  # noqa: E402
import notebook_outputs  # noqa: E402
import pdf_menu  # noqa: E402
from small_book import NOTEBOOK_HEADER, build  # noqa: E402

REPOSITORY = "https://github.com/rnnbook-org/rnn-course"
PAGE = NOTEBOOK_HEADER + """
# A page with outputs

```{code-cell} ipython3
from myst_nb import glue

answer = 6 * 7
print(f"The answer is {answer}.")
glue("answer", answer, display=False)
```

```{code-cell} ipython3
:tags: [remove-cell]

print("a hidden check ran")
assert answer == 42, "the text says the answer is 42"
```

```{code-cell} ipython3
glue("shown", "a glued value that is displayed")
{"rows": 3}
```

The answer is {glue:text}`answer`.
"""
PAGES = {"intro": "# A small book\n\nOne page follows.\n", "outputs": PAGE}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The small book's HTML, built without and with a repository URL."""
    out = {}
    for name, config in [("no_url", {}), ("url", {"repository": {"url": REPOSITORY}})]:
        folder = tmp_path_factory.mktemp(name)
        done = build(folder, PAGES, config)
        assert done.returncode == 0, f"the small book ({name}) did not build:\n{done.stdout[-4000:]}"
        out[name] = folder / "_build" / "html"
    return out


def _soup(html: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((html / "book" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_no_repository_url_no_launch_buttons(builds):
    html = builds["no_url"]
    for page in PAGES:
        soup = _soup(html, page)
        assert soup.select(".dropdown-launch-buttons") == [], f"{page}: a launch menu without a URL"
        assert not soup.select("a[href*='colab'], a[href*='binder']"), page
    assert not (html / "binder").exists()
    nb = nbformat.read(str(html / "_notebooks" / "outputs.ipynb"), as_version=4)
    assert nb.cells[1].source == notebook_export.setup_cell("")


def test_a_repository_url_gives_colab_and_binder_buttons(builds):
    html = builds["url"]
    soup = _soup(html, "outputs")
    menu = soup.select_one(".dropdown-launch-buttons")
    assert menu is not None, "the notebook page has no launch menu"
    colab = menu.select_one("a.btn-colab-button")["href"]
    binder = menu.select_one("a.btn-binder-button")["href"]
    assert colab == ("https://colab.research.google.com/github/rnnbook-org/rnn-course/blob/"
                     "gh-pages/_notebooks/outputs.ipynb")
    assert binder == ("https://mybinder.org/v2/gh/rnnbook-org/rnn-course/gh-pages"
                      "?urlpath=tree/_notebooks/outputs.ipynb")
    # the notebook they open is the one the page offers, at the same place in the site
    link = soup.select_one("a.course-download-notebook")["href"]
    assert (html / "book" / link).resolve() == (html / "_notebooks" / "outputs.ipynb").resolve()
    # a page that is no notebook has none; the theme added no menu of its own
    assert _soup(html, "intro").select(".dropdown-launch-buttons") == []
    assert len(soup.select(".dropdown-launch-buttons")) == 1
    requirements = (html / "binder" / "requirements.txt").read_text()
    assert "tensorflow==" in requirements and "torch==" in requirements
    wheel = notebook_downloads.wheel_name(ROOT / "companion")
    nb = nbformat.read(str(html / "_notebooks" / "outputs.ipynb"), as_version=4)
    assert nb.cells[1].source == notebook_export.setup_cell(
        f"https://raw.githubusercontent.com/rnnbook-org/rnn-course/gh-pages/_notebooks/{wheel}")


@pytest.mark.parametrize("name", ["no_url", "url"])
def test_the_download_carries_the_page_outputs(builds, name):
    nb = nbformat.read(str(builds[name] / "_notebooks" / "outputs.ipynb"), as_version=4)
    setup, first, hidden, shown = [c for c in nb.cells if c.cell_type == "code"]
    assert setup.outputs == [] and setup.execution_count is None
    assert [o.get("text") for o in first.outputs] == ["The answer is 42.\n"], first.outputs
    assert first.execution_count is not None
    assert hidden.outputs == [], "a removed cell's output is in the download"
    texts = [o["data"].get("text/plain") for o in shown.outputs]
    assert texts == ["'a glued value that is displayed'", "{'rows': 3}"], shown.outputs
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "The answer is 42." in markdown


@pytest.mark.parametrize("name", ["no_url", "url"])
def test_the_pdf_entry_opens_the_book_pdf(builds, name):
    html = builds[name]
    for page in PAGES:
        entry = _soup(html, page).select_one(f".dropdown-download-buttons .btn-{pdf_menu.PRINT_LABEL}")
        assert entry is not None and entry.name == "a", f"{page}: the .pdf entry is not a link"
        assert (html / "book" / entry["href"]).resolve() == (html / pdf_menu.PDF_NAME).resolve()
        assert "window.print" not in str(entry)


def test_fill_copies_outputs_by_code(tmp_path):
    """Unit: outputs go to the cell with the same code, hidden glue records are dropped."""
    text = NOTEBOOK_HEADER + "\n# T\n\n```{code-cell} ipython3\nfrom myst_nb import glue\nx = 1\n```\n"
    source = tmp_path / "t.md"
    source.write_text(text)
    nb = notebook_export.export_notebook(source)
    executed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from myst_nb import glue\nx = 1", execution_count=3, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("display_data", data={
                notebook_outputs.GLUE_RECORD_PREFIX + "text/plain": "1"}),
        ])])
    assert notebook_outputs.fill(nb, executed) == []
    cell = nb.cells[-1]
    assert cell.execution_count == 3 and [o.output_type for o in cell.outputs] == ["stream"]
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("y = 2")])
    assert notebook_outputs.fill(notebook_export.export_notebook(source), other) == [len(nb.cells) - 1]


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/org/repo", ("https://github.com", "org", "repo")),
    ("https://github.com/org/repo.git/", ("https://github.com", "org", "repo")),
    ("https://gitlab.com/org/repo", ("https://gitlab.com", "org", "repo")),
    ("", None),
    ("https://github.com/org", None),
])
def test_repository_parts(url, expected):
    assert launch_buttons._repository(url) == expected


def test_links_for_other_hosts_and_lab():
    settings = {"repository": ("https://gitlab.com", "org", "repo"), "branch": "pages",
                "colab_url": "https://colab.research.google.com", "binderhub_url": "https://mybinder.org",
                "interface": "jupyterlab"}
    buttons = launch_buttons.launch_links(settings, "_notebooks/ch01.ipynb")
    assert [b["text"] for b in buttons] == ["Binder"], "Colab opens GitHub notebooks only"
    assert buttons[0]["url"] == ("https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Forg%2Frepo/pages"
                                 "?urlpath=lab/tree/_notebooks/ch01.ipynb")
    assert launch_buttons.launch_links({**settings, "repository": None}, "x.ipynb") == []
    assert json.loads(json.dumps(buttons))  # plain data for the theme's template
