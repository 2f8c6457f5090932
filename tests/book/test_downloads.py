"""Every chapter page offers its notebook as .ipynb, and the notebooks read well in Jupyter.

The conversion of MyST into Jupyter markdown is tested on small samples (no
build needed); the checks of the built book (``_build/html``, or
``$RNNBOOK_HTML_DIR``) use the ``html_dir`` fixture of ``conftest.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import notebook_export  # noqa: E402
from notebook_export import Context, convert_markdown  # noqa: E402


def chapters_in_toc() -> list[str]:
    """Docnames of the numbered chapters listed in _toc.yml, e.g. ``book/ch01_sequential_data``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    return [f for f in files if Path(f).name.startswith("ch")]


# ---------------------------------------------------------------------------
# MyST -> Jupyter markdown
# ---------------------------------------------------------------------------
@pytest.fixture
def ctx(tmp_path):
    (tmp_path / "mod.py").write_text("import os\n\n\ndef f(x):\n    return x + 1\n\n\ndef g():\n    pass\n")
    return Context(tmp_path, glue={"mse": "0.020211366", "n": "51", "word": "'abc'"},
                   citations={"elman1990finding": "Elman 1990", "a2000": "A et al. 2000"})


@pytest.mark.parametrize(
    "source, expected",
    [
        ("MSE {glue:text}`mse:.4f` with {glue:text}`n` parameters", "MSE 0.0202 with 51 parameters"),
        ("{glue:}`mse` and {glue}`n`", "0.020211366 and 51"),
        ("{glue:text}`missing:.2f`", "`missing`"),
        ("a {term}`hidden state` and {term}`states <hidden state>`", "a hidden state and states"),
        ("see {doc}`the notation <notation>` and {ref}`ch-sequential-data`", "see the notation and ch-sequential-data"),
        ("as in {cite}`elman1990finding,a2000`", "as in (Elman 1990; A et al. 2000)"),
        ("{math}`x^2` stays math, $y$ too", "$x^2$ stays math, $y$ too"),
        ("(ch-label)=\n# Title", "# Title"),
    ],
)
def test_roles_and_labels(ctx, source, expected):
    assert convert_markdown(source, ctx) == expected


def test_exercise_and_solution(ctx):
    text = (
        # a role in a title needs a colon fence: MyST reads a backtick fence with a
        # backtick in its title as text (tested below)
        "::::{exercise} Count {term}`windows <window>`\n:label: ex-x\n\nHow many?\n::::\n\n"
        "````{solution} ex-x\n:class: dropdown\n\nNinety, {glue:text}`n`.\n\n```python\nprint(90)\n```\n````"
    )
    out = convert_markdown(text, ctx)
    assert out.startswith("#### Exercise: Count windows\n\nHow many?")
    assert "<details>\n<summary><b>Solution</b> (click to open)</summary>\n\nNinety, 51." in out
    assert "```python\nprint(90)\n```" in out and out.endswith("</details>")
    ctx.student = True
    assert convert_markdown(text, ctx) == "#### Exercise: Count windows\n\nHow many?"
    raw = "````{exercise} Count {term}`windows`\nHow many?\n````"
    assert convert_markdown(raw, ctx).startswith("````{exercise} Count windows")


def test_admonition_dropdown_and_code_fence(ctx):
    text = (":::{admonition} In this chapter\n:class: tip\n**You will learn** a lot.\n:::\n\n"
            "```{note}\nA note.\n```\n\n```{dropdown} More\nHidden.\n```\n\n"
            "```python\n```{solution} not a directive inside code\n```")
    out = convert_markdown(text, ctx)
    assert out.startswith("> **In this chapter**\n>\n> **You will learn** a lot.")
    assert "> **Note**\n>\n> A note." in out
    assert "<details>\n<summary>More</summary>\n\nHidden.\n\n</details>" in out
    assert "```python\n```{solution} not a directive inside code\n```" in out


def test_literalinclude_pyobject(ctx):
    out = convert_markdown("```{literalinclude} mod.py\n:pyobject: f\n```", ctx)
    assert out == "From `mod.py`:\n\n```python\ndef f(x):\n    return x + 1\n```"
    missing = convert_markdown("```{literalinclude} nowhere.py\n```", ctx)
    assert missing == "*(The code of `nowhere.py` is shown in the online book.)*"


def test_citations_from_the_bibliography():
    citations = notebook_export.load_citations(ROOT / "book" / "references.bib")
    assert citations["geron2019handson"] == "Géron 2019"
    assert citations["hochreiter1997lstm"] == "Hochreiter and Schmidhuber 1997"
    assert citations["cho2014gru"] == "Cho et al. 2014"


def test_chapter_1_export():
    nb = notebook_export.export_notebook(ROOT / "book" / "ch01_sequential_data.md",
                                         glue={"naive_valid_mse": "0.0202113"})
    nbformat.validate(nb)
    assert nb.cells[0].source.startswith("> *A chapter of the course")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "{term}" not in markdown and "{glue" not in markdown and "(ch-sequential-data)=" not in markdown
    assert "validation MSE of 0.0202" in markdown
    assert "except ImportError:" in code and "\nfrom myst_nb import glue\n" not in f"\n{code}\n"
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids)


# ---------------------------------------------------------------------------
# The built book
# ---------------------------------------------------------------------------
def test_every_chapter_page_links_its_notebook(html_dir):
    chapters = chapters_in_toc()
    assert chapters, "_toc.yml lists no chapter"
    for docname in chapters:
        page = html_dir / f"{docname}.html"
        assert page.is_file(), f"{docname} is in _toc.yml but was not built"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("a.course-download-notebook")
        assert link is not None, f"{page.name} has no visible notebook download link"
        target = (page.parent / link["href"]).resolve()
        assert target.name == Path(docname).name + ".ipynb"
        assert target.is_file(), f"{page.name} links {link['href']}, which does not exist"
        nb = nbformat.read(str(target), as_version=4)
        nbformat.validate(nb)
        assert any(c.cell_type == "code" for c in nb.cells)
        assert "A chapter of the course" in nb.cells[0].source
        menu = soup.select_one(".dropdown-download-buttons a[href$='.ipynb'], a.download-notebook-button")
        assert menu is not None, f"{page.name}: no .ipynb entry in the download menu"
        assert urljoin(f"/{docname}.html", menu["href"]) == urljoin(f"/{docname}.html", link["href"])


def test_downloads_hold_the_code_the_build_ran(html_dir):
    """A chapter's download has the code cells that the build executed, in order.

    So the build's execution covers the book's downloads, and ``make test`` runs
    nbval on the student notebooks only (the code that nothing else executes).
    """
    executed = html_dir.parent / "jupyter_execute"
    for docname in chapters_in_toc():
        name = Path(docname).name + ".ipynb"
        download = nbformat.read(str(html_dir / "_notebooks" / name), as_version=4)
        ran = nbformat.read(str(executed / Path(docname).parent / name), as_version=4)
        code = [c.source.replace(notebook_export.GLUE_FALLBACK, "from myst_nb import glue")
                for c in download.cells
                if c.cell_type == "code" and "setup" not in c.metadata.get("tags", [])]
        assert code == [c.source for c in ran.cells if c.cell_type == "code"], (
            f"{name}: the download's code cells are not the ones the build executed")


def test_notebook_numbers_match_the_page(html_dir):
    """The glued numbers in a downloaded notebook's text are the ones printed on its page."""
    page = html_dir / "book" / "ch01_sequential_data.html"
    if not page.is_file():
        pytest.skip("chapter 1 is not in this build")
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    nb = nbformat.read(str(html_dir / "_notebooks" / "ch01_sequential_data.ipynb"), as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    sentence = markdown.split("The naive forecast has a validation MSE of ", 1)[1]
    number = sentence.split(",", 1)[0]
    assert number.startswith("0.0") and f"validation MSE of {number}" in " ".join(text.split())
