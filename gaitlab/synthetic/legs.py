"""Inverse kinematics of a leg: knee, thigh and shank from the hip, the ankle and its hinge.

Given the hip centre ``H`` (from the pelvis), the ankle centre ``A`` and the
ankle's hinge axis ``u`` (from the foot, :mod:`gaitlab.synthetic.feet`), the
knee ``K`` is the point at the thigh length from ``H`` and the shank length
from ``A`` that lies in the plane through ``A`` perpendicular to ``u`` (the
shank turns about the hinge), on the anterior side (knee flexion positive).
Segment frames (columns X, Y, Z; Plug-in Gait axes):

* tibia: Z = (K - A) / shank, Y = u (perpendicular to Z by construction), X = Y x Z;
* femur: Z = (H - K) / thigh, Y = u made perpendicular to Z, X = Y x Z (the
  knee's flexion axis is the ankle's; its varus is the angle of the hip out of
  the hinge plane, see :func:`roll_to_hip`), then turned about Z by the
  requested knee rotation.

:func:`roll_to_hip` turns the hinge about the foot's long axis (a subtalar
roll) so that the hinge plane passes at a chosen distance from the hip.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gaitlab.synthetic.rotations import rot_z, unit

__all__ = ["LegSolution", "solve_leg", "planar_reach_mm", "roll_to_hip"]


class LegSolution(NamedTuple):
    """Knee centre ``(n, 3)`` mm, femur and tibia frames ``(n, 3, 3)``, reach shortfall mm."""

    knee_mm: np.ndarray
    femur_rotation: np.ndarray
    tibia_rotation: np.ndarray
    shortfall_mm: np.ndarray


def _frame(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    return np.stack([np.cross(y, z), y, z], axis=-1)


def planar_reach_mm(
    hip_mm: np.ndarray, ankle_mm: np.ndarray, axis: np.ndarray, thigh_mm: float, shank_mm: float
) -> tuple[np.ndarray, np.ndarray]:
    """In the hinge plane: hip-to-ankle distance and the thigh's reach circle radius, mm."""
    offset = np.sum((hip_mm - ankle_mm) * axis, axis=1)
    in_plane = hip_mm - offset[:, None] * axis - ankle_mm
    radius = np.sqrt(np.clip(thigh_mm**2 - offset**2, 0.0, None))
    return np.linalg.norm(in_plane, axis=1), radius


def solve_leg(
    hip_mm: np.ndarray,
    ankle_mm: np.ndarray,
    axis: np.ndarray,
    thigh_mm: float,
    shank_mm: float,
    knee_rotation_rad: np.ndarray,
) -> LegSolution:
    """Solve the knee and the femur and tibia frames (see the module notes).

    ``knee_rotation_rad`` turns the femur about its Z by minus that angle, so
    the knee's rotation (YXZ third angle, Nexus ``KneeAngles_Z`` times +1 on
    the right, -1 on the left) is about that much.


    Where the hip is out of reach the knee is put straight in the hinge plane
    and ``shortfall_mm`` says by how much (the generator keeps it 0).
    """
    offset = np.sum((hip_mm - ankle_mm) * axis, axis=1)
    in_plane = hip_mm - offset[:, None] * axis - ankle_mm
    distance, radius = planar_reach_mm(hip_mm, ankle_mm, axis, thigh_mm, shank_mm)
    shortfall = np.clip(distance - (radius + shank_mm), 0.0, None)
    along = unit(in_plane)
    x = (distance**2 + shank_mm**2 - radius**2) / (2 * distance)
    x = np.clip(x, -shank_mm, shank_mm)
    height = np.sqrt(np.clip(shank_mm**2 - x**2, 0.0, None))
    forward = np.cross(axis, along)
    knee = ankle_mm + x[:, None] * along + height[:, None] * forward
    tibia_z = unit(knee - ankle_mm)
    tibia = _frame(axis, tibia_z)
    femur_z = unit(hip_mm - knee)
    femur_y = unit(axis - np.sum(axis * femur_z, axis=1, keepdims=True) * femur_z)
    femur = _frame(femur_y, femur_z) @ rot_z(-knee_rotation_rad)
    return LegSolution(knee, femur, tibia, shortfall)


def roll_to_hip(
    foot_rotation: np.ndarray,
    axis: np.ndarray,
    hip_mm: np.ndarray,
    ankle_mm: np.ndarray,
    distance_mm: float,
    share: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Roll the foot frame and its hinge about the foot's Z so the hinge plane nears the hip.

    The roll ``g`` that puts the hip at signed ``distance_mm`` (along the
    hinge axis) from the plane solves ``A cos g + B sin g = D`` (Rodrigues
    rotation of the axis about the foot's Z); ``share`` (0..1 per frame)
    scales it, 0 where the foot must stay still (foot flat). The TOE and AJC
    lie on the roll axis, so they do not move.

    Returns
    -------
    rotation, axis
        The rolled foot frames ``(n, 3, 3)`` and hinge axes ``(n, 3)``.
    """
    z = foot_rotation[:, :, 2]
    along = np.sum(axis * z, axis=1, keepdims=True) * z
    across = axis - along
    d = hip_mm - ankle_mm
    a = np.sum(d * across, axis=1)
    b = np.sum(d * np.cross(z, across), axis=1)
    c = distance_mm - np.sum(d * along, axis=1)
    phase = np.arctan2(b, a)
    spread = np.arccos(np.clip(c / np.hypot(a, b), -1.0, 1.0))
    options = np.stack([phase + spread, phase - spread])
    options = np.mod(options + np.pi, 2 * np.pi) - np.pi
    roll = options[np.argmin(np.abs(options), axis=0), np.arange(z.shape[0])] * share
    rolled = foot_rotation @ rot_z(roll)
    turned = along + np.cos(roll)[:, None] * across + np.sin(roll)[:, None] * np.cross(z, across)
    return rolled, turned
