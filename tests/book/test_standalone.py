"""Chapter 5 runs without PyTorch, and chapter 6 without TensorFlow and Keras.

A student who installs one framework can run that framework's chapter. Each
chapter is executed from its source with nbclient, as the build does, in a
kernel that cannot import the other framework: the kernel starts with
``tests/book/blockers`` on ``PYTHONPATH``, whose ``sitecustomize.py`` hides
the packages named in ``RNNBOOK_BLOCKED_IMPORTS`` as if they were not
installed (``import`` raises ``ModuleNotFoundError``,
``importlib.util.find_spec`` returns None). A last cell, added after the
chapter's, shows that the block held (each blocked package, installed in this
environment, fails to import there) and that the chapter loaded none of them,
so the test cannot pass because the block was never in place.

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

#: Runs after the chapter in the same kernel: which blocked packages are loaded, which are
#: not found and refuse to import, which sitecustomize was read, and the interpreter.
PROBE = '''
import importlib as _importlib
import importlib.util as _util
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
    except ModuleNotFoundError as _error:
        if _util.find_spec(_name) is None:
            _refused[_name] = str(_error)
print("PROBE " + _json.dumps({{
    "loaded": _loaded,
    "refused": _refused,
    "sitecustomize": getattr(_sys.modules.get("sitecustomize"), "__file__", None),
    "python": _sys.executable,
}}))
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
    # installed here, so only the block can keep the chapter from importing them
    missing = [name for name in blocked if importlib.util.find_spec(name) is None]
    assert not missing, f"not installed in this environment, nothing to block: {missing}"
    blocked_environment(monkeypatch, blocked, tmp_path / "results")
    report = run_without(matches[0], blocked, tmp_path / "run")
    # the block held to the end: every blocked package refused to import, and none was loaded
    assert report["sitecustomize"] == str(BLOCKERS / "sitecustomize.py"), (
        f"the kernel did not read the blocker: {report}")
    assert sorted(report["refused"]) == sorted(blocked), (
        f"the blocker was not active in the kernel: these imported: "
        f"{sorted(set(blocked) - set(report['refused']))}")
    assert report["loaded"] == [], f"{chapter} loaded blocked modules: {report['loaded']}"
    assert report["python"] == sys.executable, f"the kernel is not this environment's: {report}"


def test_the_blocker_hides_exactly_what_it_names():
    """In a fresh interpreter: the named packages look absent to every way of asking; others not."""
    code = (
        "import importlib, importlib.metadata, importlib.util, json\n"
        "out = {}\n"
        "for name in ('keras', 'keras.layers', 'tensorflow', 'json', 'numpy'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "        out[name] = 'imported'\n"
        "    except ModuleNotFoundError as error:\n"
        "        out[name] = str(error)\n"
        "out['find_spec'] = [importlib.util.find_spec(n) is None for n in ('keras', 'numpy')]\n"
        "out['metadata'] = []\n"
        "for name in ('keras', 'numpy'):\n"
        "    try:\n"
        "        out['metadata'].append(bool(importlib.metadata.version(name)))\n"
        "    except importlib.metadata.PackageNotFoundError:\n"
        "        out['metadata'].append(None)\n"
        "print(json.dumps(out))\n"
    )
    environment = dict(os.environ, PYTHONPATH=str(BLOCKERS), **{BLOCKED_ENV: "tensorflow, keras"})
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, check=True)
    # the messages of a package that is not installed; a submodule fails at its package
    assert json.loads(done.stdout) == {
        "keras": "No module named 'keras'", "keras.layers": "No module named 'keras'",
        "tensorflow": "No module named 'tensorflow'", "json": "imported", "numpy": "imported",
        "find_spec": [True, False], "metadata": [None, True]}
    # without the variable, nothing changes
    environment.pop(BLOCKED_ENV)
    code = "import sitecustomize, sys; print(sitecustomize.__file__, sys.meta_path)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, check=True)
    where, finders = done.stdout.split(" ", 1)
    assert Path(where).parent == BLOCKERS and "HidingFinder" not in finders


def test_the_finder_hides_the_package_and_its_submodules_only():
    from importlib.machinery import PathFinder

    spec = importlib.util.spec_from_file_location("blocker", BLOCKERS / "sitecustomize.py")
    blocker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(blocker)  # RNNBOOK_BLOCKED_IMPORTS is unset here: nothing changes
    finder = blocker.HidingFinder(PathFinder, ["torch"])
    for name in ("torch", "torch.nn", "torch.utils.data"):
        assert finder.find_spec(name) is None, name
    assert finder.find_spec("numpy") is not None  # asked of the path finder, as before
    names = {blocker._normal(d.metadata["Name"]) for d in finder.find_distributions()}
    assert "numpy" in names and "torch" not in names
    assert finder.invalidate_caches() is None  # the finder's own method
