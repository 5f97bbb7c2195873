"""Steps, strides and pelvic motion from one lower-back (L5 / sacrum) IMU.

* **Initial contacts** follow McCamley et al. 2012 (Gait Posture 36:316):
  the vertical acceleration is integrated and differentiated with a
  Gaussian wavelet, which amounts to smoothing it with a Gaussian kernel
  (sigma :data:`IC_SMOOTHING_S`); each initial contact is a maximum of the
  smoothed upward acceleration (the trunk is pushed up as the leading leg
  lands), at least :data:`MIN_STEP_S` apart.
* **Left / right**: the pelvis turns toward the stance side during single
  support, so the yaw rate (about the vertical axis, smoothed over a step)
  around a contact is negative (clockwise seen from above) after a left
  contact and positive after a right one (McCamley 2012 use the same cue).
* **Walking bouts**: runs of at least :data:`MIN_BOUT_STEPS` contacts whose
  step times lie within [:data:`MIN_STEP_S`, :data:`MAX_STEP_S`].
* **Step length** by the inverted-pendulum model of Zijlstra & Hof 2003
  (Gait Posture 18:1): ``step = K * 2 * sqrt(2 * l * h - h**2)`` with ``l``
  the sensor height (m), ``h`` the vertical excursion of the sensor during
  the step (double integration, per step, of the vertical acceleration in the
  world frame, assuming level walking: vertical velocity and height return
  to their start values over a step), and ``K`` = 4.739 / 4 = 1.185, the
  factor the Mobilise-D consortium fitted over all its cohorts (mobgap
  ``SlZijlstra`` "MS_ALL"; Zijlstra & Hof's own 1.25 over-estimated stride
  length by about 0.1 m on the Mobilise-D examples).
* **Pelvic excursions** per stride: range of tilt (about the medio-lateral
  axis), obliquity (about the antero-posterior axis) and rotation (about the
  vertical, relative to the walking heading so that turning is not
  counted) of the orientation of :func:`estimate_orientation`, decomposed
  as Plug-in Gait decomposes the pelvis (see :func:`pelvis_angles_deg`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.ndimage import gaussian_filter1d
from scipy.signal import find_peaks

from gaitlab.errors import GaitlabError, MissingParameterError
from gaitlab.imu.orientation import (
    GRAVITY_MPS2,
    estimate_orientation,
    low_pass_zero_lag,
    quat_rotate,
    quat_to_matrix,
)
from gaitlab.imu.windows import window_index, window_range
from gaitlab.trial import ImuSensor

__all__ = [
    "LOWER_BACK_FRAMES",
    "lower_back_contacts",
    "lower_back_strides",
    "pelvis_angles_deg",
    "inverted_pendulum_step_length_m",
]

#: Known lower-back sensor frames -> (vertical, medio-lateral, antero-posterior)
#: axis indices and signs (+1 when the axis points up / right / forward).
LOWER_BACK_FRAMES = {"mobilised_lower_back": ((0, 1.0), (1, 1.0), (2, 1.0))}

IC_SMOOTHING_S = 0.09
MIN_STEP_S = 0.25
MAX_STEP_S = 1.0
MIN_BOUT_STEPS = 4
STEP_LENGTH_K = 4.739 / 4
_SIDE_WINDOW_S = 0.1
#: Cut-off of the walking heading (below the stride frequency), Hz.
HEADING_CUTOFF_HZ = 0.3


def _axes(sensor: ImuSensor) -> tuple[tuple[int, float], tuple[int, float], tuple[int, float]]:
    if sensor.frame not in LOWER_BACK_FRAMES:
        raise GaitlabError(
            f"IMU '{sensor.location}': lower-back frame {sensor.frame!r} is not known; "
            f"expected one of {sorted(LOWER_BACK_FRAMES)} (rotate the data into one of them)"
        )
    return LOWER_BACK_FRAMES[sensor.frame]


def _body_signal(values: np.ndarray, axis: tuple[int, float]) -> np.ndarray:
    return axis[1] * values[:, axis[0]]


def lower_back_contacts(sensor: ImuSensor) -> pd.DataFrame:
    """Detect initial contacts and their side from a lower-back sensor.

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.

    Returns
    -------
    pandas.DataFrame
        ``sample`` (int), ``time_s`` (s from the first sample), ``side``
        (``"left"``/``"right"``), ``bout`` (walking-bout number, -1 outside
        bouts), one row per contact in time order.
    """
    vertical, _, _ = _axes(sensor)
    rate = sensor.rate_hz
    acc_up = _body_signal(sensor.acc_mps2, vertical)
    smooth = gaussian_filter1d(acc_up - np.mean(acc_up), IC_SMOOTHING_S * rate)
    peaks, _ = find_peaks(smooth, distance=max(1, int(MIN_STEP_S * rate)), prominence=0.5)
    yaw = gaussian_filter1d(_body_signal(sensor.gyr_dps, vertical), _SIDE_WINDOW_S * rate)
    side = np.where(yaw[peaks] < 0, "left", "right")
    return pd.DataFrame(
        {"sample": peaks, "time_s": peaks / rate, "side": side, "bout": _bouts(peaks / rate)}
    )


def _bouts(times_s: np.ndarray) -> np.ndarray:
    """Return the bout number of each contact (runs of regular steps); -1 outside bouts."""
    bout = np.full(len(times_s), -1)
    if len(times_s) < 2:
        return bout
    regular = (np.diff(times_s) >= MIN_STEP_S) & (np.diff(times_s) <= MAX_STEP_S)
    edges = np.diff(np.concatenate(([0], regular.astype(int), [0])))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    number = 0
    for start, stop in zip(starts, stops, strict=True):  # one iteration per bout
        if stop - start + 1 >= MIN_BOUT_STEPS:
            bout[start : stop + 1] = number
            number += 1
    return bout


def inverted_pendulum_step_length_m(
    height_change_m: np.ndarray, sensor_height_m: float, k: float = STEP_LENGTH_K
) -> np.ndarray:
    """Step length of the inverted-pendulum model (Zijlstra & Hof 2003).

    Parameters
    ----------
    height_change_m
        Vertical excursion of the sensor during each step, m.
    sensor_height_m
        Height of the sensor above the floor in standing (pendulum length), m.
    k
        Empirical correction factor.

    Returns
    -------
    numpy.ndarray
        ``k * 2 * sqrt(2 l h - h^2)``, m.
    """
    h = np.clip(np.asarray(height_change_m, dtype=float), 0.0, sensor_height_m)
    return k * 2.0 * np.sqrt(2.0 * sensor_height_m * h - h**2)


def pelvis_angles_deg(sensor: ImuSensor, quats: np.ndarray | None = None) -> np.ndarray:
    """Pelvic tilt, obliquity and rotation of a lower-back sensor, degrees.

    The body frame (X anterior, Y left, Z up) is taken relative to the
    walking heading -- the body's yaw low-pass filtered at
    :data:`HEADING_CUTOFF_HZ`, below the stride frequency, so that it follows
    turns but not the pelvic rotation within a stride -- and decomposed as
    Plug-in Gait decomposes the pelvis: ``Ry(tilt) Rx(obliquity) Rz(rotation)``.

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.
    quats
        Its orientation (from :func:`estimate_orientation`), computed when absent.

    Returns
    -------
    numpy.ndarray
        ``(n_samples, 3)``: tilt (anterior +), obliquity (left side up +)
        and rotation (right side forward +). Offsets depend on how the
        sensor sits on the body, so compare excursions, not levels.
    """
    vertical, lateral, forward = _axes(sensor)
    if quats is None:
        quats = estimate_orientation(sensor.acc_mps2, sensor.gyr_dps, sensor.rate_hz)
    # Columns: the body's anterior, left and up axes in the sensor frame.
    body_in_sensor = np.zeros((3, 3))
    body_in_sensor[forward[0], 0] = forward[1]
    body_in_sensor[lateral[0], 1] = -lateral[1]
    body_in_sensor[vertical[0], 2] = vertical[1]
    body = quat_to_matrix(quats) @ body_in_sensor
    yaw = np.unwrap(np.arctan2(body[:, 1, 0], body[:, 0, 0]))
    heading = low_pass_zero_lag(yaw[:, None], sensor.rate_hz, HEADING_CUTOFF_HZ)[:, 0]
    cos, sin = np.cos(heading), np.sin(heading)
    # M = Rz(-heading) @ body, written out row by row.
    m = np.stack(
        (
            cos[:, None] * body[:, 0] + sin[:, None] * body[:, 1],
            -sin[:, None] * body[:, 0] + cos[:, None] * body[:, 1],
            body[:, 2],
        ),
        axis=1,
    )
    tilt = np.arctan2(m[:, 0, 2], m[:, 2, 2])
    obliquity = np.arcsin(np.clip(-m[:, 1, 2], -1.0, 1.0))
    rotation = np.arctan2(m[:, 1, 0], m[:, 1, 1])
    return np.degrees(np.column_stack((tilt, obliquity, rotation)))


def _step_excursions_m(acc_up_mps2: np.ndarray, rate_hz: float, contacts: np.ndarray) -> np.ndarray:
    """Vertical excursion of the sensor in each step between consecutive contacts, m.

    Per step, the upward acceleration minus its mean (the vertical velocity
    returns to its start value over a step of level walking) is integrated
    to velocity, whose mean is removed (the height returns too), then to
    height; the excursion is its range.
    """
    index, valid = window_index(contacts[:-1], contacts[1:], len(acc_up_mps2))
    count = valid.sum(axis=1, keepdims=True)
    acc = np.where(valid, acc_up_mps2[index], 0.0)
    acc = np.where(valid, acc - acc.sum(axis=1, keepdims=True) / count, 0.0)
    velocity = np.where(valid, np.cumsum(acc, axis=1) / rate_hz, 0.0)
    velocity = np.where(valid, velocity - velocity.sum(axis=1, keepdims=True) / count, 0.0)
    return window_range(np.cumsum(velocity, axis=1) / rate_hz, valid)


def lower_back_strides(sensor: ImuSensor, sensor_height_m: float | None) -> pd.DataFrame:
    """Per-stride parameters from a lower-back sensor.

    A stride runs from a contact to the next-but-one contact of the same
    walking bout (two steps).

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.
    sensor_height_m
        Height of the sensor above the floor (m), for step length; ``None``
        gives NaN lengths and speeds.

    Returns
    -------
    pandas.DataFrame
        ``side`` (of the first contact), ``start_sample``, ``middle_sample``
        (the opposite contact), ``end_sample``, ``start_time_s``,
        ``end_time_s``, ``bout``, ``stride_time_s``, ``step_length_m`` (the
        step that ends the stride, as in the motion-capture table),
        ``stride_length_m``,
        ``cadence_steps_per_min``, ``speed_m_per_s``,
        ``pelvic_tilt_excursion_deg``, ``pelvic_obliquity_excursion_deg``,
        ``pelvic_rotation_excursion_deg``.

    Raises
    ------
    MissingParameterError
        When ``sensor_height_m`` is not positive.
    """
    if sensor_height_m is not None and not sensor_height_m > 0:
        raise MissingParameterError(f"sensor_height_m must be positive, got {sensor_height_m}")
    contacts = lower_back_contacts(sensor)
    quats = estimate_orientation(sensor.acc_mps2, sensor.gyr_dps, sensor.rate_hz)
    samples = contacts["sample"].to_numpy()
    bout = contacts["bout"].to_numpy()
    if sensor_height_m is None:
        step_m = np.full(max(len(samples) - 1, 0), np.nan)
    else:
        acc_up = quat_rotate(quats, sensor.acc_mps2)[:, 2] - GRAVITY_MPS2
        excursion = _step_excursions_m(acc_up, sensor.rate_hz, samples)
        step_m = inverted_pendulum_step_length_m(excursion, sensor_height_m)
    first = np.flatnonzero((bout[:-2] >= 0) & (bout[:-2] == bout[2:]))
    start, end = samples[first], samples[first + 2]
    stride_time = (end - start) / sensor.rate_hz
    stride_length = step_m[first] + step_m[first + 1]
    angles = pelvis_angles_deg(sensor, quats)
    index, valid = window_index(start, end, len(angles))
    excursion = window_range(angles[index], valid)
    return pd.DataFrame(
        {
            "side": contacts["side"].to_numpy()[first],
            "start_sample": start,
            "middle_sample": samples[first + 1],
            "end_sample": end,
            "start_time_s": start / sensor.rate_hz,
            "end_time_s": end / sensor.rate_hz,
            "bout": bout[first],
            "stride_time_s": stride_time,
            "step_length_m": step_m[first + 1],
            "stride_length_m": stride_length,
            "cadence_steps_per_min": 120.0 / stride_time,
            "speed_m_per_s": stride_length / stride_time,
            "pelvic_tilt_excursion_deg": excursion[:, 0],
            "pelvic_obliquity_excursion_deg": excursion[:, 1],
            "pelvic_rotation_excursion_deg": excursion[:, 2],
        }
    )
