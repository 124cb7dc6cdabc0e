"""The committed front-end bundle is what its pinned sources build.

nnlib/static/explorers.js (and its stylesheet and licence list) are built from js/src by
js/build.mjs with the exact package versions of js/package-lock.json, and committed, so that a
reader needs no Node.js. Here we build them again in a scratch copy and compare byte for byte.
Needs Node.js and npm (and the npm registry, for `npm ci`); skipped without them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILT = ("explorers.js", "explorers.css", "THIRD_PARTY_LICENSES.txt")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are needed to rebuild the explorers' bundle")
    scratch = tmp_path_factory.mktemp("bundle")
    shutil.copytree(ROOT / "js", scratch / "js", ignore=shutil.ignore_patterns("node_modules"))
    (scratch / "nnlib" / "static").mkdir(parents=True)
    for command in (
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        ["npm", "run", "build"],
    ):
        done = subprocess.run(
            command, cwd=scratch / "js", capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr[-3000:]}"
    return scratch / "nnlib" / "static"


@pytest.mark.parametrize("name", BUILT)
def test_committed_bundle_matches_a_fresh_build(rebuilt, name):
    committed = (ROOT / "nnlib" / "static" / name).read_bytes()
    fresh = (rebuilt / name).read_bytes()
    assert committed == fresh, (
        f"nnlib/static/{name} differs from what js/ builds: run `npm ci && npm run build` in js/ "
        "and commit the result"
    )


def test_versions_are_pinned():
    import json

    package = json.loads((ROOT / "js" / "package.json").read_text())
    for name, version in package.get("devDependencies", {}).items():
        assert version[0].isdigit(), f"js/package.json: {name} {version} is not an exact version"


def test_js_sources_pass_the_linter(rebuilt):
    """ESLint, pinned in js/package.json (js/eslint.config.mjs): no undefined or unused names in
    the explorers, the kernels and their tests (a name left behind when code moves between
    modules fails here, not in a reader's browser)."""
    js = rebuilt.parent.parent / "js"  # the scratch copy, with its pinned packages installed
    done = subprocess.run(
        ["npx", "--no-install", "eslint", "src", "test"],
        cwd=js,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
