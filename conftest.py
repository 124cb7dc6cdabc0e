"""Test-session set-up for the whole repository (unit tests, notebooks, book build).

Every test process and every process it starts (notebook kernels, the book build) runs under the
network guard in tests/network_guard: a connection to any host but this machine fails the test.
"""

import os
import runpy
from pathlib import Path

import pytest

_GUARD = Path(__file__).resolve().parent / "tests" / "network_guard"


def pytest_configure(config):
    # Child processes (notebook kernels, the book build) import the guard from PYTHONPATH at
    # start-up; this process runs it directly.
    paths = [str(_GUARD)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    if not getattr(pytest, "_nnbook_guarded", False):
        runpy.run_path(str(_GUARD / "sitecustomize.py"))
        pytest._nnbook_guarded = True
