"""Chapters 5, 6, 8 and 9: gradient descent, momentum and mini-batches on y ≈ m x + b.

Python computes what needs numpy (the data's sums, the best line, λmax, a frame for the map,
numpy's random sample orders) and the browser reruns the method on every move with the same
formulas as nnlib (`gradient_descent_from_sums`, `momentum_from_sums`,
`minibatch_descent_from_orders`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import traitlets as t
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._validation import as_number
from ..descent import DescentResult, data_sums, gradient_descent, largest_curvature_from_sums
from ..minibatch import (
    MiniBatchResult,
    epoch_orders,
    minibatch_descent,
    minibatch_descent_from_orders,
)
from ..momentum import momentum_descent
from ..plotting import new_figure, plot_data, plot_line, plot_loss_surface
from ..regression import closed_form
from .base import X_LABEL, Y_LABEL, Explorer, data_view, padded, paired
from .spec import Control, Value, check_settings

LEARNING_RATE = Control(
    "learning_rate", "learning rate", 0.001, range=(1e-5, 1e-1), scale="log", aliases=("lr",)
)
M0 = Control("m0", "initial m", 5.0, range=(-20.0, 40.0), step=0.1)
B0 = Control("b0", "initial b", 10.0, range=(-100.0, 200.0), step=0.5)
STEPS = Control(
    "steps", "steps", 100, choices=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
)
BETA = Control("beta", "momentum β", 0.9, range=(0.0, 0.999), step=0.001)


def _best(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    m_best, b_best = closed_form(x, y)
    error = m_best * x + b_best - y
    return {"m": m_best, "b": b_best, "loss": float(error @ error) / x.size}


def _map_frame(
    paths: list[tuple[np.ndarray, np.ndarray]], best: dict, fraction: float, clip: bool = True
) -> dict:
    """The loss map's opening frame: the paths and the optimum, not the whole slider range,
    since that is where the reader's eye should be. The axes follow later moves."""
    ms = np.concatenate([[best["m"]]] + [m[np.isfinite(m) & np.isfinite(b)] for m, b in paths])
    bs = np.concatenate([[best["b"]]] + [b[np.isfinite(m) & np.isfinite(b)] for m, b in paths])
    if clip:  # a diverging path leaves the sliders' range: the frame stops at its edge
        ms, bs = np.clip(ms, *M0.range), np.clip(bs, *B0.range)
    return {"m": padded(ms.min(), ms.max(), fraction), "b": padded(bs.min(), bs.max(), fraction)}


def _descent_still(
    x: np.ndarray, y: np.ndarray, run: Any, view: dict, on_map: bool, unit: str
) -> tuple[Figure, str]:
    """A run drawn with nnlib's plotting: its path over the loss map (or its last line over the
    data) and its loss against the step or epoch (log scale)."""
    figure, (left, right) = new_figure(9, 3.4, ncols=2)
    if on_map:
        plot_loss_surface(x, y, tuple(view["m"]), tuple(view["b"]), ax=left, colorbar=False)
        left.plot(run.m_path, run.b_path, ".-", color="#d62728", markersize=3, label="path")
        left.legend(loc="upper left")
    else:
        plot_data(x, y, ax=left)
        plot_line(x, run.m_path[0], run.b_path[0], ax=left, label="start", color="#888888")
        if not run.diverged:
            plot_line(x, run.m, run.b, ax=left, label="after the run")
        left.legend(loc="upper left")
    right.semilogy(np.arange(len(run.losses)), run.losses, color="#d62728")
    right.set_xlabel(unit)
    right.set_ylabel("mean squared error (log scale)")
    right.grid(alpha=0.3)
    figure.tight_layout()
    where = "the path of (m, b) over the loss map" if on_map else "the line over the patients"
    ending = "it diverged" if run.diverged else f"the loss ends at {run.losses[-1]:.1f}"
    alt = f"The explorer's opening view: {where}, and the loss after each {unit}; {ending}."
    return figure, alt


class _DescentExplorer(Explorer):
    """Gradient descent on y ≈ m x + b from a start the reader picks."""

    controls: tuple[Control, ...] = (LEARNING_RATE, M0, B0, STEPS)
    sums = t.Dict().tag(sync=True)
    largest_curvature = t.Float().tag(sync=True)  # λmax: the stable limit is 2(1 + β)/λmax
    best = t.Dict().tag(sync=True)
    # What the front-end module shows for the settings (written by the module).
    m = t.Float(allow_none=True).tag(sync=True)
    b = t.Float(allow_none=True).tag(sync=True)
    loss = t.Float(allow_none=True).tag(sync=True)
    step = t.Int(0).tag(sync=True)
    steps_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    unstable = t.Bool(False).tag(sync=True)
    shows_map = True  # chapter 5 shows the data instead

    def __init__(self, x: ArrayLike, y: ArrayLike, **settings: Any) -> None:
        x, y = paired(x, y)
        self._x, self._y = x, y
        sums = data_sums(x, y)
        best = _best(x, y)
        view = data_view(x, y)
        if self.shows_map:
            run = self._run(x, y, **self._checked(settings))
            view.update(_map_frame([(run.m_path, run.b_path)], best, 0.15))
        self._start(
            settings,
            x=x.tolist(),
            y=y.tolist(),
            sums=sums,
            largest_curvature=largest_curvature_from_sums(sums),
            best=best,
            view=view,
            labels={"x": X_LABEL, "y": Y_LABEL},
        )

    @staticmethod
    def _run(x: np.ndarray, y: np.ndarray, **settings: Any) -> DescentResult:
        return gradient_descent(x, y, **settings)

    def result(self) -> DescentResult:
        """nnlib's own run for the current settings."""
        return self._run(self._x, self._y, **self.settings)

    def still(self) -> tuple[Figure, str]:
        """The run's path over the loss map (or its last line over the data), and its loss."""
        run = self.result()
        return _descent_still(self._x, self._y, run, self.view, self.shows_map, "step")


class LearningRateExplorer(_DescentExplorer):
    """Chapter 5: the line over the data and the loss against the step."""

    KIND = "learning_rate"
    shows_map = False


class LossSurfaceExplorer(_DescentExplorer):
    """Chapter 6: the path of (m, b) over the loss map, and the loss against the step."""

    KIND = "loss_surface"
    controls: tuple[Control, ...] = (LEARNING_RATE, M0, B0, STEPS.starting_at(1000))


class MomentumExplorer(_DescentExplorer):
    """Chapter 8: heavy-ball momentum's path over the loss map, and the loss against the step.

    The browser reruns `nnlib.momentum_from_sums` on every move (js/src/momentum.js, the same
    formulas in the same order), so the page shows nnlib's numbers.
    """

    KIND = "momentum"
    controls: tuple[Control, ...] = (
        LEARNING_RATE.starting_at(0.01),
        BETA,
        M0,
        B0,
        STEPS.starting_at(500),
    )

    @staticmethod
    def _run(x: np.ndarray, y: np.ndarray, **settings: Any) -> DescentResult:
        return momentum_descent(x, y, **settings)


def learning_rate_sliders(x: ArrayLike, y: ArrayLike, **settings: Any) -> LearningRateExplorer:
    """Chapter 5's explorer: the line over the data and the loss curve; x, y of shape (n,).
    Settings: learning_rate, m0, b0, steps (see `LearningRateExplorer.controls`)."""
    return LearningRateExplorer(x, y, **settings)


def loss_surface_sliders(x: ArrayLike, y: ArrayLike, **settings: Any) -> LossSurfaceExplorer:
    """Chapter 6's explorer: the path over the loss map and the loss curve; x, y of shape (n,).
    Settings: learning_rate, m0, b0, steps (see `LossSurfaceExplorer.controls`)."""
    return LossSurfaceExplorer(x, y, **settings)


def momentum_sliders(x: ArrayLike, y: ArrayLike, **settings: Any) -> MomentumExplorer:
    """Chapter 8's explorer: momentum's path over the loss map and the loss curve; x, y (n,).
    Settings: learning_rate, beta, m0, b0, steps (see `MomentumExplorer.controls`)."""
    return MomentumExplorer(x, y, **settings)


# --- Chapter 9: mini-batches ---------------------------------------------------------------

MINIBATCH_EPOCHS = 20
BATCH_SIZE = Control(
    "batch_size", "batch size", 4, choices=(1, 2, 4, 5, 10, 20), aliases=("batch",)
)
MINIBATCH_LEARNING_RATE = Control(
    "learning_rate", "learning rate", 0.05, range=(1e-3, 5.0), scale="log", aliases=("lr",)
)
SEED = Control("seed", "seed", 0, choices=tuple(range(10)))
DECAY = Control("decay", "decay", 0.0, choices=(0.0, 0.1, 0.5))


class MiniBatchExplorer(Explorer):
    """Chapter 9: mini-batch descent from a fixed start, its noisy path on the loss map and its
    loss after every epoch, for the batch size, learning rate, seed and decay the reader picks.

    The browser cannot draw numpy's random numbers, so Python sends, for every seed on the
    slider, the sample order of every epoch (`epoch_orders`); the browser walks them with the
    arithmetic of `minibatch_descent_from_orders`.
    """

    KIND = "minibatch"
    controls: tuple[Control, ...] = (BATCH_SIZE, MINIBATCH_LEARNING_RATE, SEED, DECAY)
    sums = t.Dict().tag(sync=True)
    best = t.Dict().tag(sync=True)
    orders = t.Dict().tag(sync=True)  # str(seed) → shape (epochs, n) as lists
    epochs = t.Int(MINIBATCH_EPOCHS).tag(sync=True)
    m0 = t.Float().tag(sync=True)
    b0 = t.Float().tag(sync=True)
    # What the front-end module shows for the settings (written by the module).
    m = t.Float(allow_none=True).tag(sync=True)
    b = t.Float(allow_none=True).tag(sync=True)
    loss = t.Float(allow_none=True).tag(sync=True)
    epochs_run = t.Int(0).tag(sync=True)
    updates_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)

    def __init__(
        self, x: ArrayLike, y: ArrayLike, m0: float = 0.0, b0: float = 0.0, **settings: Any
    ) -> None:
        x, y = paired(x, y)
        m0, b0 = as_number(m0, "m0"), as_number(b0, "b0")
        self._x, self._y = x, y
        # Batch sizes above n are left off the slider.
        narrowed = tuple(k for k in BATCH_SIZE.choices if k <= x.size)
        self.controls = (dataclasses.replace(BATCH_SIZE, choices=narrowed), *self.controls[1:])
        checked = self._checked(settings)
        best = _best(x, y)
        orders = {str(s): epoch_orders(x.size, MINIBATCH_EPOCHS, s).tolist() for s in SEED.choices}
        # The map opens on the start, the optimum and every default-seed path of the default
        # learning rate, with room for the jitter around the optimum.
        reach = [
            minibatch_descent(x, y, m0, b0, checked["learning_rate"], MINIBATCH_EPOCHS, k, 0)
            for k in BATCH_SIZE.choices
            if k <= x.size
        ]
        paths = [(np.array([m0]), np.array([b0]))] + [
            (r.m_path, r.b_path) for r in reach if not r.diverged
        ]
        self._start(
            settings,
            x=x.tolist(),
            y=y.tolist(),
            sums=data_sums(x, y),
            best=best,
            orders=orders,
            m0=m0,
            b0=b0,
            view=_map_frame(paths, best, 0.1, clip=False),
            labels={"m": "slope m", "b": "intercept b"},
        )

    def _checked(self, settings: dict[str, Any]) -> dict[str, Value]:
        checked = check_settings(type(self).controls, settings)
        n = self._x.size
        if checked["batch_size"] > n:
            raise ValueError(
                f"batch_size must be at most n = {n} (the samples), got {checked['batch_size']}"
            )
        return checked

    def result(self) -> MiniBatchResult:
        """nnlib's own run (`minibatch_descent`) for the current settings."""
        return minibatch_descent(
            self._x, self._y, self.m0, self.b0, epochs=MINIBATCH_EPOCHS, **self.settings
        )

    def still(self) -> tuple[Figure, str]:
        """The run's path over the loss map, and its loss after each epoch."""
        run = self.result()
        return _descent_still(self._x, self._y, run, self.view, True, "epoch")

    def fast_result(self) -> MiniBatchResult:
        """The same run in the browser's arithmetic (`minibatch_descent_from_orders`)."""
        orders = np.array(self.orders[str(self.seed)])
        return minibatch_descent_from_orders(
            self._x,
            self._y,
            orders,
            self.m0,
            self.b0,
            self.learning_rate,
            self.batch_size,
            self.decay,
        )


def minibatch_sliders(x: ArrayLike, y: ArrayLike, **settings: Any) -> MiniBatchExplorer:
    """Chapter 9's explorer: mini-batch descent on x, y of shape (n,) from (0, 0); the noisy
    path on the loss map and the loss per epoch. Settings: batch_size, learning_rate, seed,
    decay (see `MiniBatchExplorer.controls`); batch sizes above n are left off the slider."""
    return MiniBatchExplorer(x, y, **settings)
