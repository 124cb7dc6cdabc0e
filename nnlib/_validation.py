"""Checks shared by every public function: validate up front, fail with a clear message.

A reader who passes a list of strings, a 2-D array or a negative learning rate should be told
which argument is wrong and what was expected, not get a traceback from deep inside numpy.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import TypeVar

import numpy as np

# Bigger than any dataset this book uses, small enough that a typo (1e9 steps) fails fast.
MAX_SAMPLES = 10_000_000
MAX_STEPS = 10_000_000
# Seeds are what numpy.random.default_rng accepts as a plain integer, and fit in an int64.
MAX_SEED = 2**63 - 1
FLOAT_MAX = float(np.finfo(float).max)

Result = TypeVar("Result")


class NotFittedError(ValueError, AttributeError):
    """A model was asked to predict before `fit`. Like scikit-learn's `NotFittedError`, it is
    both a ValueError and an AttributeError, so code written for either catches it."""


def _refuse_non_numbers(array: np.ndarray, name: str, kind: str) -> None:
    """Raise a TypeError naming `name` unless `array` holds real numbers (not text, booleans,
    complex numbers or dates), which numpy would otherwise convert to floats without a word."""
    expected = f"{name} must be a {kind} array of real numbers"
    code = array.dtype.kind
    if code in "US":
        raise TypeError(
            f"{expected}, got text ({array.dtype}); numbers written as strings are not "
            f"converted: pass numbers, e.g. np.asarray({name}, dtype=float) if that is meant"
        )
    if code == "b":
        raise TypeError(f"{expected}, got booleans; for 0 and 1 use {name}.astype(float)")
    if code == "c":
        raise TypeError(f"{expected}, got complex numbers (an imaginary part would be dropped)")
    if code in "mMV":
        raise TypeError(f"{expected}, got {array.dtype}")
    if code == "O":
        for item in array.flat:
            if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
                raise TypeError(f"{expected}, got an element of type {type(item).__name__}")


def _as_float_array(value: object, name: str, kind: str) -> np.ndarray:
    """`value` as a float array, or a TypeError saying a `kind` ("1-D", "2-D") array was expected.

    Only real numbers are accepted: text (even "1.5"), booleans, complex numbers and dates are
    refused by name rather than converted. A masked array is refused too: numpy would drop its
    mask and use the hidden values.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a {kind} array of numbers, got {type(value).__name__}")
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array, whose hidden values would be used: pass "
            f"{name}.compressed() or {name}.filled(...) instead"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # e.g. a ragged list: rows of different lengths
        raise TypeError(
            f"{name} must be a {kind} array of numbers, got {type(value).__name__}"
        ) from None
    _refuse_non_numbers(array, name, kind)
    try:
        return np.asarray(array, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a {kind} array of numbers, got {type(value).__name__}"
        ) from None


def as_vector(value: object, name: str, *, squares: bool = False) -> np.ndarray:
    """Return `value` as a finite 1-D float array of shape (n,), n >= 1, or raise naming `name`.

    squares=True: the sum of the squares must be finite too (with room for a factor of 4), for
    functions whose formulas square the values (the loss's curvature, a standard deviation).
    """
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
    if squares:
        with np.errstate(over="ignore"):
            total = float(np.dot(array, array))
        if not total <= FLOAT_MAX / 4:
            raise ValueError(
                f"{name} is too large: the sum of its squares overflows a float (its largest "
                f"value in size is {np.abs(array).max():g})"
            )
    return array


def as_labels(value: object, name: str) -> np.ndarray:
    """Return `value` as a 1-D float array of class labels, each exactly 0 or 1, or raise naming
    `name`. Floats 0.0 and 1.0 and booleans are accepted; 0.5, 2 or -1 are not."""
    if value is not None and not isinstance(value, (str, bytes, np.ma.MaskedArray)):
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):
            array = None  # as_vector says what is wrong
        if array is not None and array.dtype == bool:
            value = array.astype(float)
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


def overflow_checked(compute: Callable[[], Result], message: str) -> Result:
    """`compute()` with numpy's overflow warnings silenced, or a ValueError with `message` if
    any number it returns (an array, a tuple, a dict's values) is not finite: its inputs were
    checked finite, so it overflowed."""
    with np.errstate(over="ignore", invalid="ignore"):
        result = compute()
    numbers_in = list(result.values()) if isinstance(result, dict) else result
    if not np.all(np.isfinite(np.asarray(numbers_in, dtype=float))):
        raise ValueError(message)
    return result


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


def as_optional_seed(value: object, name: str) -> int | None:
    """`as_seed`, or None (a fresh, unseeded generator) if `value` is None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer or None, got {type(value).__name__}")
    return as_seed(value, name)


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
    _refuse_impossible_sums(sums, name)
    return sums


def _refuse_impossible_sums(sums: dict[str, float], name: str) -> None:
    """Raise naming `name` if no data x, y have these sums, to within rounding.

    Sums of real data obey n Σx² ≥ (Σx)² and n Σy² ≥ (Σy)² (variances are not negative) and
    (n Σxy − Σx Σy)² ≤ (n Σx² − (Σx)²)(n Σy² − (Σy)²) (a correlation is at most 1 in size):
    together, the MSE they give is at least 0 for every line. Other sums give a loss that is
    negative somewhere and falls without end along some direction, so descent runs away while
    the clipped loss reads 0 and nothing counts as diverged. Each sum of n terms carries a
    relative rounding error of at most about n ε, so each test allows 4 (n + 2) ε of slack
    (and as many of the smallest floats, for squares of tiny values that round to 0).
    """
    n, sx, sy = sums["n"], sums["sx"], sums["sy"]
    sxx, sxy, syy = sums["sxx"], sums["sxy"], sums["syy"]
    slack = 4 * (n + 2) * float(np.finfo(float).eps)
    tiny = 4 * (n + 2) * float(np.finfo(float).smallest_subnormal)
    # n times the variances and the covariance. Products of Python floats give inf, never an
    # error, and sx * (sx / n) ≤ Σx² for real data, so only impossible sums overflow here.
    var_x = sxx - sx * (sx / n)
    var_y = syy - sy * (sy / n)
    cov = sxy - sx * (sy / n)
    if not var_x >= -slack * sxx - tiny:
        raise ValueError(
            f"{name}: Σx² = {sxx:g} is less than (Σx)²/n = {sx * (sx / n):g}, which no data can "
            "give (the variance of x would be negative); make the sums with data_sums(x, y)"
        )
    if not var_y >= -slack * syy - tiny:
        raise ValueError(
            f"{name}: Σy² = {syy:g} is less than (Σy)²/n = {sy * (sy / n):g}, which no data can "
            "give (the variance of y would be negative); make the sums with data_sums(x, y)"
        )
    room_x = max(var_x + slack * sxx + tiny, 0.0)
    room_y = max(var_y + slack * syy + tiny, 0.0)
    largest_cov = math.sqrt(room_x) * math.sqrt(room_y)
    if not abs(cov) <= largest_cov + slack * math.sqrt(sxx) * math.sqrt(syy) + tiny:
        raise ValueError(
            f"{name}: Σxy = {sxy:g} is too far from Σx Σy/n = {sx * (sy / n):g} for these Σx² "
            "and Σy², which no data can give (the correlation of x and y would be above 1); "
            "make the sums with data_sums(x, y)"
        )
