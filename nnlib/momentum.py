"""Momentum: gradient descent that keeps part of its previous steps (chapter 8).

Heavy-ball momentum keeps a velocity v, a running sum of past gradients that fades by a factor
β per step, and moves the weights along it:

    v ← β v + ∇L,    θ ← θ − η v.

With β = 0 it is plain gradient descent. On a quadratic loss such as the MSE of a line, each
curvature direction λ of the Hessian evolves on its own, and one step is a 2 × 2 linear map of
(distance to the optimum, velocity). Both eigenvalues of that map lie inside the unit circle,
so that the run converges from every start, iff

    0 ≤ β < 1   and   0 < η λ < 2 (1 + β),

and for the whole problem this must hold for λmax: the largest stable learning rate grows from
2/λmax (plain descent) to 2 (1 + β)/λmax. Chapter 8 derives this and the best (η, β).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_count, as_number, as_positive, as_sums, as_vector, same_length
from .backprop import _backpropagate
from .descent import (
    DIVERGENCE_FACTOR,
    DescentResult,
    _clipped_mse_from_sums,
    _hessian,
    _result,
    largest_curvature_from_sums,
)
from .loss import _data_sums, _mse
from .regression import _feedforward


def _as_beta(value: object) -> float:
    """β as a float in [0, 1), or a ValueError/TypeError naming `beta`."""
    beta = as_number(value, "beta")
    if not 0 <= beta < 1:
        # β = 1 never forgets a gradient: the ball rolls for ever; β < 0 is not momentum.
        raise ValueError(f"beta must be in [0, 1) (0 is plain gradient descent), got {beta}")
    return beta


def momentum_descent(
    x: ArrayLike,
    y: ArrayLike,
    m0: float,
    b0: float,
    learning_rate: float,
    beta: float,
    steps: int,
) -> DescentResult:
    """Fit y ≈ m x + b by `steps` steps of heavy-ball momentum on the MSE.

    x, y: shape (n,). Starts at (m0, b0) with zero velocity. Each step is chapter 5's loop
    (feed forward, loss, backpropagate) followed by v ← β v + ∇L and θ ← θ − η v for θ = m, b,
    with η = learning_rate and β = beta in [0, 1); β = 0 is `gradient_descent`, step for step.
    Stops early, with `diverged=True`, if the loss becomes inf/NaN or grows a million-fold past
    the start (plus one), like `gradient_descent`. `unstable` is True if the run diverged or
    learning_rate > 2 (1 + β)/λmax, where the step map of the steepest direction has an
    eigenvalue outside the unit circle and the run will diverge given enough steps.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    beta = _as_beta(beta)
    steps = as_count(steps, "steps")

    m_path, b_path, losses = [], [], []
    velocity_m, velocity_b = 0.0, 0.0
    diverged = False
    # A step that is too big overflows to inf on purpose; `diverged` reports it, not a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            y_pred = _feedforward(x, m, b)
            loss = _mse(y, y_pred)
            m_path.append(m)
            b_path.append(b)
            losses.append(loss)
            if not math.isfinite(loss) or loss > DIVERGENCE_FACTOR * (losses[0] + 1):
                diverged = True
                break
            if step == steps:
                break
            dL_dm, dL_db = _backpropagate(x, y, y_pred)
            # The velocity: this gradient plus what is left of the earlier ones.
            velocity_m = beta * velocity_m + dL_dm
            velocity_b = beta * velocity_b + dL_db
            m = m - learning_rate * velocity_m
            b = b - learning_rate * velocity_b
        # λmax from the sums, as momentum_from_sums and the browser compute it: one λmax, so
        # both report the same `unstable` even at the exact limit.
        largest = largest_curvature_from_sums(_data_sums(x, y))
        unstable = diverged or learning_rate > 2 * (1 + beta) / largest
    return _result(m_path, b_path, losses, diverged, unstable, learning_rate, steps)


def momentum_from_sums(
    sums: dict[str, float],
    m0: float,
    b0: float,
    learning_rate: float,
    beta: float,
    steps: int,
) -> DescentResult:
    """The same run as `momentum_descent(x, y, m0, b0, learning_rate, beta, steps)`, from sums.

    sums: {"n", "sx", "sy", "sxx", "sxy", "syy"} as returned by `data_sums(x, y)`. The loss and
    its gradient at any (m, b) depend on the data only through these sums, so a step costs a
    few multiplications of plain floats (see `gradient_descent_from_sums`). The scalar formulas
    are written in a fixed order, the order of the browser's copy (js/src/momentum.js), so that
    both give the same bits; with β = 0 every step is bit for bit `gradient_descent_from_sums`.
    """
    sums = as_sums(sums, "sums")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    beta = _as_beta(beta)
    steps = as_count(steps, "steps")
    n, sx, sy, sxx, sxy = sums["n"], sums["sx"], sums["sy"], sums["sxx"], sums["sxy"]

    m_path, b_path, losses = [m], [b], [_clipped_mse_from_sums(sums, m, b)]
    limit_loss = DIVERGENCE_FACTOR * (losses[0] + 1)
    velocity_m, velocity_b = 0.0, 0.0
    diverged = not math.isfinite(losses[0])  # a start so far out that its loss overflows
    for _ in range(0 if diverged else steps):
        grad_m = 2 * (m * sxx + b * sx - sxy) / n  # mean(2 (ŷ − y) x), from the sums
        grad_b = 2 * (m * sx + b * n - sy) / n  # mean(2 (ŷ − y))
        velocity_m = beta * velocity_m + grad_m
        velocity_b = beta * velocity_b + grad_b
        m = m - learning_rate * velocity_m
        b = b - learning_rate * velocity_b
        loss = _clipped_mse_from_sums(sums, m, b)
        m_path.append(m)
        b_path.append(b)
        losses.append(loss)
        if not math.isfinite(loss) or loss > limit_loss:
            diverged = True
            break
    unstable = diverged or learning_rate > 2 * (1 + beta) / largest_curvature_from_sums(sums)
    return _result(m_path, b_path, losses, diverged, unstable, learning_rate, steps)


def best_momentum(x: ArrayLike) -> tuple[float, float]:
    """The (learning_rate, beta) that make momentum on the MSE of a line converge fastest.

    x: shape (n,). For a quadratic with curvatures λmin ≤ λmax and κ = λmax/λmin, the rate per
    step, the largest eigenvalue size of the step maps over all curvatures, is smallest at
    η = 4/(√λmax + √λmin)² and β = ((√κ − 1)/(√κ + 1))², where it equals √β. Raises a
    ValueError naming x if the loss has a flat direction (all x equal: κ is infinite).
    """
    x = as_vector(x, "x", squares=True)
    smallest, largest = np.linalg.eigvalsh(_hessian(x))
    if smallest <= 10 * np.finfo(float).eps * largest:
        raise ValueError(
            "x has (nearly) a single value: the loss has a flat direction and no best momentum"
        )
    root_kappa = math.sqrt(largest / smallest)
    learning_rate = 4 / (math.sqrt(largest) + math.sqrt(smallest)) ** 2
    beta = ((root_kappa - 1) / (root_kappa + 1)) ** 2
    return float(learning_rate), float(beta)
