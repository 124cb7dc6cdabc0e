import matplotlib
import numpy as np
import pytest

import nnlib
from nnlib.plotting import (
    new_figure,
    plot_data,
    plot_line,
    plot_loss_surface,
    plot_loss_vs_m,
    plot_losses,
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


def test_plot_losses_skips_non_finite_values_of_diverged_runs(patients):
    x, y = patients
    runs = [nnlib.gradient_descent(x, y, 5, 10, rate, 500) for rate in (0.001, 0.05)]
    ax = plot_losses(runs)
    assert len(ax.get_lines()) == 2
    assert "diverged" in ax.get_lines()[1].get_label()
    for line in ax.get_lines():
        assert np.all(np.isfinite(line.get_ydata()))


def test_plot_loss_surface_marks_the_optimum(patients):
    x, y = patients
    ax = plot_loss_surface(x, y, (0, 20), (-20, 60), resolution=50)
    (star,) = ax.get_lines()
    np.testing.assert_allclose([star.get_xdata()[0], star.get_ydata()[0]], nnlib.closed_form(x, y))


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda x, y: plot_data(x, y[:5]), ValueError, "x and y"),
        (lambda x, y: plot_line(x, np.nan, 1.0), ValueError, "m"),
        (lambda x, y: plot_data(x, y, ax="axes"), TypeError, "ax"),
        (lambda x, y: plot_loss_vs_m(x, y, 1.0, []), ValueError, "m_values"),
        (lambda x, y: plot_losses([]), TypeError, "results"),
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
