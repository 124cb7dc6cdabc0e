"""How wrong is a prediction? The mean squared error and its landscape over (m, b) (chapter 3)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_labels, as_vector, overflow_checked, same_length


def _mse(y: np.ndarray, y_pred: np.ndarray) -> float:
    # The book's definition, mean((ŷ − y)²). Every loss computed from samples comes here.
    error = y_pred - y
    return float(error.dot(error)) / error.size  # a dot product: same sum, no temporary square


def mse(y: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error between targets y and predictions y_pred, both of shape (n,)."""
    y = as_vector(y, "y")
    y_pred = as_vector(y_pred, "y_pred")
    same_length(y, "y", y_pred, "y_pred")
    return overflow_checked(
        lambda: _mse(y, y_pred),
        "y and y_pred are too far apart: their squared differences overflow a float",
    )


def _bce(y: np.ndarray, z: np.ndarray) -> float:
    """Binary cross-entropy −mean(y log ŷ + (1 − y) log(1 − ŷ)) with ŷ = σ(z), from the weighted
    sums z (shape (n,)) rather than from ŷ; y holds labels 0 and 1. Every cross-entropy in nnlib
    comes here.

    Substituting σ(z) = 1 / (1 + e^(−z)), a sample of class 1 costs −log σ(z) = log(1 + e^(−z))
    and one of class 0 costs −log(1 − σ(z)) = log(1 + e^z): both are log(1 + e^(−s z)) with
    s = 2y − 1 the label's sign, the "softplus" of −s z. From ŷ the loss breaks for a confident
    network: ŷ rounds to exactly 1 once z > 37 (to 0 far out on the other side), and
    log(1 − ŷ) = log(0) = −inf even though the true loss is finite. log(1 + e^t) =
    logaddexp(0, t), which numpy computes as max(t, 0) + log1p(e^(−|t|)): no overflow for any
    t, and a small loss (t very negative, a confident right answer) comes out as log1p(e^t) ≈ e^t
    to full relative precision. (The equal log(1 + e^z) − y z subtracts two numbers near z for a
    confident right answer of class 1, and loses every digit from z ≈ 36 on.) Every term is
    positive, so the mean adds no cancellation of its own.
    """
    return float(np.logaddexp(0.0, (1.0 - 2.0 * y) * z).sum()) / z.size


# Probabilities closer than this to 0 or 1 are moved to it, so that log(0) never happens.
PROBABILITY_CLIP = 1e-15


def binary_cross_entropy(y: ArrayLike, y_prob: ArrayLike) -> float:
    """Binary cross-entropy −mean(y log ŷ + (1 − y) log(1 − ŷ)) of labels y (0 or 1) and
    predicted probabilities y_prob of class 1, both of shape (n,).

    A probability of exactly 0 for a sample of class 1 would cost log(0) = −inf, so y_prob is
    clipped to [1e-15, 1 − 1e-15] first (a loss of at most about 34.5 per sample). Each sample
    then costs −log ŷ (class 1) or −log1p(−ŷ) = −log(1 − ŷ) (class 0), which keeps full relative
    precision for a confident right answer too: log1p never forms 1 − ŷ, and log ŷ of a ŷ near
    1 is computed from ŷ itself. (Turning ŷ into z = log(ŷ / (1 − ŷ)) for `_bce` would cost up
    to |z| ε ≈ 35 ε of relative accuracy.)
    """
    y = as_labels(y, "y")
    y_prob = as_vector(y_prob, "y_prob")
    same_length(y, "y", y_prob, "y_prob")
    if np.any((y_prob < 0) | (y_prob > 1)):
        raise ValueError("y_prob must hold probabilities between 0 and 1")
    p = np.clip(y_prob, PROBABILITY_CLIP, 1 - PROBABILITY_CLIP)
    return float(-np.where(y == 1, np.log(p), np.log1p(-p)).sum()) / p.size


# A loss at one point (floats) or on a whole grid (arrays that broadcast).
FloatOrArray = TypeVar("FloatOrArray", float, np.ndarray)


def _data_sums(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {
        "n": x.size,
        "sx": float(x.sum()),
        "sy": float(y.sum()),
        "sxx": float((x * x).sum()),
        "sxy": float((x * y).sum()),
        "syy": float((y * y).sum()),
    }


def _mse_from_sums(sums: dict[str, float], m: FloatOrArray, b: FloatOrArray) -> FloatOrArray:
    """The same MSE as `_mse(y, m x + b)`, from the five sums of the data instead of the samples.

    Expanding mean((m x + b − y)²) gives a quadratic in (m, b) whose coefficients are the sums
    Σx, Σy, Σx², Σxy, Σy² and n: once they are known, the loss at any (m, b) costs a dozen
    multiplications whatever n is. m and b may also be arrays that broadcast (a whole grid).
    The terms are added in exactly this order, the order the browser's explorers use too, so
    that both sides get the same bits. Not clipped: rounding can dip a hair below zero at the
    optimum, and each caller decides what to do with that.
    """
    n, sx, sy = sums["n"], sums["sx"], sums["sy"]
    sxx, sxy, syy = sums["sxx"], sums["sxy"], sums["syy"]
    return (m * m * sxx + 2 * m * b * sx + n * b * b - 2 * m * sxy - 2 * b * sy + syy) / n


def mse_grid(x: ArrayLike, y: ArrayLike, m_values: ArrayLike, b_values: ArrayLike) -> np.ndarray:
    """MSE of the line y = m x + b for every pair on a grid, shape (len(b_values), len(m_values)).

    x, y: shape (n,). Row i, column j holds the loss at b = b_values[i], m = m_values[j],
    the layout `matplotlib.pyplot.contour(m_values, b_values, grid)` expects.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m_values = as_vector(m_values, "m_values")
    b_values = as_vector(b_values, "b_values")
    return _checked_mse_grid(x, y, m_values, b_values, "m_values or b_values")


def _checked_mse_grid(
    x: np.ndarray, y: np.ndarray, m_values: np.ndarray, b_values: np.ndarray, grid_names: str
) -> np.ndarray:
    """`mse_grid` of checked vectors; a ValueError naming x and y, or `grid_names`, if the
    data's sums or the loss somewhere on the grid overflow a float."""
    sums = overflow_checked(
        lambda: _data_sums(x, y), "x and y are too large: their sums of squares overflow a float"
    )
    # A grid is the one place the sums pay off at once: residuals for every grid point would be
    # an (n_b, n_m, n) array, while the sums give every point with a few array operations.
    grid = overflow_checked(
        lambda: _mse_from_sums(sums, m_values[np.newaxis, :], b_values[:, np.newaxis]),
        f"the loss overflows a float at some of these (m, b): {grid_names} is too large",
    )
    return np.maximum(grid, 0.0)  # rounding can dip a hair below zero at the optimum
