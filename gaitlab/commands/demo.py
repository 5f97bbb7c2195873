"""``gaitlab demo [DIR]``: run the main job on the shipped sample trials.

For every C3D file in the folder: what the trial holds, the key Plug-in Gait
angles per side, the Nexus-style spatiotemporal summary, and the analysis
against the speed-matched reference (GPS and evidence-graded flags, one line
each). ``gaitlab analyze FILE`` prints the full report of one trial.
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path

from gaitlab.analysis import Analysis, analyze
from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.io import load_trial
from gaitlab.kinematics import compute_angles
from gaitlab.kinematics.summary import format_angle_summary
from gaitlab.spatiotemporal import format_summary, nexus_summary
from gaitlab.trial import Trial


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser("demo", help="analyse the shipped sample trials")
    parser.add_argument("directory", nargs="?", default="data/samples", help="folder of trials")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Report every C3D file in the folder; a bad file is reported, the rest still run."""
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
        print(f"== {path.name} ==")
        print(_report(trial))
        print()
    print(
        "Full report of one trial: gaitlab analyze FILE  (add --json for the machine-readable form)"
    )
    return 1 if failed else 0


def _report(trial: Trial) -> str:
    """Return the demo's text for one trial; each stage's failure is reported, not raised."""
    lines = [trial.summary()]
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GaitlabWarning)
        try:
            lines.append(format_angle_summary(compute_angles(trial)))
        except GaitlabError as error:
            lines.append(f"  kinematics not computed: {error}")
        try:
            lines.append(format_summary(nexus_summary(trial)))
        except GaitlabError as error:
            lines.append(f"  spatiotemporal not computed: {error}")
        try:
            lines.extend(_analysis_lines(analyze(trial)))
        except GaitlabError as error:
            lines.append(f"  analysis not computed: {error}")
    for warning in caught:
        if issubclass(warning.category, GaitlabWarning) and str(warning.message) not in notes:
            notes.append(str(warning.message))
    lines.extend(f"  note: {note}" for note in notes)
    return "\n".join(lines)


def _analysis_lines(result: Analysis) -> list[str]:
    """GPS and one line per flag, with the reference named."""
    lines = [f"  reference: {result.reference.label}"]
    if result.gps is not None:
        gps = ", ".join(f"{side} {value:.1f}" for side, value in result.gps.gps_deg.items())
        lines.append(f"  Gait Profile Score (deg): {gps}")
    if result.flags.empty:
        lines.append("  flags: none")
        return lines
    lines.append(f"  flags ({len(result.flags)}; findings, not diagnoses):")
    for flag in result.flags.to_dict("records"):
        z_score = float(flag["z_score"])
        z = "" if math.isnan(z_score) else f", z = {z_score:+.1f}"
        lines.append(
            f"    {flag['code']} ({flag['side']}): {flag['metric']} = {float(flag['value']):.3g} "
            f"{flag['unit']}{z}; evidence for the article's claim: "
            f"{flag['evidence_for_article_claim']}"
        )
    return lines
