"""What every explorer shares: its table of controls, the front-end module, the static-page copy."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

import anywidget
import matplotlib.pyplot as plt
import numpy as np
import traitlets as t
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._validation import as_vector, same_length
from ..descent import DIVERGENCE_FACTOR
from .spec import Control, Value, check_settings

STATIC = Path(__file__).parent.parent / "static"

X_LABEL = "body-mass index (scaled)"
Y_LABEL = "disease progression"

NOTE = (
    "Interactive explorer ({controls}). It runs in your browser with JavaScript; in Jupyter, "
    "run the notebook from the top (Run All) to start it."
)


class Explorer(anywidget.AnyWidget):
    """An explorer: figures and controls, drawn and rerun in the reader's browser.

    A subclass names itself (`KIND`, the one name of the explorer in Python, JS, the URL and the
    page: "learning_rate" for `LearningRateExplorer` and `learning_rate_sliders`) and lists its
    `controls`; each control becomes a synced attribute of the same name.
    The subclass's constructor computes what the browser needs and calls `_start`.
    """

    KIND = ""
    controls: tuple[Control, ...] = ()

    _esm = STATIC / "explorers.js"
    _css = STATIC / "explorers.css"

    # The front end reads these; `spec` is the controls table with this explorer's defaults.
    kind = t.Unicode().tag(sync=True)
    spec = t.List(t.Dict()).tag(sync=True)
    x = t.List(t.Float()).tag(sync=True)  # the data, where the explorer draws one
    y = t.List(t.Float()).tag(sync=True)
    view = t.Dict().tag(sync=True)
    labels = t.Dict().tag(sync=True)
    divergence_factor = t.Float(DIVERGENCE_FACTOR).tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # One synced attribute per control, made from the table (runs before traitlets sets
        # the class up, which then treats it like a trait written in the class body).
        for control in cls.__dict__.get("controls", ()):
            if not isinstance(getattr(cls, control.name, None), t.TraitType):
                trait = control.trait()
                setattr(cls, control.name, trait)
                trait.class_init(cls, control.name)

    def _start(self, settings: dict[str, Any], **state: Any) -> None:
        """Check the chapter's settings (they become the defaults Reset returns to) and send
        everything to the front end in one message."""
        checked = self._checked(settings)
        self._defaults = checked
        spec = [control.starting_at(checked[control.name]).spec() for control in self.controls]
        super().__init__(kind=self.KIND, spec=spec, **state, **checked)

    def _checked(self, settings: dict[str, Any]) -> dict[str, Value]:
        """Every control's value, checked against the table (subclasses add their own checks)."""
        return check_settings(self.controls, settings)

    @property
    def defaults(self) -> dict[str, Value]:
        """The settings the explorer opened with (and Reset returns to)."""
        return dict(self._defaults)

    @property
    def settings(self) -> dict[str, Value]:
        """The controls' current values, by name."""
        return {control.name: getattr(self, control.name) for control in self.controls}

    def set(self, **changes: Any) -> Any:
        """Move controls from code, as a reader would; returns `result()` for the new settings."""
        checked = self._checked(dict(self.settings, **changes))
        # One message to the browser for the lot, so the module recomputes once.
        with self.hold_sync():
            for name, value in checked.items():
                setattr(self, name, value)
        return self.result()

    def result(self) -> Any:
        """nnlib's own computation for the current settings."""
        raise NotImplementedError

    def page_state(self) -> dict[str, Any]:
        """The state the front-end module reads, as plain JSON-ready values."""
        skip = {"_esm", "_css", "_anywidget_id", "layout", "tabbable", "tooltip", "_dom_classes"}
        return {
            name: value
            for name, value in self.get_state().items()
            if name not in skip and not name.startswith(("_model", "_view"))
        }

    def still(self) -> tuple[Figure, str]:
        """The explorer's opening view drawn by nnlib's plotting, and its alt text: what a reader
        sees where the explorer cannot run."""
        raise NotImplementedError

    def _still_html(self) -> str:
        figure, alt = self.still()
        buffer = io.BytesIO()
        # No date or software version in the file: the same settings give the same bytes.
        figure.savefig(buffer, format="png", dpi=80, metadata={"Software": None})
        plt.close(figure)
        data = base64.b64encode(buffer.getvalue()).decode()
        return (
            f'<img class="nnbook-explorer-still" src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt, quote=True)}">'
        )

    def note(self) -> str:
        """What a reader sees where the explorer cannot run (no JavaScript, no kernel)."""
        return NOTE.format(controls=", ".join(control.label for control in self.controls))

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        shown = super()._repr_mimebundle_(**kwargs)
        if shown is None:
            return None
        data, metadata = shown
        note = self.note()
        # Where there is no kernel (the static website, a notebook viewer), this HTML is shown
        # instead of the widget: the book's loader finds the state in it and starts the module.
        state = html.escape(json.dumps(self.page_state(), allow_nan=False), quote=True)
        data["text/plain"] = note
        data["text/html"] = (
            f'<div class="nnbook-explorer" data-state="{state}">'
            f'<p class="nnbook-explorer-note"><em>{html.escape(note)}</em></p>'
            f"{self._still_html()}</div>"
        )
        return data, metadata


def paired(x: ArrayLike, y: ArrayLike, squares: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """x and y as float vectors of the same length (n,), or an error naming the bad one."""
    x = as_vector(x, "x", squares=squares)
    y = as_vector(y, "y", squares=squares)
    same_length(x, "x", y, "y")
    return x, y


def padded(low: float, high: float, fraction: float) -> list[float]:
    """[low, high] widened by `fraction` of its width on each side (by 1 if it is a point)."""
    pad = fraction * (high - low) or 1.0
    return [float(low - pad), float(high + pad)]


def data_view(x: np.ndarray, y: np.ndarray) -> dict[str, list[float]]:
    """The frame of a scatter plot of the data, with room above and below for the line."""
    return {"x": padded(x.min(), x.max(), 0.05), "y": padded(y.min(), y.max(), 0.3)}
