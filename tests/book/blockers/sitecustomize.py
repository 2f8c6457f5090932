"""Hides the packages named in ``RNNBOOK_BLOCKED_IMPORTS``, as if they were not installed.

Python imports ``sitecustomize`` at start-up from the first folder of
``sys.path`` that holds one, so with this folder on ``PYTHONPATH`` and, for
instance, ``RNNBOOK_BLOCKED_IMPORTS=tensorflow,keras``, the interpreter behaves
as one without TensorFlow and Keras: ``import keras`` and ``import
keras.layers`` raise ``ModuleNotFoundError: No module named 'keras'``,
``importlib.util.find_spec("tensorflow")`` returns None (PyTorch asks it that
way whether TensorFlow is there), and ``importlib.metadata`` finds no such
distribution. Code that catches ``ImportError`` to do without a framework takes
that path. ``tests/book/test_standalone.py`` starts the kernels that execute
chapters this way. Without the variable (or with it empty) nothing changes.

It works by wrapping each finder already on ``sys.meta_path`` (the path-based
finder that searches ``site-packages`` among them) so that it does not find a
blocked package; every other name, and every other method of a finder, is
handed to the finder unchanged.
"""

import os
import re
import sys

#: Where the test reads which packages are hidden.
ENVIRONMENT = "RNNBOOK_BLOCKED_IMPORTS"


def _normal(name):
    """A distribution's name as ``pip`` compares them: lower case, runs of ``-_.`` as ``-``."""
    return re.sub(r"[-_.]+", "-", str(name or "")).lower()


class HidingFinder:
    """A finder of ``sys.meta_path`` that no longer finds the blocked packages."""

    def __init__(self, finder, names):
        self.finder = finder
        self.names = frozenset(names)

    def blocks(self, fullname):
        """Whether ``fullname`` is a blocked package or one of its submodules."""
        return fullname.partition(".")[0] in self.names

    def find_spec(self, fullname, path=None, target=None):
        if self.blocks(fullname) or not hasattr(self.finder, "find_spec"):
            return None  # not found here; no other finder finds it either
        return self.finder.find_spec(fullname, path, target)

    def find_distributions(self, *args, **kwargs):
        if not hasattr(self.finder, "find_distributions"):
            return
        hidden = {_normal(name) for name in self.names}
        for distribution in self.finder.find_distributions(*args, **kwargs):
            if _normal(distribution.metadata["Name"]) not in hidden:
                yield distribution

    def __getattr__(self, name):  # invalidate_caches and the rest: the finder's own
        return getattr(self.finder, name)

    def __repr__(self):
        return f"HidingFinder({self.finder!r}, hides={sorted(self.names)})"


_names = [name.strip() for name in os.environ.get(ENVIRONMENT, "").split(",") if name.strip()]
if _names:
    sys.meta_path[:] = [HidingFinder(finder, _names) for finder in sys.meta_path]
