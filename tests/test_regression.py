import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

import nnlib


def test_closed_form_reproduces_the_reference_numbers(patients):
    m, b = nnlib.closed_form(*patients)
    assert round(m, 4) == 11.2137
    assert round(b, 4) == 25.2528


@pytest.mark.parametrize("data", ["patients", "random_data"])
def test_closed_form_agrees_with_sklearn_and_polyfit(data, request):
    x, y = request.getfixturevalue(data)
    m, b = nnlib.closed_form(x, y)
    model = LinearRegression().fit(x.reshape(-1, 1), y)
    np.testing.assert_allclose([m, b], [model.coef_[0], model.intercept_], rtol=1e-9)
    np.testing.assert_allclose([m, b], np.polyfit(x, y, 1), rtol=1e-9)


def test_closed_form_recovers_an_exact_line():
    x = np.array([0.0, 1.0, 2.0, 5.0])
    assert nnlib.closed_form(x, 3 * x - 2) == pytest.approx((3.0, -2.0))


def test_feedforward_is_m_x_plus_b(patients):
    x, _ = patients
    y_pred = nnlib.feedforward(x, 5, 10)
    assert y_pred.shape == (20,)
    np.testing.assert_array_equal(y_pred, x * 5 + 10)
    assert round(y_pred[0], 4) == 98.9317


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([1.0, 2.0], [1.0]), "x and y"),
        (([], []), "x"),
        (([1.0, np.nan], [1.0, 2.0]), "x"),
        (([1.0, 2.0], [1.0, np.inf]), "y"),
        (([[1.0, 2.0]], [1.0, 2.0]), "x"),
        (([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]), "x"),
        ((3.0, [1.0]), "x"),
    ],
)
def test_closed_form_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        nnlib.closed_form(*args)


def test_closed_form_rejects_text():
    with pytest.raises(TypeError, match="x"):
        nnlib.closed_form("abc", [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([], 1.0, 0.0), "x"),
        (([1.0, np.nan], 1.0, 0.0), "x"),
        (([1.0], np.inf, 0.0), "m"),
        (([1.0], 1.0, np.nan), "b"),
    ],
)
def test_feedforward_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        nnlib.feedforward(*args)


def test_feedforward_rejects_non_numbers():
    with pytest.raises(TypeError, match="m"):
        nnlib.feedforward([1.0], "5", 0.0)
