"""Property-based tests: the math holds on random data and parameters, not just the seed data."""

import json
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnlib
from nnlib.explorers import (
    learning_rate_sliders,
    loss_surface_sliders,
)
from nnlib.explorers.descent import (
    B0,
    LEARNING_RATE,
    M0,
    STEPS,
)
from nnlib.loss import _bce
from nnlib.network import MLPClassifier, sigmoid

# A 2-core CI machine: generous deadlines, a few hundred examples each.
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


@st.composite
def regression_data(draw, min_size=2, max_size=60):
    """x, y of equal length with at least two clearly different x values."""
    n = draw(st.integers(min_size, max_size))
    x = draw(arrays(float, n, elements=finite))
    y = draw(arrays(float, n, elements=finite))
    spread = np.ptp(x)
    if spread < 1e-3 * (1 + np.abs(x).max()):
        x = x + np.linspace(0, 1, n) * (1 + np.abs(x).max())  # make the fit well defined
    return x, y


@SETTINGS
@given(regression_data())
def test_closed_form_agrees_with_lstsq(data):
    x, y = data
    design = np.column_stack([x, np.ones_like(x)])
    expected, *_ = np.linalg.lstsq(design, y, rcond=None)
    m, b = nnlib.closed_form(x, y)
    # Compare predictions, which are well conditioned even when m and b individually are not.
    scale = 1 + np.abs(y).max()
    np.testing.assert_allclose(design @ [m, b], design @ expected, atol=1e-6 * scale)


@SETTINGS
@given(regression_data(), finite, finite)
def test_backpropagate_agrees_with_central_differences(data, m, b):
    x, y = data
    grad = np.array(nnlib.backpropagate(x, y, nnlib.feedforward(x, m, b)))

    def loss(m_, b_):
        return nnlib.mse(y, nnlib.feedforward(x, m_, b_))

    # The loss is quadratic, so a central difference is exact up to rounding.
    h = 1e-3
    numeric = np.array(
        [(loss(m + h, b) - loss(m - h, b)) / (2 * h), (loss(m, b + h) - loss(m, b - h)) / (2 * h)]
    )
    tolerance = 1e-6 * (1 + loss(m, b)) / h
    np.testing.assert_allclose(grad, numeric, atol=tolerance)


@st.composite
def small_regression(draw):
    n = draw(st.integers(3, 40))
    x = draw(arrays(float, n, elements=st.floats(-20, 20)))
    if np.ptp(x) < 1.0:
        x = x + np.linspace(0, 2, n)
    y = draw(arrays(float, n, elements=st.floats(-200, 200)))
    return x, y


@SETTINGS
@given(small_regression(), st.floats(0.05, 0.9), st.floats(-50, 50), st.floats(-50, 50))
def test_descent_below_the_limit_never_raises_the_loss(data, fraction, m0, b0):
    x, y = data
    rate = fraction * nnlib.max_stable_learning_rate(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.gradient_descent(x, y, m0, b0, rate, 300)
    assert not run.diverged
    assert np.all(np.diff(run.losses) <= 1e-9 * run.losses[0] + 1e-12)


@SETTINGS
@given(small_regression(), st.floats(1.1, 5.0), st.floats(-50, 50), st.floats(-50, 50))
def test_descent_above_the_limit_diverges_clearly(data, factor, m0, b0):
    x, y = data
    m_best, b_best = nnlib.closed_form(x, y)
    # Start a little off the optimum so that the unstable direction has something to amplify.
    m0, b0 = m_best + 1 + abs(m0), b_best + 1 + abs(b0)
    rate = factor * nnlib.max_stable_learning_rate(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.gradient_descent(x, y, m0, b0, rate, 100_000)
    assert run.diverged
    assert run.steps_run < 100_000


@st.composite
def labelled_logits(draw):
    """Class labels y (0/1) and output weighted sums z of any size, confident ones included."""
    n = draw(st.integers(1, 50))
    y = draw(arrays(float, n, elements=st.sampled_from([0.0, 1.0])))
    z = draw(arrays(float, n, elements=st.floats(-1e4, 1e4)))
    return y, z


@SETTINGS
@given(labelled_logits())
def test_cross_entropy_is_finite_non_negative_and_matches_the_formula(data):
    y, z = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = _bce(y, z)
        p = sigmoid(z)
    assert np.isfinite(loss) and loss >= 0
    assert np.all((p >= 0) & (p <= 1))
    # Where ŷ is far from 0 and 1 the textbook formula is accurate and must agree. (It loses
    # about ε·e^|z| of relative accuracy in 1 − ŷ: already 5e-8 at |z| = 20.)
    moderate = np.abs(z) < 10
    if moderate.any():
        ym, pm = y[moderate], p[moderate]
        textbook = -np.mean(ym * np.log(pm) + (1 - ym) * np.log(1 - pm))
        np.testing.assert_allclose(_bce(ym, z[moderate]), textbook, rtol=1e-9, atol=1e-12)
    # The loss never falls below the loss of the right answer, and it grows with the error.
    assert _bce(y, z) >= _bce(y, np.where(y == 1, np.abs(z), -np.abs(z))) - 1e-12


@st.composite
def two_class_data(draw):
    n = draw(st.integers(4, 30))
    X = draw(arrays(float, (n, 2), elements=st.floats(-3, 3)))
    y = draw(arrays(float, n, elements=st.sampled_from([0.0, 1.0])))
    return X, y


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_class_data(), st.sampled_from(["tanh", "relu", "sigmoid"]), st.integers(1, 6))
def test_classifier_gives_probabilities_and_classes_and_never_warns(data, activation, units):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = MLPClassifier((units,), activation, 0.5, 30, random_state=0).fit(X, y)
        proba = model.predict_proba(X)
    assert proba.shape == y.shape and np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_array_equal(model.predict(X), (proba > 0.5).astype(int))
    assert np.all(np.isfinite(model.losses_)) and not model.diverged_
    # Small steps on a smooth loss: it must not end above where it started.
    assert model.losses_[-1] <= model.losses_[0] + 1e-12


slider_values = (
    st.floats(*LEARNING_RATE.range),
    st.floats(*M0.range),
    st.floats(*B0.range),
    st.sampled_from(STEPS.choices),
)


@SETTINGS
@given(*slider_values)
def test_explorer_settings_never_raise_or_warn(learning_rate, m0, b0, steps):
    x, y = nnlib.load_patients()
    for explorer in _explorers(x, y):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = explorer.set(learning_rate=learning_rate, m0=m0, b0=b0, steps=steps)
            json.dumps(explorer.page_state(), allow_nan=False)  # what the page receives
        assert explorer.settings == {
            "learning_rate": learning_rate,
            "m0": m0,
            "b0": b0,
            "steps": steps,
        }
        assert result.diverged <= (learning_rate > 2 / explorer.largest_curvature)


_CACHE = {}


def _explorers(x, y):
    # One pair of explorers serves every example, as one pair of sliders serves a reader.
    if not _CACHE:
        _CACHE["pair"] = (learning_rate_sliders(x, y), loss_surface_sliders(x, y))
    return _CACHE["pair"]


# --- Chapter 9: mini-batch descent ---

mb_settings = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@mb_settings
@given(
    regression_data(max_size=30),
    st.floats(1e-4, 1.0),
    st.integers(1, 5),
    st.integers(0, 2**32),
)
def test_full_batch_minibatch_is_gradient_descent_on_any_data(data, rate, epochs, seed):
    x, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # divergence is a flag, never a warning
        mini = nnlib.minibatch_descent(x, y, 0.0, 0.0, rate, epochs, x.size, seed)
        full = nnlib.gradient_descent(x, y, 0.0, 0.0, rate, epochs)
    assert mini.diverged == full.diverged
    np.testing.assert_array_equal(mini.losses, full.losses)
    np.testing.assert_array_equal(mini.m_path, full.m_path)


@mb_settings
@given(
    regression_data(max_size=30),
    st.floats(1e-4, 10.0),
    st.integers(1, 30),
    st.integers(1, 4),
    st.integers(0, 2**32),
    st.sampled_from([0.0, 0.1, 1.0]),
)
def test_minibatch_bookkeeping_and_fast_path_on_any_data(
    data, rate, batch_size, epochs, seed, decay
):
    from nnlib.minibatch import epoch_orders, minibatch_descent_from_orders

    x, y = data
    batch_size = min(batch_size, x.size)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.minibatch_descent(x, y, 1.0, -1.0, rate, epochs, batch_size, seed, decay)
        twin = minibatch_descent_from_orders(
            x, y, epoch_orders(x.size, epochs, seed), 1.0, -1.0, rate, batch_size, decay
        )
    per_epoch = -(-x.size // batch_size)
    assert run.diverged == twin.diverged
    assert run.m_path.shape == twin.m_path.shape
    if not run.diverged:
        assert run.updates_run == epochs * per_epoch
        np.testing.assert_array_equal(run.evaluations, x.size * np.arange(epochs + 1))
        assert np.all(np.isfinite(run.losses))
        scale = 1 + np.abs(run.m_path).max() + np.abs(run.b_path).max()
        np.testing.assert_allclose(twin.m_path, run.m_path, rtol=1e-9, atol=1e-9 * scale)
        np.testing.assert_allclose(twin.b_path, run.b_path, rtol=1e-9, atol=1e-9 * scale)


@st.composite
def any_real_data(draw):
    """x, y at any scale (squares that underflow included), with the shapes that sit on the
    edge of what sums can be: constant x or y, y exactly on a line (a correlation of ±1)."""
    n = draw(st.integers(1, 60))
    scale_x, scale_y = (draw(st.sampled_from([1e-160, 1e-8, 1.0, 1e8, 1e100])) for _ in "xy")
    x = draw(arrays(float, n, elements=st.floats(-1, 1))) * scale_x
    y = draw(arrays(float, n, elements=st.floats(-1, 1))) * scale_y
    shape = draw(st.sampled_from(["free", "on a line", "constant x", "constant y"]))
    if shape == "on a line":
        y = draw(st.floats(-3, 3)) * scale_y / scale_x * x + draw(st.floats(-1, 1)) * scale_y
    elif shape == "constant x":
        x = np.full(n, x[0])
    elif shape == "constant y":
        y = np.full(n, y[0])
    return x, y


@SETTINGS
@given(any_real_data())
def test_sums_of_real_data_are_never_refused_as_impossible(data):
    # The fast paths refuse sums that no data can give (a negative variance, a correlation
    # above 1); the rounding of real data's sums must never look like that.
    sums = nnlib.data_sums(*data)
    nnlib.gradient_descent_from_sums(sums, 0.0, 0.0, 1e-3, 1)
    nnlib.momentum_from_sums(sums, 0.0, 0.0, 1e-3, 0.5, 1)
