"""Command line: `python -m benchmarks` prints a table; `--json` prints one JSON object instead."""

from __future__ import annotations

import argparse
import json
import sys

from .report import format_table, run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object, not a table")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a few repetitions only: checks that everything runs, in seconds",
    )
    parser.add_argument(
        "--notebooks",
        action="store_true",
        help="also time each chapter in a fresh kernel and the nbval run (minutes)",
    )
    args = parser.parse_args(argv)
    results = run_all(
        quick=args.quick, notebooks=args.notebooks, progress=None if args.json else sys.stderr
    )
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
