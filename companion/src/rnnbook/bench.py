"""Benchmark the course's training configurations against the reference recipe.

``python -m rnnbook.bench`` (or ``make bench``) trains every model twice per
framework in one process, interleaved (``--repeats N``: N times each, keeping
each one's fastest fit): once with the reference recipe
(Adam, 20 epochs, batch size 32) and once with the course's configuration
from :mod:`rnnbook.recipes`. It prints a markdown table with both validation
MSEs, the published figure, both fit times, their ratio and which of the
course's targets each row meets, then one line counting the rows that miss a
target. Absolute seconds depend on the machine and its load; the ratio,
measured side by side, is what the course's targets are about:

- validation MSE at most 1.1 times the published figure;
- fit time at most a quarter of the reference recipe's.

PyTorch computes on ``--torch-threads`` threads (default 1, for both
recipes). The benchmark models are small: with two threads on a busy
two-core machine, every batch of a few hundred windows waits for the second
thread, and the linear model's course configuration ran ten times slower
than on one (0.1 s against 1.1 s, side by side), while the reference
recipe's batches of 32 are too small to be split and took the same time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rnnbook import experiments, recipes
from rnnbook.train import PROGRESS_ENV, quiet_keras
from rnnbook._validate import check_int

#: The course's targets (see the module docstring).
MSE_TOLERANCE, TIME_RATIO = 1.1, 1 / 4


def compare(name: str, framework: str, *, seed: int = 42, repeats: int = 1) -> dict:
    """Train ``name`` with the reference recipe, then with the course's configuration.

    With ``repeats`` > 1 the pair is trained that many times, alternately, and
    each keeps its fastest fit: the same seed gives the same model every time,
    so only the time varies, and the fastest run is the one least disturbed by
    whatever else the machine was doing.

    Returns
    -------
    dict
        ``model``, ``framework``, ``seed``, ``published``, ``reference_mse``,
        ``course_mse``, ``reference_seconds``, ``course_seconds``, ``ratio``
        (course / reference seconds), ``course_epochs``, ``repeats``, ``mse_ok``
        (course MSE at most ``MSE_TOLERANCE`` times the published figure, or
        no published figure), ``time_ok`` (ratio at most ``TIME_RATIO``) and
        ``ok`` (both).

    Raises
    ------
    TypeError, ValueError
        If ``repeats`` is not an integer >= 1.
    RuntimeError
        If two runs with the same seed disagree on the validation MSE (the
        training is then not deterministic and the fastest run means nothing).
    """
    repeats = check_int("repeats", repeats, minimum=1)
    recipe = recipes.get(name)
    runs = {"reference": [], "course": []}
    for _ in range(repeats):
        for which in ("reference", "course"):
            runs[which].append(experiments.run(name, framework, which=which, seed=seed).row)
    for which, rows in runs.items():
        values = {row["val_mse"] for row in rows}
        if len(values) > 1:
            raise RuntimeError(f"{name} ({framework}, {which}, seed {seed}) gave different "
                               f"validation MSEs in {repeats} runs: {sorted(values)}")
    reference = min(runs["reference"], key=lambda row: row["fit_seconds"])
    course = min(runs["course"], key=lambda row: row["fit_seconds"])
    ratio = (
        course["fit_seconds"] / reference["fit_seconds"] if reference["fit_seconds"] > 0 else 0.0
    )
    published = recipe.published
    mse_ok = bool(published is None or course["val_mse"] <= MSE_TOLERANCE * published)
    time_ok = bool(reference["fit_seconds"] == 0 or ratio <= TIME_RATIO)
    return {
        "model": name,
        "framework": course["framework"],
        "seed": seed,
        "published": published,
        "reference_mse": reference["val_mse"],
        "course_mse": course["val_mse"],
        "reference_seconds": reference["fit_seconds"],
        "course_seconds": course["fit_seconds"],
        "ratio": ratio,
        "course_epochs": course["epochs"],
        "repeats": repeats,
        "mse_ok": mse_ok,
        "time_ok": time_ok,
        "ok": mse_ok and time_ok,
    }


def verdict(row: dict) -> str:
    """"yes" when a :func:`compare` row meets both targets, else "NO" and the target(s) missed."""
    missed = [target for target, ok in (("MSE", row["mse_ok"]), ("time", row["time_ok"]))
              if not ok]
    return "yes" if not missed else f"NO ({', '.join(missed)})"


def misses_line(rows: Sequence[dict]) -> str:
    """The closing line of the table: how many rows miss a target, and which."""
    missed = [f"{r['model']} {r['framework']} seed {r['seed']}" for r in rows if not r["ok"]]
    limits = f"MSE <= {MSE_TOLERANCE:g} x published, time ratio <= {TIME_RATIO:.2f}"
    if not missed:
        return f"Misses: 0 of {len(rows)} rows ({limits})."
    return f"Misses: {len(missed)} of {len(rows)} rows ({limits}): {'; '.join(missed)}."



def comparison_table(rows: Sequence[dict]) -> str:
    """Markdown table of :func:`compare` rows."""
    lines = [
        "| model | framework | seed | published | reference MSE | course MSE "
        "| reference s | course s | ratio | epochs | targets met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        published = "" if r["published"] is None else f"{r['published']:.4f}"
        lines.append(
            f"| {r['model']} | {r['framework']} | {r['seed']} | {published} "
            f"| {r['reference_mse']:.4f} | {r['course_mse']:.4f} "
            f"| {r['reference_seconds']:.1f} | {r['course_seconds']:.1f} | {r['ratio']:.2f} "
            f"| {r['course_epochs']} | {verdict(r)} |"
        )
    return "\n".join(lines)


def _compare_all(models: Sequence[str], args: argparse.Namespace) -> list[dict]:
    """:func:`compare` every trained model of ``models`` for the command line's options."""
    rows = []
    for name in models:
        if recipes.get(name).spec.kind == "naive":
            continue  # nothing to train, nothing to time
        for framework in experiments.frameworks_for(args.framework):
            for seed in args.seeds:
                row = compare(name, framework, seed=seed, repeats=args.repeats)
                rows.append(row)
                print(f"{name:>16s} {framework:<6s} seed {seed}: reference {row['reference_mse']:.5f} "
                      f"in {row['reference_seconds']:.1f} s, course {row['course_mse']:.5f} in "
                      f"{row['course_seconds']:.1f} s (ratio {row['ratio']:.2f})", flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m rnnbook.bench [--framework ...] [--models ...] [--seeds ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m rnnbook.bench",
        description="Course configuration versus reference recipe, side by side.",
    )
    parser.add_argument("--framework", choices=("keras", "torch", "both"), default="both")
    parser.add_argument("--models", nargs="+", metavar="NAME",
                        help=f"models to compare (default: all of {recipes.names()})")
    parser.add_argument("--seeds", nargs="+", type=int, default=[42],
                        help="seeds to repeat the comparison with (default: 42)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="train each pair this many times, alternately, and keep each "
                             "one's fastest fit (default: 1)")
    parser.add_argument("--torch-threads", type=int, default=1, metavar="N",
                        help="threads PyTorch computes on, for both recipes (default: 1)")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    try:
        models = experiments.model_names(args.models)
    except ValueError as error:
        parser.error(str(error))
    if args.repeats < 1:
        parser.error(f"--repeats must be >= 1. Received: --repeats {args.repeats}")
    if args.torch_threads < 1:
        parser.error(f"--torch-threads must be >= 1. Received: --torch-threads {args.torch_threads}")
    os.environ.setdefault(PROGRESS_ENV, "0")  # one line per row instead of progress bars
    if "keras" in experiments.frameworks_for(args.framework):
        quiet_keras()  # as in the chapters: the book's numbers, without TensorFlow's log
    threads = None
    if "torch" in experiments.frameworks_for(args.framework):
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(args.torch_threads)
    try:
        rows = _compare_all(models, args)
    finally:
        if threads is not None:  # the caller's setting again (a test, a notebook)
            torch.set_num_threads(threads)
    print()
    print(comparison_table(rows))
    print()
    print(misses_line(rows))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
