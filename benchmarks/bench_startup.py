"""Start-up time of ``import gaitlab`` and of the command line, in fresh interpreters.

A batch run that calls ``gaitlab`` once per trial pays this on every file.
Reported: wall time (ms, best of 5) of ``import gaitlab``, ``gaitlab --version``
and ``gaitlab info`` on the shipped typical_walker sample (which reads the file).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "typical_walker.c3d"


def _best_ms(command: list[str], repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return 1000.0 * best


def run() -> list[dict]:
    """Measure the start-up wall times."""
    python = sys.executable
    commands = {
        "startup: python -c 'import gaitlab'": [python, "-c", "import gaitlab"],
        "startup: gaitlab --version": [python, "-m", "gaitlab", "--version"],
        "startup: gaitlab info typical_walker.c3d": [python, "-m", "gaitlab", "info", str(SAMPLE)],
    }
    return [{"name": name, "value": _best_ms(cmd), "unit": "ms"} for name, cmd in commands.items()]
