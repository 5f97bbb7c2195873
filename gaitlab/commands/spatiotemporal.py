"""``gaitlab spatiotemporal TRIAL [--events-method M] -o strides.csv``: per-stride parameters."""

from __future__ import annotations

import argparse
import sys

from gaitlab.commands.events import (
    add_trial_options,
    events_for,
    imu_pipeline,
    load,
    marker_mapping,
)
from gaitlab.spatiotemporal import compute_spatiotemporal, nexus_summary


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``spatiotemporal`` command."""
    parser = subparsers.add_parser(
        "spatiotemporal", help="stride/step length, cadence, speed, stance ... per stride"
    )
    add_trial_options(parser, "--events-method")
    parser.add_argument(
        "--summary",
        action="store_true",
        help="one Nexus-style cycle per side instead of every stride",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write one row per stride (or per side with ``--summary``)."""
    trial = load(args)
    if trial.is_imu_recording:
        table = imu_pipeline("imu_spatiotemporal")(trial, sensor_location=args.sensor_location)
    else:
        markers = marker_mapping(args.marker)
        table = compute_spatiotemporal(trial, events_for(trial, args), markers=markers)
        if args.summary:
            table = nexus_summary(trial, per_stride=table).reset_index()
    table.to_csv(args.output or sys.stdout, index=False, float_format="%.6f")
    return 0
