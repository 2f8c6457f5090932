"""Command line: retrain the course's benchmark models and print their results table.

Run ``python -m rnnbook.reproduce`` (add ``--json results.json`` to save the
rows). Every model is built and trained exactly as :mod:`rnnbook.recipes`
says, with the course's configuration, in Keras and/or PyTorch, and scored
on the validation split of the benchmark by :func:`rnnbook.experiments.run`.

Each row is ``{"model": str, "framework": "keras" | "torch" | "numpy",
"val_mse": float, "fit_seconds": float, "epochs": int}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rnnbook import experiments, recipes
from rnnbook.train import quiet_keras


def results_table(rows: Sequence[dict]) -> str:
    """The result rows as a markdown table, with the published figure next to each model."""
    lines = [
        "| model | framework | val MSE | published | fit seconds | epochs |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        recipe = recipes.RECIPES.get(row["model"])
        published = "" if recipe is None or recipe.published is None else f"{recipe.published:.4f}"
        lines.append(
            f"| {row['model']} | {row['framework']} | {row['val_mse']:.4f} | {published} "
            f"| {row['fit_seconds']:.1f} | {row['epochs']} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: retrain the models, print the table, optionally write JSON.

    ``python -m rnnbook.reproduce [--json PATH] [--framework keras|torch|both]
    [--models NAME ...] [--seed SEED]``
    """
    parser = argparse.ArgumentParser(
        prog="python -m rnnbook.reproduce",
        description="Retrain the course's benchmark models and print the results table.",
    )
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument("--framework", choices=("keras", "torch", "both"), default="both")
    parser.add_argument("--models", nargs="+", metavar="NAME",
                        help=f"models to train (default: all of {recipes.names()})")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    try:
        models = experiments.model_names(args.models)
    except ValueError as error:
        parser.error(str(error))
    frameworks = experiments.frameworks_for(args.framework)
    if "keras" in frameworks:
        quiet_keras()  # as in the chapters: the book's numbers, without TensorFlow's log
    if "torch" in frameworks:
        import torch

        # as in the chapters: the models are small, one thread is as fast as two, and it never
        # waits for a core held by TensorFlow's threads in the same process
        torch.set_num_threads(1)
    rows = []
    for name in models:
        for framework in frameworks:
            run = experiments.run(name, framework, seed=args.seed)
            if run.row["framework"] == "numpy" and any(
                r["model"] == name and r["framework"] == "numpy" for r in rows
            ):
                continue  # a model without training is the same in every framework
            rows.append(run.row)
            print(f"{name:>16s}  {run.row['framework']:<6s} val MSE {run.row['val_mse']:.5f}  "
                  f"{run.row['fit_seconds']:6.1f} s  {run.row['epochs']} epochs", flush=True)
    print()
    print(results_table(rows))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
        print(f"\nwrote {len(rows)} rows to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
