"""Speed and memory of Plug-in Gait angles on a 1,000,000-frame lower-body trial.

The trial is ``gaitalytics_test_small.c3d`` (Nexus 2.10, 337 frames) from
../shared/data, reduced to the lower-body model markers and tiled to one
million frames (each repetition shifted forwards so the walk continues).
Reported: frames/s of :func:`gaitlab.compute_angles`, peak extra memory
(tracemalloc, numpy allocations included), and the ratio to reading the
original file with ezc3d (frames/s of ezc3d.c3d on the same trial).
"""

from __future__ import annotations

import dataclasses
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

N_FRAMES = 1_000_000
SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "c3d" / "nexus-pig"
FILE = SOURCE / "gaitalytics_test_small.c3d"


def _tiled_trial():
    from gaitlab import load_trial
    from gaitlab.kinematics.segments import MODEL_MARKERS

    trial = load_trial(FILE)
    labels = (*MODEL_MARKERS, "SACR")
    index = [trial.marker_labels.index(label) for label in labels]
    block = trial.markers[:, index, :]
    repeats = -(-N_FRAMES // len(block))
    advance = block[-1, 0, :2] - block[0, 0, :2]
    shifts = np.zeros((repeats, 1, 1, 3))
    shifts[:, 0, 0, :2] = np.arange(repeats)[:, None] * advance
    markers = (block[None] + shifts).reshape(-1, len(labels), 3)[:N_FRAMES]
    return dataclasses.replace(
        trial,
        markers=markers,
        marker_labels=labels,
        model_outputs={},
        force_plates=(),
        analogs=None,
    ), trial.n_frames


def _ezc3d_read_fps(trial, ezc3d, n_frames: int = 200_000) -> float:
    """Frames/s of ezc3d reading the tiled lower-body trial (first frames) written to C3D."""
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [trial.point_rate_hz]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = list(trial.marker_labels)
    points = np.ones((4, len(trial.marker_labels), n_frames))
    points[:3] = np.nan_to_num(trial.markers[:n_frames]).transpose(2, 1, 0)
    c3d["data"]["points"] = points
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "tiled.c3d")
        c3d.write(path)
        start = time.perf_counter()
        ezc3d.c3d(path)
        return n_frames / (time.perf_counter() - start)


def run() -> list[dict]:
    """Measure frames/s, peak memory and the ratio to ezc3d reading."""
    if not FILE.is_file():
        return [{"name": "kinematics: skipped", "value": 0.0, "unit": "", "note": f"{FILE} absent"}]
    import ezc3d

    from gaitlab import compute_angles

    trial, source_frames = _tiled_trial()
    compute_angles(trial)  # warm up (imports, thread pool)
    best = float("inf")
    load = os.getloadavg()[0]
    for _ in range(5):
        start = time.perf_counter()
        angles = compute_angles(trial)
        best = min(best, time.perf_counter() - start)
    assert angles.shape == (N_FRAMES, 30)

    cpu_start = time.process_time()
    compute_angles(trial, workers=1)
    cpu_ns = (time.process_time() - cpu_start) / N_FRAMES * 1e9

    tracemalloc.start()
    compute_angles(trial)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB

    start = time.perf_counter()
    for _ in range(5):
        ezc3d.c3d(str(FILE))
    ezc3d_file_fps = 5 * source_frames / (time.perf_counter() - start)
    ezc3d_fps = _ezc3d_read_fps(trial, ezc3d)
    fps = N_FRAMES / best
    return [
        {
            "name": "kinematics: compute_angles, 1e6 frames",
            "value": fps,
            "unit": "frames/s",
            "target": ">= 1,000,000",
            "note": f"best of 5 on {os.cpu_count()} cores, load average {load:.1f} before",
        },
        {
            "name": "kinematics: CPU time per frame, 1 thread",
            "value": cpu_ns,
            "unit": "ns",
            "note": "less sensitive than frames/s to other load on the machine",
        },
        {
            "name": "kinematics: peak memory (tracemalloc)",
            "value": peak / 2**20,
            "unit": "MiB",
            "target": "< 2048",
            "note": f"input markers {trial.markers.nbytes / 2**20:.0f} MiB",
        },
        {
            "name": "kinematics: process peak RSS so far",
            "value": rss_mib,
            "unit": "MiB",
            "target": "< 2048",
            "note": "whole benchmark process: input, outputs, interpreter",
        },
        {
            "name": "kinematics: ezc3d read of the tiled lower-body trial",
            "value": ezc3d_fps,
            "unit": "frames/s",
            "note": "200,000 frames of the same markers written to C3D",
        },
        {
            "name": "kinematics: ezc3d read of the original file",
            "value": ezc3d_file_fps,
            "unit": "frames/s",
            "note": "full-body file with 1 kHz analogs and 4 plates",
        },
        {
            "name": "kinematics: angles speed / ezc3d read speed",
            "value": fps / ezc3d_fps,
            "unit": "x",
        },
    ]
