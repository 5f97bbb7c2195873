"""The known answers of a synthetic trial."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.synthetic.poses import SegmentPoses

__all__ = ["GroundTruth", "foot_progression_deg", "clinical_angles_deg"]


@dataclass(frozen=True)
class GroundTruth:
    """What the pipeline must recover from a synthetic trial.

    Attributes
    ----------
    angles
        Plug-in Gait angles per frame (index = data row), degrees, Nexus
        column names ``LPelvisAngles_X`` ... ``RFootProgressAngles_Z`` with
        Nexus signs: the Cardan decomposition of the segment frames
        (:func:`clinical_angles_deg`); the foot is the corrected Plug-in Gait
        foot (static offsets applied), whose ``AnkleAngles_Y`` is a small
        constant (0 with zero offsets). Pelvis and
        foot-progression angles are relative to the exact walking direction
        (``walking_direction_deg``); Plug-in Gait
        takes the lab axis nearest to it, so for a heading that is not a
        multiple of 90 deg its pelvis rotation and foot progression differ
        from these by the angle between the two.
    events
        ``time_s, frame, side, kind`` of every foot strike and foot off inside
        the trial (time = frame / rate; first frame 0): foot strike at phase 0
        of each side's cycle, foot off at 60 % (40 % running), whole frames.
        These are the trial's events, and the feet meet them exactly: the
        heel's sole point reaches the floor at the foot strike frame and the
        sole under TOE leaves it after the foot off frame
        (:mod:`gaitlab.synthetic.feet`).
    floor_contacts
        The same table measured from the soles (lowest sole point within
        :data:`~gaitlab.synthetic.planting.CONTACT_TOLERANCE_MM` of the
        floor); identical to ``events`` by construction, kept as a check.
    strides
        One row per complete stride: ``side, start_frame, end_frame,
        stride_time_s, stride_length_m`` (horizontal displacement of the TOE
        marker between the two foot strikes, as Nexus defines it) and
        ``step_length_m`` (TOE to the other foot's TOE along the walking
        direction at the stride's first foot strike).
    cadence_steps_per_min, speed_mps, stride_time_s
        Exact values of the generated walk (cadence = 120 / stride time).
    poses
        Segment poses per frame in the lab (see :class:`SegmentPoses`).
    max_foot_slip_mm
        Largest horizontal travel of a foot's contact point (heel, then the
        sole under TOE) during its stance; 0 up to rounding (planted feet).
    parameters
        The arguments the trial was made with.
    """

    angles: pd.DataFrame
    events: pd.DataFrame
    floor_contacts: pd.DataFrame
    strides: pd.DataFrame
    cadence_steps_per_min: float
    speed_mps: float
    stride_time_s: float
    poses: SegmentPoses
    max_foot_slip_mm: float
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stride_lengths_m(self) -> dict[str, np.ndarray]:
        """Stride lengths per side, m, in time order."""
        return {
            s: self.strides.loc[self.strides["side"] == s, "stride_length_m"].to_numpy()
            for s in SIDES
        }


def foot_progression_deg(poses: SegmentPoses) -> dict[str, np.ndarray]:
    """Plug-in Gait foot-progression angles of both feet, degrees.

    The foot frame relative to the progression frame, ``R = P^T F``, is
    decomposed as ``Ry(a) Rx(b) Rz(c)``. Nexus reports (checked against the
    foot axes and ``FootProgressAngles`` that Nexus 2.10 wrote to
    ``gaitalytics_test_small.c3d``): left ``(a, c, -b)``, right ``(a, -c, b)``;
    ``a`` is about -90 deg with the foot flat and the Z component is the
    clinical foot progression (internal +).

    Returns
    -------
    dict
        Column name -> ``(n_frames,)``.
    """
    out = {}
    prog = poses.progression_rotation
    for side in SIDES:
        rel = np.einsum("ji,njk->nik", prog, poses.foot_rotation[side])
        a = np.degrees(np.arctan2(rel[:, 0, 2], rel[:, 2, 2]))
        b = np.degrees(np.arcsin(np.clip(-rel[:, 1, 2], -1.0, 1.0)))
        c = np.degrees(np.arctan2(rel[:, 1, 0], rel[:, 1, 1]))
        sign = 1.0 if side == "left" else -1.0
        p = SIDE_PREFIX[side]
        out[f"{p}FootProgressAngles_X"] = a
        out[f"{p}FootProgressAngles_Y"] = sign * c
        out[f"{p}FootProgressAngles_Z"] = -sign * b
    return out


def _yxz_deg(r: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Angles ``(a, b, c)`` of ``R = Ry(a) Rx(b) Rz(c)``, degrees."""
    a = np.degrees(np.arctan2(r[:, 0, 2], r[:, 2, 2]))
    b = np.degrees(np.arcsin(np.clip(-r[:, 1, 2], -1.0, 1.0)))
    c = np.degrees(np.arctan2(r[:, 1, 0], r[:, 1, 1]))
    return a, b, c


def _relative(parent: np.ndarray, child: np.ndarray) -> np.ndarray:
    return np.einsum("nji,njk->nik", parent, child)


def clinical_angles_deg(poses: SegmentPoses) -> dict[str, np.ndarray]:
    """Plug-in Gait angles of ``poses``: the Cardan decomposition of the segment frames.

    Sequences and Nexus signs (``literature.md`` section 6.2; ``s = -1`` on
    the left, ``+1`` on the right): pelvis in the progression frame YXZ ->
    left ``(a, b, -c)``, right ``(a, -b, c)``; femur in the pelvis YXZ ->
    ``(-a, s b, s c)``; tibia in the femur YXZ -> ``(a, s b, s c)``; foot in the
    tibia YXZ -> ``(-a - 90, s c, s b)`` (Vicon's clinical "YZX" ankle:
    flexion, rotation about the foot's X (up), inversion about its long Z
    axis; the signs of :data:`gaitlab.kinematics.angles.ANGLE_COMPONENTS`,
    matched to Nexus output); foot progression from :func:`foot_progression_deg`.

    Returns
    -------
    dict
        Nexus column name (``LPelvisAngles_X`` ... ``RFootProgressAngles_Z``) -> ``(n,)``.
    """
    pelvis = np.einsum("ji,njk->nik", poses.progression_rotation, poses.pelvis_rotation)
    a, b, c = _yxz_deg(pelvis)
    out = {"LPelvisAngles_X": a, "LPelvisAngles_Y": b, "LPelvisAngles_Z": -c}
    out.update({"RPelvisAngles_X": a, "RPelvisAngles_Y": -b, "RPelvisAngles_Z": c})
    for side in SIDES:
        p, s = SIDE_PREFIX[side], (-1.0 if side == "left" else 1.0)
        femur, tibia = poses.femur_rotation[side], poses.tibia_rotation[side]
        a, b, c = _yxz_deg(_relative(poses.pelvis_rotation, femur))
        out.update({f"{p}HipAngles_X": -a, f"{p}HipAngles_Y": s * b, f"{p}HipAngles_Z": s * c})
        a, b, c = _yxz_deg(_relative(femur, tibia))
        out.update({f"{p}KneeAngles_X": a, f"{p}KneeAngles_Y": s * b, f"{p}KneeAngles_Z": s * c})
        a, rotation, inversion = _yxz_deg(_relative(tibia, poses.foot_rotation[side]))
        out.update(
            {
                f"{p}AnkleAngles_X": -a - 90.0,
                f"{p}AnkleAngles_Y": s * inversion,
                f"{p}AnkleAngles_Z": s * rotation,
            }
        )
    out.update(foot_progression_deg(poses))
    return out
