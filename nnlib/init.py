"""How a network's weights start: small random numbers, Glorot's rule or He's (chapter 13).

A layer with n_in inputs and n_out neurons gets a weight matrix of shape (n_in, n_out). Each
scheme draws its entries independently, with mean 0 and a spread chosen from the layer's size:

- "small":  normal, standard deviation 0.01, whatever the layer's size;
- "glorot": uniform on ±sqrt(6 / (n_in + n_out)), variance 2 / (n_in + n_out) (Glorot and
            Bengio, 2010; what `nnlib.network.init_layers` and scikit-learn's MLP use);
- "he":     normal, variance 2 / n_in (He and others, 2015; made for ReLU).

Chapter 13 derives why the spread decides whether a gradient survives many layers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validation import as_count
from .network import MAX_HIDDEN_UNITS, Dense, get_activation

SCHEMES = ("small", "glorot", "he")
SMALL_SD = 0.01


def _as_scheme(scheme: object) -> str:
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a string, one of {SCHEMES}, got {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    return scheme


def _as_rng(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator such as np.random.default_rng(0), "
            f"got {type(rng).__name__}"
        )
    return rng


def initial_weights(n_in: int, n_out: int, scheme: str, rng: np.random.Generator) -> np.ndarray:
    """Random starting weights of shape (n_in, n_out), drawn by `scheme` ("small", "glorot" or
    "he"; see the module's docstring) from `rng`."""
    n_in = as_count(n_in, "n_in", maximum=MAX_HIDDEN_UNITS)
    n_out = as_count(n_out, "n_out", maximum=MAX_HIDDEN_UNITS)
    scheme = _as_scheme(scheme)
    rng = _as_rng(rng)
    if scheme == "small":
        return rng.normal(0.0, SMALL_SD, size=(n_in, n_out))
    if scheme == "glorot":
        bound = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-bound, bound, size=(n_in, n_out))
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def build_layers(
    sizes: Sequence[int],
    activation: str,
    rng: np.random.Generator,
    scheme: str = "glorot",
    output_activation: str = "identity",
) -> list[Dense]:
    """Fresh layers for a network sizes[0] → sizes[1] → ... → sizes[-1]: len(sizes) − 1 Dense
    layers, layer l with weights of shape (sizes[l − 1], sizes[l]) drawn by `scheme` and biases
    of shape (sizes[l],) starting at zero. The hidden layers use `activation`, the last layer
    `output_activation` (linear by default).

    (`nnlib.network.init_layers` draws its biases from the Glorot range too, as scikit-learn
    does; here every scheme starts them at zero, so that schemes differ in the weights only.)
    """
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()  # integers stay integers; floats are refused below
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(
            f"sizes must be a sequence of integers such as (64, 32, 10), got {type(sizes).__name__}"
        )
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must hold at least two sizes, the inputs and the outputs, got {list(sizes)}"
        )
    sizes = [as_count(size, "sizes", maximum=MAX_HIDDEN_UNITS) for size in sizes]
    hidden = get_activation(activation)
    output = get_activation(output_activation)
    scheme = _as_scheme(scheme)
    rng = _as_rng(rng)
    layers: list[Dense] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        is_output = len(layers) == len(sizes) - 2
        weights = initial_weights(n_in, n_out, scheme, rng)
        layers.append(Dense(weights, np.zeros(n_out), output if is_output else hidden))
    return layers
