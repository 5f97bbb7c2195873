"""Segment poses of the synthetic body by forward kinematics.

Frames follow Plug-in Gait: X anterior, Y left, Z up (proximal); a rotation
matrix's columns are the segment's X, Y, Z axes expressed in the parent (or
lab) frame. The chain, with ``s = +1`` on the right and ``-1`` on the left and
the clinical angles of :func:`gaitlab.synthetic.motion.cycle_angles`:

* pelvis in the progression frame: ``Ry(tilt) Rx(obliquity_left_up) Rz(rotation_right_forward)``
  -- so ``LPelvisAngles = (a, b, -c)`` and ``RPelvisAngles = (a, -b, c)``;
* femur in the pelvis: ``Ry(-flexion) Rx(s adduction) Rz(s internal)``;
* tibia in the femur: ``Ry(flexion) Rx(s varus) Rz(s internal)``;
* foot in the tibia (Y-Z'-X'' sequence, Z'' angle 0):
  ``Ry(-(dorsiflexion + 90 deg)) Rx(s internal)``.

The foot frame is the Plug-in Gait (uncorrected) foot: origin TOE, Z from TOE
to AJC, X perpendicular to Z and to the tibia's Y axis (so X points up when
the foot is flat), Y = Z x X. Its inversion angle is therefore always 0, as in
Plug-in Gait with zero static offsets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.synthetic.rotations import rot_x, rot_y, rot_z
from gaitlab.synthetic.skeleton import BodyGeometry

__all__ = ["SegmentPoses", "chain_rotations", "leg_points", "SIDE_SIGN"]

#: +1 on the right, -1 on the left: the sign that turns clinical angles into rotations.
SIDE_SIGN = {"left": -1.0, "right": 1.0}


@dataclass(frozen=True)
class SegmentPoses:
    """Pose of every segment at every frame, in the lab frame.

    Rotations are ``(n_frames, 3, 3)`` with columns = the segment's X
    (anterior), Y (left), Z (up/proximal) axes in the lab; positions are
    ``(n_frames, 3)`` in mm. Per-side attributes map ``"left"``/``"right"``.

    Attributes
    ----------
    progression_rotation
        ``(3, 3)``: the progression frame (X = walking direction, Z up).
    pelvis_rotation, pelvis_origin_mm
        Pelvis frame; origin at mid-ASIS.
    femur_rotation
        Thigh frame (origin at the hip centre).
    tibia_rotation
        Shank frame (origin at the knee centre); torsioned and untorsioned
        tibia coincide (tibial torsion 0).
    foot_rotation
        Plug-in Gait uncorrected foot frame (origin at TOE, Z from TOE to AJC).
    hip_centre_mm, knee_centre_mm, ankle_centre_mm, toe_mm
        Joint centres and the foot origin.
    """

    progression_rotation: np.ndarray
    pelvis_rotation: np.ndarray
    pelvis_origin_mm: np.ndarray
    femur_rotation: Mapping[str, np.ndarray]
    tibia_rotation: Mapping[str, np.ndarray]
    foot_rotation: Mapping[str, np.ndarray]
    hip_centre_mm: Mapping[str, np.ndarray]
    knee_centre_mm: Mapping[str, np.ndarray]
    ankle_centre_mm: Mapping[str, np.ndarray]
    toe_mm: Mapping[str, np.ndarray]

    def transformed(self, rotation: np.ndarray, offset_mm: np.ndarray) -> SegmentPoses:
        """Return these poses moved by ``x -> rotation @ x + offset_mm`` (rigid)."""

        def rot(stack: np.ndarray) -> np.ndarray:
            return np.einsum("ij,njk->nik", rotation, stack)

        def pos(points: np.ndarray) -> np.ndarray:
            return points @ rotation.T + offset_mm

        return SegmentPoses(
            progression_rotation=rotation @ self.progression_rotation,
            pelvis_rotation=rot(self.pelvis_rotation),
            pelvis_origin_mm=pos(self.pelvis_origin_mm),
            femur_rotation={s: rot(r) for s, r in self.femur_rotation.items()},
            tibia_rotation={s: rot(r) for s, r in self.tibia_rotation.items()},
            foot_rotation={s: rot(r) for s, r in self.foot_rotation.items()},
            hip_centre_mm={s: pos(p) for s, p in self.hip_centre_mm.items()},
            knee_centre_mm={s: pos(p) for s, p in self.knee_centre_mm.items()},
            ankle_centre_mm={s: pos(p) for s, p in self.ankle_centre_mm.items()},
            toe_mm={s: pos(p) for s, p in self.toe_mm.items()},
        )


def chain_rotations(angles_deg: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rotations of every segment in the progression frame from clinical angles.

    Parameters
    ----------
    angles_deg
        Nexus-named columns (see :func:`gaitlab.synthetic.motion.cycle_angles`).

    Returns
    -------
    dict
        ``"pelvis"`` and ``"femur_left"``, ``"tibia_left"``, ``"foot_left"``
        (and right): ``(n, 3, 3)`` stacks.
    """
    r = {k: np.radians(v) for k, v in angles_deg.items()}
    pelvis = rot_y(r["LPelvisAngles_X"]) @ rot_x(r["LPelvisAngles_Y"]) @ rot_z(r["RPelvisAngles_Z"])
    out = {"pelvis": pelvis}
    for side in SIDES:
        p, s = SIDE_PREFIX[side], SIDE_SIGN[side]
        femur = pelvis @ (
            rot_y(-r[f"{p}HipAngles_X"])
            @ rot_x(s * r[f"{p}HipAngles_Y"])
            @ rot_z(s * r[f"{p}HipAngles_Z"])
        )
        tibia = femur @ (
            rot_y(r[f"{p}KneeAngles_X"])
            @ rot_x(s * r[f"{p}KneeAngles_Y"])
            @ rot_z(s * r[f"{p}KneeAngles_Z"])
        )
        foot = tibia @ (
            rot_y(-(r[f"{p}AnkleAngles_X"] + np.pi / 2)) @ rot_x(s * r[f"{p}AnkleAngles_Z"])
        )
        out.update({f"femur_{side}": femur, f"tibia_{side}": tibia, f"foot_{side}": foot})
    return out


def leg_points(
    rotations: Mapping[str, np.ndarray], geometry: BodyGeometry, pelvis_origin_mm: np.ndarray
) -> dict[str, np.ndarray]:
    """Joint centres, TOE and sole points of both legs, mm, ``(n, 3)`` each.

    Keys: ``hip_<side>``, ``knee_<side>``, ``ankle_<side>``, ``toe_<side>``,
    ``heel_sole_<side>`` (under the back of the heel) and ``ball_sole_<side>``
    (under TOE), in the frame of ``rotations`` (progression or lab).
    """
    out: dict[str, np.ndarray] = {}
    pelvis = rotations["pelvis"]
    for side in SIDES:
        femur, tibia, foot = (rotations[f"{seg}_{side}"] for seg in ("femur", "tibia", "foot"))
        hip = pelvis_origin_mm + pelvis @ geometry.hip_centre_mm[side]
        knee = hip - geometry.thigh_length_mm[side] * femur[:, :, 2]
        ankle = knee - geometry.shank_length_mm[side] * tibia[:, :, 2]
        toe = ankle - geometry.toe_distance_mm * foot[:, :, 2]
        down = -geometry.ankle_height_mm * foot[:, :, 0]
        out.update(
            {
                f"hip_{side}": hip,
                f"knee_{side}": knee,
                f"ankle_{side}": ankle,
                f"toe_{side}": toe,
                f"heel_sole_{side}": ankle + geometry.heel_distance_mm * foot[:, :, 2] + down,
                f"ball_sole_{side}": toe + down,
            }
        )
    return out
