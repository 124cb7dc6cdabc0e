"""Explorers: figures with controls that run in the reader's browser (ch. 1, 3, 5, 6, 8, 9, 11, 12).

A notebook shows one with a one-line cell, e.g. `learning_rate_sliders(x, y)`. Python computes
what needs numpy and hands it, with the explorer's table of controls, to a small JavaScript
module (`nnlib/static/explorers.js`) that reruns the method with nnlib's formulas on every move:
no kernel round trip, so the same explorer is live in JupyterLab (an anywidget) and on the
static website (where the book's loader runs the module on the state written into the page).

The settings the reader chooses come back to Python (`explorer.learning_rate`, ...), and
`explorer.result()` gives nnlib's own run for them. `spec.py` is the control table, `base.py`
what every explorer shares; one module per family of explorers.
"""

from .base import Explorer
from .descent import (
    LearningRateExplorer,
    LossSurfaceExplorer,
    MiniBatchExplorer,
    MomentumExplorer,
    learning_rate_sliders,
    loss_surface_sliders,
    minibatch_sliders,
    momentum_sliders,
)
from .lines import LineExplorer, ParabolaExplorer, line_sliders, parabola_sliders
from .networks import (
    ClassifierExplorer,
    HiddenLayerExplorer,
    classifier_sliders,
    hidden_layer_sliders,
)
from .spec import Control

# Every explorer the book has, by its one name (the registry the tests walk).
EXPLORERS = {
    cls.KIND: cls
    for cls in (
        LineExplorer,
        ParabolaExplorer,
        LearningRateExplorer,
        LossSurfaceExplorer,
        MomentumExplorer,
        MiniBatchExplorer,
        HiddenLayerExplorer,
        ClassifierExplorer,
    )
}

__all__ = [
    "EXPLORERS",
    "ClassifierExplorer",
    "Control",
    "Explorer",
    "HiddenLayerExplorer",
    "LearningRateExplorer",
    "LineExplorer",
    "LossSurfaceExplorer",
    "MiniBatchExplorer",
    "MomentumExplorer",
    "ParabolaExplorer",
    "classifier_sliders",
    "hidden_layer_sliders",
    "learning_rate_sliders",
    "line_sliders",
    "loss_surface_sliders",
    "minibatch_sliders",
    "momentum_sliders",
    "parabola_sliders",
]
