"""A chapter run twice prints the same numbers.

Chapter 1 (data and baselines) and chapter 6 (models trained in both Keras and
PyTorch) are each executed twice from their source with nbclient, in the
``python3`` kernel of the current environment, each time in a fresh folder
and with a different ``PYTHONHASHSEED`` (a student's Python picks a random
one), and the text the two runs print is compared: standard output, the
plain-text results and the glued values that the prose shows (durations
are masked: printed ones by their unit, glued ones by a ``time_`` in their
name). Set
``RNNBOOK_DETERMINISM_CHAPTERS`` (e.g. ``ch01,ch05``, or paths to ``.md``
files) to check other chapters.

Each run also has a socket guard installed in the kernel before the
chapter's first cell, so the same run shows that the chapter needs no
network, without the privileges that ``unshare --net`` needs.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = os.environ.get("RNNBOOK_DETERMINISM_CHAPTERS", "ch01,ch06").split(",")

# Refuses every connection that would leave the machine; loopback stays open
# (the kernel itself talks over ZeroMQ, which does not go through Python's socket).
GUARD = '''
import socket as _socket

_LOCAL = ("127.0.0.1", "::1", "localhost")


class NetworkDisabled(OSError):
    pass


def _refuse(address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in _LOCAL and not host.startswith("/"):
        raise NetworkDisabled(f"network access is disabled in this test: {address!r}")


_connect, _connect_ex, _getaddrinfo = (
    _socket.socket.connect, _socket.socket.connect_ex, _socket.getaddrinfo)


def _guarded_connect(self, address):
    _refuse(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    _refuse(address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    _refuse((host,))
    return _getaddrinfo(host, *args, **kwargs)


_socket.socket.connect = _guarded_connect
_socket.socket.connect_ex = _guarded_connect_ex
_socket.getaddrinfo = _guarded_getaddrinfo
del _socket
'''

# Runs after the chapter: proves the guard was still in place and names the interpreter.
PROBE = '''
import socket as _socket
import sys as _sys
try:
    _socket.create_connection(("192.0.2.1", 80), timeout=1)
    _guard = "open"
except OSError as _error:
    _guard = type(_error).__name__
print("PROBE", _guard, _sys.executable)
'''

#: A glued value whose name has this mark is a measured duration, or a ratio of
#: durations (e.g. ``ex_ch06_time_fetch_ratio``): it changes between runs.
TIMED_GLUE = re.compile(r"(^|_)time_")

#: Text that legitimately changes between runs: object addresses and durations.
VOLATILE = [
    (re.compile(r"\bat 0x[0-9a-f]+"), "at 0x?"),
    (re.compile(r"\b\d+(\.\d+)?\s?(us|ms|s|sec|seconds)\b"), "<time>"),
]


def chapter_source(name: str) -> Path:
    if name.endswith(".md"):  # a path to any chapter file, e.g. a throwaway copy
        return Path(name).resolve()
    matches = sorted((ROOT / "book").glob(f"{name}_*.md"))
    if not matches:
        pytest.fail(f"no chapter book/{name}_*.md", pytrace=False)
    return matches[0]


def printed_text(cell) -> list[str]:
    """What a code cell showed as text: stdout, plain-text results and glued values."""
    shown = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream" and output.get("name") == "stdout":
            shown.append(output["text"])
        elif kind in ("execute_result", "display_data"):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name", "")
            if TIMED_GLUE.search(name):
                shown.append(f"<time: {name}>")
                continue
            # "text/plain", or "application/papermill.record/text/plain" for a glued value
            for mime, text in sorted(output.get("data", {}).items()):
                if mime.endswith("text/plain"):
                    shown.append(text if isinstance(text, str) else "".join(text))
        elif kind == "error":
            shown.append(f"ERROR {output['ename']}: {output['evalue']}")
    text = "".join(shown)
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text.splitlines()


def run_chapter(source: Path, workdir: Path, hash_seed: str, monkeypatch) -> tuple[list, str, float]:
    """Execute a chapter with the guard; return (printed text per cell, probe line, seconds)."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    notebook = jupytext.read(source)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(GUARD))
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    # The kernel inherits this environment: no results recording, no progress bars.
    monkeypatch.setenv("PYTHONHASHSEED", hash_seed)
    monkeypatch.setenv("RNNBOOK_PROGRESS", "0")
    monkeypatch.delenv("RNNBOOK_RESULTS_DIR", raising=False)
    workdir.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    cells = [
        (index, printed_text(cell))
        for index, cell in enumerate(notebook.cells[1:-1], start=1)
        if cell.cell_type == "code"
    ]
    probe = "".join(printed_text(notebook.cells[-1]))
    return cells, probe, seconds


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_prints_the_same_twice(chapter, tmp_path, monkeypatch):
    source = chapter_source(chapter.strip())
    first, probe1, seconds1 = run_chapter(source, tmp_path / "run1", "1", monkeypatch)
    second, probe2, seconds2 = run_chapter(source, tmp_path / "run2", "2", monkeypatch)
    for probe in (probe1, probe2):
        assert probe.startswith("PROBE NetworkDisabled"), f"the socket guard was not active: {probe}"
        assert probe.endswith(sys.executable), f"the kernel is not this environment's: {probe}"
    assert sum(len(lines) for _, lines in first) > 0, f"{source.name} printed nothing to compare"
    differences = [
        f"cell {index}:\n  run 1: {one}\n  run 2: {two}"
        for (index, one), (_, two) in zip(first, second)
        if one != two
    ]
    assert not differences, (
        f"{source.name} printed different text in two runs "
        f"({seconds1:.1f} s and {seconds2:.1f} s):\n" + "\n".join(differences)
    )
