"""The grading command: every student's notebooks executed and graded, one CSV row per exercise.

Run ``python -m rnnbook.grade SUBMISSIONS_DIR [--out grades.csv]`` (see
:mod:`rnnbook.grade` for the layout of ``SUBMISSIONS_DIR``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rnnbook._validate import check_int
from rnnbook.grade.notebooks import grade_notebook
from rnnbook.grade.sources import CHAPTER_GLOB, chapter_exercises

#: The columns of the grades file.
COLUMNS = ("student", "chapter", "exercise", "passed", "feedback")


@dataclass(frozen=True)
class Grade:
    """One row of the grades file."""

    student: str
    chapter: str
    exercise: str
    passed: bool
    feedback: str


def submissions(submissions_dir: str | Path) -> list[tuple[str, list[Path]]]:
    """(student, their notebooks) for every student folder of ``submissions_dir``, sorted.

    Raises
    ------
    ValueError
        If ``submissions_dir`` is not a folder, or holds no student folder
        with a notebook.
    """
    root = Path(submissions_dir)
    if not root.is_dir():
        raise ValueError(f"`submissions_dir` must be a folder. Received: {str(root)!r}")
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        notebooks = sorted(folder.glob("*.ipynb"))
        if notebooks:
            found.append((folder.name, notebooks))
    if not found:
        raise ValueError("`submissions_dir` must hold one folder per student with their .ipynb "
                         f"files. Received: {str(root)!r}, with no such folder")
    return found


def expected_checks(book_dir: str | Path | None) -> dict[str, list[str]]:
    """{chapter stem: labels of its checked exercises} from the chapter sources, or {}."""
    if book_dir is None:
        return {}
    folder = Path(book_dir)
    if not folder.is_dir() or not any(folder.glob(CHAPTER_GLOB)):
        raise ValueError(f"`book_dir` must be the folder of the chapters ({CHAPTER_GLOB}). "
                         f"Received: {str(folder)!r}")
    return {path.stem: [label for label, ok in chapter_exercises(path.read_text("utf-8")) if ok]
            for path in sorted(folder.glob(CHAPTER_GLOB))}


def grade_submissions(submissions_dir: str | Path, *, book_dir: str | Path | None = None,
                      timeout: int = 300, log=None) -> Iterator[Grade]:
    """Grade every notebook of every student, yielding one :class:`Grade` per exercise.

    Parameters
    ----------
    submissions_dir : str or Path
        One folder per student, holding their notebooks.
    book_dir : str or Path, optional
        The chapters' folder; with it, a checked exercise whose check cell a
        student removed is graded as failed instead of left out.
    timeout : int
        Seconds allowed per cell.
    log : callable, optional
        Called with a line of progress per notebook (e.g. ``print``).
    """
    timeout = check_int("timeout", timeout, minimum=1)
    students = submissions(submissions_dir)
    expected = expected_checks(book_dir)
    for student, notebooks in students:
        for notebook in notebooks:
            if log is not None:
                log(f"{student}: {notebook.name}")
            for result in grade_notebook(notebook, timeout=timeout,
                                         expected=expected.get(notebook.stem)):
                yield Grade(student, notebook.stem, result.exercise, result.passed,
                            result.feedback)


def write_csv(grades: Iterable[Grade], path: str | Path) -> int:
    """Write ``grades`` to the CSV file ``path`` (columns :data:`COLUMNS`); return the rows."""
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for grade in grades:
            writer.writerow([grade.student, grade.chapter, grade.exercise, grade.passed,
                             grade.feedback])
            rows += 1
    return rows


def main(argv: list[str] | None = None) -> int:
    """``python -m rnnbook.grade``: grade a folder of submissions into a CSV file."""
    import rnnbook.grade

    doc = rnnbook.grade.__doc__ or ""
    parser = argparse.ArgumentParser(
        prog="python -m rnnbook.grade", description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[-1].split("\nOne module per part")[0].replace("::", ":"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                        help="one folder per student, holding their .ipynb files")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"),
                        help="the CSV file to write (default: grades.csv)")
    parser.add_argument("--book", type=Path, metavar="BOOK_DIR",
                        help="the chapters' sources (book/): grade missing check cells as failed")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds allowed per cell (default: 300)")
    args = parser.parse_args(argv)
    try:
        grades = list(grade_submissions(args.submissions, book_dir=args.book,
                                        timeout=args.timeout,
                                        log=lambda line: print(line, file=sys.stderr)))
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    rows = write_csv(grades, args.out)
    passed = sum(grade.passed for grade in grades)
    print(f"{rows} row(s), {passed} passed: {args.out}")
    return 0
