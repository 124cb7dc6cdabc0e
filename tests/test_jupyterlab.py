"""The README's "run the notebooks locally" promise, tested as a reader keeps it.

JupyterLab is started on 127.0.0.1 with a token over a temporary copy of a chapter; headless
Chromium opens the notebook, runs all cells, moves an explorer's slider with the keyboard and
checks that the numbers shown are nnlib's; then reloads the page, and saves, closes and opens
the notebook again, and checks that the explorer is still live and no error is shown. Before
any cell runs, the (untrusted) notebook shows the explorer's note instead.
Needs Chromium, like tests/test_site.py (skipped without it unless NNBOOK_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

import nnlib
from conftest import ROOT
from nnlib.explorers import learning_rate_sliders

pytestmark = pytest.mark.browser

CHAPTER = "05_learning_rate.ipynb"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
ROOT_SELECTOR = '.jp-OutputArea .nnbook-explorer-root[data-kind="learning_rate"]'


# Notebook 7.6 itself throws these on opening a notebook in a fresh set-up (its file browser
# and settings plugins); they have nothing to do with the book. Anything else fails the test.
NOTEBOOK_7_OWN_ERRORS = {
    "Cannot read properties of undefined (reading 'schema')",
    "Command 'filebrowser:open-path' not registered.",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server over a copy of one chapter; yields (base URL, token, its folder)."""
    home = tmp_path_factory.mktemp("lab")
    folder = home / "chapters"
    folder.mkdir()
    shutil.copy(ROOT / "chapters" / CHAPTER, folder)
    token, port = secrets.token_hex(16), _free_port()
    env = dict(
        os.environ,
        # A reader's fresh set-up: no settings or workspaces from earlier runs.
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
    )
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",  # CI runs as root; harmless otherwise
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={folder}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited:\n{(home / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield base, token, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _show_explorer(page) -> None:
    """Scroll to the explorer's cell (JupyterLab renders far-away outputs lazily) and wait."""
    page.locator(
        ".jp-CodeCell", has_text="learning_rate_sliders(x, y)"
    ).last.scroll_into_view_if_needed()
    page.locator(ROOT_SELECTOR).last.wait_for(timeout=60_000)
    page.locator(ROOT_SELECTOR).last.scroll_into_view_if_needed()


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def _run_all(page) -> None:
    """Run → Run All Cells, then wait until every code cell shows its execution count."""
    _menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }""",
        timeout=180_000,
    )


def _numbers(page) -> dict[str, str]:
    return page.locator(ROOT_SELECTOR).last.evaluate(
        "root => Object.fromEntries(Object.entries(root.dataset))"
    )


def _matches_nnlib(data: dict[str, str]) -> None:
    x, y = nnlib.load_patients()
    run = nnlib.gradient_descent(
        x, y, float(data["m0"]), float(data["b0"]), float(data["learning_rate"]), int(data["steps"])
    )
    assert data["diverged"] == str(run.diverged).lower()
    if not run.diverged:
        assert abs(float(data["m"]) - run.m) <= 1e-9 * max(1, abs(run.m)), (data, run.m)
        assert abs(float(data["b"]) - run.b) <= 1e-9 * max(1, abs(run.b)), (data, run.b)


def _move_and_check(page) -> None:
    before = _numbers(page)
    slider = page.locator(ROOT_SELECTOR).last.locator('input[type="range"]').first
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function(
        "([selector, rate]) => { const roots = document.querySelectorAll(selector);"
        " return roots.length && roots[roots.length - 1].dataset.learning_rate !== rate; }",
        arg=[ROOT_SELECTOR, before["learning_rate"]],
        timeout=10_000,
    )
    after = _numbers(page)
    assert after["m"] != before["m"]
    _matches_nnlib(after)


def _no_errors_shown(page) -> None:
    text = page.locator(".jp-Notebook").inner_text()
    assert "Error displaying widget" not in text
    assert "Traceback" not in text
    assert page.locator('.jp-OutputArea-output[data-mime-type*="stderr"]').count() == 0


def _open(page, base: str, token: str) -> None:
    page.goto(f"{base}/lab/tree/{CHAPTER}?token={token}", wait_until="load")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)


def _shut_down_kernels(base: str, token: str) -> None:
    """Every running kernel shut down through the server's REST API (as Kernel → Shut Down)."""
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as answer:
        kernels = json.load(answer)
    assert kernels, "no kernel was running"
    for kernel in kernels:
        request = urllib.request.Request(
            f"{base}/api/kernels/{kernel['id']}?token={token}", method="DELETE"
        )
        urllib.request.urlopen(request, timeout=30).close()
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as answer:
        assert json.load(answer) == []


def _saved_explorer_state(path) -> dict:
    """The explorer's state as the saved notebook holds it (widget state in its metadata)."""
    notebook = nbformat.read(path, as_version=4)
    states = notebook.metadata["widgets"][WIDGET_STATE]["state"]
    found = [
        entry["state"] for entry in states.values() if entry["state"].get("kind") == "learning_rate"
    ]
    assert len(found) == 1, f"{len(found)} saved explorer states"
    return found[0]


def test_chapter_explorer_is_live_in_jupyterlab(browser, lab):
    base, token, folder = lab
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        _open(page, base, token)
        # Opened, before anything runs: JupyterLab does not run the scripts of a notebook it has
        # not seen run (an untrusted one), so the cell shows the note that says what to do.
        cell = page.locator(".jp-CodeCell", has_text="learning_rate_sliders(x, y)").last
        cell.scroll_into_view_if_needed()
        note = cell.locator(".nnbook-explorer-note")
        note.wait_for(timeout=60_000)
        # The note nnlib writes today (a stale committed notebook would show an older one).
        x, y = nnlib.load_patients()
        assert (note.text_content() or "").strip() == learning_rate_sliders(x, y).note()
        _no_errors_shown(page)
        # Clear every output, run all cells, and wait until every code cell has run again.
        _menu(page, "Edit", "editmenu:clear-all")
        page.wait_for_function(
            "() => document.querySelectorAll('.jp-OutputArea-output').length === 0"
        )
        _run_all(page)
        _show_explorer(page)
        _matches_nnlib(_numbers(page))
        _move_and_check(page)
        _no_errors_shown(page)

        # Saved: the file holds the explorer's state, with the reader's setting.
        moved = _numbers(page)["learning_rate"]
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=10_000)
        saved = _saved_explorer_state(folder / CHAPTER)
        assert repr(saved["learning_rate"]) == moved and "_esm" in saved

        # The kernel shut down and the notebook opened again: live from the saved state alone.
        page.close()
        _shut_down_kernels(base, token)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        _open(page, base, token)
        _show_explorer(page)
        assert _numbers(page)["learning_rate"] == moved
        _move_and_check(page)
        _no_errors_shown(page)
        assert not errors, errors
    finally:
        context.close()


def test_chapter_explorer_is_live_in_notebook_7(browser, lab):
    """The same chapter in Notebook 7 (`jupyter notebook`), served by the same server."""
    base, token, _ = lab
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{base}/notebooks/{CHAPTER}?token={token}", wait_until="load")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        _run_all(page)
        _show_explorer(page)
        _matches_nnlib(_numbers(page))
        _move_and_check(page)
        _no_errors_shown(page)
        assert not [error for error in errors if error not in NOTEBOOK_7_OWN_ERRORS], errors
    finally:
        context.close()
