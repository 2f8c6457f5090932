"""Collect the metric and fit time of every benchmark model trained while the book builds.

Chapters call :func:`record` after training a benchmark model. Nothing is
written unless the environment variable ``RNNBOOK_RESULTS_DIR`` names a
folder (``make book`` sets it to ``_build/results``); then the row goes into
``results.json`` there, and the results page reads every row back with
:func:`load` to show this build's numbers next to the published ones.

A row has the same format as the output of ``python -m rnnbook.reproduce``::

    {"model": "simple_rnn", "framework": "keras", "val_mse": 0.0109,
     "fit_seconds": 4.2, "epochs": 20}
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rnnbook._validate import check_choice, check_float, check_int

#: Environment variable naming the folder that receives ``results.json``.
RESULTS_ENV = "RNNBOOK_RESULTS_DIR"
#: File name of the collected rows inside that folder.
RESULTS_FILE = "results.json"
#: Frameworks a result row may name ("numpy" for models without a framework, e.g. naive);
#: a recipe is trained in one of :data:`rnnbook.recipes.FRAMEWORKS`.
ROW_FRAMEWORKS = ("keras", "torch", "numpy")


def results_dir() -> Path | None:
    """The folder named by ``$RNNBOOK_RESULTS_DIR``, or None when it is unset or empty."""
    value = os.environ.get(RESULTS_ENV, "").strip()
    return Path(value) if value else None


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path.lock`` where the platform offers one."""
    try:
        import fcntl
    except ImportError:  # Windows: chapters run one at a time anyway
        yield
        return
    with open(path.with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def record(
    model: str, framework: str, val_mse: float, fit_seconds: float, epochs: int
) -> Path | None:
    """Store one model's result, if ``$RNNBOOK_RESULTS_DIR`` is set.

    A row with the same ``model`` and ``framework`` replaces the earlier one,
    so executing a chapter twice leaves one row per model. The file is
    rewritten atomically (a temporary file renamed over it).

    Parameters
    ----------
    model : str
        Model name, e.g. a name from :func:`rnnbook.recipes.names`.
    framework : {"keras", "torch", "numpy"}
    val_mse : float
        Validation score (>= 0).
    fit_seconds : float
        Training wall time in seconds (>= 0; 0 for models without training).
    epochs : int
        Epochs run (>= 0).

    Returns
    -------
    pathlib.Path or None
        The file written, or None when the variable is unset (nothing happens).

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or range.

    Examples
    --------
    Without ``RNNBOOK_RESULTS_DIR`` nothing is written and None is returned:

    >>> record("linear", "keras", 0.0035, 2.1, 20)
    """
    if not isinstance(model, str) or not model:
        raise TypeError(f"`model` must be a non-empty string. Received: model={model!r}")
    check_choice("framework", framework, ROW_FRAMEWORKS)
    row = {
        "model": model,
        "framework": framework,
        "val_mse": check_float("val_mse", val_mse, minimum=0.0),
        "fit_seconds": check_float("fit_seconds", fit_seconds, minimum=0.0),
        "epochs": check_int("epochs", epochs, minimum=0),
    }
    folder = results_dir()
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RESULTS_FILE
    with _locked(path):
        rows = [r for r in _read(path) if (r["model"], r["framework"]) != (model, framework)]
        rows.append(row)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".results-", suffix=".json")
        with os.fdopen(handle, "w") as stream:
            json.dump(rows, stream, indent=1)
        os.replace(temporary, path)
    return path


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    rows = json.loads(path.read_text())
    if not isinstance(rows, list):
        raise ValueError(f"`{path}` must hold a JSON list of rows. Received: {type(rows).__name__}")
    return rows


def load(directory: str | os.PathLike | None = None) -> list[dict]:
    """Every recorded row, sorted by model then framework.

    Parameters
    ----------
    directory : path, optional
        Folder holding ``results.json``; defaults to ``$RNNBOOK_RESULTS_DIR``.

    Returns
    -------
    list of dict
        The rows; empty if no folder is given or set, or nothing was recorded.
    """
    folder = Path(directory) if directory is not None else results_dir()
    if folder is None:
        return []
    rows = _read(folder / RESULTS_FILE)
    return sorted(rows, key=lambda r: (r["model"], r["framework"]))
