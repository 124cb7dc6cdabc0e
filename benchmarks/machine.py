"""What the benchmarks ran on: timings mean little without the machine and the versions."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

import matplotlib
import numpy as np


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> dict:
    """CPU model, core count, operating system and the versions that matter for the timings."""
    try:
        import PIL

        pillow = PIL.__version__
    except ImportError:  # matplotlib needs Pillow, but say so rather than crash if it is missing
        pillow = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "matplotlib_backend": matplotlib.get_backend(),
        "pillow": pillow,
        "executable": Path(sys.executable).name,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
