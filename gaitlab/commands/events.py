"""``gaitlab events TRIAL [--method M] -o events.csv``: foot strikes and foot offs to CSV."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

import pandas as pd

from gaitlab.errors import GaitlabError
from gaitlab.events import EVENT_METHODS, detect_events
from gaitlab.events.force_plate import THRESHOLD_N
from gaitlab.io import load_trial
from gaitlab.io.registry import reader_for
from gaitlab.trial import Trial

SENSOR_LOCATIONS = ("foot", "lower_back")


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` and ``--sampling-rate-hz`` (what :func:`load` reads)."""
    parser.add_argument("--format", default=None, help="reader to use (see `gaitlab formats`)")
    parser.add_argument(
        "--sampling-rate-hz", type=float, default=None, help="override or give the sampling rate"
    )


def add_trial_options(parser: argparse.ArgumentParser, method_flag: str) -> None:
    """Add the options shared by ``events`` and ``spatiotemporal``."""
    parser.add_argument("trial", metavar="TRIAL", help="C3D trial or IMU recording")
    parser.add_argument(
        method_flag,
        dest="method",
        choices=EVENT_METHODS,
        default="auto",
        help="event source (default auto: the file's events, else force plates + markers; "
        "markers alone on a treadmill)",
    )
    parser.add_argument(
        "--force-threshold-n",
        type=float,
        default=THRESHOLD_N,
        help=f"force-plate loading threshold, N (default {THRESHOLD_N:g}, as Vicon Nexus)",
    )
    add_reading_options(parser)
    parser.add_argument(
        "--sensor-location",
        choices=SENSOR_LOCATIONS,
        default=None,
        help="IMU recordings: which sensors to use (default: what the file has)",
    )
    parser.add_argument(
        "--marker",
        action="append",
        default=[],
        metavar="PIG=LABEL",
        help="marker mapping for non-Plug-in Gait labels, e.g. --marker LTOE=LMT2 (repeatable)",
    )
    parser.add_argument("-o", "--output", metavar="CSV", help="output file (default: stdout)")


def marker_mapping(pairs: list[str]) -> dict[str, str]:
    """Parse ``PIG=LABEL`` pairs; a malformed one is a :class:`GaitlabError`."""
    mapping = {}
    for pair in pairs:
        name, sep, label = pair.partition("=")
        if not sep or not name.strip() or not label.strip():
            raise GaitlabError(f"--marker expects PIG=LABEL (e.g. LTOE=LMT2), got {pair!r}")
        mapping[name.strip()] = label.strip()
    return mapping


def load(args: argparse.Namespace) -> Trial:
    """Load the trial with ``--format`` and ``--sampling-rate-hz``."""
    options: dict[str, Any] = {}
    if args.sampling_rate_hz is not None:
        reader = reader_for(args.trial, args.format)
        key = "point_rate_hz" if reader.name == "c3d" else "rate_hz"
        options[key] = args.sampling_rate_hz
    return load_trial(args.trial, format=args.format, **options)


def imu_pipeline(function: str) -> Any:
    """Return ``gaitlab.imu.<function>``; a clear error when the IMU pipeline lacks it."""
    module = importlib.import_module("gaitlab.imu")
    found = getattr(module, function, None)
    if found is None:
        raise GaitlabError(
            f"IMU pipeline not available: gaitlab.imu.{function} is missing; "
            "this recording has IMU sensors and no markers"
        )
    return found


def events_for(trial: Trial, args: argparse.Namespace) -> pd.DataFrame:
    """Detect the events of a loaded trial as the command-line options ask."""
    if trial.is_imu_recording:
        return imu_pipeline("imu_events")(trial, sensor_location=args.sensor_location)
    return detect_events(
        trial,
        args.method,
        markers=marker_mapping(args.marker),
        threshold_n=args.force_threshold_n,
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``events`` command."""
    parser = subparsers.add_parser("events", help="detect foot strikes and foot offs")
    add_trial_options(parser, "--method")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write one row per event: ``time_s, frame, side, kind, source``."""
    table = events_for(load(args), args)
    table.to_csv(args.output or sys.stdout, index=False, float_format="%.6f")
    return 0
