"""Sagittal hip angle from a pelvis (lower-back) IMU and a thigh IMU.

Method (heading-free, so two sensors without magnetometers can be combined):

1. Each sensor's orientation comes from :func:`estimate_orientation`, whose
   tilt is anchored to gravity; only the direction of "up" in the sensor
   frame, ``u(t)``, is used, which does not depend on heading.
2. Each segment's inclination in its sagittal plane is the angle by which
   ``u`` (projected on the plane normal to the segment's medio-lateral axis)
   has turned since the calibration posture, signed as a rotation about the
   left-pointing axis: anterior pelvic tilt is +, and for the thigh +
   means the hip end moves forward of the knee (extension).
3. ``hip_flexion = pelvis inclination - thigh inclination +
   calibration_hip_flexion_deg`` (Plug-in Gait sign: flexion +).

**Standing calibration.** Record a few seconds of quiet, upright standing
(feet side by side, hips and pelvis in their neutral posture) and pass that
time window as ``calibration_s``; its hip angle is taken as
``calibration_hip_flexion_deg`` (0 for neutral standing). The calibration
removes how each sensor sits on its segment in the sagittal plane, and the
mean angular rate while standing still is removed as the gyroscope bias; the
medio-lateral axis of each sensor must be known from its frame (see
:data:`LEFT_AXIS`). Being a sagittal projection, the angle ignores the
small coupling with hip ab/adduction and pelvic obliquity/rotation.
"""

from __future__ import annotations

import numpy as np

from gaitlab.errors import GaitlabError
from gaitlab.imu.orientation import estimate_orientation, quat_conjugate, quat_rotate
from gaitlab.trial import ImuSensor

__all__ = ["LEFT_AXIS", "sagittal_inclination_deg", "hip_flexion_deg"]

#: Sensor frame -> (axis index, sign) of the axis pointing to the subject's left.
LEFT_AXIS = {
    "synthetic_thigh": (1, 1.0),
    "gaitmap_foot": (1, 1.0),
    "mobilised_lower_back": (1, -1.0),
}


def _left_axis(sensor: ImuSensor) -> np.ndarray:
    if sensor.frame not in LEFT_AXIS:
        raise GaitlabError(
            f"IMU '{sensor.location}': frame {sensor.frame!r} has no known medio-lateral axis; "
            f"expected one of {sorted(LEFT_AXIS)}"
        )
    axis, sign = LEFT_AXIS[sensor.frame]
    left = np.zeros(3)
    left[axis] = sign
    return left


def _window(sensor: ImuSensor, calibration_s: tuple[float, float]) -> slice:
    start, stop = (int(round(t * sensor.rate_hz)) for t in calibration_s)
    if not (0 <= start < stop <= sensor.n_samples):
        raise GaitlabError(
            f"IMU '{sensor.location}': calibration window {calibration_s} s is not inside the "
            f"recording (0 to {sensor.n_samples / sensor.rate_hz:.2f} s)"
        )
    return slice(start, stop)


def sagittal_inclination_deg(sensor: ImuSensor, calibration_s: tuple[float, float]) -> np.ndarray:
    """Rotation of a segment about its left axis since the calibration posture.

    Parameters
    ----------
    sensor
        A sensor whose frame is in :data:`LEFT_AXIS`.
    calibration_s
        ``(start, stop)`` of the still calibration posture, s from the first
        sample; its mean angular rate is removed as gyroscope bias.

    Returns
    -------
    numpy.ndarray
        ``(n_samples,)`` degrees, positive when the segment's upper end moves
        forward (anterior tilt for the pelvis, extension for the thigh).
    """
    left = _left_axis(sensor)
    window = _window(sensor, calibration_s)
    gyr_dps = sensor.gyr_dps - sensor.gyr_dps[window].mean(axis=0)
    quats = estimate_orientation(sensor.acc_mps2, gyr_dps, sensor.rate_hz)
    up = quat_rotate(quat_conjugate(quats), np.array([0.0, 0.0, 1.0]))
    up -= np.outer(up @ left, left)
    reference = up[window].mean(axis=0)
    sine = np.cross(reference, up) @ left
    cosine = up @ reference
    # Up turns opposite to the segment, as seen from the sensor.
    return -np.degrees(np.arctan2(sine, cosine))


def hip_flexion_deg(
    pelvis: ImuSensor,
    thigh: ImuSensor,
    calibration_s: tuple[float, float],
    calibration_hip_flexion_deg: float = 0.0,
) -> np.ndarray:
    """Sagittal hip angle (flexion +) from pelvis and thigh sensors.

    Parameters
    ----------
    pelvis, thigh
        Synchronised sensors (same rate and length) with frames in :data:`LEFT_AXIS`.
    calibration_s
        ``(start, stop)`` of the standing calibration, s from the first sample.
    calibration_hip_flexion_deg
        Hip flexion during the calibration (0 for neutral upright standing).

    Returns
    -------
    numpy.ndarray
        ``(n_samples,)`` hip flexion, degrees.

    Raises
    ------
    GaitlabError
        When the sensors differ in rate or length, a frame is unknown or the
        calibration window is outside the recording.
    """
    if pelvis.rate_hz != thigh.rate_hz or pelvis.n_samples != thigh.n_samples:
        raise GaitlabError(
            f"pelvis ({pelvis.n_samples} samples at {pelvis.rate_hz} Hz) and thigh "
            f"({thigh.n_samples} at {thigh.rate_hz} Hz) sensors must be synchronised"
        )
    return (
        sagittal_inclination_deg(pelvis, calibration_s)
        - sagittal_inclination_deg(thigh, calibration_s)
        + calibration_hip_flexion_deg
    )
