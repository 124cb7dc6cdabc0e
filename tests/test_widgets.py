"""The explorers' Python side: what it hands the browser, and what it gives back to a reader."""

import html
import json
import re

import numpy as np
import pytest

import nnlib
from nnlib.widgets import (
    B0_RANGE,
    HIDDEN_UNIT_CHOICES,
    LEARNING_RATE_RANGE,
    M0_RANGE,
    NETWORK_LEARNING_RATE_RANGE,
    STATIC,
    STEP_CHOICES,
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


# --- Chapter 9: the mini-batch explorer ---


def _standardised(patients):
    x, y = patients
    return (x - x.mean()) / x.std(), y


def test_minibatch_state_holds_every_seeds_orders(patients):
    from nnlib.minibatch import epoch_orders
    from nnlib.widgets import MINIBATCH_EPOCHS, MINIBATCH_SEEDS, minibatch_sliders

    x, y = _standardised(patients)
    state = _page_state(minibatch_sliders(x, y))
    assert state["kind"] == "minibatch" and state["epochs"] == MINIBATCH_EPOCHS
    assert sorted(state["orders"], key=int) == [str(s) for s in MINIBATCH_SEEDS]
    for seed in (0, 9):
        assert state["orders"][str(seed)] == epoch_orders(20, MINIBATCH_EPOCHS, seed).tolist()
    assert state["defaults"] == {
        k: state[k] for k in ("batch_size", "learning_rate", "seed", "decay")
    }
    assert state["x"] == x.tolist() and (state["m0"], state["b0"]) == (0.0, 0.0)
    # Small enough to ship in the page: 10 seeds × 20 epochs × 20 indices.
    assert len(json.dumps(state)) < 40_000


def test_minibatch_fast_path_is_nnlib_to_rounding(patients):
    """The browser's arithmetic (fast_result) against the readable loop, over the sliders."""
    from nnlib.widgets import (
        BATCH_SIZE_CHOICES,
        DECAY_CHOICES,
        MINIBATCH_LEARNING_RATE_RANGE,
        minibatch_sliders,
    )

    explorer = minibatch_sliders(*_standardised(patients))
    rates = np.geomspace(*MINIBATCH_LEARNING_RATE_RANGE, 9)
    for batch_size in BATCH_SIZE_CHOICES:
        for rate in rates:
            for seed in (0, 3, 9):
                for decay in DECAY_CHOICES:
                    explorer.set(batch_size=batch_size, learning_rate=rate, seed=seed, decay=decay)
                    slow, fast = explorer.result(), explorer.fast_result()
                    assert slow.diverged == fast.diverged
                    assert slow.m_path.shape == fast.m_path.shape
                    if not slow.diverged:
                        np.testing.assert_allclose(fast.m_path, slow.m_path, rtol=1e-9, atol=1e-9)
                        np.testing.assert_allclose(fast.losses, slow.losses, rtol=1e-9)
                        np.testing.assert_array_equal(fast.evaluations, slow.evaluations)


def test_minibatch_extremes(patients):
    from nnlib.widgets import (
        BATCH_SIZE_CHOICES,
        DECAY_CHOICES,
        MINIBATCH_LEARNING_RATE_RANGE,
        MINIBATCH_SEEDS,
        minibatch_sliders,
    )

    explorer = minibatch_sliders(*_standardised(patients))
    top = explorer.set(
        batch_size=BATCH_SIZE_CHOICES[-1],
        learning_rate=MINIBATCH_LEARNING_RATE_RANGE[1],
        seed=MINIBATCH_SEEDS[-1],
        decay=DECAY_CHOICES[-1],
    )
    assert top.diverged  # every slider at its right end: a message in the browser
    bottom = explorer.set(
        batch_size=BATCH_SIZE_CHOICES[0],
        learning_rate=MINIBATCH_LEARNING_RATE_RANGE[0],
        seed=MINIBATCH_SEEDS[0],
        decay=DECAY_CHOICES[0],
    )
    assert not bottom.diverged
    json.dumps(explorer.page_state(), allow_nan=False)


def test_minibatch_full_batch_ignores_the_seed(patients):
    from nnlib.widgets import minibatch_sliders

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
    from nnlib.widgets import minibatch_sliders

    x, y = _standardised(patients)
    with pytest.raises(error, match=name):
        minibatch_sliders(x, y, **kwargs)
    explorer = minibatch_sliders(x, y)
    with pytest.raises(error, match=name):
        explorer.set(**kwargs)
    assert explorer.settings == explorer.defaults


def test_minibatch_batch_sizes_follow_the_data():
    from nnlib.widgets import minibatch_sliders

    x = np.arange(6.0)
    explorer = minibatch_sliders(x, 2 * x + 1, batch_size=2)
    assert explorer.ranges["batch_size"] == [1, 2, 4, 5]
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_sliders(x, 2 * x + 1, batch_size=10)
