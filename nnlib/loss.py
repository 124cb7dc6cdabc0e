"""How wrong is a prediction? The mean squared error and its landscape over (m, b)."""

from __future__ import annotations

import numpy as np

from ._validation import as_vector, same_length


def _mse(y: np.ndarray, y_pred: np.ndarray) -> float:
    error = y_pred - y
    return float(error @ error) / error.size  # a dot product: same sum, no temporary square


def mse(y: object, y_pred: object) -> float:
    """Mean squared error between targets y and predictions y_pred, both of shape (n,)."""
    y = as_vector(y, "y")
    y_pred = as_vector(y_pred, "y_pred")
    same_length(y, "y", y_pred, "y_pred")
    return _mse(y, y_pred)


def mse_grid(x: object, y: object, m_values: object, b_values: object) -> np.ndarray:
    """MSE of the line y = m x + b for every pair on a grid, shape (len(b_values), len(m_values)).

    x, y: shape (n,). Row i, column j holds the loss at b = b_values[i], m = m_values[j],
    the layout `matplotlib.pyplot.contour(m_values, b_values, grid)` expects.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m_values = as_vector(m_values, "m_values")
    b_values = as_vector(b_values, "b_values")
    # The loss is a quadratic in (m, b), so five sums of the data give it everywhere on the grid
    # without building an (n_b, n_m, n) array of residuals.
    n = x.size
    sx, sy, sxx, sxy, syy = x.sum(), y.sum(), (x * x).sum(), (x * y).sum(), (y * y).sum()
    m = m_values[np.newaxis, :]
    b = b_values[:, np.newaxis]
    total = m * m * sxx + 2 * m * b * sx + n * b * b - 2 * m * sxy - 2 * b * sy + syy
    return np.maximum(total / n, 0.0)  # rounding can dip a hair below zero at the optimum
