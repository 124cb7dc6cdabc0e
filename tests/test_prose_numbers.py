"""Every number in a chapter's prose is tied to the code next to it (tests/prose_numbers.py)."""

import re
from pathlib import Path

import nbformat
import pytest
from prose_numbers import _metadata, prose_numbers, unchecked_numbers, unused_constants

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_prose_number_is_tied_to_its_code(path):
    missing = unchecked_numbers(path)
    assert not missing, f"{path.name}: numbers no nearby code prints or writes: {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_listed_constant_is_in_the_code(path):
    assert not unused_constants(path), f"{path.name}: stale prose_constants"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_fact_has_a_source_and_is_used(path):
    notebook = nbformat.read(path, as_version=4)
    _, facts = _metadata(notebook)
    prose = [
        n for c in notebook.cells if c.cell_type == "markdown" for n in prose_numbers(c.source)
    ]
    for number, source in facts.items():
        assert isinstance(source, str) and len(source) > 10, (path.name, number)
        assert number in prose, f"{path.name}: fact {number} is not in the prose any more"


def _write(path, cells, metadata=None):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    notebook.metadata["nnbook"] = metadata or {}
    nbformat.write(notebook, path)
    return path


def _code(text):
    return nbformat.v4.new_code_cell(
        "print(value)", outputs=[nbformat.v4.new_output("stream", text=text)]
    )


md = nbformat.v4.new_markdown_cell


def test_a_stale_prose_number_is_caught(tmp_path):
    path = _write(
        tmp_path / "stale.ipynb",
        [md("The loss is 8059.1448 after 10 000 steps."), _code("loss: 8059.1450\n")],
        {"prose_constants": ["10000"]},
    )
    assert unchecked_numbers(path) == [(0, "8059.1448")]


def test_a_number_printed_only_in_another_section_is_caught(tmp_path):
    cells = [
        md("## One"),
        _code("ratio 1.2345\n"),
        md("The ratio is 1.2345."),
        md("## Two\n\nAs we saw, the ratio is 1.2345."),
        _code("other 6.7890\n"),
    ]
    assert unchecked_numbers(_write(tmp_path / "a.ipynb", cells)) == [(3, "1.2345")]
    # The same sentence in a summary restates what the chapter printed: allowed.
    cells[3] = md("## Summary\n\nAs we saw, the ratio is 1.2345.")
    assert unchecked_numbers(_write(tmp_path / "b.ipynb", cells)) == []


def test_only_the_nearest_code_counts(tmp_path):
    cells = [_code("first 1.2345\n"), md("Next."), _code("second 2.3456\n"), md("It was 1.2345.")]
    assert unchecked_numbers(_write(tmp_path / "a.ipynb", cells)) == [(3, "1.2345")]


def test_another_chapter_may_be_quoted_when_named(tmp_path):
    _write(tmp_path / "05_first.ipynb", [_code("best 3.1416\n")])
    named = _write(tmp_path / "06_second.ipynb", [md("Chapter 5 found 3.1416.")])
    assert unchecked_numbers(named) == []
    unnamed = _write(tmp_path / "07_third.ipynb", [md("We found 3.1416.")])
    assert unchecked_numbers(unnamed) == [(0, "3.1416")]


def test_literals_in_nearby_code_count_and_constants_must_be_used(tmp_path):
    cells = [md("We take 250 steps at 0.003."), nbformat.v4.new_code_cell("run(0.003, 2_50)")]
    assert unchecked_numbers(_write(tmp_path / "a.ipynb", cells)) == []
    path = _write(tmp_path / "b.ipynb", cells, {"prose_constants": ["0.004"]})
    assert unused_constants(path) == ["0.004"]


def test_a_swapped_number_in_a_real_chapter_is_caught(tmp_path):
    """Plant the swap the old check let through: momentum's speed-up replaced by √κ, which the
    same section also prints."""
    chapter = ROOT / "chapters" / "08_momentum.ipynb"
    assert unchecked_numbers(chapter) == []
    notebook = nbformat.read(chapter, as_version=4)
    planted = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and "12.7329 times fewer" in cell.source:
            cell.source = cell.source.replace("12.7329 times fewer", "22.4040 times fewer")
            planted.append(index)
    assert planted
    printed = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    assert re.search(r"√κ = 22\.4040", printed), "the swapped-in number is printed elsewhere"
    path = tmp_path / chapter.name
    nbformat.write(notebook, path)
    assert {(i, "22.4040") for i in planted} <= set(unchecked_numbers(path))


def test_separators_and_code_spans():
    assert prose_numbers("after 10 000 steps, or 10,000, or $10\\,000$") == ["10000"] * 3
    assert prose_numbers("call `f(0.001)` with [link](https://x.org/1234)") == []
    assert prose_numbers("chapter 5, step 1.5, and 2176.0009") == ["1.5", "2176.0009"]
