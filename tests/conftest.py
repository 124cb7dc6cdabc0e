"""Shared fixtures: the seed data and a reproducible random regression problem."""

import numpy as np
import pytest

import nnlib


@pytest.fixture
def seed_data():
    return nnlib.load_seed_data()


@pytest.fixture
def random_data():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, size=50)
    y = 4.0 * x - 7.0 + rng.normal(0.0, 1.5, size=50)
    return x, y
