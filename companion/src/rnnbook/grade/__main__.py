"""``python -m rnnbook.grade``: see :mod:`rnnbook.grade`."""

import sys

from rnnbook.grade.cli import main

if __name__ == "__main__":
    sys.exit(main())
