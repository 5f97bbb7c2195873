"""Speed of ``gaitlab.analyze`` (events to flags) on real and synthetic trials.

Real: ``gaitalytics_test_small.c3d`` from ../shared/data (337 frames, 4 plates),
read once; the analysis is timed on the in-memory trial. Synthetic: a 10-stride
walker from ``make_walking_trial``. Reported as trials/s and ms per trial.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

FILE = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "c3d"
    / "nexus-pig"
    / "gaitalytics_test_small.c3d"
)
REPEATS = 5


def _time(trial) -> float:
    from gaitlab import analyze

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyze(trial)  # warm-up (loads the shipped norms once per call path)
        start = time.perf_counter()
        for _ in range(REPEATS):
            analyze(trial)
    return (time.perf_counter() - start) / REPEATS


def run() -> list[dict]:
    from gaitlab import load_trial
    from gaitlab.synthetic import make_walking_trial

    rows = []
    synthetic, _ = make_walking_trial(n_strides=10)
    seconds = _time(synthetic)
    rows.append({"name": "analyze synthetic 10 strides", "value": 1.0 / seconds,
                 "unit": "trials/s", "note": f"{1000 * seconds:.0f} ms per trial"})  # fmt: skip
    if FILE.exists():
        seconds = _time(load_trial(FILE))
        rows.append({"name": "analyze gaitalytics_test_small", "value": 1.0 / seconds,
                     "unit": "trials/s", "note": f"{1000 * seconds:.0f} ms per trial"})  # fmt: skip
    return rows
