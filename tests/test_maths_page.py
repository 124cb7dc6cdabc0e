"""The maths page's examples run as shown, and every number in its prose comes from them.

maths.md is a Markdown page, not a notebook, so its worked examples are written as Python
sessions (```pycon blocks with >>> prompts). doctest runs them here, and each number of the prose
around them must appear in an example: in its printed output, or in its code as a chosen input.
"""

import doctest
import re
from pathlib import Path

from prose_numbers import normalise, prose_numbers

PAGE = Path(__file__).resolve().parent.parent / "maths.md"
SESSION = re.compile(r"^```pycon\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def sessions(text: str) -> list[str]:
    """The page's Python sessions, in order."""
    return SESSION.findall(text)


def unshown_numbers(text: str) -> list[str]:
    """The numbers of the prose (everything outside the sessions) that no session shows."""
    examples = normalise("\n".join(sessions(text)))
    return [
        number
        for number in prose_numbers(SESSION.sub("", text))
        if not re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", examples)
    ]


def test_the_examples_print_what_the_page_shows():
    found = sessions(PAGE.read_text())
    assert len(found) >= 5, "maths.md has lost its ```pycon examples"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner()
    runner.run(parser.get_doctest("\n".join(found), {}, "maths.md", str(PAGE), 0))
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0


def test_every_prose_number_comes_from_an_example():
    missing = unshown_numbers(PAGE.read_text())
    assert not missing, f"maths.md: numbers in the prose that no example shows: {missing}"


def test_a_number_no_example_shows_is_caught():
    page = "A slope of 6.0001, from h = 0.01.\n\n```pycon\n>>> h = 0.01\n>>> print(6.0)\n6.0\n```\n"
    assert unshown_numbers(page) == ["6.0001"]
