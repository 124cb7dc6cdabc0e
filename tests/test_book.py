"""The book builds, with every notebook executed and warnings treated as errors."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


def _jupyter_book() -> str:
    # Prefer the jupyter-book next to this Python, so a venv's copy wins over a global one.
    local = Path(sys.executable).with_name("jupyter-book")
    found = str(local) if local.exists() else shutil.which("jupyter-book")
    if found is None:
        pytest.fail("jupyter-book is not installed: python -m pip install -r requirements.txt")
    return found


@pytest.fixture(scope="session")
def built_book():
    """Build the book once per test session into _build/html and return the build log."""
    result = subprocess.run(
        [_jupyter_book(), "build", "-W", "-n", "--keep-going", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"book build failed:\n{log[-5000:]}"
    return log


def _toc_pages() -> list[str]:
    lines = (ROOT / "_toc.yml").read_text().splitlines()
    pages = [line.split(":", 1)[1].strip() for line in lines if line.strip().startswith(("root:", "- file:"))]
    return pages


def test_book_builds_without_warnings(built_book):
    # -W turns every Sphinx warning into a failed build, so success means no warnings.
    assert "build succeeded" in built_book


def test_every_toc_page_has_html(built_book):
    pages = _toc_pages()
    assert "intro" in pages and "chapters/01_regression" in pages
    for page in pages:
        assert (HTML / f"{page}.html").is_file(), page


def test_every_chapter_notebook_is_in_the_toc():
    pages = set(_toc_pages())
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        assert f"chapters/{notebook.stem}" in pages, f"{notebook.name} is missing from _toc.yml"


def test_notebooks_are_saved_run_in_order_without_errors():
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text())["cells"]
        counts = [cell["execution_count"] for cell in cells if cell["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1)), f"{notebook.name}: re-run it top to bottom"
        for cell in cells:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", f"{notebook.name} was saved with an error"


def test_chapter_one_shows_the_reference_numbers(built_book):
    page = (HTML / "chapters" / "01_regression.html").read_text()
    assert "m = 11.2137, b = 25.2528" in page
    assert "_static/mathjax/tex-chtml.js" in page  # formulas typeset offline
    assert page.count("<img") >= 2
