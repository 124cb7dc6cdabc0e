"""Shared fixtures: the seed data, a reproducible random regression problem, and the built book."""

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

import nnlib

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


@pytest.fixture
def patients():
    return nnlib.load_patients()


@pytest.fixture
def random_data():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, size=50)
    y = 4.0 * x - 7.0 + rng.normal(0.0, 1.5, size=50)
    return x, y


def toc_pages() -> list[str]:
    """Every page that _toc.yml lists (root first), in reading order, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))
            for part in entry.get("parts", []):
                walk(part.get("chapters"))

    walk([toc])
    return [
        str(Path(page).with_suffix("")) if Path(page).suffix in (".md", ".ipynb") else page
        for page in pages
    ]


def _jupyter_book() -> str:
    # Prefer the jupyter-book next to this Python, so a venv's copy wins over a global one.
    local = Path(sys.executable).with_name("jupyter-book")
    found = str(local) if local.exists() else shutil.which("jupyter-book")
    if found is None:
        pytest.fail("jupyter-book is not installed: python -m pip install -r requirements.txt")
    return found


@pytest.fixture(scope="session")
def built_book():
    """Build the book once per test session into _build/html and return the build log.

    --all rebuilds every page: Sphinx's incremental build would keep pages (and figures) made
    by an older nnlib or an older _ext/ extension, since it only notices edits to the pages.
    """
    result = subprocess.run(
        [_jupyter_book(), "build", "--all", "-W", "-n", "--keep-going", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"book build failed:\n{log[-5000:]}"
    return log


BROWSER_SKIP_PREFIX = "browser tests skipped"


def pytest_terminal_summary(terminalreporter):
    """One clear line when the browser tests were skipped for want of Chromium."""
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if BROWSER_SKIP_PREFIX in reason:
            terminalreporter.write_line(reason[reason.index(BROWSER_SKIP_PREFIX) :], yellow=True)
            return
