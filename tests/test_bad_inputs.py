"""Every public function, every kind of bad input: a ValueError or TypeError naming the argument.

One table instead of scattered cases, so that a new public function gets the whole treatment by
adding one line. The message must name the argument and say what was expected.
"""

import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib._validation import MAX_SAMPLES
from nnlib.diagrams import draw_network
from nnlib.network import MLP, MLPClassifier
from nnlib.plotting import plot_data, plot_line, plot_loss_surface, plot_loss_vs_m
from nnlib.widgets import (
    LearningRateExplorer,
    LossSurfaceExplorer,
    MiniBatchExplorer,
    MomentumExplorer,
    hidden_layer_sliders,
    learning_rate_sliders,
    line_sliders,
    loss_surface_sliders,
    minibatch_sliders,
    momentum_sliders,
    parabola_sliders,
)

matplotlib.use("Agg")

X, Y = nnlib.load_patients()
LABELS = (Y > np.median(Y)).astype(float)  # two classes: above or below the median progression
PROBABILITIES = np.linspace(0.05, 0.95, Y.size)

# (name, function, valid keyword arguments, the 1-D array arguments it takes)
VECTOR_FUNCTIONS = [
    ("closed_form", nnlib.closed_form, {"x": X, "y": Y}, ["x", "y"]),
    ("feedforward", nnlib.feedforward, {"x": X, "m": 5.0, "b": 10.0}, ["x"]),
    ("mse", nnlib.mse, {"y": Y, "y_pred": Y + 1}, ["y", "y_pred"]),
    (
        "mse_grid",
        nnlib.mse_grid,
        {"x": X, "y": Y, "m_values": [1.0, 2.0], "b_values": [0.0]},
        ["x", "y", "m_values", "b_values"],
    ),
    (
        "binary_cross_entropy",
        nnlib.binary_cross_entropy,
        {"y": LABELS, "y_prob": PROBABILITIES},
        ["y", "y_prob"],
    ),
    ("backpropagate", nnlib.backpropagate, {"x": X, "y": Y, "y_pred": Y + 1}, ["x", "y", "y_pred"]),
    (
        "gradient_descent",
        nnlib.gradient_descent,
        {"x": X, "y": Y, "m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "steps": 10},
        ["x", "y"],
    ),
    (
        "momentum_descent",
        nnlib.momentum_descent,
        {"x": X, "y": Y, "m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "beta": 0.9, "steps": 10},
        ["x", "y"],
    ),
    ("best_momentum", nnlib.best_momentum, {"x": X}, ["x"]),
    ("data_sums", nnlib.data_sums, {"x": X, "y": Y}, ["x", "y"]),
    (
        "minibatch_descent",
        nnlib.minibatch_descent,
        {
            "x": X,
            "y": Y,
            "m0": 5.0,
            "b0": 10.0,
            "learning_rate": 0.001,
            "epochs": 3,
            "batch_size": 4,
            "seed": 0,
        },
        ["x", "y"],
    ),
    (
        "minibatch_gradient",
        nnlib.minibatch_gradient,
        {"x": X, "y": Y, "m": 5.0, "b": 10.0, "batch": [0, 1]},
        ["x", "y"],
    ),
    ("loss_hessian", nnlib.loss_hessian, {"x": X}, ["x"]),
    ("max_stable_learning_rate", nnlib.max_stable_learning_rate, {"x": X}, ["x"]),
    ("condition_number", nnlib.condition_number, {"x": X}, ["x"]),
    ("plot_data", plot_data, {"x": X, "y": Y}, ["x", "y"]),
    ("plot_line", plot_line, {"x": X, "m": 1.0, "b": 2.0}, ["x"]),
    (
        "plot_loss_vs_m",
        plot_loss_vs_m,
        {"x": X, "y": Y, "b": 10.0, "m_values": [1.0, 2.0]},
        ["x", "y", "m_values"],
    ),
    (
        "plot_loss_surface",
        plot_loss_surface,
        {"x": X, "y": Y, "m_range": (0, 20), "b_range": (0, 50), "resolution": 10},
        ["x", "y"],
    ),
    ("LearningRateExplorer", LearningRateExplorer, {"x": X, "y": Y}, ["x", "y"]),
    ("LossSurfaceExplorer", LossSurfaceExplorer, {"x": X, "y": Y}, ["x", "y"]),
    ("learning_rate_sliders", learning_rate_sliders, {"x": X, "y": Y}, ["x", "y"]),
    ("loss_surface_sliders", loss_surface_sliders, {"x": X, "y": Y}, ["x", "y"]),
    ("hidden_layer_sliders", hidden_layer_sliders, {"x": X, "y": Y}, ["x", "y"]),
    ("line_sliders", line_sliders, {"x": X, "y": Y}, ["x", "y"]),
    ("parabola_sliders", parabola_sliders, {"x": X, "y": Y}, ["x", "y"]),
    ("MomentumExplorer", MomentumExplorer, {"x": X, "y": Y}, ["x", "y"]),
    ("momentum_sliders", momentum_sliders, {"x": X, "y": Y}, ["x", "y"]),
    ("MiniBatchExplorer", MiniBatchExplorer, {"x": X, "y": Y}, ["x", "y"]),
    ("minibatch_sliders", minibatch_sliders, {"x": X, "y": Y}, ["x", "y"]),
]

BAD_VECTORS = [
    ("text", "abc", TypeError),
    ("None", None, TypeError),
    ("a list of strings", ["a", "b"], TypeError),
    ("a single number", 3.0, ValueError),
    ("2-D", np.ones((20, 2)), ValueError),
    ("empty", np.array([]), ValueError),
    ("NaN", np.r_[X[:-1], np.nan], ValueError),
    ("inf", np.r_[X[:-1], np.inf], ValueError),
    ("absurd size", np.zeros(MAX_SAMPLES + 1), ValueError),
]


def _vector_cases():
    for name, function, valid, vectors in VECTOR_FUNCTIONS:
        for argument in vectors:
            for kind, value, error in BAD_VECTORS:
                yield pytest.param(
                    function, valid, argument, value, error, id=f"{name}-{argument}-{kind}"
                )


@pytest.mark.parametrize(("function", "valid", "argument", "value", "error"), list(_vector_cases()))
def test_bad_vectors_are_refused_by_name(function, valid, argument, value, error):
    with pytest.raises(error, match=rf"\b{argument}\b"):
        function(**{**valid, argument: value})
    matplotlib.pyplot.close("all")


def _length_cases():
    for name, function, valid, vectors in VECTOR_FUNCTIONS:
        paired = [v for v in vectors if v in ("x", "y", "y_pred")]
        if len(paired) >= 2:
            yield pytest.param(function, valid, paired[-1], id=name)


@pytest.mark.parametrize(("function", "valid", "argument"), list(_length_cases()))
def test_mismatched_lengths_are_refused_by_name(function, valid, argument):
    # The message must name the argument that was cut short, not only say "same length".
    with pytest.raises(ValueError, match=rf"\b{argument}\b.*same length"):
        function(**{**valid, argument: valid[argument][:5]})
    matplotlib.pyplot.close("all")


GD = {"x": X, "y": Y, "m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "steps": 10}
MD = {**GD, "beta": 0.9}
MS = {"sums": nnlib.data_sums(X, Y), "m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "beta": 0.9}
MS["steps"] = 10
MB = {**GD, "epochs": 3, "batch_size": 4, "seed": 0}
del MB["steps"]
MG = {"x": X, "y": Y, "m": 5.0, "b": 10.0, "batch": [0, 1]}
BAD_SCALARS = [
    # (function, valid kwargs, argument, bad value, error)
    (nnlib.feedforward, {"x": X, "m": 1.0, "b": 1.0}, "m", "5", TypeError),
    (nnlib.feedforward, {"x": X, "m": 1.0, "b": 1.0}, "b", np.nan, ValueError),
    (nnlib.gradient_descent, GD, "m0", np.inf, ValueError),
    (nnlib.gradient_descent, GD, "b0", None, TypeError),
    (nnlib.gradient_descent, GD, "learning_rate", 0.0, ValueError),
    (nnlib.gradient_descent, GD, "learning_rate", -0.01, ValueError),
    (nnlib.gradient_descent, GD, "learning_rate", "0.01", TypeError),
    (nnlib.gradient_descent, GD, "learning_rate", True, TypeError),
    (nnlib.gradient_descent, GD, "steps", 0, ValueError),
    (nnlib.gradient_descent, GD, "steps", -5, ValueError),
    (nnlib.gradient_descent, GD, "steps", 2.5, TypeError),
    (nnlib.gradient_descent, GD, "steps", "10", TypeError),
    (nnlib.gradient_descent, GD, "steps", 10**12, ValueError),
    (nnlib.momentum_descent, MD, "beta", 1.0, ValueError),
    (nnlib.momentum_descent, MD, "beta", -0.1, ValueError),
    (nnlib.momentum_descent, MD, "beta", "0.9", TypeError),
    (nnlib.momentum_descent, MD, "learning_rate", 0.0, ValueError),
    (nnlib.momentum_descent, MD, "steps", 0, ValueError),
    (nnlib.momentum_from_sums, MS, "beta", 1.5, ValueError),
    (nnlib.momentum_from_sums, MS, "sums", [1, 2], TypeError),
    (nnlib.momentum_from_sums, MS, "m0", np.nan, ValueError),
    (momentum_sliders, {"x": X, "y": Y}, "beta", 0.9999, ValueError),
    (momentum_sliders, {"x": X, "y": Y}, "learning_rate", 1.0, ValueError),
    (nnlib.minibatch_descent, MB, "batch_size", 0, ValueError),
    (nnlib.minibatch_descent, MB, "batch_size", 21, ValueError),
    (nnlib.minibatch_descent, MB, "batch_size", 2.0, TypeError),
    (nnlib.minibatch_descent, MB, "seed", -1, ValueError),
    (nnlib.minibatch_descent, MB, "seed", 1.5, TypeError),
    (nnlib.minibatch_descent, MB, "seed", None, TypeError),
    (nnlib.minibatch_descent, MB, "epochs", 0, ValueError),
    (nnlib.minibatch_descent, MB, "learning_rate", 0.0, ValueError),
    (nnlib.minibatch_descent, MB, "decay", -0.1, ValueError),
    (nnlib.minibatch_descent, MB, "decay", np.nan, ValueError),
    (nnlib.minibatch_descent, MB, "m0", "5", TypeError),
    (nnlib.minibatch_gradient, MG, "batch", [], ValueError),
    (nnlib.minibatch_gradient, MG, "batch", [0, 20], ValueError),
    (nnlib.minibatch_gradient, MG, "batch", [0.5], ValueError),
    (plot_line, {"x": X, "m": 1.0, "b": 1.0}, "m", np.inf, ValueError),
    (plot_loss_vs_m, {"x": X, "y": Y, "b": 1.0, "m_values": [1.0]}, "b", "b", TypeError),
    (
        plot_loss_surface,
        {"x": X, "y": Y, "m_range": (0, 1), "b_range": (0, 1)},
        "m_range",
        (1, 0),
        ValueError,
    ),
    (
        plot_loss_surface,
        {"x": X, "y": Y, "m_range": (0, 1), "b_range": (0, 1)},
        "b_range",
        "ab",
        TypeError,
    ),
    (
        plot_loss_surface,
        {"x": X, "y": Y, "m_range": (0, 1), "b_range": (0, 1)},
        "resolution",
        10**6,
        ValueError,
    ),
    (plot_data, {"x": X, "y": Y}, "ax", "an axes", TypeError),
    (learning_rate_sliders, {"x": X, "y": Y}, "learning_rate", 5.0, ValueError),
    (learning_rate_sliders, {"x": X, "y": Y}, "m0", np.nan, ValueError),
    (loss_surface_sliders, {"x": X, "y": Y}, "b0", 1e9, ValueError),
    (loss_surface_sliders, {"x": X, "y": Y}, "steps", 3, ValueError),
    (hidden_layer_sliders, {"x": X, "y": Y}, "hidden_units", 0, ValueError),
    (hidden_layer_sliders, {"x": X, "y": Y}, "hidden_units", 10**6, ValueError),
    (hidden_layer_sliders, {"x": X, "y": Y}, "learning_rate", -1.0, ValueError),
    (minibatch_sliders, {"x": X, "y": Y}, "batch_size", 3, ValueError),
    (minibatch_sliders, {"x": X, "y": Y}, "learning_rate", 0.0, ValueError),
    (minibatch_sliders, {"x": X, "y": Y}, "seed", 11, ValueError),
    (minibatch_sliders, {"x": X, "y": Y}, "decay", "none", TypeError),
    (draw_network, {"layer_sizes": (1, 2, 1)}, "layer_sizes", (1, 0, 1), ValueError),
    (draw_network, {"layer_sizes": (1, 2, 1)}, "layer_sizes", "121", TypeError),
    (draw_network, {"layer_sizes": (1, 2, 1)}, "layer_sizes", (1,) * 100, ValueError),
    (MLP, {}, "hidden_sizes", (0,), ValueError),
    (MLP, {}, "learning_rate", 0.0, ValueError),
    (MLP, {}, "epochs", 1.5, TypeError),
    (MLP, {}, "activation", "sigmoidish", ValueError),
    (MLPClassifier, {}, "hidden_sizes", (3, 0), ValueError),
    (MLPClassifier, {}, "learning_rate", -0.5, ValueError),
    (MLPClassifier, {}, "epochs", "100", TypeError),
    (MLPClassifier, {}, "activation", "softmax", ValueError),
    (MLPClassifier, {}, "random_state", 1.5, TypeError),
    (nnlib.binary_cross_entropy, {"y": LABELS, "y_prob": PROBABILITIES}, "y", Y, ValueError),
    (
        nnlib.binary_cross_entropy,
        {"y": LABELS, "y_prob": PROBABILITIES},
        "y_prob",
        PROBABILITIES + 1,
        ValueError,
    ),
]


@pytest.mark.parametrize(
    ("function", "valid", "argument", "value", "error"),
    BAD_SCALARS,
    ids=[f"{case[0].__name__}-{case[2]}-{case[3]!r}"[:60] for case in BAD_SCALARS],
)
def test_bad_settings_are_refused_by_name(function, valid, argument, value, error):
    with pytest.raises(error, match=rf"\b{argument}\b"):
        function(**{**valid, argument: value})
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize(
    ("X_value", "y_value", "name", "error"),
    [
        (X, Y, "X", ValueError),  # 1-D where (n_samples, n_features) is expected
        (X.reshape(-1, 1), Y[:5], "y", ValueError),
        (np.ones((20, 1, 1)), Y, "X", ValueError),
        (np.full((20, 1), np.nan), Y, "X", ValueError),
        (X.reshape(-1, 1), Y.reshape(-1, 1), "y", ValueError),
        ("abc", Y, "X", TypeError),
        (np.empty((0, 1)), np.empty(0), "X", ValueError),
    ],
)
def test_mlp_fit_refuses_bad_data_by_name(X_value, y_value, name, error):
    with pytest.raises(error, match=rf"\b{name}\b"):
        MLP(epochs=5).fit(X_value, y_value)


@pytest.mark.parametrize(
    ("X_value", "y_value", "name", "error"),
    [
        (X, LABELS, "X", ValueError),  # 1-D where (n_samples, n_features) is expected
        (X.reshape(-1, 1), LABELS[:5], "y", ValueError),
        (X.reshape(-1, 1), Y, "y", ValueError),  # not class labels: progression values
        (X.reshape(-1, 1), LABELS - 0.5, "y", ValueError),
        (X.reshape(-1, 1), LABELS.reshape(-1, 1), "y", ValueError),
        (np.full((20, 1), np.inf), LABELS, "X", ValueError),
        (X.reshape(-1, 1), "yes", "y", TypeError),
    ],
)
def test_mlp_classifier_fit_refuses_bad_data_by_name(X_value, y_value, name, error):
    with pytest.raises(error, match=rf"\b{name}\b"):
        MLPClassifier(epochs=5).fit(X_value, y_value)
