"""The book's data: patients from scikit-learn's bundled diabetes set (chapter 1 introduces them).

Each input column of the set is stored mean-centred and tiny; the book rescales it as
`feature * 100 + 10` so the numbers are easy to read. The scaling lives here, once.
`load_diabetes` ships inside scikit-learn, so nothing is downloaded.
"""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_diabetes

N_PATIENTS = 20  # the book's running example: the last 20 rows of the set
COLUMNS = {"bmi": 2, "blood_pressure": 3}


def scale_feature(raw: np.ndarray) -> np.ndarray:
    """The book's readable scale for a diabetes input column: `raw * 100 + 10`, same shape."""
    return raw * 100 + 10


def load_all_patients(feature: str = "bmi") -> tuple[np.ndarray, np.ndarray]:
    """All 442 patients `(x, y)`, shape (442,) each, in the data set's order.

    feature: "bmi" (body-mass index, the book's x) or "blood_pressure", rescaled by
    `scale_feature`. y: disease progression one year later. The book's 20 patients are the
    last 20 rows: `x[-20:]`, `y[-20:]`.
    """
    if not isinstance(feature, str):
        raise TypeError(
            f"feature must be a string, one of {sorted(COLUMNS)}, got {type(feature).__name__}"
        )
    if feature not in COLUMNS:
        raise ValueError(f"feature must be one of {sorted(COLUMNS)}, got {feature!r}")
    features, target = load_diabetes(return_X_y=True)
    return scale_feature(features[:, COLUMNS[feature]]), target.astype(float)


def load_patients(feature: str = "bmi") -> tuple[np.ndarray, np.ndarray]:
    """The book's 20 patients `(x, y)`, both float arrays of shape (20,).

    x: body-mass index (or `feature`, see `load_all_patients`) on the book's scale.
    y: disease progression one year later.
    """
    x, y = load_all_patients(feature)
    return x[-N_PATIENTS:], y[-N_PATIENTS:]
