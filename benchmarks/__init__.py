"""How fast is it? The benchmark suite: `python -m benchmarks [--json] [--quick] [--notebooks]`.

The machine this runs on is shared and noisy, so no figure here is a lone wall-clock time that
could only be compared with another run's: every result is a median over many repetitions, or a
ratio of two things timed side by side, interleaved, in the same run.

- explorers: a slider move in each explorer, in headless Chromium, from the input event to the
             painted frame; and what each page of a built site loads in scripts and styles.
- training:  `nnlib.gradient_descent` on the book's 20 patients against the original blog
             post's loop.
- notebooks: (optional, slow) each chapter executed in a fresh kernel, and the nbval run.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # the MLP benchmark imports pyplot-free code, but never open a window

from .machine import machine_info
from .report import format_table, run_all

__all__ = ["format_table", "machine_info", "run_all"]
