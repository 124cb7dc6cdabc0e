"""Every public function, every kind of bad input: a ValueError or TypeError naming the argument.

One table instead of scattered cases, so that a new public function gets the whole treatment by
adding one line. The message must name the argument and say what was expected, and nothing may
be raised from deep inside numpy or warned on the way (warnings are errors here).
"""

import warnings

import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib._validation import MAX_SAMPLES
from nnlib.diagrams import draw_network
from nnlib.explorers import (
    LearningRateExplorer,
    LossSurfaceExplorer,
    MiniBatchExplorer,
    MomentumExplorer,
    classifier_sliders,
    hidden_layer_sliders,
    learning_rate_sliders,
    line_sliders,
    loss_surface_sliders,
    minibatch_sliders,
    momentum_sliders,
    parabola_sliders,
)
from nnlib.network import MLP, Dense, MLPClassifier, NotFittedError
from nnlib.plotting import (
    plot_data,
    plot_decision_regions,
    plot_line,
    plot_loss_surface,
    plot_loss_vs_m,
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

# Arguments that hold class labels, where booleans are fine (True is class 1).
LABEL_ARGUMENTS = {("binary_cross_entropy", "y")}

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
    # Issue 16: numpy converted these without a word (strings to numbers, complex numbers to
    # their real part, a masked array to all its values, dates to day counts).
    ("numeric strings", [str(v) for v in X], TypeError),
    ("an array of numeric strings", X.astype(str), TypeError),
    ("bytes", X.astype(str).astype(bytes), TypeError),
    ("text in an object array", np.array([*X[:-1], "1.5"], dtype=object), TypeError),
    ("complex", X + 0.5j, TypeError),
    ("complex, imaginary part 0", X + 0j, TypeError),
    ("a masked array", np.ma.masked_array(X, mask=X > X.mean()), TypeError),
    ("dates", np.arange(20).astype("datetime64[D]"), TypeError),
    ("ragged", [[1.0], [1.0, 2.0]], TypeError),
]
# Booleans where numbers are meant: refused, except for class labels.
BAD_NUMBER_VECTORS = [
    ("booleans", X > X.mean(), TypeError),
    ("a list of booleans", list(X > X.mean()), TypeError),
]


def _vector_cases():
    for name, function, valid, vectors in VECTOR_FUNCTIONS:
        for argument in vectors:
            bad = BAD_VECTORS
            if (name, argument) not in LABEL_ARGUMENTS:
                bad = BAD_VECTORS + BAD_NUMBER_VECTORS
            for kind, value, error in bad:
                yield pytest.param(
                    function, valid, argument, value, error, id=f"{name}-{argument}-{kind}"
                )


def _refused(function, valid, argument, value, error):
    """Call `function` with `argument` replaced; it must raise `error` naming the argument,
    with no warning on the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=rf"\b{argument}\b"):
            function(**{**valid, argument: value})
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize(("function", "valid", "argument", "value", "error"), list(_vector_cases()))
def test_bad_vectors_are_refused_by_name(function, valid, argument, value, error):
    _refused(function, valid, argument, value, error)


X2 = np.column_stack([X, Y / 100])  # two features, for the classifier and its map
FITTED = MLP((2,), epochs=2).fit(X.reshape(-1, 1), Y)
FITTED_CLASSIFIER = MLPClassifier((2,), epochs=2).fit(X2, LABELS)

# (name, function, valid keyword arguments, the 2-D array arguments it takes)
MATRIX_FUNCTIONS = [
    ("MLP.fit", lambda X, y: MLP(epochs=2).fit(X, y), {"X": X.reshape(-1, 1), "y": Y}, ["X"]),
    ("MLP.predict", FITTED.predict, {"X": X.reshape(-1, 1)}, ["X"]),
    (
        "MLPClassifier.fit",
        lambda X, y: MLPClassifier(epochs=2).fit(X, y),
        {"X": X2, "y": LABELS},
        ["X"],
    ),
    ("MLPClassifier.predict_proba", FITTED_CLASSIFIER.predict_proba, {"X": X2}, ["X"]),
    ("MLPClassifier.predict", FITTED_CLASSIFIER.predict, {"X": X2}, ["X"]),
    ("Dense", Dense, {"weights": np.ones((2, 3)), "bias": np.zeros(3)}, ["weights"]),
    (
        "classifier_sliders",
        classifier_sliders,
        {"X_train": X2, "y_train": LABELS, "X_test": X2, "y_test": LABELS, "epochs": 100},
        ["X_train", "X_test"],
    ),
    (
        "plot_decision_regions",
        lambda X, y: plot_decision_regions(FITTED_CLASSIFIER.predict_proba, X, y, resolution=5),
        {"X": X2, "y": LABELS},
        ["X"],
    ),
]

BAD_MATRICES = [
    ("text", "abc", TypeError),
    ("None", None, TypeError),
    ("1-D", X, ValueError),
    ("3-D", X2[:, :, np.newaxis], ValueError),
    ("empty", np.empty((0, 2)), ValueError),
    ("NaN", np.where(X2 == X2[0, 0], np.nan, X2), ValueError),
    ("numeric strings", X2.astype(str).tolist(), TypeError),
    ("an array of numeric strings", X2.astype(str), TypeError),
    ("complex", X2 + 0.5j, TypeError),
    ("booleans", X2 > X2.mean(axis=0), TypeError),
    ("a masked array", np.ma.masked_array(X2, mask=X2 > X2.mean(axis=0)), TypeError),
    ("ragged", [[1.0, 2.0], [1.0]], TypeError),
]


def _matrix_cases():
    for name, function, valid, matrices in MATRIX_FUNCTIONS:
        for argument in matrices:
            for kind, value, error in BAD_MATRICES:
                yield pytest.param(
                    function, valid, argument, value, error, id=f"{name}-{argument}-{kind}"
                )


@pytest.mark.parametrize(("function", "valid", "argument", "value", "error"), list(_matrix_cases()))
def test_bad_matrices_are_refused_by_name(function, valid, argument, value, error):
    _refused(function, valid, argument, value, error)


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
SUMS = nnlib.data_sums(X, Y)
GS = {"sums": SUMS, "m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "steps": 10}
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


# Issue 16: numbers of the wrong kind (complex, boolean, text, numpy's own scalar types) and
# seeds numpy would refuse with its own message.
BAD_SCALARS += [
    (nnlib.gradient_descent, GD, "learning_rate", 0.001 + 0j, TypeError),
    (nnlib.gradient_descent, GD, "m0", np.complex128(5), TypeError),
    (nnlib.gradient_descent, GD, "steps", np.bool_(True), TypeError),
    (nnlib.gradient_descent, GD, "steps", np.float64(10), TypeError),
    (nnlib.momentum_descent, MD, "beta", np.str_("0.9"), TypeError),
    (nnlib.momentum_descent, MD, "beta", 0.9 + 0j, TypeError),
    (nnlib.momentum_descent, MD, "learning_rate", "0.001", TypeError),
    (nnlib.momentum_from_sums, MS, "steps", "10", TypeError),
    (nnlib.minibatch_descent, MB, "seed", np.bool_(False), TypeError),
    (nnlib.minibatch_descent, MB, "seed", 2**63, ValueError),
    (nnlib.minibatch_descent, MB, "decay", "0.1", TypeError),
    (nnlib.minibatch_descent, MB, "batch_size", "4", TypeError),
    (nnlib.minibatch_gradient, MG, "batch", ["0", "1"], ValueError),
    (nnlib.minibatch_gradient, MG, "batch", np.arange(20) < 2, ValueError),
    (nnlib.minibatch_gradient, MG, "m", 1j, TypeError),
    (MLP, {}, "random_state", -1, ValueError),
    (MLP, {}, "random_state", 2**63, ValueError),
    (MLP, {}, "hidden_sizes", np.array([2.5]), TypeError),
    (MLPClassifier, {}, "random_state", -1, ValueError),
    (MLPClassifier, {}, "random_state", np.bool_(True), TypeError),
    (MLPClassifier, {}, "hidden_sizes", (1j,), TypeError),
    (MLPClassifier, {}, "learning_rate", np.complex128(0.5), TypeError),
    (nnlib.load_patients, {}, "feature", ["bmi"], TypeError),
    (nnlib.load_patients, {}, "feature", "age", ValueError),
    (nnlib.load_all_patients, {}, "feature", None, TypeError),
]

# Issue 16: sums that no data can give. Before, descent on them ran 5000 steps to 1e37 with
# `diverged=False`: the loss they define is negative somewhere and the clipped loss read 0.
IMPOSSIBLE_SUMS = {
    "Σx² < (Σx)²/n": {**SUMS, "sxx": SUMS["sx"] ** 2 / SUMS["n"] / 2},
    "Σy² = 0": {**SUMS, "syy": 0.0},
    "Σy² < (Σy)²/n": {**SUMS, "syy": SUMS["sy"] ** 2 / SUMS["n"] / 2},
    "a correlation above 1": {**SUMS, "sxy": 10 * SUMS["sxy"]},
    "Σx² finite, (Σx)²/n not": {**SUMS, "sx": 1e200, "sxx": 1e300},
}
BAD_SUMS = [
    *((kind, sums, ValueError) for kind, sums in IMPOSSIBLE_SUMS.items()),
    ("a numeric string", {**SUMS, "sxx": "2043.1"}, TypeError),
    ("a complex sum", {**SUMS, "sx": 180 + 1j}, TypeError),
    ("a boolean n", {**SUMS, "n": np.bool_(True)}, TypeError),
]
BAD_SCALARS += [
    (function, valid, "sums", sums, error)
    for function, valid in ((nnlib.gradient_descent_from_sums, GS), (nnlib.momentum_from_sums, MS))
    for _kind, sums, error in BAD_SUMS
]

# Issue 16: finite values too large for the formulas (a square, a product) to stay finite.
# Where a run can report it, it does (`diverged=True`, see test_descent); everywhere else the
# value is refused by name rather than warned about and returned as NaN or inf.
HUGE_X = X * 1e160  # finite, but x² overflows
MGRID = {"x": X, "y": Y, "m_values": [1.0, 2.0], "b_values": [0.0]}
SURFACE = {"x": X, "y": Y, "m_range": (0, 20), "b_range": (0, 50), "resolution": 10}
REGIONS = {"probability": FITTED_CLASSIFIER.predict_proba, "X": X2, "y": LABELS, "resolution": 5}
BAD_SCALARS += [
    (nnlib.best_momentum, {"x": X}, "x", HUGE_X, ValueError),
    (nnlib.condition_number, {"x": X}, "x", HUGE_X, ValueError),
    (nnlib.max_stable_learning_rate, {"x": X}, "x", HUGE_X, ValueError),
    (nnlib.loss_hessian, {"x": X}, "x", HUGE_X, ValueError),
    (nnlib.closed_form, {"x": X, "y": Y}, "x", HUGE_X, ValueError),
    (nnlib.mse, {"y": Y, "y_pred": Y + 1}, "y_pred", np.full(Y.size, 1e200), ValueError),
    (nnlib.mse, {"y": Y, "y_pred": Y + 1}, "y", np.full(Y.size, -1e200), ValueError),
    (nnlib.mse_grid, MGRID, "x", HUGE_X, ValueError),
    (nnlib.mse_grid, MGRID, "m_values", [1.0, 1e200], ValueError),
    (nnlib.mse_grid, MGRID, "b_values", [-1e200], ValueError),
    (nnlib.feedforward, {"x": X, "m": 1.0, "b": 1.0}, "m", 1e308, ValueError),
    (
        nnlib.backpropagate,
        {"x": X, "y": Y, "y_pred": Y + 1},
        "y_pred",
        np.full(Y.size, 1e307),
        ValueError,
    ),
    (nnlib.minibatch_gradient, MG, "m", 1e308, ValueError),
    (nnlib.minibatch_gradient, MG, "x", HUGE_X * 1e100, ValueError),
    (plot_line, {"x": X, "m": 1.0, "b": 1.0}, "m", 1e308, ValueError),
    (plot_loss_vs_m, {"x": X, "y": Y, "b": 1.0, "m_values": [1.0]}, "b", 1e200, ValueError),
    (
        plot_loss_vs_m,
        {"x": X, "y": Y, "b": 1.0, "m_values": [1.0]},
        "m_values",
        [1e200],
        ValueError,
    ),
    (plot_loss_surface, SURFACE, "m_range", (-1e200, 1e200), ValueError),
    (plot_loss_surface, SURFACE, "x", HUGE_X, ValueError),
    (plot_decision_regions, REGIONS, "padding", 1e308, ValueError),
    (plot_decision_regions, REGIONS, "padding", -1.0, ValueError),
    (plot_decision_regions, REGIONS, "X", np.full((20, 2), 1e200), ValueError),
    (hidden_layer_sliders, {"x": X, "y": Y}, "x", HUGE_X, ValueError),
    (hidden_layer_sliders, {"x": X, "y": Y}, "y", Y * 1e160, ValueError),
    (learning_rate_sliders, {"x": X, "y": Y}, "x", HUGE_X, ValueError),
    (line_sliders, {"x": X, "y": Y}, "y", Y * 1e160, ValueError),
    (momentum_sliders, {"x": X, "y": Y}, "x", HUGE_X, ValueError),
    (minibatch_sliders, {"x": X, "y": Y}, "x", HUGE_X, ValueError),
    # The issue's own examples, by name.
    (nnlib.best_momentum, {"x": X}, "x", X + 0.5j, TypeError),
    (nnlib.momentum_descent, MD, "x", [str(v) for v in X], TypeError),
    (
        nnlib.binary_cross_entropy,
        {"y": LABELS, "y_prob": PROBABILITIES},
        "y",
        ["1", "0"],
        TypeError,
    ),
]


def _case_id(case):
    function, _valid, argument, value, _error = case
    name = getattr(function, "__name__", type(function).__name__)
    text = (
        f"{type(value).__name__}{getattr(value, 'shape', '')}"
        if hasattr(value, "shape")
        else repr(value)
    )
    return f"{name}-{argument}-{text}"[:70]


@pytest.mark.parametrize(
    ("function", "valid", "argument", "value", "error"),
    BAD_SCALARS,
    ids=[_case_id(case) for case in BAD_SCALARS],
)
def test_bad_settings_are_refused_by_name(function, valid, argument, value, error):
    _refused(function, valid, argument, value, error)


@pytest.mark.parametrize(
    ("model", "method"),
    [
        (MLP(), "predict"),
        (MLPClassifier(), "predict"),
        (MLPClassifier(), "predict_proba"),
    ],
    ids=["MLP.predict", "MLPClassifier.predict", "MLPClassifier.predict_proba"],
)
def test_predicting_before_fit_is_a_not_fitted_error(model, method):
    # As scikit-learn's NotFittedError: a ValueError and an AttributeError, saying what to do.
    with pytest.raises(NotFittedError, match=r"not fitted yet: call fit\(X, y\)") as raised:
        getattr(model, method)(X2)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, AttributeError)


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


# What the stricter checks must still accept, unchanged: numpy's own number types, plain lists,
# booleans as class labels, object arrays of numbers. Each gives exactly the valid call's result.
SAME_AS_VALID = [
    (nnlib.gradient_descent, GD, "learning_rate", np.float64(0.001)),
    (nnlib.gradient_descent, GD, "steps", np.int64(10)),
    (nnlib.gradient_descent, GD, "steps", np.uint8(10)),
    (nnlib.gradient_descent, GD, "x", X.tolist()),
    (nnlib.gradient_descent, GD, "y", Y.astype(object)),
    (nnlib.momentum_from_sums, MS, "sums", {**SUMS, "n": np.int64(SUMS["n"])}),
    (nnlib.minibatch_descent, MB, "seed", np.int64(0)),
    (nnlib.binary_cross_entropy, {"y": LABELS, "y_prob": PROBABILITIES}, "y", LABELS == 1),
    (
        nnlib.binary_cross_entropy,
        {"y": LABELS, "y_prob": PROBABILITIES},
        "y",
        (LABELS == 1).tolist(),
    ),
    (nnlib.best_momentum, {"x": X}, "x", tuple(X)),
]


@pytest.mark.parametrize(
    ("function", "valid", "argument", "value"),
    SAME_AS_VALID,
    ids=[_case_id((*case, None)) for case in SAME_AS_VALID],
)
def test_numpy_types_lists_and_boolean_labels_are_accepted(function, valid, argument, value):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        expected = function(**valid)
        got = function(**{**valid, argument: value})
    if isinstance(expected, tuple | float):
        assert got == expected
    else:
        np.testing.assert_array_equal(got.losses, expected.losses)


def test_models_accept_numpy_seeds_and_sizes():
    as_numpy = MLPClassifier(np.array([2]), epochs=3, random_state=np.int64(0)).fit(X2, LABELS)
    plain = MLPClassifier((2,), epochs=3, random_state=0).fit(X2, LABELS == 1)
    np.testing.assert_array_equal(as_numpy.losses_, plain.losses_)
    assert MLP(random_state=None).random_state is None
