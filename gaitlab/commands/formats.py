"""``gaitlab formats``: list the registered readers."""

from __future__ import annotations

import argparse

from gaitlab.io import readers


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``formats`` command."""
    parser = subparsers.add_parser("formats", help="list the file formats gaitlab reads")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per reader: name, suffixes, description."""
    for reader in readers():
        print(f"{reader.name:<12} {' '.join(reader.suffixes):<16} {reader.description}")
    return 0
