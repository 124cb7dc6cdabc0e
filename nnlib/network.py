"""A real network: layers of neurons, a non-linearity between them, and backpropagation by matrices.

Chapter 11 builds it: the hidden layer, the forward pass and the backward pass (`forward` and
`backward` here are chapter 4's feedforward and backpropagation, one layer at a time). Chapter 12
adds classification: a sigmoid output, the binary cross-entropy loss and `MLPClassifier`.

Shapes used throughout:

- X, a layer's input:   (n_samples, n_in)
- weights:              (n_in, n_out), one column per neuron of the layer
- bias:                 (n_out,)
- a layer's output:     (n_samples, n_out)
- y, the targets:       (n_samples,)

Every sample is one row, so a whole batch goes through a layer as one matrix product,
`X @ weights + bias`, and its gradient comes back the same way.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validation import (
    NotFittedError,
    as_count,
    as_labels,
    as_matrix,
    as_optional_seed,
    as_positive,
    as_vector,
)
from .descent import DIVERGENCE_FACTOR
from .loss import _bce, _mse

MAX_HIDDEN_UNITS = 10_000


@dataclass(frozen=True)
class Activation:
    """A non-linearity φ applied element-wise, and its derivative.

    function(z) -> φ(z);  derivative(z, a) -> φ'(z), given z and a = φ(z) (tanh's derivative is
    cheapest from a, ReLU's from z). Both take and return arrays of the same shape.
    """

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]


def _identity(z: np.ndarray) -> np.ndarray:
    return z


def _identity_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def _tanh_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return 1.0 - a * a  # d tanh(z)/dz = 1 − tanh(z)²


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _relu_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return (z > 0).astype(float)  # 0 for z < 0, 1 for z > 0; we pick 0 at the kink z = 0


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), element-wise; any shape in, the same shape out, values in [0, 1].

    Written straight, exp(−z) overflows for z below about −709 (with a warning). With
    e = exp(−|z|), which is never above 1, σ(z) = 1 / (1 + e) for z ≥ 0 and e / (1 + e) for
    z < 0 (multiply top and bottom by e^z): no overflow, and full precision on both sides.
    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return a * (1.0 - a)  # dσ/dz = σ(z)(1 − σ(z))


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", _identity, _identity_derivative),
    "tanh": Activation("tanh", np.tanh, _tanh_derivative),
    "relu": Activation("relu", _relu, _relu_derivative),
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_derivative),
}


def get_activation(name: object) -> Activation:
    """The activation called `name` ("identity", "tanh", "relu" or "sigmoid"), or a clear error."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"activation must be a string, one of {sorted(ACTIVATIONS)}, got {type(name).__name__}"
        )
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


class Dense:
    """One fully connected layer: `output = φ(inputs @ weights + bias)`.

    weights: (n_in, n_out); bias: (n_out,). `forward` remembers what `backward` needs; after
    `backward`, `grad_weights` and `grad_bias` hold the gradient of the loss, same shapes.
    """

    def __init__(
        self, weights: ArrayLike, bias: ArrayLike, activation: str | Activation = "identity"
    ) -> None:
        weights = as_matrix(weights, "weights")
        bias = as_vector(bias, "bias")
        if bias.shape != (weights.shape[1],):
            raise ValueError(
                f"bias must have one entry per column of weights ({weights.shape[1]}), got shape {bias.shape}"
            )
        self.weights = weights
        self.bias = bias
        self.activation = get_activation(activation)
        self.grad_weights = np.zeros_like(weights)
        self.grad_bias = np.zeros_like(bias)
        self._inputs: np.ndarray | None = None
        self._z: np.ndarray | None = None
        self._a: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(n_in, n_out): how many inputs each neuron takes, how many neurons there are."""
        n_in, n_out = self.weights.shape
        return n_in, n_out

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        """(n_samples, n_in) -> (n_samples, n_out), remembering inputs and pre-activations."""
        z = inputs @ self.weights + self.bias
        a = self.activation.function(z)
        self._inputs, self._z, self._a = inputs, z, a
        return a

    def backward(
        self,
        grad_output: np.ndarray,
        input_grad: bool = True,
    ) -> np.ndarray | None:
        """Given dL/d(output), shape (n_samples, n_out), store dL/dweights and dL/dbias and
        return dL/d(inputs), shape (n_samples, n_in), for the layer below.

        The chain rule, one matrix product per line:
            dL/dz       = dL/d(output) ⊙ φ'(z)
            dL/dweights = inputsᵀ @ dL/dz          (sums over the samples)
            dL/dbias    = column sums of dL/dz
            dL/dinputs  = dL/dz @ weightsᵀ

        The first layer's inputs are the data, whose gradient nobody needs: `input_grad=False`
        skips that product (the largest of the four when there are many features) and
        returns None.
        """
        if self._inputs is None or self._z is None or self._a is None:
            raise RuntimeError("call forward before backward")
        if self.activation.name == "identity":
            grad_z = grad_output
        else:
            grad_z = grad_output * self.activation.derivative(self._z, self._a)
        return self.backward_from_z(grad_z, input_grad)

    def backward_from_z(
        self,
        grad_z: np.ndarray,
        input_grad: bool = True,
    ) -> np.ndarray | None:
        """`backward` when dL/dz, shape (n_samples, n_out), is already known: for an output
        whose activation and loss simplify together (sigmoid and cross-entropy give ŷ − y)."""
        if self._inputs is None:
            raise RuntimeError("call forward before backward")
        self.grad_weights = self._inputs.T @ grad_z
        self.grad_bias = grad_z.sum(axis=0)
        return grad_z @ self.weights.T if input_grad else None

    def __repr__(self) -> str:
        return f"Dense({self.shape[0]} -> {self.shape[1]}, activation={self.activation.name!r})"


def init_layers(
    n_features: int,
    hidden_sizes: Sequence[int],
    activation: str,
    rng: np.random.Generator,
    output_activation: str = "identity",
) -> list[Dense]:
    """Fresh layers for a network n_features → hidden_sizes... → 1, the output layer linear
    (or `output_activation`: "sigmoid" for a classifier).

    Weights are drawn uniformly from ±sqrt(6 / (n_in + n_out)) (Glorot's rule, as scikit-learn
    does), biases too, so that tanh neurons start in their responsive middle range. The output
    activation draws nothing: the same rng gives the same weights for either output.
    """
    sizes = [n_features, *hidden_sizes, 1]
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        bound = np.sqrt(6.0 / (n_in + n_out))
        weights = rng.uniform(-bound, bound, size=(n_in, n_out))
        bias = rng.uniform(-bound, bound, size=n_out)
        is_output = i == len(sizes) - 2
        layers.append(Dense(weights, bias, output_activation if is_output else activation))
    return layers


def forward(layers: Sequence[Dense], X: np.ndarray) -> np.ndarray:
    """Run X, shape (n_samples, n_features), through every layer; returns ŷ of shape (n_samples,)."""
    out = X
    for layer in layers:
        out = layer.forward(out)
    return out[:, 0]


def loss_and_gradients(layers: Sequence[Dense], X: np.ndarray, y: np.ndarray) -> float:
    """Forward pass, MSE loss, and backward pass: returns the loss and leaves dL/dweights and
    dL/dbias in each layer's `grad_weights` and `grad_bias`.

    X: (n_samples, n_features), y: (n_samples,). L = mean((ŷ − y)²), so dL/dŷ = 2 (ŷ − y) / n.
    """
    y_pred = forward(layers, X)
    loss = _mse(y, y_pred)
    # dL/dŷ, shape (n_samples, 1) like the last layer's output.
    grad: np.ndarray | None = (2.0 / y.size) * (y_pred - y)[:, np.newaxis]
    _backward(layers, grad)
    return loss


def _backward(layers: Sequence[Dense], grad: np.ndarray | None) -> None:
    """Hand dL/d(output of the last layer) back through every layer, the first one last; the
    first layer skips the gradient with respect to the data."""
    for i in range(len(layers) - 1, -1, -1):
        assert grad is not None  # every layer but the first returns one
        grad = layers[i].backward(grad, input_grad=i > 0)


def classifier_loss_and_gradients(layers: Sequence[Dense], X: np.ndarray, y: np.ndarray) -> float:
    """Forward pass, binary cross-entropy, and backward pass for a network whose output layer
    is a sigmoid: returns the loss and leaves the gradients in each layer, as
    `loss_and_gradients` does.

    X: (n_samples, n_features), y: (n_samples,) of 0s and 1s. With ŷ = σ(z) and
    L = −mean(y log ŷ + (1 − y) log(1 − ŷ)), the sigmoid's derivative cancels against the
    loss's: dL/dz = (ŷ − y) / n, handed straight to the output layer's weights.
    """
    output = layers[-1]
    if output.activation.name != "sigmoid":
        raise ValueError(f"the output layer must be a sigmoid, got {output.activation.name!r}")
    y_prob = forward(layers, X)
    # The loss from z, not from ŷ: ŷ rounds to exactly 1 once z > 37, and log(1 − 1) = −inf.
    assert output._z is not None  # set by the forward pass just above
    loss = _bce(y, output._z[:, 0])
    grad = output.backward_from_z((y_prob - y)[:, np.newaxis] / y.size, input_grad=len(layers) > 1)
    _backward(layers[:-1], grad)
    return loss


def _train(
    layers: list[Dense],
    X: np.ndarray,
    y: np.ndarray,
    loss_and_grads: Callable[[Sequence[Dense], np.ndarray, np.ndarray], float],
    eta: float,
    epochs: int,
) -> tuple[np.ndarray, bool]:
    """Full-batch gradient descent on `layers` in place: the losses (before training and after
    each epoch, shape (epochs_run + 1,)) and whether the loss blew up (training then stops)."""
    losses = np.empty(epochs + 1)
    diverged = False
    # A learning rate that is too big overflows on purpose; that is reported via `diverged`.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            loss = loss_and_grads(layers, X, y)
            losses[epoch] = loss
            if not np.isfinite(loss) or loss > DIVERGENCE_FACTOR * (losses[0] + 1.0):
                diverged = True
                break
            if epoch == epochs:
                break
            for layer in layers:
                layer.weights -= eta * layer.grad_weights
                layer.bias -= eta * layer.grad_bias
    return losses[: epoch + 1].copy(), diverged


def _hidden_sizes(value: object) -> tuple[int, ...]:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()  # integers stay integers; floats and booleans are refused below
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(
            f"hidden_sizes must be a sequence of integers such as (16,), got {type(value).__name__}"
        )
    return tuple(as_count(size, "hidden_sizes", maximum=MAX_HIDDEN_UNITS) for size in value)


class MLP:
    """A multi-layer perceptron for regression, trained by full-batch gradient descent on the MSE.

    hidden_sizes:  neurons per hidden layer, e.g. (16,) for 1 → 16 → 1 with one input (a
                   single int, 16, means the same); () gives plain linear regression.
    activation:    the non-linearity of the hidden layers: "tanh", "relu" or "identity".
    learning_rate: the step size η of every update.
    epochs:        how many full passes (one gradient step each) to train for.
    random_state:  seed for the initial weights; the same seed gives the same network.

    After `fit`: `layers_` (list of Dense), `losses_` (shape (epochs_run + 1,), the MSE
    before training and after each epoch), `n_features_in_`, `diverged_` (True if the loss blew
    up, in which case training stopped early). Before it, `predict` raises `NotFittedError`
    (a ValueError and an AttributeError, as in scikit-learn).
    """

    def __init__(
        self,
        hidden_sizes: int | Sequence[int] = (16,),
        activation: str = "tanh",
        learning_rate: float = 0.01,
        epochs: int = 1000,
        random_state: int | None = 0,
    ) -> None:
        self.hidden_sizes = _hidden_sizes(hidden_sizes)
        self.activation = get_activation(activation).name
        self.learning_rate = as_positive(learning_rate, "learning_rate")
        self.epochs = as_count(epochs, "epochs")
        self.random_state = as_optional_seed(random_state, "random_state")

    def fit(self, X: ArrayLike, y: ArrayLike) -> MLP:
        """Train on X, shape (n_samples, n_features), and y, shape (n_samples,); returns self."""
        X = as_matrix(X, "X")
        y = as_vector(y, "y")
        if X.shape[0] != y.shape[0]:
            raise ValueError(
                f"X and y must have the same number of samples, got {X.shape[0]} and {y.shape[0]}"
            )
        rng = np.random.default_rng(self.random_state)
        layers = init_layers(X.shape[1], self.hidden_sizes, self.activation, rng)
        self.losses_, self.diverged_ = _train(
            layers, X, y, loss_and_gradients, self.learning_rate, self.epochs
        )
        self.layers_ = layers
        self.n_features_in_ = X.shape[1]
        return self

    def _checked_X(self, X: ArrayLike) -> np.ndarray:
        """X validated for prediction: fitted model, 2-D, as many features as in training."""
        if not hasattr(self, "layers_"):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet: call fit(X, y) before "
                "predicting with it"
            )
        X = as_matrix(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but the network was fitted with {self.n_features_in_}"
            )
        return X

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions ŷ, shape (n_samples,), for X of shape (n_samples, n_features)."""
        X = self._checked_X(X)
        with np.errstate(over="ignore", invalid="ignore"):
            return forward(self.layers_, X).copy()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(hidden_sizes={self.hidden_sizes}, activation={self.activation!r}, "
            f"learning_rate={self.learning_rate:g}, epochs={self.epochs}, random_state={self.random_state})"
        )


class MLPClassifier(MLP):
    """A multi-layer perceptron for two classes, 0 and 1: the same network as `MLP` with a sigmoid
    output, ŷ = σ(z), read as the probability of class 1, and trained by full-batch gradient
    descent on the binary cross-entropy instead of the MSE.

    Settings as for `MLP` (hidden_sizes, activation, learning_rate, epochs, random_state); the
    same random_state gives the same starting weights as `MLP`'s.

    After `fit`: `layers_`, `losses_` (the cross-entropy before training and after each epoch),
    `n_features_in_`, `diverged_`, as for `MLP`. `predict_proba(X)` gives ŷ, shape (n_samples,);
    `predict(X)` the class, 1 where ŷ > 0.5 and 0 elsewhere (as scikit-learn decides).
    """

    def fit(self, X: ArrayLike, y: ArrayLike) -> MLPClassifier:
        """Train on X, shape (n_samples, n_features), and labels y, shape (n_samples,), each 0
        or 1; returns self."""
        X = as_matrix(X, "X")
        y = as_labels(y, "y")
        if X.shape[0] != y.shape[0]:
            raise ValueError(
                f"X and y must have the same number of samples, got {X.shape[0]} and {y.shape[0]}"
            )
        rng = np.random.default_rng(self.random_state)
        layers = init_layers(X.shape[1], self.hidden_sizes, self.activation, rng, "sigmoid")
        self.losses_, self.diverged_ = _train(
            layers, X, y, classifier_loss_and_gradients, self.learning_rate, self.epochs
        )
        self.layers_ = layers
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """ŷ, the probability of class 1, shape (n_samples,), for X of shape (n_samples,
        n_features). (scikit-learn returns both classes' columns, shape (n_samples, 2).)"""
        return MLP.predict(self, X)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The predicted class, 0 or 1, shape (n_samples,) of ints."""
        return (self.predict_proba(X) > 0.5).astype(int)
