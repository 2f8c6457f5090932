"""What a reproducible training session sets up: quiet Keras, seeds, the device, progress bars.

Nothing here runs at import time: each function does its work, and imports
its framework, when it is called.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sys

import numpy as np

from rnnbook._validate import check_int

#: Environment variable that turns progress bars off ("0") or on ("1").
PROGRESS_ENV = "RNNBOOK_PROGRESS"
#: What :func:`quiet_keras` sets, unless the environment sets it already: TensorFlow's
#: C++ log off, Keras on TensorFlow, and TensorFlow's oneDNN CPU kernels off (they sum in
#: another order, and a trained model's numbers would differ from the book's in the last
#: digits).
KERAS_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "KERAS_BACKEND": "tensorflow",
    "TF_ENABLE_ONEDNN_OPTS": "0",
}


@contextlib.contextmanager
def _quiet_stderr():
    """Send the process's standard error (file descriptor 2) to /dev/null for a moment.

    TensorFlow's C++ start-up messages ("All log messages before
    absl::InitializeLog() ...", "Could not find cuda drivers ...") ignore
    ``TF_CPP_MIN_LOG_LEVEL`` and would otherwise appear in every executed
    page. Python-level errors still propagate as exceptions.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no usable descriptor 2 (some embedded interpreters)
        yield
        return
    sys.stderr.flush()
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def quiet_keras():
    """Set up Keras as the book is built, quietly, and import it; returns the ``keras`` module.

    Sets every variable of :data:`KERAS_ENVIRONMENT` that the environment
    does not set already (a reader's own choice wins), then imports Keras
    with standard error silenced, so TensorFlow's start-up messages stay out
    of the notebook. Call it first, before anything imports TensorFlow: the
    chapters that use Keras do so in their first cell, and so do ``python -m
    rnnbook.reproduce`` and ``python -m rnnbook.bench``. Once Keras is imported
    it is too late to change how TensorFlow starts: it then only returns the
    module. TensorFlow's Python log is set to errors only: the course builds
    many small models on purpose, and each would otherwise add a notice that
    its compiled functions were traced again.

    Returns
    -------
    module
        ``keras``.

    Examples
    --------
    >>> keras = quiet_keras()
    >>> os.environ["KERAS_BACKEND"] == keras.backend.backend()
    True
    """
    if "keras" in sys.modules:
        return sys.modules["keras"]
    for name, value in KERAS_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    with _quiet_stderr():
        import keras
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    return keras


def set_seed(seed: int) -> list[str]:
    """Seed Python, NumPy and every deep-learning framework already imported.

    Call it after importing TensorFlow/Keras or PyTorch and before building
    a model: a framework that is not imported yet is not seeded (importing
    TensorFlow only to seed it would cost seconds in chapters that never use
    it). PyTorch is also switched to deterministic algorithms, and
    TensorFlow to deterministic ops, so a chapter run twice prints the same
    numbers.

    Parameters
    ----------
    seed : int
        Seed, ``0 <= seed < 2**32``.

    Returns
    -------
    list of str
        The names of what was seeded, e.g. ``["python", "numpy", "torch"]``.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer.
    ValueError
        If ``seed`` is negative or too large.

    Examples
    --------
    >>> "numpy" in set_seed(0)
    True
    """
    seed = check_int("seed", seed, minimum=0)
    if seed >= 2**32:
        raise ValueError(f"`seed` must be < 2**32. Received: seed={seed}")
    seeded = ["python", "numpy"]
    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)  # seeds the CPU and every CUDA device
        torch.use_deterministic_algorithms(True, warn_only=True)
        seeded.append("torch")
    if "tensorflow" in sys.modules or "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)  # seeds Python, NumPy and the backend
        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            tf.config.experimental.enable_op_determinism()
        seeded.append("keras")
    return seeded


def progress_enabled() -> bool:
    """Whether long loops should draw a progress bar.

    Bars help a student watching a notebook, but a built page should show
    only a clean summary. The environment variable ``RNNBOOK_PROGRESS``
    decides: ``"0"`` turns bars off (the book build and the tests set it),
    anything else, or unset, turns them on.

    Examples
    --------
    >>> import os
    >>> os.environ["RNNBOOK_PROGRESS"] = "0"
    >>> progress_enabled()
    False
    >>> del os.environ["RNNBOOK_PROGRESS"]
    """
    return os.environ.get(PROGRESS_ENV, "1").strip() != "0"


def pick_device():
    """The best available PyTorch device: CUDA, else Apple's MPS, else the CPU.

    The one place in the course that decides where PyTorch computes; every
    chapter calls it instead of hard-coding ``"cuda"`` or ``"cpu"``.

    Returns
    -------
    torch.device

    Examples
    --------
    >>> pick_device().type in {"cuda", "mps", "cpu"}
    True
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def progress_bar(total: int, description: str):
    """A tqdm bar over ``total`` epochs when :func:`progress_enabled`, else None."""
    if not progress_enabled():
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="epoch", leave=False)
