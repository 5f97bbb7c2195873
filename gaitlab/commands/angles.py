"""``gaitlab angles TRIAL [--static S] -o angles.csv``: Plug-in Gait angles to CSV."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gaitlab.io import load_trial
from gaitlab.kinematics import compute_angles
from gaitlab.preprocessing import preprocess


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """Add the options shared by ``angles`` and ``validate``."""
    parser.add_argument("trial", metavar="TRIAL", help="C3D trial with Plug-in Gait markers")
    parser.add_argument("--static", metavar="STATIC", help="static trial for the foot offsets")
    parser.add_argument(
        "--hip-model", choices=("davis", "harrington"), default=None, help="default: davis (PiG)"
    )
    parser.add_argument(
        "--marker-diameter-mm", type=float, default=None, help="default: the file's, else 14"
    )
    parser.add_argument(
        "--flat-foot", action="store_true", help="flat-foot option for offsets from a static"
    )
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="TRIAL is a static trial: use the static (heel-based) foot, as Nexus does",
    )


def model_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the keyword options for :func:`gaitlab.compute_angles` given on the command line."""
    options: dict[str, Any] = {"flat_foot": args.flat_foot, "calibration": args.calibration}
    if args.hip_model:
        options["hip_model"] = args.hip_model
    if args.marker_diameter_mm is not None:
        options["marker_diameter_mm"] = args.marker_diameter_mm
    return options


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``angles`` command."""
    parser = subparsers.add_parser("angles", help="compute Plug-in Gait lower-body angles")
    add_model_options(parser)
    parser.add_argument("-o", "--output", metavar="CSV", help="output file (default: stdout)")
    parser.add_argument(
        "--max-gap-frames",
        type=int,
        default=0,
        help="fill marker gaps up to this many frames by cubic spline first (default: none)",
    )
    parser.add_argument(
        "--cutoff-hz",
        type=float,
        default=None,
        help="low-pass the markers first (zero-lag Butterworth; default: not filtered)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write one row per frame: ``frame, time_s`` then the angle columns in degrees."""
    trial = load_trial(args.trial)
    static = load_trial(args.static) if args.static else None
    if args.max_gap_frames or args.cutoff_hz:
        trial, report = preprocess(
            trial, max_gap_frames=args.max_gap_frames, cutoff_hz=args.cutoff_hz
        )
        unfilled = sum(1 for gap in report.gaps if not gap.filled)
        print(
            f"gaitlab angles: filled {report.filled_frames} marker samples; "
            f"{unfilled} gaps left unfilled; low-pass {report.cutoff_hz or 'off'}",
            file=sys.stderr,
        )
    table = compute_angles(trial, static, **model_options(args))
    table.insert(0, "time_s", trial.times_s)
    table = table.reset_index()
    table.to_csv(args.output or sys.stdout, index=False, float_format="%.6f")
    return 0
