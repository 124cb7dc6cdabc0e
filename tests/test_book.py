"""The book builds, with every notebook executed and warnings treated as errors.

The session fixture `built_book` (in conftest.py) builds it; test_site.py opens it in a browser.
"""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


def _toc_pages() -> list[str]:
    lines = (ROOT / "_toc.yml").read_text().splitlines()
    pages = [
        line.split(":", 1)[1].strip()
        for line in lines
        if line.strip().startswith(("root:", "- file:"))
    ]
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
        assert counts == list(range(1, len(counts) + 1)), (
            f"{notebook.name}: re-run it top to bottom"
        )
        for cell in cells:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", f"{notebook.name} was saved with an error"


def test_chapter_one_shows_the_reference_numbers(built_book):
    page = (HTML / "chapters" / "01_regression.html").read_text()
    assert "m = 11.2137, b = 25.2528" in page
    assert "_static/mathjax/tex-chtml.js" in page  # formulas typeset offline
    assert page.count("<img") >= 2
