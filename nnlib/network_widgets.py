"""Sliders for the hidden-layer network: how many hidden units, and how big a learning rate.

`HiddenLayerExplorer` is the pure part: `update(hidden_units, learning_rate)` trains a fresh
1 → hidden_units → 1 tanh network (`nnlib.network.MLP`) and moves the lines of its one figure.
`hidden_layer_sliders(x, y)` wires two ipywidgets sliders to it, following nnlib.widgets: in a
running kernel the figure is shown once with a display id and replaced in place on every slider
move; on the static site a note says the sliders run when the notebook runs.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
from IPython.display import Image, display
from matplotlib.figure import Figure

from ._validation import as_count, as_positive, as_vector, same_length
from .network import MLP
from .plotting import DATA_COLOR, FIT_COLOR, X_LABEL, Y_LABEL, warning_text

HIDDEN_UNIT_CHOICES = (1, 2, 4, 8, 16, 32, 64)
LEARNING_RATE_RANGE = (1e-3, 1.0)
EPOCHS = 2000
ACTIVATION = "tanh"
_PNG_DPI = 90

STATIC_NOTE = (
    "Sliders: number of hidden units, learning rate. They run when you run this notebook (see "
    "“Running the notebooks” on the first page); here the figure shows the default values."
)


class HiddenLayerExplorer:
    """Left: the data and the trained network's curve. Right: the training loss per epoch.

    x, y: shape (n,). The network trains on standardised x and y (chapter 7); the figure and the
    title are in the original units.
    """

    def __init__(self, x: object, y: object, epochs: int = EPOCHS) -> None:
        self.x = as_vector(x, "x")
        self.y = as_vector(y, "y")
        same_length(self.x, "x", self.y, "y")
        self.epochs = as_count(epochs, "epochs")
        self.x_mean, self.x_std = self.x.mean(), self.x.std()
        self.y_mean, self.y_std = self.y.mean(), self.y.std()
        if self.x_std == 0 or self.y_std == 0:
            raise ValueError("x and y must each contain at least two different values")
        self.model: MLP | None = None
        self.figure = Figure(figsize=(10, 4), facecolor="white")
        self.figure.subplots_adjust(left=0.075, right=0.985, bottom=0.13, top=0.88, wspace=0.3)
        self.data_ax, self.loss_ax = self.figure.subplots(1, 2)
        self._build()

    def _build(self) -> None:
        ax = self.data_ax
        ax.scatter(self.x, self.y, color=DATA_COLOR, zorder=3, label="data")
        x_pad = 0.05 * np.ptp(self.x)
        y_pad = 0.3 * np.ptp(self.y)
        ax.set_xlim(self.x.min() - x_pad, self.x.max() + x_pad)
        ax.set_ylim(self.y.min() - y_pad, self.y.max() + y_pad)
        self.grid = np.linspace(self.x.min() - x_pad, self.x.max() + x_pad, 300)
        (self.curve,) = ax.plot([], [], color=FIT_COLOR, linewidth=2, label="network")
        ax.set_xlabel(X_LABEL)
        ax.set_ylabel(Y_LABEL)
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left")

        ax = self.loss_ax
        (self.loss_line,) = ax.plot([], [], color=FIT_COLOR)
        ax.set_yscale("log")
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(0, self.epochs)
        ax.set_xlabel("epoch (log scale)")
        ax.set_ylabel("mean squared error (log scale)")
        ax.grid(alpha=0.3, which="both")
        self.message = warning_text(ax)

    def update(self, hidden_units: int, learning_rate: float) -> MLP:
        """Train a fresh network with these settings and redraw; returns the fitted MLP."""
        hidden_units = as_count(hidden_units, "hidden_units", maximum=HIDDEN_UNIT_CHOICES[-1])
        learning_rate = as_positive(learning_rate, "learning_rate")
        X = ((self.x - self.x_mean) / self.x_std).reshape(-1, 1)
        target = (self.y - self.y_mean) / self.y_std
        model = MLP((hidden_units,), ACTIVATION, learning_rate, self.epochs, random_state=0).fit(
            X, target
        )
        self.model = model

        # Losses back in the original units: the MSE scales with the square of y's spread.
        losses = model.losses_ * self.y_std**2
        finite = np.isfinite(losses) & (losses > 0)
        self.loss_line.set_data(np.arange(len(losses))[finite], losses[finite])
        shown = losses[finite]
        self.loss_ax.set_ylim(shown.min() / 2, max(shown.max() * 2, shown.min() * 10))

        if model.diverged_:
            self.curve.set_data([], [])
            self.message.set_text(
                f"Diverged at epoch {len(losses) - 1}: the loss blew up.\n"
                "Try a smaller learning rate."
            )
            title = f"{hidden_units} hidden units, learning rate {learning_rate:.4g}: diverged"
        else:
            grid = ((self.grid - self.x_mean) / self.x_std).reshape(-1, 1)
            self.curve.set_data(self.grid, model.predict(grid) * self.y_std + self.y_mean)
            title = (
                f"{hidden_units} hidden units, learning rate {learning_rate:.4g}, {self.epochs} epochs: "
                f"training MSE {losses[-1]:.2f}"
            )
        self.message.set_visible(model.diverged_)
        self.figure.suptitle(title)
        return model

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=_PNG_DPI)
        return buffer.getvalue()


class HiddenLayerSliders:
    """Two sliders wired to a HiddenLayerExplorer; displaying this object shows them and the figure."""

    def __init__(
        self, explorer: HiddenLayerExplorer, hidden_units: int, learning_rate: float
    ) -> None:
        self.explorer = explorer
        self._handle = None
        hidden_units = as_count(hidden_units, "hidden_units", maximum=HIDDEN_UNIT_CHOICES[-1])
        if hidden_units not in HIDDEN_UNIT_CHOICES:
            raise ValueError(
                f"hidden_units must be one of {HIDDEN_UNIT_CHOICES}, got {hidden_units}"
            )
        learning_rate = as_positive(learning_rate, "learning_rate")
        low, high = LEARNING_RATE_RANGE
        if not low <= learning_rate <= high:
            raise ValueError(
                f"learning_rate must be between {low:g} and {high:g} (the slider's range), "
                f"got {learning_rate:g}"
            )
        self.hidden_units = widgets.SelectionSlider(
            options=HIDDEN_UNIT_CHOICES, value=hidden_units, description="hidden units"
        )
        self.learning_rate = widgets.FloatLogSlider(
            value=learning_rate,
            base=10,
            min=np.log10(low),
            max=np.log10(high),
            step=0.1,
            description="learning rate",
            readout_format=".4f",
        )
        for slider in (self.hidden_units, self.learning_rate):
            slider.style.description_width = "initial"
            slider.observe(self._redraw, names="value")
        self.model = explorer.update(hidden_units, learning_rate)

    def _redraw(self, _change: dict | None = None) -> None:
        self.model = self.explorer.update(self.hidden_units.value, self.learning_rate.value)
        if self._handle is not None:
            self._handle.update(Image(data=self.explorer.png()))

    def _ipython_display_(self) -> None:
        controls = widgets.VBox([self.hidden_units, self.learning_rate])
        bundle = controls._repr_mimebundle_()
        bundle["text/plain"] = STATIC_NOTE
        bundle["text/html"] = f'<p class="nnbook-slider-note"><em>{STATIC_NOTE}</em></p>'
        display(bundle, raw=True)
        self._handle = display(Image(data=self.explorer.png()), display_id=True)


def hidden_layer_sliders(
    x: object, y: object, hidden_units: int = 2, learning_rate: float = 0.1
) -> HiddenLayerSliders:
    """Sliders over a 1 → hidden_units → 1 tanh network trained on x, y of shape (n,)."""
    return HiddenLayerSliders(HiddenLayerExplorer(x, y), hidden_units, learning_rate)
