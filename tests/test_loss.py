import numpy as np
import pytest

import nnlib


def test_mse_is_the_mean_not_the_sum():
    assert nnlib.mse([0.0, 0.0], [1.0, 3.0]) == pytest.approx(5.0)


def test_mse_of_the_first_prediction(patients):
    x, y = patients
    y_pred = nnlib.feedforward(x[:1], 5, 10)
    assert round(nnlib.mse(y[:1], y_pred), 4) == 17974.3107


def test_mse_returns_a_float(random_data):
    x, y = random_data
    assert isinstance(nnlib.mse(y, x), float)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([1.0, 2.0], [1.0]), "y and y_pred"),
        (([], []), "y"),
        (([1.0], [np.nan]), "y_pred"),
        (([np.inf], [1.0]), "y"),
        (([[1.0]], [1.0]), "y"),
    ],
)
def test_mse_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        nnlib.mse(*args)


def test_mse_grid_matches_mse_at_every_point(patients):
    x, y = patients
    m_values = np.linspace(-5, 25, 7)
    b_values = np.linspace(-50, 100, 5)
    grid = nnlib.mse_grid(x, y, m_values, b_values)
    assert grid.shape == (5, 7)
    for i, b in enumerate(b_values):
        for j, m in enumerate(m_values):
            assert grid[i, j] == pytest.approx(nnlib.mse(y, nnlib.feedforward(x, m, b)), rel=1e-9)


def test_mse_grid_rejects_mismatched_data():
    with pytest.raises(ValueError, match="x and y"):
        nnlib.mse_grid([1.0, 2.0], [1.0], [0.0], [0.0])
