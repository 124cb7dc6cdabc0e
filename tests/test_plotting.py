import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib.plotting import (
    _round_ticks,
    new_figure,
    plot_data,
    plot_decision_regions,
    plot_line,
    plot_loss_gaps,
    plot_loss_surface,
    plot_loss_vs_m,
)

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    matplotlib.pyplot.close("all")


def test_new_figure_is_opaque_white():
    fig, axes = new_figure(ncols=2)
    assert len(axes) == 2
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_plot_data_and_line_draw_what_they_are_given(patients):
    x, y = patients
    ax = plot_data(x, y)
    plot_line(x, 2.0, 3.0, ax=ax)
    (line,) = ax.get_lines()
    xs, ys = line.get_data()
    np.testing.assert_allclose(ys, 2.0 * np.asarray(xs) + 3.0)
    assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_loss_vs_m_is_the_mse(patients):
    x, y = patients
    m_values = np.linspace(0, 20, 11)
    ax = plot_loss_vs_m(x, y, 10.0, m_values)
    _, losses = ax.get_lines()[0].get_data()
    expected = [nnlib.mse(y, nnlib.feedforward(x, m, 10.0)) for m in m_values]
    np.testing.assert_allclose(losses, expected, rtol=1e-9)


def _best_loss(x, y):
    m_best, b_best = nnlib.closed_form(x, y)
    return nnlib.mse(y, nnlib.feedforward(x, m_best, b_best))


def test_plot_loss_gaps_draws_the_loss_minus_the_best_loss(patients):
    x, y = patients
    best = _best_loss(x, y)
    run = nnlib.gradient_descent(x, y, 5, 10, 0.005, 300)
    ax = plot_loss_gaps([run], best)
    steps, gaps = ax.get_lines()[0].get_data()
    np.testing.assert_allclose(gaps, run.losses[np.asarray(steps)] - best)
    assert ax.get_yscale() == "log"


def test_plot_loss_gaps_clips_a_diverged_run_at_the_top(patients):
    x, y = patients
    best = _best_loss(x, y)
    runs = [nnlib.gradient_descent(x, y, 5, 10, rate, 2_000) for rate in (0.001, 0.0099)]
    ax = plot_loss_gaps(runs, best)
    top = ax.get_ylim()[1]
    # The axis ends at ten times the largest starting gap, not at the runaway's 1e10.
    assert top == pytest.approx(10 * (runs[0].losses[0] - best))
    _, diverged, marker = ax.get_lines()
    assert "diverged at step" in diverged.get_label()
    assert marker.get_ydata()[0] == top and not marker.get_clip_on()
    # The marker sits where the diverged run first leaves the plot.
    exit_step = marker.get_xdata()[0]
    assert runs[1].losses[exit_step] - best > top >= runs[1].losses[exit_step - 1] - best


def test_plot_loss_gaps_leaves_out_rounding_noise(patients):
    x, y = patients
    best = _best_loss(x, y)
    # Started at the optimum, the run has nothing left to gain: only rounding remains.
    m_best, b_best = nnlib.closed_form(x, y)
    run = nnlib.gradient_descent(x, y, m_best, b_best, 0.001, 50)
    ax = plot_loss_gaps([run], best)
    assert np.all(ax.get_lines()[0].get_ydata() > 1e-9 * best)


def test_plot_loss_surface_colour_bar_is_labelled_with_round_numbers(patients):
    x, y = patients
    ax = plot_loss_surface(x, y, (0, 20), (-20, 60), resolution=50)
    fig = ax.figure
    assert len(fig.axes) == 2
    bar_axis = fig.axes[1]
    assert "mean squared error" in bar_axis.get_ylabel()
    labels = [tick.get_text() for tick in bar_axis.get_yticklabels()]
    assert "3,000" in labels and "10,000" in labels
    # colorbar=False leaves it out, e.g. for small panels side by side.
    plot_loss_surface(x, y, (0, 20), (-20, 60), resolution=50, ax=ax, colorbar=False)
    assert len(fig.axes) == 2


def test_a_map_zoomed_in_on_the_optimum_still_has_labelled_ticks():
    # Around the optimum the losses span 3,890 to about 4,440 on all 442 patients: no 1, 2, 3 or
    # 5 times a power of ten lies inside, so the ticks are evenly spaced round numbers.
    x, y = nnlib.load_all_patients()
    x = (x - x.mean()) / x.std()
    m, b = nnlib.closed_form(x, y)
    ax = plot_loss_surface(x, y, (m - 18, m + 18), (b - 15, b + 15), resolution=50)
    bar_axis = ax.figure.axes[1]
    labels = [tick.get_text() for tick in bar_axis.get_yticklabels()]
    assert labels == ["4,000", "4,200", "4,400"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1.0, 100.0, [1, 2, 3, 5, 10, 20, 30, 50, 100]),
        (3890.0, 4440.0, [4000, 4200, 4400]),
        (0.52, 0.58, [0.52, 0.54, 0.56, 0.58]),
        (2176.0, 2190.0, [2180, 2185, 2190]),
    ],
)
def test_round_ticks(low, high, expected):
    assert _round_ticks(low, high) == pytest.approx(expected)


def test_plot_loss_surface_marks_the_optimum(patients):
    x, y = patients
    ax = plot_loss_surface(x, y, (0, 20), (-20, 60), resolution=50)
    (star,) = ax.get_lines()
    np.testing.assert_allclose([star.get_xdata()[0], star.get_ydata()[0]], nnlib.closed_form(x, y))


def test_plot_loss_surface_draws_data_exactly_on_a_line(patients):
    # The best loss is 0 there, where logarithmic levels cannot start: the map starts at a
    # trillionth of its highest loss instead, and still marks the optimum.
    x, _ = patients
    ax = plot_loss_surface(x, 2 * x + 1, (0, 20), (-20, 60), resolution=20, colorbar=False)
    (star,) = ax.get_lines()
    np.testing.assert_allclose([star.get_xdata()[0], star.get_ydata()[0]], (2, 1), atol=1e-9)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda x, y: plot_data(x, y[:5]), ValueError, "x and y"),
        (lambda x, y: plot_line(x, np.nan, 1.0), ValueError, "m"),
        (lambda x, y: plot_data(x, y, ax="axes"), TypeError, "ax"),
        (lambda x, y: plot_loss_vs_m(x, y, 1.0, []), ValueError, "m_values"),
        (lambda x, y: plot_loss_gaps([], 1.0), TypeError, "results"),
        (
            lambda x, y: plot_loss_gaps(nnlib.gradient_descent(x, y, 0, 0, 1e-3, 2), -1.0),
            ValueError,
            "best_loss",
        ),
        (lambda x, y: plot_loss_surface(x, y, (5, 1), (0, 1)), ValueError, "m_range"),
        (lambda x, y: plot_loss_surface(x, y, (0, 1), (0, 1, 2)), ValueError, "b_range"),
        (
            lambda x, y: plot_loss_surface(x, y, (0, 1), (0, 1), resolution=0),
            ValueError,
            "resolution",
        ),
    ],
)
def test_plotting_rejects_bad_input(patients, call, error, name):
    with pytest.raises(error, match=name):
        call(*patients)


def test_plot_decision_regions_shades_by_probability_and_draws_the_boundary():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    seen = []

    def probability(points):
        seen.append(points.shape)
        return 1 / (1 + np.exp(-(points[:, 0] - 0.5) * 4))

    ax = plot_decision_regions(probability, X, y, resolution=30)
    assert seen == [(900, 2)]
    assert len(ax.collections) >= 3  # the filled map, the boundary and the two classes
    assert ax.get_xlim() == (-0.5, 1.5)
    assert [t.get_text() for t in ax.legend().get_texts()] == ["class 0", "class 1"]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"X": np.ones((4, 3))}, ValueError, "X"),
        ({"y": np.array([0, 1, 2, 0])}, ValueError, "y"),
        ({"y": np.array([0, 1, 1])}, ValueError, "X and y"),
        ({"probability": "model"}, TypeError, "probability"),
        ({"resolution": 0}, ValueError, "resolution"),
        ({"padding": np.nan}, ValueError, "padding"),
    ],
)
def test_plot_decision_regions_rejects_bad_input(kwargs, error, name):
    valid = {
        "probability": lambda points: np.full(len(points), 0.5),
        "X": np.ones((4, 2)),
        "y": np.array([0, 1, 1, 0]),
    }
    with pytest.raises(error, match=name):
        plot_decision_regions(**{**valid, **kwargs})
