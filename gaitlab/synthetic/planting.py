"""Pelvis height that lets the stance legs reach their planted feet, and floor contacts.

The feet are fixed first (:mod:`gaitlab.synthetic.feet`); the pelvis moves
forward at constant speed with a small side-to-side sway; its height is chosen
here. For a stance leg at a frame, the hip height at which the knee (solved in
the ankle's hinge plane, :mod:`gaitlab.synthetic.legs`) flexes by the target
angle follows from the law of cosines; in double support the lower of the two
legs' heights is taken (the other knee flexes a little more). A leg's target
counts from its foot strike until the other foot strikes: in pre-swing the
trailing leg only has to reach its foot. In a flight
phase (running) the height follows a ballistic arc (g = 9.81 m/s^2) between
take-off and touch-down. The height then keeps only its first
:data:`SMOOTHING_HARMONICS` harmonics (periodic FFT low-pass), so the pelvis
has no acceleration spikes, and is kept where both legs reach their feet with
the knee bent at least :data:`MIN_KNEE_FLEXION_DEG` (clamped 1 mm lower and
smoothed again, four times, then clamped): the feet never move to suit the
pelvis.

:func:`floor_contacts` measures where each foot's lowest sole point is on the
floor; by construction that is exactly the nominal stance.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gaitlab.conventions import SIDES
from gaitlab.synthetic.legs import planar_reach_mm
from gaitlab.synthetic.motion import GaitTiming

__all__ = [
    "CONTACT_TOLERANCE_MM",
    "SMOOTHING_HARMONICS",
    "MIN_KNEE_FLEXION_DEG",
    "Contacts",
    "nominal_contacts",
    "floor_contacts",
    "pelvis_height_mm",
    "stance_heights_mm",
]

#: A foot is on the floor while its lowest sole point is at most this high, mm.
CONTACT_TOLERANCE_MM = 1e-6

#: side -> (foot-strike index, foot-off index) within the cycle.
Contacts = dict[str, tuple[int, int]]

_GRAVITY_MMPS2 = 9810.0

#: The pelvis height keeps this many harmonics of the stride frequency.
SMOOTHING_HARMONICS = 7

#: Clamp-and-smooth passes, and how far below the reach limit they aim, mm.
_SMOOTHING_PASSES = 4
_REACH_MARGIN_MM = 1.0

#: Knees never straighter than this, degrees (keeps the legs' inverse kinematics regular).
MIN_KNEE_FLEXION_DEG = 2.0


def nominal_contacts(timing: GaitTiming) -> Contacts:
    """Foot strike and foot off of each side by the nominal timing."""
    n = timing.frames_per_stride
    return {
        side: (timing.side_offset(side), (timing.side_offset(side) + timing.foot_off_frames) % n)
        for side in SIDES
    }


def floor_contacts(timing: GaitTiming, lowest_z_mm: Mapping[str, np.ndarray]) -> Contacts:
    """Foot strike and foot off of each side from where its sole meets the floor.

    ``lowest_z_mm`` is each foot's lowest sole point height over the cycle. The
    stance is the longest stretch of the cycle with that point within
    :data:`CONTACT_TOLERANCE_MM` of the floor.
    """
    n = timing.frames_per_stride
    out: Contacts = {}
    for side in SIDES:
        on_floor = lowest_z_mm[side] <= CONTACT_TOLERANCE_MM
        # Start the search in nominal mid-swing so that the stance does not wrap.
        start = (timing.side_offset(side) + (timing.foot_off_frames + n) // 2) % n
        ordered = np.roll(on_floor, -start).astype(int)
        edges = np.diff(np.concatenate([[0], ordered, [0]]))
        rises, falls = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        longest = int(np.argmax(falls - rises))
        # a foot leaves the floor at the last frame it is on it
        out[side] = (int((start + rises[longest]) % n), int((start + falls[longest] - 1) % n))
    return out


def _fill_periodic(values: np.ndarray, known: np.ndarray, rate_hz: float) -> np.ndarray:
    """Fill the unknown samples of a periodic signal: linear plus a ballistic arc."""
    if known.all():
        return values
    n = values.size
    index = np.arange(n)
    xp = np.concatenate([index[known] - n, index[known], index[known] + n])
    fp = np.tile(values[known], 3)
    filled = np.interp(index, xp, fp)
    before = xp[np.searchsorted(xp, index, side="right") - 1]
    after = xp[np.searchsorted(xp, index, side="left")]
    arc = 0.5 * _GRAVITY_MMPS2 * (index - before) * (after - index) / rate_hz**2
    return np.where(known, values, filled + arc)


def _smooth_periodic(values: np.ndarray) -> np.ndarray:
    """Keep the first :data:`SMOOTHING_HARMONICS` harmonics of a one-cycle signal (FFT)."""
    spectrum = np.fft.rfft(values)
    spectrum[SMOOTHING_HARMONICS + 1 :] = 0.0
    return np.fft.irfft(spectrum, n=values.size)


def _height_for_flexion(
    hip_offset_mm: np.ndarray,
    ankle_mm: np.ndarray,
    axis: np.ndarray,
    thigh_mm: float,
    shank_mm: float,
    knee_flexion_deg: np.ndarray,
) -> np.ndarray:
    """Pelvis origin height at which the knee flexes by ``knee_flexion_deg``.

    ``hip_offset_mm`` is the hip centre with the pelvis origin at height 0.
    The offset of the hip from the hinge plane barely depends on the height
    (the hinge is near horizontal), so two passes suffice.
    """
    height = np.full(ankle_mm.shape[0], thigh_mm + shank_mm)
    for _ in range(3):
        hip = hip_offset_mm + height[:, None] * np.array([0.0, 0.0, 1.0])
        _, radius = planar_reach_mm(hip, ankle_mm, axis, thigh_mm, shank_mm)
        target = np.sqrt(
            radius**2 + shank_mm**2 + 2 * radius * shank_mm * np.cos(np.radians(knee_flexion_deg))
        )
        offset = np.sum((hip - ankle_mm) * axis, axis=1)
        in_plane = hip - offset[:, None] * axis - ankle_mm
        # in-plane distance^2 = |h|^2 + 2 h_z dz... solve for the vertical move dz
        # with the plane's vertical direction (axis is near horizontal)
        vertical = np.array([0.0, 0.0, 1.0]) - axis[:, 2:3] * axis
        a = np.sum(vertical * vertical, axis=1)
        b = 2 * np.sum(in_plane * vertical, axis=1)
        c = np.sum(in_plane * in_plane, axis=1) - target**2
        dz = (-b + np.sqrt(np.clip(b * b - 4 * a * c, 0.0, None))) / (2 * a)
        height = height + dz
    return height


def stance_heights_mm(
    timing: GaitTiming,
    hip_offset_mm: Mapping[str, np.ndarray],
    ankle_mm: Mapping[str, np.ndarray],
    axis: Mapping[str, np.ndarray],
    thigh_mm: Mapping[str, float],
    shank_mm: Mapping[str, float],
    knee_target_deg: Mapping[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per side and frame: the pelvis height for the knee target, and the highest reachable.

    Parameters
    ----------
    timing
        Cycle timing.
    hip_offset_mm
        Hip centres with the pelvis origin at height 0, per side ``(n, 3)``.
    ankle_mm, axis
        The feet's AJC and hinge axes (:class:`gaitlab.synthetic.feet.FootMotion`).
    thigh_mm, shank_mm
        Segment lengths per side.
    knee_target_deg
        Stance knee flexion per side (``motion.stance_knee_target_deg``).

    Returns
    -------
    wanted, highest
        ``(n,)`` per side; ``wanted`` is NaN where the side's target does not
        count (swing and pre-swing), ``highest`` bends the knee by
        :data:`MIN_KNEE_FLEXION_DEG`.
    """
    n = timing.frames_per_stride
    wanted: dict[str, np.ndarray] = {}
    highest: dict[str, np.ndarray] = {}
    for side in SIDES:
        args = (hip_offset_mm[side], ankle_mm[side], axis[side], thigh_mm[side], shank_mm[side])
        other = "left" if side == "right" else "right"
        other_strike = (timing.side_offset(other) - timing.side_offset(side)) % n / n
        until = min(timing.foot_off_phase, other_strike)
        stance = timing.cycle_phase(side) <= until + 1e-9
        wanted[side] = np.where(stance, _height_for_flexion(*args, knee_target_deg[side]), np.nan)
        highest[side] = _height_for_flexion(*args, np.full(n, MIN_KNEE_FLEXION_DEG))
    return wanted, highest


def pelvis_height_mm(
    timing: GaitTiming, wanted: Mapping[str, np.ndarray], highest: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Height of the pelvis origin over one cycle, mm (see the module notes).

    ``wanted`` and ``highest`` are from :func:`stance_heights_mm`.
    """
    stacked = np.stack([wanted[s] for s in SIDES])
    known = np.isfinite(stacked).any(axis=0)
    lowest_wanted = np.where(
        known, np.nanmin(np.where(np.isfinite(stacked), stacked, np.inf), axis=0), 0.0
    )
    limit = np.minimum(*(highest[s] for s in SIDES))
    z = _fill_periodic(lowest_wanted, known, timing.point_rate_hz)
    for _ in range(_SMOOTHING_PASSES):
        z = _smooth_periodic(np.minimum(z, limit - _REACH_MARGIN_MM))
    return np.minimum(z, limit)
