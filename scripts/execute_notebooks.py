"""Re-run notebooks top to bottom in a fresh kernel and save them with their outputs.

Usage: python scripts/execute_notebooks.py [chapters/NN_name.ipynb ...]   (default: every chapter)

nbval compares the saved outputs with a fresh run, so run this after editing a chapter or nnlib.
Execution timestamps are dropped so that re-running an unchanged notebook changes nothing in git.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def execute(path: Path) -> None:
    """Execute one notebook in a fresh kernel, in its own folder, and save it in place."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.pop(
        "jupytext", None
    )  # authoring-tool noise, if a chapter was drafted as text
    notebook.metadata["kernelspec"] = KERNELSPEC
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        # The explorers' state (their front-end module and data) is saved with the notebook, so
        # JupyterLab shows them live on opening, before any cell runs; the website drops it.
        store_widget_state=True,
    )
    client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
