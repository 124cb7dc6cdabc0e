"""Gradient descent: the training loop every chapter uses, and how big a step it can take."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_count, as_number, as_positive, as_vector, same_length
from .backprop import _backpropagate
from .loss import _mse

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
    diverged:        True if the loss blew up; the run stopped at step k < steps.
    learning_rate, steps: what was asked for; `steps_run` (= k) is what was done.
    """

    m: float
    b: float
    m_path: np.ndarray
    b_path: np.ndarray
    losses: np.ndarray
    diverged: bool
    learning_rate: float
    steps: int

    @property
    def steps_run(self) -> int:
        """How many steps were taken (fewer than `steps` if the run diverged)."""
        return len(self.losses) - 1


def gradient_descent(
    x: object, y: object, m0: float, b0: float, learning_rate: float, steps: int
) -> DescentResult:
    """Fit y ≈ m x + b by `steps` steps of full-batch gradient descent on the MSE.

    x, y: shape (n,). Starts at (m0, b0); each step moves m and b by −learning_rate times the
    gradient averaged over all n samples. Stops early, with `diverged=True`, if the loss becomes
    inf/NaN or grows a million-fold; no overflow warning is raised either way.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    steps = as_count(steps, "steps")

    m_path = np.empty(steps + 1)
    b_path = np.empty(steps + 1)
    losses = np.empty(steps + 1)
    diverged = False
    # A diverging run overflows to inf on purpose; that is reported through `diverged`.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            y_pred = x * m + b
            loss = _mse(y, y_pred)
            m_path[step], b_path[step], losses[step] = m, b, loss
            if not np.isfinite(loss) or loss > DIVERGENCE_FACTOR * (losses[0] + 1.0):
                diverged = True
                break
            if step == steps:
                break
            dL_dm, dL_db = _backpropagate(y_pred, y, x)
            m -= learning_rate * dL_dm
            b -= learning_rate * dL_db
    end = step + 1
    return DescentResult(
        m=float(m),
        b=float(b),
        m_path=m_path[:end].copy(),
        b_path=b_path[:end].copy(),
        losses=losses[:end].copy(),
        diverged=diverged,
        learning_rate=learning_rate,
        steps=steps,
    )


def loss_hessian(x: object) -> np.ndarray:
    """Hessian of the MSE with respect to (m, b), shape (2, 2); x has shape (n,).

    The loss is quadratic in (m, b), so this matrix is the same everywhere and depends on x only:
    H = 2 [[mean(x²), mean(x)], [mean(x), 1]].
    """
    x = as_vector(x, "x")
    mean_x, mean_xx = x.mean(), (x * x).mean()
    return 2 * np.array([[mean_xx, mean_x], [mean_x, 1.0]])


def max_stable_learning_rate(x: object) -> float:
    """Largest learning rate for which gradient descent on the MSE still converges: 2 / λmax(H)."""
    largest = np.linalg.eigvalsh(loss_hessian(x))[-1]
    return float(2 / largest)


def condition_number(x: object) -> float:
    """λmax / λmin of the loss Hessian: how long and narrow the loss valley is."""
    eigenvalues = np.linalg.eigvalsh(loss_hessian(x))
    if eigenvalues[0] <= 0:
        return float("inf")  # all x equal: the valley is a flat trough
    return float(eigenvalues[-1] / eigenvalues[0])
