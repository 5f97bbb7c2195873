"""Virtual IMUs on the synthetic body: exact accelerometer and gyroscope signals.

A sensor rigidly attached to a segment with pose ``(R_seg, o_seg)`` sits at
``p = o_seg + R_seg @ offset`` with orientation ``R = R_seg @ R_mount``. Its
signals are

* ``acc = R^T (d2p/dt2 + g_up)`` -- specific force in the sensor frame, m/s^2
  (``g_up = (0, 0, 9.81)``: a sensor at rest reads +9.81 along world up);
* ``gyr = angular velocity of R in the sensor frame``, deg/s.

Poses are given at the point rate; positions are interpolated with cubic
splines and rotations with :class:`scipy.spatial.transform.RotationSpline`
(whose derivatives give the angular rate), then sampled at ``rate_hz``.
Optional white noise and constant bias model a real sensor.

Mounts (sensor frames) used by :func:`add_imu_sensors`:

* feet: ``"gaitmap_foot"`` (x toward the toes, y left, z up when the foot
  is flat), on the instep;
* lower back: ``"mobilised_lower_back"`` (x up, y right, z forward), on the
  sacrum;
* thighs: ``"synthetic_thigh"`` = the femur frame (x anterior, y left,
  z proximal), on the lateral mid-thigh.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.spatial.transform import Rotation, RotationSpline

from gaitlab.errors import GaitlabError
from gaitlab.imu.orientation import GRAVITY_MPS2
from gaitlab.synthetic.truth import GroundTruth
from gaitlab.trial import ImuSensor, Trial

__all__ = [
    "ImuNoise",
    "virtual_imu",
    "add_imu_sensors",
    "foot_walk_imu",
    "IMU_LOCATIONS",
    "MOUNTS",
]

#: Locations :func:`add_imu_sensors` can place.
IMU_LOCATIONS = ("left_foot", "right_foot", "lower_back", "left_thigh", "right_thigh")

#: Per segment kind: (frame name, rotation sensor -> segment (columns = sensor axes in
#: the segment frame), offset from the segment origin in the segment frame, mm).
MOUNTS: dict[str, tuple[str, np.ndarray, np.ndarray]] = {
    # Plug-in Gait foot: origin TOE, Z toe -> ankle, X up when flat, Y left.
    "foot": (
        "gaitmap_foot",
        np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]]),
        np.array([40.0, 0.0, 80.0]),
    ),
    # Pelvis: origin mid-ASIS, X anterior, Y left, Z up; sensor on the sacrum.
    "pelvis": (
        "mobilised_lower_back",
        np.array([[0.0, 0.0, 1.0], [0.0, -1.0, 0.0], [1.0, 0.0, 0.0]]),
        np.array([-160.0, 0.0, 0.0]),
    ),
    # Femur: origin hip centre, X anterior, Y left, Z proximal.
    "femur": ("synthetic_thigh", np.eye(3), np.array([0.0, 0.0, -200.0])),
}


@dataclass(frozen=True)
class ImuNoise:
    """Sensor imperfections added to the exact signals.

    Attributes
    ----------
    acc_sd_mps2, gyr_sd_dps
        Standard deviation of white noise per sample.
    acc_bias_mps2, gyr_bias_dps
        Constant bias (same on every axis, sign drawn per axis).
    """

    acc_sd_mps2: float = 0.0
    gyr_sd_dps: float = 0.0
    acc_bias_mps2: float = 0.0
    gyr_bias_dps: float = 0.0

    @classmethod
    def realistic(cls) -> ImuNoise:
        """Return the imperfections of a calibrated consumer MEMS IMU (datasheet orders)."""
        return cls(acc_sd_mps2=0.05, gyr_sd_dps=0.5, acc_bias_mps2=0.05, gyr_bias_dps=0.5)


def _with_noise(
    acc: np.ndarray, gyr: np.ndarray, noise: ImuNoise | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Add constant bias (random sign per axis) and white noise."""
    if noise is None:
        return acc, gyr
    rng = np.random.default_rng(seed)
    acc = acc + noise.acc_bias_mps2 * rng.choice((-1.0, 1.0), 3)
    gyr = gyr + noise.gyr_bias_dps * rng.choice((-1.0, 1.0), 3)
    acc = acc + rng.normal(0.0, noise.acc_sd_mps2, acc.shape)
    gyr = gyr + rng.normal(0.0, noise.gyr_sd_dps, gyr.shape)
    return acc, gyr


def virtual_imu(
    rotations: np.ndarray,
    origins_mm: np.ndarray,
    point_rate_hz: float,
    rate_hz: float | None = None,
    mount_rotation: np.ndarray | None = None,
    offset_mm: Sequence[float] | np.ndarray = (0.0, 0.0, 0.0),
    noise: ImuNoise | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Compute the signals of a sensor attached to a moving segment.

    Parameters
    ----------
    rotations
        ``(n_frames, 3, 3)`` segment-to-lab rotations at the point rate.
    origins_mm
        ``(n_frames, 3)`` segment origin in the lab, mm.
    point_rate_hz
        Rate of the poses.
    rate_hz
        Sensor rate (default: the point rate).
    mount_rotation
        ``(3, 3)`` sensor-to-segment rotation (identity by default).
    offset_mm
        Sensor position in the segment frame, mm.
    noise
        Imperfections to add (none by default).
    seed
        Seed of the noise and bias signs.

    Returns
    -------
    acc_mps2, gyr_dps
        ``(n_samples, 3)`` specific force and angular rate in the sensor frame.
    """
    n_frames = len(rotations)
    times = np.arange(n_frames) / point_rate_hz
    rate = point_rate_hz if rate_hz is None else rate_hz
    samples = np.arange(int(np.floor(times[-1] * rate)) + 1) / rate
    mount = np.eye(3) if mount_rotation is None else np.asarray(mount_rotation, dtype=float)
    sensor_rotations = np.einsum("nij,jk->nik", rotations, mount)
    positions_m = (origins_mm + np.einsum("nij,j->ni", rotations, np.asarray(offset_mm))) / 1000.0
    spline = RotationSpline(times, Rotation.from_matrix(sensor_rotations))
    rotation_at = spline(samples).as_matrix()
    # RotationSpline's first derivative is the angular rate in the rotating (sensor) frame.
    gyr_rad = spline(samples, 1)
    acc_lab = CubicSpline(times, positions_m, axis=0)(samples, 2)
    acc_lab[:, 2] += GRAVITY_MPS2
    acc = np.einsum("nji,nj->ni", rotation_at, acc_lab)
    gyr = np.degrees(gyr_rad)
    return _with_noise(acc, gyr, noise, seed)


def add_imu_sensors(
    trial: Trial,
    truth: GroundTruth,
    locations: Sequence[str] = IMU_LOCATIONS,
    rate_hz: float | None = None,
    noise: ImuNoise | None = None,
    seed: int = 0,
) -> Trial:
    """Return ``trial`` with virtual IMUs on the synthetic body.

    Parameters
    ----------
    trial, truth
        From :func:`gaitlab.synthetic.make_walking_trial`.
    locations
        Any of :data:`IMU_LOCATIONS`.
    rate_hz
        Sensor rate (default: the trial's point rate). The sensors start at
        the trial's first frame.
    noise
        Imperfections (see :class:`ImuNoise`); exact signals by default.
    seed
        Seed of the noise (each sensor gets its own stream).

    Returns
    -------
    Trial
        A copy with ``imu`` holding one :class:`ImuSensor` per location; the
        sensor frames are listed in the module docstring. The lower-back
        sensor's height above the floor at the first frame is stored as
        ``subject.extra["sensor_height_mm"]``.

    Raises
    ------
    GaitlabError
        When a location is unknown.
    """
    poses = truth.poses
    unknown = [x for x in locations if x not in IMU_LOCATIONS]
    if unknown:
        raise GaitlabError(f"unknown IMU locations {unknown}; expected any of {IMU_LOCATIONS}")
    sensors = dict(trial.imu)
    extra = dict(trial.subject.extra)
    for number, location in enumerate(locations):
        side, _, segment = location.partition("_")
        if location == "lower_back":
            kind, rotations, origins = "pelvis", poses.pelvis_rotation, poses.pelvis_origin_mm
        elif segment == "foot":
            kind, rotations, origins = "foot", poses.foot_rotation[side], poses.toe_mm[side]
        else:
            kind, rotations, origins = (
                "femur",
                poses.femur_rotation[side],
                poses.hip_centre_mm[side],
            )
        frame, mount, offset = MOUNTS[kind]
        acc, gyr = virtual_imu(
            rotations, origins, trial.point_rate_hz, rate_hz, mount, offset, noise, seed + number
        )
        sensors[location] = ImuSensor(
            acc_mps2=acc,
            gyr_dps=gyr,
            rate_hz=rate_hz or trial.point_rate_hz,
            frame=frame,
            location=location,
        )
        if location == "lower_back":
            extra["sensor_height_mm"] = float((origins[0] + rotations[0] @ offset)[2])
    subject = dataclasses.replace(trial.subject, extra=extra)
    return dataclasses.replace(trial, imu=sensors, subject=subject)


def _min_jerk(
    times_s: np.ndarray, key_times_s: np.ndarray, key_values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value, first and second derivative of minimum-jerk moves between key frames.

    Between two key frames the value follows ``y0 + (y1 - y0) (10 s^3 - 15 s^4 + 6 s^5)``
    (Flash & Hogan 1985), so velocity and acceleration are 0 at every key frame.
    """
    k = np.clip(np.searchsorted(key_times_s, times_s, side="right") - 1, 0, len(key_times_s) - 2)
    duration = key_times_s[k + 1] - key_times_s[k]
    s = np.clip((times_s - key_times_s[k]) / duration, 0.0, 1.0)
    change = key_values[k + 1] - key_values[k]
    value = key_values[k] + change * (10 * s**3 - 15 * s**4 + 6 * s**5)
    rate = change / duration * (30 * s**2 - 60 * s**3 + 30 * s**4)
    acceleration = change / duration**2 * (60 * s - 180 * s**2 + 120 * s**3)
    return value, rate, acceleration


def foot_walk_imu(
    n_strides: int = 10,
    stride_length_m: float = 1.4,
    stride_time_s: float = 1.1,
    rate_hz: float = 200.0,
    start_delay_s: float = 0.0,
    noise: ImuNoise | None = None,
    seed: int = 0,
) -> tuple[ImuSensor, dict[str, np.ndarray]]:
    """Exact IMU signals of a rigid foot walking straight with a still stance.

    Each stride (fractions of ``stride_time_s``): still until 0.27; the foot
    pitches toe-down to +35 deg by 0.56 (push-off; foot off at the pitch
    maximum), swings toe-up to -20 deg by 0.86 while moving forward
    ``stride_length_m`` (0.40-0.86) and rising 0.12 m (0.45-0.86, up then
    down); heel strike is the pitch minimum at 0.86; the foot lands flat by
    0.95 and stays still. The sensor is at the rotation centre, in the
    ``"gaitmap_foot"`` frame (x forward, y left, z up when flat).

    Parameters
    ----------
    n_strides, stride_length_m, stride_time_s
        The walk.
    rate_hz
        Sensor rate.
    start_delay_s
        Still time before the first stride (e.g. half a stride for the other foot).
    noise, seed
        Sensor imperfections (see :class:`ImuNoise`).

    Returns
    -------
    sensor
        The :class:`ImuSensor` (location ``""``).
    truth
        ``foot_strike_s``, ``foot_off_s`` (times of every stride) and
        ``position_m`` (``(n_samples, 3)`` sensor path).
    """
    stride_keys = np.array([0.0, 0.27, 0.56, 0.86, 0.95, 1.0])
    pitch_keys_deg = np.array([0.0, 0.0, 35.0, -20.0, 0.0, 0.0])
    forward_keys = np.array([0.0, 0.40, 0.86, 1.0])
    height_keys = np.array([0.0, 0.45, 0.655, 0.86, 1.0])
    total_s = start_delay_s + (n_strides + 0.5) * stride_time_s
    times = np.arange(int(total_s * rate_hz)) / rate_hz
    strides = np.arange(n_strides)
    base = start_delay_s + strides[:, None] * stride_time_s

    def keyed(fractions: np.ndarray, per_stride: np.ndarray, step: float) -> tuple:
        key_t = np.concatenate(([0.0], (base + fractions * stride_time_s).ravel(), [total_s + 1]))
        values = (per_stride[None, :] + step * strides[:, None]).ravel()
        key_v = np.concatenate(([values[0]], values, [values[-1]]))
        return _min_jerk(times, key_t, key_v)

    pitch, pitch_rate, _ = keyed(stride_keys, np.radians(pitch_keys_deg), 0.0)
    x, _, x_acc = keyed(
        forward_keys, np.array([0.0, 0.0, stride_length_m, stride_length_m]), stride_length_m
    )
    z, _, z_acc = keyed(height_keys, np.array([0.0, 0.0, 0.12, 0.0, 0.0]), 0.0)
    force = np.column_stack((x_acc, np.zeros_like(x_acc), z_acc + GRAVITY_MPS2))
    cos, sin = np.cos(pitch), np.sin(pitch)
    # acc = Ry(pitch)^T force; Ry maps x to (cos, 0, -sin) (positive pitch = toe down).
    acc = np.column_stack(
        (cos * force[:, 0] - sin * force[:, 2], force[:, 1], sin * force[:, 0] + cos * force[:, 2])
    )
    gyr = np.column_stack((np.zeros_like(pitch), np.degrees(pitch_rate), np.zeros_like(pitch)))
    acc, gyr = _with_noise(acc, gyr, noise, seed)
    sensor = ImuSensor(acc_mps2=acc, gyr_dps=gyr, rate_hz=rate_hz, frame="gaitmap_foot")
    truth = {
        "foot_strike_s": (base[:, 0] + 0.86 * stride_time_s),
        "foot_off_s": (base[:, 0] + 0.56 * stride_time_s),
        "position_m": np.column_stack((x, np.zeros_like(x), z)),
    }
    return sensor, truth
