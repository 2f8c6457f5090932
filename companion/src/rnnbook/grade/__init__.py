"""Grade students' chapter notebooks: run each one offline, read its check cells, write a CSV.

Usage::

    python -m rnnbook.grade SUBMISSIONS_DIR [--out grades.csv] [--book book] [--timeout 300]

SUBMISSIONS_DIR holds one folder per student, named for the student, with
their chapter notebooks as handed out by ``make student`` (the file names
kept, so the chapter is the notebook's name)::

    SUBMISSIONS_DIR/
      alice/
        ch01_sequential_data.ipynb
        ch02_tanh.ipynb
      bob/
        ch01_sequential_data.ipynb

Every notebook is executed afresh (stored outputs are ignored), offline, in
an empty temporary folder, with a time limit per cell; an error in one cell
does not stop the others. Each check cell (tagged ``check-<exercise label>``)
gives one row of the CSV file: ``student, chapter, exercise, passed,
feedback``, where feedback is "correct", "not answered" (the answer is still
``None``), what the checker said about a wrong answer, or why the check cell
gave no verdict (it raised an error, or never ran). With ``--book``, the
chapters' sources are read too, and a checked exercise whose check cell is
missing from a notebook is a failed row. The kernel is the Python running
the command, which must have ``rnnbook`` and the chapters' libraries (the
course's environment) and ``nbclient``.

One module per part, every public name re-exported here:

- :mod:`~rnnbook.grade.sources`: which exercises of a chapter have a check
  cell (:func:`checked_exercises` counts them, for the instructor guide);
- :mod:`~rnnbook.grade.notebooks`: one notebook executed and its check cells
  read;
- :mod:`~rnnbook.grade.cli`: every submission graded into the CSV file.
"""

from rnnbook.grade.cli import COLUMNS, Grade, expected_checks, grade_submissions, main, submissions, write_csv
from rnnbook.grade.notebooks import (
    KERNEL_ENV,
    NOT_ANSWERED,
    ExerciseResult,
    execute_notebook,
    grade_notebook,
    judge_cell,
    read_checks,
)
from rnnbook.grade.sources import (
    CHAPTER_GLOB,
    CHECK_TAG_PREFIX,
    chapter_exercises,
    check_tag,
    checked_exercises,
    exercise_of,
)

__all__ = [
    "CHAPTER_GLOB",
    "CHECK_TAG_PREFIX",
    "COLUMNS",
    "KERNEL_ENV",
    "NOT_ANSWERED",
    "ExerciseResult",
    "Grade",
    "chapter_exercises",
    "check_tag",
    "checked_exercises",
    "execute_notebook",
    "exercise_of",
    "expected_checks",
    "grade_notebook",
    "grade_submissions",
    "judge_cell",
    "main",
    "read_checks",
    "submissions",
    "write_csv",
]
