"""Figures that redraw in place for new slider values: the engines behind the book's sliders.

Each explorer owns one matplotlib Figure (not registered with pyplot, so a notebook never shows a
stray copy) and, on `update(...)`, reruns gradient descent and moves its existing lines instead
of drawing a new figure. `png()` renders the current state. No ipywidgets here: the sliders live
in nnlib.widgets, so these classes can be tested and benchmarked without a browser.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

from ._validation import as_vector, same_length
from .descent import DescentResult, gradient_descent, max_stable_learning_rate
from .loss import mse_grid
from .plotting import DATA_COLOR, FIT_COLOR, X_LABEL, Y_LABEL, plot_loss_surface
from .regression import closed_form

# Slider ranges, shared by the widgets and the tests that try every corner.
LEARNING_RATE_RANGE = (1e-5, 1e-1)
M0_RANGE = (-20.0, 40.0)
B0_RANGE = (-100.0, 200.0)
STEP_CHOICES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)

# Drawing coordinates are clipped here: far outside every view, but safe for matplotlib's
# transforms when a diverged run has reached 1e150 or inf.
_DRAW_LIMIT = 1e6
_PNG_DPI = 90


def _drawable(values: np.ndarray) -> np.ndarray:
    return np.clip(np.where(np.isfinite(values), values, np.nan), -_DRAW_LIMIT, _DRAW_LIMIT)


def _two_panel_figure() -> Figure:
    # A fixed layout: the labels never change size, and an automatic layout engine would
    # redo its work (and draw twice) on every slider move.
    figure = Figure(figsize=(10, 4), facecolor="white")
    figure.subplots_adjust(left=0.075, right=0.985, bottom=0.13, top=0.9, wspace=0.3)
    return figure


def _divergence_message(result: DescentResult, limit: float) -> str:
    return (
        f"Diverged at step {result.steps_run}: the loss blew up.\n"
        f"This learning rate ({result.learning_rate:.4g}) is above the stable limit {limit:.4f}."
    )


class _Explorer:
    """Common parts: the data, the figure, and rendering to PNG bytes."""

    figure: Figure

    def __init__(self, x: object, y: object) -> None:
        self.x = as_vector(x, "x")
        self.y = as_vector(y, "y")
        same_length(self.x, "x", self.y, "y")
        self.stable_limit = max_stable_learning_rate(self.x)
        self.result: DescentResult | None = None

    message: Text

    def _show_warning(self, result: DescentResult) -> None:
        """Say on the figure when a run diverged, or is about to (too few steps to see it yet)."""
        if result.diverged:
            self.message.set_text(_divergence_message(result, self.stable_limit))
        elif result.learning_rate > self.stable_limit:
            self.message.set_text(
                f"Above the stable limit {self.stable_limit:.4f}: the loss is growing\n"
                "and more steps will make it diverge."
            )
        self.message.set_visible(result.diverged or result.learning_rate > self.stable_limit)

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=_PNG_DPI)
        return buffer.getvalue()


class LearningRateExplorer(_Explorer):
    """Left: the data with the starting line and the learned line. Right: loss against step."""

    def __init__(self, x: object, y: object) -> None:
        super().__init__(x, y)
        self.figure = _two_panel_figure()
        self.data_ax, self.loss_ax = self.figure.subplots(1, 2)
        self._build()

    def _build(self) -> None:
        ax = self.data_ax
        ax.scatter(self.x, self.y, color=DATA_COLOR, zorder=3, label="data")
        ax.set_xlabel(X_LABEL)
        ax.set_ylabel(Y_LABEL)
        ax.grid(alpha=0.3)
        # Fixed limits keep the axes readable whatever line a diverged run ends on.
        x_pad = 0.05 * np.ptp(self.x) + 1e-9
        y_pad = 0.25 * np.ptp(self.y) + 1e-9
        ax.set_xlim(self.x.min() - x_pad, self.x.max() + x_pad)
        ax.set_ylim(self.y.min() - y_pad, self.y.max() + y_pad)
        self._span = np.array(ax.get_xlim())
        (self.start_line,) = ax.plot([], [], color="gray", linestyle="--", label="start")
        (self.fit_line,) = ax.plot([], [], color=FIT_COLOR, linewidth=2, label="after training")
        ax.legend(loc="upper left")

        ax = self.loss_ax
        (self.loss_line,) = ax.plot([], [], color=FIT_COLOR)
        ax.set_yscale("log")
        # Linear up to step 1, logarithmic after: the fast first steps and the slow crawl of
        # thousands of steps both stay visible.
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlabel("step (log scale)")
        ax.set_ylabel("mean squared error (log scale)")
        ax.grid(alpha=0.3, which="both")
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                               color="darkred", fontsize=10, wrap=True,
                               bbox={"facecolor": "white", "edgecolor": "darkred"})

    def update(self, learning_rate: float, m0: float, b0: float, steps: int) -> DescentResult:
        """Rerun gradient descent with these settings and move the lines; returns the run."""
        result = gradient_descent(self.x, self.y, m0, b0, learning_rate, steps)
        self.result = result
        self.start_line.set_data(self._span, _drawable(m0 * self._span + b0))
        with np.errstate(over="ignore", invalid="ignore"):
            end = _drawable(result.m * self._span + result.b)
        self.fit_line.set_data(self._span, end)

        finite = np.isfinite(result.losses) & (result.losses > 0)
        steps_axis = np.arange(len(result.losses))
        self.loss_line.set_data(steps_axis[finite], result.losses[finite])
        self.loss_ax.set_xlim(0, max(steps, 1))
        shown = result.losses[finite]
        low, high = (shown.min(), shown.max()) if shown.size else (1.0, 10.0)
        self.loss_ax.set_ylim(low / 2, max(high * 2, low * 10))

        self._show_warning(result)
        if result.diverged:
            title = f"learning rate {learning_rate:.4g}: diverged"
        else:
            title = (f"learning rate {learning_rate:.4g}, {steps} steps: "
                     f"m = {result.m:.4f}, b = {result.b:.4f}, loss = {result.losses[-1]:.2f}")
        self.figure.suptitle(title)
        return result


class LossSurfaceExplorer(_Explorer):
    """Left: the descent path on the loss contour. Right: how far m and b still are from the optimum."""

    def __init__(self, x: object, y: object, m_range: tuple[float, float] = M0_RANGE,
                 b_range: tuple[float, float] = B0_RANGE) -> None:
        super().__init__(x, y)
        self.m_best, self.b_best = closed_form(self.x, self.y)
        self.figure = _two_panel_figure()
        self.surface_ax, self.gap_ax = self.figure.subplots(1, 2)
        # The contour never changes with the sliders: draw it once.
        plot_loss_surface(self.x, self.y, m_range, b_range, ax=self.surface_ax, resolution=150)
        (self.path_line,) = self.surface_ax.plot([], [], color="#ff7f0e", marker=".", markersize=3,
                                                 linewidth=1.2, label="gradient descent")
        (self.start_point,) = self.surface_ax.plot([], [], "o", color="#ff7f0e",
                                                   markeredgecolor="black", label="start")
        self.surface_ax.legend(loc="upper right", fontsize=8)
        self._build_gap_axes()

    def _build_gap_axes(self) -> None:
        ax = self.gap_ax
        (self.m_gap_line,) = ax.plot([], [], label="|m − m*|, slope", color="#1f77b4")
        (self.b_gap_line,) = ax.plot([], [], label="|b − b*|, intercept", color="#2ca02c")
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("distance to the optimum (log scale)")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="lower left", fontsize=8)
        self.message = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                               color="darkred", fontsize=10,
                               bbox={"facecolor": "white", "edgecolor": "darkred"})

    def update(self, learning_rate: float, m0: float, b0: float, steps: int) -> DescentResult:
        """Rerun gradient descent with these settings and redraw the path; returns the run."""
        result = gradient_descent(self.x, self.y, m0, b0, learning_rate, steps)
        self.result = result
        self.path_line.set_data(_drawable(result.m_path), _drawable(result.b_path))
        self.start_point.set_data([m0], [b0])

        with np.errstate(over="ignore", invalid="ignore"):
            m_gap = np.abs(result.m_path - self.m_best)
            b_gap = np.abs(result.b_path - self.b_best)
        steps_axis = np.arange(len(result.losses))
        shown = []
        for line, gap in ((self.m_gap_line, m_gap), (self.b_gap_line, b_gap)):
            keep = np.isfinite(gap) & (gap > 0)
            line.set_data(steps_axis[keep], gap[keep])
            shown.append(gap[keep])
        values = np.concatenate(shown)
        self.gap_ax.set_xlim(0, max(steps, 1))
        if values.size:
            self.gap_ax.set_ylim(max(values.min() / 2, 1e-12), max(values.max() * 2, 1e-11))

        self._show_warning(result)
        if result.diverged:
            title = f"learning rate {learning_rate:.4g}: diverged"
        else:
            title = (f"learning rate {learning_rate:.4g}, {steps} steps: "
                     f"m = {result.m:.4f} (optimum {self.m_best:.4f}), "
                     f"b = {result.b:.4f} (optimum {self.b_best:.4f})")
        self.figure.suptitle(title)
        return result


def loss_at(x: object, y: object, m: float, b: float) -> float:
    """MSE of the line (m, b) on x, y of shape (n,): a one-point `mse_grid`, used for labels."""
    return float(mse_grid(x, y, [m], [b])[0, 0])
