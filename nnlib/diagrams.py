"""Diagrams of a perceptron and of a fully connected network (chapter 2), drawn with matplotlib.

Both functions draw on an Axes and return it, like the functions in `nnlib.plotting`. They are
drawn by code rather than stored as images so that the pictures always match the sizes named in
the text, and so that a reader can redraw them for a network of their own.

Import them from here: `from nnlib.diagrams import draw_perceptron, draw_network`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyBboxPatch

from ._validation import as_count
from .plotting import new_figure

# Beyond these sizes the circles get too small to read; a bigger network is still the same idea.
MAX_NODES_PER_LAYER = 12
MAX_LAYERS = 8

INPUT_COLOR = "#dbe9f6"
HIDDEN_COLOR = "#fde3c8"
OUTPUT_COLOR = "#f6d1d1"
NEURON_COLOR = "#fde3c8"
EDGE_COLOR = "#333333"
WIRE_COLOR = "#7f7f7f"


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    """Return `ax`, or a fresh axes on a white figure of the given size if `ax` is None."""
    if ax is None:
        return new_figure(width, height)[1][0]
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _labels(value: object, name: str, count: int, default: list[str]) -> list[str]:
    """Return `value` as `count` strings (or `default` if None), or raise naming `name`."""
    if value is None:
        return default
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list of strings or None, got {type(value).__name__}")
    labels = list(value)
    if len(labels) != count:
        raise ValueError(f"{name} must have {count} entries (one per input), got {len(labels)}")
    for label in labels:
        if not isinstance(label, str):
            raise TypeError(f"{name} must contain only strings, got {type(label).__name__}")
    return labels


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    return value


def _layer_sizes(value: object) -> list[int]:
    """Return `value` as a list of layer sizes, or raise naming `layer_sizes`."""
    name = "layer_sizes"
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise ValueError(f"{name} must be a 1-D sequence of integers, got shape {value.shape}")
        value = value.tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence of integers, got {type(value).__name__}")
    # Two layers (inputs and outputs) is the smallest thing worth calling a network.
    if not 2 <= len(value) <= MAX_LAYERS:
        raise ValueError(f"{name} must list between 2 and {MAX_LAYERS} layers, got {len(value)}")
    return [as_count(size, f"{name}[{i}]", MAX_NODES_PER_LAYER) for i, size in enumerate(value)]


def _node(
    ax: Axes, x: float, y: float, radius: float, color: str, label: str = "", fontsize: float = 12
) -> None:
    ax.add_patch(
        Circle((x, y), radius, facecolor=color, edgecolor=EDGE_COLOR, linewidth=1.5, zorder=3)
    )
    if label:
        ax.text(x, y, label, ha="center", va="center", fontsize=fontsize, zorder=4)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        zorder=2,
        arrowprops={
            "arrowstyle": "-|>",
            "color": EDGE_COLOR,
            "linewidth": 1.4,
            "shrinkA": 0,
            "shrinkB": 0,
            "mutation_scale": 14,
        },
    )


def draw_perceptron(
    ax: Axes | None = None,
    n_inputs: int = 3,
    *,
    input_labels: Sequence[str] | None = None,
    weight_labels: Sequence[str] | None = None,
    bias_label: str = "$b$",
    activation_label: str = "$f$",
    output_label: str = r"$\hat{y}$",
) -> Axes:
    """Draw one perceptron: inputs, weights, bias, weighted sum, activation and output.

    n_inputs: 1 to 12 input nodes. input_labels, weight_labels: one string per input (matplotlib
    mathtext such as "$x_1$" is fine); by default $x_1$, $x_2$, ... and $w_1$, $w_2$, ...
    The neuron is drawn as a circle split in two: the weighted sum Σ on the left and the
    activation on the right. Draws n_inputs + 1 circles and returns the Axes.
    """
    n_inputs = as_count(n_inputs, "n_inputs", MAX_NODES_PER_LAYER)
    if n_inputs == 1:
        default_inputs, default_weights = ["$x$"], ["$w$"]
    else:
        default_inputs = [f"$x_{{{i}}}$" for i in range(1, n_inputs + 1)]
        default_weights = [f"$w_{{{i}}}$" for i in range(1, n_inputs + 1)]
    inputs = _labels(input_labels, "input_labels", n_inputs, default_inputs)
    weights = _labels(weight_labels, "weight_labels", n_inputs, default_weights)
    bias_label = _text(bias_label, "bias_label")
    activation_label = _text(activation_label, "activation_label")
    output_label = _text(output_label, "output_label")

    spacing = 1.3
    top = (n_inputs - 1) / 2 * spacing
    ax = _axes(ax, 7.0, max(3.6, 1.0 * n_inputs + 1.8))

    input_x, input_r = 0.0, 0.42
    neuron_x, neuron_r = 4.6, 0.95
    output_x = 7.6
    for i, (label, weight) in enumerate(zip(inputs, weights)):
        y = top - i * spacing
        _node(ax, input_x, y, input_r, INPUT_COLOR, label, fontsize=14)
        # Aim every arrow at the neuron's centre, but stop it at the circle's edge.
        direction = np.array([neuron_x - input_x, 0.0 - y])
        direction /= np.hypot(*direction)
        start = np.array([input_x, y]) + input_r * direction
        end = np.array([neuron_x, 0.0]) - neuron_r * direction
        _arrow(ax, tuple(start), tuple(end))
        # The weight sits on its wire, a little nearer the input so the labels stay apart.
        mid = start + 0.42 * (end - start)
        ax.text(
            mid[0],
            mid[1],
            weight,
            ha="center",
            va="center",
            fontsize=13,
            color="#1a4f8b",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=4,
        )

    # The neuron: one circle, split into "add up" and "activate".
    ax.add_patch(
        Circle(
            (neuron_x, 0.0),
            neuron_r,
            facecolor=NEURON_COLOR,
            edgecolor=EDGE_COLOR,
            linewidth=1.8,
            zorder=3,
        )
    )
    ax.plot([neuron_x, neuron_x], [-neuron_r, neuron_r], color=EDGE_COLOR, linewidth=1.2, zorder=4)
    ax.text(
        neuron_x - neuron_r / 2, 0.0, r"$\Sigma$", ha="center", va="center", fontsize=18, zorder=5
    )
    ax.text(
        neuron_x + neuron_r / 2,
        0.0,
        activation_label,
        ha="center",
        va="center",
        fontsize=16,
        zorder=5,
    )

    # The bias is a number added inside the neuron, so it comes in from above, not as an input.
    bias_y = max(top, neuron_r) + 1.0
    ax.add_patch(
        FancyBboxPatch(
            (neuron_x - 0.35, bias_y - 0.3),
            0.7,
            0.6,
            boxstyle="round,pad=0.05",
            facecolor="white",
            edgecolor=EDGE_COLOR,
            linewidth=1.4,
            zorder=3,
        )
    )
    ax.text(neuron_x, bias_y, bias_label, ha="center", va="center", fontsize=14, zorder=4)
    _arrow(ax, (neuron_x, bias_y - 0.35), (neuron_x, neuron_r))
    ax.text(neuron_x + 0.5, bias_y, "bias", ha="left", va="center", fontsize=11)

    _arrow(ax, (neuron_x + neuron_r, 0.0), (output_x - 0.1, 0.0))
    ax.text(output_x, 0.0, output_label, ha="left", va="center", fontsize=16)

    # Captions under each part, so the picture can be read without the text around it.
    caption_y = -max(top, neuron_r) - 0.85
    ax.text(
        input_x,
        caption_y,
        "input" if n_inputs == 1 else "inputs",
        ha="center",
        va="top",
        fontsize=11,
    )
    ax.text(
        neuron_x, caption_y, "weighted sum, then activation", ha="center", va="top", fontsize=11
    )
    ax.text(output_x + 0.2, caption_y, "output", ha="center", va="top", fontsize=11)

    ax.set_xlim(input_x - 0.9, output_x + 1.2)
    ax.set_ylim(caption_y - 0.6, bias_y + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def draw_network(layer_sizes: Sequence[int], ax: Axes | None = None) -> Axes:
    """Draw a fully connected network with `layer_sizes[k]` nodes in layer k.

    layer_sizes: 2 to 8 integers, each 1 to 12, e.g. (3, 4, 2, 1). The first layer is the input,
    the last the output, the rest hidden layers; every node is wired to every node of the next
    layer. Draws sum(layer_sizes) circles and returns the Axes.
    """
    sizes = _layer_sizes(layer_sizes)
    tallest = max(sizes)
    ax = _axes(ax, max(5.0, 2.0 * len(sizes) + 1.0), max(3.2, 0.6 * tallest + 1.6))

    dx, dy, radius = 2.6, 1.0, 0.3
    positions = []
    for k, size in enumerate(sizes):
        ys = ((size - 1) / 2 - np.arange(size)) * dy  # centre each layer vertically
        positions.append([(k * dx, float(y)) for y in ys])

    # Wires first, so the circles are drawn on top of them.
    for left, right in zip(positions, positions[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot(
                    [x0 + radius, x1 - radius], [y0, y1], color=WIRE_COLOR, linewidth=0.9, zorder=1
                )

    last = len(sizes) - 1
    for k, layer in enumerate(positions):
        for i, (x, y) in enumerate(layer):
            if k == 0:
                color, label = INPUT_COLOR, f"$x_{{{i + 1}}}$"
            elif k == last:
                color = OUTPUT_COLOR
                label = r"$\hat{y}$" if len(layer) == 1 else rf"$\hat{{y}}_{{{i + 1}}}$"
            else:
                color, label = HIDDEN_COLOR, ""
            _node(ax, x, y, radius, color, label, fontsize=11)

    bottom = -(tallest - 1) / 2 * dy - radius
    for k, size in enumerate(sizes):
        if k == 0:
            caption = f"input\n{size} value{'s' if size > 1 else ''}"
        else:
            name = "output" if k == last else f"hidden {k}"
            caption = f"{name}\n{size} neuron{'s' if size > 1 else ''}"
        ax.text(k * dx, bottom - 0.35, caption, ha="center", va="top", fontsize=11)

    ax.set_xlim(-dx / 2, last * dx + dx / 2)
    ax.set_ylim(bottom - 1.3, -bottom + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
