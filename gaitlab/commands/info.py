"""``gaitlab info FILE...``: print what a trial file holds."""

from __future__ import annotations

import argparse
import sys

from gaitlab.errors import GaitlabError
from gaitlab.io import load_trial


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``info`` command."""
    parser = subparsers.add_parser("info", help="print what trial files hold")
    parser.add_argument("paths", nargs="+", metavar="FILE", help="trial files")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print a summary per file; one error line per unreadable file; exit 1 if any failed."""
    failed = 0
    for path in args.paths:
        try:
            print(load_trial(path).summary())
        except GaitlabError as error:
            failed += 1
            print(f"gaitlab info: error: {error}", file=sys.stderr)
    return 1 if failed else 0
