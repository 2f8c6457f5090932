"""The map of the package in companion/README.md lists every module, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "companion" / "README.md"
PACKAGE = ROOT / "companion" / "src" / "rnnbook"


def mapped_paths(text: str) -> list[str]:
    """The module paths of the map's tree (the ```text block under "Map of the package")."""
    block = re.search(r"## Map of the package.*?```text\n(.*?)```", text, re.DOTALL)
    assert block, "companion/README.md has no ```text tree under '## Map of the package'"
    lines = block.group(1).splitlines()
    assert lines and lines[0].strip() == "rnnbook/", "the tree must start with 'rnnbook/'"
    folders: list[str] = []  # the folder at each depth
    paths = []
    for line in lines[1:]:
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2  # 1 for rnnbook's own entries
        name = line.split()[0]
        assert depth >= 1 and depth <= len(folders) + 1, f"the tree's indentation is off at {line!r}"
        folders = folders[: depth - 1]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        else:
            assert len(line.split(maxsplit=1)) == 2, f"the map has no description for {name}"
            paths.append("/".join(folders + [name]))
    return paths


def package_paths() -> list[str]:
    return sorted(
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts
    )


def test_the_map_lists_every_module_and_nothing_else():
    mapped = mapped_paths(README.read_text(encoding="utf-8"))
    assert len(mapped) == len(set(mapped)), "a module is listed twice in the map"
    missing = sorted(set(package_paths()) - set(mapped))
    extra = sorted(set(mapped) - set(package_paths()))
    assert not missing, f"modules missing from the map in companion/README.md: {missing}"
    assert not extra, f"the map in companion/README.md lists modules that do not exist: {extra}"


def test_the_reader_finds_nested_paths():
    text = "## Map of the package\n\n```text\nrnnbook/\n  a.py  one\n  sub/  two\n    b.py  three\n  c.py  four\n```\n"
    assert mapped_paths(text) == ["a.py", "sub/b.py", "c.py"]
