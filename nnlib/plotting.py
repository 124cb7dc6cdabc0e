"""Figures for the book, drawn from nnlib's math. Every function draws on an Axes and returns it.

Where the book meets them: the data and a line (chapter 1), the loss against the slope
(chapters 3-6), how far a run's loss is above the best one (chapter 5), the loss map over
(m, b) with a colour bar (chapters 5-8), a classifier's decision regions (chapter 12).

Figures get an opaque white background so they stay readable on the site's dark theme.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from ._validation import (
    as_count,
    as_labels,
    as_matrix,
    as_number,
    as_vector,
    overflow_checked,
    same_length,
)
from .descent import DescentResult
from .loss import _checked_mse_grid, _mse
from .regression import closed_form

X_LABEL = "x: body-mass index (scaled: feature × 100 + 10)"
Y_LABEL = "y: disease progression after one year"
DATA_COLOR = "#1f77b4"
FIT_COLOR = "#d62728"


def new_figure(
    width: float = 6.0, height: float = 4.0, ncols: int = 1
) -> tuple[Figure, list[Axes]]:
    """A figure with `ncols` side-by-side axes and an opaque white background."""
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), facecolor="white", squeeze=False)
    return fig, list(axes[0])


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        return new_figure()[1][0]
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def plot_data(x: npt.ArrayLike, y: npt.ArrayLike, ax: Axes | None = None) -> Axes:
    """Scatter the data points; x, y of shape (n,)."""
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    ax = _axes(ax)
    ax.scatter(x, y, color=DATA_COLOR, label=f"{x.size} patients", zorder=3)
    ax.set_xlabel(X_LABEL)
    ax.set_ylabel(Y_LABEL)
    ax.grid(alpha=0.3)
    return ax


def plot_line(
    x: npt.ArrayLike,
    m: float,
    b: float,
    ax: Axes | None = None,
    label: str | None = None,
    color: str = FIT_COLOR,
) -> Axes:
    """Draw the line y = m x + b across the range of x (shape (n,))."""
    x = as_vector(x, "x")
    m = as_number(m, "m")
    b = as_number(b, "b")
    ax = _axes(ax)
    span = np.array([x.min(), x.max()])
    ends = overflow_checked(
        lambda: m * span + b, "m * x + b overflows a float: x, m or b is too large"
    )
    label = label if label is not None else f"y = {m:.2f} x + {b:.2f}"
    ax.plot(span, ends, color=color, label=label, linewidth=2)
    return ax


def plot_loss_vs_m(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    b: float,
    m_values: npt.ArrayLike,
    ax: Axes | None = None,
    label: str | None = None,
) -> Axes:
    """Draw the MSE as a function of the slope m (intercept held at b): a parabola.

    x, y: shape (n,); m_values: shape (k,), the slopes to evaluate.
    """
    b = as_number(b, "b")
    m_values = as_vector(m_values, "m_values")
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    losses = _checked_mse_grid(x, y, m_values, np.array([b]), "m_values or b")[0]
    ax = _axes(ax)
    ax.plot(m_values, losses, label=label if label is not None else f"loss with b = {b:g}")
    ax.set_xlabel("slope m")
    ax.set_ylabel("mean squared error")
    ax.grid(alpha=0.3)
    return ax


def plot_loss_gaps(results: list[DescentResult], best_loss: float, ax: Axes | None = None) -> Axes:
    """How far each run's loss is above the best possible loss, L − L*, against the step.

    Both axes are logarithmic, so runs that all end near L* stay apart. The vertical axis stops
    at ten times the largest starting gap: a diverged run is drawn until it leaves the top and
    a triangle on the top edge marks where. Gaps below 1e-9 · L* are not drawn: there the two
    losses agree to the last digits a float holds, and the difference is rounding, not progress.
    """
    if isinstance(results, DescentResult):
        results = [results]
    if not results or not all(isinstance(r, DescentResult) for r in results):
        raise TypeError("results must be a non-empty list of DescentResult (from gradient_descent)")
    best_loss = as_number(best_loss, "best_loss")
    if best_loss < 0:
        raise ValueError(f"best_loss must be at least 0 (it is a loss), got {best_loss}")
    ax = _axes(ax)
    floor = 1e-9 * max(best_loss, 1.0)
    top = 10 * max(max(r.losses[0] - best_loss for r in results), floor)
    with np.errstate(invalid="ignore"):  # a diverged run may end in inf
        for result in results:
            gap = result.losses - best_loss
            steps = np.arange(len(gap))
            label = f"learning rate {result.learning_rate:g}"
            keep = np.isfinite(gap) & (gap > floor)
            (line,) = ax.plot(steps[keep], gap[keep], label=label)
            if result.diverged:
                line.set_label(f"{label} (diverged at step {result.steps_run})")
                off_top = ~(gap <= top)  # True for inf and NaN too
                exit_step = int(np.argmax(off_top)) if off_top.any() else result.steps_run
                ax.plot([exit_step], [top], "^", color=line.get_color(), clip_on=False)
    ax.set_yscale("log")
    ax.set_ylim(top=top)
    # Linear up to step 1, logarithmic after: both the fast first steps and the long crawl show.
    ax.set_xscale("symlog", linthresh=1)
    ax.set_xlim(left=0)
    ax.set_xlabel("step (log scale)")
    ax.set_ylabel("loss − best loss (log scale)")
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    return ax


def plot_loss_surface(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    m_range: tuple[float, float],
    b_range: tuple[float, float],
    ax: Axes | None = None,
    resolution: int = 200,
    colorbar: bool = True,
) -> Axes:
    """Filled contour of the MSE over (m, b), with the least-squares optimum marked by a star.

    x, y: shape (n,). Levels are spaced logarithmically, so the narrow valley floor stays visible.
    A colour bar beside the map says which loss each colour stands for (`colorbar=False` leaves
    it out, e.g. for small panels side by side).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y")
    same_length(x, "x", y, "y")
    m_lo, m_hi = _range(m_range, "m_range")
    b_lo, b_hi = _range(b_range, "b_range")
    resolution = as_count(resolution, "resolution", maximum=2000)
    ax = _axes(ax)
    m_values = np.linspace(m_lo, m_hi, resolution)
    b_values = np.linspace(b_lo, b_hi, resolution)
    grid = _checked_mse_grid(x, y, m_values, b_values, "m_range or b_range")
    m_best, b_best = closed_form(x, y)
    best_loss = _mse(y, x * m_best + b_best)
    # Data exactly on a line have a best loss of 0, where logarithmic levels cannot start.
    lowest = max(best_loss, 1e-12 * grid.max())
    if not grid.max() > lowest > 0:
        raise ValueError(
            "the loss is the same (to rounding) all over m_range and b_range: there is no map "
            "to draw; widen the ranges"
        )
    levels = np.geomspace(lowest, grid.max(), 25)
    filled = ax.contourf(
        m_values,
        b_values,
        np.clip(grid, lowest, None),
        levels=levels,
        norm=LogNorm(),
        cmap="viridis",
    )
    ax.contour(
        m_values, b_values, grid, levels=levels[::3], colors="white", linewidths=0.4, alpha=0.6
    )
    ax.plot(
        [m_best],
        [b_best],
        marker="*",
        markersize=16,
        color="white",
        markeredgecolor="black",
        linestyle="none",
        label=f"least squares ({m_best:.2f}, {b_best:.2f})",
    )
    ax.set_xlim(m_lo, m_hi)
    ax.set_ylim(b_lo, b_hi)
    ax.set_xlabel("slope m")
    ax.set_ylabel("intercept b")
    if colorbar:
        bar = ax.figure.colorbar(filled, ax=ax)
        ticks = _round_ticks(levels[0], levels[-1])
        bar.set_ticks(ticks, labels=[f"{t:,.0f}" if t >= 1 else f"{t:g}" for t in ticks])
        bar.ax.minorticks_off()
        bar.set_label("mean squared error (log scale)")
    return ax


def _round_ticks(low: float, high: float) -> list[float]:
    """Colour-bar ticks between low and high (0 < low < high): the numbers 1, 2, 3 and 5 times a
    power of ten. A narrow range (a map zoomed in on the optimum, 3,890 to 4,440) may hold fewer
    than two of them; it gets evenly spaced round numbers instead (4,000, 4,200, 4,400)."""
    powers = range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
    ticks = [c * 10.0**p for p in powers for c in (1, 2, 3, 5) if low <= c * 10.0**p <= high]
    if len(ticks) >= 2:
        return ticks
    # The largest step of 1, 2 or 5 times a power of ten that puts at least three ticks inside.
    for power in range(int(np.ceil(np.log10(high - low))), -20, -1):
        for c in (5, 2, 1):
            step = c * 10.0**power
            # (a step's multiples computed with a little slack for rounding: 0.58 / 0.02)
            first, last = np.ceil(low / step - 1e-9), np.floor(high / step + 1e-9)
            multiples = np.arange(first, last + 1) * step
            if len(multiples) >= 3:
                return [float(round(tick, 12)) for tick in multiples]
    return ticks


def _range(value: object, name: str) -> tuple[float, float]:
    pair = as_vector(value, name)
    if pair.shape != (2,) or not pair[0] < pair[1]:
        raise ValueError(f"{name} must be a pair (low, high) with low < high, got {value!r}")
    return float(pair[0]), float(pair[1])


# Two classes: colours that stay apart for colour-blind readers, and different markers as well.
CLASS_COLORS = ("#1f77b4", "#e8590c")
CLASS_MARKERS = ("o", "^")


def plot_decision_regions(
    probability: Callable[[np.ndarray], np.ndarray],
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    ax: Axes | None = None,
    resolution: int = 200,
    padding: float = 0.5,
) -> Axes:
    """Shade the plane by a classifier's probability of class 1, draw its decision boundary
    (where the probability is 0.5), and scatter the two classes on top.

    probability: a function taking points of shape (m, 2) and returning P(class 1), shape (m,),
    such as `MLPClassifier.predict_proba`. X: the data, shape (n, 2); y: labels 0/1, shape (n,).
    The map covers the data with `padding` to spare on every side, `resolution` points a side.
    """
    X = as_matrix(X, "X")
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly 2 features to be drawn, got {X.shape[1]}")
    y = as_labels(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y must have the same number of samples, got {X.shape[0]} and {y.shape[0]}"
        )
    if not callable(probability):
        raise TypeError(f"probability must be a function, got {type(probability).__name__}")
    resolution = as_count(resolution, "resolution", maximum=2000)
    padding = as_number(padding, "padding")
    if padding < 0:
        raise ValueError(f"padding must be zero or positive, got {padding}")
    with np.errstate(over="ignore"):
        low, high = X.min(axis=0) - padding, X.max(axis=0) + padding
        width = high - low
    if not np.all(np.isfinite(width)):
        raise ValueError("X or padding is too large: the map's edges overflow a float")
    if not np.all(high > low):
        raise ValueError(
            f"X and padding leave the map no width: from {low} to {high}; a larger padding "
            "(or X in a smaller scale) is needed"
        )
    ax = _axes(ax)
    g0, g1 = np.meshgrid(
        np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution)
    )
    p = np.asarray(probability(np.column_stack([g0.ravel(), g1.ravel()]))).reshape(g0.shape)
    ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.45, vmin=0, vmax=1)
    if p.min() < 0.5 < p.max():
        ax.contour(g0, g1, p, levels=[0.5], colors="black", linewidths=1.5)
    for label in (0, 1):
        mine = y == label
        ax.scatter(
            X[mine, 0],
            X[mine, 1],
            color=CLASS_COLORS[label],
            marker=CLASS_MARKERS[label],
            edgecolor="black",
            linewidth=0.5,
            s=30,
            label=f"class {label}",
            zorder=3,
        )
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax
