"""Makes the packages named in ``RNNBOOK_BLOCKED_IMPORTS`` unimportable, as if not installed.

Python imports ``sitecustomize`` at start-up from the first folder of
``sys.path`` that holds one, so with this folder on ``PYTHONPATH`` and, for
instance, ``RNNBOOK_BLOCKED_IMPORTS=tensorflow,keras``, every ``import keras``,
``import keras.layers`` or ``import tensorflow`` in that interpreter raises
``ModuleNotFoundError``, the error a student without TensorFlow sees. Code that
catches ``ImportError`` to do without a framework takes that path.
``tests/book/test_standalone.py`` starts the kernels that execute chapters this
way. Without the variable (or with it empty) nothing is blocked.
"""

import os
import sys

#: Where the test reads which packages were blocked.
ENVIRONMENT = "RNNBOOK_BLOCKED_IMPORTS"


class BlockedImports:
    """A ``sys.meta_path`` finder, asked first, that refuses packages and their submodules."""

    def __init__(self, names):
        self.names = frozenset(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} ({ENVIRONMENT} blocks "
                f"{', '.join(sorted(self.names))} in this interpreter)",
                name=fullname,
            )
        return None  # not blocked: the next finder looks for it


_names = [name.strip() for name in os.environ.get(ENVIRONMENT, "").split(",") if name.strip()]
if _names:
    sys.meta_path.insert(0, BlockedImports(_names))
