"""``gaitlab norms build CONTROLS_DIR -o lab_norms.json``: a lab's own reference."""

from __future__ import annotations

import argparse

from gaitlab.norms import save_norms
from gaitlab.norms.lab import build_lab_norms


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``norms`` command with its ``build`` action."""
    parser = subparsers.add_parser("norms", help="build reference data from control trials")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build",
        help="mean and SD of a directory of control trials (one trial per control)",
    )
    build.add_argument("controls", metavar="CONTROLS_DIR", help="directory of control trials")
    build.add_argument("-o", "--output", required=True, metavar="FILE", help="JSON to write")
    build.add_argument("--name", default="lab", help="reference name shown in analyses")
    build.add_argument("--population", default="adult lab controls", help="who the controls are")
    build.add_argument("--age", default="", help="age range of the controls, e.g. '20-40 y'")
    build.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and save the reference; print one line naming what was written."""
    library = build_lab_norms(
        args.controls, name=args.name, population=args.population, age=args.age
    )
    path = save_norms(library, args.output)
    group = library.groups[0]
    print(f"wrote {path}: {group.n_subjects} controls, {len(group.values)} values")
    return 0
