"""The environment of the package's tests: no progress bars, and Keras set up as the book is.

Keras is imported through :func:`rnnbook.train.quiet_keras` before any test
module imports it, so the tests compute with the book's settings (oneDNN
kernels off) and without TensorFlow's start-up messages.
"""

import os

from rnnbook.train import quiet_keras

os.environ.setdefault("RNNBOOK_PROGRESS", "0")
quiet_keras()
