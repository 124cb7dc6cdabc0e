"""Is every number in a chapter's prose tied to the code that computes it?

The book's promise is that every number in the text is computed by code. A number typed into a
markdown cell goes stale silently when `nnlib` changes; and a number that is printed *somewhere*
in the chapter can still be the wrong one (a ratio swapped for another ratio printed in the same
chapter). So each number is tied to the code next to it. A number in a markdown paragraph passes
if one of these holds, in this order:

1. **The code next to it computes it**: it is printed (a saved text output) or written as a
   literal by the nearest code cells before the paragraph or after it, within its section. The
   nearest code cells are the run of consecutive code cells that sits closest on each side;
   headings of levels 1 to 3 start a new section.
2. **It quotes another chapter**: a paragraph that names "chapter K" (or links to chapter K's
   notebook) may quote a number chapter K prints or writes in its code.
3. **It looks back**: in a summary, the exercises, a self-check or a folded answer or solution,
   a number may restate one that the chapter prints anywhere (these parts gather what the
   chapter has shown).
4. **It is chosen, not computed**: the notebook's metadata `nnbook.prose_constants` lists numbers
   the chapter chooses (a step count in a sentence about the explorer's default). Each must also
   be written in the chapter's code or printed by it, or the list is stale.
5. **It is a fact from outside**: `nnbook.prose_facts` maps a number to its source (a year, the
   size of a published data set).

Numbers that count: decimals (`11.2137`, `0.85`) and integers of three or more digits (`442`,
`10 000`, `10,000`). One- and two-digit integers are chapter numbers, counts and list markers.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

# A thousands separator inside a number: a space, a thin space (\, or \;) in LaTeX, or a comma
# followed by exactly three digits.
_GROUPED = re.compile(r"(?<=\d)(?:,|\\,|\\;|\\ | |\u202f|\u2009)(?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(?<![\w.])(\d+\.\d+|\d{3,})(?![\w])")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
_HEADING = re.compile(r"^#{1,3} ")
_CHAPTER = re.compile(r"[Cc]hapter (\d+)|\]\((?:\.\./chapters/|\./)?(\d\d)_\w+\.(?:ipynb|md)")
# Parts of a chapter that look back at what it has shown.
_LOOKING_BACK = re.compile(
    r"^(?:#{1,3} |```\{admonition\} |:::\{admonition\} )"
    r"(?:Summary|Exercises?|Check yourself|Answers?|Solutions?|What you should have seen"
    r"|What the tasks? shows?)",
    re.MULTILINE,
)


def normalise(text: str) -> str:
    """Remove thousands separators, so `10 000` and `10,000` read as `10000`."""
    return _GROUPED.sub("", text)


def prose_numbers(markdown: str) -> list[str]:
    """The numbers that count in one markdown text (code spans and link targets left out)."""
    text = _LINK_TARGET.sub("", _CODE_SPAN.sub("", markdown))
    return _NUMBER.findall(normalise(text))


def _outputs(cell: nbformat.NotebookNode) -> str:
    """The text a code cell printed or displayed as text/plain."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


def _literals(source: str) -> str:
    """The number literals written in a code cell's source, one per line (10_000 as 10000)."""
    found = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return ""
    for token in tokens:
        if token.type == tokenize.NUMBER:
            found.append(token.string.replace("_", ""))
    return "\n".join(found)


def evidence(cell: nbformat.NotebookNode) -> str:
    """What a code cell computes or chooses: its printed text and its number literals."""
    return normalise(_outputs(cell) + "\n" + _literals(cell.source))


def says(text: str, number: str) -> bool:
    """Whether `text` holds `number` as a whole number (not as part of a longer one)."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", text) is not None


@dataclass
class Paragraph:
    cell: int
    section: int
    looking_back: bool
    text: str


def _paragraphs(notebook: nbformat.NotebookNode) -> tuple[list[Paragraph], list[int]]:
    """Every markdown paragraph (a block between blank lines) with its section, and the
    section each cell ends in."""
    paragraphs, sections = [], []
    section, looking_back = 0, False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            fences: list[bool] = []  # the admonitions open here: does each look back?
            block: list[str] = []
            block_looks_back = False
            for line in [*cell.source.splitlines(), ""]:
                if not line.strip():
                    if block:
                        text = "\n".join(block)
                        paragraphs.append(Paragraph(index, section, block_looks_back, text))
                    block = []
                    continue
                if _HEADING.match(line):
                    section += 1
                    looking_back = bool(_LOOKING_BACK.match(line))
                elif re.match(r"^(```|:::)\{", line):
                    fences.append(bool(_LOOKING_BACK.match(line)))
                elif re.match(r"^(```|:::)\s*$", line) and fences:
                    fences.pop()
                if not block:
                    block_looks_back = looking_back or any(fences)
                block_looks_back = block_looks_back or any(fences)
                block.append(line)
        sections.append(section)
    return paragraphs, sections


def _nearest_code(notebook, sections: list[int], index: int, section: int) -> str:
    """The evidence of the nearest run of code cells before and after cell `index`."""
    text = []
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(notebook.cells) and notebook.cells[j].cell_type != "code":
            if sections[j] != section and notebook.cells[j].cell_type == "markdown":
                break
            j += step
        while (
            0 <= j < len(notebook.cells)
            and notebook.cells[j].cell_type == "code"
            and sections[j] == section
        ):
            text.append(evidence(notebook.cells[j]))
            j += step
    return "\n".join(text)


@cache
def chapter_evidence(number: int, folder: Path) -> str:
    """Everything chapter `number` prints or writes in its code ('' if there is no such chapter)."""
    for path in sorted(folder.glob(f"{number:02d}_*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        return "\n".join(evidence(c) for c in notebook.cells if c.cell_type == "code")
    return ""


def _metadata(notebook) -> tuple[set[str], dict[str, str]]:
    nnbook = notebook.metadata.get("nnbook", {})
    constants = {normalise(str(c)) for c in nnbook.get("prose_constants", [])}
    facts = {normalise(str(k)): v for k, v in nnbook.get("prose_facts", {}).items()}
    return constants, facts


def unchecked_numbers(path: Path) -> list[tuple[int, str]]:
    """(cell index, number) for every prose number that no rule ties to the chapter's code."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    constants, facts = _metadata(notebook)
    paragraphs, sections = _paragraphs(notebook)
    printed = normalise("\n".join(_outputs(c) for c in notebook.cells if c.cell_type == "code"))
    missing = []
    for paragraph in paragraphs:
        near = _nearest_code(notebook, sections, paragraph.cell, paragraph.section)
        quoted = "\n".join(
            chapter_evidence(int(a or b), path.parent) for a, b in _CHAPTER.findall(paragraph.text)
        )
        for number in prose_numbers(paragraph.text):
            if says(near, number) or says(quoted, number):
                continue
            if paragraph.looking_back and says(printed, number):
                continue
            if number in constants or number in facts:
                continue
            missing.append((paragraph.cell, number))
    return missing


def unused_constants(path: Path) -> list[str]:
    """Listed constants that the chapter's code neither writes nor prints (a stale list)."""
    notebook = nbformat.read(Path(path), as_version=4)
    constants, _ = _metadata(notebook)
    code = "\n".join(evidence(c) for c in notebook.cells if c.cell_type == "code")
    return sorted(c for c in constants if not says(code, c))


if __name__ == "__main__":  # python tests/prose_numbers.py chapters/03_loss.ipynb ...
    import sys

    for arg in sys.argv[1:]:
        for index, number in unchecked_numbers(Path(arg)):
            print(f"{arg}: cell {index}: {number}")
        for number in unused_constants(Path(arg)):
            print(f"{arg}: constant {number} is neither written nor printed by the code")
