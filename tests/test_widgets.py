"""The explorers' Python side: what it hands the browser, and what it gives back to a reader."""

import html
import json
import re

import numpy as np
import pytest
from sklearn.datasets import make_moons

import nnlib
from nnlib.network import init_layers
from nnlib.widgets import (
    B0_RANGE,
    CLASSIFIER_ACTIVATIONS,
    CLASSIFIER_EPOCH_CHOICES,
    CLASSIFIER_LEARNING_RATE_RANGE,
    CLASSIFIER_UNIT_CHOICES,
    HIDDEN_UNIT_CHOICES,
    LEARNING_RATE_RANGE,
    M0_RANGE,
    NETWORK_LEARNING_RATE_RANGE,
    NETWORK_SEED,
    STATIC,
    STEP_CHOICES,
    classifier_sliders,
    hidden_layer_sliders,
    learning_rate_sliders,
    loss_surface_sliders,
)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _page_state(explorer):
    """The state as the static page carries it, read back from the HTML the cell outputs."""
    data, _ = explorer._repr_mimebundle_()
    found = re.search(r'data-state="([^"]*)"', data["text/html"])
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("make", [learning_rate_sliders, loss_surface_sliders])
def test_descent_state_holds_what_the_browser_needs(make, patients):
    x, y = patients
    state = _page_state(make(x, y))
    assert state["sums"] == {
        "n": 20,
        "sx": float(x.sum()),
        "sy": float(y.sum()),
        "sxx": float((x * x).sum()),
        "sxy": float((x * y).sum()),
        "syy": float((y * y).sum()),
    }
    assert state["limit"] == nnlib.max_stable_learning_rate(x)
    m_best, b_best = nnlib.closed_form(x, y)
    assert (state["best"]["m"], state["best"]["b"]) == (m_best, b_best)
    assert state["x"] == x.tolist() and state["y"] == y.tolist()
    assert state["ranges"]["steps"] == list(STEP_CHOICES)
    assert state["ranges"]["learning_rate"] == list(LEARNING_RATE_RANGE)
    assert state["ranges"]["m0"] == list(M0_RANGE) and state["ranges"]["b0"] == list(B0_RANGE)
    assert state["defaults"] == {key: state[key] for key in ("learning_rate", "m0", "b0", "steps")}
    assert state["divergence_factor"] == 1e6
    assert "_esm" not in state  # the module is served from the site, not copied into the page


def test_loss_map_opens_on_the_default_path(patients):
    """Chapter 6's map frames the default run and the optimum, not the whole slider range."""
    x, y = patients
    explorer = loss_surface_sliders(x, y)
    view = explorer.view
    run = explorer.result()
    m_best, b_best = nnlib.closed_form(x, y)
    for values, (low, high) in [
        (np.append(run.m_path, m_best), view["m"]),
        (np.append(run.b_path, b_best), view["b"]),
    ]:
        assert low < values.min() and values.max() < high
        assert high - low < 2 * (values.max() - values.min()) + 1  # framed, not zoomed out


def test_the_static_copy_has_a_note_and_the_widget_view(patients):
    data, _ = learning_rate_sliders(*patients)._repr_mimebundle_()
    assert WIDGET_VIEW in data
    assert data["text/html"].startswith('<div class="nnbook-explorer" data-state="')
    assert "runs in your browser" in data["text/plain"]
    assert "runs in your browser" in data["text/html"]


def test_reader_settings_and_nnlib_result(patients):
    x, y = patients
    explorer = learning_rate_sliders(x, y)
    result = explorer.set(learning_rate=0.005, m0=-3.0, steps=500)
    assert explorer.settings == {"learning_rate": 0.005, "m0": -3.0, "b0": 10.0, "steps": 500}
    expected = nnlib.gradient_descent(x, y, -3.0, 10.0, 0.005, 500)
    assert (result.m, result.b) == (expected.m, expected.b)
    assert explorer.result().losses[-1] == expected.losses[-1]


@pytest.mark.parametrize("make", [learning_rate_sliders, loss_surface_sliders])
def test_every_corner_of_every_range(make, patients):
    explorer = make(*patients)
    limit = nnlib.max_stable_learning_rate(patients[0])
    for rate in LEARNING_RATE_RANGE:
        for m0 in M0_RANGE:
            for b0 in B0_RANGE:
                for steps in (STEP_CHOICES[0], STEP_CHOICES[-1]):
                    result = explorer.set(learning_rate=rate, m0=m0, b0=b0, steps=steps)
                    assert result.m_path[0] == m0 and result.b_path[0] == b0
                    assert result.diverged == (rate > limit and steps == STEP_CHOICES[-1])
                    json.dumps(explorer.page_state(), allow_nan=False)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": 1.0}, ValueError, "learning_rate"),
        ({"m0": 1000.0}, ValueError, "m0"),
        ({"b0": "zero"}, TypeError, "b0"),
        ({"steps": 7}, ValueError, "steps"),
    ],
)
def test_bad_settings_are_named(patients, kwargs, error, name):
    with pytest.raises(error, match=name):
        learning_rate_sliders(*patients, **kwargs)
    explorer = loss_surface_sliders(*patients)
    with pytest.raises(error, match=name):
        explorer.set(**kwargs)
    assert explorer.settings == explorer.defaults  # a refused move changes nothing


def test_network_state_starts_where_mlp_fit_starts(patients):
    x, y = patients
    explorer = hidden_layer_sliders(x, y)
    state = _page_state(explorer)
    assert sorted(state["initial_weights"], key=int) == [str(k) for k in HIDDEN_UNIT_CHOICES]
    assert state["ranges"]["learning_rate"] == list(NETWORK_LEARNING_RATE_RANGE)
    assert state["x_mean"] == x.mean() and state["y_std"] == y.std()
    for k in (1, 16):
        explorer.set(hidden_units=k)
        # One epoch with a vanishing step leaves the network where MLP.fit's draw put it.
        network = nnlib.MLP((k,), "tanh", learning_rate=1e-300, epochs=1, random_state=0)
        first, second = network.fit(np.zeros((1, 1)), np.zeros(1)).layers_
        weights = state["initial_weights"][str(k)]
        np.testing.assert_array_equal(weights["W1"], first.weights)
        np.testing.assert_array_equal(weights["b1"], first.bias)
        np.testing.assert_array_equal(weights["W2"], second.weights)
        np.testing.assert_array_equal(weights["b2"], second.bias)


def test_network_result_is_nnlib_training(patients):
    x, y = patients
    explorer = hidden_layer_sliders(x, y)
    network = explorer.set(hidden_units=4, learning_rate=0.05)
    assert network.hidden_sizes == (4,) and network.learning_rate == 0.05
    assert not network.diverged_
    assert explorer.training_mse() < nnlib.mse(y, np.full_like(y, y.mean()))
    diverging = explorer.set(hidden_units=64, learning_rate=1.0)
    assert diverging.diverged_ == np.isnan(explorer.training_mse())


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"hidden_units": 3}, "hidden_units"), ({"learning_rate": 2.0}, "learning_rate")],
)
def test_network_bad_settings_are_named(patients, kwargs, name):
    with pytest.raises(ValueError, match=name):
        hidden_layer_sliders(*patients, **kwargs)


def test_the_module_and_its_licences_ship_with_nnlib():
    module = (STATIC / "explorers.js").read_text()
    assert "export" in module and "render" in module
    assert (STATIC / "explorers.css").read_text().strip()
    licences = (STATIC / "THIRD_PARTY_LICENSES.txt").read_text()
    assert "d3-scale" in licences and "ISC" in licences


# ---- chapter 11: the classifier explorer ----


def _moons():
    X, y = make_moons(n_samples=120, noise=0.25, random_state=0)
    return X[:80], y[:80], X[80:], y[80:]


def test_classifier_state_starts_where_mlp_classifier_fit_starts():
    X_train, y_train, X_test, y_test = _moons()
    state = _page_state(classifier_sliders(X_train, y_train, X_test, y_test))
    assert state["kind"] == "classifier"
    assert state["train_x"] == X_train.tolist() and state["train_y"] == y_train.tolist()
    assert state["test_x"] == X_test.tolist() and state["test_y"] == y_test.tolist()
    assert state["defaults"] == {
        "hidden_units": 3,
        "learning_rate": 0.5,
        "activation": "tanh",
        "epochs": 1000,
    }
    assert set(state["initial_weights"]) == {str(k) for k in CLASSIFIER_UNIT_CHOICES}
    for k in CLASSIFIER_UNIT_CHOICES:
        hidden, output = init_layers(2, (k,), "tanh", np.random.default_rng(NETWORK_SEED))
        shipped = state["initial_weights"][str(k)]
        assert shipped["W1"] == hidden.weights.tolist() and shipped["b2"] == output.bias.tolist()
    low, high = state["view"]["x"]
    assert low < min(X_train[:, 0].min(), X_test[:, 0].min())
    assert high > max(X_train[:, 0].max(), X_test[:, 0].max())


def test_classifier_result_and_scores_are_nnlib_training():
    X_train, y_train, X_test, y_test = _moons()
    explorer = classifier_sliders(X_train, y_train, X_test, y_test)
    network = explorer.set(hidden_units=8, activation="relu", learning_rate=0.3, epochs=300)
    assert explorer.settings == {
        "hidden_units": 8,
        "learning_rate": 0.3,
        "activation": "relu",
        "epochs": 300,
    }
    expected = nnlib.MLPClassifier((8,), "relu", 0.3, 300, random_state=0).fit(X_train, y_train)
    np.testing.assert_array_equal(network.losses_, expected.losses_)
    scores = explorer.scores()
    assert scores["train_loss"] == pytest.approx(expected.losses_[-1], rel=1e-12)
    p = expected.predict_proba(X_test)
    test_loss = -np.mean(y_test * np.log(p) + (1 - y_test) * np.log(1 - p))
    assert scores["test_loss"] == pytest.approx(test_loss, rel=1e-9)
    assert scores["test_accuracy"] == np.mean(expected.predict(X_test) == y_test)


def test_classifier_corners_never_raise_and_the_far_corner_diverges():
    explorer = classifier_sliders(*_moons())
    explorer.set(
        hidden_units=CLASSIFIER_UNIT_CHOICES[0],
        learning_rate=CLASSIFIER_LEARNING_RATE_RANGE[0],
        activation=CLASSIFIER_ACTIVATIONS[0],
        epochs=CLASSIFIER_EPOCH_CHOICES[0],
    )
    assert not explorer.result().diverged_
    json.dumps(explorer.page_state(), allow_nan=False)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"hidden_units": 5}, ValueError, "hidden_units"),
        ({"learning_rate": 100.0}, ValueError, "learning_rate"),
        ({"activation": "softplus"}, ValueError, "activation"),
        ({"epochs": 50}, ValueError, "epochs"),
        ({"epochs": 1000.0}, TypeError, "epochs"),
        ({"y_train": np.arange(80.0)}, ValueError, "y_train"),
        ({"X_test": np.ones((40, 3))}, ValueError, "X_test"),
        ({"y_test": np.zeros(39)}, ValueError, "X_test and y_test"),
    ],
)
def test_classifier_bad_settings_are_named(kwargs, error, name):
    X_train, y_train, X_test, y_test = _moons()
    data = {"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test}
    with pytest.raises(error, match=name):
        classifier_sliders(**{**data, **kwargs})
