"""Which exercises of a chapter have a check cell, read from the chapter's MyST source.

An exercise is a ``{exercise}`` (or ``{exercise-start}``) directive with a
``:label:``. Its check cell is a ``{code-cell}`` tagged ``check-<label>``
(:func:`check_tag`), outside the solutions::

    ```{code-cell} ipython3
    :tags: [check-ex-ch01-count]

    count_a = None  # your answer
    display(checks.check_window_count(count_a, length=100, lookback=10))
    ```

The tag travels with the cell into the notebooks, the student version
included (cell metadata survives the removal of the solutions), and is how
:mod:`rnnbook.grade` knows which exercise a check cell's feedback belongs to.
Only the fences of the chapters are read, line by line; nothing is executed.

Examples
--------
>>> text = '''
... ````{exercise} Count
... :label: ex-a
... How many?
... ````
...
... ```{code-cell} ipython3
... :tags: [check-ex-a]
...
... n = None
... ```
...
... ```{exercise} Explain
... :label: ex-b
... Why?
... ```
... '''
>>> chapter_exercises(text)
[('ex-a', True), ('ex-b', False)]
"""

from __future__ import annotations

import re
from pathlib import Path

#: The tag of a check cell is this prefix and the exercise's label.
CHECK_TAG_PREFIX = "check-"
#: The chapters of a book folder.
CHAPTER_GLOB = "ch[0-9][0-9]_*.md"

_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:.-]+)\}")
_PLAIN = re.compile(r"^(?P<fence>`{3,}|~{3,})(?![`~{])")
_OPTION = re.compile(r"^\s*:?(?P<key>[\w-]+):\s*(?P<value>.*)$")


def check_tag(label: str) -> str:
    """The tag of the check cell of the exercise ``label``: ``"check-" + label``."""
    return CHECK_TAG_PREFIX + label


def exercise_of(tags: list[str] | tuple[str, ...]) -> str | None:
    """The exercise label that a cell's tags name as checked, or None for any other cell."""
    labels = [tag[len(CHECK_TAG_PREFIX):] for tag in tags
              if isinstance(tag, str) and tag.startswith(CHECK_TAG_PREFIX)]
    return labels[0] if labels else None


def _options(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """The options after a directive's opening line (``:key: value`` lines or a ``---`` block)."""
    options: dict[str, str] = {}
    k = start
    yaml_block = k < len(lines) and lines[k].strip() == "---"
    if yaml_block:
        k += 1
    while k < len(lines):
        line = lines[k]
        if yaml_block and line.strip() == "---":
            return options, k + 1
        match = _OPTION.match(line)
        if not match or (not yaml_block and not line.lstrip().startswith(":")):
            break
        options[match["key"]] = match["value"].strip()
        k += 1
    return options, k


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a block opened by ``fence`` (the same character, as many or more)."""
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


def _tags(value: str) -> list[str]:
    return [tag for tag in re.split(r"[\s,\[\]'\"]+", value) if tag]


def chapter_exercises(text: str) -> list[tuple[str, bool]]:
    """(label, has a check cell) of every exercise of a chapter's source, in order.

    Raises
    ------
    ValueError
        If an exercise has no label, or a check cell names an exercise that
        the chapter does not have.
    """
    lines = text.splitlines()
    labels: list[str] = []
    checked: list[tuple[int, str]] = []
    fence: str | None = None  # the fence of the code cell or code block we are in, if any
    in_solution = False
    open_directives: list[str] = []  # the fences of the directives we are in, innermost last
    for number, line in enumerate(lines):
        if fence is not None:
            if _closes(line, fence):
                fence = None
            continue
        if open_directives and _closes(line, open_directives[-1]):
            open_directives.pop()
            continue
        plain = _PLAIN.match(line)
        if plain:  # a code fence (```python, ```text, ...): its lines are not MyST
            fence = plain["fence"]
            continue
        match = _OPEN.match(line)
        if not match:
            continue
        name = match["name"]
        if name != "code-cell":
            open_directives.append(match["fence"])
        options, _ = _options(lines, number + 1)
        if name in ("solution-start", "solution-end"):
            in_solution = name == "solution-start"
        elif name in ("exercise", "exercise-start"):
            if not options.get("label"):
                raise ValueError(f"line {number + 1}: an exercise must have a :label:. "
                                 f"Received: {line.strip()!r}")
            labels.append(options["label"])
        elif name == "code-cell":
            fence = match["fence"]
            label = exercise_of(_tags(options.get("tags", "")))
            if label is not None and not in_solution:
                checked.append((number + 1, label))
    unknown = [f"line {number}: {check_tag(label)}" for number, label in checked
               if label not in labels]
    if unknown:
        raise ValueError("a check cell's tag must name an exercise of the chapter. "
                         f"Received: {', '.join(unknown)} (exercises: {', '.join(labels)})")
    done = {label for _, label in checked}
    return [(label, label in done) for label in labels]


def checked_exercises(book_dir: str | Path) -> dict[str, tuple[int, int]]:
    """{chapter stem: (exercises with a check cell, exercises)} for every chapter of ``book_dir``.

    Parameters
    ----------
    book_dir : str or Path
        The folder of the chapters (``book/``), read as ``ch[0-9][0-9]_*.md``.

    Returns
    -------
    dict
        In the chapters' order, e.g. ``{"ch01_sequential_data": (5, 5), ...}``.

    Raises
    ------
    ValueError
        If ``book_dir`` holds no chapter, or a chapter is malformed (see
        :func:`chapter_exercises`).
    """
    folder = Path(book_dir)
    paths = sorted(folder.glob(CHAPTER_GLOB))
    if not paths:
        raise ValueError(f"`book_dir` must hold chapters named {CHAPTER_GLOB}. "
                         f"Received: book_dir={str(folder)!r}")
    counts = {}
    for path in paths:
        try:
            found = chapter_exercises(path.read_text(encoding="utf-8"))
        except ValueError as error:
            raise ValueError(f"{path.name}: {error}") from None
        counts[path.stem] = (sum(ok for _, ok in found), len(found))
    return counts
