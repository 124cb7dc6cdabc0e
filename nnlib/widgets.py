"""Explorers: figures with sliders that run in the reader's browser (ch. 1, 3, 5, 6, 8, 9, 11, 12).

A notebook shows one with a one-line cell, e.g. `learning_rate_sliders(x, y)`. Python computes
what needs numpy (the data's sums, the best line, the largest stable learning rate, the axis
ranges, a network's initial weights) and hands it to a small JavaScript module,
`nnlib/static/explorers.js`, which recomputes the loss (chapters 1 and 3), reruns gradient descent
or trains the network, and redraws on every slider move with the same formulas as nnlib
(`_mse_from_sums`, `gradient_descent_from_sums`, `MLP.fit`). No kernel round trip per
move, so the same explorer is live in JupyterLab (as an anywidget) and on the static website
(where the book's loader runs the module on the state written into the page).

The settings the reader chooses come back to Python (`explorer.learning_rate`, ...), and
`explorer.result()` gives nnlib's own run for them, so a reader can continue in code from where
the sliders are.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets as t
from numpy.typing import ArrayLike

from ._validation import (
    as_count,
    as_labels,
    as_matrix,
    as_number,
    as_positive,
    as_seed,
    as_vector,
    same_length,
)
from .descent import (
    DIVERGENCE_FACTOR,
    DescentResult,
    _clipped_mse_from_sums,
    data_sums,
    gradient_descent,
    max_stable_learning_rate,
)
from .loss import _bce, _mse
from .minibatch import (
    MiniBatchResult,
    epoch_orders,
    minibatch_descent,
    minibatch_descent_from_orders,
)
from .momentum import largest_curvature_from_sums, momentum_descent
from .network import MLP, MLPClassifier, init_layers
from .regression import _feedforward, closed_form

STATIC = Path(__file__).parent / "static"

# Slider ranges, in one place for every explorer (and for the tests that try their corners).
LEARNING_RATE_RANGE = (1e-5, 1e-1)
M0_RANGE = (-20.0, 40.0)
B0_RANGE = (-100.0, 200.0)
STEP_CHOICES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
HIDDEN_UNIT_CHOICES = (1, 2, 4, 8, 16, 32, 64)
NETWORK_LEARNING_RATE_RANGE = (1e-3, 1.0)
EPOCHS = 2000
NETWORK_SEED = 0  # the seed of the initial weights, the same for every hidden-layer size


X_LABEL = "body-mass index (scaled)"
Y_LABEL = "disease progression"

NOTE = (
    "Interactive explorer ({controls}). It runs in your browser with JavaScript; in Jupyter, "
    "run the notebook from the top (Run All) to start it."
)


def _within(value: float, bounds: tuple[float, float], name: str) -> float:
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(
            f"{name} must be between {low:g} and {high:g} (the slider's range), got {value:g}"
        )
    return value


def _one_of(value: int, choices: tuple[int, ...], name: str) -> int:
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value}")
    return value


def _descent_settings(learning_rate: float, m0: float, b0: float, steps: int) -> dict[str, Any]:
    """The four descent sliders' values, each checked against its range."""
    return {
        "learning_rate": _within(
            as_positive(learning_rate, "learning_rate"), LEARNING_RATE_RANGE, "learning_rate"
        ),
        "m0": _within(as_number(m0, "m0"), M0_RANGE, "m0"),
        "b0": _within(as_number(b0, "b0"), B0_RANGE, "b0"),
        "steps": _one_of(as_count(steps, "steps"), STEP_CHOICES, "steps"),
    }


def _network_settings(hidden_units: int, learning_rate: float) -> dict[str, Any]:
    """The network sliders' values, each checked against its range."""
    return {
        "hidden_units": _one_of(
            as_count(hidden_units, "hidden_units"), HIDDEN_UNIT_CHOICES, "hidden_units"
        ),
        "learning_rate": _within(
            as_positive(learning_rate, "learning_rate"),
            NETWORK_LEARNING_RATE_RANGE,
            "learning_rate",
        ),
    }


def _apply(explorer: Explorer, settings: dict[str, Any]) -> None:
    # One message to the browser for the lot, so the module recomputes once.
    with explorer.hold_sync():
        for name, value in settings.items():
            setattr(explorer, name, value)


def _map_frame(run: DescentResult, m_best: float, b_best: float) -> dict[str, list[float]]:
    """The loss map's opening frame: the default run's path and the optimum, not the whole
    slider range, since that is where the reader's eye should be. The axes follow later moves."""
    finite = np.isfinite(run.m_path) & np.isfinite(run.b_path)
    ms = np.append(run.m_path[finite], m_best)
    bs = np.append(run.b_path[finite], b_best)
    return {
        "m": _padded(max(ms.min(), M0_RANGE[0]), min(ms.max(), M0_RANGE[1]), 0.15),
        "b": _padded(max(bs.min(), B0_RANGE[0]), min(bs.max(), B0_RANGE[1]), 0.15),
    }


def _padded(low: float, high: float, fraction: float) -> list[float]:
    pad = fraction * (high - low) or 1.0
    return [float(low - pad), float(high + pad)]


class Explorer(anywidget.AnyWidget):
    """What every explorer shares: the front-end module, the data, and the static-page copy."""

    _esm = STATIC / "explorers.js"
    _css = STATIC / "explorers.css"

    kind = t.Unicode().tag(sync=True)
    explorer_id = t.Unicode().tag(sync=True)  # names the explorer in the page's URL hash
    x = t.List(t.Float()).tag(sync=True)
    y = t.List(t.Float()).tag(sync=True)
    view = t.Dict().tag(sync=True)
    ranges = t.Dict().tag(sync=True)
    defaults = t.Dict().tag(sync=True)
    labels = t.Dict().tag(sync=True)
    divergence_factor = t.Float(DIVERGENCE_FACTOR).tag(sync=True)
    controls_text = "sliders"

    def page_state(self) -> dict[str, Any]:
        """The state the front-end module reads, as plain JSON-ready values."""
        skip = {"_esm", "_css", "_anywidget_id", "layout", "tabbable", "tooltip", "_dom_classes"}
        return {
            name: value
            for name, value in self.get_state().items()
            if name not in skip and not name.startswith(("_model", "_view"))
        }

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        shown = super()._repr_mimebundle_(**kwargs)
        if shown is None:
            return None
        data, metadata = shown
        note = NOTE.format(controls=self.controls_text)
        # Where there is no kernel (the static website, a notebook viewer), this HTML is shown
        # instead of the widget: the book's loader finds the state in it and starts the module.
        state = html.escape(json.dumps(self.page_state(), allow_nan=False), quote=True)
        data["text/plain"] = note
        data["text/html"] = (
            f'<div class="nnbook-explorer" data-state="{state}">'
            f'<p class="nnbook-explorer-note"><em>{html.escape(note)}</em></p></div>'
        )
        return data, metadata


class _DescentExplorer(Explorer):
    """Gradient descent on y ≈ m x + b from a start the reader picks (chapters 5 and 6)."""

    sums = t.Dict().tag(sync=True)
    limit = t.Float().tag(sync=True)
    best = t.Dict().tag(sync=True)
    # The reader's settings (the sliders).
    learning_rate = t.Float().tag(sync=True)
    m0 = t.Float().tag(sync=True)
    b0 = t.Float().tag(sync=True)
    steps = t.Int().tag(sync=True)
    # What the front-end module shows for them (written by the module).
    m = t.Float(allow_none=True).tag(sync=True)
    b = t.Float(allow_none=True).tag(sync=True)
    loss = t.Float(allow_none=True).tag(sync=True)
    step = t.Int(0).tag(sync=True)
    steps_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    unstable = t.Bool(False).tag(sync=True)
    controls_text = "learning rate, initial m, initial b, steps"
    kind_name = ""  # "learning_rate" or "loss_surface": which figure the module draws

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        learning_rate: float = 0.001,
        m0: float = 5.0,
        b0: float = 10.0,
        steps: int = 100,
        explorer_id: str | None = None,
    ) -> None:
        x = as_vector(x, "x")
        y = as_vector(y, "y")
        same_length(x, "x", y, "y")
        settings = _descent_settings(learning_rate=learning_rate, m0=m0, b0=b0, steps=steps)
        self._x, self._y = x, y
        m_best, b_best = closed_form(x, y)
        error = m_best * x + b_best - y
        super().__init__(
            kind=self.kind_name,
            explorer_id=explorer_id or self.kind_name.replace("_", "-"),
            x=x.tolist(),
            y=y.tolist(),
            sums=data_sums(x, y),
            limit=max_stable_learning_rate(x),
            best={"m": m_best, "b": b_best, "loss": float(error @ error) / x.size},
            view=self._view(x, y, settings, m_best, b_best),
            ranges={
                "learning_rate": list(LEARNING_RATE_RANGE),
                "m0": list(M0_RANGE),
                "b0": list(B0_RANGE),
                "steps": list(STEP_CHOICES),
            },
            defaults=settings,
            labels={"x": X_LABEL, "y": Y_LABEL},
            **settings,
        )

    def _view(
        self, x: np.ndarray, y: np.ndarray, settings: dict, m_best: float, b_best: float
    ) -> dict[str, list[float]]:
        return {"x": _padded(x.min(), x.max(), 0.05), "y": _padded(y.min(), y.max(), 0.3)}

    # How the sliders' values are checked, and the nnlib function they are a run of.
    _checked: Callable[..., dict[str, Any]] = staticmethod(_descent_settings)
    _run: Callable[..., DescentResult] = staticmethod(gradient_descent)

    @property
    def settings(self) -> dict[str, Any]:
        """The sliders' current values (learning_rate, m0, b0, steps, and beta for momentum)."""
        return {name: getattr(self, name) for name in self.defaults}

    def set(self, **settings: float) -> DescentResult:
        """Move sliders from code, as a reader would (any of the names in `settings`)."""
        _apply(self, self._checked(**dict(self.settings, **settings)))
        return self.result()

    def result(self) -> DescentResult:
        """nnlib's own run for the sliders' current settings."""
        return self._run(self._x, self._y, **self.settings)


class LearningRateExplorer(_DescentExplorer):
    """Chapter 5: the line over the data and the loss against the step."""

    kind_name = "learning_rate"


class LossSurfaceExplorer(_DescentExplorer):
    """Chapter 6: the path of (m, b) over the loss map, and the loss against the step."""

    kind_name = "loss_surface"

    def _view(
        self, x: np.ndarray, y: np.ndarray, settings: dict, m_best: float, b_best: float
    ) -> dict[str, list[float]]:
        view = super()._view(x, y, settings, m_best, b_best)
        return dict(view, **_map_frame(gradient_descent(x, y, **settings), m_best, b_best))


class HiddenLayerExplorer(Explorer):
    """Chapter 11: a 1 → k → 1 tanh network trained in the browser, its curve and its loss."""

    x_mean = t.Float().tag(sync=True)
    x_std = t.Float().tag(sync=True)
    y_mean = t.Float().tag(sync=True)
    y_std = t.Float().tag(sync=True)
    initial_weights = t.Dict().tag(sync=True)
    epochs = t.Int(EPOCHS).tag(sync=True)
    activation = t.Unicode("tanh").tag(sync=True)
    curve_x = t.List(t.Float()).tag(sync=True)
    hidden_units = t.Int().tag(sync=True)
    learning_rate = t.Float().tag(sync=True)
    loss = t.Float(allow_none=True).tag(sync=True)
    epochs_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    controls_text = "number of hidden units, learning rate"

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        hidden_units: int = 2,
        learning_rate: float = 0.1,
        explorer_id: str = "hidden-layer",
    ) -> None:
        x = as_vector(x, "x", squares=True)
        y = as_vector(y, "y", squares=True)
        same_length(x, "x", y, "y")
        settings = _network_settings(hidden_units=hidden_units, learning_rate=learning_rate)
        if x.std() == 0 or y.std() == 0:
            raise ValueError("x and y must each contain at least two different values")
        self._x, self._y = x, y
        view_x = _padded(x.min(), x.max(), 0.05)
        super().__init__(
            kind="network",
            explorer_id=explorer_id,
            x=x.tolist(),
            y=y.tolist(),
            x_mean=float(x.mean()),
            x_std=float(x.std()),
            y_mean=float(y.mean()),
            y_std=float(y.std()),
            initial_weights={str(k): _initial_weights(k) for k in HIDDEN_UNIT_CHOICES},
            curve_x=np.linspace(view_x[0], view_x[1], 200).tolist(),
            view={"x": view_x, "y": _padded(y.min(), y.max(), 0.3)},
            ranges={
                "hidden_units": list(HIDDEN_UNIT_CHOICES),
                "learning_rate": list(NETWORK_LEARNING_RATE_RANGE),
            },
            defaults=settings,
            labels={"x": X_LABEL, "y": Y_LABEL},
            **settings,
        )

    @property
    def settings(self) -> dict[str, Any]:
        """The sliders' current values: hidden_units, learning_rate."""
        return {"hidden_units": self.hidden_units, "learning_rate": self.learning_rate}

    def set(self, **settings: float) -> MLP:
        """Move sliders from code (hidden_units, learning_rate); returns the trained network."""
        _apply(self, _network_settings(**dict(self.settings, **settings)))
        return self.result()

    def result(self) -> MLP:
        """nnlib's network trained with the sliders' settings, on standardised x and y."""
        z = ((self._x - self.x_mean) / self.x_std).reshape(-1, 1)
        target = (self._y - self.y_mean) / self.y_std
        network = MLP((self.hidden_units,), "tanh", self.learning_rate, self.epochs, NETWORK_SEED)
        return network.fit(z, target)

    def training_mse(self) -> float:
        """The result's training MSE in the original units of y (what the explorer shows)."""
        network = self.result()
        if network.diverged_:
            return float("nan")
        z = ((self._x - self.x_mean) / self.x_std).reshape(-1, 1)
        error = network.predict(z) * self.y_std + self.y_mean - self._y
        return float(error @ error) / error.size


def _initial_weights(hidden_units: int) -> dict[str, list]:
    # Exactly the draw MLP.fit makes for these settings, so browser and Python start equal.
    hidden, output = init_layers(1, (hidden_units,), "tanh", np.random.default_rng(NETWORK_SEED))
    return {
        "W1": hidden.weights.tolist(),
        "b1": hidden.bias.tolist(),
        "W2": output.weights.tolist(),
        "b2": output.bias.tolist(),
    }


def learning_rate_sliders(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float = 0.001,
    m0: float = 5.0,
    b0: float = 10.0,
    steps: int = 100,
) -> LearningRateExplorer:
    """Chapter 5's explorer: the line over the data and the loss curve; x, y of shape (n,)."""
    return LearningRateExplorer(x, y, learning_rate, m0, b0, steps, "learning-rate")


def loss_surface_sliders(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float = 0.001,
    m0: float = 5.0,
    b0: float = 10.0,
    steps: int = 1000,
) -> LossSurfaceExplorer:
    """Chapter 6's explorer: the path over the loss map and the loss curve; x, y of shape (n,)."""
    return LossSurfaceExplorer(x, y, learning_rate, m0, b0, steps, "loss-surface")


def hidden_layer_sliders(
    x: ArrayLike, y: ArrayLike, hidden_units: int = 2, learning_rate: float = 0.1
) -> HiddenLayerExplorer:
    """Chapter 11's explorer: a 1 → k → 1 tanh network on x, y of shape (n,)."""
    return HiddenLayerExplorer(x, y, hidden_units, learning_rate)


# --- Chapters 1 and 3: move the line by hand and watch the squared errors ---

LINE_M_RANGE = (-20.0, 40.0)  # chapter 1's slope slider
LINE_B_RANGE = (-100.0, 200.0)  # chapter 1's intercept slider
LINE_STEPS = {"m": 0.1, "b": 0.5}  # slider resolution of m and b
PARABOLA_M_RANGE = (0.0, 22.0)  # chapter 3's slope slider: the range of its loss figure
PARABOLA_M_STEP = 0.05


class _ResidualExplorer(Explorer):
    """A line y = m x + b placed by hand over the data, its residuals and their mean square."""

    sums = t.Dict().tag(sync=True)
    best = t.Dict().tag(sync=True)
    steps = t.Dict().tag(sync=True)
    m = t.Float().tag(sync=True)
    b = t.Float().tag(sync=True)
    loss = t.Float(allow_none=True).tag(sync=True)  # written by the front-end module

    def _common(self, x: ArrayLike, y: ArrayLike) -> dict[str, Any]:
        x = as_vector(x, "x")
        y = as_vector(y, "y")
        same_length(x, "x", y, "y")
        m_best, b_best = closed_form(x, y)
        self._x, self._y = x, y
        return {
            "x": x.tolist(),
            "y": y.tolist(),
            "sums": data_sums(x, y),
            "best": {"m": m_best, "b": b_best, "loss": _mse(y, _feedforward(x, m_best, b_best))},
            "labels": {"x": X_LABEL, "y": Y_LABEL},
        }

    def result(self) -> float:
        """nnlib's mean squared error of the line at the sliders' m and b."""
        return _mse(self._y, _feedforward(self._x, self.m, self.b))

    def loss_from_sums(self) -> float:
        """The same loss from the data's sums, with the browser's formula in the browser's order."""
        return _clipped_mse_from_sums(self.sums, self.m, self.b)


class LineExplorer(_ResidualExplorer):
    """Chapter 1: drag the line (m and b), watch the residuals and their squares."""

    show_best = t.Bool(False).tag(sync=True)
    controls_text = "slope m, intercept b, show the best line"

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        m: float = 5.0,
        b: float = 10.0,
        explorer_id: str = "line",
    ) -> None:
        common = self._common(x, y)
        settings = _line_settings(m, b)
        super().__init__(
            kind="line",
            explorer_id=explorer_id,
            view={
                "x": _padded(self._x.min(), self._x.max(), 0.05),
                "y": _padded(self._y.min(), self._y.max(), 0.3),
            },
            ranges={"m": list(LINE_M_RANGE), "b": list(LINE_B_RANGE)},
            steps=dict(LINE_STEPS),
            defaults=dict(settings, show_best=False),
            **common,
            **settings,
        )
        self.loss = self.result()

    @property
    def settings(self) -> dict[str, Any]:
        """The sliders' current values: m, b."""
        return {"m": self.m, "b": self.b}

    def set(self, **settings: float) -> float:
        """Move the line from code (m, b); returns nnlib's MSE for it."""
        _apply(self, _line_settings(**dict(self.settings, **settings)))
        return self.result()


class ParabolaExplorer(_ResidualExplorer):
    """Chapter 3: move the slope m with b held fixed; the loss traces a parabola in m."""

    lowest = t.Dict().tag(sync=True)  # the bottom of the parabola for this b
    controls_text = "slope m"

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        b: float = 10.0,
        m: float = 5.0,
        explorer_id: str = "parabola",
    ) -> None:
        common = self._common(x, y)
        b = as_number(b, "b")
        m = _within(as_number(m, "m"), PARABOLA_M_RANGE, "m")
        sums: dict[str, float] = common["sums"]
        # The curve as the browser draws it (221 points), for the height of its frame.
        curve = [
            _clipped_mse_from_sums(sums, float(m_i), b)
            for m_i in np.linspace(*PARABOLA_M_RANGE, 221)
        ]
        if not all(math.isfinite(value) for value in curve):
            raise ValueError(f"b = {b:g} is too large: the loss overflows a float")
        # The lowest point of L(m) for this b (chapter 3's m*(b)), from the sums.
        m_star = (sums["sxy"] - b * sums["sx"]) / sums["sxx"]
        super().__init__(
            kind="parabola",
            explorer_id=explorer_id,
            view={
                "x": _padded(self._x.min(), self._x.max(), 0.05),
                "y": _padded(self._y.min(), self._y.max(), 0.3),
                "m": list(PARABOLA_M_RANGE),
                "loss": [0.0, max(curve) * 1.05],
            },
            ranges={"m": list(PARABOLA_M_RANGE)},
            steps={"m": PARABOLA_M_STEP},
            defaults={"m": m},
            lowest={"m": m_star, "loss": _clipped_mse_from_sums(common["sums"], m_star, b)},
            **common,
            m=m,
            b=b,
        )
        self.loss = self.result()

    @property
    def settings(self) -> dict[str, Any]:
        """The slider's current value: m (b is fixed)."""
        return {"m": self.m}

    def set(self, m: float) -> float:
        """Move the slope from code; returns nnlib's MSE for (m, b)."""
        self.m = _within(as_number(m, "m"), PARABOLA_M_RANGE, "m")
        return self.result()


def _line_settings(m: float, b: float) -> dict[str, float]:
    return {
        "m": _within(as_number(m, "m"), LINE_M_RANGE, "m"),
        "b": _within(as_number(b, "b"), LINE_B_RANGE, "b"),
    }


def line_sliders(x: ArrayLike, y: ArrayLike, m: float = 5.0, b: float = 10.0) -> LineExplorer:
    """Chapter 1's explorer: move the line over x, y of shape (n,), watch the squared errors."""
    return LineExplorer(x, y, m, b)


def parabola_sliders(
    x: ArrayLike, y: ArrayLike, b: float = 10.0, m: float = 5.0
) -> ParabolaExplorer:
    """Chapter 3's explorer: the slope m moves, b stays fixed; the loss L(m) over x, y (n,)."""
    return ParabolaExplorer(x, y, b, m)


# Chapter 8's explorer: momentum. Its own ranges; the others are shared with chapters 5 and 6.
BETA_RANGE = (0.0, 0.999)


def _momentum_settings(
    learning_rate: float, beta: float, m0: float, b0: float, steps: int
) -> dict[str, Any]:
    """The five momentum sliders' values, each checked against its range."""
    settings = _descent_settings(learning_rate=learning_rate, m0=m0, b0=b0, steps=steps)
    settings["beta"] = _within(as_number(beta, "beta"), BETA_RANGE, "beta")
    return settings


class MomentumExplorer(_DescentExplorer):
    """Chapter 8: heavy-ball momentum's path over the loss map, and the loss against the step.

    The browser reruns `nnlib.momentum_from_sums` on every move (js/src/momentum.js, the same
    formulas in the same order). `largest_curvature` is λmax, written as the browser would
    compute it, so that both agree on the stable limit 2 (1 + β)/λmax.
    """

    kind_name = "momentum"
    _checked = staticmethod(_momentum_settings)
    _run = staticmethod(momentum_descent)
    beta = t.Float().tag(sync=True)
    largest_curvature = t.Float().tag(sync=True)
    controls_text = "learning rate, momentum β, initial m, initial b, steps"

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        learning_rate: float = 0.01,
        beta: float = 0.9,
        m0: float = 5.0,
        b0: float = 10.0,
        steps: int = 500,
        explorer_id: str | None = None,
    ) -> None:
        # Checked before anything else, so that a bad beta is named even with good data.
        settings = _momentum_settings(learning_rate, beta, m0, b0, steps)
        self._initial_beta = settings["beta"]
        super().__init__(x, y, learning_rate, m0, b0, steps, explorer_id)
        with self.hold_sync():
            self.largest_curvature = largest_curvature_from_sums(self.sums)
            self.ranges = dict(self.ranges, beta=list(BETA_RANGE))
            self.defaults = settings
            self.beta = settings["beta"]

    def _view(
        self, x: np.ndarray, y: np.ndarray, settings: dict, m_best: float, b_best: float
    ) -> dict[str, list[float]]:
        view = super()._view(x, y, settings, m_best, b_best)
        run = momentum_descent(x, y, beta=self._initial_beta, **settings)
        return dict(view, **_map_frame(run, m_best, b_best))


def momentum_sliders(
    x: ArrayLike,
    y: ArrayLike,
    learning_rate: float = 0.01,
    beta: float = 0.9,
    m0: float = 5.0,
    b0: float = 10.0,
    steps: int = 500,
) -> MomentumExplorer:
    """Chapter 8's explorer: momentum's path over the loss map and the loss curve; x, y (n,)."""
    return MomentumExplorer(x, y, learning_rate, beta, m0, b0, steps, "momentum")


# --- Chapter 9: mini-batches ---------------------------------------------------------------

BATCH_SIZE_CHOICES = (1, 2, 4, 5, 10, 20)
MINIBATCH_LEARNING_RATE_RANGE = (1e-3, 5.0)
MINIBATCH_SEEDS = tuple(range(10))
DECAY_CHOICES = (0.0, 0.1, 0.5)
MINIBATCH_EPOCHS = 20


def _minibatch_settings(
    batch_size: int, learning_rate: float, seed: int, decay: float, n: int
) -> dict[str, Any]:
    """The mini-batch sliders' values, each checked against its range."""
    batch_size = _one_of(as_count(batch_size, "batch_size"), BATCH_SIZE_CHOICES, "batch_size")
    if batch_size > n:
        raise ValueError(f"batch_size must be at most n = {n} (the samples), got {batch_size}")
    seed = as_seed(seed, "seed")
    decay = as_number(decay, "decay")
    if decay not in DECAY_CHOICES:
        raise ValueError(f"decay must be one of {DECAY_CHOICES}, got {decay}")
    return {
        "batch_size": batch_size,
        "learning_rate": _within(
            as_positive(learning_rate, "learning_rate"),
            MINIBATCH_LEARNING_RATE_RANGE,
            "learning_rate",
        ),
        "seed": _one_of(seed, MINIBATCH_SEEDS, "seed"),
        "decay": decay,
    }


class MiniBatchExplorer(Explorer):
    """Chapter 9: mini-batch descent from a fixed start, its noisy path on the loss map and its
    loss after every epoch, for the batch size, learning rate, seed and decay the reader picks.

    The browser cannot draw numpy's random numbers, so Python sends, for every seed on the
    slider, the sample order of every epoch (`epoch_orders`); the browser walks them with the
    arithmetic of `minibatch_descent_from_orders`.
    """

    sums = t.Dict().tag(sync=True)
    best = t.Dict().tag(sync=True)
    orders = t.Dict().tag(sync=True)  # str(seed) → shape (epochs, n) as lists
    epochs = t.Int(MINIBATCH_EPOCHS).tag(sync=True)
    m0 = t.Float().tag(sync=True)
    b0 = t.Float().tag(sync=True)
    # The reader's settings (the sliders).
    batch_size = t.Int().tag(sync=True)
    learning_rate = t.Float().tag(sync=True)
    seed = t.Int().tag(sync=True)
    decay = t.Float().tag(sync=True)
    # What the front-end module shows for them (written by the module).
    m = t.Float(allow_none=True).tag(sync=True)
    b = t.Float(allow_none=True).tag(sync=True)
    loss = t.Float(allow_none=True).tag(sync=True)
    epochs_run = t.Int(0).tag(sync=True)
    updates_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    controls_text = "batch size, learning rate, seed, decay"

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        batch_size: int = 4,
        learning_rate: float = 0.05,
        seed: int = 0,
        decay: float = 0.0,
        m0: float = 0.0,
        b0: float = 0.0,
        explorer_id: str = "minibatch",
    ) -> None:
        x = as_vector(x, "x")
        y = as_vector(y, "y")
        same_length(x, "x", y, "y")
        settings = _minibatch_settings(batch_size, learning_rate, seed, decay, x.size)
        m0, b0 = as_number(m0, "m0"), as_number(b0, "b0")
        self._x, self._y = x, y
        m_best, b_best = closed_form(x, y)
        error = m_best * x + b_best - y
        orders = {
            str(s): epoch_orders(x.size, MINIBATCH_EPOCHS, s).tolist() for s in MINIBATCH_SEEDS
        }
        # The map opens on the start, the optimum and every default-seed path of the default
        # learning rate, with room for the jitter around the optimum.
        reach = [
            minibatch_descent(x, y, m0, b0, settings["learning_rate"], MINIBATCH_EPOCHS, k, 0)
            for k in BATCH_SIZE_CHOICES
            if k <= x.size
        ]
        ms = np.concatenate([[m0, m_best]] + [r.m_path for r in reach if not r.diverged])
        bs = np.concatenate([[b0, b_best]] + [r.b_path for r in reach if not r.diverged])
        super().__init__(
            kind="minibatch",
            explorer_id=explorer_id,
            x=x.tolist(),
            y=y.tolist(),
            sums=data_sums(x, y),
            best={"m": m_best, "b": b_best, "loss": float(error @ error) / x.size},
            orders=orders,
            m0=m0,
            b0=b0,
            view={
                "m": _padded(ms.min(), ms.max(), 0.1),
                "b": _padded(bs.min(), bs.max(), 0.1),
            },
            ranges={
                "batch_size": [k for k in BATCH_SIZE_CHOICES if k <= x.size],
                "learning_rate": list(MINIBATCH_LEARNING_RATE_RANGE),
                "seed": list(MINIBATCH_SEEDS),
                "decay": list(DECAY_CHOICES),
                "m0": [m0, m0],
                "b0": [b0, b0],
            },
            defaults=settings,
            labels={"m": "slope m", "b": "intercept b"},
            **settings,
        )

    @property
    def settings(self) -> dict[str, Any]:
        """The sliders' current values: batch_size, learning_rate, seed, decay."""
        return {
            "batch_size": self.batch_size,
            "learning_rate": self.learning_rate,
            "seed": self.seed,
            "decay": self.decay,
        }

    def set(self, **settings: float) -> MiniBatchResult:
        """Move sliders from code (batch_size, learning_rate, seed, decay); returns the run."""
        _apply(self, _minibatch_settings(**dict(self.settings, **settings), n=self._x.size))
        return self.result()

    def result(self) -> MiniBatchResult:
        """nnlib's own run (`minibatch_descent`) for the sliders' current settings."""
        return minibatch_descent(
            self._x, self._y, self.m0, self.b0, epochs=MINIBATCH_EPOCHS, **self.settings
        )

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


def minibatch_sliders(
    x: ArrayLike,
    y: ArrayLike,
    batch_size: int = 4,
    learning_rate: float = 0.05,
    seed: int = 0,
    decay: float = 0.0,
) -> MiniBatchExplorer:
    """Chapter 9's explorer: mini-batch descent on x, y of shape (n,) from (0, 0); the noisy
    path on the loss map and the loss per epoch. Batch sizes above n are left off the slider."""
    return MiniBatchExplorer(x, y, batch_size, learning_rate, seed, decay)


# Chapter 12's explorer: the ranges of its controls.
CLASSIFIER_UNIT_CHOICES = (1, 2, 3, 4, 8, 16)
CLASSIFIER_LEARNING_RATE_RANGE = (0.01, 30.0)
CLASSIFIER_ACTIVATIONS = ("tanh", "sigmoid", "relu")
CLASSIFIER_EPOCH_CHOICES = (100, 300, 1000, 3000)
CLASSIFIER_GRID = 36  # the decision map's cells per side
# The seeds of the starting weights the reader can choose: chapter 12's lesson is that the
# start matters (random_state of MLPClassifier).
CLASSIFIER_SEEDS = tuple(range(10))


def _classifier_settings(
    hidden_units: int, learning_rate: float, activation: str, epochs: int, seed: int = 0
) -> dict[str, Any]:
    """The classifier explorer's settings, each checked against its control's range."""
    if not isinstance(activation, str) or activation not in CLASSIFIER_ACTIVATIONS:
        raise ValueError(f"activation must be one of {CLASSIFIER_ACTIVATIONS}, got {activation!r}")
    return {
        "hidden_units": _one_of(
            as_count(hidden_units, "hidden_units"), CLASSIFIER_UNIT_CHOICES, "hidden_units"
        ),
        "learning_rate": _within(
            as_positive(learning_rate, "learning_rate"),
            CLASSIFIER_LEARNING_RATE_RANGE,
            "learning_rate",
        ),
        "activation": activation,
        "epochs": _one_of(as_count(epochs, "epochs"), CLASSIFIER_EPOCH_CHOICES, "epochs"),
        "seed": _one_of(as_seed(seed, "seed"), CLASSIFIER_SEEDS, "seed"),
    }


def _two_class_data(
    X_in: ArrayLike, y_in: ArrayLike, X_name: str, y_name: str
) -> tuple[np.ndarray, np.ndarray]:
    X = as_matrix(X_in, X_name)
    if X.shape[1] != 2:
        raise ValueError(f"{X_name} must have 2 features (a map is 2-D), got {X.shape[1]}")
    y = as_labels(y_in, y_name)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{X_name} and {y_name} must have the same number of samples, "
            f"got {X.shape[0]} and {y.shape[0]}"
        )
    return X, y


class ClassifierExplorer(Explorer):
    """Chapter 12: a 2 → k → 1 classifier trained in the browser (TensorFlow Playground's core):
    the decision regions over the data, and the training and test loss after each epoch."""

    train_x = t.List(t.List(t.Float())).tag(sync=True)
    train_y = t.List(t.Int()).tag(sync=True)
    test_x = t.List(t.List(t.Float())).tag(sync=True)
    test_y = t.List(t.Int()).tag(sync=True)
    initial_weights = t.Dict().tag(sync=True)
    grid = t.Int(CLASSIFIER_GRID).tag(sync=True)
    hidden_units = t.Int().tag(sync=True)
    learning_rate = t.Float().tag(sync=True)
    activation = t.Unicode().tag(sync=True)
    epochs = t.Int().tag(sync=True)
    seed = t.Int(0).tag(sync=True)
    train_loss = t.Float(allow_none=True).tag(sync=True)
    test_loss = t.Float(allow_none=True).tag(sync=True)
    epochs_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    controls_text = "hidden units, learning rate, activation, epochs, seed"

    def __init__(
        self,
        X_train: ArrayLike,
        y_train: ArrayLike,
        X_test: ArrayLike,
        y_test: ArrayLike,
        hidden_units: int = 3,
        learning_rate: float = 0.5,
        activation: str = "tanh",
        epochs: int = 1000,
        seed: int = 0,
        explorer_id: str = "classifier",
    ) -> None:
        train = _two_class_data(X_train, y_train, "X_train", "y_train")
        test = _two_class_data(X_test, y_test, "X_test", "y_test")
        settings = _classifier_settings(hidden_units, learning_rate, activation, epochs, seed)
        self._X_train, self._y_train = train
        self._X_test, self._y_test = test
        both = np.vstack([train[0], test[0]])
        super().__init__(
            kind="classifier",
            explorer_id=explorer_id,
            train_x=train[0].tolist(),
            train_y=train[1].astype(int).tolist(),
            test_x=test[0].tolist(),
            test_y=test[1].astype(int).tolist(),
            # For every seed and size, the weights MLPClassifier(random_state=seed) starts from.
            initial_weights={
                str(seed): {
                    str(k): _initial_classifier_weights(k, seed) for k in CLASSIFIER_UNIT_CHOICES
                }
                for seed in CLASSIFIER_SEEDS
            },
            view={
                "x": _padded(both[:, 0].min(), both[:, 0].max(), 0.08),
                "y": _padded(both[:, 1].min(), both[:, 1].max(), 0.08),
            },
            ranges={
                "hidden_units": list(CLASSIFIER_UNIT_CHOICES),
                "learning_rate": list(CLASSIFIER_LEARNING_RATE_RANGE),
                "activation": list(CLASSIFIER_ACTIVATIONS),
                "epochs": list(CLASSIFIER_EPOCH_CHOICES),
                "seed": list(CLASSIFIER_SEEDS),
            },
            defaults=settings,
            labels={"x": "x₁", "y": "x₂"},
            **settings,
        )

    @property
    def settings(self) -> dict[str, Any]:
        """The controls' current values: hidden_units, learning_rate, activation, epochs, seed."""
        return {
            "hidden_units": self.hidden_units,
            "learning_rate": self.learning_rate,
            "activation": self.activation,
            "epochs": self.epochs,
            "seed": self.seed,
        }

    def set(self, **settings: Any) -> MLPClassifier:
        """Move controls from code; returns the trained network."""
        _apply(self, _classifier_settings(**dict(self.settings, **settings)))
        return self.result()

    def result(self) -> MLPClassifier:
        """nnlib's classifier trained with the current settings on the training points."""
        network = MLPClassifier(
            (self.hidden_units,), self.activation, self.learning_rate, self.epochs, self.seed
        )
        return network.fit(self._X_train, self._y_train)

    def scores(self) -> dict[str, float]:
        """What the explorer shows for the current settings: the final training and test
        cross-entropy and accuracy (NaN for a run that diverged)."""
        network = self.result()
        if network.diverged_:
            nan = float("nan")
            return {
                "train_loss": nan,
                "test_loss": nan,
                "train_accuracy": nan,
                "test_accuracy": nan,
            }
        scores = {}
        for name, X, y in (
            ("train", self._X_train, self._y_train),
            ("test", self._X_test, self._y_test),
        ):
            network.predict_proba(X)  # the forward pass leaves the output's z in the last layer
            z = network.layers_[-1]._z
            assert z is not None
            scores[f"{name}_loss"] = _bce(y, z[:, 0])
            scores[f"{name}_accuracy"] = float(np.mean(network.predict(X) == y))
        return scores


def _initial_classifier_weights(hidden_units: int, seed: int) -> dict[str, list]:
    # Exactly the draw MLPClassifier(random_state=seed).fit makes: browser and Python start equal.
    hidden, output = init_layers(2, (hidden_units,), "tanh", np.random.default_rng(seed), "sigmoid")
    return {
        "W1": hidden.weights.tolist(),
        "b1": hidden.bias.tolist(),
        "W2": output.weights.tolist(),
        "b2": output.bias.tolist(),
    }


def classifier_sliders(
    X_train: ArrayLike,
    y_train: ArrayLike,
    X_test: ArrayLike,
    y_test: ArrayLike,
    hidden_units: int = 3,
    learning_rate: float = 0.5,
    activation: str = "tanh",
    epochs: int = 1000,
    seed: int = 0,
) -> ClassifierExplorer:
    """Chapter 12's explorer: a 2 → k → 1 classifier; X of shape (n, 2), y of 0s and 1s; `seed`
    is the random_state of the starting weights."""
    return ClassifierExplorer(
        X_train, y_train, X_test, y_test, hidden_units, learning_rate, activation, epochs, seed
    )
