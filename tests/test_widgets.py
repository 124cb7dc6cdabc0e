import pytest

import nnlib
from nnlib.explorers import B0_RANGE, LEARNING_RATE_RANGE, M0_RANGE, STEP_CHOICES
from nnlib.widgets import STATIC_NOTE, learning_rate_sliders, loss_surface_sliders


@pytest.mark.parametrize("make", [learning_rate_sliders, loss_surface_sliders])
def test_sliders_at_their_extremes(make, seed_data):
    sliders = make(*seed_data)
    assert (sliders.learning_rate.value, sliders.m0.value, sliders.b0.value) == (0.001, 5.0, 10.0)
    for rate in LEARNING_RATE_RANGE:
        for m0 in M0_RANGE:
            for b0 in B0_RANGE:
                for steps in (STEP_CHOICES[0], STEP_CHOICES[-1]):
                    result = sliders.set(learning_rate=rate, m0=m0, b0=b0, steps=steps)
                    assert result.m_path[0] == m0 and result.b_path[0] == b0
                    assert result.diverged == (rate > 0.0098 and steps == STEP_CHOICES[-1])


def test_moving_one_slider_recomputes(seed_data):
    sliders = learning_rate_sliders(*seed_data)
    before = sliders.result
    sliders.m0.value = 20.0  # as a reader's mouse would
    assert sliders.result is not before and sliders.result.m_path[0] == 20.0


def test_display_shows_a_note_and_a_figure(seed_data):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    with capture_output() as captured:
        learning_rate_sliders(*seed_data)._ipython_display_()
    first, second = captured.outputs
    assert first.data["text/plain"] == STATIC_NOTE
    assert "application/vnd.jupyter.widget-view+json" in first.data
    assert second.data["image/png"]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": 1.0}, ValueError, "learning_rate"),
        ({"m0": 1000.0}, ValueError, "m0"),
        ({"b0": "zero"}, TypeError, "b0"),
        ({"steps": 7}, ValueError, "steps"),
    ],
)
def test_sliders_reject_bad_defaults(seed_data, kwargs, error, name):
    with pytest.raises(error, match=name):
        learning_rate_sliders(*seed_data, **kwargs)
