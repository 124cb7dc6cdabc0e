"""nnlib: the small library the book builds, one chapter at a time.

Every function takes and returns plain numpy arrays; shapes are in the docstrings.
"""

from .backprop import backpropagate
from .data import load_all_patients, load_patients
from .descent import (
    DescentResult,
    condition_number,
    data_sums,
    gradient_descent,
    gradient_descent_from_sums,
    loss_hessian,
    max_stable_learning_rate,
)
from .loss import binary_cross_entropy, mse, mse_grid
from .minibatch import MiniBatchResult, minibatch_descent, minibatch_gradient
from .momentum import best_momentum, momentum_descent, momentum_from_sums
from .network import MLP, Dense, MLPClassifier, NotFittedError
from .regression import closed_form, feedforward

__all__ = [
    "MLP",
    "Dense",
    "DescentResult",
    "MLPClassifier",
    "MiniBatchResult",
    "NotFittedError",
    "backpropagate",
    "best_momentum",
    "binary_cross_entropy",
    "closed_form",
    "condition_number",
    "data_sums",
    "feedforward",
    "gradient_descent",
    "gradient_descent_from_sums",
    "load_all_patients",
    "load_patients",
    "loss_hessian",
    "max_stable_learning_rate",
    "minibatch_descent",
    "minibatch_gradient",
    "momentum_descent",
    "momentum_from_sums",
    "mse",
    "mse_grid",
]
