"""Tests of rnnbook.grade.sources: which exercises have a check cell, on a tiny chapter and on the book."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from rnnbook import grade

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"

TINY = """\
---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
---

# A tiny chapter

```{code-cell} ipython3
:tags: [remove-cell]

x = 1
```

## Exercises

````{exercise} Counted
:label: ex-t-count

How many?
````

```{code-cell} ipython3
:tags: [check-ex-t-count]

answer = None
display(checks.check_window_count(answer, length=10, lookback=3))
```

```{solution-start} ex-t-count
:class: dropdown
```

```{code-cell} ipython3
:tags: [check-ex-t-plain]

answer = 7  # a tagged cell in a solution does not count
```

```{solution-end}
```

:::{exercise} Explained
:label: ex-t-plain
Why?
:::

```{code-cell} ipython3
---
tags: [hide-input, check-ex-t-yaml]
---
answers = {"q1": None}
```

```{exercise-start} Gated exercise
:label: ex-t-yaml
```

A code fence with a directive-looking line inside is not a cell:

```text
```{code-cell} ipython3
:tags: [check-ex-t-nowhere]
```

```{exercise-end}
```
"""


class TestTinyChapter:
    def test_exercises_and_their_check_cells(self):
        assert grade.chapter_exercises(TINY) == [
            ("ex-t-count", True), ("ex-t-plain", False), ("ex-t-yaml", True)]

    def test_checked_exercises_of_a_folder(self, tmp_path):
        (tmp_path / "ch01_tiny.md").write_text(TINY)
        (tmp_path / "ch02_none.md").write_text("# No exercises\n")
        (tmp_path / "notes.md").write_text(TINY)  # not a chapter
        assert grade.checked_exercises(tmp_path) == {"ch01_tiny": (2, 3), "ch02_none": (0, 0)}

    def test_a_tag_naming_no_exercise_fails(self, tmp_path):
        bad = TINY.replace("check-ex-t-count]", "check-ex-t-cuont]")
        with pytest.raises(ValueError, match=r"a check cell's tag must name an exercise of the "
                                             r"chapter\. Received: line \d+: check-ex-t-cuont"):
            grade.chapter_exercises(bad)
        (tmp_path / "ch03_bad.md").write_text(bad)
        with pytest.raises(ValueError, match=r"^ch03_bad\.md: a check cell's tag"):
            grade.checked_exercises(tmp_path)

    def test_an_exercise_without_label_fails(self):
        with pytest.raises(ValueError, match=r"an exercise must have a :label:"):
            grade.chapter_exercises("````{exercise} No label\nText.\n````\n")

    def test_a_folder_without_chapters_fails(self, tmp_path):
        with pytest.raises(ValueError, match=r"`book_dir` must hold chapters named "
                                             r"ch\[0-9\]\[0-9\]_\*\.md\. Received: book_dir="):
            grade.checked_exercises(tmp_path)

    def test_tags(self):
        assert grade.check_tag("ex-a") == "check-ex-a"
        assert grade.exercise_of(["hide-input", "check-ex-a"]) == "ex-a"
        assert grade.exercise_of(["remove-cell"]) is None and grade.exercise_of([]) is None


# ---------------------------------------------------------------------------
# The book
# ---------------------------------------------------------------------------
#: Chapters whose check cells all carry their exercise's tag.
TAGGED = ["ch01_sequential_data", "ch02_tanh", "ch03_forward_propagation", "ch04_bptt",
          "ch09_multistep", "ch10_lstm_gru"]


def test_the_books_counts():
    counts = grade.checked_exercises(BOOK)
    assert list(counts) == sorted(p.stem for p in BOOK.glob("ch[0-9][0-9]_*.md"))
    for stem, (checked, total) in counts.items():
        labels = re.findall(r"^:label: (ex-\S+)", (BOOK / f"{stem}.md").read_text(), re.MULTILINE)
        assert total == len(labels) and 0 <= checked <= total, stem
    assert sum(counts[stem][0] for stem in TAGGED) >= 20
    assert all(counts[stem][0] == counts[stem][1] for stem in TAGGED)


def test_most_exercises_have_a_check_in_every_chapter():
    """At least 30 of the course's exercises are checked, and at least two in each chapter."""
    counts = grade.checked_exercises(BOOK)
    assert sum(checked for checked, _ in counts.values()) >= 30, counts
    assert all(checked >= 2 for checked, _ in counts.values()), counts


CHAPTERS = sorted(p.stem for p in BOOK.glob("ch[0-9][0-9]_*.md"))
#: A check cell calls a checker: checks.check_...(...), keras_answers.check_...(...), ...
CHECK_CALL = re.compile(r"\bcheck_\w+\(")


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_check_cell_is_tagged_and_comes_before_its_solution(stem):
    sys.path.insert(0, str(BOOK / "_ext"))
    from myst_source import parse_blocks, strip_solutions_text

    text = (BOOK / f"{stem}.md").read_text(encoding="utf-8")
    student = strip_solutions_text(text)
    current = None  # the label of the exercise above
    for block in parse_blocks(student):
        if block.name in ("exercise", "exercise-start"):
            current = block.options["label"]
        elif block.name == "code-cell" and CHECK_CALL.search("\n".join(block.body)):
            assert grade.exercise_of(block.tags) == current, (
                f"{stem}, line {block.start + 1}: a check cell must be tagged "
                f"{grade.check_tag(str(current))}")


def test_the_docstring_examples_run():
    import doctest

    from rnnbook.grade import sources

    result = doctest.testmod(sources)
    assert result.attempted > 0 and result.failed == 0
