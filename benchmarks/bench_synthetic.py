"""Speed of the synthetic generator and of the C3D writer.

``make_walking_trial`` for a short trial (4 strides, what tests use) and a
long one (900 strides, about 98,000 frames, what the other benchmarks use),
and ``write_c3d`` of 500 strides without events (about 55,000 frames: a C3D
file holds at most 65,535 frames and 255 events). Best of three runs.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _best_of(function: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[dict]:
    """Measure the generator (ms per trial, frames/s) and the writer (frames/s)."""
    from gaitlab.io.c3d_write import write_c3d
    from gaitlab.synthetic import make_walking_trial

    short = _best_of(lambda: make_walking_trial(n_strides=4))
    long_trial, _ = make_walking_trial(n_strides=900, noise_sd_mm=0.5, seed=5)
    long = _best_of(lambda: make_walking_trial(n_strides=900, noise_sd_mm=0.5, seed=5), 2)
    written, _ = make_walking_trial(n_strides=500, noise_sd_mm=0.5, seed=5)
    written = written.with_events(())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.c3d"
        write = _best_of(lambda: write_c3d(written, path), 2)
    frames = long_trial.n_frames
    return [
        {
            "name": "synthetic: make_walking_trial, 4 strides",
            "value": 1000.0 * short,
            "unit": "ms",
        },
        {
            "name": f"synthetic: make_walking_trial, 900 strides ({frames} frames)",
            "value": frames / long,
            "unit": "frames/s",
        },
        {
            "name": f"io: write_c3d, {written.n_frames} frames x 16 markers",
            "value": written.n_frames / write,
            "unit": "frames/s",
        },
    ]
