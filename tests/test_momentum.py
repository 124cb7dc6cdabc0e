"""Heavy-ball momentum (nnlib.momentum, chapter 8): the loop, its fast path, its best settings."""

import json
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_descent import _assert_same_run

import nnlib
from nnlib.explorers import (
    momentum_sliders,
)
from nnlib.explorers.descent import (
    B0,
    BETA,
    LEARNING_RATE,
    M0,
    STEPS,
)
from nnlib.momentum import largest_curvature_from_sums

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _best_loss(x, y):
    return nnlib.mse(y, nnlib.feedforward(x, *nnlib.closed_form(x, y)))


def test_beta_zero_is_gradient_descent_bit_for_bit(patients):
    x, y = patients
    for rate in (0.001, 0.009, 0.0099):
        plain = nnlib.gradient_descent(x, y, 5, 10, rate, 2000)
        heavy = nnlib.momentum_descent(x, y, 5, 10, rate, 0.0, 2000)
        for a, b in ((plain.m_path, heavy.m_path), (plain.b_path, heavy.b_path)):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(plain.losses, heavy.losses)
        assert (plain.diverged, plain.unstable) == (heavy.diverged, heavy.unstable)
        sums = nnlib.data_sums(x, y)
        fast = nnlib.gradient_descent_from_sums(sums, 5, 10, rate, 2000)
        fast_heavy = nnlib.momentum_from_sums(sums, 5, 10, rate, 0, 2000)
        np.testing.assert_array_equal(fast.m_path, fast_heavy.m_path)
        np.testing.assert_array_equal(fast.losses, fast_heavy.losses)


def test_one_momentum_step_by_hand(patients):
    x, y = patients
    grad = np.array(nnlib.backpropagate(x, y, nnlib.feedforward(x, 5, 10)))
    run = nnlib.momentum_descent(x, y, 5, 10, 0.001, 0.9, 2)
    # The first step has no velocity yet: a plain step. The second adds 0.9 of the first.
    np.testing.assert_allclose([run.m_path[1], run.b_path[1]], [5, 10] - 0.001 * grad)
    grad_1 = np.array(nnlib.backpropagate(x, y, nnlib.feedforward(x, run.m_path[1], run.b_path[1])))
    velocity = 0.9 * grad + grad_1
    expected = np.array([run.m_path[1], run.b_path[1]]) - 0.001 * velocity
    np.testing.assert_allclose([run.m, run.b], expected, rtol=1e-14)


def test_best_momentum_formulas_and_speed(patients):
    x, y = patients
    low, high = np.linalg.eigvalsh(nnlib.loss_hessian(x))
    rate, beta = nnlib.best_momentum(x)
    kappa = high / low
    assert rate == pytest.approx(4 / (math.sqrt(high) + math.sqrt(low)) ** 2, rel=1e-12)
    assert beta == pytest.approx(((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2)
    # At the best settings every curvature's step map has spectral radius √β.
    for curvature in (low, high, math.sqrt(low * high)):
        step = np.array([[1 - rate * curvature, beta], [-rate * curvature, beta]])
        radius = np.abs(np.linalg.eigvals(step)).max()
        assert radius == pytest.approx(math.sqrt(beta), rel=1e-6)
    best = _best_loss(x, y)
    run = nnlib.momentum_descent(x, y, 5, 10, rate, beta, 3000)
    gap = (run.losses - best) / best
    assert run.m == pytest.approx(nnlib.closed_form(x, y)[0], rel=1e-9)
    # Far fewer steps than plain descent at its own best rate, η* = 2/(λmin + λmax).
    plain = nnlib.gradient_descent(x, y, 5, 10, 2 / (low + high), 3000)
    plain_gap = (plain.losses - best) / best
    assert np.argmax(gap < 1e-6) * 5 < np.argmax(plain_gap < 1e-6)


def test_best_momentum_refuses_a_flat_trough():
    with pytest.raises(ValueError, match=r"\bx\b"):
        nnlib.best_momentum(np.full(5, 3.0))


@pytest.mark.parametrize(
    ("beta", "factor", "unstable"),
    [(0.0, 0.98, False), (0.0, 1.02, True), (0.9, 0.98, False), (0.9, 1.02, True)],
)
def test_the_stability_limit_is_two_times_one_plus_beta_over_lambda_max(
    patients, beta, factor, unstable
):
    x, y = patients
    limit = 2 * (1 + beta) / np.linalg.eigvalsh(nnlib.loss_hessian(x))[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.momentum_descent(x, y, 5, 10, factor * limit, beta, 20_000)
    assert run.unstable == unstable
    assert run.diverged == unstable
    fast = nnlib.momentum_from_sums(nnlib.data_sums(x, y), 5, 10, factor * limit, beta, 20_000)
    assert (fast.unstable, fast.diverged) == (unstable, unstable)


def test_largest_curvature_from_sums_is_the_hessians(patients):
    x, y = patients
    expected = np.linalg.eigvalsh(nnlib.loss_hessian(x))[-1]
    got = largest_curvature_from_sums(nnlib.data_sums(x, y))
    assert got == pytest.approx(expected, rel=1e-12)


def _slider_settings():
    rng = np.random.default_rng(7)
    rates = np.geomspace(*LEARNING_RATE.range, 9)
    betas = (0.0, 0.5, 0.9, 0.99, BETA.range[1])
    for rate in rates:
        for beta in betas:
            m0 = float(rng.uniform(*M0.range))
            b0 = float(rng.uniform(*B0.range))
            yield float(rate), beta, m0, b0, int(rng.choice(STEPS.choices[:-2]))
    for beta in betas:  # the corners, with the most steps
        yield LEARNING_RATE.range[0], beta, M0.range[0], B0.range[1], STEPS.choices[-1]


def test_the_fast_path_equals_the_loop_over_the_sliders_ranges(patients):
    x, y = patients
    sums = nnlib.data_sums(x, y)
    verdicts = set()
    for rate, beta, m0, b0, steps in _slider_settings():
        plain = nnlib.momentum_descent(x, y, m0, b0, rate, beta, steps)
        fast = nnlib.momentum_from_sums(sums, m0, b0, rate, beta, steps)
        _assert_same_run(plain, fast)
        verdicts.add(plain.diverged)
    assert verdicts == {False, True}


@pytest.mark.parametrize("rate", [0.02, 0.1, 10.0, 1e6])
def test_divergence_is_a_result_without_warnings(patients, rate):
    x, y = patients
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = nnlib.momentum_descent(x, y, 5, 10, rate, 0.9, 10_000)
        fast = nnlib.momentum_from_sums(nnlib.data_sums(x, y), 5, 10, rate, 0.9, 10_000)
    assert plain.diverged and plain.unstable and fast.diverged
    _assert_same_run(plain, fast)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"beta": 1.0}, ValueError, "beta"),
        ({"beta": -0.1}, ValueError, "beta"),
        ({"beta": np.nan}, ValueError, "beta"),
        ({"beta": "0.9"}, TypeError, "beta"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"steps": 0}, ValueError, "steps"),
        ({"m0": None}, TypeError, "m0"),
        ({"y": [1.0, 2.0]}, ValueError, "y"),
    ],
)
def test_momentum_rejects_bad_input_by_name(patients, kwargs, error, name):
    x, y = patients
    valid = {"x": x, "y": y, "m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "beta": 0.9}
    with pytest.raises(error, match=rf"\b{name}\b"):
        nnlib.momentum_descent(**{**valid, "steps": 10, **kwargs})
    fast_kwargs = {k: v for k, v in kwargs.items() if k != "y"}
    if fast_kwargs:
        sums = nnlib.data_sums(x, y)
        fast_valid = {k: v for k, v in valid.items() if k not in ("x", "y")}
        with pytest.raises(error, match=rf"\b{name}\b"):
            nnlib.momentum_from_sums(sums, **{**fast_valid, "steps": 10, **fast_kwargs})


def test_the_fast_path_rejects_bad_sums():
    with pytest.raises(TypeError, match="sums"):
        nnlib.momentum_from_sums([1, 2], 5, 10, 0.001, 0.9, 10)


# --- Properties on random data ---


@st.composite
def small_regression(draw):
    n = draw(st.integers(3, 40))
    x = draw(arrays(float, n, elements=st.floats(-20, 20)))
    if np.ptp(x) < 1.0:
        x = x + np.linspace(0, 2, n)
    y = draw(arrays(float, n, elements=st.floats(-200, 200)))
    return x, y


@SETTINGS
@given(
    small_regression(),
    st.floats(0.05, 0.9),
    st.floats(0.0, 0.95),
    st.floats(-50, 50),
    st.floats(-50, 50),
)
def test_below_the_limit_momentum_converges(data, fraction, beta, m0, b0):
    x, y = data
    largest = np.linalg.eigvalsh(nnlib.loss_hessian(x))[-1]
    rate = fraction * 2 * (1 + beta) / largest
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.momentum_descent(x, y, m0, b0, rate, beta, 300)
    assert not run.diverged and not run.unstable
    # The loss may rise for a while (the ball overshoots), but never anywhere near divergence.
    assert run.losses.max() < 1e4 * (run.losses[0] + 1)


@SETTINGS
@given(
    small_regression(),
    st.floats(1.1, 5.0),
    st.floats(0.0, 0.95),
    st.floats(-50, 50),
    st.floats(-50, 50),
)
def test_above_the_limit_momentum_diverges(data, factor, beta, m0, b0):
    x, y = data
    m_best, b_best = nnlib.closed_form(x, y)
    m0, b0 = m_best + 1 + abs(m0), b_best + 1 + abs(b0)
    largest = np.linalg.eigvalsh(nnlib.loss_hessian(x))[-1]
    rate = factor * 2 * (1 + beta) / largest
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.momentum_descent(x, y, m0, b0, rate, beta, 100_000)
    assert run.diverged and run.unstable
    assert run.steps_run < 100_000


@SETTINGS
@given(
    small_regression(),
    st.floats(0.01, 1.3),
    st.floats(0.0, 0.999),
    st.floats(-50, 50),
    st.floats(-50, 50),
    st.integers(1, 500),
)
def test_the_fast_path_equals_the_loop_on_random_data(data, fraction, beta, m0, b0, steps):
    x, y = data
    # A perfect fit has loss 0 in the loop but a rounding residue (about 1e-20) from the sums,
    # which no relative tolerance covers; the loop's and the sums' steps still agree there.
    assume(_best_loss(x, y) > 1e-9 * (1 + np.mean(y * y)))
    rate = fraction * nnlib.max_stable_learning_rate(x)
    plain = nnlib.momentum_descent(x, y, m0, b0, rate, beta, steps)
    fast = nnlib.momentum_from_sums(nnlib.data_sums(x, y), m0, b0, rate, beta, steps)
    _assert_same_run(plain, fast)


_EXPLORER = {}


@SETTINGS
@given(
    st.floats(*LEARNING_RATE.range),
    st.floats(*BETA.range),
    st.floats(*M0.range),
    st.floats(*B0.range),
    st.sampled_from(STEPS.choices),
)
def test_momentum_explorer_settings_never_raise_or_warn(learning_rate, beta, m0, b0, steps):
    if not _EXPLORER:  # one explorer serves every example, as one set of sliders serves a reader
        _EXPLORER["it"] = momentum_sliders(*nnlib.load_patients())
    explorer = _EXPLORER["it"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = explorer.set(learning_rate=learning_rate, beta=beta, m0=m0, b0=b0, steps=steps)
        json.dumps(explorer.page_state(), allow_nan=False)  # what the page receives
    assert explorer.settings["beta"] == beta
    assert result.diverged <= result.unstable
    assert result.unstable == (learning_rate > 2 * (1 + beta) / explorer.largest_curvature)


@pytest.mark.parametrize("seed", range(20))
def test_momentum_descent_and_from_sums_agree_at_the_exact_limit(seed):
    """One λmax: at η = 2(1 + β)/λmax, and one float either side, both say the same."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 10, 20), rng.normal(100, 50, 20)
    beta = float(rng.uniform(0, 0.99))
    sums = nnlib.data_sums(x, y)
    limit = 2 * (1 + beta) / largest_curvature_from_sums(sums)
    for rate in (np.nextafter(limit, 0), limit, np.nextafter(limit, 1)):
        run = nnlib.momentum_descent(x, y, 0, 0, float(rate), beta, 3)
        fast = nnlib.momentum_from_sums(sums, 0, 0, float(rate), beta, 3)
        assert run.unstable == fast.unstable == (rate > limit)
