"""Sliders for the explorers: learning rate (log scale), initial m, initial b, number of steps.

A notebook calls one function, e.g. `learning_rate_sliders(x, y)`, as the last line of a cell.
In a running kernel the cell shows the sliders above a figure that redraws in place whenever a
slider moves. On the static website there is no kernel, so the cell shows the figure at the
default values and a note saying the sliders run when the notebook runs.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from IPython.display import Image, display

from ._validation import as_count, as_number, as_positive
from .descent import DescentResult
from .explorers import (
    B0_RANGE,
    LEARNING_RATE_RANGE,
    M0_RANGE,
    STEP_CHOICES,
    LearningRateExplorer,
    LossSurfaceExplorer,
)

STATIC_NOTE = (
    "Sliders: learning rate, initial m, initial b, number of steps. They run when you run this "
    "notebook (see “Running the notebooks” on the first page); here the figure shows the "
    "default values."
)


class Sliders:
    """Four sliders wired to an explorer; displaying this object shows them and the figure.

    `set(...)` moves sliders from code (as a reader's mouse would) and returns the new run.
    """

    def __init__(
        self,
        explorer: LearningRateExplorer | LossSurfaceExplorer,
        learning_rate: float,
        m0: float,
        b0: float,
        steps: int,
    ) -> None:
        self.explorer = explorer
        self._handle = None  # the display the figure is shown in, once shown
        self._moving_several = False
        self.learning_rate = widgets.FloatLogSlider(
            value=_within(
                as_positive(learning_rate, "learning_rate"), LEARNING_RATE_RANGE, "learning_rate"
            ),
            base=10,
            min=-5,
            max=-1,
            step=0.05,
            description="learning rate",
            readout_format=".5f",
        )
        self.m0 = widgets.FloatSlider(
            value=_within(as_number(m0, "m0"), M0_RANGE, "m0"),
            min=M0_RANGE[0],
            max=M0_RANGE[1],
            step=0.5,
            description="initial m",
        )
        self.b0 = widgets.FloatSlider(
            value=_within(as_number(b0, "b0"), B0_RANGE, "b0"),
            min=B0_RANGE[0],
            max=B0_RANGE[1],
            step=1.0,
            description="initial b",
        )
        steps = as_count(steps, "steps")
        if steps not in STEP_CHOICES:
            raise ValueError(f"steps must be one of {STEP_CHOICES}, got {steps}")
        self.steps = widgets.SelectionSlider(options=STEP_CHOICES, value=steps, description="steps")
        for slider in self._sliders():
            slider.style.description_width = "initial"
            slider.observe(self._redraw, names="value")
        self.result = self._compute()

    def _sliders(self) -> list[widgets.Widget]:
        return [self.learning_rate, self.m0, self.b0, self.steps]

    def _compute(self) -> DescentResult:
        return self.explorer.update(
            self.learning_rate.value, self.m0.value, self.b0.value, self.steps.value
        )

    def _redraw(self, _change: dict | None = None) -> None:
        if self._moving_several:
            return
        self.result = self._compute()
        if self._handle is not None:
            self._handle.update(Image(data=self.explorer.png()))

    def set(
        self,
        learning_rate: float | None = None,
        m0: float | None = None,
        b0: float | None = None,
        steps: int | None = None,
    ) -> DescentResult:
        """Move any of the sliders, as a reader would, and return the resulting run."""
        pairs: list[tuple[widgets.Widget, object]] = [
            (self.learning_rate, learning_rate),
            (self.m0, m0),
            (self.b0, b0),
            (self.steps, steps),
        ]
        self._moving_several = True  # one redraw for the lot, not one per slider
        try:
            for slider, value in pairs:
                if value is not None:
                    slider.value = value
        finally:
            self._moving_several = False
        self._redraw()
        return self.result

    def _ipython_display_(self) -> None:
        controls = widgets.VBox(self._sliders())
        bundle = controls._repr_mimebundle_()
        # Where no widget can run (the static site, a plain viewer) the note stands in for them.
        bundle["text/plain"] = STATIC_NOTE
        bundle["text/html"] = f'<p class="nnbook-slider-note"><em>{STATIC_NOTE}</em></p>'
        display(bundle, raw=True)
        self._handle = display(Image(data=self.explorer.png()), display_id=True)


def _within(value: float, bounds: tuple[float, float], name: str) -> float:
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(
            f"{name} must be between {low:g} and {high:g} (the slider's range), got {value:g}"
        )
    return value


def learning_rate_sliders(
    x: object,
    y: object,
    learning_rate: float = 0.001,
    m0: float = 5.0,
    b0: float = 10.0,
    steps: int = 100,
) -> Sliders:
    """Sliders over the data-and-loss-curve figure (`LearningRateExplorer`); x, y of shape (n,)."""
    return Sliders(LearningRateExplorer(x, y), learning_rate, m0, b0, steps)


def loss_surface_sliders(
    x: object,
    y: object,
    learning_rate: float = 0.001,
    m0: float = 5.0,
    b0: float = 10.0,
    steps: int = 1000,
) -> Sliders:
    """Sliders over the loss-contour figure (`LossSurfaceExplorer`); x, y of shape (n,)."""
    return Sliders(LossSurfaceExplorer(x, y), learning_rate, m0, b0, steps)


def hidden_layer_sliders(x: object, y: object, **kwargs: Any) -> Any:
    """Sliders over the hidden-layer figure of chapter 8; x, y of shape (n,)."""
    from .network_widgets import hidden_layer_sliders as sliders

    return sliders(x, y, **kwargs)
