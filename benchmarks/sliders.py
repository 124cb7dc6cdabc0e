"""One slider change, our way and the naive way, timed side by side.

Our way is exactly what the widget does when a reader moves a slider: `Sliders.set` reruns the
explorer's `update`, then `explorer.png()` makes the bytes the browser receives. The naive way is
what a first notebook would do: a brand-new two-panel pyplot figure per change, everything
(the contour included) plotted again, rendered to PNG at the same pixel size, then closed.
"""

from __future__ import annotations

import gc
import io
import struct
import time
from functools import partial

import matplotlib.pyplot as plt
import numpy as np

import nnlib
from nnlib.explorers import B0_RANGE, LEARNING_RATE_RANGE, M0_RANGE, STEP_CHOICES
from nnlib.plotting import DATA_COLOR, FIT_COLOR, X_LABEL, Y_LABEL, plot_loss_surface
from nnlib.widgets import learning_rate_sliders, loss_surface_sliders

EXPLORERS = {"learning_rate": learning_rate_sliders, "loss_surface": loss_surface_sliders}


SLIDERS = ("learning_rate", "m0", "b0", "steps")


def slider_changes(count: int, start: dict, seed: int = 5) -> list[dict]:
    """`count` slider changes: one slider moves at a time, as under a reader's mouse.

    The sliders take turns (learning rate, m0, b0, steps, learning rate, ...). Each visits
    values spread over its whole range in a shuffled but fixed order: learning rates
    log-spaced over LEARNING_RATE_RANGE (the slider is logarithmic), m0 and b0 evenly spaced
    over theirs, steps spread over STEP_CHOICES. Returns every setting after each change,
    starting from `start`, with the name of the slider that moved under "moved".
    """
    rng = np.random.default_rng(seed)
    per_slider = -(-count // len(SLIDERS))  # ceil
    choices = np.array(STEP_CHOICES)
    values = {
        "learning_rate": np.geomspace(*LEARNING_RATE_RANGE, per_slider),
        "m0": np.linspace(*M0_RANGE, per_slider),
        "b0": np.linspace(*B0_RANGE, per_slider),
        "steps": choices[np.linspace(0, len(choices) - 1, per_slider).round().astype(int)],
    }
    values = {name: rng.permutation(v) for name, v in values.items()}
    setting = dict(start)
    changes = []
    for i in range(count):
        name = SLIDERS[i % len(SLIDERS)]
        value = values[name][i // len(SLIDERS)]
        setting = {**setting, name: int(value) if name == "steps" else float(value)}
        changes.append({**setting, "moved": name})
    return changes


def _png_width(png: bytes) -> int:
    # A PNG starts with an 8-byte signature and the IHDR chunk: length, type, then the width.
    return struct.unpack(">I", png[16:20])[0]


def plain_descent(x, y, m0, b0, learning_rate, steps):
    """Full-batch gradient descent one numpy step at a time: the straightforward version."""
    m_path, b_path, losses = [m0], [b0], []
    m, b = m0, b0
    start = None
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps + 1):
            error = m * x + b - y
            loss = float(np.mean(error**2))
            losses.append(loss)
            start = loss if start is None else start
            if not np.isfinite(loss) or loss > 1e6 * (start + 1):
                break
            if len(losses) == steps + 1:
                break
            m, b = (
                m - learning_rate * np.mean(2 * error * x),
                b - learning_rate * np.mean(2 * error),
            )
            m_path.append(m)
            b_path.append(b)
    return np.array(m_path[: len(losses)]), np.array(b_path[: len(losses)]), np.array(losses)


def _finite(values):
    return np.clip(np.where(np.isfinite(values), values, np.nan), -1e6, 1e6)


def naive_learning_rate_png(x, y, setting, dpi):
    """The learning-rate figure from scratch: new figure, every artist, PNG, close."""
    m_path, b_path, losses = plain_descent(
        x, y, setting["m0"], setting["b0"], setting["learning_rate"], setting["steps"]
    )
    fig, (data_ax, loss_ax) = plt.subplots(1, 2, figsize=(10, 4), facecolor="white")
    data_ax.scatter(x, y, color=DATA_COLOR, zorder=3, label="data")
    span = np.array([x.min(), x.max()])
    data_ax.plot(
        span, _finite(setting["m0"] * span + setting["b0"]), "--", color="gray", label="start"
    )
    with np.errstate(over="ignore", invalid="ignore"):
        data_ax.plot(
            span,
            _finite(m_path[-1] * span + b_path[-1]),
            color=FIT_COLOR,
            linewidth=2,
            label="after training",
        )
    data_ax.set_ylim(y.min() - 0.25 * np.ptp(y), y.max() + 0.25 * np.ptp(y))
    data_ax.set_xlabel(X_LABEL)
    data_ax.set_ylabel(Y_LABEL)
    data_ax.grid(alpha=0.3)
    data_ax.legend(loc="upper left")
    keep = np.isfinite(losses) & (losses > 0)
    loss_ax.plot(np.arange(len(losses))[keep], losses[keep], color=FIT_COLOR)
    loss_ax.set_yscale("log")
    loss_ax.set_xscale("symlog", linthresh=1)
    loss_ax.set_xlabel("step (log scale)")
    loss_ax.set_ylabel("mean squared error (log scale)")
    loss_ax.grid(alpha=0.3, which="both")
    fig.suptitle(f"learning rate {setting['learning_rate']:.4g}, {setting['steps']} steps")
    return _render_and_close(fig, dpi)


def naive_loss_surface_png(x, y, setting, dpi):
    """The loss-surface figure from scratch, contour and all."""
    m_path, b_path, _ = plain_descent(
        x, y, setting["m0"], setting["b0"], setting["learning_rate"], setting["steps"]
    )
    m_best, b_best = nnlib.closed_form(x, y)
    fig, (surface_ax, gap_ax) = plt.subplots(1, 2, figsize=(10, 4), facecolor="white")
    plot_loss_surface(x, y, M0_RANGE, B0_RANGE, ax=surface_ax, resolution=150)
    surface_ax.plot(
        _finite(m_path),
        _finite(b_path),
        color="#ff7f0e",
        marker=".",
        markersize=3,
        linewidth=1.2,
        label="gradient descent",
    )
    surface_ax.plot([setting["m0"]], [setting["b0"]], "o", color="#ff7f0e", label="start")
    surface_ax.legend(loc="upper right", fontsize=8)
    steps = np.arange(len(m_path))
    with np.errstate(over="ignore", invalid="ignore"):
        for path, best, label in ((m_path, m_best, "|m − m*|"), (b_path, b_best, "|b − b*|")):
            gap = np.abs(path - best)
            keep = np.isfinite(gap) & (gap > 0)
            gap_ax.plot(steps[keep], gap[keep], label=label)
    gap_ax.set_yscale("log")
    gap_ax.set_xlabel("step")
    gap_ax.set_ylabel("distance to the optimum (log scale)")
    gap_ax.grid(alpha=0.3, which="both")
    gap_ax.legend(loc="lower left", fontsize=8)
    fig.suptitle(f"learning rate {setting['learning_rate']:.4g}, {setting['steps']} steps")
    return _render_and_close(fig, dpi)


def _render_and_close(fig, dpi):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


NAIVE = {"learning_rate": naive_learning_rate_png, "loss_surface": naive_loss_surface_png}


def _timed(action):
    gc.collect()  # a garbage collection landing inside one timing would be noise, not our cost
    start = time.perf_counter()
    value = action()
    return (time.perf_counter() - start) * 1000, value


def bench_sliders(changes: int = 24) -> dict:
    """Time `changes` slider changes in each explorer, ours and naive, interleaved pairwise."""
    x, y = nnlib.load_patients()
    per_explorer = {}
    all_ours, all_ratios = [], []
    for name, make in EXPLORERS.items():
        sliders = make(x, y)
        start = {
            "learning_rate": sliders.learning_rate.value,
            "m0": sliders.m0.value,
            "b0": sliders.b0.value,
            "steps": sliders.steps.value,
        }
        settings = slider_changes(changes, start)

        def ours(setting, sliders=sliders):
            moved = setting["moved"]
            sliders.set(**{moved: setting[moved]})  # one slider moves ...
            return sliders.explorer.png()  # ... and these bytes go to the browser

        # The naive figure gets the same number of pixels as ours, whatever DPI we use live.
        dpi = _png_width(sliders.explorer.png()) / 10  # (also warms up ours)
        NAIVE[name](x, y, start, dpi)  # warm-up: fonts, caches, first-call imports
        ours_ms, naive_ms = [], []
        for i, setting in enumerate(settings):
            # Alternate which goes first, so neither always inherits a warm (or cold) cache.
            pair = [
                ("ours", partial(ours, setting)),
                ("naive", partial(NAIVE[name], x, y, setting, dpi)),
            ]
            for label, action in pair if i % 2 == 0 else pair[::-1]:
                elapsed, png = _timed(action)
                assert png.startswith(b"\x89PNG")
                (ours_ms if label == "ours" else naive_ms).append(elapsed)
        ratios = np.array(naive_ms) / np.array(ours_ms)
        per_explorer[name] = {
            "ours_ms_median": float(np.median(ours_ms)),
            "ours_ms_p90": float(np.percentile(ours_ms, 90)),
            "naive_ms_median": float(np.median(naive_ms)),
            "speedup_vs_naive": float(np.median(ratios)),
            "png_width_px": _png_width(sliders.explorer.png()),
        }
        all_ours += ours_ms
        all_ratios += list(ratios)
    return {
        "slider_changes": changes,
        "slider_update_ms_median": float(np.median(all_ours)),
        "slider_speedup_vs_naive": float(np.median(all_ratios)),
        "sliders_by_explorer": per_explorer,
    }
