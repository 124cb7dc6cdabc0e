"""Every number in a chapter's prose is printed by its code (or listed as a chosen constant)."""

from pathlib import Path

import nbformat
import pytest
from prose_numbers import prose_numbers, unchecked_numbers

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_prose_number_is_printed_by_the_chapter(path):
    missing = unchecked_numbers(path)
    assert not missing, f"{path.name}: numbers in the prose that no output prints: {missing}"


def test_a_stale_prose_number_is_caught(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("The loss is 8059.1448 after 10 000 steps."),
        nbformat.v4.new_code_cell(
            "print(loss)",
            outputs=[nbformat.v4.new_output("stream", text="loss: 8059.1450\n")],
        ),
    ]
    notebook.metadata["nnbook"] = {"prose_constants": ["10000"]}
    path = tmp_path / "stale.ipynb"
    nbformat.write(notebook, path)
    assert unchecked_numbers(path) == [(0, "8059.1448")]


def test_separators_and_code_spans():
    assert prose_numbers("after 10 000 steps, or 10,000, or $10\\,000$") == ["10000"] * 3
    assert prose_numbers("call `f(0.001)` with [link](https://x.org/1234)") == []
    assert prose_numbers("chapter 5, step 1.5, and 2176.0009") == ["1.5", "2176.0009"]
