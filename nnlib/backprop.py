"""Backpropagation for y = m x + b: the chain rule gives the gradient of the loss (chapter 4)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_vector, overflow_checked, same_length


def _backpropagate(x: np.ndarray, y: np.ndarray, y_pred: np.ndarray) -> tuple[float, float]:
    # dL/dŷ = 2 (ŷ − y) / n for each sample; dŷ/dm = x and dŷ/db = 1. The factor 2/n is the
    # same for every sample, so it multiplies the two sums once instead of every residual.
    error = y_pred - y
    n = y.size
    return 2 * float(error.dot(x)) / n, 2 * float(error.sum()) / n


def backpropagate(x: ArrayLike, y: ArrayLike, y_pred: ArrayLike) -> tuple[float, float]:
    """Gradient `(dL_dm, dL_db)` of the mean squared error, averaged over samples.

    x, y, y_pred: shape (n,): inputs, targets and predictions. L = mean((ŷ − y)²) with
    ŷ = m x + b, so by the chain rule dL/dm = mean(2 (ŷ − y) x) and dL/db = mean(2 (ŷ − y)).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    y_pred = as_vector(y_pred, "y_pred")
    same_length(x, "x", y, "y")
    same_length(x, "x", y_pred, "y_pred")
    return overflow_checked(
        lambda: _backpropagate(x, y, y_pred),
        "the gradient overflows a float: x, y or y_pred is too large",
    )
