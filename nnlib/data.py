"""The book's seed data: 20 patients from scikit-learn's bundled diabetes set."""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_diabetes

N_SEED_SAMPLES = 20
BMI_COLUMN = 2


def load_seed_data() -> tuple[np.ndarray, np.ndarray]:
    """Return the 20-point seed data `(x, y)`, both float arrays of shape (20,).

    x: body-mass index feature (column 2) of the last 20 rows, rescaled as `x * 100 + 10`
       so the numbers are easy to read (the raw feature is mean-centred and tiny).
    y: disease progression one year later (the dataset's target).

    `load_diabetes` ships inside scikit-learn, so nothing is downloaded.
    """
    features, target = load_diabetes(return_X_y=True)
    x = features[-N_SEED_SAMPLES:, BMI_COLUMN] * 100 + 10
    y = target[-N_SEED_SAMPLES:].astype(float)
    return x, y
