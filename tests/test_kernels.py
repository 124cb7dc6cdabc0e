"""The browser's numeric kernels (js/src/kernels/) give nnlib's numbers, tested without a browser.

nnlib writes the cases (tests/kernel_fixtures.py) and Node.js's own test runner checks every
kernel against them: plain descent, momentum and mini-batch descent bit for bit (batch sizes that
do not divide n, diverging and unstable runs included), the network trainers' losses closely.
Needs Node.js (no npm packages: the kernels import nothing); CI installs it. Without it the test
is skipped, or fails when NNBOOK_REQUIRE_NODE=1 (as in .ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from kernel_fixtures import write_fixtures, write_sweeps

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ROOT / "js" / "src" / "kernels"
TESTS = ROOT / "js" / "test" / "kernels.test.mjs"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        message = "Node.js is needed for the kernel tests: apt-get install nodejs"
        if os.environ.get("NNBOOK_REQUIRE_NODE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return node


def test_kernels_import_nothing_from_the_page():
    """A kernel may import another kernel, nothing else (no DOM, no d3): node runs them as is."""
    allowed = tuple(f'"./{kernel.name}"' for kernel in KERNELS.glob("*.js"))
    for path in KERNELS.glob("*.js"):
        for line in path.read_text().splitlines():
            if line.startswith("import "):
                assert line.rstrip(";").endswith(allowed), f"{path.name} imports {line}"
        for name in ("document", "window", "model.get"):
            assert name not in path.read_text(), f"{path.name} uses {name}"


def test_committed_fixtures_are_what_nnlib_writes(tmp_path):
    """js/test/fixtures lets `node --test` run on its own; it must be nnlib's current numbers."""
    for path in write_fixtures(tmp_path):
        committed = ROOT / "js" / "test" / "fixtures" / path.name
        assert committed.read_text() == path.read_text(), f"rewrite {committed} (write_fixtures)"


def _node_test(script: Path, fixtures: Path, passed: int, timeout: int) -> str:
    """Run one node test file on the cases in `fixtures`; its output, after checking that all
    `passed` tests passed."""
    done = subprocess.run(
        [_node(), "--test", str(script)],
        cwd=ROOT,
        env=dict(os.environ, NNBOOK_KERNEL_FIXTURES=str(fixtures)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and f"# pass {passed}" in done.stdout, done.stdout[-2000:]
    return done.stdout


def test_kernels_give_nnlibs_numbers(tmp_path):
    _node()
    write_fixtures(tmp_path)
    _node_test(TESTS, tmp_path, passed=5, timeout=300)


def test_every_number_an_explorer_cannot_reproduce_is_flagged(tmp_path):
    """Sweep the network explorers' settings: wherever the page's printed numbers differ from
    nnlib's (unstable training, where rounding grows), the page says so."""
    _node()
    write_sweeps(tmp_path)
    out = _node_test(ROOT / "js" / "test" / "sweep.mjs", tmp_path, passed=2, timeout=1200)
    print("\n".join(line for line in out.splitlines() if " settings, " in line))


def test_settings_store_cleans_values_and_reads_addresses(tmp_path):
    """js/test/settings.test.mjs: the store's pure rules (cleaning, today's and old addresses)."""
    _node_test(ROOT / "js" / "test" / "settings.test.mjs", tmp_path, passed=6, timeout=60)
