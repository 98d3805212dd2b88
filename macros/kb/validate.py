"""Command line (run as `python -m macros.validate`): check data/kb.yaml and print every problem."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .freshness import stale_report
from .load import check_kb
from .document import display_path

DEFAULT_KB = Path(__file__).resolve().parents[2] / "data" / "kb.yaml"
DEBUG_ENV = "KB_VALIDATOR_DEBUG"  # set to 1 to see the traceback of a validator bug


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date written YYYY-MM-DD; got {text!r}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m macros.validate",
        description="Check the knowledge base against its schema and rules. Prints every "
                    "problem as file:line: field: message [rule] (fix: ...), or OK.")
    parser.add_argument("path", nargs="?", default=display_path(DEFAULT_KB),
                        help="the YAML file to check (default: data/kb.yaml)")
    parser.add_argument("--stale", action="store_true",
                        help="list sources and methods not verified for over a year")
    parser.add_argument("--partial", action="store_true",
                        help="do not require the contract's nine method ids (fixtures, drafts)")
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                        help="check dates as if today were this day (default: today)")
    return parser


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def run(args: argparse.Namespace) -> int:
    """Validate `args.path` and print the outcome; the exit status is 0 or 1."""
    today = args.today or dt.date.today()
    report = check_kb(args.path, today=today, require_spec_methods=not args.partial)
    shown = report.errors if args.stale else report.problems  # --stale lists dates itself
    for problem in shown:
        print(problem.format())
    if report.kb is None:
        print(f"{report.file}: validation failed: {_plural(len(report.errors), 'error')}, "
              f"{_plural(len(report.warnings), 'warning')}")
        return 1
    if args.stale:
        print("\n".join(stale_report(report.kb, report.document, today)))
        return 0
    kb = report.kb
    print(f"{report.file}: OK ({_plural(len(kb.methods), 'method')}, "
          f"{_plural(len(kb.questions), 'question')}, {_plural(len(kb.scenarios), 'scenario')}, "
          f"{_plural(len(kb.sources), 'source')})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run; usage errors exit 2, never a traceback."""
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except Exception as exc:  # a bug here must still read as a message, not a traceback
        if os.environ.get(DEBUG_ENV):
            raise
        print(f"{args.path}: internal error: the validator itself failed with "
              f"{type(exc).__name__}: {exc}. This is a validator bug, not a problem in your data; "
              f"please report it with the file (set {DEBUG_ENV}=1 for the traceback).",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
