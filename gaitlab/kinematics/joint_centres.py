"""Joint centres of the Plug-in Gait lower body: hip regressions and the chord function.

All positions are in mm. Hip joint centres are first found in the pelvis frame
(X anterior, Y left, Z up, origin mid-ASIS), then placed in the lab with the
pelvis pose. Knee and ankle centres come from the *chord function* (Kadaba et
al. 1990, J Orthop Res 8:383; Vicon Plug-in Gait reference): the joint centre
``J`` lies at ``offset_mm`` from the lateral marker ``L``, in the plane of the
proximal joint centre ``P``, ``L`` and a wand marker ``W``, with ``J - L``
perpendicular to ``J - P`` (``J`` on the circle of diameter ``PL``), on the
side of ``PL`` away from the wand.
"""

from __future__ import annotations

import numpy as np

from gaitlab.errors import MissingParameterError
from gaitlab.kinematics.frames import dot

__all__ = [
    "davis_hip_centre_pelvis_mm",
    "harrington_hip_centre_pelvis_mm",
    "asis_trochanter_distance_mm",
    "chord_joint_centre",
]


def asis_trochanter_distance_mm(leg_length_mm: float) -> float:
    """Return Plug-in Gait's ASIS-to-greater-trochanter regression, mm.

    ``0.1288 * leg_length_mm - 48.56`` (Davis et al. 1991, Hum Mov Sci
    10:575; used by Plug-in Gait when the subject's value is zero).
    """
    return 0.1288 * leg_length_mm - 48.56


def davis_hip_centre_pelvis_mm(
    side: str,
    mean_leg_length_mm: float,
    inter_asis_mm: float,
    asis_trochanter_mm: float,
    marker_radius_mm: float,
) -> np.ndarray:
    """Return the Davis hip joint centre in the pelvis frame, as Plug-in Gait computes it.

    Parameters
    ----------
    side
        ``"left"`` or ``"right"``.
    mean_leg_length_mm
        Mean of the left and right leg lengths (Plug-in Gait uses the mean
        for both hips), mm.
    inter_asis_mm
        Distance between the ASIS markers, mm.
    asis_trochanter_mm
        ASIS-to-greater-trochanter distance of this side, mm (see
        :func:`asis_trochanter_distance_mm` for the regression).
    marker_radius_mm
        Radius of the pelvis markers, mm.

    Returns
    -------
    numpy.ndarray
        ``(3,)`` position relative to mid-ASIS along pelvis X (anterior),
        Y (left), Z (up), mm.

    Notes
    -----
    Davis et al. 1991 (Hum Mov Sci 10:575-587): ``C = 0.115 LL - 15.3``,
    ``theta = 0.5 rad``, ``beta = 0.314 rad``; x = ``C cos(theta) sin(beta)
    - (d + r) cos(beta)``, y = ``+-(C sin(theta) - IAD/2)`` (left positive
    outward), z = ``-C cos(theta) cos(beta) - (d + r) sin(beta)``.
    """
    c = 0.115 * mean_leg_length_mm - 15.3
    theta, beta = 0.5, 0.314
    depth = asis_trochanter_mm + marker_radius_mm
    x = c * np.cos(theta) * np.sin(beta) - depth * np.cos(beta)
    y = -(c * np.sin(theta) - inter_asis_mm / 2.0)
    z = -c * np.cos(theta) * np.cos(beta) - depth * np.sin(beta)
    return np.array([x, y if side == "left" else -y, z])


def harrington_hip_centre_pelvis_mm(
    side: str,
    pelvis_width_mm: float,
    pelvis_depth_mm: float,
    leg_length_mm: float,
    marker_radius_mm: float,
    base_plate_mm: float = 2.0,
) -> np.ndarray:
    """Return the Harrington 2007 hip joint centre in the pelvis frame.

    Parameters
    ----------
    side
        ``"left"`` or ``"right"``.
    pelvis_width_mm
        Inter-ASIS distance (PW), mm.
    pelvis_depth_mm
        Mid-ASIS to mid-PSIS distance (PD), mm.
    leg_length_mm
        Leg length (LL) of this side, mm.
    marker_radius_mm, base_plate_mm
        The regression refers to bony landmarks, so the marker radius and
        base-plate thickness are taken off the anterior coordinate (as
        pyCGM2 does).

    Returns
    -------
    numpy.ndarray
        ``(3,)`` position relative to mid-ASIS along pelvis X (anterior),
        Y (left), Z (up), mm.

    Notes
    -----
    Harrington et al. 2007 (J Biomech 40:595-602), full regression:
    anterior ``-0.24 PD - 9.9``, superior ``-0.16 PW - 0.04 LL - 7.1``,
    lateral ``0.28 PD + 0.16 PW + 7.9``.
    """
    x = -0.24 * pelvis_depth_mm - 9.9 - marker_radius_mm - base_plate_mm
    lateral = 0.28 * pelvis_depth_mm + 0.16 * pelvis_width_mm + 7.9
    z = -0.16 * pelvis_width_mm - 0.04 * leg_length_mm - 7.1
    return np.array([x, lateral if side == "left" else -lateral, z])


def chord_joint_centre(
    wand: np.ndarray, proximal: np.ndarray, lateral: np.ndarray, offset_mm: float
) -> np.ndarray:
    """Return joint centres by Plug-in Gait's chord function, for every frame.

    Parameters
    ----------
    wand
        ``(3, n)`` wand (or thigh/tibia) marker, mm, component-first (see
        :mod:`gaitlab.kinematics.frames`).
    proximal
        ``(3, n)`` proximal joint centre (HJC for the knee, KJC for the ankle), mm.
    lateral
        ``(3, n)`` lateral marker at the joint (KNE, ANK), mm.
    offset_mm
        Distance from the lateral marker to the joint centre: joint width / 2
        plus marker radius, mm.

    Returns
    -------
    numpy.ndarray
        ``(3, n)`` joint centres, mm; NaN where an input is NaN.

    Raises
    ------
    MissingParameterError
        When ``offset_mm`` is not a positive number.
    """
    if not (np.isfinite(offset_mm) and offset_mm > 0):
        raise MissingParameterError(
            f"chord function needs a positive joint offset (width/2 + marker radius), "
            f"got {offset_mm} mm"
        )
    # J = L + a (P - L) - b w_perp, with a = cos^2(phi) and b = d sin(phi) / |w_perp|,
    # cos(phi) = d / |P - L|, w_perp = the wand's part perpendicular to P - L
    v = proximal - lateral
    length_sq = dot(v, v)
    w = wand - lateral
    w -= (dot(w, v) / length_sq) * v
    a = (offset_mm * offset_mm) / length_sq
    b = offset_mm * np.sqrt(1.0 - a) / np.sqrt(dot(w, w))
    return np.asarray(lateral + a * v - b * w)
