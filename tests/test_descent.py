import warnings

import numpy as np
import pytest

import nnlib


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


def _plain_descent(x, y, m, b, learning_rate, steps):
    """The textbook loop: one step at a time, residuals and gradient recomputed from the samples."""
    m_path, b_path, losses = [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            error = m * x + b - y
            loss = float(np.mean(error**2))
            m_path.append(m)
            b_path.append(b)
            losses.append(loss)
            if not np.isfinite(loss) or loss > 1e6 * (losses[0] + 1):
                return np.array(m_path), np.array(b_path), np.array(losses), True
            if step == steps:
                break
            m, b = (
                m - learning_rate * np.mean(2 * error * x),
                b - learning_rate * np.mean(2 * error),
            )
    return np.array(m_path), np.array(b_path), np.array(losses), False


@pytest.mark.parametrize("trial", range(40))
def test_fast_descent_equals_a_plain_per_step_loop(trial):
    # Random data, starts and learning rates from far below to just above the stable limit,
    # so that about one run in five diverges.
    rng = np.random.default_rng(trial)
    n = int(rng.integers(2, 60))
    x = rng.normal(rng.normal(0, 5), rng.uniform(0.1, 5), n)
    y = rng.normal(0, 3) * x + rng.normal(0, 10) + rng.normal(0, rng.uniform(0.1, 3), n)
    rate = nnlib.max_stable_learning_rate(x) * rng.uniform(0.01, 1.3)
    steps = int(rng.integers(1, 3000))
    m0, b0 = rng.normal(0, 20, 2)
    fast = nnlib.gradient_descent(x, y, m0, b0, rate, steps)
    m_path, b_path, losses, diverged = _plain_descent(x, y, m0, b0, rate, steps)
    assert fast.diverged == diverged
    assert fast.steps_run == len(losses) - 1
    for ours, plain in ((fast.m_path, m_path), (fast.b_path, b_path), (fast.losses, losses)):
        finite = np.isfinite(plain)
        np.testing.assert_array_equal(np.isfinite(ours), finite)
        # Relative to the largest value along the path: a value crossing zero has no
        # meaningful relative error of its own.
        np.testing.assert_allclose(
            ours[finite], plain[finite], rtol=0, atol=1e-9 * np.abs(plain[finite]).max()
        )
    assert (fast.m, fast.b) == (fast.m_path[-1], fast.b_path[-1])


@pytest.mark.parametrize("rate", [0.0099, 0.02, 0.1, 10.0, 1e6])
def test_fast_descent_diverges_at_the_same_step_as_the_plain_loop(patients, rate):
    x, y = patients
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = nnlib.gradient_descent(x, y, 5, 10, rate, 10_000)
    *_, losses, diverged = _plain_descent(x, y, 5.0, 10.0, rate, 10_000)
    assert fast.diverged and diverged
    assert fast.steps_run == len(losses) - 1
    np.testing.assert_allclose(fast.losses, losses, rtol=1e-9)


def test_a_start_whose_loss_overflows_stops_at_once(patients):
    x, y = patients
    run = nnlib.gradient_descent(x, y, 1e200, 0, 0.001, 100)
    assert run.diverged and run.steps_run == 0 and run.m == 1e200
