import warnings

import numpy as np
import pytest

import nnlib
from nnlib.descent import DIVERGENCE_FACTOR, data_sums, gradient_descent_from_sums
from nnlib.explorers.descent import B0, LEARNING_RATE, M0, STEPS


def test_one_step_and_ten_thousand_steps_match_the_book(patients):
    x, y = patients
    one = nnlib.gradient_descent(x, y, 5, 10, 0.001, 1)
    assert (round(one.m, 4), round(one.b, 4)) == (6.5441, 10.1424)
    run = nnlib.gradient_descent(x, y, 5, 10, 0.001, 10_000)
    assert (round(run.m, 4), round(run.b, 4)) == (11.2349, 25.0117)
    assert not run.diverged and run.steps_run == 10_000


def test_result_paths_and_losses_are_consistent(patients):
    x, y = patients
    run = nnlib.gradient_descent(x, y, 5, 10, 0.001, 25)
    assert run.m_path.shape == run.b_path.shape == run.losses.shape == (26,)
    assert (run.m_path[0], run.b_path[0]) == (5, 10)
    assert (run.m_path[-1], run.b_path[-1]) == (run.m, run.b)
    for m, b, loss in zip(run.m_path, run.b_path, run.losses):
        assert loss == pytest.approx(nnlib.mse(y, nnlib.feedforward(x, m, b)), rel=1e-12)
    assert np.all(np.diff(run.losses) < 0)  # a stable step always lowers a convex quadratic


@pytest.mark.parametrize("data", ["patients", "random_data"])
def test_converges_to_the_closed_form(data, request):
    x, y = request.getfixturevalue(data)
    rate = 0.9 * nnlib.max_stable_learning_rate(x)
    run = nnlib.gradient_descent(x, y, 0, 0, rate, 200_000)
    np.testing.assert_allclose([run.m, run.b], nnlib.closed_form(x, y), rtol=1e-6)


def test_constant_x_makes_a_flat_trough():
    # Every x equal: the slope and the intercept do the same thing, so one direction has no
    # curvature at all. The valley is infinitely long; the step limit still exists.
    x = np.full(10, 3.0)
    assert nnlib.condition_number(x) == np.inf
    assert nnlib.max_stable_learning_rate(x) == pytest.approx(2 / (2 * (9 + 1)))


def test_stable_learning_rate_and_condition_number(patients):
    x, _ = patients
    assert round(nnlib.max_stable_learning_rate(x), 4) == 0.0097
    assert round(nnlib.condition_number(x)) == 502
    hessian = nnlib.loss_hessian(x)
    np.testing.assert_allclose(hessian, hessian.T)


@pytest.mark.parametrize("factor, diverges", [(0.98, False), (1.02, True)])
def test_the_stability_limit_separates_convergence_from_divergence(patients, factor, diverges):
    x, y = patients
    rate = factor * nnlib.max_stable_learning_rate(x)
    run = nnlib.gradient_descent(x, y, 5, 10, rate, 5_000)
    assert run.diverged is diverges
    if not diverges:
        assert run.losses[-1] < run.losses[0]


def test_divergence_is_a_result_without_warnings(patients):
    x, y = patients
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.gradient_descent(x, y, 5, 10, 10.0, 10_000)
    assert run.diverged
    assert run.steps_run < 10_000
    assert len(run.losses) == run.steps_run + 1
    assert np.all(np.isfinite(run.losses[:-1]))


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": np.nan}, ValueError, "learning_rate"),
        ({"steps": 0}, ValueError, "steps"),
        ({"steps": 2.5}, TypeError, "steps"),
        ({"steps": 10**9}, ValueError, "steps"),
        ({"m0": np.inf}, ValueError, "m0"),
        ({"b0": "1"}, TypeError, "b0"),
        ({"x": [1.0, 2.0]}, ValueError, "x and y"),
        ({"x": []}, ValueError, "x"),
        ({"y": [np.nan] * 20}, ValueError, "y"),
    ],
)
def test_gradient_descent_rejects_bad_input(patients, kwargs, error, name):
    x, y = patients
    arguments = {"x": x, "y": y, "m0": 5, "b0": 10, "learning_rate": 0.001, "steps": 10}
    arguments.update(kwargs)
    with pytest.raises(error, match=name):
        nnlib.gradient_descent(**arguments)


# The explorers' slider ranges, read from their control table: the fast path must be right
# everywhere a reader can put the sliders.
LEARNING_RATES = LEARNING_RATE.range
M0S = M0.range
B0S = B0.range


def _slider_settings():
    """A seeded spread over the sliders' whole ranges (learning rate log-uniform), every step
    choice, plus the corners and rates just either side of the stability limit."""
    rng = np.random.default_rng(11)
    limit = nnlib.max_stable_learning_rate(nnlib.load_patients()[0])
    settings = []
    for steps in STEPS.choices:
        for _ in range(16):
            rate = 10 ** rng.uniform(*np.log10(LEARNING_RATES))
            settings.append((rate, rng.uniform(*M0S), rng.uniform(*B0S), steps))
        for rate in (*LEARNING_RATES, 0.999 * limit, 1.001 * limit):
            for m0, b0 in ((M0S[0], B0S[0]), (M0S[1], B0S[1]), (M0S[0], B0S[1])):
                settings.append((rate, m0, b0, steps))
    return settings


def _assert_same_run(plain, fast, limit_factor=DIVERGENCE_FACTOR):
    """The fast path's run equals the plain loop's, to rounding.

    m, b and the loss agree to 1e-9 relative (plus 1e-12 of the path's largest value, for a
    value that crosses zero and so has no relative error of its own). Both stop at the same step
    with the same verdict, unless the loss met the divergence threshold within rounding, where
    a hair of rounding may legitimately decide one step earlier or later.
    """
    if (plain.diverged, plain.steps_run) != (fast.diverged, fast.steps_run):
        threshold = limit_factor * (plain.losses[0] + 1)
        disputed = min(plain.steps_run, fast.steps_run)
        longer = plain if plain.steps_run > fast.steps_run else fast
        assert longer.losses[disputed] == pytest.approx(threshold, rel=1e-9)
    common = min(plain.steps_run, fast.steps_run) + 1
    for ours, reference in (
        (fast.m_path, plain.m_path),
        (fast.b_path, plain.b_path),
        (fast.losses, plain.losses),
    ):
        ours, reference = ours[:common], reference[:common]
        finite = np.isfinite(reference)
        np.testing.assert_array_equal(np.isfinite(ours), finite)
        scale = np.abs(reference[finite]).max()
        np.testing.assert_allclose(ours[finite], reference[finite], rtol=1e-9, atol=1e-12 * scale)
    assert (fast.m, fast.b) == (fast.m_path[-1], fast.b_path[-1])
    assert (fast.learning_rate, fast.steps) == (plain.learning_rate, plain.steps)
    if fast.diverged == plain.diverged:
        assert fast.unstable == plain.unstable


def test_the_fast_path_equals_the_plain_loop_over_the_sliders_ranges(patients):
    x, y = patients
    sums = data_sums(x, y)
    settings = _slider_settings()
    verdicts = set()
    for rate, m0, b0, steps in settings:
        plain = nnlib.gradient_descent(x, y, m0, b0, rate, steps)
        fast = gradient_descent_from_sums(sums, m0, b0, rate, steps)
        _assert_same_run(plain, fast)
        verdicts.add(plain.diverged)
    assert verdicts == {False, True}  # the grid reaches both sides of the limit


@pytest.mark.parametrize("trial", range(30))
def test_the_fast_path_equals_the_plain_loop_on_random_data(trial):
    # Random data, starts and learning rates from far below to just above the stable limit,
    # so that about one run in five diverges.
    rng = np.random.default_rng(trial)
    n = int(rng.integers(2, 60))
    x = rng.normal(rng.normal(0, 5), rng.uniform(0.1, 5), n)
    y = rng.normal(0, 3) * x + rng.normal(0, 10) + rng.normal(0, rng.uniform(0.1, 3), n)
    rate = nnlib.max_stable_learning_rate(x) * rng.uniform(0.01, 1.3)
    steps = int(rng.integers(1, 3000))
    m0, b0 = rng.normal(0, 20, 2)
    plain = nnlib.gradient_descent(x, y, m0, b0, rate, steps)
    _assert_same_run(plain, gradient_descent_from_sums(data_sums(x, y), m0, b0, rate, steps))


@pytest.mark.parametrize("rate", [0.0099, 0.02, 0.1, 10.0, 1e6])
def test_the_fast_path_diverges_at_the_same_step_as_the_plain_loop(patients, rate):
    x, y = patients
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = nnlib.gradient_descent(x, y, 5, 10, rate, 10_000)
        fast = gradient_descent_from_sums(data_sums(x, y), 5, 10, rate, 10_000)
    assert plain.diverged and fast.diverged
    _assert_same_run(plain, fast)


def test_data_sums_are_the_five_sums_and_n(patients):
    x, y = patients
    sums = data_sums(x, y)
    assert sums["n"] == 20 and isinstance(sums["n"], int)
    expected = {"sx": x.sum(), "sy": y.sum(), "sxx": x @ x, "sxy": x @ y, "syy": y @ y}
    for key, value in expected.items():
        assert type(sums[key]) is float
        assert sums[key] == pytest.approx(value, rel=1e-12)


def test_the_fast_path_uses_the_sums_alone():
    # Two data sets with the same sums give the same run: nothing but the sums is used.
    sums = {"n": 3, "sx": 6.0, "sy": 12.0, "sxx": 14.0, "sxy": 28.0, "syy": 56.0}
    run = gradient_descent_from_sums(sums, 0.0, 0.0, 0.01, 3)
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(run.m_path, nnlib.gradient_descent(x, 2 * x, 0, 0, 0.01, 3).m_path)
    assert run.losses[0] == pytest.approx(56.0 / 3)


@pytest.mark.parametrize(
    ("sums", "error", "name"),
    [
        ([1, 2, 3], TypeError, "sums"),
        ({"n": 3, "sx": 1.0}, ValueError, "sy"),
        ({"n": 0, "sx": 0, "sy": 0, "sxx": 0, "sxy": 0, "syy": 0}, ValueError, r"sums\['n'\]"),
        ({"n": 2.5, "sx": 0, "sy": 0, "sxx": 0, "sxy": 0, "syy": 0}, TypeError, "n"),
        ({"n": 2, "sx": np.nan, "sy": 0, "sxx": 0, "sxy": 0, "syy": 0}, ValueError, "sx"),
        ({"n": 2, "sx": 0, "sy": 0, "sxx": -1.0, "sxy": 0, "syy": 0}, ValueError, "sums"),
    ],
)
def test_the_fast_path_rejects_bad_sums(sums, error, name):
    with pytest.raises(error, match=name):
        gradient_descent_from_sums(sums, 5, 10, 0.001, 10)


def test_a_start_whose_loss_overflows_stops_at_once(patients):
    x, y = patients
    for run in (
        nnlib.gradient_descent(x, y, 1e200, 0, 0.001, 100),
        gradient_descent_from_sums(data_sums(x, y), 1e200, 0, 0.001, 100),
    ):
        assert run.diverged and run.steps_run == 0 and run.m == 1e200


@pytest.mark.parametrize("fast", [False, True], ids=["plain", "from_sums"])
def test_a_run_just_above_the_limit_is_unstable_before_it_diverges(patients, fast):
    x, y = patients
    limit = nnlib.max_stable_learning_rate(x)

    def run(rate, steps):
        if fast:
            return gradient_descent_from_sums(data_sums(x, y), 5, 10, rate, steps)
        return nnlib.gradient_descent(x, y, 5, 10, rate, steps)

    climbing = run(1.02 * limit, 150)  # diverges at step 181; at 150 its loss is still climbing
    assert climbing.losses[-1] > 100 * climbing.losses.min()
    assert (climbing.diverged, climbing.unstable) == (False, True)
    assert run(1.02 * limit, 5_000).unstable and run(1.02 * limit, 5_000).diverged
    for rate in (0.98 * limit, 0.001):
        stable = run(rate, 5_000)
        assert (stable.diverged, stable.unstable) == (False, False)


def test_data_sums_refuse_data_whose_squares_overflow():
    with pytest.raises(ValueError, match="x and y are too large"):
        data_sums([1e160, -1e160], [1.0, 2.0])


def test_huge_but_finite_data_diverge_quietly_on_both_paths():
    x, y = np.array([1e150, -1e150, 3.0]), np.array([1.0, 2.0, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = nnlib.gradient_descent(x, y, 1, 1, 0.001, 10)
        fast = gradient_descent_from_sums(data_sums(x, y), 1, 1, 0.001, 10)
    for run in (plain, fast):
        assert run.diverged and run.unstable and run.steps_run == 1
