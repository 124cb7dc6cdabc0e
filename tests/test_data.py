import numpy as np
import pytest
from sklearn.datasets import load_diabetes

import nnlib


def test_seed_data_is_the_last_20_bmi_rows_rescaled():
    x, y = nnlib.load_patients()
    features, target = load_diabetes(return_X_y=True)
    assert x.shape == (20,) and y.shape == (20,)
    np.testing.assert_array_equal(x, features[-20:, 2] * 100 + 10)
    np.testing.assert_array_equal(y, target[-20:])
    assert x.dtype == float and y.dtype == float


def test_seed_data_first_sample_matches_the_book():
    x, y = nnlib.load_patients()
    assert round(x[0], 4) == 17.7863
    assert y[0] == 233.0


def test_all_patients_end_with_the_book_patients():
    x_all, y_all = nnlib.load_all_patients()
    x, y = nnlib.load_patients()
    assert x_all.shape == y_all.shape == (442,)
    np.testing.assert_array_equal(x_all[-20:], x)
    np.testing.assert_array_equal(y_all[-20:], y)


def test_unknown_feature_is_named():
    with pytest.raises(ValueError, match="feature"):
        nnlib.load_all_patients("age")
