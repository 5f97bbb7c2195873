"""Segment poses of the synthetic body by forward kinematics.

Frames follow Plug-in Gait: X anterior, Y left, Z up (proximal); a rotation
matrix's columns are the segment's X, Y, Z axes expressed in the parent (or
lab) frame. The pelvis is prescribed in the
progression frame as ``Ry(tilt) Rx(obliquity_left_up) Rz(rotation_right_forward)``
(so ``LPelvisAngles = (a, b, -c)`` and ``RPelvisAngles = (a, -b, c)``); the
legs are solved from the feet up (:mod:`gaitlab.synthetic.legs`) and their
clinical angles are the Cardan decomposition of the resulting frames
(:func:`gaitlab.synthetic.truth.clinical_angles_deg`).

Two foot frames are kept (:func:`offset_feet`). The *uncorrected* foot is
Plug-in Gait's dynamic foot: origin TOE, Z from TOE to AJC, X perpendicular
to Z and to the tibia's Y axis, Y = Z x X; it places TOE. The *corrected*
(anatomical) foot is the one the truth angles describe: Plug-in Gait turns
the uncorrected foot into it with the static offsets as ``Ry(-plantarflexion)
Rx(s rotation)`` (``s = -1`` left, ``+1`` right; :mod:`gaitlab.kinematics.segments`).
Its Z is the long axis of the walking foot frame (X up when the foot is flat),
rolled about that axis by the small constant angle that makes the
uncorrected foot's X perpendicular to the tibia's Y, as Plug-in Gait
rebuilds it from the markers; with zero offsets the two frames coincide and
the ankle inversion is 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from gaitlab.synthetic.rotations import rot_x, rot_y, rot_z

__all__ = ["SegmentPoses", "pelvis_rotation", "offset_feet", "SIDE_SIGN"]

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
        Plug-in Gait corrected (anatomical) foot frame, origin at TOE: the
        frame of the truth ankle and foot-progression angles.
    uncorrected_foot_rotation
        Plug-in Gait uncorrected foot frame (Z from TOE to AJC), from which
        ``foot_rotation`` follows by the static offsets (:func:`offset_feet`).
    hip_centre_mm, knee_centre_mm, ankle_centre_mm, toe_mm
        Joint centres and the foot origin.
    sole_rotation
        The rigid foot whose sole meets the floor (same Z as the corrected
        foot, X up when flat); it differs from ``foot_rotation`` by the ankle
        hinge's roll about Z outside foot flat (:mod:`gaitlab.synthetic.feet`)
        plus the constant roll of :func:`offset_feet`. Empty when not known.
    """

    progression_rotation: np.ndarray
    pelvis_rotation: np.ndarray
    pelvis_origin_mm: np.ndarray
    femur_rotation: Mapping[str, np.ndarray]
    tibia_rotation: Mapping[str, np.ndarray]
    foot_rotation: Mapping[str, np.ndarray]
    uncorrected_foot_rotation: Mapping[str, np.ndarray]
    hip_centre_mm: Mapping[str, np.ndarray]
    knee_centre_mm: Mapping[str, np.ndarray]
    ankle_centre_mm: Mapping[str, np.ndarray]
    toe_mm: Mapping[str, np.ndarray]
    sole_rotation: Mapping[str, np.ndarray] = field(default_factory=dict)

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
            uncorrected_foot_rotation={
                s: rot(r) for s, r in self.uncorrected_foot_rotation.items()
            },
            hip_centre_mm={s: pos(p) for s, p in self.hip_centre_mm.items()},
            knee_centre_mm={s: pos(p) for s, p in self.knee_centre_mm.items()},
            ankle_centre_mm={s: pos(p) for s, p in self.ankle_centre_mm.items()},
            toe_mm={s: pos(p) for s, p in self.toe_mm.items()},
            sole_rotation={s: rot(r) for s, r in self.sole_rotation.items()},
        )


def pelvis_rotation(angles_deg: Mapping[str, np.ndarray]) -> np.ndarray:
    """Pelvis frames in the progression frame, ``Ry(tilt) Rx(obliquity) Rz(rotation)``.

    ``angles_deg`` holds ``LPelvisAngles_X``, ``LPelvisAngles_Y`` and
    ``RPelvisAngles_Z`` (see the module notes), degrees ``(n,)``.
    """
    r = {k: np.radians(v) for k, v in angles_deg.items()}
    return rot_y(r["LPelvisAngles_X"]) @ rot_x(r["LPelvisAngles_Y"]) @ rot_z(r["RPelvisAngles_Z"])


def offset_feet(
    foot_rotation: np.ndarray,
    tibia_rotation: np.ndarray,
    side: str,
    plantarflexion_deg: float,
    rotation_offset_deg: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Corrected and uncorrected Plug-in Gait feet that differ by the static offsets.

    Plug-in Gait corrects the TOE-to-AJC foot ``U`` as ``F = U Ry(-p) Rx(s r)``
    (Davis et al. 1991; offsets as Nexus stores them, ``s = SIDE_SIGN``), and
    ``U``'s X is perpendicular to the tibia's Y. The corrected foot is
    ``F = F0 Rz(g)``: the given foot ``F0`` (whose X is perpendicular to the
    tibia's Y) rolled about its Z by ``g``, and ``U = F Rx(-s r) Ry(p)``.
    With the tibia's Y at ``(0, y, z)`` in ``F0``, ``U``'s X is perpendicular
    to it when ``A sin g + B cos g = C``, ``A = y cos p``,
    ``B = -s y sin r sin p``, ``C = z cos r sin p``; the root nearest 0 is taken.

    Parameters
    ----------
    foot_rotation
        ``F0``, ``(n, 3, 3)`` (columns = axes), X perpendicular to the tibia's Y.
    tibia_rotation
        The (torsioned) tibia frames, ``(n, 3, 3)``.
    side
        ``"left"`` or ``"right"``.
    plantarflexion_deg, rotation_offset_deg
        Static plantarflexion and rotation offsets, degrees.

    Returns
    -------
    corrected, uncorrected
        ``F`` and ``U``, ``(n, 3, 3)``; both equal ``F0`` for zero offsets.
    """
    sign = SIDE_SIGN[side]
    p, r = np.radians(plantarflexion_deg), np.radians(rotation_offset_deg)
    tibia_y = np.einsum("nji,nj->ni", foot_rotation, tibia_rotation[:, :, 1])
    a = tibia_y[:, 1] * np.cos(p)
    b = -sign * tibia_y[:, 1] * np.sin(r) * np.sin(p)
    c = tibia_y[:, 2] * np.cos(r) * np.sin(p)
    roll = np.arcsin(np.clip(c / np.hypot(a, b), -1.0, 1.0)) - np.arctan2(b, a)
    corrected = foot_rotation @ rot_z(roll)
    return corrected, corrected @ rot_x(-sign * r) @ rot_y(p)
