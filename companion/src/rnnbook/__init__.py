"""rnnbook: the companion package of *Recurrent Neural Networks for Sequential Data*.

One module per idea; import the one you need, e.g. ``from rnnbook import data``.
Importing the package is cheap: it loads neither TensorFlow nor PyTorch and
changes no global state (no seeds, no matplotlib settings, no environment).
"""

__version__ = "0.1.0"
