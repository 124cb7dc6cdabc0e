"""Figures that redraw in place for new slider values: the engines behind the book's sliders.

Each explorer owns one matplotlib Figure (not registered with pyplot, so a notebook never shows a
stray copy) and, on `update(...)`, reruns gradient descent and moves its existing lines instead
of drawing a new figure. `png()` renders the current state. No ipywidgets here: the sliders live
in nnlib.widgets, so these classes can be tested and benchmarked without a browser.

Why a slider feels instant: most of a figure never changes when a slider moves (the contour, the
data, the axes, their ticks and labels), and drawing those is most of the cost of a frame. So the
unchanging part is drawn once and kept as pixels (a "background"); each frame copies it back and
draws on top only the artists that move. This is matplotlib's "blitting"; the result looks the
same as drawing the whole figure again (pixels may differ by a rounding step, 1 or 2 in 255).
"""

from __future__ import annotations

import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ._validation import as_vector, same_length
from .descent import DescentResult, gradient_descent, max_stable_learning_rate
from .plotting import DATA_COLOR, FIT_COLOR, X_LABEL, Y_LABEL, plot_loss_surface, warning_text
from .regression import closed_form

# Slider ranges, shared by the widgets and the tests that try every corner.
LEARNING_RATE_RANGE = (1e-5, 1e-1)
M0_RANGE = (-20.0, 40.0)
B0_RANGE = (-100.0, 200.0)
STEP_CHOICES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)

# Drawing coordinates are clipped here: far outside every view, but safe for matplotlib's
# transforms when a diverged run has reached 1e150 or inf.
_DRAW_LIMIT = 1e6
_PNG_DPI = 90
# A rectangle of the canvas saved by `copy_from_bbox` (matplotlib's BufferRegion, untyped).
BufferRegion = Any
# A transparent layer of pixels: where its lower-left corner goes, and its RGBA rows (or None if
# nothing in it is visible).
_Layer = tuple[int, int, np.ndarray] | None

# Backgrounds kept per set of axis limits (about 1.3 MB each): enough for a reader going back and
# forth between all the step counts, small enough not to matter.
_MAX_CACHED = 16


def _drawable(values: np.ndarray) -> np.ndarray:
    return np.clip(np.where(np.isfinite(values), values, np.nan), -_DRAW_LIMIT, _DRAW_LIMIT)


def _decade_limits(low: float, high: float) -> tuple[float, float]:
    """(low, high) widened to whole powers of ten: tidy log-scale limits that change rarely,
    so the cached background with those ticks can be reused for most slider moves."""
    return float(10 ** np.floor(np.log10(low))), float(10 ** np.ceil(np.log10(high)))


def _two_panel_figure() -> Figure:
    # A fixed layout: the labels never change size, and an automatic layout engine would
    # redo its work (and draw twice) on every slider move.
    figure = Figure(figsize=(10, 4), dpi=_PNG_DPI, facecolor="white")
    figure.subplots_adjust(left=0.075, right=0.985, bottom=0.13, top=0.9, wspace=0.3)
    FigureCanvasAgg(figure)  # renders to pixels in memory; attaches itself as figure.canvas
    return figure


@contextmanager
def _hidden(artists: list[Artist]) -> Iterator[None]:
    """Leave these artists out of a draw: matplotlib skips "animated" artists when drawing."""
    before = [artist.get_animated() for artist in artists]
    for artist in artists:
        artist.set_animated(True)
    try:
        yield
    finally:
        for artist, animated in zip(artists, before):
            artist.set_animated(animated)


def _png(rgba: np.ndarray) -> bytes:
    """Pixels of shape (height, width, 4), uint8, as PNG bytes, encoded for speed over size.

    A PNG is a signature and three chunks: the image size (IHDR), the zlib-compressed rows,
    each prefixed by a filter byte (IDAT), and an end marker (IEND). Filter 0 ("none") and
    zlib's fastest level take a few milliseconds where the usual settings take several times
    as long, for a file a little larger: right for an image replaced at every slider move.
    The canvas's own RGBA layout is kept: dropping alpha would cost more than it saves.
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # column 0: filter byte 0
    rows[:, 1:] = rgba.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.data, 1))
        + chunk(b"IEND", b"")
    )


def _divergence_message(limit: float) -> str:
    # The same words for every diverged run (the title names the learning rate, the loss curve
    # shows the step), so the box's pixels can be drawn once and reused.
    return f"Diverged: the loss blew up.\nThis learning rate is above the stable limit {limit:.4f}."


class _Explorer:
    """Common parts: the data, the figure, and rendering to PNG bytes by blitting.

    A subclass builds `figure` with its axes, and names the artists an update changes
    (`moving`), the one axes whose limits an update may change (`moving_axes`) and the
    figure's title (`title`, which changes too). Anything else is drawn once and reused: after
    changing any other part of the figure yourself, call `invalidate()`.
    """

    figure: Figure
    moving: list[Artist]
    moving_axes: Axes
    title: Text
    message: Text

    def __init__(self, x: object, y: object) -> None:
        self.x = as_vector(x, "x")
        self.y = as_vector(y, "y")
        same_length(self.x, "x", self.y, "y")
        self.stable_limit = max_stable_learning_rate(self.x)
        self.result: DescentResult | None = None
        # Pixels drawn once and reused; all of them are dropped if the figure's size changes.
        self._size: tuple[float, ...] | None = None
        self._base: BufferRegion | None = None  # all that never changes
        self._backgrounds: OrderedDict[tuple, BufferRegion] = OrderedDict()  # by axis limits
        self._layers: OrderedDict[tuple, _Layer] = OrderedDict()  # by what the layer shows

    @property
    def canvas(self) -> FigureCanvasAgg:
        """The figure's canvas, which renders to pixels in memory."""
        canvas = self.figure.canvas
        assert isinstance(canvas, FigureCanvasAgg)
        return canvas

    def _describe(self, result: DescentResult) -> None:
        """Title the figure with the run's outcome, and warn on it when the run blew up."""
        self._show_warning(result)
        if result.diverged:
            title = f"learning rate {result.learning_rate:.4g}: diverged"
        else:
            # The loss itself is on the right panel; every character of the title is redrawn
            # on each move, and text is what matplotlib draws slowest.
            title = (
                f"learning rate {result.learning_rate:.4g}, {result.steps} steps: "
                f"m = {result.m:.4f}, b = {result.b:.4f}"
            )
        self.title.set_text(title)

    def _show_warning(self, result: DescentResult) -> None:
        """Say on the figure when a run diverged, or is about to (too few steps to see it yet)."""
        if result.diverged:
            self.message.set_text(_divergence_message(self.stable_limit))
        elif result.learning_rate > self.stable_limit:
            self.message.set_text(
                f"Above the stable limit {self.stable_limit:.4f}: the loss is growing\n"
                "and more steps will make it diverge."
            )
        self.message.set_visible(result.diverged or result.learning_rate > self.stable_limit)

    def invalidate(self) -> None:
        """Forget every cached pixel: the next `png()` draws the whole figure again."""
        self._size = None

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        self._draw()
        return _png(np.asarray(self.canvas.buffer_rgba()))

    # Rendering. A full draw paints the artists of each axes in zorder order. Here that order
    # is cut in three. The artists before the first moving one (contour, grid, ticks, labels)
    # make the background, kept as pixels. From the first to the last moving artist, all are
    # drawn afresh. The unchanging artists after the last moving one (legend, data points,
    # frame) are drawn once onto a transparent layer, pasted on top.

    def _draw(self) -> None:
        """Bring the canvas up to date with the artists' current state."""
        size = (self.figure.dpi, *self.figure.get_size_inches())
        if size != self._size:  # a new size or resolution: no cached pixels fit any more
            self._size, self._base = size, None
            self._backgrounds.clear()
            self._layers.clear()
        canvas = self.canvas
        canvas.restore_region(self._background())
        renderer = canvas.get_renderer()
        for ax in self.figure.axes:
            _, middle, top = self._split(ax)
            for artist in middle:
                if artist is self.message:
                    # Text is the slowest thing to draw, and the warning's words repeat from
                    # move to move: its pixels are cached like a layer, keyed by the words.
                    if artist.get_visible():
                        self._paste(self._layer([artist], ("message", artist.get_text())))
                else:
                    artist.draw(renderer)
            self._paste(self._layer(top, (id(ax), ax.get_xlim(), ax.get_ylim())))
        self.title.draw(renderer)  # the figure draws its title after its axes

    def _split(self, ax: Axes) -> tuple[list[Artist], list[Artist], list[Artist]]:
        """The artists of `ax` in drawing order, cut before the first and after the last mover."""
        moving = {id(artist) for artist in self.moving}
        order = sorted(
            (a for a in ax.get_children() if a is not ax.patch), key=attrgetter("zorder")
        )  # a stable sort, as in Axes.draw
        indices = [i for i, artist in enumerate(order) if id(artist) in moving]
        first, last = (indices[0], indices[-1] + 1) if indices else (len(order), len(order))
        return order[:first], order[first:last], order[last:]

    def _background(self) -> BufferRegion:
        """The pixels under the moving artists for the current limits, composed if not cached.

        The limits of `moving_axes` change with some slider moves (the steps slider sets the
        x range), so its own background (grid, ticks, labels) cannot be drawn once for all.
        But its x axis depends on the x limits only and its y axis on the y limits only: each
        is drawn onto its own layer, cached, and a change of steps redraws the x axis alone.
        """
        ax = self.moving_axes
        key = (ax.get_xlim(), ax.get_ylim())
        if key in self._backgrounds:
            self._backgrounds.move_to_end(key)  # so the least recently used goes first
            return self._backgrounds[key]
        canvas = self.canvas
        below, _, _ = self._split(ax)
        if self._base is None:  # everything else never changes: draw it once
            foreground: list[Artist] = [self.title]
            for each in self.figure.axes:
                _, middle, top = self._split(each)
                foreground += middle + top
            with _hidden(foreground + below):
                canvas.draw()
            self._base = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._base)
        for artist in below:
            depends_on: tuple
            if artist is ax.xaxis:
                depends_on = ("x", key[0])
            elif artist is ax.yaxis:
                depends_on = ("y", key[1])
            else:
                depends_on = (id(artist), key)
            self._paste(self._layer([artist], depends_on))
        self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
        if len(self._backgrounds) > _MAX_CACHED:
            self._backgrounds.popitem(last=False)
        return self._backgrounds[key]

    def _layer(self, artists: list[Artist], key: tuple) -> _Layer:
        """`artists` drawn onto a transparent layer, cached under `key`: (x, y, RGBA) or None."""
        if key in self._layers:
            self._layers.move_to_end(key)
            return self._layers[key]
        width, height = self.canvas.get_width_height(physical=True)
        renderer = RendererAgg(width, height, self.figure.dpi)  # starts fully transparent
        for artist in artists:
            artist.draw(renderer)
        pixels = np.asarray(renderer.buffer_rgba())
        rows, cols = np.nonzero(pixels[:, :, 3])
        layer = None
        if rows.size:  # keep only the part that is not transparent: less to paste
            top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
            # As matplotlib's own agg_filter does it: draw_image takes the rows bottom first,
            # and the position of the lower-left corner counted from the bottom.
            layer = (int(left), int(height - bottom), pixels[top:bottom, left:right][::-1].copy())
        self._layers[key] = layer
        if len(self._layers) > 3 * _MAX_CACHED:
            self._layers.popitem(last=False)
        return layer

    def _paste(self, layer: _Layer) -> None:
        if layer is not None:
            renderer = self.canvas.get_renderer()
            gc = renderer.new_gc()
            renderer.draw_image(gc, *layer)
            gc.restore()


class LearningRateExplorer(_Explorer):
    """Left: the data with the starting line and the learned line. Right: loss against step."""

    def __init__(self, x: object, y: object) -> None:
        super().__init__(x, y)
        # The least-squares loss: no run goes below it. (lstsq, unlike closed_form, also
        # copes with data whose x are all equal.)
        design = np.column_stack([self.x, np.ones_like(self.x)])
        best = np.linalg.lstsq(design, self.y, rcond=None)[0]
        self._lowest_loss = float(np.mean((design @ best - self.y) ** 2))
        self.figure = _two_panel_figure()
        self.data_ax, self.loss_ax = self.figure.subplots(1, 2)
        self._build()

    def _build(self) -> None:
        ax = self.data_ax
        ax.scatter(self.x, self.y, color=DATA_COLOR, zorder=3, label="data")
        ax.set_xlabel(X_LABEL)
        ax.set_ylabel(Y_LABEL)
        ax.grid(alpha=0.3)
        # Fixed limits keep the axes readable whatever line a diverged run ends on.
        x_pad = 0.05 * np.ptp(self.x) + 1e-9
        y_pad = 0.25 * np.ptp(self.y) + 1e-9
        ax.set_xlim(self.x.min() - x_pad, self.x.max() + x_pad)
        ax.set_ylim(self.y.min() - y_pad, self.y.max() + y_pad)
        self._span = np.array(ax.get_xlim())
        (self.start_line,) = ax.plot([], [], color="gray", linestyle="--", label="start")
        (self.fit_line,) = ax.plot([], [], color=FIT_COLOR, linewidth=2, label="after training")
        ax.legend(loc="upper left")

        ax = self.loss_ax
        (self.loss_line,) = ax.plot([], [], color=FIT_COLOR)
        ax.set_yscale("log")
        # Linear up to step 1, logarithmic after: the fast first steps and the slow crawl of
        # thousands of steps both stay visible.
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlabel("step (log scale)")
        ax.set_ylabel("mean squared error (log scale)")
        ax.grid(alpha=0.3, which="both")
        self.message = warning_text(ax)
        self.title = self.figure.suptitle("")
        self.moving = [self.start_line, self.fit_line, self.loss_line, self.message]
        self.moving_axes = self.loss_ax

    def update(self, learning_rate: float, m0: float, b0: float, steps: int) -> DescentResult:
        """Rerun gradient descent with these settings and move the lines; returns the run."""
        result = gradient_descent(self.x, self.y, m0, b0, learning_rate, steps)
        self.result = result
        self.start_line.set_data(self._span, _drawable(m0 * self._span + b0))
        with np.errstate(over="ignore", invalid="ignore"):
            end = _drawable(result.m * self._span + result.b)
        self.fit_line.set_data(self._span, end)

        finite = np.isfinite(result.losses) & (result.losses > 0)
        steps_axis = np.arange(len(result.losses))
        self.loss_line.set_data(steps_axis[finite], result.losses[finite])
        self.loss_ax.set_xlim(0, max(steps, 1))
        # Limits from the start and the data only, not from the learning rate or the run: they
        # then stay put as the learning rate moves (and so does the cached background). No
        # stable run leaves this band; a diverging one leaves through the top, with a warning.
        start = result.losses[0]
        if np.isfinite(start) and start > 0:
            self.loss_ax.set_ylim(
                *_decade_limits(max(self._lowest_loss / 2, 1e-6 * start), 2 * start)
            )
        else:  # a start exactly on a perfect fit (loss 0), or overflowing: nothing to show
            self.loss_ax.set_ylim(1.0, 10.0)

        self._describe(result)
        return result


class LossSurfaceExplorer(_Explorer):
    """Left: the descent path on the loss contour. Right: how far m and b are from the optimum."""

    def __init__(
        self,
        x: object,
        y: object,
        m_range: tuple[float, float] = M0_RANGE,
        b_range: tuple[float, float] = B0_RANGE,
    ) -> None:
        super().__init__(x, y)
        self.m_best, self.b_best = closed_form(self.x, self.y)
        self.figure = _two_panel_figure()
        self.surface_ax, self.gap_ax = self.figure.subplots(1, 2)
        # The contour never changes with the sliders: draw it once.
        plot_loss_surface(self.x, self.y, m_range, b_range, ax=self.surface_ax, resolution=150)
        (self.path_line,) = self.surface_ax.plot(
            [],
            [],
            color="#ff7f0e",
            marker=".",
            markersize=3,
            linewidth=1.2,
            label="gradient descent",
        )
        (self.start_point,) = self.surface_ax.plot(
            [], [], "o", color="#ff7f0e", markeredgecolor="black", label="start"
        )
        self.surface_ax.legend(loc="upper right", fontsize=8)
        self._build_gap_axes()
        self.title = self.figure.suptitle("")
        self.moving = [
            self.path_line,
            self.start_point,
            self.m_gap_line,
            self.b_gap_line,
            self.message,
        ]
        self.moving_axes = self.gap_ax

    def _build_gap_axes(self) -> None:
        ax = self.gap_ax
        # The optimum sits in the legend, drawn once, rather than in the title redrawn per move.
        (self.m_gap_line,) = ax.plot(
            [], [], label=f"|m − m*|, slope (m* = {self.m_best:.4f})", color="#1f77b4"
        )
        (self.b_gap_line,) = ax.plot(
            [], [], label=f"|b − b*|, intercept (b* = {self.b_best:.4f})", color="#2ca02c"
        )
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("distance to the optimum (log scale)")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="lower left", fontsize=8)
        self.message = warning_text(ax)

    def update(self, learning_rate: float, m0: float, b0: float, steps: int) -> DescentResult:
        """Rerun gradient descent with these settings and redraw the path; returns the run."""
        result = gradient_descent(self.x, self.y, m0, b0, learning_rate, steps)
        self.result = result
        self.path_line.set_data(_drawable(result.m_path), _drawable(result.b_path))
        # A dot every k-th step, at most about 100 dots: they bunch up where progress is slow,
        # and ten thousand of them would cost more to draw than everything else together.
        self.path_line.set_markevery(max(1, len(result.m_path) // 100))
        self.start_point.set_data([m0], [b0])

        with np.errstate(over="ignore", invalid="ignore"):
            m_gap = np.abs(result.m_path - self.m_best)
            b_gap = np.abs(result.b_path - self.b_best)
        steps_axis = np.arange(len(result.losses))
        for line, gap in ((self.m_gap_line, m_gap), (self.b_gap_line, b_gap)):
            keep = np.isfinite(gap) & (gap > 0)
            line.set_data(steps_axis[keep], gap[keep])
        self.gap_ax.set_xlim(0, max(steps, 1))
        # As in the learning-rate explorer, limits that depend on the start only: four decades
        # below its distance to the optimum, which a stable run never exceeds by much.
        high = 2 * max(m_gap[0], b_gap[0], 1e-8)
        self.gap_ax.set_ylim(*_decade_limits(1e-4 * high, high))

        self._describe(result)
        return result
