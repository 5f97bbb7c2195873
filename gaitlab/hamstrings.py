"""Hamstring musculotendon lengths from published attachment geometry.

The semimembranosus, semitendinosus and biceps femoris long head run from
the ischial tuberosity (pelvis) to the proximal tibia, crossing hip and knee.
Their path points are those of the Delp et al. (1990) lower-limb model as
published in OpenSim's Gait2392 model (``semimem_r``, ``semiten_r``,
``bifemlh_r``; metres, right side, OpenSim axes X forward, Y up, Z right;
credit Delp et al. 1990, model files CC BY 3.0). Two of the paths have a
conditional via point on the tibia, active only while the knee is flexed less
than a limit (it stands in for the wrap over the femoral condyles).

Placement in gaitlab: pelvis points are expressed relative to the model's hip
joint centre, converted to Plug-in Gait axes (X forward, Y left, Z up;
mirrored for the left side), scaled by the subject's hip-centre separation
over the model's, and placed at the subject's hip joint centre with the
pelvis frame. Tibia points are relative to the model's knee (the tibia
origin), scaled by the subject's shank length (KJC-AJC) over the model's
0.43 m, and placed at the subject's knee joint centre with the untorsioned
tibia frame. The path length is the sum of straight segments between active
points; it is divided by the length in the neutral standing pose (all
segment axes aligned, knee straight) of the same subject, so 1.0 = standing
length. The peak in late swing is the direct measure of short hamstrings in
gait (Delp et al. 1996; Arnold et al. 2006).

References
----------
Delp SL, Loan JP, Hoy MG, Zajac FE, Topp EL, Rosen JM (1990) An interactive
graphics-based model of the lower extremity to study orthopaedic surgical
procedures. IEEE Trans Biomed Eng 37(8):757-767.
Arnold AS, Liu MQ, Schwartz MH, Ounpuu S, Delp SL (2006) The role of
estimating muscle-tendon lengths and velocities of the hamstrings in the
evaluation and treatment of crouch gait. Gait Posture 23:273-281.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.errors import MissingParameterError

__all__ = [
    "HAMSTRINGS",
    "LATE_SWING_PCT",
    "MuscleGeometry",
    "hamstring_lengths",
    "hamstring_measures",
    "path_length_mm",
    "sagittal_lengths",
]

#: Model hip joint centre in the OpenSim pelvis frame, m (Gait2392 ``hip_r``).
MODEL_HIP_CENTRE_M = np.array([-0.0707, -0.0661, 0.0835])
#: Model knee-to-ankle distance along the tibia, m (Gait2392 ``ankle_r`` in ``tibia_r``).
MODEL_TIBIA_LENGTH_M = 0.43
#: Window of "late swing" for the peak length, % of cycle.
LATE_SWING_PCT = (75.0, 100.0)


@dataclass(frozen=True)
class MuscleGeometry:
    """Path points of one right-side muscle in OpenSim Gait2392 frames, m.

    Attributes
    ----------
    name
        Muscle name used in gaitlab outputs.
    column
        Curve name (without side prefix) of the normalised length.
    pelvis_points_m
        ``(k, 3)`` points in the pelvis frame (X forward, Y up, Z right).
    tibia_points_m
        ``(m, 3)`` points in the tibia frame (origin at the knee).
    conditional
        Index into ``tibia_points_m`` -> (min, max) knee flexion in deg for
        which that point is on the path (at most one such point per muscle).
    """

    name: str
    column: str
    pelvis_points_m: np.ndarray
    tibia_points_m: np.ndarray
    conditional: Mapping[int, tuple[float, float]]


# Gait2392 ranges are on knee_angle_r (flexion negative): [-0.558505, 0.174533] rad for
# semimem_r-P2 and [-0.331613, 0.174533] rad for semiten_r-P2, i.e. knee flexion from
# -10 deg to 32 deg and to 19 deg.
HAMSTRINGS: tuple[MuscleGeometry, ...] = (
    MuscleGeometry(
        "semimembranosus",
        "SemimembranosusLength",
        np.array([[-0.1192, -0.09747, 0.07151]]),
        np.array([[-0.0348, -0.03519, -0.01891], [-0.0270, -0.04771, -0.01957]]),
        {0: (-10.0, 32.0)},
    ),
    MuscleGeometry(
        "semitendinosus",
        "SemitendinosusLength",
        np.array([[-0.12635, -0.10988, 0.06039]]),
        np.array(
            [
                [-0.04203, -0.02859, -0.02277],
                [-0.03322, -0.05282, -0.02288],
                [-0.01130, -0.07460, -0.02450],
                [0.00270, -0.09560, -0.01930],
            ]
        ),
        {0: (-10.0, 19.0)},
    ),
    MuscleGeometry(
        "biceps_femoris_lh",
        "BicepsFemorisLHLength",
        np.array([[-0.12596, -0.10257, 0.06944]]),
        np.array([[-0.03010, -0.03600, 0.02943], [-0.02340, -0.05630, 0.03430]]),
        {},
    ),
)


def _to_pig(points_m: np.ndarray, side: str) -> np.ndarray:
    """OpenSim right-side (X fwd, Y up, Z right) -> PiG (X fwd, Y left, Z up), mm."""
    x, y, z = points_m[:, 0], points_m[:, 1], points_m[:, 2]
    lateral_to_left = -z if side == "right" else z  # mirror the right-side model for left
    return 1000.0 * np.stack([x, lateral_to_left, y], axis=1)


def _polyline_mm(points: np.ndarray) -> np.ndarray:
    """Length of ``(n, k, 3)`` polylines, mm."""
    return np.linalg.norm(np.diff(points, axis=1), axis=2).sum(axis=1)


def path_length_mm(
    muscle: MuscleGeometry,
    side: str,
    hip_centre_mm: np.ndarray,
    pelvis_rotation: np.ndarray,
    knee_centre_mm: np.ndarray,
    tibia_rotation: np.ndarray,
    knee_flexion_deg: np.ndarray,
    pelvis_scale: float,
    tibia_scale: float,
) -> np.ndarray:
    """Return the musculotendon path length of ``muscle`` for every frame, mm.

    Parameters
    ----------
    muscle
        One of :data:`HAMSTRINGS`.
    side
        ``"left"`` or ``"right"``.
    hip_centre_mm, knee_centre_mm
        ``(n, 3)`` joint centres in the lab, mm.
    pelvis_rotation, tibia_rotation
        ``(n, 3, 3)`` segment frames whose columns are X forward, Y left, Z up
        (the untorsioned tibia for the knee).
    knee_flexion_deg
        ``(n,)`` knee flexion (PiG, flexion +), which switches conditional via points.
    pelvis_scale, tibia_scale
        Subject / model size ratios.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` lengths in mm (NaN where an input is NaN).
    """
    offset_hip = _to_pig(muscle.pelvis_points_m - MODEL_HIP_CENTRE_M, side) * pelvis_scale
    tibia_local = _to_pig(muscle.tibia_points_m, side) * tibia_scale
    pelvis_pts = hip_centre_mm[:, None, :] + np.einsum("nij,kj->nki", pelvis_rotation, offset_hip)
    tibia_pts = knee_centre_mm[:, None, :] + np.einsum("nij,kj->nki", tibia_rotation, tibia_local)
    points = np.concatenate([pelvis_pts, tibia_pts], axis=1)  # (n, k+m, 3)
    flexion = np.asarray(knee_flexion_deg, dtype=float)
    length = _polyline_mm(points)
    for index, (lo, hi) in muscle.conditional.items():  # at most one per muscle
        without = np.delete(points, pelvis_pts.shape[1] + index, axis=1)
        length = np.where((flexion >= lo) & (flexion <= hi), length, _polyline_mm(without))
    bad = ~np.isfinite(points).all(axis=(1, 2)) | ~np.isfinite(flexion)
    return np.where(bad, np.nan, length)


def _typical(values: np.ndarray, what: str) -> float:
    value = float(np.nanmedian(values)) if np.isfinite(values).any() else np.nan
    if not (np.isfinite(value) and value > 0):
        raise MissingParameterError(f"hamstring model needs the {what}; it is not measurable")
    return value


def hamstring_lengths(
    rotations: Mapping[str, np.ndarray],
    joint_centres_mm: Mapping[str, np.ndarray],
    knee_flexion_deg: Mapping[str, np.ndarray],
) -> pd.DataFrame:
    """Normalised hamstring lengths for every frame and side.

    Parameters
    ----------
    rotations
        Segment frames as :class:`gaitlab.kinematics.Segments` gives them:
        ``"pelvis"``, ``"left_tibia_untorsioned"``, ``"right_tibia_untorsioned"``.
    joint_centres_mm
        ``"left_hip"``, ``"left_knee"``, ``"left_ankle"`` and the right ones, mm.
    knee_flexion_deg
        Side -> ``(n,)`` knee flexion, deg.

    Returns
    -------
    pandas.DataFrame
        Columns ``LSemimembranosusLength`` ... ``RBicepsFemorisLHLength``: the
        length divided by the subject's neutral standing-pose length.
    """
    hips = {side: np.asarray(joint_centres_mm[f"{side}_hip"], float) for side in SIDES}
    pelvis_scale = _typical(
        np.linalg.norm(hips["left"] - hips["right"], axis=1), "hip-centre separation"
    ) / (2000.0 * MODEL_HIP_CENTRE_M[2])
    columns = {}
    for side in SIDES:
        hip = hips[side]
        knee = np.asarray(joint_centres_mm[f"{side}_knee"], float)
        ankle = np.asarray(joint_centres_mm[f"{side}_ankle"], float)
        femur_mm = _typical(np.linalg.norm(hip - knee, axis=1), f"{side} femur length")
        tibia_scale = _typical(np.linalg.norm(knee - ankle, axis=1), f"{side} shank length") / (
            1000.0 * MODEL_TIBIA_LENGTH_M
        )
        identity = np.eye(3)[None]
        for muscle in HAMSTRINGS:
            neutral = path_length_mm(
                muscle,
                side,
                np.zeros((1, 3)),
                identity,
                np.array([[0.0, 0.0, -femur_mm]]),
                identity,
                np.zeros(1),
                pelvis_scale,
                tibia_scale,
            )[0]
            length = path_length_mm(
                muscle,
                side,
                hip,
                rotations["pelvis"],
                knee,
                rotations[f"{side}_tibia_untorsioned"],
                knee_flexion_deg[side],
                pelvis_scale,
                tibia_scale,
            )
            columns[f"{SIDE_PREFIX[side]}{muscle.column}"] = length / neutral
    return pd.DataFrame(columns)


def sagittal_lengths(
    hip_flexion_deg: np.ndarray,
    knee_flexion_deg: np.ndarray,
    femur_mm: float = 396.0,
    shank_mm: float = 1000.0 * MODEL_TIBIA_LENGTH_M,
) -> pd.DataFrame:
    """Normalised hamstring lengths of a leg moving in the sagittal plane only.

    The pelvis is level and the hip and knee flex about the pelvis Y axis;
    abduction and rotations are zero. Used to derive reference lengths from
    published mean hip and knee flexion curves (the model geometry, with the
    Gait2392 segment sizes by default).

    Parameters
    ----------
    hip_flexion_deg, knee_flexion_deg
        ``(n,)`` Plug-in Gait hip and knee flexion, deg.
    femur_mm, shank_mm
        Hip-to-knee and knee-to-ankle distances, mm.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`hamstring_lengths` (both sides equal).
    """
    hip = np.deg2rad(np.asarray(hip_flexion_deg, dtype=float))
    shank = hip - np.deg2rad(np.asarray(knee_flexion_deg, dtype=float))
    zero = np.zeros_like(hip)
    thigh_dir = np.stack([np.sin(hip), zero, -np.cos(hip)], axis=1)
    shank_dir = np.stack([np.sin(shank), zero, -np.cos(shank)], axis=1)
    # tibia frame columns: X forward, Y left, Z from ankle to knee (= -shank_dir)
    tibia = np.stack([np.stack([np.cos(shank), zero, np.sin(shank)], axis=1),
                      np.tile([0.0, 1.0, 0.0], (hip.size, 1)), -shank_dir], axis=2)  # fmt: skip
    half = 1000.0 * MODEL_HIP_CENTRE_M[2]
    rotations = {"pelvis": np.tile(np.eye(3), (hip.size, 1, 1))}
    centres = {}
    for side, y in (("left", half), ("right", -half)):
        hip_centre = np.tile([0.0, y, 0.0], (hip.size, 1))
        knee = hip_centre + femur_mm * thigh_dir
        rotations[f"{side}_tibia_untorsioned"] = tibia
        centres.update(
            {
                f"{side}_hip": hip_centre,
                f"{side}_knee": knee,
                f"{side}_ankle": knee + shank_mm * shank_dir,
            }  # fmt: skip
        )
    flexion = np.asarray(knee_flexion_deg, dtype=float)
    return hamstring_lengths(rotations, centres, {"left": flexion, "right": flexion})


def hamstring_measures(normalised: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Peak normalised length in late swing (75-100 %) per stride and side.

    Parameters
    ----------
    normalised
        ``"LSemimembranosusLength"`` ... -> ``(n_strides, n_points)`` over 0-100 %.

    Returns
    -------
    pandas.DataFrame
        ``side``, ``stride`` and ``<muscle>_peak_length_norm`` per muscle.
    """
    tables = []
    for side in SIDES:
        p = SIDE_PREFIX[side]
        found = {m.name: normalised.get(f"{p}{m.column}") for m in HAMSTRINGS}
        if any(v is None or len(v) == 0 for v in found.values()):
            continue
        table = {}
        for name, curves in found.items():
            curves = np.asarray(curves, float)
            pct = np.linspace(0.0, 100.0, curves.shape[1])
            window = (pct >= LATE_SWING_PCT[0]) & (pct <= LATE_SWING_PCT[1])
            table[f"{name}_peak_length_norm"] = curves[:, window].max(axis=1)
        frame = pd.DataFrame(table)
        frame.insert(0, "stride", np.arange(len(frame)))
        frame.insert(0, "side", side)
        tables.append(frame)
    if not tables:
        return pd.DataFrame(columns=["side", "stride"])
    return pd.concat(tables, ignore_index=True)
