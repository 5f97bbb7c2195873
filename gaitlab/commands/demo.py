"""``gaitlab demo [DIR]``: run the main job on the shipped sample trials."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.io import load_trial
from gaitlab.kinematics import compute_angles
from gaitlab.kinematics.summary import format_angle_summary
from gaitlab.spatiotemporal import format_summary, nexus_summary


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser("demo", help="analyse the shipped sample trials")
    parser.add_argument("directory", nargs="?", default="data/samples", help="folder of trials")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Summarise every C3D file in the folder; a bad file is reported, the rest still run."""
    paths = sorted(Path(args.directory).glob("*.c3d"))
    if not paths:
        print(f"gaitlab demo: error: no .c3d files in {args.directory}", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        try:
            trial = load_trial(path)
        except GaitlabError as error:
            failed += 1
            print(f"gaitlab demo: error: {error}", file=sys.stderr)
            continue
        print(trial.summary())
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", GaitlabWarning)
                angles = compute_angles(trial)
            print(format_angle_summary(angles))
            for warning in caught:
                print(f"  note: {warning.message}")
        except GaitlabError as error:
            print(f"  kinematics not computed: {error}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", GaitlabWarning)
                print(format_summary(nexus_summary(trial)))
        except GaitlabError as error:
            print(f"  spatiotemporal not computed: {error}")
        print()
    return 1 if failed else 0
