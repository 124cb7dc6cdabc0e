from decimal import Decimal, localcontext

import numpy as np
import pytest

import nnlib
from nnlib.loss import PROBABILITY_CLIP, _bce


def test_mse_is_the_mean_not_the_sum():
    assert nnlib.mse([0.0, 0.0], [1.0, 3.0]) == pytest.approx(5.0)


def test_mse_of_the_first_prediction(patients):
    x, y = patients
    y_pred = nnlib.feedforward(x[:1], 5, 10)
    assert round(nnlib.mse(y[:1], y_pred), 4) == 17974.3107


def test_mse_returns_a_float(random_data):
    x, y = random_data
    assert isinstance(nnlib.mse(y, x), float)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([1.0, 2.0], [1.0]), "y and y_pred"),
        (([], []), "y"),
        (([1.0], [np.nan]), "y_pred"),
        (([np.inf], [1.0]), "y"),
        (([[1.0]], [1.0]), "y"),
    ],
)
def test_mse_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        nnlib.mse(*args)


def test_mse_grid_matches_mse_at_every_point(patients):
    x, y = patients
    m_values = np.linspace(-5, 25, 7)
    b_values = np.linspace(-50, 100, 5)
    grid = nnlib.mse_grid(x, y, m_values, b_values)
    assert grid.shape == (5, 7)
    for i, b in enumerate(b_values):
        for j, m in enumerate(m_values):
            assert grid[i, j] == pytest.approx(nnlib.mse(y, nnlib.feedforward(x, m, b)), rel=1e-9)


def test_mse_grid_rejects_mismatched_data():
    with pytest.raises(ValueError, match="x and y"):
        nnlib.mse_grid([1.0, 2.0], [1.0], [0.0], [0.0])


# ---- the cross-entropy against a 60-digit reference ----

EPS = np.finfo(float).eps
TINIEST = np.finfo(float).smallest_subnormal


def _softplus_exact(t: float) -> Decimal:
    """log(1 + e^t) for a float t, to about 40 significant digits (Python's decimal module)."""
    exact_t = Decimal(t)  # every float is a Decimal exactly
    if t > 1e5:
        return exact_t  # + log1p(e^−t) < e^−100000, far below any float's last digit
    with localcontext() as context:
        context.prec = 60
        context.Emin = -(10**9)  # e^(−1e5) comes out, not as 0
        u = exact_t.exp()
        if t < -50:
            # log(1 + u) = u − u²/2 + u³/3 − …; with u < 2e-22 the rest is below u · 1e-44.
            return u - u * u / 2
        return +((1 + u).ln())  # 1 + u keeps u's first 38 digits at least


def _relative_error(value: float, exact: Decimal) -> float:
    """|value − exact| / exact, where below the smallest normal float, whose neighbours are
    further apart than their relative precision, the error is counted in steps of the smallest
    subnormal instead."""
    error = abs(Decimal(value) - exact)
    if exact < Decimal(np.finfo(float).tiny):
        return float(error / Decimal(TINIEST)) * EPS  # one subnormal step counts as one ulp
    return float(error / exact)


LOGITS = sorted(
    {
        *np.linspace(-50, 50, 2001).tolist(),
        *np.logspace(-320, 3, 400).tolist(),
        *(-np.logspace(-320, 3, 400)).tolist(),
        *[0.0, TINIEST, -TINIEST, 1e-20, -1e-20, 30.0, -30.0, 36.0, -36.0, 40.0, -40.0],
        *[700.0, 720.0, 745.0, 746.0, -745.0, 1e3, -1e3, 1e5, 1e300, -1e300],
    }
)


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_cross_entropy_from_logits_is_accurate_everywhere(label):
    # Per sample, log(1 + e^(−s z)) with s = 2y − 1, within 2 ulps of the truth at every z:
    # also for a confident right answer, where the loss is tiny (2.3e-16 at z = 36 for y = 1,
    # which the form log(1 + e^z) − y z returned as 0) and where it underflows (z = ±1e3).
    sign = 2 * label - 1
    worst = max(
        _relative_error(_bce(np.array([label]), np.array([z])), _softplus_exact(-sign * z))
        for z in LOGITS
    )
    assert worst <= 2 * EPS


def test_cross_entropy_from_logits_is_the_mean_of_the_samples():
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.normal(0, 20, 300), [36.0, -36.0, 1e3, -1e3]])
    y = (rng.random(z.size) < 0.5).astype(float)
    exact = sum(_softplus_exact(-(2 * a - 1) * b) for a, b in zip(y, z)) / len(z)
    assert _relative_error(_bce(y, z), exact) <= 4 * EPS


def test_cross_entropy_of_confident_right_answers_keeps_its_digits():
    # All right with margin 36: every sample costs log(1 + e^−36) ≈ 2.3195e-16, so does the mean.
    z = np.array([36.0, -36.0, 36.0])
    y = np.array([1.0, 0.0, 1.0])
    assert _bce(y, z) == pytest.approx(2.3195228302435691e-16, rel=4 * EPS)


PROBABILITIES = sorted(
    {
        *np.linspace(0, 1, 2001).tolist(),
        *(1 - np.logspace(-17, -1, 200)).tolist(),
        *np.logspace(-320, -1, 200).tolist(),
        *[1 - EPS / 2, 1 - 1e-15, 1e-15, TINIEST, 0.0, 1.0],
    }
)


@pytest.mark.parametrize("label", [0, 1])
def test_cross_entropy_from_probabilities_is_accurate_everywhere(label):
    # −log ŷ or −log(1 − ŷ) of the clipped ŷ, within 2 ulps of a 60-digit reference.
    worst = 0.0
    for p in PROBABILITIES:
        clipped = Decimal(min(max(p, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP))
        with localcontext() as context:
            context.prec = 60
            exact = -(clipped.ln() if label == 1 else (1 - clipped).ln())
        worst = max(worst, _relative_error(nnlib.binary_cross_entropy([label], [p]), exact))
    assert worst <= 2 * EPS
