"""Grading one notebook: execute it afresh, then read the verdict of each check cell.

The notebook's stored outputs are cleared and every cell is executed again
with nbclient, offline, in an empty temporary folder (grading writes nothing
next to the submission), with a time limit per cell. An error in a student's
cell does not stop the run (``allow_errors``): the cells after it still run,
and a check cell that fails to run says so. Each check cell (tagged
``check-<label>``, see :mod:`rnnbook.grade.sources`) gives one
:class:`ExerciseResult`, built from the :class:`~rnnbook.checks.Feedback`
objects it displayed: their JSON copies, under
:data:`~rnnbook.checks.FEEDBACK_MIME`.
"""

from __future__ import annotations

import copy
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rnnbook.checks.feedback import FEEDBACK_MIME, Feedback
from rnnbook.grade.sources import exercise_of

#: The feedback of an exercise whose check cell still holds `None`.
NOT_ANSWERED = "not answered"
#: Environment of the kernel: quiet frameworks, no progress bars, no window for plots.
KERNEL_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "RNNBOOK_PROGRESS": "0", "MPLBACKEND": "Agg",
              "KERAS_BACKEND": "tensorflow", "PYTHONHASHSEED": "0"}


@dataclass(frozen=True)
class ExerciseResult:
    """The grade of one exercise of one notebook: passed or not, and what its check said."""

    exercise: str
    passed: bool
    feedback: str


def _text(fb: Feedback) -> str:
    """One line: the verdict, the message and the hints."""
    hints = "".join(f" {'Note' if fb.passed else 'Hint'}: {hint}" for hint in fb.hints)
    return f"[{fb.status}] {fb.exercise}: {fb.message}{hints}"


def judge_cell(cell: Any) -> tuple[bool, str]:
    """(passed, feedback) of one executed check cell, from its outputs.

    Passed when the cell displayed at least one Feedback, all of them passed,
    and it raised no error. "not answered" when every Feedback it displayed
    was left unanswered.
    """
    verdicts, errors = [], []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            errors.append(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
        data = output.get("data", {})
        if FEEDBACK_MIME in data:
            verdicts.append(Feedback.from_dict(data[FEEDBACK_MIME]))
    if errors:
        return False, "the check cell raised " + "; ".join(errors)
    if not verdicts:
        if cell.get("execution_count") is None:
            return False, "the check cell did not run (the notebook stopped before it)"
        return False, "the check cell showed no feedback (is its `display(...)` line still there?)"
    if all(not fb.answered for fb in verdicts):
        return False, NOT_ANSWERED
    if all(fb.passed for fb in verdicts):
        return True, "correct"
    return False, " | ".join(_text(fb) for fb in verdicts if not fb.passed)


def read_checks(nb: Any) -> list[ExerciseResult]:
    """The result of every check cell of an executed notebook, in the notebook's order.

    Several check cells of one exercise are merged: passed only if all passed.
    """
    found: dict[str, list[tuple[bool, str]]] = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        label = exercise_of(cell.get("metadata", {}).get("tags", []))
        if label is not None:
            found.setdefault(label, []).append(judge_cell(cell))
    results = []
    for label, verdicts in found.items():
        passed = all(ok for ok, _ in verdicts)
        texts = list(dict.fromkeys(text for _, text in verdicts))
        results.append(ExerciseResult(label, passed, "correct" if passed else " | ".join(
            t for t in texts if t != "correct")))
    return results


def execute_notebook(path: str | Path, *, timeout: int = 300,
                     kernel_name: str = "python3") -> tuple[Any, str | None]:
    """Execute a copy of the notebook at ``path``: (the executed notebook, why it stopped or None).

    Every code cell's stored outputs are cleared first. A cell running past
    ``timeout`` seconds is interrupted and the run goes on; a kernel that
    dies ends the run, and the reason is returned.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(str(path), as_version=4)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    env = {key: value for key, value in os.environ.items() if key != "RNNBOOK_RESULTS_DIR"}
    env.update(KERNEL_ENV)
    stopped = None
    with tempfile.TemporaryDirectory(prefix="rnnbook-grade-") as folder:
        client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name=kernel_name,
                                interrupt_on_timeout=True, record_timing=False,
                                resources={"metadata": {"path": folder}})
        try:
            client.execute(cwd=folder, env=env)
        except Exception as error:  # noqa: BLE001 (a dead kernel, a broken notebook)
            stopped = f"{type(error).__name__}: {str(error).strip().splitlines()[0][:200]}"
    return nb, stopped


def grade_notebook(path: str | Path, *, timeout: int = 300,
                   expected: list[str] | None = None) -> list[ExerciseResult]:
    """Execute the notebook at ``path`` and grade each exercise it checks.

    Parameters
    ----------
    path : str or Path
        A chapter notebook (``.ipynb``), e.g. a student's copy of
        ``ch01_sequential_data.ipynb``.
    timeout : int
        Seconds allowed per cell.
    expected : list of str, optional
        The labels of the chapter's checked exercises (from its source, see
        :func:`rnnbook.grade.sources.chapter_exercises`): one whose check cell
        is missing from the notebook is graded as failed.

    Returns
    -------
    list of ExerciseResult
        One per exercise: those of the notebook's check cells in order, then
        the missing expected ones.
    """
    nb, stopped = execute_notebook(path, timeout=timeout)
    results = read_checks(nb)
    if stopped is not None:
        results = [r if r.passed or "did not run" not in r.feedback else
                   ExerciseResult(r.exercise, False, f"the notebook stopped before this check "
                                                     f"cell ({stopped})") for r in results]
    seen = {r.exercise for r in results}
    for label in expected or ():
        if label not in seen:
            results.append(ExerciseResult(label, False, "the check cell is missing from the "
                                                        "notebook"))
    return results
