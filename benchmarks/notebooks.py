"""Whole-book timings (slow, optional): each chapter in a fresh kernel, and the nbval run.

These are single wall-clock times, not ratios: read them as "about how long", not to the second.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def bench_notebooks() -> dict:
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    seconds = {}
    for path in chapters:
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        client.execute()  # a fresh kernel per notebook, started and shut down inside
        seconds[path.stem] = time.perf_counter() - start
    start = time.perf_counter()
    nbval = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "chapters/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return {
        "notebook_seconds": seconds,
        "nbval_seconds": time.perf_counter() - start,
        "nbval_passed": nbval.returncode == 0,
    }
