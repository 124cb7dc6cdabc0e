"""nnlib.network: layers, activations, backpropagation by matrices, and the MLP estimator."""

import warnings

import numpy as np
import pytest

from nnlib import _validation
from nnlib.loss import _bce, binary_cross_entropy
from nnlib.network import (
    ACTIVATIONS,
    MLP,
    Dense,
    MLPClassifier,
    NotFittedError,
    classifier_loss_and_gradients,
    forward,
    init_layers,
    loss_and_gradients,
    sigmoid,
)


def _loss(layers, X, y):
    error = forward(layers, X) - y
    return float(np.mean(error**2))


def _cross_entropy(layers, X, y):
    # The textbook formula from probabilities, independent of _bce (fine while 0 < ŷ < 1).
    p = forward(layers, X)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _central_differences(layers, X, y, array, h=1e-6, loss=_loss):
    """dL/d(array) entry by entry, nudging each entry both ways."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + h
        up = loss(layers, X, y)
        array[index] = saved - h
        down = loss(layers, X, y)
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
        ({"activation": "softmax"}, ValueError, "activation"),
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
    with pytest.raises(NotFittedError, match="fit"):
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


# ---- classification: sigmoid output, binary cross-entropy, MLPClassifier (chapter 12) ----


def _xor():
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0])


def _moons(n=200, seed=0):
    from sklearn.datasets import make_moons

    return make_moons(n_samples=n, noise=0.2, random_state=seed)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("n_features, hidden", [(1, 3), (2, (4, 3))])
def test_classifier_backpropagation_matches_finite_differences(activation, n_features, hidden):
    rng = np.random.default_rng(11)
    X = rng.normal(size=(30, n_features))
    y = (X.sum(axis=1) + 0.5 * rng.normal(size=30) > 0).astype(float)
    sizes = hidden if isinstance(hidden, tuple) else (hidden,)
    layers = init_layers(n_features, sizes, activation, rng, "sigmoid")
    loss = classifier_loss_and_gradients(layers, X, y)
    assert loss == pytest.approx(_cross_entropy(layers, X, y), rel=1e-12)
    analytic = [(layer.grad_weights.copy(), layer.grad_bias.copy()) for layer in layers]
    checked = 0
    for layer, (grad_w, grad_b) in zip(layers, analytic):
        for array, grad in ((layer.weights, grad_w), (layer.bias, grad_b)):
            numeric = _central_differences(layers, X, y, array, loss=_cross_entropy)
            np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
            checked += array.size
    assert checked == sum(layer.weights.size + layer.bias.size for layer in layers)


def test_the_output_gradient_is_prediction_minus_label_over_n():
    rng = np.random.default_rng(12)
    X, y = rng.normal(size=(8, 2)), np.array([0, 1, 1, 0, 1, 0, 0, 1.0])
    layers = init_layers(2, (), "tanh", rng, "sigmoid")  # logistic regression: one layer
    classifier_loss_and_gradients(layers, X, y)
    delta = (forward(layers, X) - y) / y.size
    np.testing.assert_allclose(layers[0].grad_weights[:, 0], X.T @ delta, rtol=1e-13)
    np.testing.assert_allclose(layers[0].grad_bias[0], delta.sum(), rtol=1e-13)


def test_classifier_loss_needs_a_sigmoid_output():
    rng = np.random.default_rng(0)
    layers = init_layers(1, (2,), "tanh", rng)
    with pytest.raises(ValueError, match="sigmoid"):
        classifier_loss_and_gradients(layers, np.ones((3, 1)), np.ones(3))


def test_sigmoid_is_safe_and_symmetric():
    z = np.array([-1e6, -800.0, -40.0, 0.0, 40.0, 800.0, 1e6])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning, unlike 1 / (1 + exp(-z))
        s = sigmoid(z)
    assert s[3] == 0.5 and s[0] == 0.0 and s[-1] == 1.0
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-16)
    grid = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(grid), 1 / (1 + np.exp(-grid)), rtol=1e-14, atol=1e-300)


def test_bce_is_finite_when_the_network_is_confidently_wrong():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _bce(np.array([1.0]), np.array([-800.0])) == pytest.approx(800.0)
        assert _bce(np.array([0.0]), np.array([800.0])) == pytest.approx(800.0)
        assert _bce(np.array([1.0]), np.array([800.0])) == 0.0
    assert _bce(np.array([1.0, 0.0]), np.zeros(2)) == pytest.approx(np.log(2))


def test_binary_cross_entropy_from_probabilities():
    y, p = np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.6, 0.5])
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert binary_cross_entropy(y, p) == pytest.approx(expected, rel=1e-12)
    # A certain, wrong prediction costs a large but finite loss, thanks to the clipping.
    worst = binary_cross_entropy([1], [0.0])
    assert np.isfinite(worst) and worst == pytest.approx(-np.log(1e-15), rel=1e-6)
    assert binary_cross_entropy([1, 0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-14)


@pytest.mark.parametrize(
    ("y", "y_prob", "error", "name"),
    [
        ([0, 2], [0.5, 0.5], ValueError, "y"),
        ([0, 1], [0.5, 1.5], ValueError, "y_prob"),
        ([0, 1], [0.5], ValueError, "y_prob"),
        ("01", [0.5, 0.5], TypeError, "y"),
    ],
)
def test_binary_cross_entropy_refuses_bad_input_by_name(y, y_prob, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        binary_cross_entropy(y, y_prob)


def test_classifier_solves_xor():
    X, y = _xor()
    model = MLPClassifier((2,), "tanh", learning_rate=1.0, epochs=5000, random_state=3)
    assert model.fit(X, y) is model
    assert model.losses_.shape == (5001,) and not model.diverged_
    np.testing.assert_array_equal(model.predict(X), y)
    proba = model.predict_proba(X)
    assert proba.shape == (4,) and np.all((proba > 0) & (proba < 1))
    assert model.predict(X).dtype.kind == "i"
    assert model.losses_[-1] == pytest.approx(_cross_entropy(model.layers_, X, y), rel=1e-9)


def test_classifier_starts_from_the_same_weights_as_the_regressor():
    X, y = _xor()
    classifier = MLPClassifier((3,), "tanh", 0.1, 1, random_state=5).fit(X, y)
    regressor = MLP((3,), "tanh", 0.1, 1, random_state=5).fit(X, y)
    assert classifier.layers_[-1].activation.name == "sigmoid"
    # After one identical-size step from the same start the hidden weights differ only because
    # the losses differ; before it they were equal, which is what init_layers promises.
    start_c = init_layers(2, (3,), "tanh", np.random.default_rng(5), "sigmoid")
    start_r = init_layers(2, (3,), "tanh", np.random.default_rng(5))
    for a, b in zip(start_c, start_r):
        np.testing.assert_array_equal(a.weights, b.weights)
    assert repr(classifier).startswith("MLPClassifier(") and repr(regressor).startswith("MLP(")


def test_equal_starting_weights_keep_hidden_units_identical():
    X, y = _moons(60)
    layers = init_layers(2, (3,), "tanh", np.random.default_rng(0), "sigmoid")
    layers[0].weights[:] = 0.3
    layers[0].bias[:] = 0.1
    layers[1].weights[:] = 0.2
    for _ in range(200):
        classifier_loss_and_gradients(layers, X, y)
        for layer in layers:
            layer.weights -= 0.5 * layer.grad_weights
            layer.bias -= 0.5 * layer.grad_bias
    W = layers[0].weights
    assert np.all(W == W[:, :1]) and np.all(layers[0].bias == layers[0].bias[0])


def test_classifier_matches_scikit_learn_on_the_same_path():
    """Same start, plain full-batch steps: scikit-learn's MLPClassifier takes the same path."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier as SkMLPClassifier

    X, y = _moons(120)
    epochs = 300
    ours = MLPClassifier((8,), "tanh", learning_rate=0.5, epochs=epochs, random_state=0)
    ours.fit(X, y)
    theirs = SkMLPClassifier(
        hidden_layer_sizes=(8,),
        activation="tanh",
        solver="sgd",
        batch_size=len(y),
        learning_rate_init=0.5,
        momentum=0.0,
        alpha=0.0,
        max_iter=1,
        shuffle=False,
        tol=0.0,
        n_iter_no_change=10 * epochs,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs.fit(X, y)
        start = init_layers(2, (8,), "tanh", np.random.default_rng(0), "sigmoid")
        theirs.coefs_ = [layer.weights.copy() for layer in start]
        theirs.intercepts_ = [layer.bias.copy() for layer in start]
        theirs.set_params(warm_start=True, max_iter=epochs)
        theirs.fit(X, y)
    np.testing.assert_allclose(ours.losses_[:-1], theirs.loss_curve_[-epochs:], rtol=1e-9)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X)[:, 1], rtol=1e-9)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_classifier_accuracy_is_close_to_scikit_learns_own_training():
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier as SkMLPClassifier

    X, y = _moons(300)
    X_test, y_test = _moons(300, seed=1)
    ours = MLPClassifier((8,), "tanh", learning_rate=0.5, epochs=3000, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        # L-BFGS, scikit-learn's advice for small data sets: its own, different optimiser.
        theirs = SkMLPClassifier(
            (8,), activation="tanh", solver="lbfgs", max_iter=3000, random_state=0
        )
        theirs.fit(X, y)
    ours_acc = np.mean(ours.predict(X_test) == y_test)
    theirs_acc = np.mean(theirs.predict(X_test) == y_test)
    assert ours_acc > 0.9 and abs(ours_acc - theirs_acc) <= 0.05


@pytest.mark.parametrize(
    ("y", "error", "message"),
    [
        (np.array([0, 1, 2, 1.0]), ValueError, "y must hold class labels 0 and 1"),
        (np.array([0, 0.5, 1, 1]), ValueError, "y must hold class labels"),
        (np.array([-1, 1, 1, -1]), ValueError, "y must hold class labels"),
        (np.ones((4, 1)), ValueError, "y must be a 1-D"),
        (np.array([0, 1, 1]), ValueError, "X and y"),
        (np.array([0, 1, np.nan, 1]), ValueError, "y contains NaN"),
        ("0110", TypeError, "y must be"),
    ],
)
def test_classifier_refuses_bad_labels_by_name(y, error, message):
    with pytest.raises(error, match=message):
        MLPClassifier(epochs=1).fit(_xor()[0], y)


def test_classifier_accepts_booleans_and_float_labels():
    X, y = _xor()
    as_bool = MLPClassifier((2,), epochs=3).fit(X, y.astype(bool))
    as_float = MLPClassifier((2,), epochs=3).fit(X, y.astype(float))
    np.testing.assert_array_equal(as_bool.losses_, as_float.losses_)


def test_classifier_predict_checks_the_model_and_its_input():
    with pytest.raises(NotFittedError, match="MLPClassifier is not fitted"):
        MLPClassifier().predict_proba(np.ones((2, 1)))
    model = MLPClassifier((2,), epochs=1).fit(*_xor())
    with pytest.raises(ValueError, match="features"):
        model.predict(np.ones((3, 1)))


def test_a_too_large_learning_rate_is_reported_for_the_classifier_too():
    X, y = _moons(100)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = MLPClassifier((16,), "relu", learning_rate=1e7, epochs=500, random_state=0)
        model.fit(X * 100, y)
        model.predict(X)
    assert model.diverged_ and len(model.losses_) < 501
