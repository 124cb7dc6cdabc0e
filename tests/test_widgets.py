"""The explorers' Python side: what it hands the browser, and what it gives back to a reader."""

import html
import json
import re

import numpy as np
import pytest
from sklearn.datasets import make_moons

import nnlib
from nnlib.explorers import (
    classifier_sliders,
    hidden_layer_sliders,
    learning_rate_sliders,
    line_sliders,
    loss_surface_sliders,
    minibatch_sliders,
    momentum_sliders,
    parabola_sliders,
)
from nnlib.explorers.base import (
    STATIC,
)
from nnlib.explorers.descent import (
    B0,
    BATCH_SIZE,
    BETA,
    DECAY,
    LEARNING_RATE,
    M0,
    MINIBATCH_EPOCHS,
    MINIBATCH_LEARNING_RATE,
    SEED,
    STEPS,
)
from nnlib.explorers.lines import (
    PARABOLA_M,
)
from nnlib.explorers.networks import (
    ACTIVATION,
    CLASSIFIER_EPOCHS,
    CLASSIFIER_HIDDEN_UNITS,
    CLASSIFIER_LEARNING_RATE,
    CLASSIFIER_SEED,
    HIDDEN_UNITS,
)
from nnlib.momentum import largest_curvature_from_sums
from nnlib.network import init_layers

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _spec(state: dict) -> dict[str, dict]:
    """The controls the page receives, by name."""
    return {control["name"]: control for control in state["spec"]}


def _defaults(state: dict) -> dict:
    return {name: control["default"] for name, control in _spec(state).items()}


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
    # One λmax for the stability limit, the same as nnlib's: 2/λmax is the stable limit.
    assert state["largest_curvature"] == largest_curvature_from_sums(state["sums"])
    assert 2 / state["largest_curvature"] == pytest.approx(
        nnlib.max_stable_learning_rate(x), rel=1e-12
    )
    m_best, b_best = nnlib.closed_form(x, y)
    assert (state["best"]["m"], state["best"]["b"]) == (m_best, b_best)
    assert state["x"] == x.tolist() and state["y"] == y.tolist()
    assert [control["name"] for control in state["spec"]] == ["learning_rate", "m0", "b0", "steps"]
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
    for rate in LEARNING_RATE.range:
        for m0 in M0.range:
            for b0 in B0.range:
                for steps in (STEPS.choices[0], STEPS.choices[-1]):
                    result = explorer.set(learning_rate=rate, m0=m0, b0=b0, steps=steps)
                    assert result.m_path[0] == m0 and result.b_path[0] == b0
                    assert result.diverged == (rate > limit and steps == STEPS.choices[-1])
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
    assert sorted(state["initial_weights"], key=int) == [str(k) for k in HIDDEN_UNITS.choices]
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


def test_line_state_holds_what_the_browser_needs(patients):
    x, y = patients
    explorer = line_sliders(x, y)
    state = _page_state(explorer)
    assert state["kind"] == "line"
    assert state["sums"] == nnlib.data_sums(x, y)
    assert _defaults(state) == {"m": 5.0, "b": 10.0, "show_best": False}
    m_best, b_best = nnlib.closed_form(x, y)
    best_loss = nnlib.mse(y, nnlib.feedforward(x, m_best, b_best))
    assert state["best"] == {"m": m_best, "b": b_best, "loss": best_loss}
    assert state["loss"] == nnlib.mse(y, nnlib.feedforward(x, 5.0, 10.0))
    assert "runs in your browser" in explorer._repr_mimebundle_()[0]["text/html"]


def test_parabola_state_holds_the_curve_frame_and_its_lowest_point(patients):
    x, y = patients
    state = _page_state(parabola_sliders(x, y, b=10))
    assert state["kind"] == "parabola" and state["b"] == 10.0
    assert _defaults(state) == {"m": 5.0}
    # The lowest point is chapter 3's best slope for b = 10.
    m_star = float(np.sum(x * (y - 10)) / np.sum(x * x))
    assert state["lowest"]["m"] == pytest.approx(m_star, rel=1e-12)
    grid = np.linspace(*PARABOLA_M.range, 221)
    losses = [nnlib.mse(y, nnlib.feedforward(x, m, 10)) for m in grid]
    low, high = state["view"]["loss"]
    assert low == 0 and max(losses) < high < 1.1 * max(losses)


@pytest.mark.parametrize("make", [line_sliders, parabola_sliders])
def test_hand_placed_lines_give_nnlib_loss(make, patients):
    """The browser's formula (from the sums) and nnlib's mse agree at every slider corner."""
    x, y = patients
    explorer = make(x, y)
    ranges = {c.name: c.range for c in explorer.controls if c.range is not None}
    corners = [{"m": m} for m in ranges["m"]]
    if "b" in ranges:
        corners = [{"m": m, "b": b} for m in ranges["m"] for b in ranges["b"]]
    rng = np.random.default_rng(0)
    corners += [{k: float(rng.uniform(*ranges[k])) for k in ranges} for _ in range(50)]
    for settings in corners:
        loss = explorer.set(**settings)
        b = settings.get("b", explorer.b)
        assert loss == nnlib.mse(y, nnlib.feedforward(x, settings["m"], b))
        assert explorer.loss_from_sums() == pytest.approx(loss, rel=1e-12)
        json.dumps(explorer.page_state(), allow_nan=False)


@pytest.mark.parametrize(
    ("make", "kwargs", "error", "name"),
    [
        (line_sliders, {"m": 100.0}, ValueError, "m"),
        (line_sliders, {"b": "ten"}, TypeError, "b"),
        (line_sliders, {"b": np.nan}, ValueError, "b"),
        (parabola_sliders, {"m": -1.0}, ValueError, "m"),
        (parabola_sliders, {"b": 1e300}, ValueError, "b"),
    ],
)
def test_hand_placed_bad_settings_are_named(patients, make, kwargs, error, name):
    with pytest.raises(error, match=rf"\b{name}\b"):
        make(*patients, **kwargs)


def test_line_settings_from_code(patients):
    x, y = patients
    explorer = line_sliders(x, y)
    explorer.set(m=11.2, b=25.5, show_best=True)
    assert explorer.settings == {"m": 11.2, "b": 25.5, "show_best": True}
    with pytest.raises(ValueError, match="m"):
        explorer.set(m=-50.0)
    # a refused move changes nothing
    assert explorer.settings == {"m": 11.2, "b": 25.5, "show_best": True}


# --- Chapter 8: momentum ---


def test_momentum_state_holds_what_the_browser_needs(patients):
    x, y = patients
    state = _page_state(momentum_sliders(x, y))
    assert state["kind"] == "momentum"
    assert state["sums"] == nnlib.data_sums(x, y)
    assert state["largest_curvature"] == largest_curvature_from_sums(state["sums"])
    assert state["largest_curvature"] == pytest.approx(
        np.linalg.eigvalsh(nnlib.loss_hessian(x))[-1], rel=1e-12
    )
    keys = ["learning_rate", "beta", "m0", "b0", "steps"]
    assert list(_defaults(state)) == keys


def test_momentum_map_opens_on_the_default_path(patients):
    x, y = patients
    explorer = momentum_sliders(x, y)
    run = explorer.result()
    assert not run.diverged
    for values, (low, high) in [(run.m_path, explorer.view["m"]), (run.b_path, explorer.view["b"])]:
        assert low < values.min() and values.max() < high


def test_momentum_settings_and_nnlib_result(patients):
    x, y = patients
    explorer = momentum_sliders(x, y)
    result = explorer.set(learning_rate=0.005, beta=0.5, m0=-3.0, steps=200)
    assert explorer.settings == {
        "learning_rate": 0.005,
        "beta": 0.5,
        "m0": -3.0,
        "b0": 10.0,
        "steps": 200,
    }
    expected = nnlib.momentum_descent(x, y, -3.0, 10.0, 0.005, 0.5, 200)
    np.testing.assert_array_equal(result.m_path, expected.m_path)
    fast = nnlib.momentum_from_sums(explorer.sums, -3.0, 10.0, 0.005, 0.5, 200)
    np.testing.assert_allclose(fast.losses, expected.losses, rtol=1e-9)


def test_momentum_every_corner_of_every_range(patients):
    explorer = momentum_sliders(*patients)
    largest = explorer.largest_curvature
    for rate in LEARNING_RATE.range:
        for beta in BETA.range:
            for m0 in M0.range:
                for b0 in B0.range:
                    result = explorer.set(
                        learning_rate=rate, beta=beta, m0=m0, b0=b0, steps=STEPS.choices[-1]
                    )
                    assert result.m_path[0] == m0 and result.b_path[0] == b0
                    assert result.unstable == (rate > 2 * (1 + beta) / largest)
                    assert result.diverged == result.unstable
                    json.dumps(explorer.page_state(), allow_nan=False)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"beta": 1.0}, ValueError, "beta"),
        ({"beta": -0.5}, ValueError, "beta"),
        ({"beta": "high"}, TypeError, "beta"),
        ({"learning_rate": 1.0}, ValueError, "learning_rate"),
        ({"steps": 7}, ValueError, "steps"),
    ],
)
def test_momentum_bad_settings_are_named(patients, kwargs, error, name):
    with pytest.raises(error, match=name):
        momentum_sliders(*patients, **kwargs)
    explorer = momentum_sliders(*patients)
    with pytest.raises(error, match=name):
        explorer.set(**kwargs)
    assert explorer.settings == explorer.defaults


def test_the_module_knows_the_momentum_explorer():
    module = (STATIC / "explorers.js").read_text()
    assert "momentum:" in module  # registered by kind in js/src/index.js


# --- Chapter 9: the mini-batch explorer ---


def _standardised(patients):
    x, y = patients
    return (x - x.mean()) / x.std(), y


def test_minibatch_state_holds_every_seeds_orders(patients):
    from nnlib.minibatch import epoch_orders

    x, y = _standardised(patients)
    state = _page_state(minibatch_sliders(x, y))
    assert state["kind"] == "minibatch" and state["epochs"] == MINIBATCH_EPOCHS
    assert sorted(state["orders"], key=int) == [str(s) for s in SEED.choices]
    for seed in (0, 9):
        assert state["orders"][str(seed)] == epoch_orders(20, MINIBATCH_EPOCHS, seed).tolist()
    assert list(_defaults(state)) == ["batch_size", "learning_rate", "seed", "decay"]
    assert state["x"] == x.tolist() and (state["m0"], state["b0"]) == (0.0, 0.0)
    # Small enough to ship in the page: 10 seeds × 20 epochs × 20 indices.
    assert len(json.dumps(state)) < 40_000


def test_minibatch_fast_path_is_nnlib_to_rounding(patients):
    """The browser's arithmetic (fast_result) against the readable loop, over the sliders."""
    explorer = minibatch_sliders(*_standardised(patients))
    rates = np.geomspace(*MINIBATCH_LEARNING_RATE.range, 9)
    for batch_size in BATCH_SIZE.choices:
        for rate in rates:
            for seed in (0, 3, 9):
                for decay in DECAY.choices:
                    explorer.set(batch_size=batch_size, learning_rate=rate, seed=seed, decay=decay)
                    slow, fast = explorer.result(), explorer.fast_result()
                    assert slow.diverged == fast.diverged
                    assert slow.m_path.shape == fast.m_path.shape
                    if not slow.diverged:
                        np.testing.assert_allclose(fast.m_path, slow.m_path, rtol=1e-9, atol=1e-9)
                        np.testing.assert_allclose(fast.losses, slow.losses, rtol=1e-9)
                        np.testing.assert_array_equal(fast.evaluations, slow.evaluations)


def test_minibatch_extremes(patients):
    explorer = minibatch_sliders(*_standardised(patients))
    top = explorer.set(
        batch_size=BATCH_SIZE.choices[-1],
        learning_rate=MINIBATCH_LEARNING_RATE.range[1],
        seed=SEED.choices[-1],
        decay=DECAY.choices[-1],
    )
    assert top.diverged  # every slider at its right end: a message in the browser
    bottom = explorer.set(
        batch_size=BATCH_SIZE.choices[0],
        learning_rate=MINIBATCH_LEARNING_RATE.range[0],
        seed=SEED.choices[0],
        decay=DECAY.choices[0],
    )
    assert not bottom.diverged
    json.dumps(explorer.page_state(), allow_nan=False)


def test_minibatch_full_batch_ignores_the_seed(patients):
    explorer = minibatch_sliders(*_standardised(patients))
    runs = [explorer.set(batch_size=20, seed=s).m for s in (0, 5)]
    assert runs[0] == runs[1]
    assert explorer.set(batch_size=1, seed=0).m != explorer.set(batch_size=1, seed=5).m


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"batch_size": 3}, ValueError, "batch_size"),
        ({"batch_size": 2.0}, TypeError, "batch_size"),
        ({"learning_rate": 10.0}, ValueError, "learning_rate"),
        ({"seed": 10}, ValueError, "seed"),
        ({"seed": -1}, ValueError, "seed"),
        ({"decay": 0.3}, ValueError, "decay"),
    ],
)
def test_minibatch_bad_settings_are_named(patients, kwargs, error, name):
    x, y = _standardised(patients)
    with pytest.raises(error, match=name):
        minibatch_sliders(x, y, **kwargs)
    explorer = minibatch_sliders(x, y)
    with pytest.raises(error, match=name):
        explorer.set(**kwargs)
    assert explorer.settings == explorer.defaults


def test_minibatch_batch_sizes_follow_the_data():
    x = np.arange(6.0)
    explorer = minibatch_sliders(x, 2 * x + 1, batch_size=2)
    assert _spec(_page_state(explorer))["batch_size"]["choices"] == [1, 2, 4, 5]
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_sliders(x, 2 * x + 1, batch_size=10)


# ---- chapter 12: the classifier explorer ----


def _moons():
    X, y = make_moons(n_samples=120, noise=0.25, random_state=0)
    return X[:80], y[:80], X[80:], y[80:]


def test_classifier_state_starts_where_mlp_classifier_fit_starts():
    X_train, y_train, X_test, y_test = _moons()
    state = _page_state(classifier_sliders(X_train, y_train, X_test, y_test))
    assert state["kind"] == "classifier"
    assert state["train_x"] == X_train.tolist() and state["train_y"] == y_train.tolist()
    assert state["test_x"] == X_test.tolist() and state["test_y"] == y_test.tolist()
    assert _defaults(state) == {
        "hidden_units": 3,
        "learning_rate": 0.5,
        "activation": "tanh",
        "epochs": 1000,
        "seed": 0,
    }
    assert set(state["initial_weights"]) == {str(seed) for seed in CLASSIFIER_SEED.choices}
    for seed in CLASSIFIER_SEED.choices:
        assert set(state["initial_weights"][str(seed)]) == {
            str(k) for k in CLASSIFIER_HIDDEN_UNITS.choices
        }
        for k in CLASSIFIER_HIDDEN_UNITS.choices:
            hidden, output = init_layers(2, (k,), "tanh", np.random.default_rng(seed))
            shipped = state["initial_weights"][str(seed)][str(k)]
            assert shipped["W1"] == hidden.weights.tolist()
            assert shipped["b2"] == output.bias.tolist()
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
        "seed": 0,
    }
    expected = nnlib.MLPClassifier((8,), "relu", 0.3, 300, random_state=0).fit(X_train, y_train)
    np.testing.assert_array_equal(network.losses_, expected.losses_)
    scores = explorer.scores()
    assert scores["train_loss"] == pytest.approx(expected.losses_[-1], rel=1e-12)
    p = expected.predict_proba(X_test)
    test_loss = -np.mean(y_test * np.log(p) + (1 - y_test) * np.log(1 - p))
    assert scores["test_loss"] == pytest.approx(test_loss, rel=1e-9)
    assert scores["test_accuracy"] == np.mean(expected.predict(X_test) == y_test)


def test_classifier_seed_is_mlp_classifiers_random_state():
    X_train, y_train, X_test, y_test = _moons()
    explorer = classifier_sliders(X_train, y_train, X_test, y_test, hidden_units=2, seed=4)
    expected = nnlib.MLPClassifier((2,), "tanh", 0.5, 1000, random_state=4).fit(X_train, y_train)
    np.testing.assert_array_equal(explorer.result().losses_, expected.losses_)
    other = explorer.set(seed=1)
    assert explorer.settings["seed"] == 1
    assert not np.array_equal(other.losses_, expected.losses_)


def test_classifier_corners_never_raise_and_the_far_corner_diverges():
    explorer = classifier_sliders(*_moons())
    explorer.set(
        hidden_units=CLASSIFIER_HIDDEN_UNITS.choices[0],
        learning_rate=CLASSIFIER_LEARNING_RATE.range[0],
        activation=ACTIVATION.choices[0],
        epochs=CLASSIFIER_EPOCHS.choices[0],
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
        ({"seed": 10}, ValueError, "seed"),
        ({"seed": -1}, ValueError, "seed"),
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
