"""Command-line interface: ``gaitlab <command> ...`` (also ``python -m gaitlab``).

Each command lives in its own module under :mod:`gaitlab.commands` with a
``register(subparsers)`` function that adds its parser and sets ``run``, a
function ``run(args) -> int``. Errors that gaitlab raises on purpose print one
line on stderr and give exit code 1; usage errors give exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import warnings
from collections.abc import Callable, Sequence

from gaitlab import __version__
from gaitlab.errors import GaitlabError

__all__ = ["main", "build_parser", "COMMAND_MODULES"]

#: Modules under gaitlab.commands, one per sub-command, in the order of ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "info",
    "formats",
    "demo",
    "angles",
    "validate",
    "events",
    "spatiotemporal",
    "analyze",
    "norms",
)


def build_parser(commands: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """Return the argument parser with the sub-commands ``commands`` (default: all)."""
    parser = argparse.ArgumentParser(
        prog="gaitlab",
        description="Gait analysis from C3D motion capture and IMU recordings.",
    )
    parser.add_argument("--version", action="version", version=f"gaitlab {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in commands:
        module = importlib.import_module(f"gaitlab.commands.{name}")
        module.register(subparsers)
    return parser


def _requested(argv: Sequence[str]) -> tuple[str, ...]:
    """Return the command named in ``argv`` (only its module is imported), else every one."""
    for argument in argv:
        if not argument.startswith("-"):
            return (argument,) if argument in COMMAND_MODULES else COMMAND_MODULES
    return () if "--version" in argv else COMMAND_MODULES


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_requested(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    with warnings.catch_warnings():
        warnings.showwarning = _one_line_warning(args.command)
        try:
            return int(args.run(args))
        except GaitlabError as error:
            print(f"gaitlab {args.command}: error: {error}", file=sys.stderr)
            return 1


def _one_line_warning(command: str) -> Callable[..., None]:
    """Return a ``warnings.showwarning`` that prints ``gaitlab CMD: warning: ...`` on stderr."""

    def show(
        message: Warning | str, category: type[Warning], *args: object, **kwargs: object
    ) -> None:
        print(f"gaitlab {command}: warning: {message}", file=sys.stderr)

    return show
