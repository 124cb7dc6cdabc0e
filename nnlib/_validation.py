"""Checks shared by every public function: validate up front, fail with a clear message.

A reader who passes a list of strings, a 2-D array or a negative learning rate should be told
which argument is wrong and what was expected, not get a traceback from deep inside numpy.
"""

from __future__ import annotations

import numbers

import numpy as np

# Bigger than any dataset this book uses, small enough that a typo (1e9 steps) fails fast.
MAX_SAMPLES = 10_000_000
MAX_STEPS = 10_000_000
# Seeds are what numpy.random.default_rng accepts as a plain integer, and fit in an int64.
MAX_SEED = 2**63 - 1


def _as_float_array(value: object, name: str, kind: str) -> np.ndarray:
    """`value` as a float array, or a TypeError saying a `kind` ("1-D", "2-D") array was expected."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a {kind} array of numbers, got {type(value).__name__}")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a {kind} array of numbers, got {type(value).__name__}"
        ) from None


def as_vector(value: object, name: str) -> np.ndarray:
    """Return `value` as a finite 1-D float array of shape (n,), n >= 1, or raise naming `name`."""
    array = _as_float_array(value, name, "1-D")
    if array.ndim == 0:
        raise ValueError(f"{name} must be a 1-D array of shape (n,), got a single number")
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of shape (n,), got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if array.size > MAX_SAMPLES:
        raise ValueError(f"{name} has {array.size} samples; at most {MAX_SAMPLES} are supported")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or inf; every value must be finite")
    return array


def as_labels(value: object, name: str) -> np.ndarray:
    """Return `value` as a 1-D float array of class labels, each exactly 0 or 1, or raise naming
    `name`. Floats 0.0 and 1.0 and booleans are accepted; 0.5, 2 or -1 are not."""
    if isinstance(value, np.ndarray) and value.dtype == bool:
        value = value.astype(float)
    array = as_vector(value, name)
    wrong = array[(array != 0) & (array != 1)]
    if wrong.size:
        raise ValueError(
            f"{name} must hold class labels 0 and 1 only, got {wrong[0]:g} "
            f"({wrong.size} such value{'s' if wrong.size > 1 else ''})"
        )
    return array


def same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Raise if two vectors differ in length, naming both."""
    if a.shape != b.shape:
        raise ValueError(
            f"{a_name} and {b_name} must have the same length, got {a.shape[0]} and {b.shape[0]}"
        )


def as_number(value: object, name: str) -> float:
    """Return `value` as a finite float, or raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number}")
    return number


def as_positive(value: object, name: str) -> float:
    """Return `value` as a finite float > 0, or raise naming `name`."""
    number = as_number(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be positive, got {number}")
    return number


def as_count(value: object, name: str, maximum: int = MAX_STEPS) -> int:
    """Return `value` as an int in [1, maximum], or raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    count = int(value)
    if count < 1:
        raise ValueError(f"{name} must be at least 1, got {count}")
    if count > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {count}")
    return count


def as_seed(value: object, name: str) -> int:
    """Return `value` as an int seed in [0, 2**63 − 1], or raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    seed = int(value)
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"{name} must be between 0 and 2**63 - 1, got {seed}")
    return seed


def as_matrix(value: object, name: str) -> np.ndarray:
    """Return `value` as a finite 2-D float array of shape (n_samples, n_features), or raise naming `name`.

    A 1-D array is refused rather than guessed at: one feature and one sample look the same.
    """
    array = _as_float_array(value, name, "2-D")
    if array.ndim == 1:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, n_features), got shape {array.shape}; "
            f"for a single feature use {name}.reshape(-1, 1)"
        )
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_samples, n_features), got shape {array.shape}"
        )
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(
            f"{name} must have at least one sample and one feature, got shape {array.shape}"
        )
    if array.shape[0] > MAX_SAMPLES:
        raise ValueError(
            f"{name} has {array.shape[0]} samples; at most {MAX_SAMPLES} are supported"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or inf; every value must be finite")
    return array


SUM_KEYS = ("n", "sx", "sy", "sxx", "sxy", "syy")


def as_sums(value: object, name: str) -> dict[str, float]:
    """Return the data's sums (as made by `nnlib.descent.data_sums`) checked, or raise naming `name`.

    A dict with keys n (an int >= 1), sx, sy, sxx, sxy, syy (finite numbers, sxx and syy >= 0).
    """
    if not isinstance(value, dict):
        raise TypeError(
            f"{name} must be a dict with keys {', '.join(SUM_KEYS)} (from data_sums), "
            f"got {type(value).__name__}"
        )
    missing = [key for key in SUM_KEYS if key not in value]
    if missing:
        raise ValueError(f"{name} lacks {', '.join(missing)}; use data_sums(x, y) to make it")
    sums: dict[str, float] = {"n": as_count(value["n"], f"{name}['n']", maximum=MAX_SAMPLES)}
    for key in SUM_KEYS[1:]:
        sums[key] = as_number(value[key], f"{name}[{key!r}]")
    if sums["sxx"] < 0 or sums["syy"] < 0:
        raise ValueError(f"{name}: sums of squares cannot be negative")
    return sums
