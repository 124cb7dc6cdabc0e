"""nnlib.network: layers, activations, backpropagation by matrices, and the MLP estimator."""

import warnings

import numpy as np
import pytest

from nnlib import _validation
from nnlib.network import ACTIVATIONS, MLP, Dense, forward, init_layers, loss_and_gradients


def _loss(layers, X, y):
    error = forward(layers, X) - y
    return float(np.mean(error**2))


def _central_differences(layers, X, y, array, h=1e-6):
    """dL/d(array) entry by entry, nudging each entry both ways."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + h
        up = _loss(layers, X, y)
        array[index] = saved - h
        down = _loss(layers, X, y)
        array[index] = saved
        grad[index] = (up - down) / (2 * h)
    return grad


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("n_features, hidden", [(1, 3), (2, 4)])
def test_backpropagation_matches_finite_differences(activation, n_features, hidden):
    rng = np.random.default_rng(42)
    X = rng.normal(size=(25, n_features))
    y = np.sin(X.sum(axis=1)) + 0.1 * rng.normal(size=25)
    layers = init_layers(n_features, (hidden,), activation, rng)
    loss_and_gradients(layers, X, y)
    analytic = [(layer.grad_weights.copy(), layer.grad_bias.copy()) for layer in layers]
    checked = 0
    for layer, (grad_w, grad_b) in zip(layers, analytic):
        for array, grad in ((layer.weights, grad_w), (layer.bias, grad_b)):
            numeric = _central_differences(layers, X, y, array)
            np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
            checked += array.size
    assert checked == n_features * hidden + hidden + hidden + 1  # every parameter


def test_loss_and_gradients_returns_the_mse():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    layers = init_layers(2, (3,), "tanh", rng)
    assert loss_and_gradients(layers, X, y) == pytest.approx(_loss(layers, X, y), rel=1e-14)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives(name):
    activation = ACTIVATIONS[name]
    z = np.array([-2.0, -0.5, 0.3, 1.7])
    h = 1e-6
    numeric = (activation.function(z + h) - activation.function(z - h)) / (2 * h)
    np.testing.assert_allclose(activation.derivative(z, activation.function(z)), numeric, rtol=1e-6)


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
def test_fit_reduces_the_loss(activation):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(60, 1))
    y = np.tanh(2 * X[:, 0]) + 0.05 * rng.normal(size=60)
    model = MLP((8,), activation, learning_rate=0.05, epochs=500, random_state=0)
    assert model.fit(X, y) is model
    assert model.losses_.shape == (501,) and not model.diverged_
    assert model.losses_[-1] < 0.5 * model.losses_[0]
    assert model.predict(X).shape == (60,)
    np.testing.assert_allclose(np.mean((model.predict(X) - y) ** 2), model.losses_[-1], rtol=1e-10)


def test_a_linear_network_collapses_to_one_line():
    """1 → 2 → 1 with identity activations is the line with slope v·w and intercept v·c + d."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=30)
    y = 3.0 * x - 1.0 + 0.1 * rng.normal(size=30)
    model = MLP((2,), "identity", learning_rate=0.05, epochs=3000, random_state=0).fit(
        x.reshape(-1, 1), y
    )
    hidden, output = model.layers_
    assert hidden.shape == (1, 2) and output.shape == (2, 1)
    slope = float(hidden.weights[0] @ output.weights[:, 0])
    intercept = float(hidden.bias @ output.weights[:, 0] + output.bias[0])
    np.testing.assert_allclose(model.predict(x.reshape(-1, 1)), slope * x + intercept, rtol=1e-12)
    np.testing.assert_allclose([slope, intercept], np.polyfit(x, y, 1), rtol=1e-6)


def test_no_hidden_layer_is_linear_regression():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 2))
    y = X @ [1.5, -2.0] + 0.5
    model = MLP((), "tanh", learning_rate=0.1, epochs=2000, random_state=0).fit(X, y)
    np.testing.assert_allclose(model.layers_[0].weights[:, 0], [1.5, -2.0], rtol=1e-8)


def test_same_random_state_same_network_and_a_different_one_differs():
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(20, 1)), rng.normal(size=20)
    first = MLP((4,), "tanh", 0.05, 50, random_state=7).fit(X, y)
    second = MLP((4,), "tanh", 0.05, 50, random_state=7).fit(X, y)
    other = MLP((4,), "tanh", 0.05, 50, random_state=8).fit(X, y)
    np.testing.assert_array_equal(first.losses_, second.losses_)
    np.testing.assert_array_equal(first.predict(X), second.predict(X))
    assert not np.array_equal(first.predict(X), other.predict(X))


def test_a_too_large_learning_rate_is_reported_not_raised():
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(20, 1)) * 10, rng.normal(size=20) * 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = MLP((16,), "relu", learning_rate=10.0, epochs=1000, random_state=0).fit(X, y)
        model.predict(X)
    assert model.diverged_ and len(model.losses_) < 1001


def test_dense_layer_shapes_and_backward():
    layer = Dense(np.ones((3, 2)), np.zeros(2), "relu")
    out = layer.forward(np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 1.0]]))
    assert out.shape == (2, 2)
    grad_in = layer.backward(np.ones((2, 2)))
    assert (
        grad_in.shape == (2, 3)
        and layer.grad_weights.shape == (3, 2)
        and layer.grad_bias.shape == (2,)
    )
    with pytest.raises(ValueError, match="bias"):
        Dense(np.ones((3, 2)), np.zeros(3))
    with pytest.raises(RuntimeError, match="forward"):
        Dense(np.ones((1, 1)), np.zeros(1)).backward(np.ones((1, 1)))


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"hidden_sizes": (0,)}, ValueError, "hidden_sizes"),
        ({"hidden_sizes": "16"}, TypeError, "hidden_sizes"),
        ({"hidden_sizes": (2.5,)}, TypeError, "hidden_sizes"),
        ({"activation": "sigmoid"}, ValueError, "activation"),
        ({"activation": 3}, TypeError, "activation"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": "fast"}, TypeError, "learning_rate"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 10.0}, TypeError, "epochs"),
        ({"random_state": "seed"}, TypeError, "random_state"),
    ],
)
def test_bad_settings_name_the_argument(kwargs, error, name):
    with pytest.raises(error, match=name):
        MLP(**kwargs)


@pytest.mark.parametrize(
    ("X", "y", "error", "name"),
    [
        (np.arange(5.0), np.arange(5.0), ValueError, "X"),  # 1-D: reshape(-1, 1) is suggested
        ("data", np.arange(5.0), TypeError, "X"),
        (np.ones((5, 1)), np.ones((5, 2)), ValueError, "y"),
        (np.ones((5, 1)), np.ones(4), ValueError, "X and y"),
        (np.array([[1.0], [np.nan]]), np.ones(2), ValueError, "X"),
        (np.ones((2, 1)), np.array([1.0, np.inf]), ValueError, "y"),
        (np.ones((0, 1)), np.ones(0), ValueError, "X"),
    ],
)
def test_bad_data_names_the_argument(X, y, error, name):
    with pytest.raises(error, match=name):
        MLP(epochs=1).fit(X, y)


def test_predict_checks_the_model_and_its_input():
    with pytest.raises(RuntimeError, match="fit"):
        MLP().predict(np.ones((2, 1)))
    model = MLP((2,), epochs=1).fit(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match="features"):
        model.predict(np.ones((3, 1)))
    with pytest.raises(ValueError, match="reshape"):
        model.predict(np.ones(3))


def test_a_single_int_is_one_hidden_layer():
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(20, 1)), rng.normal(size=20)
    as_int = MLP(hidden_sizes=16, epochs=20).fit(X, y)
    as_tuple = MLP(hidden_sizes=(16,), epochs=20).fit(X, y)
    assert as_int.hidden_sizes == (16,)
    assert [layer.shape for layer in as_int.layers_] == [(1, 16), (16, 1)]
    np.testing.assert_array_equal(as_int.losses_, as_tuple.losses_)


def test_too_many_samples_are_refused_by_name(monkeypatch):
    # The cap is ten million rows; a smaller one here spares the test 80 MB of zeros.
    monkeypatch.setattr(_validation, "MAX_SAMPLES", 50)
    with pytest.raises(ValueError, match=r"X has 51 samples; at most 50"):
        MLP((4,), epochs=1).fit(np.ones((51, 1)), np.ones(51))
    MLP((4,), epochs=1).fit(np.ones((50, 1)), np.ones(50))  # at the cap: fine
