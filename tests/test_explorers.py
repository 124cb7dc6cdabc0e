"""The functions behind the sliders, at every corner of the slider ranges."""

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

CORNERS = list(itertools.product(LEARNING_RATE_RANGE, M0_RANGE, B0_RANGE,
                                 (STEP_CHOICES[0], STEP_CHOICES[-1])))


@pytest.fixture(scope="module", params=[LearningRateExplorer, LossSurfaceExplorer])
def explorer(request):
    return request.param(*nnlib.load_seed_data())


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


def test_lines_follow_the_run(seed_data):
    x, y = seed_data
    explorer = LossSurfaceExplorer(x, y)
    result = explorer.update(0.001, 5, 10, 100)
    m_drawn, b_drawn = explorer.path_line.get_data()
    np.testing.assert_array_equal(m_drawn, result.m_path)
    np.testing.assert_array_equal(b_drawn, result.b_path)
    explorer.update(0.002, -3, 50, 10)
    assert len(explorer.path_line.get_xdata()) == 11  # replaced, not appended


def test_learning_rate_explorer_reports_the_book_numbers(seed_data):
    explorer = LearningRateExplorer(*seed_data)
    explorer.update(0.001, 5, 10, 10_000)
    assert "m = 11.2349, b = 25.0117" in explorer.figure.get_suptitle()
    assert len(explorer.figure.axes) == 2  # updated in place, never a new panel


def test_explorers_validate_their_data():
    with pytest.raises(ValueError, match="x and y"):
        LearningRateExplorer([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="learning_rate"):
        LearningRateExplorer([1.0, 2.0, 3.0], [1.0, 2.0, 4.0]).update(-1.0, 0, 0, 10)
