import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle

from nnlib.diagrams import draw_network, draw_perceptron
from nnlib.plotting import new_figure


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _circles(ax):
    return [patch for patch in ax.patches if isinstance(patch, Circle)]


def _texts(ax):
    return [text.get_text() for text in ax.texts]


@pytest.mark.parametrize("layer_sizes", [(3, 4, 2, 1), [1, 1], (12,) * 8, np.array([2, 5, 3])])
def test_draw_network_draws_one_circle_per_node(layer_sizes):
    ax = draw_network(layer_sizes)
    assert len(_circles(ax)) == sum(int(size) for size in layer_sizes)


def test_draw_network_wires_every_pair_of_neighbouring_nodes():
    ax = draw_network((3, 4, 2, 1))
    assert len(ax.lines) == 3 * 4 + 4 * 2 + 2 * 1


def test_draw_network_names_its_layers():
    texts = " ".join(_texts(draw_network((3, 4, 2, 1))))
    for caption in ("input", "hidden 1", "hidden 2", "output"):
        assert caption in texts


def test_draw_network_uses_the_given_axes():
    _fig, (ax,) = new_figure()
    assert draw_network((2, 3, 1), ax=ax) is ax
    assert len(_circles(ax)) == 6


def test_new_figures_have_an_opaque_white_background():
    for ax in (draw_network((2, 1)), draw_perceptron()):
        assert to_rgba(ax.figure.get_facecolor()) == (1.0, 1.0, 1.0, 1.0)


@pytest.mark.parametrize("n_inputs", [1, 3, 12])
def test_draw_perceptron_draws_inputs_and_one_neuron(n_inputs):
    ax = draw_perceptron(n_inputs=n_inputs)
    assert isinstance(ax, matplotlib.axes.Axes)
    assert len(_circles(ax)) == n_inputs + 1


def test_draw_perceptron_shows_its_labels():
    _fig, (ax,) = new_figure()
    result = draw_perceptron(
        ax,
        n_inputs=1,
        input_labels=["$x$"],
        weight_labels=["$m$"],
        bias_label="$b$",
        activation_label="id",
        output_label="out",
    )
    assert result is ax
    texts = _texts(ax)
    for label in ("$x$", "$m$", "$b$", "id", "out", r"$\Sigma$"):
        assert label in texts


def test_draw_perceptron_default_labels_are_numbered():
    texts = _texts(draw_perceptron(n_inputs=2))
    assert {"$x_{1}$", "$x_{2}$", "$w_{1}$", "$w_{2}$"} <= set(texts)


@pytest.mark.parametrize(
    ("layer_sizes", "error"),
    [
        ((3, 0, 1), ValueError),  # an empty layer
        ((3, -2, 1), ValueError),
        ((3, 13, 1), ValueError),  # too many nodes to draw legibly
        ((1,) * 9, ValueError),  # too many layers
        ((4,), ValueError),  # one layer is not a network
        ((), ValueError),
        (np.ones((2, 2), dtype=int), ValueError),
        ((3, 2.5, 1), TypeError),
        ((3, True, 1), TypeError),
        ((3, "4", 1), TypeError),
        ("341", TypeError),
        (341, TypeError),
        (None, TypeError),
        ({3, 4, 1}, TypeError),  # a set has no order
    ],
)
def test_draw_network_rejects_bad_layer_sizes(layer_sizes, error):
    with pytest.raises(error, match="layer_sizes"):
        draw_network(layer_sizes)


@pytest.mark.parametrize("bad_ax", ["ax", 3, plt.figure, np.zeros(2)])
def test_both_diagrams_reject_an_ax_that_is_not_axes(bad_ax):
    with pytest.raises(TypeError, match="ax"):
        draw_network((2, 1), ax=bad_ax)
    with pytest.raises(TypeError, match="ax"):
        draw_perceptron(bad_ax)


def test_draw_perceptron_rejects_a_figure_as_ax():
    fig, _ = new_figure()
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_perceptron(fig)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"n_inputs": 0}, ValueError, "n_inputs"),
        ({"n_inputs": 13}, ValueError, "n_inputs"),
        ({"n_inputs": 2.0}, TypeError, "n_inputs"),
        ({"n_inputs": True}, TypeError, "n_inputs"),
        ({"n_inputs": 2, "input_labels": ["$x$"]}, ValueError, "input_labels"),
        ({"n_inputs": 1, "input_labels": "x"}, TypeError, "input_labels"),
        ({"n_inputs": 1, "input_labels": [1]}, TypeError, "input_labels"),
        ({"n_inputs": 2, "weight_labels": ["a", "b", "c"]}, ValueError, "weight_labels"),
        ({"n_inputs": 1, "weight_labels": 5}, TypeError, "weight_labels"),
        ({"bias_label": None}, TypeError, "bias_label"),
        ({"activation_label": 1}, TypeError, "activation_label"),
        ({"output_label": ["y"]}, TypeError, "output_label"),
    ],
)
def test_draw_perceptron_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        draw_perceptron(**kwargs)
