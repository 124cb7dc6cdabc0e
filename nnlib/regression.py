"""Linear regression with one input: the model y = m x + b and its least-squares solution.

Chapter 1 explains both: the prediction (the "feedforward") and the closed-form best line.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_number, as_vector, overflow_checked, same_length


def _feedforward(x: np.ndarray, m: float, b: float) -> np.ndarray:
    return x * m + b


def feedforward(x: ArrayLike, m: float, b: float) -> np.ndarray:
    """Predict `x * m + b`; x has shape (n,), returns shape (n,)."""
    x = as_vector(x, "x")
    m = as_number(m, "m")
    b = as_number(b, "b")
    return overflow_checked(
        lambda: _feedforward(x, m, b), "x * m + b overflows a float: x, m or b is too large"
    )


def closed_form(x: ArrayLike, y: ArrayLike) -> tuple[float, float]:
    """Least-squares slope and intercept `(m, b)` for x, y of shape (n,), from the sums formula.

    m = (n Σxy − Σx Σy) / (n Σx² − (Σx)²),  b = (Σy Σx² − Σx Σxy) / (n Σx² − (Σx)²)
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    n = x.size
    with np.errstate(over="ignore", invalid="ignore"):  # sums that overflow are refused below
        sum_x, sum_y = x.sum(), y.sum()
        sum_xy, sum_xx = (x * y).sum(), (x * x).sum()
        denominator = n * sum_xx - sum_x**2
        m_top = n * sum_xy - sum_x * sum_y
        b_top = sum_y * sum_xx - sum_x * sum_xy
    if not np.all(np.isfinite([denominator, m_top, b_top])):
        raise ValueError("x and y are too large: the least-squares sums overflow a float")
    # The denominator is n² times the variance of x: zero means every x is the same,
    # and then no single line is "the" best fit.
    if n < 2 or denominator <= 1e-12 * n * sum_xx:
        raise ValueError("x must contain at least two different values to fit a line")
    with np.errstate(over="ignore"):
        m = m_top / denominator
        b = b_top / denominator
    if not (np.isfinite(m) and np.isfinite(b)):
        raise ValueError(
            "x and y are too far apart in scale: the best line's slope or intercept "
            "overflows a float"
        )
    return float(m), float(b)
