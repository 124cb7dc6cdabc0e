"""Chapters 1 and 3: a line placed by hand over the data, its residuals and their mean square."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import traitlets as t
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._validation import as_number
from ..descent import _clipped_mse_from_sums, data_sums
from ..loss import _mse
from ..plotting import new_figure, plot_data, plot_line, plot_loss_vs_m
from ..regression import _feedforward, closed_form
from .base import X_LABEL, Y_LABEL, Explorer, data_view, paired
from .spec import Control

# Chapter 1's sliders cover every line that crosses the patients' cloud.
LINE_M = Control("m", "slope m", 5.0, range=(-20.0, 40.0), step=0.1)
LINE_B = Control("b", "intercept b", 10.0, range=(-100.0, 200.0), step=0.5)
SHOW_BEST = Control("show_best", "show best line", False, aliases=("best",))
# Chapter 3's slope: the range of its loss figure.
PARABOLA_M = Control("m", "slope m", 5.0, range=(0.0, 22.0), step=0.05)


class _ResidualExplorer(Explorer):
    """A line y = m x + b over the data, its residuals and their mean square."""

    sums = t.Dict().tag(sync=True)
    best = t.Dict().tag(sync=True)
    b = t.Float().tag(sync=True)  # a control in chapter 1, fixed in chapter 3
    loss = t.Float(allow_none=True).tag(sync=True)  # written by the front-end module

    def _data(self, x: ArrayLike, y: ArrayLike) -> dict[str, Any]:
        x, y = paired(x, y)
        m_best, b_best = closed_form(x, y)
        self._x, self._y = x, y
        return {
            "x": x.tolist(),
            "y": y.tolist(),
            "sums": data_sums(x, y),
            "best": {"m": m_best, "b": b_best, "loss": _mse(y, _feedforward(x, m_best, b_best))},
            "labels": {"x": X_LABEL, "y": Y_LABEL},
        }

    def result(self) -> float:
        """nnlib's mean squared error of the line at the current m and b."""
        return _mse(self._y, _feedforward(self._x, self.m, self.b))

    def still(self) -> tuple[Figure, str]:
        """The data with the line at the current settings, and the loss as a function of m."""
        figure, (left, right) = new_figure(9, 3.4, ncols=2)
        plot_data(self._x, self._y, ax=left)
        plot_line(self._x, self.m, self.b, ax=left, label=f"y = {self.m:g} x + {self.b:g}")
        left.legend(loc="upper left")
        low, high = self.controls[0].range  # the slope slider's range
        plot_loss_vs_m(self._x, self._y, self.b, np.linspace(low, high, 121), ax=right)
        right.scatter([self.m], [self.result()], color="#d62728", zorder=3, label="this line")
        right.legend(loc="upper center")
        figure.tight_layout()
        alt = (
            f"The patients with the line y = {self.m:g} x + {self.b:g}, and beside them the mean "
            f"squared error as a function of the slope m for b = {self.b:g}, a parabola, with "
            f"this line's loss {self.result():.1f} marked on it."
        )
        return figure, alt

    def loss_from_sums(self) -> float:
        """The same loss from the data's sums, with the browser's formula in the browser's order."""
        return _clipped_mse_from_sums(self.sums, self.m, self.b)


class LineExplorer(_ResidualExplorer):
    """Chapter 1: drag the line (m and b), watch the residuals and their squares."""

    KIND = "line"
    controls: tuple[Control, ...] = (LINE_M, LINE_B, SHOW_BEST)

    def __init__(self, x: ArrayLike, y: ArrayLike, **settings: Any) -> None:
        data = self._data(x, y)
        self._start(settings, view=data_view(self._x, self._y), **data)
        self.loss = self.result()


class ParabolaExplorer(_ResidualExplorer):
    """Chapter 3: move the slope m with b held fixed; the loss traces a parabola in m."""

    KIND = "parabola"
    controls: tuple[Control, ...] = (PARABOLA_M,)
    lowest = t.Dict().tag(sync=True)  # the bottom of the parabola for this b

    def __init__(self, x: ArrayLike, y: ArrayLike, b: float = 10.0, **settings: Any) -> None:
        data = self._data(x, y)
        b = as_number(b, "b")
        sums: dict[str, float] = data["sums"]
        # The curve as the browser draws it (221 points), for the height of its frame.
        low, high = PARABOLA_M.range
        curve = [_clipped_mse_from_sums(sums, float(m), b) for m in np.linspace(low, high, 221)]
        if not all(math.isfinite(value) for value in curve):
            raise ValueError(f"b = {b:g} is too large: the loss overflows a float")
        # The lowest point of L(m) for this b (chapter 3's m*(b)), from the sums.
        m_star = (sums["sxy"] - b * sums["sx"]) / sums["sxx"]
        view = dict(
            data_view(self._x, self._y), m=list(PARABOLA_M.range), loss=[0.0, max(curve) * 1.05]
        )
        lowest = {"m": m_star, "loss": _clipped_mse_from_sums(sums, m_star, b)}
        self._start(settings, view=view, lowest=lowest, b=b, **data)
        self.loss = self.result()


def line_sliders(x: ArrayLike, y: ArrayLike, **settings: Any) -> LineExplorer:
    """Chapter 1's explorer: move the line over x, y of shape (n,), watch the squared errors.
    Settings: m, b, show_best (see `LineExplorer.controls`)."""
    return LineExplorer(x, y, **settings)


def parabola_sliders(
    x: ArrayLike, y: ArrayLike, b: float = 10.0, **settings: Any
) -> ParabolaExplorer:
    """Chapter 3's explorer: the slope m moves, b stays fixed; the loss L(m) over x, y (n,)."""
    return ParabolaExplorer(x, y, b, **settings)
