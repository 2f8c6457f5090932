"""A PyTorch layer's weights as float64 NumPy arrays, read by name, without importing torch.

Checkers of exercises that copy a trained ``torch.nn.RNN`` or
``torch.nn.LSTM`` into NumPy take the layer itself and read its first layer's
parameters (``weight_ih_l0`` ``(gates*H, F)``, ``weight_hh_l0``
``(gates*H, H)``, ``bias_ih_l0``, ``bias_hh_l0``) in PyTorch's own layout.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnbook._validate import _short, check_array

#: The parameters of a PyTorch recurrent layer's first layer.
TORCH_LAYER0 = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")


def layer_weights(layer: Any, names: tuple[str, ...] = TORCH_LAYER0) -> tuple[np.ndarray, ...]:
    """The parameters ``names`` of ``layer``, as float64 arrays, in that order.

    Parameters
    ----------
    layer : object
        A ``torch.nn.RNN``, ``torch.nn.LSTM`` or ``torch.nn.GRU`` (anything
        with those attributes: tensors or arrays).
    names : tuple of str
        The attributes to read.

    Returns
    -------
    tuple of numpy.ndarray

    Raises
    ------
    TypeError
        If ``layer`` lacks one of ``names`` or a parameter is not numeric.
    ValueError
        If a parameter holds a non-finite value.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> fake = SimpleNamespace(weight_ih_l0=[[1.0]], weight_hh_l0=[[0.5]],
    ...                        bias_ih_l0=[0.0], bias_hh_l0=[0.1])
    >>> [w.shape for w in layer_weights(fake)]
    [(1, 1), (1, 1), (1,), (1,)]
    """
    arrays = []
    for name in names:
        value = getattr(layer, name, None)
        if value is None:
            raise TypeError(
                f"`layer` must be a PyTorch recurrent layer with the parameter `{name}`. "
                f"Received: layer={_short(layer)}"
            )
        if hasattr(value, "detach"):  # a tensor, possibly requiring grad
            value = value.detach().cpu().numpy()
        arrays.append(check_array(f"layer.{name}", value).astype(np.float64))
    return tuple(arrays)
