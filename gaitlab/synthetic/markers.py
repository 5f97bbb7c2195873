"""Plug-in Gait lower-body markers placed on known segment poses.

Placement (mm; ``lat`` = the segment's +Y on the left, -Y on the right;
``r`` = marker radius), chosen so that Plug-in Gait rebuilds exactly the
generator's frames:

* ``LASI``/``RASI`` = pelvis origin +/- (inter-ASIS / 2) Y;
  ``LPSI``/``RPSI`` = origin - depth X +/- (PSIS width / 2) Y, so mid-PSIS
  (SACR) lies on -X and the pelvis frame rebuilt from LASI, RASI, SACR is the
  generator's pelvis frame.
* ``KNE`` = KJC + (knee width / 2 + r) lat, so KJC satisfies the chord
  function; ``THI`` = KJC + thigh / 3 Z + (knee width / 2 + r + 20) lat,
  in the thigh's frontal plane (thigh rotation offset 0).
* ``ANK`` = AJC + (ankle width / 2 + r) lat; ``TIB`` = AJC + shank / 3 Z +
  (ankle width / 2 + r + 20) lat, in the shank's frontal plane (tibial
  torsion and shank rotation 0).
* ``TOE`` = foot origin (AJC - toe distance * uncorrected foot Z, see
  :func:`gaitlab.synthetic.poses.offset_feet`); ``HEE`` = TOE + (toe
  distance + heel distance + r) corrected foot Z: on the corrected foot's
  long axis through TOE, about ``heel distance + r`` behind the AJC, so that
  the static trial's heel-based foot (:func:`gaitlab.kinematics.static.heel_foot_frame`)
  is the corrected foot.
"""

from __future__ import annotations

import numpy as np

from gaitlab.conventions import PIG_LOWER_BODY_MARKERS, SIDE_PREFIX, SIDES
from gaitlab.synthetic.poses import SIDE_SIGN, SegmentPoses
from gaitlab.synthetic.skeleton import BodyGeometry

__all__ = ["place_markers", "WAND_OFFSET_MM"]

#: Extra lateral distance of the THI and TIB markers beyond the joint's marker line, mm.
WAND_OFFSET_MM = 20.0


def place_markers(poses: SegmentPoses, geometry: BodyGeometry) -> dict[str, np.ndarray]:
    """Return every Plug-in Gait lower-body marker, ``(n_frames, 3)`` mm, keyed by label.

    Labels and order are :data:`gaitlab.conventions.PIG_LOWER_BODY_MARKERS`.
    """
    g = geometry
    r = g.marker_radius_mm
    pelvis, origin = poses.pelvis_rotation, poses.pelvis_origin_mm
    x, y = pelvis[:, :, 0], pelvis[:, :, 1]
    half_asis, half_psis = g.inter_asis_distance_mm / 2, g.psis_distance_mm / 2
    out = {
        "LASI": origin + half_asis * y,
        "RASI": origin - half_asis * y,
        "LPSI": origin - g.pelvis_depth_mm * x + half_psis * y,
        "RPSI": origin - g.pelvis_depth_mm * x - half_psis * y,
    }
    for side in SIDES:
        p = SIDE_PREFIX[side]
        lateral = -SIDE_SIGN[side]
        femur, tibia, foot = (
            poses.femur_rotation[side],
            poses.tibia_rotation[side],
            poses.foot_rotation[side],
        )
        knee, ankle = poses.knee_centre_mm[side], poses.ankle_centre_mm[side]
        knee_out = g.knee_width_mm[side] / 2 + r
        ankle_out = g.ankle_width_mm[side] / 2 + r
        out[f"{p}THI"] = (
            knee
            + g.thigh_length_mm[side] / 3 * femur[:, :, 2]
            + lateral * (knee_out + WAND_OFFSET_MM) * femur[:, :, 1]
        )
        out[f"{p}KNE"] = knee + lateral * knee_out * femur[:, :, 1]
        out[f"{p}TIB"] = (
            ankle
            + g.shank_length_mm[side] / 3 * tibia[:, :, 2]
            + lateral * (ankle_out + WAND_OFFSET_MM) * tibia[:, :, 1]
        )
        out[f"{p}ANK"] = ankle + lateral * ankle_out * tibia[:, :, 1]
        toe = poses.toe_mm[side]
        out[f"{p}HEE"] = toe + (g.toe_distance_mm + g.heel_distance_mm + r) * foot[:, :, 2]
        out[f"{p}TOE"] = toe
    return {label: out[label] for label in PIG_LOWER_BODY_MARKERS}
