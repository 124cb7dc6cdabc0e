"""Chapters 11 and 12: small networks trained in the reader's browser.

Python sends the data and, for every size the reader can pick, the exact starting weights
nnlib draws; the browser trains with the arithmetic of `MLP.fit` / `MLPClassifier.fit`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import traitlets as t
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._validation import as_labels, as_matrix
from ..loss import _bce
from ..network import MLP, MLPClassifier, init_layers
from ..plotting import new_figure, plot_data, plot_decision_regions
from .base import X_LABEL, Y_LABEL, Explorer, data_view, padded, paired
from .spec import Control

EPOCHS = 2000  # chapter 11's network trains for this many epochs
NETWORK_SEED = 0  # the seed of the initial weights, the same for every hidden-layer size

HIDDEN_UNITS = Control(
    "hidden_units", "hidden units", 2, choices=(1, 2, 4, 8, 16, 32, 64), aliases=("units",)
)
NETWORK_LEARNING_RATE = Control(
    "learning_rate",
    "learning rate",
    0.1,
    range=(1e-3, 1.0),
    scale="log",
    positions=300,
    aliases=("lr",),
)


def _weights(layers: list) -> dict[str, list]:
    hidden, output = layers
    return {
        "W1": hidden.weights.tolist(),
        "b1": hidden.bias.tolist(),
        "W2": output.weights.tolist(),
        "b2": output.bias.tolist(),
    }


def _initial_weights(hidden_units: int) -> dict[str, list]:
    # Exactly the draw MLP.fit makes for these settings, so browser and Python start equal.
    return _weights(init_layers(1, (hidden_units,), "tanh", np.random.default_rng(NETWORK_SEED)))


class HiddenLayerExplorer(Explorer):
    """Chapter 11: a 1 → k → 1 tanh network trained in the browser, its curve and its loss."""

    KIND = "hidden_layer"
    controls: tuple[Control, ...] = (HIDDEN_UNITS, NETWORK_LEARNING_RATE)
    x_mean = t.Float().tag(sync=True)
    x_std = t.Float().tag(sync=True)
    y_mean = t.Float().tag(sync=True)
    y_std = t.Float().tag(sync=True)
    initial_weights = t.Dict().tag(sync=True)
    epochs = t.Int(EPOCHS).tag(sync=True)
    activation = t.Unicode("tanh").tag(sync=True)
    curve_x = t.List(t.Float()).tag(sync=True)
    # What the front-end module shows for the settings (written by the module).
    loss = t.Float(allow_none=True).tag(sync=True)
    epochs_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    unstable = t.Bool(False).tag(sync=True)

    def __init__(self, x: ArrayLike, y: ArrayLike, **settings: Any) -> None:
        x, y = paired(x, y, squares=True)
        if x.std() == 0 or y.std() == 0:
            raise ValueError("x and y must each contain at least two different values")
        self._x, self._y = x, y
        view = data_view(x, y)
        self._start(
            settings,
            x=x.tolist(),
            y=y.tolist(),
            x_mean=float(x.mean()),
            x_std=float(x.std()),
            y_mean=float(y.mean()),
            y_std=float(y.std()),
            initial_weights={str(k): _initial_weights(k) for k in HIDDEN_UNITS.choices},
            curve_x=np.linspace(view["x"][0], view["x"][1], 200).tolist(),
            view=view,
            labels={"x": X_LABEL, "y": Y_LABEL},
        )

    def result(self) -> MLP:
        """nnlib's network trained with the current settings, on standardised x and y."""
        z = ((self._x - self.x_mean) / self.x_std).reshape(-1, 1)
        target = (self._y - self.y_mean) / self.y_std
        network = MLP((self.hidden_units,), "tanh", self.learning_rate, self.epochs, NETWORK_SEED)
        return network.fit(z, target)

    def still(self) -> tuple[Figure, str]:
        """The patients with the trained network's curve, and its loss after each epoch."""
        network = self.result()
        figure, (left, right) = new_figure(9, 3.4, ncols=2)
        plot_data(self._x, self._y, ax=left)
        if not network.diverged_:
            grid = np.linspace(self._x.min(), self._x.max(), 200)
            z = ((grid - self.x_mean) / self.x_std).reshape(-1, 1)
            left.plot(grid, network.predict(z) * self.y_std + self.y_mean, color="#d62728")
        right.semilogy(network.losses_, color="#d62728")
        right.set_xlabel("epoch")
        right.set_ylabel("loss (standardised, log scale)")
        right.grid(alpha=0.3)
        figure.tight_layout()
        ending = "it diverged" if network.diverged_ else f"training MSE {self.training_mse():.1f}"
        alt = (
            f"The patients and the curve of a network with {self.hidden_units} hidden units "
            f"trained at learning rate {self.learning_rate:g}, and its loss per epoch; {ending}."
        )
        return figure, alt

    def training_mse(self) -> float:
        """The result's training MSE in the original units of y (what the explorer shows)."""
        network = self.result()
        if network.diverged_:
            return float("nan")
        z = ((self._x - self.x_mean) / self.x_std).reshape(-1, 1)
        error = network.predict(z) * self.y_std + self.y_mean - self._y
        return float(error @ error) / error.size


def hidden_layer_sliders(x: ArrayLike, y: ArrayLike, **settings: Any) -> HiddenLayerExplorer:
    """Chapter 11's explorer: a 1 → k → 1 tanh network on x, y of shape (n,).
    Settings: hidden_units, learning_rate (see `HiddenLayerExplorer.controls`)."""
    return HiddenLayerExplorer(x, y, **settings)


# --- Chapter 12: a classifier on two features ----------------------------------------------

CLASSIFIER_GRID = 36  # the decision map's cells per side
CLASSIFIER_HIDDEN_UNITS = Control(
    "hidden_units", "hidden units", 3, choices=(1, 2, 3, 4, 8, 16), aliases=("units",)
)
CLASSIFIER_LEARNING_RATE = Control(
    "learning_rate",
    "learning rate",
    0.5,
    range=(0.01, 30.0),
    scale="log",
    positions=300,
    aliases=("lr",),
)
ACTIVATION = Control(
    "activation", "activation", "tanh", choices=("tanh", "sigmoid", "relu"), aliases=("act",)
)
CLASSIFIER_EPOCHS = Control("epochs", "epochs", 1000, choices=(100, 300, 1000, 3000))
# The seeds of the starting weights the reader can choose: chapter 12's lesson is that the
# start matters (random_state of MLPClassifier).
CLASSIFIER_SEED = Control("seed", "seed", 0, choices=tuple(range(10)))


def _two_class_data(
    X_in: ArrayLike, y_in: ArrayLike, X_name: str, y_name: str
) -> tuple[np.ndarray, np.ndarray]:
    X = as_matrix(X_in, X_name)
    if X.shape[1] != 2:
        raise ValueError(f"{X_name} must have 2 features (a map is 2-D), got {X.shape[1]}")
    y = as_labels(y_in, y_name)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{X_name} and {y_name} must have the same number of samples, "
            f"got {X.shape[0]} and {y.shape[0]}"
        )
    return X, y


def _initial_classifier_weights(hidden_units: int, seed: int) -> dict[str, list]:
    # Exactly the draw MLPClassifier(random_state=seed).fit makes: browser and Python start equal.
    rng = np.random.default_rng(seed)
    return _weights(init_layers(2, (hidden_units,), "tanh", rng, "sigmoid"))


class ClassifierExplorer(Explorer):
    """Chapter 12: a 2 → k → 1 classifier trained in the browser (TensorFlow Playground's core):
    the decision regions over the data, and the training and test loss after each epoch."""

    KIND = "classifier"
    controls: tuple[Control, ...] = (
        CLASSIFIER_HIDDEN_UNITS,
        CLASSIFIER_LEARNING_RATE,
        ACTIVATION,
        CLASSIFIER_EPOCHS,
        CLASSIFIER_SEED,
    )
    train_x = t.List(t.List(t.Float())).tag(sync=True)
    train_y = t.List(t.Int()).tag(sync=True)
    test_x = t.List(t.List(t.Float())).tag(sync=True)
    test_y = t.List(t.Int()).tag(sync=True)
    initial_weights = t.Dict().tag(sync=True)
    grid = t.Int(CLASSIFIER_GRID).tag(sync=True)
    # What the front-end module shows for the settings (written by the module).
    train_loss = t.Float(allow_none=True).tag(sync=True)
    test_loss = t.Float(allow_none=True).tag(sync=True)
    train_accuracy = t.Float(allow_none=True).tag(sync=True)
    test_accuracy = t.Float(allow_none=True).tag(sync=True)
    epochs_run = t.Int(0).tag(sync=True)
    diverged = t.Bool(False).tag(sync=True)
    unstable = t.Bool(False).tag(sync=True)

    def __init__(
        self,
        X_train: ArrayLike,
        y_train: ArrayLike,
        X_test: ArrayLike,
        y_test: ArrayLike,
        **settings: Any,
    ) -> None:
        train = _two_class_data(X_train, y_train, "X_train", "y_train")
        test = _two_class_data(X_test, y_test, "X_test", "y_test")
        self._X_train, self._y_train = train
        self._X_test, self._y_test = test
        both = np.vstack([train[0], test[0]])
        view = {
            "x": padded(both[:, 0].min(), both[:, 0].max(), 0.08),
            "y": padded(both[:, 1].min(), both[:, 1].max(), 0.08),
        }
        self._start(
            settings,
            train_x=train[0].tolist(),
            train_y=train[1].astype(int).tolist(),
            test_x=test[0].tolist(),
            test_y=test[1].astype(int).tolist(),
            # For every seed and size, the weights MLPClassifier(random_state=seed) starts from.
            initial_weights={
                str(seed): {
                    str(k): _initial_classifier_weights(k, seed)
                    for k in CLASSIFIER_HIDDEN_UNITS.choices
                }
                for seed in CLASSIFIER_SEED.choices
            },
            view=view,
            labels={"x": "x₁", "y": "x₂"},
        )

    def result(self) -> MLPClassifier:
        """nnlib's classifier trained with the current settings on the training points."""
        network = MLPClassifier(
            (self.hidden_units,), self.activation, self.learning_rate, self.epochs, self.seed
        )
        return network.fit(self._X_train, self._y_train)

    def still(self) -> tuple[Figure, str]:
        """The decision regions of the trained classifier over the training points, and its
        training loss after each epoch."""
        network = self.result()
        figure, (left, right) = new_figure(9, 3.4, ncols=2)
        if network.diverged_:
            left.scatter(
                self._X_train[:, 0], self._X_train[:, 1], c=self._y_train, cmap="coolwarm", s=12
            )
        else:
            plot_decision_regions(network.predict_proba, self._X_train, self._y_train, ax=left)
        right.semilogy(network.losses_, color="#d62728")
        right.set_xlabel("epoch")
        right.set_ylabel("cross-entropy (log scale)")
        right.grid(alpha=0.3)
        figure.tight_layout()
        alt = (
            f"The decision regions of a network with {self.hidden_units} {self.activation} "
            f"hidden units after {self.epochs} epochs at learning rate {self.learning_rate:g}, "
            "over the training points, and its training loss per epoch."
        )
        return figure, alt

    def scores(self) -> dict[str, float]:
        """What the explorer shows for the current settings: the final training and test
        cross-entropy and accuracy (NaN for a run that diverged)."""
        network = self.result()
        names = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
        if network.diverged_:
            return dict.fromkeys(names, float("nan"))
        scores = {}
        for name, X, y in (
            ("train", self._X_train, self._y_train),
            ("test", self._X_test, self._y_test),
        ):
            network.predict_proba(X)  # the forward pass leaves the output's z in the last layer
            z = network.layers_[-1]._z
            assert z is not None
            scores[f"{name}_loss"] = _bce(y, z[:, 0])
            scores[f"{name}_accuracy"] = float(np.mean(network.predict(X) == y))
        return scores


def classifier_sliders(
    X_train: ArrayLike, y_train: ArrayLike, X_test: ArrayLike, y_test: ArrayLike, **settings: Any
) -> ClassifierExplorer:
    """Chapter 12's explorer: a 2 → k → 1 classifier; X of shape (n, 2), y of 0s and 1s.
    Settings: hidden_units, learning_rate, activation, epochs, seed (the random_state of the
    starting weights); see `ClassifierExplorer.controls`."""
    return ClassifierExplorer(X_train, y_train, X_test, y_test, **settings)
