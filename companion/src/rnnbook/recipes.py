"""One source of truth for how every benchmark model is built and trained.

For each model name the registry holds the architecture (a :class:`ModelSpec`),
the published validation MSE, the *reference recipe* it was published with
(Adam, 20 epochs, batch size 32) and the course's own training
configuration for Keras and for PyTorch. Chapters (through
:mod:`rnnbook.experiments`), ``python -m rnnbook.reproduce`` and ``python -m
rnnbook.bench`` all read from here, so a configuration is changed in exactly
one place.

Adding a model is one statement appended at the end of this file::

    register(Recipe("my_model", ModelSpec("rnn", n_hidden=(20,)), published=None,
                    reference=REFERENCE, keras=FitConfig(...), torch=FitConfig(...)))

No framework is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rnnbook._validate import check_architecture, check_choice, check_int
from rnnbook.train import FitConfig

#: Frameworks a recipe gives configurations for (a result row may also name "numpy",
#: see :data:`rnnbook.results.ROW_FRAMEWORKS`).
FRAMEWORKS = ("keras", "torch")


@dataclass(frozen=True)
class ModelSpec:
    """What to build.

    Attributes
    ----------
    kind : str
        "naive" (last value, no training), "linear" (Flatten + Dense), "rnn"
        (:func:`rnnbook.keras_models.build_rnn` / ``torch_models.build_rnn``),
        or a kind with its own function in :data:`rnnbook.experiments.RUNNERS`.
    cell : {"simple_rnn", "lstm", "gru"}
    n_hidden : tuple of int
        Units of each recurrent layer (kind "rnn").
    head : {None, "dense"}
    horizon : int
        Values forecast per window.
    seq2seq : bool
        Forecast at every time step, targets ``(N, T, horizon)``.
    """

    kind: str
    cell: str = "simple_rnn"
    n_hidden: tuple[int, ...] = (1,)
    head: str | None = None
    horizon: int = 1
    seq2seq: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str) or not self.kind:
            raise TypeError(f"`kind` must be a non-empty string. Received: kind={self.kind!r}")
        if self.kind == "rnn":
            sizes = check_architecture(
                self.cell, self.n_hidden, self.head, self.horizon, self.seq2seq
            )
            object.__setattr__(self, "n_hidden", sizes)
        else:
            check_int("horizon", self.horizon, minimum=1)

    def build_kwargs(self) -> dict:
        """Keyword arguments of ``build_rnn`` for kind "rnn" (``build_rnn(**spec.build_kwargs())``)."""
        return {
            "cell": self.cell,
            "n_hidden": list(self.n_hidden),
            "head": self.head,
            "horizon": self.horizon,
            "seq2seq": self.seq2seq,
        }


@dataclass(frozen=True)
class Recipe:
    """A benchmark model: its architecture, published figure and training configurations.

    Attributes
    ----------
    name : str
        Registry key, e.g. "deep_rnn".
    spec : ModelSpec
        The architecture.
    published : float or None
        Published validation MSE of the reference recipe (REFERENCE.md).
    reference : FitConfig
        The reference recipe.
    keras, torch : FitConfig
        The course's configuration in each framework.
    loss : str
        Training loss ("mse", "last_time_step_mse").
    metric : {"mse", "last_time_step_mse"}
        How the validation forecast is scored (and early stopping monitors).
    description : str
        One line for tables.
    """

    name: str
    spec: ModelSpec
    published: float | None
    reference: FitConfig
    keras: FitConfig
    torch: FitConfig
    loss: str = "mse"
    metric: str = "mse"
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"`name` must be a non-empty string. Received: name={self.name!r}")
        check_choice("metric", self.metric, ("mse", "last_time_step_mse"))
        check_choice("loss", self.loss, ("mse", "last_time_step_mse"))

    def config(self, framework: str, which: str = "course") -> FitConfig:
        """The training configuration for ``framework`` ("keras"/"torch"), course or reference."""
        check_choice("framework", framework, FRAMEWORKS)
        check_choice("which", which, ("course", "reference"))
        if which == "reference":
            return self.reference
        return self.keras if framework == "keras" else self.torch

    @property
    def val_metric(self) -> str | None:
        """The ``val_metric`` argument of the training loops for this recipe."""
        return None if self.metric == "mse" else self.metric


#: The reference recipe: Adam with its default learning rate, 20 epochs, batch size 32.
REFERENCE = FitConfig(epochs=20, batch_size=32, lr=1e-3)
#: The reference recipe of SimpleRNN(1): learning rate 0.005.
REFERENCE_SIMPLE_RNN = FitConfig(epochs=20, batch_size=32, lr=5e-3)
#: The reference recipe of the sequence-to-sequence models: learning rate 0.01.
REFERENCE_SEQ2SEQ = FitConfig(epochs=20, batch_size=32, lr=1e-2)
#: The course's configurations validate the whole validation split in one pass (it holds
#: 2,000 windows): validating costs no gradients, and a few large batches cost far less
#: time than 63 batches of 32, which is what the reference recipe does (Keras's default).
VAL_BATCH = 2048


def course_fit(**kwargs) -> FitConfig:
    """A course configuration: ``FitConfig(**kwargs)`` validating in batches of ``VAL_BATCH``."""
    return FitConfig(val_batch_size=VAL_BATCH, **kwargs)

#: Models without training (naive) use this placeholder configuration.
NO_TRAINING = FitConfig(epochs=1, batch_size=1, lr=1.0)

#: Every registered recipe, by name, in registration order.
RECIPES: dict[str, Recipe] = {}


def register(recipe: Recipe) -> Recipe:
    """Add ``recipe`` to :data:`RECIPES`; a name can be registered only once."""
    if not isinstance(recipe, Recipe):
        raise TypeError(f"`recipe` must be a Recipe. Received: recipe={recipe!r}")
    if recipe.name in RECIPES:
        raise ValueError(
            f"`recipe.name` must be new; {recipe.name!r} is already registered. "
            f"Received: name={recipe.name!r}"
        )
    RECIPES[recipe.name] = recipe
    return recipe


def get(name: str) -> Recipe:
    """The recipe called ``name``; ValueError listing the known names otherwise."""
    if name not in RECIPES:
        raise ValueError(f"`name` must be one of {list(RECIPES)}. Received: name={name!r}")
    return RECIPES[name]


def names() -> list[str]:
    """Registered model names, in registration order."""
    return list(RECIPES)


# ---------------------------------------------------------------------------
# The one-step benchmark models (chapters 1, 5, 6 and 8)
# ---------------------------------------------------------------------------
register(Recipe(
    "naive", ModelSpec("naive"), published=0.0202, reference=NO_TRAINING,
    keras=NO_TRAINING, torch=NO_TRAINING, description="last value repeated",
))
#: The course's configurations of both deep RNNs: moderate batches and the one-cycle schedule.
#: A Keras step costs more than a PyTorch step on a CPU, so Keras takes fewer, larger batches;
#: both were checked on several seeds (10 in PyTorch), not only on the default one.
DEEP_KERAS = course_fit(epochs=10, batch_size=128, lr=0.02, schedule="onecycle")
DEEP_TORCH = course_fit(epochs=8, batch_size=64, lr=0.02, schedule="onecycle")

register(Recipe(
    "linear", ModelSpec("linear"), published=0.0042, reference=REFERENCE,
    keras=course_fit(epochs=10, batch_size=256, lr=0.1, schedule="onecycle"),
    torch=course_fit(epochs=10, batch_size=256, lr=0.1, schedule="onecycle"),
    description="Flatten + Dense(1)",
))
register(Recipe(
    "simple_rnn", ModelSpec("rnn", n_hidden=(1,)), published=0.0109,
    reference=REFERENCE_SIMPLE_RNN,
    keras=course_fit(epochs=15, batch_size=512, lr=0.1),
    torch=course_fit(epochs=15, batch_size=512, lr=0.1),
    description="SimpleRNN(1)",
))
register(Recipe(
    "deep_rnn", ModelSpec("rnn", n_hidden=(20, 20, 1)), published=0.0029, reference=REFERENCE,
    keras=DEEP_KERAS, torch=DEEP_TORCH, description="SimpleRNN(20) x2 + SimpleRNN(1)",
))
register(Recipe(
    "deep_rnn_dense", ModelSpec("rnn", n_hidden=(20, 20), head="dense"), published=0.0026,
    reference=REFERENCE, keras=DEEP_KERAS, torch=DEEP_TORCH,
    description="SimpleRNN(20) x2 + Dense(1)",
))


# ---------------------------------------------------------------------------
# Multi-step forecasting, ten steps ahead (chapter 9), and LSTM / GRU (chapter 10)
# ---------------------------------------------------------------------------
#: The course's configuration of the sequence-to-vector model (10 outputs), both frameworks:
#: a one-cycle schedule peaking at 0.01. A simple RNN with ten outputs is easily thrown off by
#: a larger rate (at 0.02 some seeds never recover), so it gets more, larger batches instead.
MULTI_KERAS = course_fit(epochs=14, batch_size=128, lr=0.01, schedule="onecycle")
MULTI_TORCH = course_fit(epochs=14, batch_size=128, lr=0.01, schedule="onecycle")
#: The sequence-to-sequence simple RNN learns its last-step forecast late and needs many
#: small steps: batches of 32 (as the reference), six epochs, one cycle.
SEQ2SEQ_KERAS = course_fit(epochs=6, batch_size=32, lr=0.03, schedule="onecycle")
SEQ2SEQ_TORCH = course_fit(epochs=6, batch_size=32, lr=0.02, schedule="onecycle")
#: LSTM and GRU layers learn the task in far fewer steps than a simple RNN, and tolerate a
#: high peak rate; a Keras step of a gated layer is expensive on a CPU, so Keras takes few,
#: large batches. PyTorch's LSTM trains best with batches of 64; its GRU costs about twice
#: as much per batch on a CPU and takes the Keras configuration (``GATED_KERAS``).
GATED_KERAS = course_fit(epochs=5, batch_size=128, lr=0.05, schedule="onecycle")
GATED_TORCH = course_fit(epochs=5, batch_size=64, lr=0.02, schedule="onecycle")

register(Recipe(
    "naive_10", ModelSpec("naive", horizon=10), published=0.257, reference=NO_TRAINING,
    keras=NO_TRAINING, torch=NO_TRAINING, description="10 steps: last value repeated",
))
register(Recipe(
    "linear_10", ModelSpec("linear", horizon=10), published=0.0187, reference=REFERENCE,
    # a Keras fit has a fixed cost of about a second (tracing the train and test steps), a
    # large share of a linear model's fit: Keras takes fewer, larger steps than PyTorch
    keras=course_fit(epochs=8, batch_size=512, lr=0.2, schedule="onecycle"),
    torch=course_fit(epochs=10, batch_size=256, lr=0.1, schedule="onecycle"),
    description="10 steps: Flatten + Dense(10)",
))
# kind "iterative": the one-step deep RNN (n_hidden, head, horizon 1) is trained, then its
# forecasts are fed back `horizon` times (runner in rnnbook.experiments). PyTorch trains it as
# chapter 8 does (DEEP_TORCH); in Keras six epochs of the deep configuration's batches and
# rate are enough for the fed-back forecast.
register(Recipe(
    "iterative_10", ModelSpec("iterative", n_hidden=(20, 20), head="dense", horizon=10),
    published=0.028, reference=REFERENCE,
    keras=course_fit(epochs=6, batch_size=128, lr=0.02, schedule="onecycle"), torch=DEEP_TORCH,
    description="10 steps: one-step SimpleRNN(20) x2 + Dense(1), fed back",
))
register(Recipe(
    "seq2vec_10", ModelSpec("rnn", n_hidden=(20, 20), head="dense", horizon=10),
    published=0.0085, reference=REFERENCE, keras=MULTI_KERAS, torch=MULTI_TORCH,
    description="10 steps: SimpleRNN(20) x2 + Dense(10)",
))
register(Recipe(
    "seq2seq_10",
    ModelSpec("rnn", n_hidden=(20, 20), head="dense", horizon=10, seq2seq=True),
    published=0.0096, reference=REFERENCE_SEQ2SEQ, keras=SEQ2SEQ_KERAS, torch=SEQ2SEQ_TORCH,
    metric="last_time_step_mse",
    description="10 steps at every step: SimpleRNN(20) x2 + TimeDistributed(Dense(10))",
))
# The published LSTM and GRU models were compiled with Adam's default learning rate
# (optimizer="adam"), unlike the SimpleRNN seq2seq model (0.01): their reference is REFERENCE.
register(Recipe(
    "lstm_seq2seq",
    ModelSpec("rnn", cell="lstm", n_hidden=(20, 20), head="dense", horizon=10, seq2seq=True),
    published=0.0086, reference=REFERENCE, keras=GATED_KERAS, torch=GATED_TORCH,
    metric="last_time_step_mse",
    description="10 steps at every step: LSTM(20) x2 + TimeDistributed(Dense(10))",
))
register(Recipe(
    "gru_seq2seq",
    ModelSpec("rnn", cell="gru", n_hidden=(20, 20), head="dense", horizon=10, seq2seq=True),
    published=0.0103, reference=REFERENCE, keras=GATED_KERAS, torch=GATED_KERAS,
    metric="last_time_step_mse",
    description="10 steps at every step: GRU(20) x2 + TimeDistributed(Dense(10))",
))
