"""A minimal analytic walker for the events, cycles and spatiotemporal tests.

Marker trajectories are built so that every event is known exactly:

- heel position relative to the sacrum along the walking direction is
  ``A cos(2 pi (t - t_strike) / T)``: maxima (Zeni foot strikes) exactly at the
  strikes;
- toe relative position is ``-A cos(2 pi (t - t_off) / T)``: minima (Zeni foot
  offs) exactly at the offs;
- the foot rises with a Gaussian velocity bump centred on each foot off and
  falls with one centred on each strike (O'Connor's extrema exactly there).

Strikes and offs fall on frames; the walk can be rotated about Z, reversed,
or put on a treadmill (pelvis standing still). Force plates under chosen
contacts load 700 N from strike to off (at the analog rate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from gaitlab.trial import ForcePlate, Trial

RATE_HZ = 100.0
STRIDE_FRAMES = 100
FOOT_OFF_FRAMES = 60
RIGHT_OFFSET_FRAMES = 50
FIRST_STRIKE_FRAME = 40
N_FRAMES = 540
AMPLITUDE_MM = 300.0
LIFT_MM = 60.0
BUMP_S = 0.03


@dataclass(frozen=True)
class Truth:
    """Known events: frames per (side, kind)."""

    frames: dict[tuple[str, str], np.ndarray]
    speed_mm_per_s: float


def strike_frames(side: str) -> np.ndarray:
    offset = 0 if side == "left" else RIGHT_OFFSET_FRAMES
    first = FIRST_STRIKE_FRAME + offset
    return np.arange(first, N_FRAMES, STRIDE_FRAMES)


def off_frames(side: str) -> np.ndarray:
    frames = strike_frames(side) + FOOT_OFF_FRAMES - STRIDE_FRAMES
    frames = np.r_[frames, frames[-1] + STRIDE_FRAMES]
    return frames[(frames >= 0) & (frames < N_FRAMES)]


def _lift(t: np.ndarray, side: str) -> np.ndarray:
    """Foot height above its stance level: up around each off, down around each strike."""
    up = sum(ndtr((t - f / RATE_HZ) / BUMP_S) for f in off_frames(side))
    down = sum(ndtr((t - f / RATE_HZ) / BUMP_S) for f in strike_frames(side))
    height = up - down
    return LIFT_MM * (height - height.min())


def walker(
    *,
    heading_deg: float = 0.0,
    speed_mm_per_s: float = 1200.0,
    plates: tuple[tuple[str, int], ...] = (),
    noise_mm: float = 0.0,
    seed: int = 0,
    analog_rate_hz: float = 1000.0,
) -> tuple[Trial, Truth]:
    """Build the walker; ``plates`` lists (side, stride index) contacts on a plate each."""
    t = np.arange(N_FRAMES) / RATE_HZ
    heading = np.deg2rad(heading_deg)
    forward = np.array([np.cos(heading), np.sin(heading), 0.0])
    left = np.array([-np.sin(heading), np.cos(heading), 0.0])
    up = np.array([0.0, 0.0, 1.0])
    along = speed_mm_per_s * t
    sacrum = along[:, None] * forward + 900.0 * up
    markers = {
        "SACR": sacrum,
        "LPSI": sacrum + 50.0 * left,
        "RPSI": sacrum - 50.0 * left,
        "LASI": sacrum + 160.0 * forward + 120.0 * left + 40.0 * up,
        "RASI": sacrum + 160.0 * forward - 120.0 * left + 40.0 * up,
    }
    for side, sign in (("left", 1.0), ("right", -1.0)):
        strike_phase = 2 * np.pi * (t - strike_frames(side)[0] / RATE_HZ) * RATE_HZ / STRIDE_FRAMES
        off_phase = 2 * np.pi * (t - off_frames(side)[0] / RATE_HZ) * RATE_HZ / STRIDE_FRAMES
        heel_x = along + AMPLITUDE_MM * np.cos(strike_phase)
        toe_x = along - AMPLITUDE_MM * np.cos(off_phase) + 150.0
        z = _lift(t, side)
        prefix = "L" if side == "left" else "R"
        markers[f"{prefix}HEE"] = (
            heel_x[:, None] * forward + sign * 100.0 * left + (z + 40.0)[:, None] * up
        )
        markers[f"{prefix}TOE"] = (
            toe_x[:, None] * forward + sign * 110.0 * left + (z + 40.0)[:, None] * up
        )
    labels = tuple(markers)
    array = np.stack([markers[name] for name in labels], axis=1)
    if noise_mm:
        array = array + np.random.default_rng(seed).normal(0.0, noise_mm, array.shape)
    force_plates = tuple(_plate(markers, side, k, analog_rate_hz) for side, k in plates)
    truth = Truth(
        {
            (side, kind): (strike_frames(side) if kind == "foot_strike" else off_frames(side))
            for side in ("left", "right")
            for kind in ("foot_strike", "foot_off")
        },
        speed_mm_per_s,
    )
    return Trial(array, labels, RATE_HZ, force_plates=force_plates), truth


def _plate(markers: dict[str, np.ndarray], side: str, index: int, rate_hz: float) -> ForcePlate:
    prefix = "L" if side == "left" else "R"
    strike = strike_frames(side)[index]
    off = off_frames(side)[off_frames(side) > strike][0]
    centre = 0.5 * (markers[f"{prefix}HEE"][strike] + markers[f"{prefix}TOE"][off - 1])
    half = np.array([250.0, 250.0])
    corners = np.array(
        [
            [centre[0] + half[0], centre[1] + half[1], 0.0],
            [centre[0] - half[0], centre[1] + half[1], 0.0],
            [centre[0] - half[0], centre[1] - half[1], 0.0],
            [centre[0] + half[0], centre[1] - half[1], 0.0],
        ]
    )
    ratio = rate_hz / RATE_HZ
    n = int(N_FRAMES * ratio)
    force = np.zeros((n, 3))
    loaded = slice(int(strike * ratio), int(off * ratio))
    force[loaded, 2] = 700.0
    cop = np.full((n, 3), np.nan)
    cop[loaded] = centre
    cop[loaded, 2] = 0.0
    return ForcePlate(1, corners, np.zeros(3), force, np.zeros((n, 3)), cop, rate_hz)
