"""``gaitlab validate TRIAL [--static S] [--json]``: compare with the file's Nexus angles."""

from __future__ import annotations

import argparse
import json

from gaitlab.commands.angles import add_model_options, model_options
from gaitlab.io import load_trial
from gaitlab.validation import validate_trial


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = subparsers.add_parser(
        "validate", help="compare gaitlab's angles with the model outputs stored in the file"
    )
    add_model_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print RMS and max absolute difference (deg) per output and component."""
    trial = load_trial(args.trial)
    static = load_trial(args.static) if args.static else None
    table, notes = validate_trial(trial, static, **model_options(args))
    if args.json:
        payload = {
            "trial": args.trial,
            "static": args.static,
            "notes": notes,
            "rows": table.to_dict(orient="records"),
        }
        print(json.dumps(payload, indent=2))
        return 0
    for note in notes:
        print(f"note: {note}")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.5f}"))
    return 0
