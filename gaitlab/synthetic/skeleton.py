"""Segment dimensions of the synthetic subject, from its Plug-in Gait measurements.

Lengths in mm. Hip joint centre by the Davis et al. (1991) regression as
Plug-in Gait applies it (``literature.md`` section 6.3; Davis, Ounpuu, Tyburski
& Gage, Hum Mov Sci 10:575-587): in the pelvis frame (X anterior, Y left,
Z up, origin mid-ASIS), with ``C = 0.115 * mean leg length - 15.3``,
``theta = 0.5 rad``, ``beta = 0.314 rad``, ``r`` the marker radius and
``xdis`` the ASIS-trochanter distance (default ``0.1288 * leg - 48.56``)::

    x = C cos(theta) sin(beta) - (xdis + r) cos(beta)
    y = +/-(C sin(theta) - inter_asis / 2)       (left +Y lateral, right -Y)
    z = -C cos(theta) cos(beta) - (xdis + r) sin(beta)

Thigh and shank share what the leg length leaves below the hip centre
(``leg - |HJC_z|``) equally; ankle height (AJC above the sole) is
``0.039 * height`` and foot length ``0.15 * height`` (Winter, Biomechanics and
Motor Control of Human Movement, 4th ed., 2009, segment-length proportions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gaitlab.conventions import SIDES

__all__ = ["BodyGeometry", "body_geometry", "davis_hip_centre_mm", "default_asis_trochanter_mm"]

_DAVIS_THETA_RAD = 0.5
_DAVIS_BETA_RAD = 0.314


def default_asis_trochanter_mm(leg_length_mm: float) -> float:
    """Plug-in Gait default ASIS-trochanter distance, ``0.1288 * leg - 48.56`` mm."""
    return 0.1288 * leg_length_mm - 48.56


def davis_hip_centre_mm(
    side: str,
    *,
    mean_leg_length_mm: float,
    asis_trochanter_mm: float,
    inter_asis_distance_mm: float,
    marker_radius_mm: float,
) -> np.ndarray:
    """Davis hip joint centre of ``side`` in the pelvis frame, mm, shape ``(3,)``."""
    c = 0.115 * mean_leg_length_mm - 15.3
    depth = asis_trochanter_mm + marker_radius_mm
    x = c * math.cos(_DAVIS_THETA_RAD) * math.sin(_DAVIS_BETA_RAD) - depth * math.cos(
        _DAVIS_BETA_RAD
    )
    y = c * math.sin(_DAVIS_THETA_RAD) - inter_asis_distance_mm / 2
    z = -c * math.cos(_DAVIS_THETA_RAD) * math.cos(_DAVIS_BETA_RAD) - depth * math.sin(
        _DAVIS_BETA_RAD
    )
    return np.array([x, -y if side == "left" else y, z])


@dataclass(frozen=True)
class BodyGeometry:
    """Dimensions of the synthetic body, mm (per-side values keyed ``"left"``/``"right"``).

    Attributes
    ----------
    inter_asis_distance_mm, pelvis_depth_mm, psis_distance_mm
        ASIS-ASIS width, mid-ASIS to mid-PSIS depth, PSIS-PSIS width.
    marker_radius_mm
        Half the marker diameter.
    leg_length_mm, asis_trochanter_mm, knee_width_mm, ankle_width_mm
        The Plug-in Gait measurements, per side.
    hip_centre_mm
        Davis hip centre in the pelvis frame, per side.
    thigh_length_mm, shank_length_mm
        HJC-KJC and KJC-AJC distances, per side.
    ankle_height_mm
        AJC above the sole, measured perpendicular to the sole.
    toe_distance_mm
        AJC to TOE (the 2nd metatarsal head marker), along the sole.
    heel_distance_mm
        AJC to the back of the heel, along the sole.
    """

    inter_asis_distance_mm: float
    pelvis_depth_mm: float
    psis_distance_mm: float
    marker_radius_mm: float
    leg_length_mm: dict[str, float]
    asis_trochanter_mm: dict[str, float]
    knee_width_mm: dict[str, float]
    ankle_width_mm: dict[str, float]
    hip_centre_mm: dict[str, np.ndarray]
    thigh_length_mm: dict[str, float]
    shank_length_mm: dict[str, float]
    ankle_height_mm: float
    toe_distance_mm: float
    heel_distance_mm: float


def body_geometry(
    *,
    height_mm: float,
    inter_asis_distance_mm: float,
    marker_diameter_mm: float,
    leg_length_mm: dict[str, float],
    knee_width_mm: dict[str, float],
    ankle_width_mm: dict[str, float],
    asis_trochanter_mm: dict[str, float] | None = None,
) -> BodyGeometry:
    """Derive every segment dimension from the subject's measurements (see module notes)."""
    radius = marker_diameter_mm / 2
    mean_leg = (leg_length_mm["left"] + leg_length_mm["right"]) / 2
    xdis = asis_trochanter_mm or {s: default_asis_trochanter_mm(leg_length_mm[s]) for s in SIDES}
    hip: dict[str, np.ndarray] = {
        s: davis_hip_centre_mm(
            s,
            mean_leg_length_mm=mean_leg,
            asis_trochanter_mm=xdis[s],
            inter_asis_distance_mm=inter_asis_distance_mm,
            marker_radius_mm=radius,
        )
        for s in SIDES
    }
    limb: dict[str, float] = {s: float(leg_length_mm[s] + hip[s][2]) / 2 for s in SIDES}
    foot_length = 0.15 * height_mm
    return BodyGeometry(
        inter_asis_distance_mm=inter_asis_distance_mm,
        pelvis_depth_mm=0.65 * inter_asis_distance_mm,
        psis_distance_mm=0.35 * inter_asis_distance_mm,
        marker_radius_mm=radius,
        leg_length_mm=dict(leg_length_mm),
        asis_trochanter_mm=dict(xdis),
        knee_width_mm=dict(knee_width_mm),
        ankle_width_mm=dict(ankle_width_mm),
        hip_centre_mm=hip,
        thigh_length_mm=limb,
        shank_length_mm=dict(limb),
        ankle_height_mm=0.039 * height_mm,
        toe_distance_mm=0.5 * foot_length,
        heel_distance_mm=0.25 * foot_length,
    )
