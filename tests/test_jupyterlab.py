"""The README's "run the notebooks locally" promise, tested as a reader keeps it.

JupyterLab is started on 127.0.0.1 with a token over a temporary copy of a chapter; headless
Chromium opens the notebook, runs all cells, moves an explorer's slider with the keyboard and
checks that the numbers shown are nnlib's; then reloads the page, and saves, closes and opens
the notebook again, and checks that the explorer is still live and no error is shown.
Needs Chromium, like tests/test_site.py (skipped without it unless NNBOOK_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import nnlib
from conftest import ROOT

CHAPTER = "05_learning_rate.ipynb"
ROOT_SELECTOR = '.jp-OutputArea .nnbook-explorer-root[data-kind="learning_rate"]'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server over a copy of one chapter; yields (base URL, token)."""
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
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _numbers(page) -> dict[str, str]:
    return page.locator(ROOT_SELECTOR).last.evaluate(
        "root => Object.fromEntries(Object.entries(root.dataset))"
    )


def _matches_nnlib(data: dict[str, str]) -> None:
    x, y = nnlib.load_patients()
    run = nnlib.gradient_descent(
        x, y, float(data["m0"]), float(data["b0"]), float(data["learningRate"]), int(data["steps"])
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
        " return roots.length && roots[roots.length - 1].dataset.learningRate !== rate; }",
        arg=[ROOT_SELECTOR, before["learningRate"]],
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


def test_chapter_explorer_is_live_in_jupyterlab(browser, lab):
    base, token = lab
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        _open(page, base, token)
        # Run all cells, from the Run menu, and wait until every code cell has run.
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator('.lm-Menu-item[data-command="notebook:run-all-cells"]').click()
        page.wait_for_function(
            """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent)); }""",
            timeout=180_000,
        )
        page.locator(ROOT_SELECTOR).last.wait_for(timeout=30_000)
        page.locator(ROOT_SELECTOR).last.scroll_into_view_if_needed()
        _matches_nnlib(_numbers(page))
        _move_and_check(page)
        _no_errors_shown(page)

        # A reload (the kernel still running) keeps the explorer live.
        page.reload(wait_until="load")
        page.locator(ROOT_SELECTOR).last.wait_for(timeout=60_000)
        page.locator(ROOT_SELECTOR).last.scroll_into_view_if_needed()
        _move_and_check(page)
        _no_errors_shown(page)

        # Saved, closed and opened again: live again, never "model not found".
        page.keyboard.press("Control+s")
        page.wait_for_timeout(1500)
        page.close()
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        _open(page, base, token)
        page.locator(ROOT_SELECTOR).last.wait_for(timeout=60_000)
        page.locator(ROOT_SELECTOR).last.scroll_into_view_if_needed()
        _move_and_check(page)
        _no_errors_shown(page)
        assert not errors, errors
    finally:
        context.close()
