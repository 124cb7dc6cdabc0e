"""How wrong is a prediction? The mean squared error and its landscape over (m, b) (chapter 3)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_vector, same_length


def _mse(y: np.ndarray, y_pred: np.ndarray) -> float:
    # The book's definition, mean((ŷ − y)²). Every loss computed from samples comes here.
    error = y_pred - y
    return float(error.dot(error)) / error.size  # a dot product: same sum, no temporary square


def mse(y: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error between targets y and predictions y_pred, both of shape (n,)."""
    y = as_vector(y, "y")
    y_pred = as_vector(y_pred, "y_pred")
    same_length(y, "y", y_pred, "y_pred")
    return _mse(y, y_pred)


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
    # A grid is the one place the sums pay off at once: residuals for every grid point would be
    # an (n_b, n_m, n) array, while the sums give every point with a few array operations.
    grid = _mse_from_sums(_data_sums(x, y), m_values[np.newaxis, :], b_values[:, np.newaxis])
    return np.maximum(grid, 0.0)  # rounding can dip a hair below zero at the optimum
