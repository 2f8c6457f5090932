"""Importing any rnnbook module changes no global state.

A fresh interpreter first imports the libraries the package builds on
(TensorFlow and PyTorch set environment variables of their own when
imported), then every rnnbook module, one at a time. After each import the
environment, what file descriptor 2 points to, the random states of Python,
NumPy and PyTorch and matplotlib's rcParams must be as they were, and no
file descriptor may have been moved on the way (``os.dup2``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

#: What the child process runs; it prints one JSON line: {module: [changes, ...]}.
PROBE = r'''
import importlib, json, os, pkgutil, random, sys

for name in ("numpy", "tensorflow", "keras", "torch", "matplotlib", "matplotlib.pyplot",
             "pandas", "scipy", "sklearn", "statsmodels.api", "tqdm.auto"):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
import matplotlib
import numpy as np
import torch

moves = []
real_dup2 = os.dup2


def dup2(fd, fd2, *args, **kwargs):
    moves.append((fd, fd2))
    return real_dup2(fd, fd2, *args, **kwargs)


os.dup2 = dup2


def state():
    fd2 = os.fstat(2)
    return {
        "environ": dict(os.environ),
        "fd 2": (fd2.st_dev, fd2.st_ino),
        "random": random.getstate(),
        "numpy.random": str(np.random.get_state()[1][:8]) + str(np.random.get_state()[2:]),
        "torch.random": torch.random.get_rng_state().tolist()[:64],
        "rcParams": {k: repr(v) for k, v in matplotlib.rcParams.items()},
    }


import rnnbook

names = ["rnnbook"] + sorted(
    m.name for m in pkgutil.walk_packages(rnnbook.__path__, "rnnbook.")
)
changes = {}
for name in names:
    before, moves[:] = state(), []
    importlib.import_module(name)
    after = state()
    found = []
    for key in before:
        if key == "environ":
            keys = set(before[key]) | set(after[key])
            found += [f"environment variable {k}: {before[key].get(k)!r} -> {after[key].get(k)!r}"
                      for k in sorted(keys) if before[key].get(k) != after[key].get(k)]
        elif key == "rcParams":
            found += [f"rcParams[{k!r}]" for k in before[key] if before[key][k] != after[key][k]]
        elif before[key] != after[key]:
            found.append(key)
    found += [f"os.dup2({fd}, {fd2})" for fd, fd2 in moves]
    if found:
        changes[name] = found
print(json.dumps({"modules": names, "changes": changes}))
'''


def test_importing_any_module_changes_no_global_state():
    env = {k: v for k, v in os.environ.items()
           if k not in ("TF_ENABLE_ONEDNN_OPTS", "TF_CPP_MIN_LOG_LEVEL", "KERAS_BACKEND")}
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"rnnbook.train", "rnnbook.keras_models", "rnnbook.plots"} <= set(report["modules"])
    assert report["changes"] == {}, (
        "importing these modules changed global state: " + json.dumps(report["changes"], indent=1))
