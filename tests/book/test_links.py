"""Every internal link and #anchor of the built book points at something that exists.

Each built page is parsed with the standard library's HTML parser. A link is
internal when it has no scheme and no host: its file must exist inside the
build and, if it names a fragment, the target page must have an element with
that id. External http(s) links are not followed (the tests run offline);
they are listed in ``_build/test-artifacts/external-links.txt`` so a reviewer
can see them. Whether any page *fetches* something external is checked in
``test_offline.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: (tag, attribute) pairs whose value is a URL.
URL_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("area", "href"),
}
#: Schemes that are neither files of the build nor web addresses.
IGNORED_SCHEMES = {"mailto", "javascript", "data", "tel", "blob", "about"}


@dataclass
class ParsedPage:
    """The ids a page defines and the URLs it uses, with their line numbers."""

    ids: set[str] = field(default_factory=set)
    urls: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, tag, attr, url)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif (tag, name) in URL_ATTRIBUTES:
                self.page.urls.append((line, tag, name, value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.urls.append((line, tag, name, candidate.split()[0]))

    handle_startendtag = handle_starttag


@functools.lru_cache(maxsize=None)
def parse_page(path: Path) -> ParsedPage:
    """Parse one HTML file (cached: every page is parsed once per session)."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp"}


def broken_links(html_dir: Path, page: str) -> list[str]:
    """Every internal link of ``page`` whose file or #anchor does not exist."""
    source = html_dir / page
    problems = []
    for line, tag, attr, url in parse_page(source).urls:
        parts = urlsplit(url)
        if parts.scheme in IGNORED_SCHEMES or is_external(url):
            continue
        if parts.scheme:
            problems.append(f"line {line}: <{tag} {attr}={url!r}>: unknown URL scheme")
            continue
        if parts.path:
            target = (source.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
        else:
            target = source.resolve()
        where = f"line {line}: <{tag} {attr}={url!r}>"
        if not target.is_relative_to(html_dir.resolve()):
            problems.append(f"{where}: points outside the built book ({target})")
        elif not target.is_file():
            problems.append(f"{where}: no such file {target.relative_to(html_dir.resolve())}")
        elif parts.fragment and target.suffix == ".html":
            if unquote(parts.fragment) not in parse_page(target).ids:
                problems.append(f"{where}: no element with id {unquote(parts.fragment)!r}")
    return problems


def external_links(html_dir: Path, page: str) -> list[str]:
    return sorted(
        {url for _, _, _, url in parse_page(html_dir / page).urls if is_external(url)}
    )


def test_internal_links_resolve(html_dir, book_page):
    problems = broken_links(html_dir, book_page)
    assert not problems, f"{book_page}: broken internal links:\n" + "\n".join(problems)


def test_pages_link_to_each_other(html_dir, book_pages):
    """The link check has something to check: pages cross-link with anchors."""
    anchors = [
        url
        for page in book_pages
        for _, tag, _, url in parse_page(html_dir / page).urls
        if tag == "a" and not is_external(url) and "#" in url and not url.startswith("#")
    ]
    assert anchors, "no page links to an #anchor of another page"


def test_list_external_links(html_dir, book_pages, artifacts_dir):
    """External links are not followed (the tests run offline); write them down for review."""
    lines = []
    for page in book_pages:
        links = external_links(html_dir, page)
        lines += [f"{page}\t{url}" for url in links]
    path = artifacts_dir / "external-links.txt"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert path.is_file()


#: Each chapter links at least this many glossary terms ({term} roles in the source).
MIN_GLOSSARY_LINKS = 3


def test_chapters_link_the_glossary(html_dir, book_pages):
    """Every chapter sends its reader to the glossary for the terms it introduces."""
    chapters = [page for page in book_pages if Path(page).name.startswith("ch")]
    assert chapters, "the build has no chapter page (book/chNN_*.html)"
    too_few = {}
    for page in chapters:
        terms = {
            url.split("#", 1)[1]
            for _, tag, _, url in parse_page(html_dir / page).urls
            if tag == "a" and "glossary.html#term-" in url
        }
        if len(terms) < MIN_GLOSSARY_LINKS:
            too_few[page] = sorted(terms)
    assert not too_few, (
        f"chapters must link at least {MIN_GLOSSARY_LINKS} glossary terms with {{term}}; "
        f"these link fewer: {too_few}"
    )
