"""Plug-in Gait lower-body segment frames, vectorized over frames.

Every segment frame is an ``(n_frames, 3, 3)`` stack whose columns are the
segment's X (anterior), Y (left) and Z (proximal/up) axes in lab coordinates.
Definitions follow Vicon's Plug-in Gait (Davis et al. 1991; Kadaba et al.
1990) and were checked against the segment axes that Nexus writes into C3D
files (``PELO/PELA/PELL/PELP``, ``LFEO`` ...):

pelvis
    Y from RASI to LASI; Z perpendicular to Y and to the line from the sacrum
    (mid-PSIS or SACR) to mid-ASIS; origin at mid-HJC as Nexus places it.
femur
    Z from KJC to HJC; Y in the plane of HJC, KJC and KNE, pointing left
    (medial for the right leg, lateral for the left); origin KJC.
tibia
    Z from AJC to KJC; Y in the plane of KJC, AJC and ANK, pointing left;
    origin AJC. This is the *torsioned* tibia (ankle axis); the knee uses
    the untorsioned tibia, rotated about Z by the tibial torsion (positive =
    ankle axis externally rotated). Every reference file has zero torsion, so
    this sign follows the definition and is not verified against Nexus.
foot
    Z from TOE to AJC; Y along the torsioned tibia's Y; then rotated by the
    static plantarflexion offset (about Y, plantarflexion raising the toe
    axis) and rotation offset (about X); origin TOE (Nexus's own foot
    origin sits about 20 mm elsewhere; only its axes were matched).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from gaitlab.errors import MissingMarkerError
from gaitlab.kinematics.frames import (
    frame_from_axes,
    rot_x,
    rot_y,
    rot_z,
    rotate_frame,
    to_frame_first,
)
from gaitlab.kinematics.joint_centres import (
    asis_trochanter_distance_mm,
    chord_joint_centre,
    davis_hip_centre_pelvis_mm,
    harrington_hip_centre_pelvis_mm,
)
from gaitlab.kinematics.parameters import ModelParameters
from gaitlab.kinematics.progression import ProgressionFrame
from gaitlab.trial import Trial

__all__ = [
    "Segments",
    "segments_from_markers",
    "segment_frames",
    "marker_arrays",
    "with_measured_pelvis",
    "pelvis_frame",
    "sacrum",
    "MODEL_MARKERS",
]

#: Markers the model reads (plus LPSI and RPSI, or SACR).
MODEL_MARKERS = (
    "LASI",
    "RASI",
    *(side + name for side in "LR" for name in ("THI", "KNE", "TIB", "ANK", "TOE")),
)


def marker_arrays(trial: Trial, extra: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Return the model's markers of ``trial`` as ``{label: (n, 3)}`` views in mm.

    Raises
    ------
    MissingMarkerError
        Naming every missing marker at once (LPSI/RPSI may be replaced by SACR).
    """
    wanted = list(MODEL_MARKERS) + list(extra)
    has_psis = trial.has_markers("LPSI", "RPSI")
    wanted += ["LPSI", "RPSI"] if has_psis or not trial.has_markers("SACR") else ["SACR"]
    missing = [label for label in wanted if label not in trial.marker_labels]
    if missing:
        raise MissingMarkerError(
            ", ".join(missing) if len(missing) > 1 else missing[0],
            trial.marker_labels,
            trial.provenance.source,
        )
    return {label: trial.marker(label) for label in wanted}


@dataclass(frozen=True)
class Segments:
    """Segment poses and joint centres of the lower body over a trial.

    Attributes
    ----------
    rotations
        ``(n, 3, 3)`` frames by name: ``"pelvis"``, ``"left_femur"``,
        ``"right_femur"``, ``"left_tibia"`` (torsioned, ankle axis),
        ``"left_tibia_untorsioned"`` (knee axis), ``"left_foot"`` ... Columns
        are the X (anterior), Y (left), Z (proximal) axes in lab coordinates.
    origins_mm
        ``(n, 3)`` segment origins by the same names (pelvis: mid-HJC;
        femur: KJC; tibia: AJC; foot: TOE), mm.
    joint_centres_mm
        ``(n, 3)`` by name: ``"left_hip"``, ``"left_knee"``, ``"left_ankle"``
        and the right ones, mm.
    progression
        The trial's progression frame (walking direction).
    """

    rotations: Mapping[str, np.ndarray]
    origins_mm: Mapping[str, np.ndarray]
    joint_centres_mm: Mapping[str, np.ndarray]
    progression: ProgressionFrame


def sacrum(markers: Mapping[str, np.ndarray]) -> np.ndarray:
    """Mid-PSIS, or SACR when the PSIS markers are absent (same layout as the markers), mm."""
    if "LPSI" in markers and "RPSI" in markers:
        return np.asarray(0.5 * (markers["LPSI"] + markers["RPSI"]))
    return np.asarray(markers["SACR"])


def pelvis_frame(markers: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Return pelvis frames ``(3, 3, n)`` and mid-ASIS ``(3, n)`` from component-first markers."""
    lasi, rasi = markers["LASI"], markers["RASI"]
    mid_asis = 0.5 * (lasi + rasi)
    # Y: right to left ASIS; Z normal to the plane of Y and the sacrum-to-mid-ASIS line
    rotation = frame_from_axes(lasi - rasi, mid_asis - sacrum(markers), "YX")
    return rotation, mid_asis


def with_measured_pelvis(
    markers: Mapping[str, np.ndarray], params: ModelParameters
) -> ModelParameters:
    """Fill an unknown (zero) inter-ASIS distance and pelvis depth from ``(n, 3)`` markers.

    Both are means over the frames where the markers are seen, mm (Plug-in
    Gait measures the inter-ASIS distance when the subject's value is 0).
    The pelvis depth is only needed (and measured) for the Harrington hip.
    """
    lasi, rasi = markers["LASI"], markers["RASI"]
    updates: dict[str, Any] = {}
    if params.inter_asis_mm <= 0:
        updates["inter_asis_mm"] = _mean_distance(lasi, rasi)
    if params.hip_model == "harrington" and params.pelvis_depth_mm <= 0:
        updates["pelvis_depth_mm"] = _mean_distance(0.5 * (lasi + rasi), sacrum(markers))
    return dataclasses.replace(params, **updates) if updates else params


def _mean_distance(a: np.ndarray, b: np.ndarray) -> float:
    distance = np.sqrt(np.sum((a - b) ** 2, axis=1))
    seen = distance[np.isfinite(distance)]
    return float(seen.mean()) if seen.size else float("nan")


def _hip_centres(
    params: ModelParameters, pelvis: np.ndarray, mid_asis: np.ndarray
) -> dict[str, np.ndarray]:
    radius = params.marker_radius_mm
    mean_leg = 0.5 * (params.left.leg_length_mm + params.right.leg_length_mm)
    out = {}
    for side in ("left", "right"):
        leg = params.leg(side)
        if params.hip_model == "harrington":
            local = harrington_hip_centre_pelvis_mm(
                side, params.inter_asis_mm, params.pelvis_depth_mm, leg.leg_length_mm, radius
            )
        else:
            troch = leg.asis_trochanter_mm or asis_trochanter_distance_mm(leg.leg_length_mm)
            local = davis_hip_centre_pelvis_mm(side, mean_leg, params.inter_asis_mm, troch, radius)
        out[side] = mid_asis + pelvis[0] * local[0] + pelvis[1] * local[1] + pelvis[2] * local[2]
    return out


def _side_frame(proximal: np.ndarray, distal: np.ndarray, lateral: np.ndarray, side: str):
    """Frame with Z from ``distal`` to ``proximal`` and Y towards the left."""
    left = distal - lateral if side == "right" else lateral - distal
    return frame_from_axes(proximal - distal, left, "ZY")


def segment_frames(
    markers: Mapping[str, np.ndarray], params: ModelParameters
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Compute the frames, origins and joint centres from component-first markers.

    The fast core of :func:`segments_from_markers`: markers are ``(3, n)``,
    frames come back ``(3, 3, n)`` and points ``(3, n)`` (see
    :mod:`gaitlab.kinematics.frames`). ``params`` must have its inter-ASIS
    distance (and, for Harrington, pelvis depth) resolved.
    """
    pelvis, mid_asis = pelvis_frame(markers)
    hips = _hip_centres(params, pelvis, mid_asis)
    rotations = {"pelvis": pelvis}
    origins = {"pelvis": 0.5 * (hips["left"] + hips["right"])}
    centres = {}
    radius = params.marker_radius_mm
    for side in ("left", "right"):
        p = side[0].upper()
        leg = params.leg(side)
        hjc = hips[side]
        kjc = chord_joint_centre(
            markers[p + "THI"], hjc, markers[p + "KNE"], leg.knee_width_mm / 2 + radius
        )
        ajc = chord_joint_centre(
            markers[p + "TIB"], kjc, markers[p + "ANK"], leg.ankle_width_mm / 2 + radius
        )
        femur = _side_frame(hjc, kjc, markers[p + "KNE"], side)
        tibia = _side_frame(kjc, ajc, markers[p + "ANK"], side)
        # positive torsion = ankle axis external to the knee axis; undo it for the knee
        torsion = np.deg2rad(leg.tibial_torsion_deg) * (1.0 if side == "right" else -1.0)
        untorsioned = rotate_frame(tibia, rot_z(torsion)) if torsion else tibia
        toe = markers[p + "TOE"]
        foot = frame_from_axes(ajc - toe, tibia[1], "ZY")
        plantar = np.deg2rad(leg.static_plantarflexion_deg or 0.0)
        rotation = np.deg2rad(leg.static_rotation_offset_deg or 0.0)
        # Nexus applies the offsets as Ry(-plantarflexion) Rx(-+rotation), L/R
        sign = -1.0 if side == "left" else 1.0
        foot = rotate_frame(foot, rot_y(-plantar) @ rot_x(sign * rotation))
        rotations.update(
            {
                f"{side}_femur": femur,
                f"{side}_tibia": tibia,
                f"{side}_tibia_untorsioned": untorsioned,
                f"{side}_foot": foot,
            }
        )
        origins.update({f"{side}_femur": kjc, f"{side}_tibia": ajc, f"{side}_foot": toe})
        centres.update({f"{side}_hip": hjc, f"{side}_knee": kjc, f"{side}_ankle": ajc})
    return rotations, origins, centres


def segments_from_markers(
    markers: Mapping[str, np.ndarray],
    params: ModelParameters,
    progression: ProgressionFrame,
) -> Segments:
    """Compute every lower-body segment frame and joint centre.

    Parameters
    ----------
    markers
        Marker label to ``(n, 3)`` positions in mm (NaN where missing); needs
        LASI, RASI, LPSI+RPSI or SACR, and per side THI, KNE, TIB, ANK, TOE.
    params
        Subject parameters; the static foot offsets must be resolved
        (``None`` counts as zero); a zero inter-ASIS distance (or, for
        Harrington, pelvis depth) is measured from these markers (see
        :func:`with_measured_pelvis`).
    progression
        The trial's progression frame.

    Returns
    -------
    Segments
        Frames ``(n, 3, 3)`` (columns = axes), origins and joint centres ``(n, 3)``.
    """
    params = with_measured_pelvis(markers, params)
    component_first = {k: np.ascontiguousarray(np.asarray(v).T) for k, v in markers.items()}
    rotations, origins, centres = segment_frames(component_first, params)
    return Segments(
        {k: to_frame_first(v) for k, v in rotations.items()},
        {k: to_frame_first(v) for k, v in origins.items()},
        {k: to_frame_first(v) for k, v in centres.items()},
        progression,
    )
