"""The hidden-layer sliders and the explorer behind them, at the corners of their ranges."""

import itertools
import warnings

import pytest

import nnlib
from nnlib.network_widgets import (
    HIDDEN_UNIT_CHOICES,
    LEARNING_RATE_RANGE,
    STATIC_NOTE,
    HiddenLayerExplorer,
    hidden_layer_sliders,
)

CORNERS = list(
    itertools.product((HIDDEN_UNIT_CHOICES[0], HIDDEN_UNIT_CHOICES[-1]), LEARNING_RATE_RANGE)
)


@pytest.fixture(scope="module")
def explorer():
    return HiddenLayerExplorer(*nnlib.load_patients())


@pytest.mark.parametrize(("hidden_units", "learning_rate"), CORNERS)
def test_every_corner_draws_without_error_or_warning(explorer, hidden_units, learning_rate):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = explorer.update(hidden_units, learning_rate)
        png = explorer.png()
    assert png.startswith(b"\x89PNG")
    assert model.layers_[0].shape == (1, hidden_units)
    # The largest learning rate is past what this network can take; the figure must say so.
    assert model.diverged_ == (learning_rate == LEARNING_RATE_RANGE[1])
    assert explorer.message.get_visible() == model.diverged_
    title = explorer.figure.get_suptitle()
    assert "nan" not in title and "inf" not in title


def test_the_default_network_learns(explorer):
    model = explorer.update(2, 0.1)
    assert not model.diverged_ and model.losses_[-1] < 0.6 * model.losses_[0]
    assert len(explorer.figure.axes) == 2  # updated in place, never a new panel


def test_moving_a_slider_retrains():
    sliders = hidden_layer_sliders(*nnlib.load_patients())
    before = sliders.model
    sliders.hidden_units.value = 16  # as a reader's mouse would
    assert sliders.model is not before and sliders.model.layers_[0].shape == (1, 16)


def test_display_shows_a_note_and_a_figure():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    with capture_output() as captured:
        hidden_layer_sliders(*nnlib.load_patients())._ipython_display_()
    first, second = captured.outputs
    assert first.data["text/plain"] == STATIC_NOTE
    assert "application/vnd.jupyter.widget-view+json" in first.data
    assert second.data["image/png"]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"hidden_units": 3}, ValueError, "hidden_units"),
        ({"hidden_units": 0}, ValueError, "hidden_units"),
        ({"hidden_units": 2.0}, TypeError, "hidden_units"),
        ({"learning_rate": 5.0}, ValueError, "learning_rate"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
    ],
)
def test_sliders_reject_bad_defaults(kwargs, error, name):
    with pytest.raises(error, match=name):
        hidden_layer_sliders(*nnlib.load_patients(), **kwargs)


def test_explorer_validates_its_data():
    with pytest.raises(ValueError, match="x and y"):
        HiddenLayerExplorer([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="different"):
        HiddenLayerExplorer([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])
