"""No page of the built book, or of its student version, shows raw MyST to the reader.

A fence that MyST cannot parse (backticks in a directive's title, a fence closed
with too few backticks) does not fail the build: the whole block is printed as
text, an exercise's hidden answer included. So every built page's visible text
(everything but code blocks, which may show MyST on purpose) is searched for
what only unparsed source looks like:

- a directive's opening line, ```` ```{name} ```` or ``:::{name}``;
- a role left as text, such as ``{glue:text}`key` `` or ``{term}`RNN` ``;
- a directive option at the start of a line, such as ``:label: ex-ch06-layers``.

And every glue key a page uses must be one that its executed notebook defined
(myst-nb's ``<page>.glue.json``), in the book and in the student version, whose
pages lose the solutions' cells.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import HTML_DIR, built_pages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

from myst_source import walk_blocks  # noqa: E402

STUDENT_DIR = HTML_DIR.parent / "student"

#: Elements whose text is not prose: code, and what the reader never sees.
NOT_PROSE = {"pre", "script", "style", "textarea", "template"}
#: Roles that MyST turns into links or values; their source form never belongs in a page.
ROLES = r"glue|glue:text|glue:any|glue:md|glue:figure|term|doc|ref|numref|eq|cite|cite:p|cite:t|math|download|prf:ref"
RAW_MYST = [
    ("a directive fence", re.compile(r"(`{3,}|~{3,})\s*\{[a-z][\w:-]*\}")),
    ("a colon-fence directive", re.compile(r":{3,}\s*\{[a-z][\w:-]*\}")),
    ("a role shown as text", re.compile(r"\{(?:" + ROLES + r")\}`")),
    ("a directive option", re.compile(r"(?m)^\s*:(label|class|tags|name|dropdown|nonumber):\s")),
]
#: Uses of a glued value in a page's MyST source.
GLUE_USE = re.compile(r"\{glue(?::(?:text|any|md))?\}`(?P<key>[^`:<>]+)")


class _VisibleText(HTMLParser):
    """Collects a page's text outside code blocks, with the line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in NOT_PROSE:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_PROSE and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.chunks.append((self.getpos()[0], data))


def raw_myst(html: str) -> list[str]:
    """Every piece of raw MyST in ``html``'s visible text, as ``"line N: kind: text"``."""
    parser = _VisibleText()
    parser.feed(html)
    found = []
    # Text split across inline elements is joined per parse chunk and as a whole page,
    # so that `{term}` followed by <code> is still seen.
    for line, text in parser.chunks:
        for kind, pattern in RAW_MYST:
            for match in pattern.finditer(text):
                snippet = text[max(0, match.start() - 30): match.end() + 40].replace("\n", " ")
                found.append(f"line {line}: {kind}: ...{snippet}...")
    return found


def glue_keys_used(source: str) -> set[str]:
    """The glue keys a MyST page refers to (roles and ``{glue:figure}`` directives)."""
    return {m["key"].strip() for m in GLUE_USE.finditer(source)} | {
        block.argument.split()[0] for block in walk_blocks(source)
        if block.name in ("glue", "glue:figure") and block.argument
    }


def glue_keys_defined(execute_dir: Path, docname: str) -> set[str] | None:
    """The keys that the executed page stored (None when the page has no glue file)."""
    path = execute_dir / f"{docname}.glue.json"
    if not path.is_file():
        return None
    return set(json.loads(path.read_text(encoding="utf-8")))


# --- the checks themselves, tried on small inputs first ---------------------------------

@pytest.mark.parametrize(
    "html",
    [
        "<p>````{exercise} <code>num_layers</code> or a list</p>",
        "<p>:::{admonition} In this chapter</p>",
        "<p>The MSE is {glue:text}`mse:.4f`.</p>",
        "<p>See the {term}`hidden state`.</p>",
        "<p>Text\n:label: ex-ch06-layers\n</p>",
    ],
)
def test_raw_myst_is_found(html):
    assert raw_myst(html), f"not flagged: {html}"


@pytest.mark.parametrize(
    "html",
    [
        "<p>The MSE is 0.0042.</p>",
        "<pre>```{code-cell} ipython3\nprint(1)\n```</pre>",  # shown on purpose, as code
        "<p>a set {1, 2} and a dict {'a': 1}</p>",
        "<p>Ratio: 3:1, time 10:30.</p>",
    ],
)
def test_prose_is_not_flagged(html):
    assert not raw_myst(html)


def test_glue_uses_are_found():
    source = "A {glue:text}`a_b:.4f` and {glue}`c` and\n```{glue:figure} fig_one\n:name: x\n```\n"
    assert glue_keys_used(source) == {"a_b", "c", "fig_one"}


# --- over the built book and its student version -----------------------------------------

def _builds() -> list[tuple[str, Path, Path, Path]]:
    """(name, html folder, page sources root, executed notebooks folder) of each build."""
    return [
        ("book", HTML_DIR, ROOT, HTML_DIR.parent / "jupyter_execute"),
        ("student", STUDENT_DIR / "html", STUDENT_DIR / "src", STUDENT_DIR / "src" / "_build" / "jupyter_execute"),
    ]


def _pages(html: Path) -> list[str]:
    return [p for p in built_pages(html) if p.startswith("book/")]


def _cases():
    cases = []
    for name, html, _, _ in _builds():
        pages = _pages(html)
        cases += [pytest.param(name, page, id=f"{name}:{page}") for page in pages]
        if not pages:
            cases.append(pytest.param(name, None, id=f"{name}:<no build>"))
    return cases


def _build(name: str, request: pytest.FixtureRequest):
    """The build's folders, once its fixture says it exists (skipped, or failed in CI, if not)."""
    request.getfixturevalue("html_dir" if name == "book" else "student_html_dir")
    return next(b for b in _builds() if b[0] == name)


@pytest.mark.parametrize("build,page", _cases())
def test_no_raw_myst_in_built_page(build, page, request):
    _, html, _, _ = _build(build, request)
    if page is None:
        pytest.fail(f"the {build} build has no pages under {html}", pytrace=False)
    found = raw_myst((html / page).read_text(encoding="utf-8"))
    assert not found, (
        f"{build} page {page} shows raw MyST (a block MyST did not parse):\n" + "\n".join(found[:10])
    )


@pytest.mark.parametrize("build,page", _cases())
def test_every_glue_key_used_is_defined(build, page, request):
    _, html, sources, executed = _build(build, request)
    if page is None:
        pytest.fail(f"the {build} build has no pages under {html}", pytrace=False)
    docname = page.removesuffix(".html")
    source = sources / f"{docname}.md"
    if not source.is_file():
        pytest.skip(f"{page} has no MyST source ({source})")
    used = glue_keys_used(source.read_text(encoding="utf-8"))
    if not used:
        return
    defined = glue_keys_defined(executed, docname)
    assert defined is not None, f"{build}: {page} uses glue keys {sorted(used)} but stored none"
    missing = sorted(used - defined)
    assert not missing, f"{build}: {page} uses glue keys that its cells never define: {missing}"
