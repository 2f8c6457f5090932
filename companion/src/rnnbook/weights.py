"""Move one set of simple-RNN weights between NumPy, Keras ``SimpleRNN`` and ``torch.nn.RNN``.

The three implementations compute the same function but store it differently.

=========================  ===============================  =====================
                           input weights / recurrent / bias  convention
=========================  ===============================  =====================
NumPy (:mod:`numpy_rnn`)   ``W_x`` (F, H), ``W_h`` (H, H),  rows: ``X_t W_x``
                           ``b`` (H,)
Keras ``SimpleRNN``        ``kernel`` (F, H),               rows: same as NumPy
                           ``recurrent_kernel`` (H, H),
                           ``bias`` (H,)
``torch.nn.RNN``           ``weight_ih_l0`` (H, F),         rows, transposed:
                           ``weight_hh_l0`` (H, H),         ``x_t W_ih^T``
                           ``bias_ih_l0`` (H,),
                           ``bias_hh_l0`` (H,)
=========================  ===============================  =====================

Keras uses the course's row-vector convention,
:math:`H_t = \\tanh(X_t W_x + H_{t-1} W_h + b)`, so its weights are ours
unchanged. PyTorch documents ``nn.RNN`` as
:math:`h_t = \\tanh(x_t W_{ih}^\\top + b_{ih} + h_{t-1} W_{hh}^\\top + b_{hh})`
(its ``nn.RNNCell`` page writes the same for column vectors, :math:`W_{ih} x_t`), and
stores :math:`W_{ih} = W_x^\\top` and :math:`W_{hh} = W_h^\\top`; it also
keeps two bias vectors whose sum is our ``b``. Going to PyTorch we put ``b``
in ``bias_ih_l0`` and zeros in ``bias_hh_l0``; coming back we add them.

Keras and PyTorch are imported inside the functions that need them, so
importing this module is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rnnbook._validate import _short
from rnnbook.numpy_rnn import check_params

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import keras
    import torch


def _keras_layer(layer: Any):
    import keras

    if not isinstance(layer, keras.layers.SimpleRNN):
        raise TypeError(f"`layer` must be a keras.layers.SimpleRNN. Received: layer={_short(layer)}")
    cell = layer.cell
    if getattr(cell.activation, "__name__", "") != "tanh":
        raise ValueError(
            "`layer` must use the tanh activation, as the NumPy layer does. "
            f"Received: layer with activation {getattr(cell.activation, '__name__', cell.activation)}"
        )
    if not cell.use_bias:
        raise ValueError("`layer` must have a bias (use_bias=True). Received: layer with use_bias=False")
    return layer


def to_keras(params: dict[str, np.ndarray], layer: keras.layers.SimpleRNN) -> keras.layers.SimpleRNN:
    """Copy NumPy parameters into a Keras ``SimpleRNN`` layer.

    ``kernel = W_x``, ``recurrent_kernel = W_h``, ``bias = b`` (no
    transposes: Keras uses the same row-vector convention). An unbuilt
    layer is built for ``F = W_x.shape[0]`` input features first. Values
    are cast to the layer's dtype (float32 by default).

    Parameters
    ----------
    params : dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``.
    layer : keras.layers.SimpleRNN
        A layer with ``units == H``, tanh activation and a bias.

    Returns
    -------
    keras.layers.SimpleRNN
        The same ``layer``, now holding ``params``.

    Raises
    ------
    TypeError
        If ``layer`` is not a ``SimpleRNN`` or ``params`` is invalid.
    ValueError
        If the layer's sizes differ from the parameters', or it does not
        use tanh and a bias.

    Examples
    --------
    >>> import keras
    >>> from rnnbook.numpy_rnn import init_params
    >>> layer = to_keras(init_params(2, 4, seed=0), keras.layers.SimpleRNN(4))
    >>> [w.shape for w in layer.get_weights()]
    [(2, 4), (4, 4), (4,)]
    """
    W_x, W_h, b = check_params(params)
    layer = _keras_layer(layer)
    F, H = W_x.shape
    if layer.units != H:
        raise ValueError(
            f"`layer` must have units = H = {H}, the columns of W_x. Received: layer with units={layer.units}"
        )
    if not layer.built:
        layer.build((None, None, F))
    kernel = layer.cell.kernel
    if tuple(kernel.shape) != (F, H):
        raise ValueError(
            f"`layer` must take F = {F} input features, the rows of W_x. "
            f"Received: layer with kernel of shape {tuple(kernel.shape)}"
        )
    layer.set_weights([W_x, W_h, b])  # cast to the layer's dtype by Keras
    return layer


def from_keras(layer: keras.layers.SimpleRNN) -> dict[str, np.ndarray]:
    """Read the parameters of a built Keras ``SimpleRNN`` layer as a NumPy dict.

    Parameters
    ----------
    layer : keras.layers.SimpleRNN
        A built layer (one that has been called or built), tanh, with bias.

    Returns
    -------
    dict
        ``{"W_x": kernel (F, H), "W_h": recurrent_kernel (H, H), "b": bias (H,)}``,
        copies in the layer's dtype.

    Raises
    ------
    TypeError
        If ``layer`` is not a ``SimpleRNN``.
    ValueError
        If the layer is not built yet, or does not use tanh and a bias.

    Examples
    --------
    >>> import keras
    >>> layer = keras.layers.SimpleRNN(3)
    >>> layer.build((None, None, 1))
    >>> {name: w.shape for name, w in from_keras(layer).items()}
    {'W_x': (1, 3), 'W_h': (3, 3), 'b': (3,)}
    """
    layer = _keras_layer(layer)
    if not layer.built:
        raise ValueError(
            "`layer` must be built (called on data or built with layer.build((None, None, F))) "
            "before its weights can be read. Received: an unbuilt layer"
        )
    W_x, W_h, b = layer.get_weights()
    return {"W_x": np.array(W_x), "W_h": np.array(W_h), "b": np.array(b)}


def _torch_module(module: Any):
    from torch import nn

    if not isinstance(module, nn.RNN):
        raise TypeError(f"`module` must be a torch.nn.RNN. Received: module={_short(module)}")
    rules = (
        ("num_layers", 1), ("nonlinearity", "tanh"), ("bidirectional", False), ("bias", True),
        ("proj_size", 0),
    )
    for attribute, wanted in rules:
        value = getattr(module, attribute, wanted)
        if value != wanted:
            raise ValueError(
                f"`module` must have {attribute}={wanted!r} (a single tanh layer with biases). "
                f"Received: module with {attribute}={value!r}"
            )
    return module


def to_torch(params: dict[str, np.ndarray], module: torch.nn.RNN) -> torch.nn.RNN:
    """Copy NumPy parameters into a single-layer ``torch.nn.RNN``.

    ``weight_ih_l0 = W_x.T``, ``weight_hh_l0 = W_h.T``, ``bias_ih_l0 = b``
    and ``bias_hh_l0 = 0``. Values are cast to the module's dtype and
    device. Whether the module is ``batch_first`` does not matter for its
    weights (the course always uses ``batch_first=True``).

    Parameters
    ----------
    params : dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``.
    module : torch.nn.RNN
        ``input_size == F``, ``hidden_size == H``, one layer, tanh, with biases,
        not bidirectional.

    Returns
    -------
    torch.nn.RNN
        The same ``module``, now holding ``params``.

    Raises
    ------
    TypeError
        If ``module`` is not an ``nn.RNN`` or ``params`` is invalid.
    ValueError
        If the sizes differ, or the module is not a single tanh layer with biases.

    Examples
    --------
    >>> import torch
    >>> from rnnbook.numpy_rnn import init_params
    >>> module = to_torch(init_params(2, 4, seed=0), torch.nn.RNN(2, 4, batch_first=True))
    >>> module.weight_ih_l0.shape, float(module.bias_hh_l0.detach().abs().sum())
    (torch.Size([4, 2]), 0.0)
    """
    import torch

    W_x, W_h, b = check_params(params)
    module = _torch_module(module)
    F, H = W_x.shape
    if (module.input_size, module.hidden_size) != (F, H):
        raise ValueError(
            f"`module` must have input_size = F = {F} and hidden_size = H = {H}, the shape of W_x. "
            f"Received: module with input_size={module.input_size}, hidden_size={module.hidden_size}"
        )
    values = {
        "weight_ih_l0": W_x.T,  # (H, F)
        "weight_hh_l0": W_h.T,  # (H, H)
        "bias_ih_l0": b,  # (H,)
        "bias_hh_l0": np.zeros_like(b),  # (H,)
    }
    with torch.no_grad():
        for name, value in values.items():
            param = getattr(module, name)
            param.copy_(torch.as_tensor(np.ascontiguousarray(value), dtype=param.dtype))
    return module


def from_torch(module: torch.nn.RNN) -> dict[str, np.ndarray]:
    """Read a single-layer ``torch.nn.RNN`` as a NumPy parameter dict.

    ``W_x = weight_ih_l0.T``, ``W_h = weight_hh_l0.T``,
    ``b = bias_ih_l0 + bias_hh_l0`` (the two biases always appear as a sum,
    so one vector computes the same function).

    Parameters
    ----------
    module : torch.nn.RNN
        One layer, tanh, with biases, not bidirectional; any device.

    Returns
    -------
    dict
        ``{"W_x": (F, H), "W_h": (H, H), "b": (H,)}``, NumPy copies in the
        module's dtype (float32 by default).

    Raises
    ------
    TypeError
        If ``module`` is not an ``nn.RNN``.
    ValueError
        If the module is not a single tanh layer with biases.

    Examples
    --------
    >>> import torch
    >>> params = from_torch(torch.nn.RNN(1, 1))
    >>> {name: value.shape for name, value in params.items()}
    {'W_x': (1, 1), 'W_h': (1, 1), 'b': (1,)}
    """
    module = _torch_module(module)

    def numpy(name: str) -> np.ndarray:
        return getattr(module, name).detach().cpu().numpy().copy()

    return {
        "W_x": np.ascontiguousarray(numpy("weight_ih_l0").T),  # (F, H)
        "W_h": np.ascontiguousarray(numpy("weight_hh_l0").T),  # (H, H)
        "b": numpy("bias_ih_l0") + numpy("bias_hh_l0"),  # (H,)
    }
