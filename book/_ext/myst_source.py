"""The blocks of a chapter's MyST source, read with markdown-it-py, and where its solutions lie.

One parser for the student strip, the notebook export and the source checks:
markdown-it-py with the MyST plugins of ``mdit_py_plugins`` (the parser that
MyST itself builds on), so a fence is a block here exactly when it is one in
the build. :func:`parse_blocks` gives every fenced block of a text (backtick,
tilde or colon fences: directives and plain code) with its line range;
:func:`walk_blocks` goes into directives' bodies as well.

A chapter's solutions take three forms, all found by :func:`solution_spans`:

- a ``{solution}`` block;
- a gated solution: from a ``{solution-start}`` block through the next
  ``{solution-end}`` block, the code cells in between included (an unclosed one
  runs to the end);
- a ``{code-cell}`` tagged ``solution``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin

#: Tag of a code cell that belongs to a solution (removed from student notebooks).
SOLUTION_TAG = "solution"

#: The block syntax of the book's pages (``parse.myst_enable_extensions`` in ``_config.yml``).
PARSER = (
    MarkdownIt("commonmark")
    .use(front_matter_plugin)
    .use(myst_block_plugin)
    .use(colon_fence_plugin)
    .use(dollarmath_plugin)
    .use(amsmath_plugin)
)
_FENCES = ("fence", "colon_fence")
_DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):(?P<value>.*)$")
#: Directives whose body is code or data, not MyST: not walked into.
_LITERAL = {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "math", "raw"}


@dataclass
class Block:
    """A fenced block: a directive (``name`` set) or a plain code fence (``info`` its language)."""

    start: int  # index of the opening line
    end: int  # index of the closing line (inclusive); the last line if unclosed
    name: str | None
    argument: str = ""
    options: dict = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    info: str = ""
    body_start: int = 0  # index of the body's first line (after the options)

    @property
    def tags(self) -> list[str]:
        """The ``tags`` option as a list (``[a, b]`` or ``a b``)."""
        value = self.options.get("tags", "")
        if isinstance(value, list):
            return [str(tag) for tag in value]
        return [tag for tag in re.split(r"[\s,\[\]'\"]+", str(value)) if tag]


def labels(text: str) -> list[int]:
    """Line indices of the ``(label)=`` targets of ``text`` (outside fences)."""
    return [token.map[0] for token in PARSER.parse(text) if token.type == "myst_target"]


def parse_blocks(text: str) -> list[Block]:
    """The fenced blocks of ``text``, in order (blocks inside a fence stay in its body)."""
    blocks = []
    for token in PARSER.parse(text):
        if token.type not in _FENCES or token.map is None:
            continue
        start, stop = token.map
        lines = token.content.splitlines()
        directive = _DIRECTIVE.match(token.info.strip())
        if directive is None:
            blocks.append(Block(start, stop - 1, None, body=lines, info=token.info.strip(),
                                body_start=start + 1))
            continue
        options, skipped = _split_options(lines)
        blocks.append(Block(start, stop - 1, directive["name"], directive["arg"].strip(),
                            options, lines[skipped:], body_start=start + 1 + skipped))
    return blocks


def walk_blocks(text: str, offset: int = 0) -> Iterator[Block]:
    """Every fenced block of ``text``, those inside directives' MyST bodies included.

    Line numbers count from the start of ``text`` (plus ``offset``).
    """
    for block in parse_blocks(text):
        block.start, block.end, block.body_start = (
            block.start + offset, block.end + offset, block.body_start + offset)
        yield block
        if block.name is not None and block.name not in _LITERAL:
            yield from walk_blocks("\n".join(block.body), block.body_start)


def _split_options(lines: list[str]) -> tuple[dict, int]:
    """A directive's options (a ``---`` YAML block or ``:key: value`` lines), and their line count."""
    if lines and lines[0].strip() == "---":
        close = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), None)
        if close is None:
            return {}, 0
        try:
            options = yaml.safe_load("\n".join(lines[1:close])) or {}
        except yaml.YAMLError:
            options = {}
        if not isinstance(options, dict):
            options = {}
        return {str(k): v if isinstance(v, list) else str(v) for k, v in options.items()}, close + 1
    options = {}
    k = 0
    while k < len(lines) and (match := _OPTION.match(lines[k])):
        options[match["key"]] = match["value"].strip()
        k += 1
    return options, k


def is_solution_cell(block: Block) -> bool:
    """A ``{code-cell}`` tagged ``solution``."""
    return block.name == "code-cell" and SOLUTION_TAG in block.tags


def solution_spans(text: str) -> list[tuple[int, int]]:
    """(first, last) line indices, inclusive, of every solution in ``text`` (see the module)."""
    spans = []
    gated_from: int | None = None
    blocks = parse_blocks(text)
    for block in blocks:
        if block.name == "solution-start" and gated_from is None:
            gated_from = block.start
        elif block.name == "solution-end" and gated_from is not None:
            spans.append((gated_from, block.end))
            gated_from = None
        elif gated_from is None and (block.name == "solution" or is_solution_cell(block)):
            spans.append((block.start, block.end))
    if gated_from is not None:  # an unclosed gated solution runs to the end
        spans.append((gated_from, max(len(text.splitlines()) - 1, gated_from)))
    return spans


def strip_solutions_text(text: str, *, keep_cells: bool = False) -> str:
    """``text`` with every solution removed (see the module docstring), the rest kept verbatim.

    With ``keep_cells``, a removed solution that held a notebook cell boundary (a
    code cell, or a ``+++`` break) leaves a ``+++`` break in its place, so that
    the text before it and the text after it stay two markdown cells, as they
    were in the chapter's notebook.
    """
    lines = text.splitlines(keepends=True)
    blocks = parse_blocks(text)
    replaced = [None] * len(lines)
    for first, last in solution_spans(text):
        replaced[first : last + 1] = [""] * (last + 1 - first)
        if keep_cells and (
            any(b.name == "code-cell" for b in blocks if first <= b.start <= last)
            or any(lines[k].startswith("+++") for k in range(first, last + 1))
        ):
            replaced[first] = "+++\n"
    return "".join(line if new is None else new for line, new in zip(lines, replaced))


def solution_texts(text: str) -> list[str]:
    """The text of every solution in ``text``: prose and code, without fences and options."""
    lines = text.splitlines()
    blocks = parse_blocks(text)
    texts = []
    for first, last in solution_spans(text):
        cursor = first
        for block in (b for b in blocks if first <= b.start <= last):
            texts.append("\n".join(lines[cursor : block.start]))
            if block.name not in ("solution-start", "solution-end"):
                texts.append("\n".join(block.body))
            cursor = block.end + 1
        texts.append("\n".join(lines[cursor : last + 1]))
    return [t for t in texts if t.strip()]
