"""Which numbers in a chapter's prose are not printed by its code?

The book's promise is that every number in the text is computed by code. A number typed into a
markdown cell goes stale silently when `nnlib` changes, so each one must also appear in one of the
chapter's saved text outputs (which nbval re-checks on every run), or be a number the chapter
*chooses* rather than computes (a learning rate, a step count, the size of the data set): those
are listed in the notebook's metadata under `nnbook.prose_constants`.

Numbers that count: decimals (`11.2137`, `0.85`) and integers of three or more digits (`442`,
`10 000`, `10,000`). One- and two-digit integers are chapter numbers, counts and list markers.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

# A thousands separator inside a number: a space, a thin space (\, or \;) in LaTeX, or a comma
# followed by exactly three digits.
_GROUPED = re.compile(r"(?<=\d)(?:,|\\,|\\;|\\ | |\u202f|\u2009)(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(?<![\w.])(\d+\.\d+|\d{3,})(?![\w])")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")


def normalise(text: str) -> str:
    """Remove thousands separators, so `10 000` and `10,000` read as `10000`."""
    return _GROUPED.sub("", text)


def prose_numbers(markdown: str) -> list[str]:
    """The numbers that count in one markdown text (code spans and link targets left out)."""
    text = _LINK_TARGET.sub("", _CODE_SPAN.sub("", markdown))
    return _NUMBER.findall(normalise(text))


def output_text(notebook: nbformat.NotebookNode) -> str:
    """All text a notebook's code cells printed or displayed as text/plain, normalised."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output.get("text", ""))
            elif "data" in output:
                parts.append(output["data"].get("text/plain", ""))
    return normalise("\n".join(parts))


def unchecked_numbers(path: Path) -> list[tuple[int, str]]:
    """(cell index, number) for every prose number of the notebook that no output prints."""
    notebook = nbformat.read(path, as_version=4)
    constants = {
        normalise(str(c)) for c in notebook.metadata.get("nnbook", {}).get("prose_constants", [])
    }
    printed = output_text(notebook)
    missing = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "markdown":
            continue
        for number in prose_numbers(cell.source):
            if number in constants:
                continue
            if not re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", printed):
                missing.append((index, number))
    return missing


if __name__ == "__main__":  # python tests/prose_numbers.py chapters/03_loss.ipynb ...
    import sys

    for arg in sys.argv[1:]:
        for index, number in unchecked_numbers(Path(arg)):
            print(f"{arg}: cell {index}: {number}")
