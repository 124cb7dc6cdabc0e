"""How fast is nnlib's MLP? Time per full-batch epoch against scikit-learn's MLPRegressor.

Both networks get the same data (the full diabetes set, 442 patients, 10 features, standardised
with the training split's statistics), the same architecture (10 → 16 → 1, tanh), and plain
full-batch gradient descent: one step per epoch on all training samples, no momentum, no weight
decay, a constant learning rate, no early stopping.

Two details make the runs identical, not just alike, so the timing compares equal work:

- scikit-learn's squared-error loss is half the MSE, so its gradient is half of ours. Giving it
  twice our learning rate makes both take exactly the same step.
- both start from the same initial weights: ours, from `random_state=0`, are copied into
  scikit-learn's network (set up by a one-epoch warm-up fit that is not timed), which then
  continues with `warm_start=True`. Different random starts would make the held-out R² of either
  network wander by several hundredths from seed to seed, drowning the comparison.

The classifier (chapter 12) gets the same treatment against scikit-learn's MLPClassifier, on the
breast cancer set (569 tumours, 30 features, two classes; bundled with scikit-learn), 30 → 16 → 1
tanh with a sigmoid output. Both minimise the mean binary cross-entropy, so here the learning
rates are equal.

Part of `python -m benchmarks`; or call `mlp_epoch_time_ratio_vs_sklearn()` and
`classifier_epoch_time_ratio_vs_sklearn()`.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor

from nnlib.network import MLP, MLPClassifier, init_layers

HIDDEN_UNITS = 16
ACTIVATION = "tanh"
LEARNING_RATE = 0.01  # ours; scikit-learn gets 2 × this (see the module docstring)
EPOCHS = 1000
REPEATS = 5
# Same start, same steps: the two training curves may differ by rounding only (the loss is about
# 1 on standardised targets; measured differences are around 1e-15).
LOSS_CURVE_TOLERANCE = 1e-10
CLASSIFIER_LEARNING_RATE = 0.1  # the same for both: both take the mean cross-entropy's gradient


def _data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    features, target = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        features, target, test_size=0.25, random_state=0
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    y_mean, y_std = y_train.mean(), y_train.std()
    return (
        (X_train - mean) / std,
        (X_test - mean) / std,
        (y_train - y_mean) / y_std,
        (y_test - y_mean) / y_std,
    )


def _ours() -> MLP:
    return MLP(
        hidden_sizes=(HIDDEN_UNITS,),
        activation=ACTIVATION,
        learning_rate=LEARNING_RATE,
        epochs=EPOCHS,
        random_state=0,
    )


def _sklearn_like_ours(estimator, X: np.ndarray, y: np.ndarray, learning_rate: float, output: str):
    """scikit-learn's network (`estimator`: MLPRegressor or MLPClassifier) set up to do what
    ours does: full-batch plain gradient descent, no penalty, no early stop, from our starting
    weights (drawn as our `init_layers` draws them, `output` the last layer's activation).
    Fitted once for one epoch to create its attributes; ready for a timed warm-started fit."""
    model = estimator(
        hidden_layer_sizes=(HIDDEN_UNITS,),
        activation=ACTIVATION,
        solver="sgd",
        batch_size=X.shape[0],
        learning_rate="constant",
        learning_rate_init=learning_rate,
        momentum=0.0,
        nesterovs_momentum=False,
        alpha=0.0,
        max_iter=1,
        tol=0.0,
        n_iter_no_change=10 * EPOCHS,
        early_stopping=False,
        shuffle=False,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)  # creates every internal attribute; its weights are replaced just below
    rng = np.random.default_rng(0)
    start = init_layers(X.shape[1], (HIDDEN_UNITS,), ACTIVATION, rng, output)
    model.coefs_ = [layer.weights.copy() for layer in start]
    model.intercepts_ = [layer.bias.copy() for layer in start]
    model.set_params(warm_start=True, max_iter=EPOCHS)
    return model


def _time_fit(model, X: np.ndarray, y: np.ndarray) -> float:
    """Seconds taken by model.fit(X, y)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: that is the plan
        start = time.perf_counter()
        model.fit(X, y)
        elapsed = time.perf_counter() - start
    return elapsed


def mlp_epoch_time_ratio_vs_sklearn(repeats: int = REPEATS) -> dict:
    """Our seconds per epoch divided by scikit-learn's (median of `repeats` interleaved runs),
    the R² of each fitted network on the held-out quarter of the data, and whether the two
    training curves are the same to rounding (`loss_curves_match`)."""
    X_train, X_test, y_train, y_test = _data()
    ours_times, theirs_times = [], []
    ours = theirs = None
    for _ in range(repeats):  # interleaved, so a slow moment of the machine hits both
        ours = _ours()
        ours_times.append(_time_fit(ours, X_train, y_train) / EPOCHS)
        # scikit-learn's squared error is half of our MSE, and so is its gradient: twice the
        # learning rate takes the same steps.
        theirs = _sklearn_like_ours(MLPRegressor, X_train, y_train, 2 * LEARNING_RATE, "identity")
        theirs_times.append(_time_fit(theirs, X_train, y_train) / theirs.n_iter_)
    ratio = float(np.median(ours_times) / np.median(theirs_times))
    # scikit-learn records half the MSE of each epoch's forward pass, before its step, as
    # losses_[:-1] does; its first entry belongs to the untimed warm-up fit.
    loss_curve_difference = float(
        np.max(np.abs(ours.losses_[:-1] - 2 * np.asarray(theirs.loss_curve_[-EPOCHS:])))
    )
    return {
        "mlp_epoch_time_ratio_vs_sklearn": ratio,
        "r2_ours": float(r2_score(y_test, ours.predict(X_test))),
        "r2_sklearn": float(r2_score(y_test, theirs.predict(X_test))),
        "seconds_per_epoch_ours": float(np.median(ours_times)),
        "seconds_per_epoch_sklearn": float(np.median(theirs_times)),
        # Same start, same steps: the proof that both sides did the same work.
        "max_loss_curve_difference": loss_curve_difference,
        "loss_curves_match": loss_curve_difference <= LOSS_CURVE_TOLERANCE,
    }


def _classifier_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    features, target = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        features, target, test_size=0.25, random_state=0, stratify=target
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std, y_train, y_test


def _our_classifier() -> MLPClassifier:
    return MLPClassifier(
        hidden_sizes=(HIDDEN_UNITS,),
        activation=ACTIVATION,
        learning_rate=CLASSIFIER_LEARNING_RATE,
        epochs=EPOCHS,
        random_state=0,
    )


def classifier_epoch_time_ratio_vs_sklearn(repeats: int = REPEATS) -> dict:
    """As `mlp_epoch_time_ratio_vs_sklearn`, for MLPClassifier against scikit-learn's: the
    ratio of seconds per epoch, held-out accuracies, and whether the loss curves match."""
    X_train, X_test, y_train, y_test = _classifier_data()
    ours_times, theirs_times = [], []
    ours = theirs = None
    for _ in range(repeats):
        ours = _our_classifier()
        ours_times.append(_time_fit(ours, X_train, y_train) / EPOCHS)
        theirs = _sklearn_like_ours(
            SkMLPClassifier, X_train, y_train, CLASSIFIER_LEARNING_RATE, "sigmoid"
        )
        theirs_times.append(_time_fit(theirs, X_train, y_train) / theirs.n_iter_)
    # scikit-learn's cross-entropy is ours (it clips ŷ to [2.2e-16, 1 − 2.2e-16], which these
    # moderate networks never reach).
    difference = float(np.max(np.abs(ours.losses_[:-1] - np.asarray(theirs.loss_curve_[-EPOCHS:]))))
    return {
        "classifier_epoch_time_ratio_vs_sklearn": float(
            np.median(ours_times) / np.median(theirs_times)
        ),
        "classifier_accuracy_ours": float(np.mean(ours.predict(X_test) == y_test)),
        "classifier_accuracy_sklearn": float(np.mean(theirs.predict(X_test) == y_test)),
        "classifier_seconds_per_epoch_ours": float(np.median(ours_times)),
        "classifier_seconds_per_epoch_sklearn": float(np.median(theirs_times)),
        "classifier_max_loss_curve_difference": difference,
        "classifier_loss_curves_match": difference <= LOSS_CURVE_TOLERANCE,
    }
