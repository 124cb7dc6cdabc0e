"""The functions behind the sliders, at every corner of the slider ranges."""

import io
import itertools
import warnings

import numpy as np
import pytest

import nnlib
from nnlib.explorers import (
    B0_RANGE,
    LEARNING_RATE_RANGE,
    M0_RANGE,
    STEP_CHOICES,
    LearningRateExplorer,
    LossSurfaceExplorer,
)

CORNERS = list(
    itertools.product(LEARNING_RATE_RANGE, M0_RANGE, B0_RANGE, (STEP_CHOICES[0], STEP_CHOICES[-1]))
)


@pytest.fixture(scope="module", params=[LearningRateExplorer, LossSurfaceExplorer])
def explorer(request):
    return request.param(*nnlib.load_patients())


@pytest.mark.parametrize(("learning_rate", "m0", "b0", "steps"), CORNERS)
def test_every_corner_draws_without_error_or_warning(explorer, learning_rate, m0, b0, steps):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = explorer.update(learning_rate, m0, b0, steps)
        png = explorer.png()
    assert png.startswith(b"\x89PNG")
    # Above the stable limit a long run must diverge, and the figure must warn either way.
    above = learning_rate > explorer.stable_limit
    assert result.diverged == (above and steps == STEP_CHOICES[-1])
    assert explorer.message.get_visible() == above
    if result.diverged:
        assert "Diverged" in explorer.message.get_text()
    title = explorer.figure.get_suptitle()
    assert "nan" not in title and "inf" not in title


def test_lines_follow_the_run(patients):
    x, y = patients
    explorer = LossSurfaceExplorer(x, y)
    result = explorer.update(0.001, 5, 10, 100)
    m_drawn, b_drawn = explorer.path_line.get_data()
    np.testing.assert_array_equal(m_drawn, result.m_path)
    np.testing.assert_array_equal(b_drawn, result.b_path)
    explorer.update(0.002, -3, 50, 10)
    assert len(explorer.path_line.get_xdata()) == 11  # replaced, not appended


def test_learning_rate_explorer_reports_the_book_numbers(patients):
    explorer = LearningRateExplorer(*patients)
    explorer.update(0.001, 5, 10, 10_000)
    assert "m = 11.2349, b = 25.0117" in explorer.figure.get_suptitle()
    assert len(explorer.figure.axes) == 2  # updated in place, never a new panel


def test_explorers_validate_their_data():
    with pytest.raises(ValueError, match="x and y"):
        LearningRateExplorer([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="learning_rate"):
        LearningRateExplorer([1.0, 2.0, 3.0], [1.0, 2.0, 4.0]).update(-1.0, 0, 0, 10)


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _full_redraw(explorer) -> np.ndarray:
    """What matplotlib draws from scratch: the whole figure, every artist, no cached pixels."""
    canvas = explorer.figure.canvas
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, :3].astype(int)


# A walk over the sliders that reuses cached backgrounds and layers and also needs new ones
# (new step counts, new starting decades), with stable, unstable and diverging runs.
WALK = [
    (0.001, 5, 10, 100),
    (0.002, 5, 10, 100),
    (0.05, 5, 10, 100),
    (0.05, 5, 10, 10_000),
    (0.0099, -20, 200, 2000),
    (1e-5, 40, -100, 1),
    (0.001, 5, 10, 100),
    (0.009, 12, 20, 50),
]


@pytest.mark.parametrize("make", [LearningRateExplorer, LossSurfaceExplorer])
def test_blitted_png_looks_the_same_as_a_full_redraw(make, patients):
    explorer = make(*patients)
    for settings in WALK:
        explorer.update(*settings)
        fast = _pixels(explorer.png())
        full = _full_redraw(explorer)
        assert fast.shape == full.shape
        difference = np.abs(fast - full)
        # Pasted layers are blended once instead of artist by artist: rounding may differ by a
        # level or two of 255, nowhere more.
        assert difference.max() <= 3, settings
        assert difference.mean() < 0.05, settings


def test_png_has_the_figure_size_and_an_opaque_background(patients):
    explorer = LossSurfaceExplorer(*patients)
    explorer.update(0.001, 5, 10, 100)
    pixels = _pixels(explorer.png())
    width, height = explorer.figure.canvas.get_width_height(physical=True)
    assert pixels.shape == (height, width, 3)
    assert (pixels[0, 0] == 255).all()  # the white figure background


def test_saving_the_figure_still_draws_everything(patients):
    explorer = LearningRateExplorer(*patients)
    explorer.update(0.001, 5, 10, 100)
    explorer.png()
    assert not any(artist.get_animated() for artist in explorer.moving)
    buffer = io.BytesIO()
    explorer.figure.savefig(buffer, format="png", dpi=explorer.figure.dpi)
    # The same moment, saved by matplotlib the ordinary way, looks like the live frame.
    difference = np.abs(_pixels(buffer.getvalue()) - _pixels(explorer.png()))
    assert difference.max() <= 3


def test_the_cache_of_pixels_stays_small(patients):
    explorer = LossSurfaceExplorer(*patients)
    for steps in STEP_CHOICES * 2:
        for m0 in M0_RANGE:
            explorer.update(0.001, m0, 10, steps)
            explorer.png()
    assert len(explorer._backgrounds) <= 16


def test_limits_do_not_move_with_the_learning_rate(patients):
    # Fixed limits for a fixed start and step count are what lets a frame reuse its background.
    explorer = LearningRateExplorer(*patients)
    limits = set()
    for rate in np.geomspace(*LEARNING_RATE_RANGE, 9):
        explorer.update(rate, 5, 10, 100)
        limits.add((explorer.loss_ax.get_xlim(), explorer.loss_ax.get_ylim()))
    assert len(limits) == 1


def test_invalidate_redraws_a_changed_background(patients):
    explorer = LearningRateExplorer(*patients)
    explorer.update(0.001, 5, 10, 100)
    before = _pixels(explorer.png())
    explorer.data_ax.set_facecolor("#ffeeee")  # a change the explorer cannot know about
    explorer.invalidate()
    after = _pixels(explorer.png())
    assert np.abs(after - _full_redraw(explorer)).max() <= 3
    assert np.abs(after - before).max() > 10
