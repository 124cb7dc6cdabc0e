"""Mini-batch and stochastic gradient descent: the training loop of chapter 9.

Chapter 5's loop averages the gradient over every sample before it takes a step. This one
shuffles the samples at the start of every epoch, cuts them into batches of `batch_size`, and
steps after each batch with the gradient averaged over that batch only: a cheaper, noisier
estimate of the full gradient. batch_size = 1 is stochastic gradient descent; batch_size = n
(reshuffled) is chapter 5's full-batch descent, step for step and bit for bit.

Two ways to fill the batches (`sampling`):
- "reshuffle" (the default, and what most libraries do): every epoch is a new random order of
  the samples, so each sample is used exactly once per epoch.
- "replacement": every sample of every batch is drawn independently and uniformly from all n,
  so a sample can appear twice in a batch, or not at all in an epoch. The batches have the same
  sizes as with "reshuffle", so an epoch still costs n per-sample gradients in the same number
  of steps; only which samples the batches hold differs. Chapter 9 uses it because the kicks of
  successive steps are then independent, which is what its noise-floor formula assumes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    as_count,
    as_number,
    as_positive,
    as_seed,
    as_vector,
    overflow_checked,
    same_length,
)
from .backprop import _backpropagate
from .descent import DIVERGENCE_FACTOR
from .loss import _mse
from .regression import _feedforward


@dataclass(frozen=True)
class MiniBatchResult:
    """What a mini-batch gradient-descent run did.

    m, b:            the final slope and intercept.
    m_path, b_path:  shape (u + 1,): the values at the start and after each of the u updates.
    losses:          shape (e + 1,): the MSE on *all* samples at the start and after each of the
                     e epochs run (if the run diverged inside an epoch, the last entry is the
                     loss where it stopped).
    evaluations:     shape (e + 1,): how many per-sample gradients had been computed when each
                     entry of `losses` was measured (an epoch costs n, whatever the batch size).
    diverged:        True if a batch's loss or an epoch's loss blew up (not finite, or a
                     million times the starting loss); the run stopped there.
    learning_rate, decay, epochs, batch_size, seed, sampling: what was asked for. The update
                     in epoch t (counted from 0) uses the learning rate
                     learning_rate / (1 + decay · t).
    """

    m: float
    b: float
    m_path: np.ndarray
    b_path: np.ndarray
    losses: np.ndarray
    evaluations: np.ndarray
    diverged: bool
    learning_rate: float
    decay: float
    epochs: int
    batch_size: int
    seed: int
    sampling: str = "reshuffle"

    @property
    def epochs_run(self) -> int:
        """How many epochs were run (fewer than `epochs` if the run diverged; the last one may
        then be cut short)."""
        return len(self.losses) - 1

    @property
    def updates_run(self) -> int:
        """How many steps (one per batch) were taken."""
        return len(self.m_path) - 1


def learning_rate_at(learning_rate: float, decay: float, epoch: int) -> float:
    """The learning rate of epoch `epoch` (from 0): learning_rate / (1 + decay · epoch).

    With decay = 0 it is constant. With decay > 0 it shrinks like 1/t, slowly enough that the
    steps still add up to any distance (Σ η_t diverges), fast enough that the noise they carry
    dies out (Σ η_t² converges): the classic conditions under which SGD converges.
    """
    return learning_rate / (1 + decay * epoch)


def epoch_orders(n: int, epochs: int, seed: int) -> np.ndarray:
    """The sample order of every epoch of a run: shape (epochs, n), row t = epoch t's shuffle.

    One generator, `numpy.random.default_rng(seed)`, draws one permutation per epoch, so the same
    seed gives the same run. `minibatch_descent` uses exactly these orders.
    """
    n = as_count(n, "n")
    epochs = as_count(epochs, "epochs")
    rng = np.random.default_rng(as_seed(seed, "seed"))
    return np.array([rng.permutation(n) for _ in range(epochs)])


SAMPLINGS = ("reshuffle", "replacement")


def _as_sampling(value: object) -> str:
    """Return `value` if it is one of SAMPLINGS, or raise naming the argument `sampling`."""
    if not isinstance(value, str):
        raise TypeError(
            f"sampling must be one of {', '.join(map(repr, SAMPLINGS))}, got {type(value).__name__}"
        )
    if value not in SAMPLINGS:
        raise ValueError(
            f"sampling must be one of {', '.join(map(repr, SAMPLINGS))}, got {value!r}"
        )
    return value


def minibatch_descent(
    x: ArrayLike,
    y: ArrayLike,
    m0: float,
    b0: float,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int,
    decay: float = 0.0,
    *,
    sampling: str = "reshuffle",
) -> MiniBatchResult:
    """Fit y ≈ m x + b by mini-batch gradient descent on the MSE, for `epochs` epochs.

    x, y: shape (n,). Starts at (m0, b0). Every epoch shuffles the n samples (one seeded
    generator for the whole run: the same seed, the same run), cuts the shuffled order into
    batches of `batch_size` (the last one smaller if batch_size does not divide n), and for each
    batch: feeds it forward, computes its loss, backpropagates to get the gradient averaged over
    the batch, and steps by −η_t times it, with η_t = learning_rate / (1 + decay · t) in epoch t.
    Inside a batch the samples are taken in the data's order, so batch_size = n sums exactly as
    `gradient_descent` does and gives the same numbers. Stops early, with `diverged=True`, if a
    loss becomes inf/NaN or grows a million-fold; no overflow warning is raised either way.

    sampling: "reshuffle" (default) is the above: each sample once per epoch. "replacement"
    draws the epoch's n samples independently and uniformly from all n (with replacement,
    `rng.integers(n, size=n)`) instead of a permutation, and cuts them into batches of the same
    sizes: the same number of steps and of per-sample gradients, but every step's batch is
    independent of every other step's.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    epochs = as_count(epochs, "epochs")
    n = x.size
    batch_size = as_count(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(
            f"batch_size must be between 1 and n = {n} (the samples), got {batch_size}"
        )
    seed = as_seed(seed, "seed")
    decay = as_number(decay, "decay")
    if decay < 0:
        raise ValueError(f"decay must be zero or positive, got {decay}")
    sampling = _as_sampling(sampling)

    rng = np.random.default_rng(seed)
    m_path, b_path = [m], [b]
    diverged = False
    # A step that is too big overflows to inf on purpose; `diverged` reports it, not a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        losses = [_mse(y, _feedforward(x, m, b))]
        evaluations = [0]
        limit = DIVERGENCE_FACTOR * (losses[0] + 1)
        diverged = not math.isfinite(losses[0])
        for epoch in range(0 if diverged else epochs):
            rate = learning_rate_at(learning_rate, decay, epoch)
            if sampling == "reshuffle":
                order = rng.permutation(n)
            else:
                order = rng.integers(n, size=n)
            touched = evaluations[-1]
            for start in range(0, n, batch_size):
                # A batch's samples in the data's order: the sum is then taken in a fixed order.
                batch = np.sort(order[start : start + batch_size])
                x_batch, y_batch = x[batch], y[batch]
                y_pred = _feedforward(x_batch, m, b)
                batch_loss = _mse(y_batch, y_pred)
                # The full-batch rule, applied to each batch so that a runaway inside an epoch
                # stops before it overflows. A batch's loss is at most n / batch_size times the
                # full loss (n times with replacement: one sample drawn batch_size times), so on
                # a healthy run it stays far below a million times the start.
                if not math.isfinite(batch_loss) or batch_loss > limit:
                    diverged = True
                    break
                dL_dm, dL_db = _backpropagate(x_batch, y_batch, y_pred)
                m = m - rate * dL_dm
                b = b - rate * dL_db
                m_path.append(m)
                b_path.append(b)
                touched += batch.size
            losses.append(_mse(y, _feedforward(x, m, b)))
            evaluations.append(touched)
            if diverged or not math.isfinite(losses[-1]) or losses[-1] > limit:
                diverged = True
                break
    return MiniBatchResult(
        m=m_path[-1],
        b=b_path[-1],
        m_path=np.array(m_path),
        b_path=np.array(b_path),
        losses=np.array(losses),
        evaluations=np.array(evaluations),
        diverged=diverged,
        learning_rate=learning_rate,
        decay=decay,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        sampling=sampling,
    )


def minibatch_gradient(
    x: ArrayLike, y: ArrayLike, m: float, b: float, batch: ArrayLike
) -> tuple[float, float]:
    """The gradient (dL_dm, dL_db) of the MSE averaged over the samples `batch` only.

    x, y: shape (n,); batch: indices into them, shape (k,), 1 <= k. With batch = all indices it
    is `backpropagate`'s full gradient; over a uniformly random batch its average is that full
    gradient (chapter 9 shows it and derives why).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m = as_number(m, "m")
    b = as_number(b, "b")
    index = np.asarray(batch)
    if index.ndim != 1 or index.size == 0 or not np.issubdtype(index.dtype, np.integer):
        raise ValueError("batch must be a non-empty 1-D array of integer indices")
    if index.min() < 0 or index.max() >= x.size:
        raise ValueError(f"batch must hold indices between 0 and {x.size - 1}")
    index = np.sort(index)
    return overflow_checked(
        lambda: _backpropagate(x[index], y[index], _feedforward(x[index], m, b)),
        "the gradient overflows a float: x, y, m or b is too large",
    )


def minibatch_descent_from_orders(
    x: ArrayLike,
    y: ArrayLike,
    orders: ArrayLike,
    m0: float,
    b0: float,
    learning_rate: float,
    batch_size: int,
    decay: float = 0.0,
) -> MiniBatchResult:
    """The same run as `minibatch_descent`, given the epochs' sample orders, in plain floats.

    For the chapter 9 explorer, whose browser copy cannot draw numpy's random numbers: Python
    hands it `epoch_orders(n, epochs, seed)` and both walk those orders with the scalar
    arithmetic below, written in the order the browser's copy (js/src/minibatch.js) uses, so
    that the two give the same bits. Against `minibatch_descent` (numpy's sums, in blocks) the
    results agree to rounding: tested to 1e-9 relative over the explorer's settings.

    x, y: shape (n,); orders: shape (epochs, n), each row a permutation of 0 … n − 1.
    The result's `seed` is −1: the orders, not a seed, fixed this run.
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    n = x.size
    table = np.asarray(orders)
    if table.ndim != 2 or table.shape[1] != n or not np.issubdtype(table.dtype, np.integer):
        raise ValueError(f"orders must be an integer array of shape (epochs, {n})")
    if not all(np.array_equal(np.sort(row), np.arange(n)) for row in table):
        raise ValueError(f"orders: every row must be a permutation of 0 … {n - 1}")
    m = as_number(m0, "m0")
    b = as_number(b0, "b0")
    learning_rate = as_positive(learning_rate, "learning_rate")
    batch_size = as_count(batch_size, "batch_size")
    if batch_size > n:
        raise ValueError(
            f"batch_size must be between 1 and n = {n} (the samples), got {batch_size}"
        )
    decay = as_number(decay, "decay")
    if decay < 0:
        raise ValueError(f"decay must be zero or positive, got {decay}")
    xs, ys = x.tolist(), y.tolist()

    def full_loss(m: float, b: float) -> float:
        total = 0.0
        for i in range(n):
            e = xs[i] * m + b - ys[i]
            total += e * e
        return total / n

    m_path, b_path = [m], [b]
    losses, evaluations = [full_loss(m, b)], [0]
    limit = DIVERGENCE_FACTOR * (losses[0] + 1)
    diverged = not math.isfinite(losses[0])
    for epoch, order in enumerate([] if diverged else table.tolist()):
        rate = learning_rate / (1 + decay * epoch)
        touched = evaluations[-1]
        for start in range(0, n, batch_size):
            batch = sorted(order[start : start + batch_size])
            size = len(batch)
            sum_e, sum_ex, sum_ee = 0.0, 0.0, 0.0
            for i in batch:
                e = xs[i] * m + b - ys[i]
                sum_e += e
                sum_ex += e * xs[i]
                sum_ee += e * e
            batch_loss = sum_ee / size
            if not math.isfinite(batch_loss) or batch_loss > limit:
                diverged = True
                break
            m = m - rate * (2 * sum_ex / size)
            b = b - rate * (2 * sum_e / size)
            m_path.append(m)
            b_path.append(b)
            touched += size
        losses.append(full_loss(m, b))
        evaluations.append(touched)
        if diverged or not math.isfinite(losses[-1]) or losses[-1] > limit:
            diverged = True
            break
    return MiniBatchResult(
        m=m_path[-1],
        b=b_path[-1],
        m_path=np.array(m_path),
        b_path=np.array(b_path),
        losses=np.array(losses),
        evaluations=np.array(evaluations),
        diverged=diverged,
        learning_rate=learning_rate,
        decay=decay,
        epochs=len(table),
        batch_size=batch_size,
        seed=-1,
    )
