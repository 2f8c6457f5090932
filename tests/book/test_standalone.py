"""Chapter 5 runs without PyTorch, and chapter 6 without TensorFlow and Keras.

A student who installs one framework can run that framework's chapter. Each
chapter is executed from its source with nbclient, as the build does, in a
kernel that cannot import the other framework: the kernel starts with
``tests/book/blockers`` on ``PYTHONPATH``, whose ``sitecustomize.py`` makes
the packages named in ``RNNBOOK_BLOCKED_IMPORTS`` raise
``ModuleNotFoundError``, as if they were not installed. A last cell, added
after the chapter's, shows that the block held (importing each blocked
package fails there) and that the chapter loaded none of them, so the test
cannot pass because the block was never in place.

Each case costs one execution of its chapter (about a minute). The built book
is not needed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BLOCKERS = Path(__file__).resolve().parent / "blockers"
BLOCKED_ENV = "RNNBOOK_BLOCKED_IMPORTS"
#: The colour codes of an IPython traceback.
ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: Each chapter, and the packages it must run without.
CASES = {
    "ch05": ("torch",),
    "ch06": ("tensorflow", "keras"),
}

#: Runs after the chapter in the same kernel: which blocked packages are loaded, which refuse
#: to import, and the interpreter.
PROBE = '''
import importlib as _importlib
import json as _json
import sys as _sys

_blocked = {blocked!r}
_loaded = sorted(
    _name for _name in _sys.modules if _name.partition(".")[0] in _blocked
)
_refused = {{}}
for _name in _blocked:
    try:
        _importlib.import_module(_name)
    except ImportError as _error:
        _refused[_name] = str(_error)
print("PROBE " + _json.dumps(
    {{"loaded": _loaded, "refused": _refused, "python": _sys.executable}}
))
'''


def blocked_environment(monkeypatch, blocked: tuple[str, ...], results_dir: Path) -> None:
    """The environment of the kernel: the book's settings, and the blocker on PYTHONPATH."""
    for name, value in (("TF_CPP_MIN_LOG_LEVEL", "3"), ("RNNBOOK_PROGRESS", "0"),
                        ("PYTHONHASHSEED", "0"), ("KERAS_BACKEND", "tensorflow")):
        monkeypatch.setenv(name, os.environ.get(name, value))
    monkeypatch.setenv("RNNBOOK_RESULTS_DIR", str(results_dir))
    path = [str(BLOCKERS)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(path))
    monkeypatch.setenv(BLOCKED_ENV, ",".join(blocked))


def probe_line(cell) -> dict:
    """The probe's report, read from the last cell's standard output."""
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
    lines = [line for line in text.splitlines() if line.startswith("PROBE ")]
    assert lines, f"the probe cell printed no report: {text!r}"
    return json.loads(lines[-1][len("PROBE "):])


def run_without(source: Path, blocked: tuple[str, ...], workdir: Path) -> dict:
    """Execute ``source`` in a kernel that cannot import ``blocked``; the probe's report."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = jupytext.read(source)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE.format(blocked=sorted(blocked))))
    workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}})
    failure = None
    try:
        client.execute()
    except CellExecutionError as error:
        failure = failure_report(source, blocked, notebook, error)
    if failure:  # outside the handler, so the report is not chained to the kernel's traceback
        pytest.fail(failure, pytrace=False)
    return probe_line(notebook.cells[-1])


def failure_report(source: Path, blocked: tuple[str, ...], notebook, error) -> str:
    """Which cell failed, on which line, and why (the traceback without its colours)."""
    text = ANSI.sub("", str(error))
    index, cell = next(((i, c) for i, c in enumerate(notebook.cells)
                        if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
                       (None, None))
    arrows = [line.strip() for line in text.splitlines() if line.lstrip().startswith("--->")]
    where = f"code cell {index} (starting {cell.source.splitlines()[0]!r})" if cell else "a cell"
    return (
        f"{source.relative_to(ROOT)} does not run without {', '.join(blocked)}: {where} "
        f"fails at line {arrows[0] if arrows else '?'}: {error.ename}: {error.evalue}\n\n"
        f"{text[-3000:]}"
    )


@pytest.mark.parametrize("chapter", sorted(CASES),
                         ids=lambda c: f"{c}-without-{'-'.join(CASES[c])}")
def test_the_chapter_runs_without_the_other_framework(chapter, tmp_path, monkeypatch):
    blocked = CASES[chapter]
    matches = sorted((ROOT / "book").glob(f"{chapter}_*.md"))
    assert len(matches) == 1, f"no single chapter book/{chapter}_*.md: {matches}"
    blocked_environment(monkeypatch, blocked, tmp_path / "results")
    report = run_without(matches[0], blocked, tmp_path / "run")
    # the block held to the end: every blocked package refused to import, and none was loaded
    assert sorted(report["refused"]) == sorted(blocked), (
        f"the blocker was not active in the kernel: these imported: "
        f"{sorted(set(blocked) - set(report['refused']))}")
    assert all(BLOCKED_ENV in message for message in report["refused"].values()), report
    assert report["loaded"] == [], f"{chapter} loaded blocked modules: {report['loaded']}"
    assert report["python"] == sys.executable, f"the kernel is not this environment's: {report}"


def test_the_blocker_refuses_exactly_what_it_names():
    """In a fresh interpreter: the named packages and their submodules fail, others import."""
    code = (
        "import importlib, json\n"
        "out = {}\n"
        "for name in ('keras', 'keras.layers', 'tensorflow', 'json', 'numpy'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "        out[name] = 'imported'\n"
        "    except ModuleNotFoundError as error:\n"
        "        out[name] = error.name\n"
        "print(json.dumps(out))\n"
    )
    environment = dict(os.environ, PYTHONPATH=str(BLOCKERS), **{BLOCKED_ENV: "tensorflow, keras"})
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, check=True)
    # a submodule's import fails at its package, the first name Python looks up
    assert json.loads(done.stdout) == {"keras": "keras", "keras.layers": "keras",
                                       "tensorflow": "tensorflow", "json": "imported",
                                       "numpy": "imported"}
    # without the variable, nothing is blocked
    environment.pop(BLOCKED_ENV)
    done = subprocess.run([sys.executable, "-c", "import sitecustomize, sys; "
                           "print(sitecustomize.__file__, len(sys.meta_path))"],
                          capture_output=True, text=True, env=environment, check=True)
    plain = subprocess.run([sys.executable, "-c", "import sys; print(len(sys.meta_path))"],
                           capture_output=True, text=True, check=True)
    where, finders = done.stdout.split()
    assert Path(where).parent == BLOCKERS and finders == plain.stdout.strip()


def test_the_finder_refuses_submodules_and_passes_the_rest():
    spec = importlib.util.spec_from_file_location("blocker", BLOCKERS / "sitecustomize.py")
    blocker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(blocker)  # RNNBOOK_BLOCKED_IMPORTS is unset here: nothing installed
    finder = blocker.BlockedImports(["torch"])
    for name in ("torch", "torch.nn", "torch.utils.data"):
        message = rf"No module named '{re.escape(name)}' \(RNNBOOK_BLOCKED_IMPORTS blocks torch"
        with pytest.raises(ModuleNotFoundError, match=message):
            finder.find_spec(name)
    assert finder.find_spec("torchvision") is None and finder.find_spec("numpy") is None
