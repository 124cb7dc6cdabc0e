"""How fast is it? The benchmark suite: `python -m benchmarks [--json] [--quick] [--notebooks]`.

The machine this runs on is shared and noisy, so no figure here is a lone wall-clock time that
could only be compared with another run's: every result is a median over many repetitions, or a
ratio of two things timed side by side, interleaved, in the same run.

- sliders:   one slider change in each explorer (recompute the descent, render the PNG the
             widget sends), against the naive way (a new pyplot figure per change).
- training:  `nnlib.gradient_descent` on the seed task against the original blog post's loop.
- notebooks: (optional, slow) each chapter executed in a fresh kernel, and the nbval run.
"""

from __future__ import annotations

import matplotlib

# Agg renders to pixels with no window: exactly the work of making the PNG a widget sends.
matplotlib.use("Agg")

from .machine import machine_info
from .report import format_table, run_all

__all__ = ["format_table", "machine_info", "run_all"]
