"""A sweep of invalid inputs over the public functions of the companion package.

Every public function that takes numbers or arrays is called with one bad
argument at a time (the others valid): a wrong type, None, a string, a
ragged list, an empty array, NaN, infinity, a wrong number of dimensions,
a value out of range, an unknown choice. Each must raise ``TypeError`` or
``ValueError`` whose message names the argument, the rule and the value
received; the expected message is written out for every case. A second
sweep gives every exercise checker absurd *answers*: a checker must answer a
student with feedback, never with a traceback.

Cases are generated from a small table: ``SPECS`` maps each function to its
valid arguments and, for the arguments under test, the rule they follow.
"""

from __future__ import annotations

import functools
import importlib
import math
import re

import numpy as np
import pytest

from rnnbook.text import CharVocab

# ---------------------------------------------------------------------------
# Rules: each yields (label, bad value from the valid one, error, message regex)
# ---------------------------------------------------------------------------

RAGGED = [[1.0, 2.0], [3.0]]


def _q(value) -> str:
    return re.escape(repr(value))


def array(ndim=None, rule=None, optional=False, finite=True):
    """An argument validated by ``_validate.check_array``; ``rule`` is how the message words ``ndim``."""

    def cases(name):
        expected = []
        if not optional:
            expected.append(("None", lambda v: None, TypeError,
                             rf"`{name}` must be array-like of numbers\. Received: {name}=None"))
        expected += [
            ("string", lambda v: "abc", TypeError,
             rf"`{name}` must be array-like of numbers\. Received: {name}='abc'"),
            ("ragged", lambda v: RAGGED, TypeError,
             rf"`{name}` must be array-like of numbers\. Received: {name}=\[\[1\.0, 2\.0\], \[3\.0\]\] \("),
            ("complex", lambda v: np.asarray(v).astype(complex), TypeError,
             rf"`{name}` must hold real numbers\. Received: {name} with dtype complex128"),
            ("object", lambda v: np.asarray(v).astype(object), TypeError,
             rf"`{name}` must hold real numbers\. Received: {name} with dtype object"),
            ("empty", lambda v: np.zeros((0,) + np.shape(v)[1:], np.asarray(v).dtype), ValueError,
             rf"`{name}` must not be empty\. Received: {name} with shape \(0,"),
        ]
        if finite:
            expected += [
                ("nan", lambda v: _poison(v, np.nan), ValueError,
                 rf"`{name}` must contain only finite values\. Received: {name} with 1 NaN or infinite"),
                ("inf", lambda v: _poison(v, -np.inf), ValueError,
                 rf"`{name}` must contain only finite values\. Received: {name} with 1 NaN or infinite"),
            ]
        if ndim is not None:
            k = max(ndim if isinstance(ndim, tuple) else (ndim,)) + 1
            expected.append((
                f"{k}-d", lambda v, k=k: np.zeros((1,) * k, np.asarray(v).dtype), ValueError,
                rf"`{name}` must have {rule or ndim} dimensions\. "
                rf"Received: {name} with shape \({', '.join(['1'] * k)}\) \({k} dimensions\)",
            ))
        return expected

    return cases


def _poison(value, bad):
    out = np.array(value, dtype=np.result_type(np.asarray(value).dtype, np.float32))
    out.flat[0] = bad
    return out


def integer(minimum, maximum_rule=None):
    def cases(name):
        expected = [
            ("float", lambda v: 2.5, TypeError, rf"`{name}` must be an integer\. Received: {name}=2\.5"),
            ("string", lambda v: "3", TypeError, rf"`{name}` must be an integer\. Received: {name}='3'"),
            ("bool", lambda v: True, TypeError, rf"`{name}` must be an integer\. Received: {name}=True"),
            ("below", lambda v: minimum - 1, ValueError,
             rf"`{name}` must be >= {minimum}\. Received: {name}={minimum - 1}"),
        ]
        if maximum_rule is not None:
            value, text = maximum_rule
            expected.append(("above", lambda v: value, ValueError,
                             rf"`{name}` must be {text}\. Received: {name}={value}"))
        return expected

    return cases


def real(minimum, exclusive=False):
    sign = ">" if exclusive else ">="
    below = minimum if exclusive else minimum - 1.0

    def cases(name):
        return [
            ("string", lambda v: "x", TypeError, rf"`{name}` must be a real number\. Received: {name}='x'"),
            ("None", lambda v: None, TypeError, rf"`{name}` must be a real number\. Received: {name}=None"),
            ("bool", lambda v: True, TypeError, rf"`{name}` must be a real number\. Received: {name}=True"),
            ("nan", lambda v: math.nan, ValueError, rf"`{name}` must be finite\. Received: {name}=nan"),
            ("inf", lambda v: math.inf, ValueError, rf"`{name}` must be finite\. Received: {name}=inf"),
            ("below", lambda v: below, ValueError,
             rf"`{name}` must be {sign} {re.escape(str(float(minimum)))}\. Received: {name}={re.escape(str(below))}"),
        ]

    return cases


def choice(*bad_values):
    def cases(name):
        return [
            (f"unknown-{value!r}", lambda v, value=value: value, ValueError,
             rf"`{name}` must be .*\. Received: {name}={_q(value)}")
            for value in bad_values or ("bogus",)
        ]

    return cases


def boolean():
    def cases(name):
        return [
            ("string", lambda v: "yes", TypeError, rf"`{name}` must be a bool\. Received: {name}='yes'"),
            ("int", lambda v: 1, TypeError, rf"`{name}` must be a bool\. Received: {name}=1"),
        ]

    return cases


def instance(what):
    """An argument that must be an object of a given kind (Axes, layer, module, cache, ...)."""

    def cases(name):
        return [
            ("string", lambda v: "abc", TypeError, rf"`{name}` must be {what}\. Received: {name}='abc'"),
            ("object", lambda v: object(), TypeError,
             rf"`{name}` must be {what}\. Received: {name}=<object object at"),
        ]

    return cases


def seed_or_generator():
    text = "a non-negative integer or a numpy.random.Generator"

    def cases(name):
        return [
            ("float", lambda v: 2.5, TypeError, rf"`{name}` must be {text}\. Received: {name}=2\.5"),
            ("None", lambda v: None, TypeError, rf"`{name}` must be {text}\. Received: {name}=None"),
            ("negative", lambda v: -1, ValueError, rf"`{name}` must be >= 0\. Received: {name}=-1"),
        ]

    return cases


def params_dict():
    def cases(name):
        keys = r"'W_x', 'W_h' and 'b'"
        return [
            ("None", lambda v: None, TypeError, rf"`{name}` must be a dict with keys {keys}\. Received: {name}=None"),
            ("missing-b", lambda v: {k: a for k, a in v.items() if k != "b"}, ValueError,
             rf"`{name}` must have exactly the keys {keys}\. Received: {name} missing \['b'\]"),
            ("extra-key", lambda v: {**v, "c": np.ones(2)}, ValueError,
             rf"`{name}` must have exactly the keys .* with extra keys \['c'\]"),
            ("W_h-shape", lambda v: {**v, "W_h": np.zeros((3, 3))}, ValueError,
             rf"`{name}\['W_h'\]` must have shape \(H, H\) = \(2, 2\)"),
            ("b-shape", lambda v: {**v, "b": np.zeros(3)}, ValueError,
             rf"`{name}\['b'\]` must have shape \(H,\) = \(2,\)"),
            ("mixed-dtype", lambda v: {**v, "b": v["b"].astype(np.float32)}, TypeError,
             rf"`{name}` arrays must share one dtype"),
            ("nan", lambda v: {**v, "W_x": _poison(v["W_x"], np.nan)}, ValueError,
             rf"`{name}\['W_x'\]` must contain only finite values"),
        ]

    return cases


# ---------------------------------------------------------------------------
# Valid calls (built once, lazily: some need Keras or PyTorch)
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def objects() -> dict:
    from rnnbook import baselines, numpy_rnn

    params = numpy_rnn.init_params(1, 2, seed=0)
    _, cache = numpy_rnn.rnn_forward(np.ones((2, 3, 1)), params)
    rng = np.random.default_rng(0)
    return {
        "params": params,
        "cache": cache,
        "linear": baselines.fit_linear(rng.random((6, 3, 1)), rng.random((6, 1))),
    }


def axes():
    """A fresh Axes for each call (closed after each test by `close_figures`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    return ax


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@functools.lru_cache(maxsize=None)
def framework_objects() -> dict:
    import keras
    import torch

    layer = keras.layers.SimpleRNN(2)
    layer.build((None, 3, 1))
    return {"layer": layer, "module": torch.nn.RNN(1, 2, batch_first=True),
            "model": torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3, 1))}


def _square(p):
    return float(np.sum(p["w"] ** 2)), {"w": 2 * p["w"]}


def _last_value(X):
    return X[:, -1, :]


def _naive_fit(history):
    """A fit function for rolling_origin: the last value of each history, repeated."""
    return lambda histories, horizon: np.stack([np.repeat(h[-1], horizon) for h in histories])


def _fit_data() -> dict:
    rng = np.random.default_rng(0)
    return dict(X_train=rng.random((8, 3, 1), dtype=np.float32), y_train=rng.random((8, 1), dtype=np.float32),
                X_valid=rng.random((4, 3, 1), dtype=np.float32), y_valid=rng.random((4, 1), dtype=np.float32))


#: function -> (valid keyword arguments, {argument: rule}).
SPECS = {
    "data.sine_mixture": (
        lambda: dict(n_series=2, n_steps=5, seed=0),
        {"n_series": integer(1), "n_steps": integer(1), "seed": integer(0, (2**32, r"< 2\*\*32"))},
    ),
    "data.make_windows": (
        lambda: dict(series=np.arange(10.0), lookback=3, horizon=1, stride=1),
        {"series": array((1, 2), "1 or 2"), "lookback": integer(1), "horizon": integer(1),
         "stride": integer(1), "target": integer(0)},
    ),
    "data.seq2seq_targets": (
        lambda: dict(series=np.zeros((2, 6, 1)), lookback=4, horizon=2),
        {"series": array(3), "lookback": integer(1), "horizon": integer(1)},
    ),
    "data.benchmark_data": (
        lambda: dict(horizon=1, seq2seq=False, lookback=5, sizes=(3, 2, 1), seed=0),
        {"horizon": integer(1), "lookback": integer(1), "seed": integer(0), "seq2seq": boolean()},
    ),
    "data.split_series": (
        lambda: dict(series=np.arange(20.0), fractions=(0.7, 0.15, 0.15)),
        {"series": array((1, 2), "1 or 2", finite=False)},
    ),
    "data.window_splits": (
        lambda: dict(train=np.arange(10.0), valid=np.arange(4.0), test=np.arange(4.0),
                     lookback=3, horizon=1, stride=1),
        {"train": array((1, 2), "1 or 2"), "valid": array((1, 2), "1 or 2"),
         "test": array((1, 2), "1 or 2"), "lookback": integer(1), "horizon": integer(1),
         "stride": integer(1)},
    ),
    "data.fit_scaler": (
        lambda: dict(train=np.arange(5.0), kind="minmax"),
        {"train": array(), "kind": choice("bogus", None)},
    ),
    "data.relative_to_last": (
        lambda: dict(X=np.ones((2, 3, 1)), Y=np.ones((2, 1)), scale=1.0),
        {"X": array(3), "Y": array(2, optional=True), "scale": real(0.0, exclusive=True)},
    ),
    "data.restore_from_last": (
        lambda: dict(Y_rel=np.ones((2, 1)), X=np.ones((2, 3, 1)), scale=1.0),
        {"Y_rel": array(2), "X": array(3), "scale": real(0.0, exclusive=True)},
    ),
    "data.load_series": (lambda: dict(name="co2"), {"name": choice("bogus", None), "fill": choice("bogus")}),
    "forecast.iterative_forecast": (
        lambda: dict(predict=_last_value, X=np.ones((2, 3, 1)), horizon=2),
        {"predict": instance("callable"), "X": array(3), "horizon": integer(1)},
    ),
    "forecast.seasonal_naive_forecast": (
        lambda: dict(X=np.ones((2, 4, 1)), horizon=2, period=2, feature=0),
        {"X": array(3), "horizon": integer(1), "period": integer(1), "feature": integer(0)},
    ),
    "forecast.mse_by_step": (
        lambda: dict(Y_true=np.zeros((2, 3)), Y_pred=np.zeros((2, 3))),
        {"Y_true": array(2), "Y_pred": array(2)},
    ),
    "baselines.naive_forecast": (
        lambda: dict(X=np.zeros((2, 3, 1)), horizon=1, feature=0),
        {"X": array(3), "horizon": integer(1), "feature": integer(0)},
    ),
    "baselines.fit_linear": (
        lambda: dict(X=np.zeros((4, 3, 1)), y=np.zeros((4, 1))),
        {"X": array(3), "y": array((1, 2), "1 or 2")},
    ),
    "baselines.LinearForecast.predict": (
        lambda: dict(self=objects()["linear"], X=np.zeros((2, 3, 1))),
        {"X": array(3)},
    ),
    "metrics.mse": (
        lambda: dict(y_true=np.zeros((3, 1)), y_pred=np.zeros((3, 1))),
        {"y_true": array(), "y_pred": array()},
    ),
    "metrics.mae": (
        lambda: dict(y_true=np.zeros((3, 1)), y_pred=np.zeros((3, 1))),
        {"y_true": array(), "y_pred": array()},
    ),
    "metrics.rmse": (
        lambda: dict(y_true=np.zeros((3, 1)), y_pred=np.zeros((3, 1))),
        {"y_true": array(), "y_pred": array()},
    ),
    "metrics.mase": (
        lambda: dict(y_true=np.zeros(3), y_pred=np.zeros(3), y_train=np.arange(6.0), period=1),
        {"y_true": array(), "y_pred": array(), "period": integer(1)},
    ),
    "metrics.skill_score": (
        lambda: dict(score=0.5, reference=1.0),
        {"score": real(0.0), "reference": real(0.0, exclusive=True)},
    ),
    "classical.fit_drift": (
        lambda: dict(y_train=np.arange(6.0) + np.array([0, 0.1, 0, 0.1, 0, 0.1])),
        {"y_train": array(1)},
    ),
    "classical.fit_seasonal_drift": (
        lambda: dict(y_train=np.arange(12.0) + np.tile([0.0, 0.3], 6), period=2),
        {"y_train": array(1), "period": integer(1)},
    ),
    "classical.fourier_terms": (
        lambda: dict(t=np.arange(5.0), n_harmonics=1, period=4.0),
        {"t": array(1), "n_harmonics": integer(1), "period": real(0.0, exclusive=True)},
    ),
    "evaluate.rolling_origin": (
        lambda: dict(series=np.arange(10.0), fits={"naive": _naive_fit}, origins=[5, 7], horizon=2,
                     refit_every=1),
        {"series": array(1), "horizon": integer(1), "refit_every": integer(1)},
    ),
    "evaluate.conformal_halfwidth": (
        lambda: dict(residuals=np.arange(1.0, 10.0)[:, None], level=0.8),
        {"residuals": array(2), "level": real(0.0, exclusive=True)},
    ),
    "evaluate.coverage": (
        lambda: dict(y=np.zeros(3), lower=-np.ones(3), upper=np.ones(3)),
        {"y": array(), "lower": array(), "upper": array()},
    ),
    "evaluate.mean_width": (
        lambda: dict(lower=-np.ones(3), upper=np.ones(3)),
        {"lower": array(), "upper": array()},
    ),
    "text.CharVocab.decode": (
        lambda: dict(self=CharVocab(("e", "h")), ids=np.array([[1, 4, 3, 2]])),
        {"ids": array((1, 2), "1 or 2")},
    ),
    "metrics.last_time_step_mse": (
        lambda: dict(Y_true=np.zeros((2, 3, 1)), Y_pred=np.zeros((2, 3, 1))),
        {"Y_true": array(3), "Y_pred": array(3)},
    ),
    "plots.plot_series": (
        lambda: dict(x=np.zeros(5), y_true=np.zeros(1), y_pred=np.zeros(1), ax=axes()),
        {"x": array((1, 2), "1 or 2"), "y_true": array((0, 1, 2), "0 or 1 or 2", optional=True),
         "y_pred": array((0, 1, 2), "0 or 1 or 2", optional=True),
         "ax": instance("a matplotlib Axes or None")},
    ),
    "plots.plot_learning_curves": (
        lambda: dict(history={"loss": [1.0, 0.5]}, ax=axes(), log=True),
        {"log": boolean(), "ax": instance("a matplotlib Axes or None")},
    ),
    "plots.plot_unrolled": (
        lambda: dict(lookback=3, folded=True, ax=axes()),
        {"lookback": integer(1), "folded": boolean(), "ax": instance("a matplotlib Axes or None")},
    ),
    "train.set_seed": (
        lambda: dict(seed=0),
        {"seed": integer(0, (2**32, r"< 2\*\*32"))},
    ),
    "train.lr_schedule": (
        lambda: dict(total_steps=4, lr=0.1, schedule="cosine"),
        {"total_steps": integer(1), "lr": real(0.0, exclusive=True), "schedule": choice("bogus", 3)},
    ),
    "numpy_rnn.tanh": (lambda: dict(x=np.zeros(3)), {"x": array()}),
    "numpy_rnn.tanh_grad": (lambda: dict(x=np.zeros(3)), {"x": array()}),
    "numpy_rnn.dtanh_from_output": (lambda: dict(h=np.zeros(3)), {"h": array()}),
    "numpy_rnn.count_params": (
        lambda: dict(n_features=1, n_hidden=2),
        {"n_features": integer(1), "n_hidden": integer(1)},
    ),
    "numpy_rnn.init_params": (
        lambda: dict(n_features=1, n_hidden=2, seed=0),
        {"n_features": integer(1), "n_hidden": integer(1), "seed": seed_or_generator()},
    ),
    "numpy_rnn.check_params": (lambda: dict(params=objects()["params"]), {"params": params_dict()}),
    "numpy_rnn.rnn_cell": (
        lambda: dict(x_t=np.ones((2, 1)), h_prev=np.zeros((2, 2)), params=objects()["params"]),
        {"x_t": array(2), "h_prev": array(2), "params": params_dict()},
    ),
    "numpy_rnn.rnn_forward": (
        lambda: dict(X=np.ones((2, 3, 1)), params=objects()["params"], h0=np.zeros((2, 2))),
        {"X": array(3), "h0": array(2, optional=True), "params": params_dict()},
    ),
    "numpy_rnn.rnn_backward": (
        lambda: dict(dH=np.ones((2, 3, 2)), cache=objects()["cache"], truncate=2),
        {"dH": array(3), "cache": instance("the RNNCache returned by rnn_forward"),
         "truncate": integer(1)},
    ),
    "numpy_rnn.state_gradients": (
        lambda: dict(dH=np.ones((2, 3, 2)), cache=objects()["cache"]),
        {"dH": array(3), "cache": instance("the RNNCache returned by rnn_forward")},
    ),
    "numpy_rnn.clip_gradients": (
        lambda: dict(grads={"W_h": np.ones(2)}, max_norm=1.0),
        {"max_norm": real(0.0, exclusive=True)},
    ),
    "numpy_rnn.gradient_check": (
        lambda: dict(f=_square, params={"w": np.ones(2)}, eps=1e-6, n_samples=1, seed=0),
        {"eps": real(0.0, exclusive=True), "n_samples": integer(1), "seed": seed_or_generator()},
    ),
    "checks.check_window_count": (
        lambda: dict(answer=3, length=10, lookback=3, horizon=1, stride=1),
        {"length": integer(1), "lookback": integer(1), "horizon": integer(1), "stride": integer(1)},
    ),
    "checks.check_windows": (
        lambda: dict(X=None, y=None, series=np.arange(10.0), lookback=3, horizon=1),
        {"series": array(), "lookback": integer(1), "horizon": integer(1)},
    ),
    "checks.check_naive_mse": (
        lambda: dict(answer=0.1, X=np.zeros((2, 3, 1)), y=np.zeros((2, 1))),
        {"X": array(3), "y": array((1, 2), "1 or 2")},
    ),
    "checks.check_linear_param_count": (
        lambda: dict(answer=4, lookback=3, n_features=1, horizon=1),
        {"lookback": integer(1), "n_features": integer(1), "horizon": integer(1)},
    ),
    "checks.check_rnn_param_count": (
        lambda: dict(answer=3, n_features=1, n_hidden=1, framework="keras"),
        {"n_features": integer(1), "n_hidden": integer(1), "framework": choice("bogus", None)},
    ),
    "recipes.get": (lambda: dict(name="naive"), {"name": choice("bogus", None)}),
    "experiments.run": (
        lambda: dict(name="naive", framework="torch", which="course", seed=0),
        {"name": choice("bogus", None), "framework": choice("bogus", None),
         "which": choice("bogus"), "seed": integer(0)},
    ),
    "experiments.frameworks_for": (lambda: dict(choice="both"), {"choice": choice("bogus")}),
    "results.record": (
        lambda: dict(model="naive", framework="numpy", val_mse=0.1, fit_seconds=0.0, epochs=0),
        {"framework": choice("bogus", None), "val_mse": real(0.0), "fit_seconds": real(0.0),
         "epochs": integer(0)},
    ),
    "keras_models.build_rnn": (
        lambda: dict(cell="simple_rnn", n_hidden=1, horizon=1, n_features=1, lookback=5),
        {"cell": choice("bogus", None), "n_hidden": integer(1), "horizon": integer(1),
         "n_features": integer(1), "lookback": integer(1), "head": choice("bogus"),
         "seq2seq": boolean()},
    ),
    "keras_models.build_linear": (
        lambda: dict(lookback=5, n_features=1, horizon=1),
        {"lookback": integer(1), "n_features": integer(1), "horizon": integer(1)},
    ),
    "keras_models.build_char_model": (
        lambda: dict(vocab_size=5, n_hidden=2),
        {"vocab_size": integer(2), "n_hidden": integer(1), "cell": choice("bogus")},
    ),
    "torch_models.build_rnn": (
        lambda: dict(cell="simple_rnn", n_hidden=1, horizon=1, n_features=1),
        {"cell": choice("bogus", None), "n_hidden": integer(1), "horizon": integer(1),
         "n_features": integer(1), "head": choice("bogus"), "seq2seq": boolean(),
         "init": choice("bogus")},
    ),
    "torch_models.build_linear": (
        lambda: dict(lookback=5, n_features=1, horizon=1),
        {"lookback": integer(1), "n_features": integer(1), "horizon": integer(1),
         "init": choice("bogus")},
    ),
    "torch_models.build_char_model": (
        lambda: dict(vocab_size=5, n_hidden=2),
        {"vocab_size": integer(2), "n_hidden": integer(1), "cell": choice("bogus"),
         "init": choice("bogus")},
    ),
    "weights.to_keras": (
        lambda: dict(params=objects()["params"], layer=framework_objects()["layer"]),
        {"params": params_dict(), "layer": instance("a keras.layers.SimpleRNN")},
    ),
    "weights.from_keras": (
        lambda: dict(layer=framework_objects()["layer"]),
        {"layer": instance("a keras.layers.SimpleRNN")},
    ),
    "weights.to_torch": (
        lambda: dict(params=objects()["params"], module=framework_objects()["module"]),
        {"params": params_dict(), "module": instance("a torch.nn.RNN")},
    ),
    "weights.from_torch": (
        lambda: dict(module=framework_objects()["module"]),
        {"module": instance("a torch.nn.RNN")},
    ),
    "train.fit_torch": (
        lambda: dict(model=framework_objects()["model"], **_fit_data(), epochs=1, batch_size=4,
                     lr=0.01, verbose=False),
        {"epochs": integer(1), "batch_size": integer(1), "lr": real(0.0, exclusive=True),
         "loss": choice("bogus"), "val_metric": choice("bogus"), "patience": integer(1),
         "schedule": choice("bogus"), "seed": integer(0), "val_batch_size": integer(1)},
    ),
}


def resolve(path: str):
    module, _, attribute = path.partition(".")
    target = importlib.import_module(f"rnnbook.{module}")
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def sweep():
    for path, (_, rules) in SPECS.items():
        for argument, rule in rules.items():
            for label, bad, error, message in rule(argument):
                yield pytest.param(path, argument, bad, error, message, id=f"{path}-{argument}-{label}")


@pytest.mark.parametrize("path, argument, bad, error, message", list(sweep()))
def test_invalid_argument_is_named_in_the_error(path, argument, bad, error, message):
    valid, _ = SPECS[path]
    kwargs = valid()
    function = resolve(path)
    if "self" in kwargs:  # a method: call it on the given instance
        function = getattr(kwargs.pop("self"), path.rsplit(".", 1)[1])
    kwargs[argument] = bad(kwargs.get(argument))
    with pytest.raises(error, match=message):
        function(**kwargs)


@pytest.mark.parametrize("path", list(SPECS))
def test_valid_call_succeeds(path):
    """The valid arguments really are valid: each failure above is caused by its one bad argument."""
    kwargs = SPECS[path][0]()
    function = resolve(path)
    if "self" in kwargs:
        function = getattr(kwargs.pop("self"), path.rsplit(".", 1)[1])
    function(**kwargs)


def test_every_module_is_swept():
    """A new module with public functions gets a line in SPECS (or is listed here as exempt)."""
    import pkgutil

    import rnnbook

    exempt = {
        "reproduce", "bench",  # command-line drivers: argparse reports bad options
        "recipes",  # a registry of dataclasses; `get` is swept
        "checks",  # configuration arguments swept; answers in the sweep below
        "syllabus",  # reads text and plans, not numbers: its messages are in test_syllabus
        "grade",  # a command-line driver: its argument checks are in test_grade
    }
    swept = {path.split(".")[0] for path in SPECS}
    modules = {m.name for m in pkgutil.iter_modules(rnnbook.__path__) if not m.name.startswith("_")}
    assert modules - swept - exempt == set(), "modules with no invalid-input sweep: add them to SPECS"


# ---------------------------------------------------------------------------
# Special cases the generic rules do not cover
# ---------------------------------------------------------------------------

SPECIAL = [
    ("data.make_windows", dict(series=np.zeros(4), lookback=3, horizon=2), ValueError,
     r"`series` must have at least lookback \+ horizon = 5 time steps\. Received: series with 4 time steps"),
    ("data.make_windows", dict(series=np.zeros((10, 2)), lookback=3, target=2), ValueError,
     r"`target` must be a column index below 2 \(the number of features\)\. Received: target=2"),
    ("data.seq2seq_targets", dict(series=np.zeros((2, 5, 1)), lookback=4, horizon=2), ValueError,
     r"`series` must have at least lookback \+ horizon = 6 time steps\. Received: series with shape \(2, 5, 1\)"),
    ("data.split", dict(sizes=(1, 1, 1)), ValueError, r"`arrays` must hold at least one array\. Received: no arrays"),
    ("data.split_series", dict(fractions=(0.5, 0.5)), ValueError,
     r"`fractions` must be a tuple of three numbers \(train, valid, test\)\. Received: fractions=\(0\.5, 0\.5\)"),
    ("data.split_series", dict(fractions=(0.5, 0.5, 0.5)), ValueError,
     r"`fractions` must sum to 1\. Received: fractions=\(0\.5, 0\.5, 0\.5\) \(sum 1\.5\)"),
    ("data.split_series", dict(fractions=(0.8, 0.0, 0.2)), ValueError,
     r"`fractions\[1\]` must be > 0\.0\. Received: fractions\[1\]=0\.0"),
    ("data.split_series", dict(series=np.arange(3.0)), ValueError,
     r"`series` is too short for these `fractions`: every segment needs at least one step"),
    ("data.window_splits", dict(train=np.arange(3.0)), ValueError,
     r"`train` must have at least lookback \+ horizon = 4 steps\. Received: train with 3 steps"),
    ("data.window_splits", dict(valid=np.zeros((4, 2))), ValueError,
     r"`train`, `valid` and `test` must have the same number of dimensions and features"),
    ("forecast.iterative_forecast", dict(X=np.ones((2, 3, 2))), ValueError,
     r"`X` must have one feature: a forecast can only be fed back"),
    ("forecast.iterative_forecast", dict(predict=lambda X: X[:, :, 0]), ValueError,
     r"`predict` must return one value per window, shape \(2, 1\)\. Received: output of shape \(2, 3\) at step 1"),
    ("forecast.iterative_forecast", dict(predict=lambda X: X[:, -1, :] * np.nan), ValueError,
     r"`predict` must return finite values\. Received: NaN or inf at step 1"),
    ("forecast.seasonal_naive_forecast", dict(period=5), ValueError,
     r"`X` must cover at least one period \(5 steps\)\. Received: X with shape \(2, 4, 1\)"),
    ("forecast.mse_by_step", dict(Y_pred=np.zeros((2, 4))), ValueError,
     r"`Y_true` and `Y_pred` must have the same shape"),
    ("data.benchmark_data", dict(sizes=(1, 2)), ValueError,
     r"`sizes` must be a tuple of three integers \(train, valid, test\)\. Received: sizes=\(1, 2\)"),
    ("baselines.naive_forecast", dict(X=np.zeros((2, 3, 1)), feature=1), ValueError,
     r"`feature` must be below the number of features \(1\)\. Received: feature=1"),
    ("baselines.fit_linear", dict(X=np.zeros((4, 3, 1)), y=np.zeros((5, 1))), ValueError,
     r"`X` and `y` must have the same number of windows\. Received: X with shape \(4, 3, 1\) and y with shape \(5, 1\)"),
    ("evaluate.rolling_origin", dict(fits="abc"), TypeError,
     r"`fits` must be a non-empty mapping of names to fit functions\. Received: fits of type str"),
    ("evaluate.rolling_origin", dict(origins=[7, 5]), ValueError,
     r"`origins` must be a non-empty, strictly increasing sequence\. Received: origins=\[7, 5\]"),
    ("metrics.mase", dict(y_train=np.ones(6)), ValueError, r"`y_train`"),
    ("metrics.mse", dict(y_true=np.zeros(3), y_pred=np.zeros(4)), ValueError,
     r"`y_true` and `y_pred` must have the same shape\. Received: y_true with shape \(3,\) and y_pred with shape \(4,\)"),
    ("plots.plot_learning_curves", dict(history={"val_loss": [1.0]}), ValueError,
     r"`history` must be a mapping with at least a 'loss' list\. Received: history=\{'val_loss'"),
    ("plots.plot_learning_curves", dict(history={"loss": [1.0, np.nan]}), ValueError,
     r"`history\['loss'\]` must contain only finite values"),
    ("plots.plot_learning_curves", dict(history={"loss": [1.0], "val_loss": RAGGED}), TypeError,
     r"`history\['val_loss'\]` must be array-like of numbers"),
    ("numpy_rnn.dtanh_from_output", dict(h=np.array([0.5, 1.5])), ValueError,
     r"`h` must hold outputs of tanh, in \[-1, 1\]\. Received: h with values from 0\.5 to 1\.5"),
    ("numpy_rnn.global_norm", dict(grads={}), ValueError, r"`grads` must hold at least one array\. Received: grads=\{\}"),
    ("numpy_rnn.global_norm", dict(grads=[1.0]), TypeError, r"`grads` must be a dict of arrays\. Received: grads=\[1\.0\]"),
    ("numpy_rnn.global_norm", dict(grads={"W_x": [np.nan]}), ValueError,
     r"`grads\['W_x'\]` must contain only finite values"),
    ("numpy_rnn.init_params", dict(n_features=1, n_hidden=2, seed=0, dtype=np.int32), TypeError,
     r"`dtype` must be float32 or float64\. Received: dtype="),
    ("numpy_rnn.gradient_check", dict(f=None, params={"w": np.ones(2)}), TypeError,
     r"`f` must be callable as f\(params\) -> \(loss, grads\)\. Received: f=None"),
    ("numpy_rnn.gradient_check", dict(f=_square, params={"w": np.ones(2, np.float32)}), TypeError,
     r"`params\['w'\]` must be float64 for a finite-difference check"),
    ("numpy_rnn.gradient_check", dict(f=_square, params={}), ValueError,
     r"`params` must hold at least one array\. Received: params=\{\}"),
    ("train.fit_torch", dict(X_train=np.zeros((3, 3, 1)), y_train=np.zeros((2, 1))), ValueError,
     r"`X_train` and `y_train` must have the same number of samples\. Received: X_train with shape \(3, 3, 1\)"),
    ("train.fit_torch", dict(X_valid=np.zeros((0, 3, 1))), ValueError,
     r"`X_valid` must be a non-empty array\. Received: X_valid="),
    ("keras_models.build_rnn", dict(n_hidden=(4, 2), head=None, horizon=1), ValueError,
     r"With head=None the last recurrent layer is the output layer, so `n_hidden\[-1\]` must equal `horizon` \(1\)\. Received: n_hidden=\[4, 2\]"),
    ("keras_models.build_rnn", dict(n_hidden=()), ValueError,
     r"`n_hidden` must hold at least one size\. Received: n_hidden=\(\)"),
    ("torch_models.build_rnn", dict(n_hidden=[3, 0], head="dense"), ValueError,
     r"`n_hidden\[1\]` must be >= 1\. Received: n_hidden\[1\]=0"),
]


def _special_cases():
    for path, override, error, message in SPECIAL:
        label = ",".join(f"{k}" for k in override)
        yield pytest.param(path, override, error, message, id=f"{path}-{label}")


@pytest.mark.parametrize("path, override, error, message", list(_special_cases()))
def test_special_invalid_input(path, override, error, message):
    if path in SPECS:
        kwargs = SPECS[path][0]()
        if "self" in kwargs:
            kwargs.pop("self")
    else:
        kwargs = {}
    if path == "data.split":
        kwargs = {}
    kwargs.update(override)
    with pytest.raises(error, match=message):
        resolve(path)(**kwargs)


@pytest.mark.parametrize(
    "arrays, error, message",
    [
        ((None,), TypeError, r"`arrays\[0\]` must be an array\. Received: arrays\[0\]=None"),
        ((np.arange(3), "abc"), TypeError, r"`arrays\[1\]` must be an array\. Received: arrays\[1\]='abc'"),
        ((RAGGED,), TypeError, r"`arrays\[0\]` must be an array\. Received: arrays\[0\]=\[\[1\.0, 2\.0\], \[3\.0\]\] \("),
        ((np.float64(3.0),), ValueError,
         r"`arrays\[0\]` must have at least one dimension to split along\. Received: arrays\[0\]="),
        ((np.arange(3), np.arange(4)), ValueError,
         r"`arrays` must all have the same first dimension\. Received first dimensions \[3, 4\]"),
        ((np.arange(2),), ValueError,
         r"`sizes` must sum to at most the number of rows \(2\)\. Received: sizes=\(1, 1, 1\) \(sum 3\)"),
    ],
)
def test_split_rejects_bad_arrays(arrays, error, message):
    from rnnbook import data

    with pytest.raises(error, match=message):
        data.split(*arrays, sizes=(1, 1, 1))


@pytest.mark.parametrize(
    "sizes, error, message",
    [
        ((1, 1), ValueError, r"`sizes` must be a tuple of three integers \(train, valid, test\)\. Received: sizes=\(1, 1\)"),
        ("abc", ValueError, r"`sizes` must be a tuple of three integers .* Received: sizes='abc'"),
        ((1.0, 1, 1), TypeError, r"`sizes\[0\]` must be an integer\. Received: sizes\[0\]=1\.0"),
        ((1, 0, 1), ValueError, r"`sizes\[1\]` must be >= 1\. Received: sizes\[1\]=0"),
    ],
)
def test_split_rejects_bad_sizes(sizes, error, message):
    from rnnbook import data

    with pytest.raises(error, match=message):
        data.split(np.arange(10), sizes=sizes)


# ---------------------------------------------------------------------------
# Checkers answer a student, whatever the answer
# ---------------------------------------------------------------------------

ABSURD_ANSWERS = [
    pytest.param(None, id="None"),
    pytest.param("abc", id="string"),
    pytest.param(RAGGED, id="ragged"),
    pytest.param(math.nan, id="nan"),
    pytest.param(math.inf, id="inf"),
    pytest.param(-1, id="negative"),
    pytest.param(True, id="bool"),
    pytest.param(object(), id="object"),
    pytest.param(np.zeros((0, 3)), id="empty-array"),
    pytest.param({"a": 1}, id="dict"),
]

CHECKERS = {
    "check_window_count": lambda answer: dict(answer=answer, length=10, lookback=3),
    "check_windows_X": lambda answer: dict(X=answer, y=np.arange(3.0, 10.0), series=np.arange(10.0), lookback=3),
    "check_windows_y": lambda answer: dict(
        X=np.lib.stride_tricks.sliding_window_view(np.arange(10.0), 3)[:7, :, None],
        y=answer, series=np.arange(10.0), lookback=3),
    "check_naive_mse": lambda answer: dict(answer=answer, X=np.ones((2, 3, 1)), y=np.zeros((2, 1))),
    "check_linear_param_count": lambda answer: dict(answer=answer, lookback=3),
    "check_rnn_param_count": lambda answer: dict(answer=answer, n_features=1, n_hidden=2),
}


@pytest.mark.parametrize("answer", ABSURD_ANSWERS)
@pytest.mark.parametrize("checker", list(CHECKERS))
def test_checkers_give_feedback_on_any_answer(checker, answer):
    from rnnbook import checks

    feedback = getattr(checks, checker.removesuffix("_X").removesuffix("_y"))(**CHECKERS[checker](answer))
    assert isinstance(feedback, checks.Feedback)
    assert not feedback.passed
    assert feedback.message.strip(), "feedback without a message"
    assert feedback.answered == (answer is not None) or checker.startswith("check_windows")
