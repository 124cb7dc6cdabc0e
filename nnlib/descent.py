"""Gradient descent: the training loop of chapter 5, and how big a step it can take.

Chapter 5 writes the loop out and derives the largest stable learning rate; chapter 6 draws the
loss surface and explains the Hessian and the condition number that shape the path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import as_count, as_number, as_positive, as_sums, as_vector, same_length
from .backprop import _backpropagate
from .loss import _data_sums, _mse, _mse_from_sums
from .regression import _feedforward

# A run counts as diverged once its loss is not finite or has grown this many times past the
# starting loss. Below the stable learning rate the loss of this convex problem never rises at
# all, so any such growth is the runaway of a step that is too big, caught long before overflow.
DIVERGENCE_FACTOR = 1e6


@dataclass(frozen=True)
class DescentResult:
    """What a gradient-descent run did.

    m, b:            the final slope and intercept.
    m_path, b_path:  shape (k + 1,): the values before the first step and after each step.
    losses:          shape (k + 1,): the MSE at each point of the path (losses[0] is the start).
    diverged:        True if the loss blew up (not finite, or a million times the start); the
                     run stopped at step k < steps.
    unstable:        True if the run diverged or will, given enough steps: the learning rate is
                     above 2/λmax, the largest stable rate for this x (`max_stable_learning_rate`).
                     A run just above that limit grows slowly at first; after a few hundred steps
                     its loss may have grown a thousand-fold and still read `diverged=False`.
                     `unstable` tells the truth about it already. For a run of
                     `nnlib.momentum_descent` the limit is 2 (1 + β)/λmax instead (chapter 8).
    learning_rate, steps: what was asked for; `steps_run` (= k) is what was done.
    """

    m: float
    b: float
    m_path: np.ndarray
    b_path: np.ndarray
    losses: np.ndarray
    diverged: bool
    unstable: bool
    learning_rate: float
    steps: int

    @property
    def steps_run(self) -> int:
        """How many steps were taken (fewer than `steps` if the run diverged)."""
        return len(self.losses) - 1


def gradient_descent(
    x: ArrayLike, y: ArrayLike, m0: float, b0: float, learning_rate: float, steps: int
) -> DescentResult:
    """Fit y ≈ m x + b by `steps` steps of full-batch gradient descent on the MSE.

    x, y: shape (n,). Starts at (m0, b0). Each step feeds all n samples forward, computes the
    loss, backpropagates to get the gradient averaged over the samples, and moves m and b by
    −learning_rate times it: the loop chapter 5 writes out. Stops early, with `diverged=True`,
    if the loss becomes inf/NaN or grows a million-fold; no overflow warning is raised either way.
    `unstable` is True if it diverged or the learning rate is above `max_stable_learning_rate(x)`.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    steps = as_count(steps, "steps")

    m_path, b_path, losses = [], [], []
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
            m = m - learning_rate * dL_dm
            b = b - learning_rate * dL_db
        unstable = diverged or learning_rate > 2 / _largest_curvature(x)
    return _result(m_path, b_path, losses, diverged, unstable, learning_rate, steps)


def data_sums(x: ArrayLike, y: ArrayLike) -> dict[str, float]:
    """The five sums of the data that fix the MSE of every line, and n.

    x, y: shape (n,). Returns {"n": n (an int), "sx": Σx, "sy": Σy, "sxx": Σx², "sxy": Σxy,
    "syy": Σy²} as Python numbers, for `gradient_descent_from_sums`.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    with np.errstate(over="ignore", invalid="ignore"):
        sums = _data_sums(x, y)
    if not all(math.isfinite(value) for value in sums.values()):
        raise ValueError("x and y are too large: their sums of squares overflow a float")
    return sums


def gradient_descent_from_sums(
    sums: dict[str, float], m0: float, b0: float, learning_rate: float, steps: int
) -> DescentResult:
    """The same run as `gradient_descent(x, y, m0, b0, learning_rate, steps)`, from `data_sums(x, y)`.

    An optimisation of the plain loop, for the explorers, which rerun up to 10 000 steps on every
    slider move. The loss is quadratic in (m, b), so its value and its gradient at any point
    depend on the data only through five sums: with them, a step costs a dozen multiplications
    of plain floats instead of a pass over all n samples. The results agree with the plain loop
    to rounding (tested to 1e-9 relative over the explorers' slider ranges), `diverged` and
    `unstable` included. The formulas are written in a fixed order, the order the browser's copy
    of this loop uses, so that both give the same bits.

    sums: {"n", "sx", "sy", "sxx", "sxy", "syy"} as returned by `data_sums`.
    """
    sums = as_sums(sums, "sums")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    steps = as_count(steps, "steps")
    n, sx, sy, sxx, sxy = sums["n"], sums["sx"], sums["sy"], sums["sxx"], sums["sxy"]

    m_path, b_path, losses = [m], [b], [_clipped_mse_from_sums(sums, m, b)]
    limit_loss = DIVERGENCE_FACTOR * (losses[0] + 1)
    diverged = not math.isfinite(losses[0])  # a start so far out that its loss overflows
    for _ in range(0 if diverged else steps):
        grad_m = 2 * (m * sxx + b * sx - sxy) / n  # mean(2 (ŷ − y) x), from the sums
        grad_b = 2 * (m * sx + b * n - sy) / n  # mean(2 (ŷ − y))
        m = m - learning_rate * grad_m
        b = b - learning_rate * grad_b
        loss = _clipped_mse_from_sums(sums, m, b)
        m_path.append(m)
        b_path.append(b)
        losses.append(loss)
        if not math.isfinite(loss) or loss > limit_loss:
            diverged = True
            break
    unstable = diverged or learning_rate > 2 / largest_curvature_from_sums(sums)
    return _result(m_path, b_path, losses, diverged, unstable, learning_rate, steps)


def _clipped_mse_from_sums(sums: dict[str, float], m: float, b: float) -> float:
    loss = _mse_from_sums(sums, m, b)
    # Never below zero (rounding at the optimum), but a NaN stays a NaN: it means divergence.
    return 0.0 if loss <= 0 else loss


def _result(
    m_path: list[float],
    b_path: list[float],
    losses: list[float],
    diverged: bool,
    unstable: bool,
    learning_rate: float,
    steps: int,
) -> DescentResult:
    return DescentResult(
        m=m_path[-1],
        b=b_path[-1],
        m_path=np.array(m_path),
        b_path=np.array(b_path),
        losses=np.array(losses),
        diverged=diverged,
        unstable=unstable,
        learning_rate=learning_rate,
        steps=steps,
    )


def _hessian(x: np.ndarray) -> np.ndarray:
    mean_x, mean_xx = x.mean(), (x * x).mean()
    return 2 * np.array([[mean_xx, mean_x], [mean_x, 1.0]])


def loss_hessian(x: ArrayLike) -> np.ndarray:
    """Hessian of the MSE with respect to (m, b), shape (2, 2); x has shape (n,).

    The loss is quadratic in (m, b), so this matrix is the same everywhere and depends on x only:
    H = 2 [[mean(x²), mean(x)], [mean(x), 1]].
    """
    return _hessian(as_vector(x, "x", squares=True))


def _largest_curvature(x: np.ndarray) -> float:
    return float(np.linalg.eigvalsh(_hessian(x))[-1])


def max_stable_learning_rate(x: ArrayLike) -> float:
    """Largest learning rate for which gradient descent on the MSE still converges: 2 / λmax(H)."""
    return 2 / _largest_curvature(as_vector(x, "x", squares=True))


def condition_number(x: ArrayLike) -> float:
    """λmax / λmin of the loss Hessian: how long and narrow the loss valley is (inf if flat)."""
    eigenvalues = np.linalg.eigvalsh(_hessian(as_vector(x, "x", squares=True)))
    # All x equal: the valley is a flat trough (λmin = 0). Rounding leaves λmin at about
    # eps · λmax rather than 0, and so does any x too close to constant to tell apart.
    if eigenvalues[0] <= 10 * np.finfo(float).eps * eigenvalues[-1]:
        return float("inf")
    return float(eigenvalues[-1] / eigenvalues[0])


def largest_curvature_from_sums(sums: dict[str, float]) -> float:
    """λmax of the loss Hessian (2/n) [[Σx², Σx], [Σx, n]], from `data_sums(x, y)`.

    Written as the browser computes it: for a symmetric 2 × 2 matrix [[p, q], [q, r]] the larger
    eigenvalue is (p + r)/2 + sqrt(h² + q²) with h = (p − r)/2.
    """
    sums = as_sums(sums, "sums")
    p, q, r = 2 * sums["sxx"] / sums["n"], 2 * sums["sx"] / sums["n"], 2.0
    h = (p - r) / 2
    return (p + r) / 2 + math.sqrt(h * h + q * q)  # h * h: a float's ** 2 can raise
