"""Gradient descent: the training loop every chapter uses, and how big a step it can take."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_count, as_number, as_positive, as_vector, same_length

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

    The result is that of the plain loop the book writes out in chapter 5,
        for each step:  m -= learning_rate * dL_dm;  b -= learning_rate * dL_db
    computed faster (see the comments below) and equal to it within rounding (about 1e-13).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    steps = as_count(steps, "steps")

    # The loss is quadratic in θ = (m, b), so its gradient is linear in θ: ∇L = H θ − g, with H
    # the Hessian (below) and g = 2 (mean(x y), mean(y)). A step θ ← θ − η ∇L is therefore the
    # same affine map every time, θ ← A θ + c with A = I − η H and c = η g: the gradient needs
    # no pass over the samples at all, only these means, taken once.
    step_matrix = np.eye(2) - learning_rate * _hessian(x)
    step_shift = learning_rate * 2 * np.array([np.mean(x * y), np.mean(y)])
    path = np.empty((steps + 1, 2))
    losses = np.empty(steps + 1)
    path[0] = m, b
    end, diverged = steps + 1, False
    # A diverging run overflows to inf on purpose; that is reported through `diverged`.
    with np.errstate(over="ignore", invalid="ignore"):
        losses[0] = _path_losses(x, y, path[:1])[0]
        limit = DIVERGENCE_FACTOR * (losses[0] + 1.0)
        # Doubling: with the first `done` points known and (A, c) standing for `done` steps,
        # the next `done` points are those points moved by (A, c), all in one matrix product.
        # Then (A, c) is composed with itself to stand for twice as many steps.
        done, checked = 1, 0  # points of the path computed, and those already checked
        while True:
            fresh = losses[checked:done]
            blew_up = ~np.isfinite(fresh) | (fresh > limit)
            if blew_up.any():
                end, diverged = checked + int(np.argmax(blew_up)) + 1, True
                break
            if done == end:
                break
            new = min(done, end - done)
            path[done : done + new] = path[:new] @ step_matrix.T + step_shift
            losses[done : done + new] = _path_losses(x, y, path[done : done + new])
            checked, done = done, done + new
            step_matrix, step_shift = (
                step_matrix @ step_matrix,
                step_matrix @ step_shift + step_shift,
            )
    return DescentResult(
        m=float(path[end - 1, 0]),
        b=float(path[end - 1, 1]),
        m_path=path[:end, 0].copy(),
        b_path=path[:end, 1].copy(),
        losses=losses[:end].copy(),
        diverged=diverged,
        learning_rate=learning_rate,
        steps=steps,
    )


def _path_losses(x: np.ndarray, y: np.ndarray, path: np.ndarray) -> np.ndarray:
    """MSE at each point of a path of shape (k, 2), computed from the residuals as `mse` does.

    A few thousand rows at a time, so the (rows, n) residual array stays small for long runs.
    """
    losses = np.empty(len(path))
    rows = max(1, 100_000 // x.size)
    for start in range(0, len(path), rows):
        m, b = path[start : start + rows, :1], path[start : start + rows, 1:]
        error = m * x + b - y
        losses[start : start + rows] = np.einsum("ij,ij->i", error, error) / x.size
    return losses


def _hessian(x: np.ndarray) -> np.ndarray:
    mean_x, mean_xx = x.mean(), (x * x).mean()
    return 2 * np.array([[mean_xx, mean_x], [mean_x, 1.0]])


def loss_hessian(x: object) -> np.ndarray:
    """Hessian of the MSE with respect to (m, b), shape (2, 2); x has shape (n,).

    The loss is quadratic in (m, b), so this matrix is the same everywhere and depends on x only:
    H = 2 [[mean(x²), mean(x)], [mean(x), 1]].
    """
    return _hessian(as_vector(x, "x"))


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
