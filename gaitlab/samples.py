"""Regenerate the shipped sample trials: ``python -m gaitlab.samples data/samples``.

Every sample is made by :func:`gaitlab.synthetic.make_walking_trial` with
fixed arguments and seed (listed in :data:`SAMPLES`), written with
:func:`gaitlab.io.c3d_write.write_c3d`, and described in the folder's
``README.md`` together with its sha256, so anyone can check that the files are
what this module makes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gaitlab.io.c3d_write import write_c3d
from gaitlab.synthetic import GroundTruth, make_walking_trial

__all__ = ["Sample", "SAMPLES", "write_samples", "sha256_of", "main"]


@dataclass(frozen=True)
class Sample:
    """One shipped sample: its file name, what it shows and how it is made."""

    file_name: str
    description: str
    arguments: dict[str, Any] = field(default_factory=dict)


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "typical_walker.c3d",
        "A typical adult walker at 110 steps/min: Schwartz 2008 free-speed mean curves, "
        "walking along +X.",
        {
            "n_strides": 4,
            "subject_name": "typical",
            "noise_sd_mm": 0.5,
            "seed": 101,
        },
    ),
    Sample(
        "tight_hamstrings.c3d",
        "A tight-hamstring-like pattern: 10 deg posterior pelvic tilt, an 18 deg hip-extension "
        "reduction target (feet planted further forward, shorter stride), 6 deg more knee "
        "flexion at contact; slower cadence. The feet are planted as in every sample.",
        {
            "n_strides": 4,
            "cadence_steps_per_min": 104.0,
            "subject_name": "tight_hamstrings",
            "mass_kg": 78.0,
            "height_mm": 1800.0,
            "leg_length_mm": 930.0,
            "inter_asis_distance_mm": 260.0,
            "knee_width_mm": 105.0,
            "ankle_width_mm": 72.0,
            "hip_extension_reduction_deg": 18.0,
            "pelvic_tilt_offset_deg": -10.0,
            "knee_flexion_at_contact_offset_deg": 6.0,
            "noise_sd_mm": 0.5,
            "seed": 202,
        },
    ),
    Sample(
        "walking_minus_x.c3d",
        "A smaller typical walker going towards -X (heading 180 deg) at 116 steps/min, "
        "away from the lab origin, to exercise walking-direction handling.",
        {
            "n_strides": 3,
            "cadence_steps_per_min": 116.0,
            "walking_direction_deg": 180.0,
            "lab_offset_mm": (500.0, 1200.0, 0.0),
            "subject_name": "minus_x",
            "mass_kg": 58.0,
            "height_mm": 1620.0,
            "leg_length_mm": 840.0,
            "inter_asis_distance_mm": 235.0,
            "knee_width_mm": 92.0,
            "ankle_width_mm": 64.0,
            "noise_sd_mm": 0.5,
            "seed": 303,
        },
    ),
)


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _offsets(truth: GroundTruth, kind: str) -> str:
    """Range of (floor contact - nominal event) frames for ``kind``, e.g. ``"+4..+5"``."""
    nominal = truth.events[truth.events["kind"] == kind]
    floor = truth.floor_contacts[truth.floor_contacts["kind"] == kind]
    shifts = []
    for side in ("left", "right"):
        a = nominal.loc[nominal["side"] == side, "frame"].to_numpy()
        for frame in floor.loc[floor["side"] == side, "frame"]:
            shifts.append(int(frame - a[np.argmin(np.abs(a - frame))]))
    return f"{min(shifts):+d}..{max(shifts):+d}"


def _readme(rows: list[tuple[Sample, GroundTruth, str, int]]) -> str:
    lines = [
        "# Sample trials",
        "",
        "Synthetic Plug-in Gait lower-body trials made by gaitlab itself (no recorded data, so",
        "no licence restrictions). Regenerate them, byte for byte, with",
        "",
        "    make samples        # = python -m gaitlab.samples data/samples",
        "",
        "Each file is made by `gaitlab.synthetic.make_walking_trial(**arguments)` (planted",
        "feet, a pelvis following the Schwartz et al. 2008 mean curves, legs by inverse",
        "kinematics; 16 PiG markers at 100 Hz with white noise of the stated SD) and written by",
        "`gaitlab.io.c3d_write.write_c3d`: markers in mm, Foot Strike / Foot Off events with",
        "Left/Right contexts, subject measurements in PROCESSING (angles in radians, as Nexus).",
        "The ground truth (angles, events, stride lengths) is what `make_walking_trial` returns",
        "with the same arguments.",
        "",
    ]
    for sample, truth, digest, n_frames in rows:
        strides = truth.strides.groupby("side")["stride_length_m"].mean()
        arguments = ", ".join(f"{k}={v!r}" for k, v in sample.arguments.items())
        lines += [
            f"## {sample.file_name}",
            "",
            sample.description,
            "",
            f"- arguments: `{arguments}`",
            f"- {n_frames} frames, {len(truth.events)} events; stride length left "
            f"{strides['left']:.3f} m, right {strides['right']:.3f} m; cadence "
            f"{truth.cadence_steps_per_min:.2f} steps/min; speed {truth.speed_mps:.3f} m/s",
            f"- feet on the floor (truth.floor_contacts) vs the file's events: foot strike "
            f"{_offsets(truth, 'foot_strike')} frames, foot off {_offsets(truth, 'foot_off')} "
            f"frames; largest foot slip in stance {truth.max_foot_slip_mm:.1f} mm",
            f"- sha256: `{digest}`",
            "",
        ]
    return "\n".join(lines)


def write_samples(folder: str | Path) -> list[Path]:
    """Write every sample of :data:`SAMPLES` and ``README.md`` into ``folder``.

    Returns
    -------
    list of pathlib.Path
        The C3D files written, in :data:`SAMPLES` order.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    paths = []
    for sample in SAMPLES:
        trial, truth = make_walking_trial(**sample.arguments)
        path = write_c3d(trial, folder / sample.file_name)
        rows.append((sample, truth, sha256_of(path), trial.n_frames))
        paths.append(path)
    (folder / "README.md").write_text(_readme(rows), encoding="utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m gaitlab.samples", description=__doc__)
    parser.add_argument("folder", nargs="?", default="data/samples", help="output folder")
    args = parser.parse_args(argv)
    for path in write_samples(args.folder):
        print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
