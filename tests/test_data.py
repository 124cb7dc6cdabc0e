import numpy as np
from sklearn.datasets import load_diabetes

import nnlib


def test_seed_data_is_the_last_20_bmi_rows_rescaled():
    x, y = nnlib.load_seed_data()
    features, target = load_diabetes(return_X_y=True)
    assert x.shape == (20,) and y.shape == (20,)
    np.testing.assert_array_equal(x, features[-20:, 2] * 100 + 10)
    np.testing.assert_array_equal(y, target[-20:])
    assert x.dtype == float and y.dtype == float


def test_seed_data_first_sample_matches_the_book():
    x, y = nnlib.load_seed_data()
    assert round(x[0], 4) == 17.7863
    assert y[0] == 233.0
