"""Foot trajectories of the synthetic walker: planted in stance, a smooth swing.

Each foot is a rigid body whose frame is the Plug-in Gait (uncorrected) foot
frame: origin TOE, Z from TOE to the ankle centre (AJC), X up when the foot is
flat, Y = Z x X. Its sole is the line ``ankle_height`` below the TOE-AJC line,
from under the back of the heel to under TOE. A foot's pose over its own cycle
(phase ``p``, 0 = its foot strike, ``f`` = its foot off) is built from the
floor up (pitch ``phi``, toe up positive; heading ``yaw``; a fixed ``roll``
about the foot's long axis):

* heel rocker, ``0 <= p <= f / 6``: the foot turns about the heel contact
  point (fixed on the floor) from ``phi = FOOT_PITCH_AT_STRIKE_DEG`` down to
  flat (smoothstep, no angular velocity at either end);
* foot flat, ``f / 6 <= p <= 0.55 f``: the whole foot is still on the floor;
* forefoot rocker, ``0.55 f <= p <= f``: the foot turns about the contact
  point under TOE (fixed) to ``phi = FOOT_PITCH_AT_OFF_DEG`` (quadratic: it
  leaves the floor turning, as in push-off);
* swing, ``f < p < 1``: ankle position and pitch are cubic Hermite curves
  from the foot-off pose (matching its velocity) to the next foot strike one
  stride ahead, where the heel arrives moving forward at 30 % of the walking
  speed and down at 150 mm/s (then stops: the impact), plus a lift (``sin^2``) just large enough
  to keep the sole :data:`TOE_CLEARANCE_MM` above the floor in mid-swing.

So the heel's sole point reaches the floor exactly at the foot strike frame
and the sole under TOE leaves it exactly at the foot off frame; nothing else
of the foot touches the floor. Perry & Burnfield (Gait Analysis, 2nd ed.,
2010) describe the three rockers; the phase fractions are round values from
there (foot flat from about 10 %, heel rise about 31-35 % of the cycle).

The ankle is a hinge about an axis fixed in the foot (:func:`hinge_axis`):
the foot's Y turned by ``axis_yaw`` about the foot's X. The tibia's Y axis is
this hinge axis, so the Plug-in Gait foot frame (X perpendicular to the foot's
Z and the tibia's Y) is the foot's own frame at every frame, and it is still
whenever the foot is flat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gaitlab.synthetic.motion import GaitTiming
from gaitlab.synthetic.rotations import rot_y, rot_z
from gaitlab.synthetic.skeleton import BodyGeometry

__all__ = [
    "FOOT_PITCH_AT_STRIKE_DEG",
    "FOOT_PITCH_AT_OFF_DEG",
    "TOE_CLEARANCE_MM",
    "FootPlacement",
    "FootMotion",
    "foot_frames",
    "heel_under_ankle",
    "foot_motion",
    "sole_points",
    "roll_share",
]

#: Sole angle to the floor at foot strike (toe up), degrees.
FOOT_PITCH_AT_STRIKE_DEG = 18.0
#: Sole angle to the floor at foot off (toe down), degrees.
FOOT_PITCH_AT_OFF_DEG = -45.0
#: Lowest sole point in mid-swing above the floor, mm (at least).
TOE_CLEARANCE_MM = 15.0
_FOOT_FLAT_FRACTION = 1.0 / 8.0  # of stance
_HEEL_RISE_FRACTION = 0.55  # of stance
#: The forefoot rocker's pitch grows as this power of time (fastest at foot off).
_ROCKER_POWER = 4.0
#: Fraction of the swing in which the foot stops turning toe-down after foot off.
_SETTLE_FRACTION = 0.12
#: Ankle velocity at foot strike: forward, as a fraction of the walking speed.
_LANDING_FORWARD_FRACTION = 1.0
#: Ankle velocity at foot strike: downwards, mm/s.
_LANDING_SINK_MMPS = 150.0

#: Foot frame of a flat foot heading along +X: X up, Y left, Z backwards.
_FLAT = np.array([[0.0, 0.0, -1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])


@dataclass(frozen=True)
class FootPlacement:
    """Where and how one foot is put down (progression frame).

    Attributes
    ----------
    heel_mm
        ``(3,)`` heel contact point (z = 0) of the stance that starts at this
        side's foot strike in the cycle.
    yaw_deg
        Heading of the foot, from +X towards +Y (toe-out is + on the left).
    roll_deg
        Roll about the foot's long axis (tilts the hinge and the sole's side).
    axis_yaw_deg
        Turn of the ankle hinge from the foot's Y about the foot's X.
    rocker_scale
        Multiplies the sole angles at foot strike and foot off (shorter
        strides roll less over heel and toes).
    """

    heel_mm: np.ndarray
    yaw_deg: float
    roll_deg: float
    axis_yaw_deg: float
    rocker_scale: float = 1.0


@dataclass(frozen=True)
class FootMotion:
    """A foot over one cycle: frame ``(n, 3, 3)``, AJC ``(n, 3)`` mm, hinge axis ``(n, 3)``."""

    rotation: np.ndarray
    ankle_mm: np.ndarray
    hinge_axis: np.ndarray


def foot_frames(pitch_rad: np.ndarray, placement: FootPlacement) -> np.ndarray:
    """Foot frames ``Rz(yaw) Ry(-pitch) FLAT Rz(roll)`` for each pitch, ``(n, 3, 3)``."""
    yaw = rot_z(np.radians(placement.yaw_deg))
    roll = rot_z(np.radians(placement.roll_deg))
    return yaw @ rot_y(-np.asarray(pitch_rad, dtype=float)) @ _FLAT @ roll


def hinge_axis(rotation: np.ndarray, placement: FootPlacement) -> np.ndarray:
    """Return the ankle hinge axis (the tibia's Y) in the lab, ``(n, 3)``."""
    b = np.radians(placement.axis_yaw_deg)
    return rotation @ np.array([0.0, np.cos(b), -np.sin(b)])


def heel_under_ankle(
    ankle_xy_mm: np.ndarray, placement: FootPlacement, geometry: BodyGeometry
) -> np.ndarray:
    """Heel contact point (z = 0) of a flat foot whose AJC is above ``ankle_xy_mm``."""
    frame = foot_frames(np.zeros(1), placement)[0]
    heel = (
        np.array([ankle_xy_mm[0], ankle_xy_mm[1], 0.0])
        + geometry.heel_distance_mm * frame[:, 2]
        - geometry.ankle_height_mm * frame[:, 0]
    )
    heel[2] = 0.0
    return heel


def _ankle_on_floor(
    pitch_rad: np.ndarray, placement: FootPlacement, geometry: BodyGeometry
) -> np.ndarray:
    """AJC of a foot pivoting on its heel (pitch >= 0) or under TOE (pitch < 0)."""
    g = geometry
    frame = foot_frames(pitch_rad, placement)
    flat_back = foot_frames(np.zeros(1), placement)[0][:, 2]
    ball = placement.heel_mm - (g.heel_distance_mm + g.toe_distance_mm) * flat_back
    x, z = frame[:, :, 0], frame[:, :, 2]
    on_heel = placement.heel_mm - g.heel_distance_mm * z + g.ankle_height_mm * x
    on_ball = ball + g.toe_distance_mm * z + g.ankle_height_mm * x
    return np.where((pitch_rad >= 0)[:, None], on_heel, on_ball)


def sole_points(
    rotation: np.ndarray, ankle_mm: np.ndarray, geometry: BodyGeometry
) -> tuple[np.ndarray, np.ndarray]:
    """Heel and ball (under TOE) sole points, ``(n, 3)`` each."""
    g = geometry
    down = -g.ankle_height_mm * rotation[:, :, 0]
    heel = ankle_mm + g.heel_distance_mm * rotation[:, :, 2] + down
    ball = ankle_mm - g.toe_distance_mm * rotation[:, :, 2] + down
    return heel, ball


def _hermite(u: np.ndarray, p0: Any, m0: Any, p1: Any, m1: Any) -> np.ndarray:
    """Cubic Hermite curve at ``u`` in [0, 1] from ``p0`` (slope ``m0``) to ``p1`` (``m1``)."""
    u2, u3 = u * u, u * u * u
    h00, h10 = 2 * u3 - 3 * u2 + 1, u3 - 2 * u2 + u
    h01, h11 = -2 * u3 + 3 * u2, u3 - u2
    return h00 * p0 + h10 * m0 + h01 * p1 + h11 * m1


def foot_motion(
    timing: GaitTiming,
    side: str,
    placement: FootPlacement,
    geometry: BodyGeometry,
    stride_mm: float,
) -> FootMotion:
    """Pose of ``side``'s foot at every frame of the cycle (see the module notes).

    Frames before this side's strike in the cycle belong to its previous
    stride (one ``stride_mm`` behind along X).
    """
    f = timing.foot_off_phase
    p = timing.cycle_phase(side)
    flat_end, rise = f * _FOOT_FLAT_FRACTION, f * _HEEL_RISE_FRACTION
    strike, off = placement.rocker_scale * np.radians(
        [FOOT_PITCH_AT_STRIKE_DEG, FOOT_PITCH_AT_OFF_DEG]
    )
    off_rate = _ROCKER_POWER * off / (f - rise)  # d pitch / d phase at foot off
    u = np.clip(p / flat_end, 0, 1)
    v = np.clip((p - rise) / (f - rise), 0, 1)
    w = np.clip((p - f) / (1 - f), 0, 1)
    stance_pitch = strike * (1 - u) ** 2 + off * v**_ROCKER_POWER
    # the toe keeps going down briefly after foot off, then the foot turns toe-up
    settle = off_rate * (1 - f) * _SETTLE_FRACTION  # pitch change per settling span
    lowest = off + settle / 2
    early = _hermite(np.clip(w / _SETTLE_FRACTION, 0, 1), off, settle, lowest, 0.0)
    rest = np.clip((w - _SETTLE_FRACTION) / (1 - _SETTLE_FRACTION), 0, 1)
    late = _hermite(rest, lowest, 0.0, strike, 0.0)
    swing_pitch = np.where(w < _SETTLE_FRACTION, early, late)
    swing = p > f
    pitch = np.where(swing, swing_pitch, stance_pitch)

    ankle = _ankle_on_floor(pitch, placement, geometry)
    epsilon = 1e-6
    ends = _ankle_on_floor(
        np.array([off - epsilon, off + epsilon, off, strike]), placement, geometry
    )
    off_velocity = (ends[1] - ends[0]) / (2 * epsilon) * off_rate * (1 - f)  # per unit w
    landing = ends[3] + np.array([stride_mm, 0.0, 0.0])
    swing_s = (1 - f) * timing.stride_time_s
    landing_velocity = swing_s * np.array(
        [_LANDING_FORWARD_FRACTION * stride_mm / timing.stride_time_s, 0.0, -_LANDING_SINK_MMPS]
    )
    swing_ankle = _hermite(w[:, None], ends[2], off_velocity, landing, landing_velocity)
    rotation = foot_frames(pitch, placement)
    heel, ball = sole_points(rotation, swing_ankle, geometry)
    low = np.minimum(heel[:, 2], ball[:, 2])
    lift_shape = np.sin(np.pi * w) ** 2
    inner = swing & (lift_shape > 0.05)
    lift = max(0.0, float(np.max((TOE_CLEARANCE_MM * lift_shape - low)[inner] / lift_shape[inner])))
    swing_ankle[:, 2] += lift * lift_shape
    ankle = np.where(swing[:, None], swing_ankle, ankle)
    ankle[:, 0] += stride_mm * timing.side_stride(side)
    return FootMotion(rotation, ankle, hinge_axis(rotation, placement))


def roll_share(timing: GaitTiming, side: str) -> np.ndarray:
    """How much of the subtalar roll each frame of the cycle takes (0 in foot flat, 1 in swing).

    Smoothstep from 1 at the foot strike to 0 at foot flat, 0 until heel rise,
    smoothstep back to 1 at the foot off.
    """
    f = timing.foot_off_phase
    p = timing.cycle_phase(side)
    down = np.clip(p / (f * _FOOT_FLAT_FRACTION), 0, 1)
    up = np.clip((p - f * _HEEL_RISE_FRACTION) / (f * (1 - _HEEL_RISE_FRACTION)), 0, 1)
    ease = lambda u: 3 * u**2 - 2 * u**3  # noqa: E731
    return np.where(p > f, 1.0, 1 - ease(down) + ease(up))
