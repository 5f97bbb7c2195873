"""``gaitlab analyze TRIAL [--static S] [--norms FILE] [--json] [-o OUT]``.

IMU recordings (no markers) get their strides from the IMU pipeline and only the
spatiotemporal measures and flags (:func:`gaitlab.analysis.analyze`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gaitlab.analysis import analyze
from gaitlab.commands.events import add_reading_options, load


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``analyze`` command."""
    parser = subparsers.add_parser(
        "analyze",
        help="spatiotemporal table, key measures, GPS and evidence-graded flags of a trial",
        description=(
            "Analyse one walking trial against a reference. The default reference is the "
            "Schwartz 2008 children's norms (speed-matched); for adults pass lab norms built "
            "with `gaitlab norms build` via --norms. Flags are findings, not diagnoses."
        ),
    )
    parser.add_argument("trial", metavar="TRIAL", help="C3D trial or IMU recording")
    add_reading_options(parser)
    parser.add_argument("--static", metavar="S", help="static trial for the foot offsets")
    parser.add_argument("--norms", metavar="FILE", help="gaitlab-norms JSON (default Schwartz)")
    parser.add_argument("--json", action="store_true", help="write JSON instead of text")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Analyse the trial and print (or write) the summary or the JSON."""
    result = analyze(load(args), static=args.static, norms=args.norms)
    text = result.to_json() if args.json else result.summary()
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0
