"""``make test-latest``: every page executed with the newest release of every requirement, set against the pinned build.

Usage (after ``make book``, which is the pinned execution it compares with)::

    python tests/latest_versions.py [--venv _build/latestenv] [--rtol 0.01]

1. A second environment, ``--venv``, gets ``requirements-latest.txt``: every
   requirement at its newest release, nothing pinned but what must be (Jupyter
   Book 1, and PyTorch's CPU wheel), then the companion package (editable).
2. Every page of ``_toc.yml`` that is a notebook is executed there, one at a
   time, in a kernel of that environment, as the book build runs it (from
   ``book/``, the results page last, the course's environment variables, the
   chapters' records in a folder of their own); a cell that raises does not
   stop the page, so every failing cell is found.
3. Each page is set against the same page of the pinned build (the executed
   notebooks in ``_build/.jupyter_cache``): cells that raised, warnings printed
   (``...Warning:`` lines on stderr), and every glued value: a number that moved
   by more than ``--rtol`` (relative), a text that changed, a value that is
   only on one side. Glued durations (names with ``time``, ``exec``,
   ``seconds``, ``wall`` or ``ms`` as a word, and :data:`TIMED_NAMES`) differ
   from run to run and are not compared.

``--compare-only`` sets the executions of an earlier run against the build
again, without installing or executing anything.

It prints the versions that differ, a table with one row per page, and the
details; ``_build/latest/report.md`` and ``report.json`` keep them. The exit
status is 1 when a page raised in the newest environment.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The environment of the book build (Makefile).
BUILD_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "KERAS_BACKEND": "tensorflow",
    "RNNBOOK_PROGRESS": "0", "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
#: Glued names of durations, not compared (they differ from run to run).
TIMING = re.compile(r"(^|_)(time|times|exec|seconds|wall|ms)(_|$)")
#: Glued values made of durations whose names say nothing of time: the results page's shares of
#: the reference fit time, the instructor guide's slowest chapters and their minutes.
TIMED_NAMES = {"share_min", "share_max", "slowest", "slowest_minutes"}
#: A number as a glued value's text shows it (``0.5``, ``np.float64(0.5)``, ``nan``).
NUMBER = re.compile(r"^(?:np\.\w+\()?\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|nan|inf))\s*\)?$")
#: A warning printed on stderr.
WARNING = re.compile(r"\b([A-Z]\w*Warning): (.*)")
#: The key packages whose versions are printed.
KEY_PACKAGES = ("numpy", "pandas", "scipy", "statsmodels", "scikit-learn", "matplotlib", "tensorflow",
                "keras", "torch", "jupyter-book", "myst-nb", "sphinx", "jupytext", "nbclient", "ipykernel")
#: The kernel of the newest environment (a kernelspec written for this run).
KERNEL = "rnnbook-latest"


# ---------------------------------------------------------------------------
# The environment
# ---------------------------------------------------------------------------
def install(venv: Path, python: str, requirements: Path) -> Path:
    """Create ``venv`` (if needed) and install the newest releases of ``requirements``; its python."""
    bin_python = venv / "bin" / "python"
    if not bin_python.exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = [str(bin_python), "-m", "pip", "install", "--quiet", "--upgrade"]
    subprocess.run([*pip, "pip"], check=True)
    subprocess.run([*pip, "--upgrade-strategy", "eager", "-r", str(requirements)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT / "companion")], check=True)
    return bin_python


def versions(python: Path | str) -> dict[str, str]:
    """Installed distributions of ``python``'s environment: normalised name -> version."""
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=json"], check=True,
                         capture_output=True, text=True).stdout
    return {re.sub(r"[-_.]+", "-", row["name"]).lower(): row["version"] for row in json.loads(out)}


# ---------------------------------------------------------------------------
# Executing the pages (the part that runs in the newest environment)
# ---------------------------------------------------------------------------
def pages(root: Path) -> list[Path]:
    """The pages of ``_toc.yml`` that are notebooks, in order, the results page last."""
    import yaml

    sys.path.insert(0, str(root / "book" / "_ext"))
    from notebook_export import is_notebook_source

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [entry["file"] for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}])
                             for entry in part.get("chapters", [])]
    found = [root / f"{name}.md" for name in files if is_notebook_source(root / f"{name}.md")]
    return sorted(found, key=lambda path: path.stem == "results")


def run_page(source: Path, target: Path, timeout: int = 600) -> None:
    """Execute ``source`` (jupytext markdown) and write the executed notebook to ``target``.

    Runs inside the newest environment (``--run``), with its jupytext and nbclient.
    """
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    notebook = jupytext.read(str(source))
    client = NotebookClient(notebook, timeout=timeout, allow_errors=True, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(source.parent)}})
    start = time.perf_counter()
    client.execute()
    notebook.metadata["execution_seconds"] = round(time.perf_counter() - start, 1)
    nbformat.write(notebook, str(target))


def kernel_spec(folder: Path, python: Path) -> Path:
    """A kernelspec named :data:`KERNEL` for ``python`` under ``folder/kernels`` (for JUPYTER_PATH)."""
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        # absolute (the kernel starts in book/), but not resolved: a venv's python is a link
        "argv": [os.path.abspath(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (newest releases)", "language": "python"}))
    return folder


def execute_all(python: Path, sources: list[Path], out: Path) -> dict[str, float]:
    """Execute every page in the newest environment, one at a time; seconds per page."""
    out.mkdir(parents=True, exist_ok=True)
    results = out / "results"
    results.mkdir(exist_ok=True)
    for old in results.glob("*"):
        old.unlink()
    jupyter_path = kernel_spec(out / "jupyter", python)
    env = {**os.environ, **BUILD_ENV, "RNNBOOK_RESULTS_DIR": str(results),
           "JUPYTER_PATH": str(jupyter_path), "PYTHONPATH": ""}
    seconds = {}
    for k, source in enumerate(sources, start=1):
        start = time.perf_counter()
        done = subprocess.run([os.path.abspath(python), __file__, "--run", str(source), str(out / f"{source.stem}.ipynb")],
                              env=env, capture_output=True, text=True)
        seconds[source.stem] = round(time.perf_counter() - start, 1)
        status = "ok" if done.returncode == 0 else f"the runner failed:\n{done.stderr[-2000:]}"
        # as the book build records them, for the pages that read them (results, instructor guide)
        rows = [{"page": f"book/{stem}", "seconds": value, "succeeded": True} for stem, value in seconds.items()]
        (results / "execution_times.json").write_text(json.dumps({"pages": rows}, indent=1))
        print(f"[{k}/{len(sources)}] {source.stem}: {seconds[source.stem]:.0f} s, {status}", flush=True)
    return seconds


# ---------------------------------------------------------------------------
# Reading and comparing executions
# ---------------------------------------------------------------------------
def pinned_notebooks(cache_path: Path) -> dict[str, object]:
    """The pinned build's executed notebooks in its jupyter-cache, by page stem (the newest of each)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    newest = {}
    for record in cache.list_cache_records():
        stem = Path(record.uri).stem
        if stem not in newest or record.created > newest[stem].created:
            newest[stem] = record
    return {stem: cache.get_cache_bundle(record.pk).nb for stem, record in newest.items()}


def glued(notebook) -> dict[str, str]:
    """Every value glued in an executed notebook: name -> its text/plain."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            data = output.get("data", {})
            text = next((v for k, v in data.items() if k.endswith("text/plain")), None)
            if name and text is not None:
                values[name] = ("".join(text) if isinstance(text, list) else text).strip("'\"")
    return values


def problems(notebook) -> tuple[list[str], list[str]]:
    """(the cells that raised, the distinct warnings printed) of an executed notebook."""
    errors, warnings = [], []
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code, start=1):
        first = next((line for line in cell.source.splitlines() if line.strip()), "")[:60]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                value = (output.get("evalue") or "").splitlines()[0][:200] if output.get("evalue") else ""
                errors.append(f"code cell {number} ({first!r}): {output.get('ename')}: {value}")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
                text = "".join(text) if isinstance(text, list) else text
                for match in WARNING.finditer(text):
                    warning = f"{match[1]}: {match[2].strip()[:160]}"
                    if warning not in warnings:
                        warnings.append(warning)
    return errors, warnings


def number(text: str) -> float | None:
    match = NUMBER.match(text.strip())
    return float(match[1]) if match else None


def compare_glue(pinned: dict[str, str], latest: dict[str, str], rtol: float) -> dict:
    """Glued values set side by side: counts, and what moved, changed or is on one side only."""
    report = {"compared": 0, "timings": 0, "moved": [], "changed": [], "only_pinned": [], "only_latest": []}
    for name in sorted(set(pinned) | set(latest)):
        if name not in latest:
            report["only_pinned"].append(name)
        elif name not in pinned:
            report["only_latest"].append(name)
        elif TIMING.search(name) or name in TIMED_NAMES:
            report["timings"] += 1
        else:
            report["compared"] += 1
            a, b = number(pinned[name]), number(latest[name])
            if a is not None and b is not None:
                same = (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=rtol, abs_tol=1e-12)
                if not same:
                    relative = abs(b - a) / max(abs(a), 1e-300)
                    report["moved"].append(f"{name}: {pinned[name]} -> {latest[name]} ({relative:+.1%})"
                                           if math.isfinite(relative) else f"{name}: {a} -> {b}")
            elif pinned[name] != latest[name]:
                report["changed"].append(f"{name}: {pinned[name][:60]!r} -> {latest[name][:60]!r}")
    return report


def compare(stems: list[str], pinned: dict, latest_dir: Path, rtol: float) -> list[dict]:
    """One row per page: the pinned and the newest execution set against each other."""
    import nbformat

    rows = []
    for stem in stems:
        row = {"page": stem}
        path = latest_dir / f"{stem}.ipynb"
        latest = nbformat.read(str(path), as_version=4) if path.is_file() else None
        before = pinned.get(stem)
        row["pinned_errors"], row["pinned_warnings"] = problems(before) if before is not None else (["not in the build"], [])
        row["latest_errors"], row["latest_warnings"] = problems(latest) if latest is not None else (["not executed"], [])
        row["seconds"] = latest.metadata.get("execution_seconds") if latest is not None else None
        row["new_warnings"] = [w for w in row["latest_warnings"] if w not in row["pinned_warnings"]]
        row["glue"] = compare_glue(glued(before) if before is not None else {},
                                   glued(latest) if latest is not None else {}, rtol)
        rows.append(row)
    return rows


def table(rows: list[dict], rtol: float) -> str:
    """The markdown table of ``rows`` and the details under it."""
    lines = [f"| page | pinned: errors, warnings | newest: errors, warnings (new) | glued values compared "
             f"| moved > {rtol:.0%} | text changed | one side only |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        glue = row["glue"]
        lines.append(
            f"| {row['page']} | {len(row['pinned_errors'])}, {len(row['pinned_warnings'])} "
            f"| {len(row['latest_errors'])}, {len(row['latest_warnings'])} ({len(row['new_warnings'])}) "
            f"| {glue['compared']} (+{glue['timings']} timings) | {len(glue['moved'])} | {len(glue['changed'])} "
            f"| {len(glue['only_pinned']) + len(glue['only_latest'])} |")
    details = []
    for row in rows:
        glue = row["glue"]
        items = ([f"error (newest): {e}" for e in row["latest_errors"]]
                 + [f"error (pinned): {e}" for e in row["pinned_errors"]]
                 + [f"new warning: {w}" for w in row["new_warnings"]]
                 + [f"moved: {m}" for m in glue["moved"]] + [f"changed: {c}" for c in glue["changed"]]
                 + [f"only in the pinned build: {n}" for n in glue["only_pinned"]]
                 + [f"only in the newest: {n}" for n in glue["only_latest"]])
        if items:
            details.append(f"\n{row['page']}:\n" + "\n".join(f"- {item}" for item in items))
    return "\n".join(lines) + ("\n" + "\n".join(details) if details else "\n\nNothing differs.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=ROOT / "_build" / "latestenv")
    parser.add_argument("--python", default="python3", help="the Python that creates the environment")
    parser.add_argument("--build", type=Path, default=ROOT / "_build", help="the pinned build")
    parser.add_argument("--rtol", type=float, default=0.01,
                        help="relative change of a glued number that is reported (default 0.01: 1%%)")
    parser.add_argument("--skip-install", action="store_true", help="use --venv as it is")
    parser.add_argument("--compare-only", action="store_true",
                        help="compare the executions of an earlier run again (no install, no execution)")
    parser.add_argument("--run", nargs=2, type=Path, metavar=("SOURCE", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # absolute: the pages run from book/ and read these through the environment
    args.venv, args.build = Path(os.path.abspath(args.venv)), Path(os.path.abspath(args.build))
    if args.run:
        run_page(*args.run)
        return 0
    cache = args.build / ".jupyter_cache"
    if not cache.is_dir():
        parser.error(f"no pinned build to compare with: {cache} is missing (run `make book` first)")
    start = time.perf_counter()
    python = (args.venv / "bin" / "python") if args.skip_install or args.compare_only else install(
        args.venv, args.python, ROOT / "requirements-latest.txt")
    install_seconds = time.perf_counter() - start
    pinned_versions, latest_versions = versions(sys.executable), versions(python)
    lines = [f"{name}: {pinned_versions.get(name, '-')} -> {latest_versions.get(name, '-')}"
             for name in KEY_PACKAGES if pinned_versions.get(name) != latest_versions.get(name)]
    print("Versions that differ from the pinned build (pinned -> newest):\n  "
          + ("\n  ".join(lines) if lines else "none"), flush=True)
    sources = pages(ROOT)
    out = args.build / "latest"
    if not args.compare_only:
        execute_all(python, sources, out)
    rows = compare([s.stem for s in sources], pinned_notebooks(cache), out, args.rtol)
    report = table(rows, args.rtol)
    print("\n" + report)
    header = (f"# The pages executed with the newest releases\n\nVersions (pinned -> newest):\n\n"
              + "\n".join(f"- {line}" for line in lines or ["none differ"]) + "\n\n")
    (out / "report.md").write_text(header + report + "\n", encoding="utf-8")
    (out / "report.json").write_text(json.dumps({"versions": {"pinned": pinned_versions, "latest": latest_versions},
                                                 "install_seconds": round(install_seconds, 1), "pages": rows},
                                                indent=1))
    print(f"\nInstalled in {install_seconds:.0f} s, executed and compared in "
          f"{time.perf_counter() - start - install_seconds:.0f} s; report: {out / 'report.md'}")
    return 1 if any(row["latest_errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
