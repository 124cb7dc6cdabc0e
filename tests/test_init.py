"""nnlib.init: the three ways to draw starting weights, and layers built from them."""

import numpy as np
import pytest

from nnlib.init import SCHEMES, SMALL_SD, build_layers, initial_weights
from nnlib.network import Dense, init_layers


@pytest.mark.parametrize("scheme", SCHEMES)
def test_weights_have_the_layer_shape_and_are_reproducible(scheme):
    first = initial_weights(7, 3, scheme, np.random.default_rng(5))
    again = initial_weights(7, 3, scheme, np.random.default_rng(5))
    assert first.shape == (7, 3)
    np.testing.assert_array_equal(first, again)


@pytest.mark.parametrize(
    "scheme, variance",
    [
        ("small", SMALL_SD**2),
        ("glorot", 2 / (200 + 300)),
        ("he", 2 / 200),
    ],
)
def test_each_scheme_has_its_variance(scheme, variance):
    weights = initial_weights(200, 300, scheme, np.random.default_rng(0))
    # 60 000 draws: the sample variance is within 2 % of the true one with room to spare
    assert weights.var() == pytest.approx(variance, rel=0.02)
    assert abs(weights.mean()) < 0.02 * np.sqrt(variance)


def test_glorot_is_the_uniform_rule_of_init_layers():
    bound = np.sqrt(6 / (64 + 16))
    weights = initial_weights(64, 16, "glorot", np.random.default_rng(0))
    assert np.abs(weights).max() <= bound
    assert np.abs(weights).max() > 0.99 * bound  # uniform: draws come close to the edge
    # init_layers draws its first layer's weights first, from the same interval
    first = init_layers(64, (16,), "tanh", np.random.default_rng(0))[0]
    np.testing.assert_array_equal(first.weights, weights)


def test_build_layers_makes_the_network_of_the_sizes():
    layers = build_layers([64, 16, 8, 10], "relu", np.random.default_rng(1), "he")
    assert [layer.shape for layer in layers] == [(64, 16), (16, 8), (8, 10)]
    assert all(isinstance(layer, Dense) for layer in layers)
    assert [layer.activation.name for layer in layers] == ["relu", "relu", "identity"]
    assert all(np.all(layer.bias == 0) for layer in layers)
    sigmoid_out = build_layers(
        (3, 1), "tanh", np.random.default_rng(1), output_activation="sigmoid"
    )
    assert sigmoid_out[0].activation.name == "sigmoid"


def test_build_layers_draws_in_layer_order_from_the_generator():
    rng = np.random.default_rng(2)
    expected = [initial_weights(5, 4, "glorot", rng), initial_weights(4, 2, "glorot", rng)]
    layers = build_layers(np.array([5, 4, 2]), "tanh", np.random.default_rng(2))
    for layer, weights in zip(layers, expected):
        np.testing.assert_array_equal(layer.weights, weights)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda rng: initial_weights(0, 3, "he", rng), ValueError, "n_in"),
        (lambda rng: initial_weights(3, 2.5, "he", rng), TypeError, "n_out"),
        (lambda rng: initial_weights(3, 2, "xavier", rng), ValueError, "scheme"),
        (lambda rng: initial_weights(3, 2, None, rng), TypeError, "scheme"),
        (lambda rng: initial_weights(3, 2, "he", 0), TypeError, "rng"),
        (lambda rng: build_layers([4], "tanh", rng), ValueError, "sizes"),
        (lambda rng: build_layers("4, 2", "tanh", rng), TypeError, "sizes"),
        (lambda rng: build_layers([4, 0], "tanh", rng), ValueError, "sizes"),
        (lambda rng: build_layers([4, 2.0], "tanh", rng), TypeError, "sizes"),
        (lambda rng: build_layers([4, 2], "swish", rng), ValueError, "activation"),
        (lambda rng: build_layers([4, 2], "tanh", rng, "big"), ValueError, "scheme"),
        (lambda rng: build_layers([4, 2], "tanh", 42), TypeError, "rng"),
    ],
)
def test_bad_arguments_are_refused_by_name(call, error, words):
    with pytest.raises(error, match=words):
        call(np.random.default_rng(0))
