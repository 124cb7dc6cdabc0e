"""Backpropagation for y = m x + b: the chain rule gives the gradient of the loss."""

from __future__ import annotations

import numpy as np

from ._validation import as_vector, same_length


def _backpropagate(y_pred: np.ndarray, y: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    dL_dy_pred = 2 * (y_pred - y)  # d(ŷ − y)²/dŷ, one value per sample
    # dŷ/dm = x and dŷ/db = 1; average over samples because the loss is a mean.
    n = y.size
    return float(dL_dy_pred @ x) / n, float(dL_dy_pred.sum()) / n


def backpropagate(y_pred: object, y: object, x: object) -> tuple[float, float]:
    """Gradient `(dL_dm, dL_db)` of the mean squared error, averaged over samples.

    y_pred, y, x: shape (n,). L = mean((ŷ − y)²) with ŷ = m x + b, so by the chain rule
    dL/dm = mean(2 (ŷ − y) x) and dL/db = mean(2 (ŷ − y)).
    """
    y_pred = as_vector(y_pred, "y_pred")
    y = as_vector(y, "y")
    x = as_vector(x, "x")
    same_length(y_pred, "y_pred", y, "y")
    same_length(y_pred, "y_pred", x, "x")
    return _backpropagate(y_pred, y, x)
