"""Shared fixtures: the seed data, a reproducible random regression problem, and the built book."""

import os
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
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _no_browser(reason: str):
    message = (
        f"{BROWSER_SKIP_PREFIX}: {reason}. To run them: apt-get install chromium "
        f"(or set CHROMIUM_PATH to a Chromium binary)."
    )
    if os.environ.get("NNBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(message.replace(BROWSER_SKIP_PREFIX, "browser tests cannot run"))
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    path = _chromium_path()
    if path is None:
        _no_browser("Chromium not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def pytest_terminal_summary(terminalreporter):
    """One clear line when the browser tests were skipped for want of Chromium."""
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if BROWSER_SKIP_PREFIX in reason:
            terminalreporter.write_line(reason[reason.index(BROWSER_SKIP_PREFIX) :], yellow=True)
            return
