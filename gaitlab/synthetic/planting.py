"""Pelvis path that keeps the stance foot on the floor.

Given where the sole points of both feet are relative to the pelvis over one
cycle, the pelvis is placed so that the supporting foot stays put:

* vertically, its lowest sole point (heel or ball) touches the floor, z = 0;
* forward, the pelvis moves at minus the velocity of that lowest sole point,
  so the point on which the foot rolls does not slide;
* sideways, likewise at minus that point's sideways velocity (the mean over the
  stride is removed, so the walk does not veer).

In double support the leading foot's weight ramps from 0 at its foot strike to
1 at the other foot's foot off (and the trailing foot's the other way); in a
flight phase (running) the pelvis follows a ballistic arc (g = 9.81 m/s^2)
between take-off and touch-down, its forward speed is interpolated and it
does not move sideways. The feet therefore slip only where the two
supporting feet disagree in double support (a few mm for the default walk);
the generator reports the largest slip in single support in the ground truth.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gaitlab.conventions import SIDES
from gaitlab.synthetic.motion import GaitTiming

__all__ = ["support_weights", "pelvis_path"]

_GRAVITY_MMPS2 = 9810.0


def support_weights(timing: GaitTiming) -> dict[str, np.ndarray]:
    """Share of the body each foot supports over the cycle (0..1), per side."""
    n = timing.frames_per_stride
    fo = timing.foot_off_frames / n
    out: dict[str, np.ndarray] = {}
    for side in SIDES:
        other = "left" if side == "right" else "right"
        other_strike = np.mod(timing.side_offset(other) - timing.side_offset(side), n) / n
        other_off = np.mod(other_strike + fo, 1.0)
        ramp_in = max(other_off if other_off < fo else 0.0, 1.0 / n)
        ramp_out = max(fo - other_strike, 1.0 / n)
        phase = timing.cycle_phase(side)
        weight = np.clip(phase / ramp_in, 0, 1) * np.clip((fo - phase) / ramp_out, 0, 1)
        out[side] = np.where(phase < fo, weight, 0.0)
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


def _periodic_rate(values: np.ndarray, rate_hz: float) -> np.ndarray:
    """Central-difference time derivative of a periodic ``(n, ...)`` signal, per second."""
    return (np.roll(values, -1, axis=0) - np.roll(values, 1, axis=0)) * rate_hz / 2


def _integrate_periodic(velocity: np.ndarray, rate_hz: float) -> np.ndarray:
    """Trapezoidal running integral of ``velocity`` starting at 0 (frame 0)."""
    steps = (velocity + np.roll(velocity, -1)) / 2 / rate_hz
    return np.concatenate([[0.0], np.cumsum(steps)[:-1]])


def pelvis_path(timing: GaitTiming, points: Mapping[str, np.ndarray]) -> tuple[np.ndarray, float]:
    """Pelvis origin over one cycle (progression frame, mm) and the stride it makes.

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
        ``(frames_per_stride, 3)``, x starting at 0.
    stride_mm
        Forward distance the pelvis covers in one cycle.
    """
    rate = timing.point_rate_hz
    weights = support_weights(timing)
    total = weights["left"] + weights["right"]
    known = total > 0
    safe = np.where(known, total, 1.0)
    z = np.zeros(total.shape)
    velocity = np.zeros((total.size, 2))
    for side in SIDES:
        heel, ball = points[f"heel_sole_{side}"], points[f"ball_sole_{side}"]
        heel_low = (heel[:, 2] <= ball[:, 2])[:, None]
        w = weights[side] / safe
        z -= w * np.minimum(heel[:, 2], ball[:, 2])
        contact_velocity = np.where(
            heel_low, _periodic_rate(heel, rate), _periodic_rate(ball, rate)
        )
        velocity -= w[:, None] * contact_velocity[:, :2]
    z = _fill_periodic(z, known, rate, _GRAVITY_MMPS2)
    vx = _fill_periodic(velocity[:, 0], known, rate, 0.0)
    vy = np.where(known, velocity[:, 1], 0.0)  # no sideways drift in flight
    vy -= vy.mean()  # no net sideways travel over a stride
    x = _integrate_periodic(vx, rate)
    y = _integrate_periodic(vy, rate)
    y -= y.mean()
    return np.stack([x, y, z], axis=1), float(np.sum(vx) / rate)
