"""Tests of the face of rnnbook.checks: its names, its imports, and feedback on any answer."""

import ast
import importlib
import inspect
import math
import pkgutil

import numpy as np
import pytest

from rnnbook import checks, data

from .examples import PARTS, SEQUENCES, TEST, VALID, WEEKLY, X, Y


def defined_names(module):
    """The public names that ``module``'s own top-level code defines."""
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, ast.Assign):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
        else:
            names = []
        yield from (name for name in names if not name.startswith("_"))


def test_every_public_name_of_every_module_is_re_exported():
    modules = [importlib.import_module(f"rnnbook.checks.{info.name}")
               for info in pkgutil.iter_modules(checks.__path__)]
    assert len(modules) >= 7
    public = {name: module for module in modules for name in defined_names(module)}
    assert sorted(public) == sorted(checks.__all__)
    for name, module in public.items():
        assert getattr(checks, name) is getattr(module, name), name


def test_importing_checks_loads_no_framework():
    import subprocess
    import sys

    code = "import sys, rnnbook.checks; print('tensorflow' in sys.modules or 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# Whatever the answer, a checker answers with feedback, never a traceback
# ---------------------------------------------------------------------------


ABSURD = {"None": None, "string": "abc", "ragged": [[1.0, 2.0], [3.0]], "nan": math.nan,
          "inf": math.inf, "negative": -1, "bool": True, "object": object(),
          "empty": np.zeros((0, 3)), "dict": {"a": 1}, "nan-array": np.full((6, 8, 4), np.nan)}
WEEKLY_X, WEEKLY_Y = data.make_windows(WEEKLY, 16)  # (N, 16, 1), (N, 1)
CHECKERS = {
    "multistep_naive_mse": lambda a: checks.check_multistep_naive_mse(a, X, Y),
    "seq2seq_targets": lambda a: checks.check_seq2seq_targets(a, SEQUENCES, 8, 4),
    "gated_param_count": lambda a: checks.check_gated_param_count(a, cell="lstm", n_features=3,
                                                                  n_hidden=32),
    "chronological_split": lambda a: checks.check_chronological_split(a, VALID, TEST,
                                                                      series=WEEKLY),
    "train_scaler": lambda a: checks.check_train_scaler(a, **PARTS),
    "seasonal_naive_indices": lambda a: checks.check_seasonal_naive_indices(
        a, lookback=60, period=52, horizon=60),
    "seasonal_naive_mse": lambda a: checks.check_seasonal_naive_mse(a, WEEKLY_X, WEEKLY_Y,
                                                                    period=12),
}


@pytest.mark.parametrize("answer", list(ABSURD.values()), ids=list(ABSURD))
@pytest.mark.parametrize("checker", list(CHECKERS))
def test_checkers_give_feedback_on_any_answer(checker, answer):
    feedback = CHECKERS[checker](answer)
    assert isinstance(feedback, checks.Feedback)
    assert not feedback.passed and feedback.message.strip()
    assert str(feedback) and feedback._repr_html_()
    # None leaves a one-answer exercise unanswered; the split was given its other two segments
    assert feedback.answered == (answer is not None or checker == "chronological_split")
