import numpy as np
import pytest
from scipy.optimize import approx_fprime, check_grad

import nnlib


def _loss(params, x, y):
    m, b = params
    return nnlib.mse(y, nnlib.feedforward(x, m, b))


def _gradient(params, x, y):
    m, b = params
    return np.array(nnlib.backpropagate(x, y, nnlib.feedforward(x, m, b)))


def test_reference_gradients(patients):
    x, y = patients
    first = nnlib.backpropagate(x[:1], y[:1], nnlib.feedforward(x[:1], 5, 10))
    assert [round(g, 4) for g in first] == [-4769.1686, -268.1366]
    averaged = nnlib.backpropagate(x, y, nnlib.feedforward(x, 5, 10))
    assert [round(g, 4) for g in averaged] == [-1544.1194, -142.3783]


@pytest.mark.parametrize("data", ["patients", "random_data"])
@pytest.mark.parametrize("params", [(5.0, 10.0), (-3.0, 40.0), (11.2, 25.3)])
def test_gradient_matches_finite_differences(data, params, request):
    x, y = request.getfixturevalue(data)
    point = np.array(params)
    numeric = approx_fprime(point, _loss, 1e-6, x, y)
    np.testing.assert_allclose(_gradient(point, x, y), numeric, rtol=1e-5, atol=1e-3)
    # check_grad returns the norm of the difference; relative to the gradient it must be tiny.
    error = check_grad(_loss, _gradient, point, x, y, epsilon=1e-6)
    assert error <= 1e-3 * max(1.0, np.linalg.norm(numeric))


def test_gradient_is_zero_at_the_least_squares_line(patients):
    x, y = patients
    m, b = nnlib.closed_form(x, y)
    assert nnlib.backpropagate(x, y, nnlib.feedforward(x, m, b)) == pytest.approx((0, 0), abs=1e-9)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([1.0, 2.0], [1.0, 2.0], [1.0]), "y_pred"),
        (([1.0], [1.0, 2.0], [1.0]), "y"),
        (([], [], []), "x"),
        (([1.0], [1.0], [np.nan]), "y_pred"),
        (([np.inf], [1.0], [1.0]), "x"),
        (([[1.0]], [1.0], [1.0]), "x"),
    ],
)
def test_backpropagate_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        nnlib.backpropagate(*args)
