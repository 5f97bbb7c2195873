"""Run every ``benchmarks/bench_*.py`` module and print one line per measurement.

Each module exposes ``run() -> list[dict]``; every dict has at least ``name``,
``value``, ``unit`` and optionally ``target`` and ``note``. Results are also
written to ``benchmarks/results.json`` for comparison with a baseline.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    """Run all benchmark modules (or those named on the command line)."""
    here = Path(__file__).parent
    wanted = set(sys.argv[1:])
    results = []
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (wanted and info.name not in wanted):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        for row in module.run():
            row = {"module": info.name, **row}
            results.append(row)
            target = f" (target {row['target']})" if "target" in row else ""
            note = f"  {row['note']}" if row.get("note") else ""
            print(f"{row['name']:<55} {row['value']:>14,.1f} {row['unit']}{target}{note}")
    (here / "results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
