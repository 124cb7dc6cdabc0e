"""Code-health gates, run with the rest of the suite: ruff (lint and format) and mypy."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: python -m pip install -r requirements.txt")
    return found


def _run(*command: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


# Everything with Python in it; chapters/ruff.toml narrows the notebooks to 79 columns.
CHECKED = ("nnlib", "tests", "benchmarks", "chapters", "scripts", "_ext", "conftest.py")


def test_ruff_check():
    _run(_tool("ruff"), "check", *CHECKED)


def test_ruff_format():
    _run(_tool("ruff"), "format", "--check", *CHECKED)


def test_mypy():
    _run(_tool("mypy"))


def test_notebooks_carry_no_execution_noise():
    import nbformat

    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        # Saved widget state is kept on purpose (the explorers are live from it on opening),
        # but only the explorers': any other widget's state would be noise.
        state = notebook.metadata.get("widgets", {}).get(
            "application/vnd.jupyter.widget-state+json", {}
        )
        for model in state.get("state", {}).values():
            assert model["model_name"] in ("AnyModel", "LayoutModel"), (
                f"{path.name}: saved state of a {model['model_name']}; run pre-commit"
            )
        for cell in notebook.cells:
            assert "execution" not in cell.metadata, (
                f"{path.name}: execution timestamps; run pre-commit"
            )
