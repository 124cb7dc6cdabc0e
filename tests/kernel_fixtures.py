"""Cases for the browser's numeric kernels (js/src/kernels/), computed by nnlib.

`write_fixtures(folder)` writes one JSON file per kernel: for each case, the inputs the explorer's
front end receives (taken from the explorer objects themselves, so the test sees what a page
sees) and what nnlib computes for them. `js/test/kernels.test.mjs` runs every kernel on the
inputs and compares (`node --test`, no browser). Non-finite floats are written as the strings
"Infinity", "-Infinity" and "NaN", which JSON cannot hold.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

import nnlib
from nnlib.descent import DIVERGENCE_FACTOR, data_sums, gradient_descent_from_sums
from nnlib.explorers import (
    classifier_sliders,
    hidden_layer_sliders,
    minibatch_sliders,
)
from nnlib.explorers.networks import (
    ACTIVATION,
    CLASSIFIER_HIDDEN_UNITS,
    CLASSIFIER_LEARNING_RATE,
    HIDDEN_UNITS,
    NETWORK_LEARNING_RATE,
)
from nnlib.minibatch import minibatch_descent_from_orders
from nnlib.momentum import largest_curvature_from_sums, momentum_from_sums


def _plain(value):
    """`value` with numpy arrays as lists and non-finite floats as strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _line_runs(sums: dict) -> dict:
    """Plain descent and momentum from the sums: stable, unstable-but-short and diverging."""
    largest = largest_curvature_from_sums(sums)
    limit = 2 / largest
    descent, momentum = [], []
    for rate, steps in ((0.001, 300), (0.9 * limit, 200), (1.0001 * limit, 20), (0.05, 500)):
        run = gradient_descent_from_sums(sums, 5.0, 10.0, rate, steps)
        descent.append(
            {
                "args": [5.0, 10.0, rate, steps, DIVERGENCE_FACTOR, limit],
                "m": run.m_path,
                "b": run.b_path,
                "losses": run.losses,
                "diverged": run.diverged,
                "unstable": run.unstable,
            }
        )
    for rate, beta, steps in (
        (0.001, 0.0, 300),
        (0.001, 0.9, 300),
        (0.0178, 0.836, 400),
        (0.0178, 0.832, 1000),
        (0.05, 0.5, 300),
    ):
        run = momentum_from_sums(sums, 5.0, 10.0, rate, beta, steps)
        momentum.append(
            {
                # The stable limit as nnlib and the page compute it: 2 (1 + β) / λmax.
                "args": [5.0, 10.0, rate, beta, steps, DIVERGENCE_FACTOR, 2 * (1 + beta) / largest],
                "m": run.m_path,
                "b": run.b_path,
                "losses": run.losses,
                "diverged": run.diverged,
                "unstable": run.unstable,
            }
        )
    return {"sums": sums, "descent": descent, "momentum": momentum}


def _minibatch_runs(x: np.ndarray, y: np.ndarray) -> list:
    """The explorer's runs, including batch sizes that do not divide n (a last, smaller batch)."""
    x = (x - x.mean()) / x.std()  # chapter 9 standardises BMI first
    explorer = minibatch_sliders(x, y)
    cases = []
    for batch_size, rate, seed, decay in (
        (20, 0.05, 0, 0.0),
        (1, 0.05, 1, 0.0),
        (3, 0.05, 2, 0.0),
        (7, 0.08, 3, 0.5),
        (6, 0.05, 0, 0.2),
        (2, 1.5, 4, 0.0),  # diverges
    ):
        orders = explorer.orders[str(seed)]
        run = minibatch_descent_from_orders(
            x, y, np.array(orders), explorer.m0, explorer.b0, rate, batch_size, decay
        )
        cases.append(
            {
                "args": [
                    explorer.x,
                    explorer.y,
                    orders,
                    explorer.m0,
                    explorer.b0,
                    rate,
                    batch_size,
                    decay,
                    explorer.divergence_factor,
                ],
                "m": run.m_path,
                "b": run.b_path,
                "losses": run.losses,
                "diverged": run.diverged,
                "updates_run": run.updates_run,
            }
        )
    return cases


def _network_runs(x: np.ndarray, y: np.ndarray) -> dict:
    """The hidden-layer explorer's trainings: inputs as the page gets them, nnlib's losses."""
    explorer = hidden_layer_sliders(x, y)
    cases = []
    for units, rate in ((1, 0.1), (2, 0.1), (16, 0.1), (16, 0.001), (64, 0.631), (4, 1.0)):
        network = explorer.set(hidden_units=units, learning_rate=rate)
        cases.append(
            {
                "units": units,
                "learning_rate": rate,
                "losses": network.losses_,
                "diverged": network.diverged_,
            }
        )
    page = {
        name: getattr(explorer, name)
        for name in ("x", "y", "x_mean", "x_std", "y_mean", "y_std", "epochs")
    }
    page["divergence_factor"] = explorer.divergence_factor
    page["initial_weights"] = explorer.initial_weights
    return {"page": page, "cases": cases}


def _moons_explorer():
    """Chapter 12's explorer on its data: the moons, split and standardised as the chapter does."""
    X, y = make_moons(n_samples=300, noise=0.25, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return classifier_sliders((X_train - mean) / std, y_train, (X_test - mean) / std, y_test)


def _classifier_runs() -> dict:
    explorer = _moons_explorer()
    cases = []
    # At a large learning rate training is chaotic: an ulp of difference between numpy's and
    # the browser's exp or tanh grows, so only the first epochs can be compared closely.
    for units, rate, activation, epochs, exact_epochs in (
        (3, 0.5, "tanh", 300, 30),
        (2, 0.5, "sigmoid", 300, 30),
        (8, 0.3, "relu", 100, 30),
        (16, 30.0, "tanh", 100, 5),
    ):
        network = explorer.set(
            hidden_units=units, learning_rate=rate, activation=activation, epochs=epochs
        )
        cases.append(
            {
                "settings": [units, activation, rate, epochs],
                "exact_epochs": exact_epochs,
                "losses": network.losses_,
                "diverged": network.diverged_,
            }
        )
    page = {
        name: getattr(explorer, name)
        for name in ("train_x", "train_y", "test_x", "test_y", "initial_weights")
    }
    page["divergence_factor"] = explorer.divergence_factor
    return {"page": page, "cases": cases}


def write_fixtures(folder: Path) -> list[Path]:
    """Write the kernels' cases as JSON files into `folder`; returns their paths."""
    x, y = nnlib.load_patients()
    contents = {
        "line.json": _line_runs(data_sums(x, y)),
        "minibatch.json": _minibatch_runs(x, y),
        "network.json": _network_runs(x, y),
        "classifier.json": _classifier_runs(),
    }
    paths = []
    for name, content in contents.items():
        path = Path(folder) / name
        path.write_text(json.dumps(_plain(content)))
        paths.append(path)
    return paths


def slider_values(low: float, high: float, positions: int) -> list[float]:
    """A log slider's values (js/src/controls.js): `positions` steps evenly spaced in log10
    from `low` to `high`, rounded to 3 significant digits."""
    start, span = math.log10(low), math.log10(high) - math.log10(low)
    values = (float(f"{10 ** (start + span * i / positions):.3g}") for i in range(positions + 1))
    return [min(high, max(low, v)) for v in values]


def write_sweeps(folder: Path) -> None:
    """What nnlib prints for every setting of the hidden-layer explorer (network_sweep.json) and
    for a grid of the classifier's (classifier_sweep.json: every tenth learning rate, 100 and
    300 epochs), for js/test/sweep.test.mjs."""
    x, y = nnlib.load_patients()
    explorer = hidden_layer_sliders(x, y)
    rates = sorted(
        set(slider_values(*NETWORK_LEARNING_RATE.range, NETWORK_LEARNING_RATE.positions))
    )
    network = {"page": _network_runs(x, y)["page"], "cases": []}
    for units in HIDDEN_UNITS.choices:
        for rate in rates:
            trained = explorer.set(hidden_units=units, learning_rate=rate)
            network["cases"].append(
                {
                    "units": units,
                    "learning_rate": rate,
                    "printed": [trained.losses_[-1] * explorer.y_std**2],
                    "diverged": trained.diverged_,
                    "epochs_run": len(trained.losses_) - 1,
                }
            )
    (Path(folder) / "network_sweep.json").write_text(json.dumps(_plain(network)))
    explorer = _moons_explorer()
    page = {
        name: getattr(explorer, name)
        for name in ("train_x", "train_y", "test_x", "test_y", "initial_weights")
    }
    page["divergence_factor"] = explorer.divergence_factor
    classifier = {"page": page, "cases": []}
    for units in CLASSIFIER_HIDDEN_UNITS.choices:
        for activation in ACTIVATION.choices:
            for epochs in (100, 300):
                for rate in slider_values(
                    *CLASSIFIER_LEARNING_RATE.range, CLASSIFIER_LEARNING_RATE.positions
                )[::10]:
                    settings = dict(
                        hidden_units=units, learning_rate=rate, activation=activation, epochs=epochs
                    )
                    trained = explorer.set(**settings)
                    scores = explorer.scores()
                    classifier["cases"].append(
                        {
                            "settings": [units, activation, rate, epochs],
                            "printed": [
                                scores[key]
                                for key in (
                                    "train_loss",
                                    "test_loss",
                                    "train_accuracy",
                                    "test_accuracy",
                                )
                            ],
                            "diverged": trained.diverged_,
                            "epochs_run": len(trained.losses_) - 1,
                        }
                    )
    (Path(folder) / "classifier_sweep.json").write_text(json.dumps(_plain(classifier)))
