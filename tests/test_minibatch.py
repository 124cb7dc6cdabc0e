"""Mini-batch gradient descent (chapter 9): the loop, its bookkeeping, and its promises."""

import warnings

import numpy as np
import pytest

import nnlib
from nnlib.minibatch import epoch_orders, learning_rate_at

X, Y = nnlib.load_patients()
RUN = {"m0": 5.0, "b0": 10.0, "learning_rate": 0.001}


@pytest.mark.parametrize("steps", [1, 7, 200])
def test_full_batch_is_gradient_descent_exactly(steps):
    mini = nnlib.minibatch_descent(X, Y, **RUN, epochs=steps, batch_size=X.size, seed=3)
    full = nnlib.gradient_descent(X, Y, **RUN, steps=steps)
    np.testing.assert_array_equal(mini.m_path, full.m_path)
    np.testing.assert_array_equal(mini.b_path, full.b_path)
    np.testing.assert_array_equal(mini.losses, full.losses)
    assert mini.diverged is full.diverged is False


def test_full_batch_diverges_where_gradient_descent_does():
    mini = nnlib.minibatch_descent(X, Y, 5.0, 10.0, 0.05, epochs=500, batch_size=20, seed=0)
    full = nnlib.gradient_descent(X, Y, 5.0, 10.0, 0.05, steps=500)
    assert mini.diverged and full.diverged
    np.testing.assert_array_equal(mini.losses, full.losses)
    np.testing.assert_array_equal(mini.m_path, full.m_path)


@pytest.mark.parametrize(("batch_size", "updates_per_epoch"), [(1, 20), (4, 5), (3, 7), (20, 1)])
def test_bookkeeping(batch_size, updates_per_epoch):
    run = nnlib.minibatch_descent(X, Y, **RUN, epochs=6, batch_size=batch_size, seed=1)
    assert run.updates_run == 6 * updates_per_epoch
    assert run.m_path.shape == run.b_path.shape == (6 * updates_per_epoch + 1,)
    assert run.losses.shape == run.evaluations.shape == (7,)
    np.testing.assert_array_equal(run.evaluations, 20 * np.arange(7))
    assert run.epochs_run == 6 and (run.m, run.b) == (run.m_path[-1], run.b_path[-1])
    # The epoch losses are the full-data losses at the end of each epoch.
    ends = np.arange(0, 6 * updates_per_epoch + 1, updates_per_epoch)
    expected = [
        nnlib.mse(Y, nnlib.feedforward(X, m, b)) for m, b in zip(run.m_path[ends], run.b_path[ends])
    ]
    np.testing.assert_allclose(run.losses, expected, rtol=1e-12)


def test_same_seed_same_run_other_seed_other_run():
    a = nnlib.minibatch_descent(X, Y, **RUN, epochs=5, batch_size=4, seed=7)
    b = nnlib.minibatch_descent(X, Y, **RUN, epochs=5, batch_size=4, seed=7)
    c = nnlib.minibatch_descent(X, Y, **RUN, epochs=5, batch_size=4, seed=8)
    np.testing.assert_array_equal(a.m_path, b.m_path)
    assert not np.array_equal(a.m_path, c.m_path)


def test_the_run_walks_epoch_orders():
    # The loop written out with the published orders lands on the same numbers.
    orders = epoch_orders(20, 3, seed=5)
    m, b = 5.0, 10.0
    for order in orders:
        for start in range(0, 20, 4):
            batch = np.sort(order[start : start + 4])
            dm, db = nnlib.minibatch_gradient(X, Y, m, b, batch)
            m, b = m - 0.001 * dm, b - 0.001 * db
    run = nnlib.minibatch_descent(X, Y, **RUN, epochs=3, batch_size=4, seed=5)
    assert (run.m, run.b) == (m, b)


def test_decay_schedule():
    assert learning_rate_at(0.1, 0.5, 0) == 0.1
    assert learning_rate_at(0.1, 0.5, 2) == pytest.approx(0.05)
    one = nnlib.minibatch_descent(X, Y, **RUN, epochs=1, batch_size=4, seed=0, decay=10.0)
    none = nnlib.minibatch_descent(X, Y, **RUN, epochs=1, batch_size=4, seed=0)
    assert one.m == none.m  # the first epoch is not decayed


def test_batch_gradient_is_unbiased():
    # Over many uniformly random batches of 4, the mean of the batch gradient is the full
    # gradient. Honest tolerance: 5 standard errors of the mean (fixed seed, so no flakiness).
    rng = np.random.default_rng(0)
    m, b = 5.0, 10.0
    full = np.array(nnlib.backpropagate(X, Y, nnlib.feedforward(X, m, b)))
    draws = np.array(
        [
            nnlib.minibatch_gradient(X, Y, m, b, rng.choice(20, 4, replace=False))
            for _ in range(20_000)
        ]
    )
    error = np.abs(draws.mean(axis=0) - full)
    standard_error = draws.std(axis=0) / np.sqrt(len(draws))
    assert np.all(error < 5 * standard_error)
    # And the noise is real: a single batch is often far off.
    assert np.all(draws.std(axis=0) > 0.1 * np.abs(full))


def test_one_epoch_of_batches_averages_to_the_full_gradient():
    # At a fixed point, the batches of one epoch partition the data: their gradients, weighted
    # by size, average to the full gradient exactly (up to rounding).
    order = epoch_orders(20, 1, seed=2)[0]
    grads = [nnlib.minibatch_gradient(X, Y, 5.0, 10.0, order[s : s + 4]) for s in range(0, 20, 4)]
    full = nnlib.backpropagate(X, Y, nnlib.feedforward(X, 5.0, 10.0))
    np.testing.assert_allclose(np.mean(grads, axis=0), full, rtol=1e-12)


def test_sgd_gets_near_the_optimum_and_decay_gets_nearer():
    x = (X - X.mean()) / X.std()
    m_best, b_best = nnlib.closed_form(x, Y)
    constant = nnlib.minibatch_descent(x, Y, 0, 0, 0.05, epochs=200, batch_size=1, seed=0)
    decayed = nnlib.minibatch_descent(x, Y, 0, 0, 0.05, epochs=200, batch_size=1, seed=0, decay=0.5)
    far = np.hypot(constant.m - m_best, constant.b - b_best)
    near = np.hypot(decayed.m - m_best, decayed.b - b_best)
    assert near < far < 10


def test_divergence_is_caught_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = nnlib.minibatch_descent(X, Y, 5.0, 10.0, 0.1, epochs=1000, batch_size=1, seed=0)
    assert run.diverged and run.epochs_run < 1000
    assert not np.isfinite(run.losses[-1]) or run.losses[-1] > 1e6 * run.losses[0]


def test_a_start_whose_loss_overflows_takes_no_step():
    run = nnlib.minibatch_descent(X, Y, 1e300, 0.0, 0.001, epochs=3, batch_size=4, seed=0)
    assert run.diverged and run.updates_run == 0 and run.epochs_run == 0


def test_result_records_the_settings():
    run = nnlib.minibatch_descent(X, Y, **RUN, epochs=2, batch_size=5, seed=9, decay=0.25)
    assert (run.learning_rate, run.decay, run.epochs, run.batch_size, run.seed) == (
        0.001,
        0.25,
        2,
        5,
        9,
    )
    assert run.sampling == "reshuffle"


# Drawing with replacement (sampling="replacement"): chapter 9's independent kicks.


def test_default_is_reshuffle_bit_for_bit():
    default = nnlib.minibatch_descent(X, Y, **RUN, epochs=4, batch_size=3, seed=2, decay=0.5)
    named = nnlib.minibatch_descent(
        X, Y, **RUN, epochs=4, batch_size=3, seed=2, decay=0.5, sampling="reshuffle"
    )
    np.testing.assert_array_equal(default.m_path, named.m_path)
    np.testing.assert_array_equal(default.b_path, named.b_path)
    np.testing.assert_array_equal(default.losses, named.losses)
    assert default.sampling == named.sampling == "reshuffle"


def test_replacement_walks_independent_draws():
    # The loop written out: each epoch draws n indices uniformly from all n, with replacement,
    # from the run's one generator, and cuts them into batches of the usual sizes.
    rng = np.random.default_rng(5)
    m, b = 5.0, 10.0
    repeats = False
    for _epoch in range(3):
        draws = rng.integers(20, size=20)
        repeats |= np.unique(draws).size < 20
        for start in range(0, 20, 3):
            batch = np.sort(draws[start : start + 3])
            dm, db = nnlib.minibatch_gradient(X, Y, m, b, batch)
            m, b = m - 0.001 * dm, b - 0.001 * db
    run = nnlib.minibatch_descent(
        X, Y, **RUN, epochs=3, batch_size=3, seed=5, sampling="replacement"
    )
    assert (run.m, run.b) == (m, b)
    assert repeats  # some sample was drawn twice in an epoch: these are not permutations
    assert run.sampling == "replacement"


@pytest.mark.parametrize(("batch_size", "updates_per_epoch"), [(1, 20), (3, 7), (20, 1)])
def test_replacement_bookkeeping_matches_reshuffle(batch_size, updates_per_epoch):
    run = nnlib.minibatch_descent(
        X, Y, **RUN, epochs=6, batch_size=batch_size, seed=1, sampling="replacement"
    )
    assert run.updates_run == 6 * updates_per_epoch
    np.testing.assert_array_equal(run.evaluations, 20 * np.arange(7))


def test_replacement_same_seed_same_run_other_seed_other_run():
    settings = {**RUN, "epochs": 5, "batch_size": 4, "sampling": "replacement"}
    a = nnlib.minibatch_descent(X, Y, **settings, seed=7)
    b = nnlib.minibatch_descent(X, Y, **settings, seed=7)
    c = nnlib.minibatch_descent(X, Y, **settings, seed=8)
    shuffled = nnlib.minibatch_descent(X, Y, **RUN, epochs=5, batch_size=4, seed=7)
    np.testing.assert_array_equal(a.m_path, b.m_path)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert not np.array_equal(a.m_path, c.m_path)
    assert not np.array_equal(a.m_path, shuffled.m_path)


def test_full_batch_with_replacement_is_not_gradient_descent():
    # A "full" batch drawn with replacement misses some samples and repeats others.
    run = nnlib.minibatch_descent(
        X, Y, **RUN, epochs=3, batch_size=20, seed=0, sampling="replacement"
    )
    full = nnlib.gradient_descent(X, Y, **RUN, steps=3)
    assert run.updates_run == 3
    assert not np.array_equal(run.m_path, full.m_path)


def _independent_floor(x, y, learning_rate):
    """The average squared distance to the optimum at which batch-1 SGD with independent draws
    settles, solved exactly: S = E[(I − ηH_i) S (I − ηH_i)] + η² E[g_i g_iᵀ], trace(S)."""
    a = np.column_stack([x, np.ones_like(x)])
    g = 2 * a * (a @ nnlib.closed_form(x, y) - y)[:, None]  # per-sample gradients at the optimum
    hessians = [2 * np.outer(row, row) for row in a]
    operator = np.zeros((4, 4))
    for j in range(4):
        s = np.eye(4)[j].reshape(2, 2)
        step = [
            (np.eye(2) - learning_rate * h) @ s @ (np.eye(2) - learning_rate * h) for h in hessians
        ]
        operator[:, j] = np.mean(step, axis=0).ravel()
    kicks = learning_rate**2 * (g.T @ g) / len(x)
    return np.trace(np.linalg.solve(np.eye(4) - operator, kicks.ravel()).reshape(2, 2))


def test_replacement_settles_where_independent_kicks_predict_and_reshuffling_lower():
    # 20 standardised patients, batch 1, η = 0.05, started at the optimum; the loss above the
    # best averaged over epochs 21-200 (the pull per epoch is 0.9^20 = 0.12: the start is
    # forgotten by then). Over 30 seeds the mean must be within 4 standard errors of the
    # exact independent-draw value; reshuffling must sit far below it.
    x = (X - X.mean()) / X.std()
    m_best, b_best = nnlib.closed_form(x, Y)
    best = nnlib.mse(Y, nnlib.feedforward(x, m_best, b_best))

    def floors(sampling, seeds):
        return np.array(
            [
                nnlib.minibatch_descent(x, Y, m_best, b_best, 0.05, 200, 1, seed, sampling=sampling)
                .losses[21:]
                .mean()
                - best
                for seed in seeds
            ]
        )

    expected = _independent_floor(x, Y, 0.05)
    drawn = floors("replacement", range(30))
    assert abs(drawn.mean() - expected) < 4 * drawn.std(ddof=1) / np.sqrt(drawn.size)
    assert floors("reshuffle", range(5)).mean() < 0.5 * expected


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("shuffle", ValueError),
        ("Replacement", ValueError),
        ("", ValueError),
        (True, TypeError),
        (1, TypeError),
        (None, TypeError),
        (["replacement"], TypeError),
    ],
)
def test_bad_sampling_is_refused_by_name(value, error):
    with pytest.raises(error, match="sampling"):
        nnlib.minibatch_descent(X, Y, **RUN, epochs=1, batch_size=4, seed=0, sampling=value)


def test_sampling_is_keyword_only():
    with pytest.raises(TypeError):
        nnlib.minibatch_descent(X, Y, 5.0, 10.0, 0.001, 1, 4, 0, 0.0, "replacement")  # type: ignore[misc]
