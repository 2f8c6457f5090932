"""The Korean edition (``_build/html/ko``, book/_ext/korean_edition.py) and its catalogs.

- Every page has a catalog, and the catalogs hold exactly the English text's
  messages: a change to an English page fails here until ``make catalogs``
  brings the catalog up to it.
- No message is fuzzy, and every translated message keeps the computed
  numbers, code, math, cross-reference targets, link addresses and digits of
  its English (``catalogs.problems``).
- Every page of each edition links the same page in the other, and every
  computed (glued) value of an English page shows identically on its Korean
  page.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import HTML_DIR, ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import catalogs  # noqa: E402
import korean_edition  # noqa: E402

KO_DIR = HTML_DIR / korean_edition.FOLDER


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part.get("chapters", [])]
    return pages


PAGES = toc_pages()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_catalog(page):
    assert (catalogs.CATALOG_DIR / f"{page}.po").is_file(), (
        f"{page}: no catalog at {catalogs.CATALOG_DIR / page}.po (run `make catalogs`)")


@pytest.mark.parametrize("path", catalogs.catalogs(), ids=lambda p: p.stem)
def test_translations_keep_what_they_must(path):
    catalog = polib.pofile(str(path))
    fuzzy = [entry.msgid[:70] for entry in catalog.fuzzy_entries()]
    assert not fuzzy, f"{path.name}: fuzzy messages (their English changed): {fuzzy}"
    broken = [f"{problem}: {entry.msgid[:70]!r}" for entry in catalog.translated_entries()
              for problem in catalogs.problems(entry.msgid, entry.msgstr)]
    assert not broken, f"{path.name}:\n" + "\n".join(broken)


def test_a_broken_translation_is_reported():
    msgid = "The loss is {glue:text}`loss:.3f` after `fit` ({term}`epochs <epoch>`, 3 seeds)."
    good = "`fit` 뒤 손실은 {glue:text}`loss:.3f`이다({term}`에포크 <epoch>`, 시드 3개)."
    assert catalogs.problems(msgid, good) == []
    assert catalogs.problems(msgid, "") == ["not translated"]
    for broken in (good.replace(":.3f", ":.2f"), good.replace("<epoch>", "<에포크>"),
                   good.replace("`fit`", "fit"), good.replace("3개", "세 개")):
        assert catalogs.problems(msgid, broken), broken


@pytest.fixture(scope="module")
def templates(html_dir) -> Path:
    """The English messages of the build, as gettext templates (a gettext build, outputs reused)."""
    return catalogs.extract(ROOT, html_dir.parent)


def test_catalogs_hold_the_english_text(templates):
    stale = []
    for pot_path in sorted(templates.rglob("*.pot")):
        relative = pot_path.relative_to(templates).with_suffix(".po")
        english = {entry.msgid for entry in polib.pofile(str(pot_path))}
        path = catalogs.CATALOG_DIR / relative
        held = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete} if path.is_file() else set()
        if english != held:
            stale.append(f"{relative}: {len(english - held)} English message(s) not in the catalog, "
                         f"{len(held - english)} no longer in the English, e.g. "
                         f"{sorted(english - held)[:1] or sorted(held - english)[:1]}")
    assert not stale, "run `make catalogs`:\n" + "\n".join(stale)


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _switch(path: Path):
    return _html(path).select_one("a.course-language-switch")


@pytest.fixture(scope="module")
def ko_dir(html_dir) -> Path:
    folder = html_dir / korean_edition.FOLDER
    assert (folder / "index.html").is_file(), f"no Korean edition in {folder} (make book builds it)"
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_each_page_links_its_other_edition(html_dir, ko_dir, page):
    english, korean = html_dir / f"{page}.html", ko_dir / f"{page}.html"
    assert korean.is_file(), f"{page}: no Korean page"
    there, back = _switch(english), _switch(korean)
    assert there is not None and there["hreflang"] == "ko", f"{page}: the English page links no Korean page"
    assert (english.parent / there["href"]).resolve() == korean.resolve(), there["href"]
    assert back is not None and back["hreflang"] == "en", f"{page}: the Korean page links no English page"
    assert (korean.parent / back["href"]).resolve() == english.resolve(), back["href"]
    assert _html(korean).html.get("lang") == "ko"


def _glued(path: Path) -> Counter:
    main = _html(path).select_one("main") or _html(path)
    return Counter(span.get_text(" ", strip=True) for span in main.select("span.pasted-text"))


@pytest.mark.parametrize("page", PAGES)
def test_computed_numbers_are_the_same(html_dir, ko_dir, page):
    english, korean = _glued(html_dir / f"{page}.html"), _glued(ko_dir / f"{page}.html")
    assert english == korean, (f"{page}: glued values only in English {sorted((english - korean).items())[:5]}, "
                               f"only in Korean {sorted((korean - english).items())[:5]}")


@pytest.mark.parametrize("page", PAGES)
def test_translated_messages_show_in_korean(ko_dir, page):
    """Each translated message of a page shows on its Korean page (its longest run of Hangul)."""
    catalog = polib.pofile(str(catalogs.CATALOG_DIR / f"{page}.po"))
    text = re.sub(r"\s+", "", _html(ko_dir / f"{page}.html").get_text())  # the sidebar's captions too
    missing = []
    for entry in catalog.translated_entries():
        runs = re.findall(r"[\uac00-\ud7a3][\uac00-\ud7a3 ]*", entry.msgstr)
        hangul = max(runs, key=len).replace(" ", "") if runs else ""
        if hangul and hangul not in text:
            missing.append(entry.msgstr[:60])
    assert not missing, f"{page}: translated but not shown: {missing[:5]}"
