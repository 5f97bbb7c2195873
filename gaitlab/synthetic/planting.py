"""Pelvis path that keeps the supporting foot on the floor, and when each foot touches it.

Given where the sole points of both feet are relative to the pelvis over one
cycle (:func:`gaitlab.synthetic.poses.leg_points`), the pelvis is placed so
that the supporting foot stays put. Which foot supports the body follows the
nominal timing: in double support the leading foot's share ramps from 0 at
its foot strike to 1 at the other foot's foot off (:func:`support_weights`).

* Vertically, the supporting foot's lowest sole point (heel or ball) is on
  the floor (z = 0; shares blended in double support), but no foot ever goes
  through the floor: the pelvis rises when the other foot would. In a flight
  phase (running) the pelvis follows a ballistic arc (g = 9.81 m/s^2) between
  take-off and touch-down.
* Forward and sideways, the pelvis moves at minus the velocity of the
  supporting foot's lowest sole point, so that point does not slide. Forward
  speed is interpolated through flight and sideways speed is 0 there; the mean
  sideways speed over the stride is removed so the walk does not veer.

Finally the vertical position and the forward and sideways velocities lose
everything above :data:`SMOOTHING_CUTOFF_HZ` (periodic FFT low-pass): the
switches between heel and ball contact, and the floor limit, would otherwise
put kinks in the path, i.e. acceleration spikes (up to 90 m/s^2 with the
abnormal patterns) that no pelvis (or virtual IMU) shows. This costs a few
mm of foot slip and lets a sole dip up to about 0.5 mm below the floor in
the default walk (more with abnormal patterns; see
``GroundTruth.max_foot_slip_mm``).

The norm curves do not fit this body's proportions exactly, so the nominal
events and the frames where a foot really reaches and leaves the floor
(:func:`floor_contacts`: lowest sole point within
:data:`CONTACT_TOLERANCE_MM`) differ by a few frames; the ground truth
reports both.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gaitlab.conventions import SIDES
from gaitlab.synthetic.motion import GaitTiming

__all__ = [
    "CONTACT_TOLERANCE_MM",
    "Contacts",
    "nominal_contacts",
    "floor_contacts",
    "support_weights",
    "lowest_sole_point",
    "pelvis_path",
]

#: A foot is on the floor while its lowest sole point is at most this high, mm
#: (the low-pass below leaves the planted sole within about +/-3 mm of the floor).
CONTACT_TOLERANCE_MM = 3.0

#: side -> (foot-strike index, foot-off index) within the cycle.
Contacts = dict[str, tuple[int, int]]

_GRAVITY_MMPS2 = 9810.0

#: The pelvis path keeps no content above this frequency, Hz (see the module notes).
SMOOTHING_CUTOFF_HZ = 8.0


def nominal_contacts(timing: GaitTiming) -> Contacts:
    """Foot strike and foot off of each side by the nominal timing."""
    n = timing.frames_per_stride
    return {
        side: (timing.side_offset(side), (timing.side_offset(side) + timing.foot_off_frames) % n)
        for side in SIDES
    }


def support_weights(contacts: Contacts, n_frames: int) -> dict[str, np.ndarray]:
    """Share of the body each foot supports over a cycle of ``n_frames`` (0..1), per side."""
    frame = np.arange(n_frames)
    out: dict[str, np.ndarray] = {}
    for side in SIDES:
        other = "left" if side == "right" else "right"
        strike, off = contacts[side]
        other_strike, other_off = contacts[other]
        stance = (off - strike) % n_frames
        since = (frame - strike) % n_frames
        other_off_at = (other_off - strike) % n_frames
        other_strike_at = (other_strike - strike) % n_frames
        ramp_in = other_off_at if other_off_at < stance else 0
        ramp_out = stance - other_strike_at if other_strike_at < stance else 0
        weight = np.clip(since / max(ramp_in, 1), 0, 1) * np.clip(
            (stance - since) / max(ramp_out, 1), 0, 1
        )
        out[side] = np.where(since < stance, weight, 0.0)
    return out


def lowest_sole_point(points: Mapping[str, np.ndarray], side: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the lowest sole point of ``side`` per frame, and whether it is the heel."""
    heel, ball = points[f"heel_sole_{side}"], points[f"ball_sole_{side}"]
    heel_low = heel[:, 2] <= ball[:, 2]
    return np.where(heel_low[:, None], heel, ball), heel_low


def floor_contacts(
    timing: GaitTiming, points: Mapping[str, np.ndarray], pelvis_z_mm: np.ndarray
) -> Contacts:
    """Foot strike and foot off of each side from where its sole meets the floor.

    The stance is the longest stretch of the cycle in which the foot's
    lowest sole point is within :data:`CONTACT_TOLERANCE_MM` of the floor.
    """
    n = timing.frames_per_stride
    out: Contacts = {}
    for side in SIDES:
        on_floor = lowest_sole_point(points, side)[0][:, 2] + pelvis_z_mm <= CONTACT_TOLERANCE_MM
        # Start the search in nominal mid-swing so that the stance does not wrap.
        start = (timing.side_offset(side) + (timing.foot_off_frames + n) // 2) % n
        ordered = np.roll(on_floor, -start).astype(int)
        edges = np.diff(np.concatenate([[0], ordered, [0]]))
        rises, falls = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        longest = int(np.argmax(falls - rises))
        out[side] = (int((start + rises[longest]) % n), int((start + falls[longest]) % n))
    return out


def _fill_periodic(
    values: np.ndarray, known: np.ndarray, rate_hz: float, gravity: float
) -> np.ndarray:
    """Fill the unknown samples of a periodic signal: linear, plus a ballistic arc."""
    if known.all():
        return values
    n = values.size
    index = np.arange(n)
    xp = np.concatenate([index[known] - n, index[known], index[known] + n])
    fp = np.tile(values[known], 3)
    filled = np.interp(index, xp, fp)
    before = xp[np.searchsorted(xp, index, side="right") - 1]
    after = xp[np.searchsorted(xp, index, side="left")]
    arc = 0.5 * gravity * (index - before) * (after - index) / rate_hz**2
    return np.where(known, values, filled + arc)


def _smooth_periodic(values: np.ndarray, rate_hz: float) -> np.ndarray:
    """Remove the content of a periodic signal above :data:`SMOOTHING_CUTOFF_HZ` (FFT)."""
    spectrum = np.fft.rfft(values)
    frequencies = np.fft.rfftfreq(values.size, d=1.0 / rate_hz)
    spectrum[frequencies > SMOOTHING_CUTOFF_HZ] = 0.0
    return np.fft.irfft(spectrum, n=values.size)


def _periodic_rate(values: np.ndarray, rate_hz: float) -> np.ndarray:
    """Central-difference time derivative of a periodic ``(n, ...)`` signal, per second."""
    return (np.roll(values, -1, axis=0) - np.roll(values, 1, axis=0)) * rate_hz / 2


def _integrate_periodic(velocity: np.ndarray, rate_hz: float) -> np.ndarray:
    """Trapezoidal running integral of ``velocity`` starting at 0 (frame 0)."""
    steps = (velocity + np.roll(velocity, -1)) / 2 / rate_hz
    return np.concatenate([[0.0], np.cumsum(steps)[:-1]])


def pelvis_path(
    timing: GaitTiming, points: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, float, Contacts]:
    """Pelvis origin over one cycle, the stride it makes and the feet's contacts.

    Parameters
    ----------
    timing
        Cycle timing.
    points
        :func:`gaitlab.synthetic.poses.leg_points` computed with the pelvis
        origin at 0 (``heel_sole_<side>``, ``ball_sole_<side>``).

    Returns
    -------
    origin_mm
        ``(frames_per_stride, 3)`` in the progression frame, x starting at 0.
    stride_mm
        Forward distance the pelvis covers in one cycle.
    contacts
        Where each foot really reaches and leaves the floor (cycle indices).
    """
    rate = timing.point_rate_hz
    weights = support_weights(nominal_contacts(timing), timing.frames_per_stride)
    total = weights["left"] + weights["right"]
    known = total > 0
    share = {side: weights[side] / np.where(known, total, 1.0) for side in SIDES}
    lowest = {side: lowest_sole_point(points, side) for side in SIDES}
    z = -sum(share[side] * lowest[side][0][:, 2] for side in SIDES)
    floor = -np.minimum(lowest["left"][0][:, 2], lowest["right"][0][:, 2])
    z = _smooth_periodic(np.maximum(_fill_periodic(z, known, rate, _GRAVITY_MMPS2), floor), rate)

    velocity = np.zeros((total.size, 2))
    for side in SIDES:
        heel_low = lowest[side][1][:, None]
        heel_rate = _periodic_rate(points[f"heel_sole_{side}"], rate)
        ball_rate = _periodic_rate(points[f"ball_sole_{side}"], rate)
        velocity -= share[side][:, None] * np.where(heel_low, heel_rate, ball_rate)[:, :2]
    vx = _smooth_periodic(_fill_periodic(velocity[:, 0], known, rate, 0.0), rate)
    vy = _smooth_periodic(np.where(known, velocity[:, 1], 0.0), rate)
    vy -= vy.mean()
    x = _integrate_periodic(vx, rate)
    y = _integrate_periodic(vy, rate)
    contacts = floor_contacts(timing, points, z)
    return np.stack([x, y - y.mean(), z], axis=1), float(np.sum(vx) / rate), contacts
