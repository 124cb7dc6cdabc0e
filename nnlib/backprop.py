"""Backpropagation for y = m x + b: the chain rule gives the gradient of the loss."""

from __future__ import annotations

import numpy as np

from ._validation import as_vector, same_length


def _backpropagate(x: np.ndarray, y: np.ndarray, y_pred: np.ndarray) -> tuple[float, float]:
    dL_dy_pred = 2 * (y_pred - y)  # d(ŷ − y)²/dŷ, one value per sample
    # dŷ/dm = x and dŷ/db = 1; average over samples because the loss is a mean.
    n = y.size
    return float(dL_dy_pred @ x) / n, float(dL_dy_pred.sum()) / n


def backpropagate(x: object, y: object, y_pred: object) -> tuple[float, float]:
    """Gradient `(dL_dm, dL_db)` of the mean squared error, averaged over samples.

    x, y, y_pred: shape (n,): inputs, targets and predictions. L = mean((ŷ − y)²) with
    ŷ = m x + b, so by the chain rule dL/dm = mean(2 (ŷ − y) x) and dL/db = mean(2 (ŷ − y)).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    y_pred = as_vector(y_pred, "y_pred")
    same_length(x, "x", y, "y")
    same_length(x, "x", y_pred, "y_pred")
    return _backpropagate(x, y, y_pred)
