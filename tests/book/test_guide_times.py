"""The instructor guide's times agree with what the build measured.

In the book build the guide executes after every chapter and reads the
execution table its own build is writing, so the times it prints are this
build's (a copy run on its own falls back to the last finished build's; its
text says which). These checks read the built guide's table of chapters and
this build's ``_static/execution_times.json``: every time the guide gives must
be within half of this build's time for the chapter, or 30 s, whichever is
more, which also holds for a guide that fell back to an earlier build on the
same machine. The case-study assignment page stays light: it trains no network.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

#: How far the guide's time may be from this build's: a share of it, or seconds.
SHARE, SECONDS = 0.5, 30.0
#: The case-study assignment page's execution time, at most (classical and linear models).
ASSIGNMENT_SECONDS = 30.0


class Tables(HTMLParser):
    """Every ``<table>`` of a page, as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def guide_times(html: str) -> dict[int, str]:
    """{chapter: the guide's "code runs (measured)" entry} from the built guide."""
    parser = Tables()
    parser.feed(html)
    for table in parser.tables:
        header = table[0] if table else []
        if "code runs (measured)" in header and "chapter" in header:
            k, c = header.index("code runs (measured)"), header.index("chapter")
            return {int(row[c]): row[k] for row in table[1:] if len(row) == len(header)}
    return {}


def disagreements(shown: dict[int, str], measured: dict[int, float]) -> list[str]:
    """The chapters whose time in the guide is too far from this build's."""
    found = []
    for n, text in sorted(shown.items()):
        match = re.fullmatch(r"(\d+) s", text)
        if match is None or n not in measured:
            continue  # "not timed" in the earlier build, or not run in this one
        guide, now = float(match.group(1)), measured[n]
        if abs(guide - now) > max(SHARE * now, SECONDS):
            found.append(f"chapter {n}: {guide:.0f} s in the guide, {now:.0f} s in this build")
    return found


def this_build(html_dir: Path) -> dict[str, dict]:
    path = html_dir / "_static" / "execution_times.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the build did not report its execution", pytrace=False)
    return {row["page"]: row for row in json.loads(path.read_text())["pages"]}


def test_disagreements_are_found():
    html = ("<table><tr><th>chapter</th><th>code runs (measured)</th></tr>"
            "<tr><td>1</td><td>16 s</td></tr><tr><td>8</td><td>146 s</td></tr>"
            "<tr><td>10</td><td>not timed</td></tr></table>")
    shown = guide_times(html)
    assert shown == {1: "16 s", 8: "146 s", 10: "not timed"}
    assert disagreements(shown, {1: 40.0, 8: 150.0, 10: 60.0}) == []
    assert disagreements(shown, {1: 50.0, 8: 300.0}) == [
        "chapter 1: 16 s in the guide, 50 s in this build",
        "chapter 8: 146 s in the guide, 300 s in this build",
    ]


def test_the_guide_times_match_this_build(html_dir: Path):
    page = html_dir / "book" / "instructor_guide.html"
    assert page.is_file(), "the instructor guide was not built"
    shown = guide_times(page.read_text(encoding="utf-8"))
    assert shown, "the instructor guide has no table with a 'code runs (measured)' column"
    measured = {int(m.group(1)): row["seconds"] for name, row in this_build(html_dir).items()
                if (m := re.fullmatch(r"book/ch(\d\d)_[\w-]+", name)) and row["succeeded"]}
    problems = disagreements(shown, measured)
    assert not problems, (
        "Instructor guide: 'they differ from the figures under the chapter titles only by the "
        "machine's load' is false (the guide prints the previous build's times): "
        + "; ".join(problems))


def test_the_assignment_page_stays_light(html_dir: Path):
    row = this_build(html_dir).get("book/case_study_assignment")
    assert row is not None and row["succeeded"], "the case-study assignment page was not executed"
    assert row["seconds"] <= ASSIGNMENT_SECONDS, (
        f"the case-study assignment page took {row['seconds']} s to execute: its worked example "
        "should use classical and linear models only")
