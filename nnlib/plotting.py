"""Figures for the book, drawn from nnlib's math. Every function draws on an Axes and returns it.

Figures get an opaque white background so they stay readable on the site's dark theme.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._validation import as_number, as_vector, same_length

X_LABEL = "x: body-mass index (scaled: feature × 100 + 10)"
Y_LABEL = "y: disease progression after one year"
DATA_COLOR = "#1f77b4"
FIT_COLOR = "#d62728"


def new_figure(width: float = 6.0, height: float = 4.0, ncols: int = 1) -> tuple[Figure, list[Axes]]:
    """A figure with `ncols` side-by-side axes and an opaque white background."""
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), facecolor="white", squeeze=False)
    return fig, list(axes[0])


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        return new_figure()[1][0]
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def plot_data(x: object, y: object, ax: Axes | None = None) -> Axes:
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


def plot_line(x: object, m: float, b: float, ax: Axes | None = None, label: str | None = None,
              color: str = FIT_COLOR) -> Axes:
    """Draw the line y = m x + b across the range of x (shape (n,))."""
    x = as_vector(x, "x")
    m = as_number(m, "m")
    b = as_number(b, "b")
    ax = _axes(ax)
    span = np.array([x.min(), x.max()])
    label = label if label is not None else f"y = {m:.2f} x + {b:.2f}"
    ax.plot(span, m * span + b, color=color, label=label, linewidth=2)
    return ax
