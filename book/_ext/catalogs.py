"""The Korean edition's message catalogs: what a translation must keep of its English message.

Every page has a gettext catalog, ``book/locales/ko/LC_MESSAGES/<docname>.po``,
made from the English text by ``make catalogs``. A translated message is
parsed as MyST again, so it must keep the parts that are not prose exactly:

- every ``{glue}`` role (a computed number), every inline code span and every
  piece of math, character for character;
- every cross-reference's target (``{term}`, ``{doc}``, ``{ref}``,
  ``{numref}``, ``{eq}``, ``{cite:p}``...), while its text is translated:
  ``{term}`time series``` becomes ``{term}`시계열 <time series>```;
- every link's address, and every number written in digits.

``make catalogs`` (``python book/_ext/catalogs.py update --build _build``, after
``make book``) extracts the English messages of every page (Sphinx's gettext
builder, reusing the build's outputs) and merges them into the catalogs: a new
message comes in empty, a changed one fuzzy with the old translation
(``sphinx-intl update``), until someone translates it. A checker's verdict is in its page's catalog
too: the gettext builder reads its Markdown form, which the Korean edition shows.

``python book/_ext/catalogs.py check [PO ...]`` reports, per catalog, the
messages that are not translated, fuzzy, or break one of these rules (all
catalogs when none is named), and exits 1 if any does.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "book" / "locales"
LANGUAGE = "ko"
CATALOG_DIR = LOCALE_DIR / LANGUAGE / "LC_MESSAGES"

_ROLE = re.compile(r"(?<!`)\{(?P<name>[a-z][a-z:-]*)\}`(?P<body>[^`]*)`")
_CODE = re.compile(r"(?<![`}])(`+)(?P<body>[^`].*?)\1(?!`)")
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(?:\\.|[^$\\])+\$")
_LINK = re.compile(r"\]\((?P<url>[^)\s]+)\)")
# A number in digits; a Korean counter may follow it ("3개", "9장"), a Latin letter may not.
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])[-+]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?%?(?![A-Za-z0-9_])")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: Roles whose whole text is kept (a glue name, a citation key, a math expression).
VERBATIM_ROLES = {"glue", "glue:text", "glue:md", "glue:any", "glue:figure", "cite", "cite:p",
                  "cite:t", "cite:ps", "cite:ts", "math", "eq"}


def role_target(name: str, body: str) -> str:
    """What a role points at: the whole body, or the part in ``<...>`` of ``text <target>``."""
    if name in VERBATIM_ROLES:
        return body
    match = re.search(r"<([^<>]+)>\s*$", body)
    return (match.group(1) if match else body).strip()


def _without(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(" ", text)


def parts(text: str) -> dict[str, Counter]:
    """The parts of a message that its translation must keep, each kind counted."""
    roles = [(m.group("name"), m.group("body")) for m in _ROLE.finditer(text)]
    rest = _without(_ROLE, text)
    display = _DISPLAY_MATH.findall(rest)
    rest = _without(_DISPLAY_MATH, rest)
    inline = _INLINE_MATH.findall(rest)
    rest = _without(_INLINE_MATH, rest)
    code = [m.group(0) for m in _CODE.finditer(rest)]
    rest = _without(_CODE, rest)
    links = _LINK.findall(rest)
    rest = _without(_LINK, rest)
    return {
        "role": Counter(f"{{{name}}}`{role_target(name, body)}`" if name in VERBATIM_ROLES
                        else f"{{{name}}} -> {role_target(name, body)}" for name, body in roles),
        "math": Counter(display + inline),
        "code": Counter(code),
        "link": Counter(links),
        "number": Counter(n.rstrip("%") for n in _NUMBER.findall(rest)),
    }


def problems(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with ``msgstr`` as the translation of ``msgid`` (empty: nothing)."""
    if not msgstr.strip():
        return ["not translated"]
    found = []
    source, target = parts(msgid), parts(msgstr)
    for kind in ("role", "math", "code", "link"):
        missing = source[kind] - target[kind]
        extra = target[kind] - source[kind]
        if missing:
            found.append(f"{kind} missing or changed: {sorted(missing)}")
        if extra:
            found.append(f"{kind} not in the English: {sorted(extra)}")
    # Numbers in prose may be written out in Korean only if the English wrote them out too:
    # every number in digits stays, in digits.
    missing = source["number"] - target["number"]
    if missing:
        found.append(f"number missing or changed: {sorted(missing)}")
    # a math block's message (between newlines) is LaTeX: nothing in it to translate
    verbatim = msgid.startswith("\n") and msgid.endswith("\n")
    # a single word (a name such as "LSTM" or "tanh") may stay as it is; a phrase may not
    words = re.findall(r"(?<!\\)\b[A-Za-z]{2,}\b", _without(_CODE, _without(_INLINE_MATH, _without(
        _DISPLAY_MATH, _without(_ROLE, msgid)))))
    if not verbatim and len(words) > 1 and not _HANGUL.search(msgstr) and msgstr == msgid:
        found.append("left in English")
    return found


def check_catalog(path: Path) -> list[str]:
    """Every problem of one catalog, one line each, with the message's first words."""
    catalog = polib.pofile(str(path))
    lines = []
    for entry in catalog:
        if entry.obsolete:
            continue
        label = entry.msgid.replace("\n", " ")[:70]
        if "fuzzy" in entry.flags:
            lines.append(f"fuzzy: {label!r}")
        for problem in problems(entry.msgid, entry.msgstr):
            lines.append(f"{problem}: {label!r}")
    return lines


def catalogs() -> list[Path]:
    """Every catalog of the Korean edition, sorted."""
    return sorted(CATALOG_DIR.rglob("*.po"))


HEADER = ("Korean translation of the course \"Recurrent Neural Networks for Sequential Data\".\n"
          "The English text is the source; `make catalogs` updates this file from it.")
METADATA = {"Project-Id-Version": "rnn-sequential-data", "Report-Msgid-Bugs-To": "",
            "Last-Translator": "", "Language-Team": "Korean", "Language": LANGUAGE,
            "MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8",
            "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=1; plural=0;"}


def extract(root: Path, build: Path) -> Path:
    """The English messages of every page as ``.pot`` files, from the build's outputs; their folder."""
    import book_pdf
    import korean_edition

    config = korean_edition.edition_config(root, build)
    config["sphinx"]["config"]["language"] = "en"
    return book_pdf.reused_build(root, build, build / "gettext", config, builder="gettext",
                                 warnings_are_errors=False, who="make catalogs")


def tidy(path: Path) -> polib.POFile:
    """The catalog at ``path`` with the course's header, without obsolete entries, saved."""
    catalog = polib.pofile(str(path))
    catalog.header, catalog.metadata = HEADER, dict(METADATA)
    catalog[:] = [entry for entry in catalog if not entry.obsolete]
    catalog.save(str(path))
    return catalog


def update(root: Path, build: Path) -> None:
    """Bring every page's catalog up to the English text of ``build``."""
    import subprocess

    templates = extract(root, build)
    sphinx_intl = Path(sys.executable).with_name("sphinx-intl")
    subprocess.run([str(sphinx_intl), "update", "-p", str(templates), "-l", LANGUAGE,
                    "-d", str(LOCALE_DIR)], check=True, cwd=root, stdout=subprocess.DEVNULL)
    for pot_path in sorted(templates.rglob("*.pot")):
        relative = pot_path.relative_to(templates).with_suffix(".po")
        catalog = tidy(CATALOG_DIR / relative)
        print(f"{relative}: {len(catalog)} messages, {len(catalog.untranslated_entries())} untranslated, "
              f"{len(catalog.fuzzy_entries())} fuzzy")


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        build = Path(argv[argv.index("--build") + 1]) if "--build" in argv else ROOT / "_build"
        update(ROOT, build.resolve())
        return 0
    if not argv or argv[0] != "check":
        print(__doc__)
        return 2
    paths = [Path(p) for p in argv[1:]] or catalogs()
    failed = 0
    for path in paths:
        lines = check_catalog(path)
        catalog = polib.pofile(str(path))
        done = sum(1 for e in catalog if e.msgstr and "fuzzy" not in e.flags and not e.obsolete)
        total = sum(1 for e in catalog if not e.obsolete)
        print(f"{path}: {done} of {total} messages translated, {len(lines)} problem(s)")
        for line in lines:
            print("  " + line)
        failed += bool(lines)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
