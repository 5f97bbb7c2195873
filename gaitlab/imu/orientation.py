"""Attitude of an inertial sensor from its gyroscope and accelerometer.

Quaternions are numpy arrays ``(..., 4)`` in Hamilton convention, scalar
first ``(w, x, y, z)``; a quaternion ``q`` maps sensor-frame vectors to the
world frame, ``v_world = q * v_sensor * conj(q)``. The world frame has Z up
(gravity along -Z); its heading is arbitrary (no magnetometer is used).

Everything is vectorised over the leading axes: the time integration of the
gyroscope is a parallel prefix product (Hillis & Steele 1986 scan) in
``ceil(log2(n))`` numpy steps instead of a per-sample loop. That is why a
hand-written estimator is used rather than the ``ahrs`` package, whose
filters (Madgwick, Mahony ...) step through the samples in a Python loop:
an hour of two 200 Hz sensors (1.4 million samples) would take far longer
than the 10 s budget, while the scan integrates it in about a second.

:func:`estimate_orientation` is a zero-phase complementary filter: the
attitude follows the integrated gyroscope at high frequency, and its tilt is
pulled towards the accelerometer's gravity direction at low frequency
(the complementary-filter principle of Mahony, Hamel & Pflimlin 2008,
IEEE Trans Automat Contr 53:1203, applied offline and non-causally).
"""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, sosfiltfilt

__all__ = [
    "GRAVITY_MPS2",
    "quat_multiply",
    "quat_conjugate",
    "quat_rotate",
    "quat_from_rotvec",
    "quat_to_matrix",
    "quat_from_matrix",
    "quat_between",
    "integrate_gyroscope",
    "gravity_aligned_quat",
    "estimate_orientation",
    "low_pass_zero_lag",
]

#: Standard gravity, m/s^2.
GRAVITY_MPS2 = 9.81
_UP = np.array([0.0, 0.0, 1.0])


def quat_multiply(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Return the Hamilton product ``p * q`` of quaternion arrays ``(..., 4)`` (broadcasting)."""
    pw, px, py, pz = np.moveaxis(np.asarray(p, dtype=float), -1, 0)
    qw, qx, qy, qz = np.moveaxis(np.asarray(q, dtype=float), -1, 0)
    return np.stack(
        (
            pw * qw - px * qx - py * qy - pz * qz,
            pw * qx + px * qw + py * qz - pz * qy,
            pw * qy - px * qz + py * qw + pz * qx,
            pw * qz + px * qy - py * qx + pz * qw,
        ),
        axis=-1,
    )


def quat_conjugate(q: np.ndarray) -> np.ndarray:
    """Return the conjugate (inverse of a unit quaternion) of ``q`` ``(..., 4)``."""
    return np.asarray(q, dtype=float) * np.array([1.0, -1.0, -1.0, -1.0])


def quat_rotate(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Rotate vectors ``v`` ``(..., 3)`` by unit quaternions ``q`` ``(..., 4)``."""
    q = np.asarray(q, dtype=float)
    v = np.asarray(v, dtype=float)
    w = q[..., :1]
    u = q[..., 1:]
    t = 2.0 * np.cross(u, v)
    return v + w * t + np.cross(u, t)


def quat_from_rotvec(rotvec: np.ndarray) -> np.ndarray:
    """Return the unit quaternions of rotation vectors ``(..., 3)`` (axis * angle in rad)."""
    rotvec = np.asarray(rotvec, dtype=float)
    angle = np.linalg.norm(rotvec, axis=-1, keepdims=True)
    half = 0.5 * angle
    # sin(x/2)/x with its Taylor series near 0, so that tiny rotations stay exact.
    small = angle < 1e-6
    scale = np.where(small, 0.5 - angle**2 / 48.0, np.sin(half) / np.where(small, 1.0, angle))
    return np.concatenate((np.cos(half), rotvec * scale), axis=-1)


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    """Return the rotation matrices ``(..., 3, 3)`` of unit quaternions ``(..., 4)``."""
    w, x, y, z = np.moveaxis(np.asarray(q, dtype=float), -1, 0)
    return np.stack(
        (
            np.stack((1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)), -1),
            np.stack((2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)), -1),
            np.stack((2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)), -1),
        ),
        axis=-2,
    )


def quat_from_matrix(matrix: np.ndarray) -> np.ndarray:
    """Return unit quaternions ``(..., 4)`` (w >= 0) of rotation matrices ``(..., 3, 3)``.

    Uses Shepperd's method (J Guid Control 1978), choosing per matrix the
    largest of the four squared components for numerical stability.
    """
    m = np.asarray(matrix, dtype=float)
    trace = m[..., 0, 0] + m[..., 1, 1] + m[..., 2, 2]
    candidates = np.stack((trace, m[..., 0, 0], m[..., 1, 1], m[..., 2, 2]), axis=-1)
    choice = np.argmax(candidates, axis=-1)
    q = np.empty((*m.shape[:-2], 4))
    s = np.sqrt(np.maximum(1.0 + 2.0 * candidates.max(axis=-1) - trace, 1e-300)) * 2.0
    rows = (
        (s / 4, (m[..., 2, 1] - m[..., 1, 2]) / s, (m[..., 0, 2] - m[..., 2, 0]) / s,
         (m[..., 1, 0] - m[..., 0, 1]) / s),
        ((m[..., 2, 1] - m[..., 1, 2]) / s, s / 4, (m[..., 0, 1] + m[..., 1, 0]) / s,
         (m[..., 0, 2] + m[..., 2, 0]) / s),
        ((m[..., 0, 2] - m[..., 2, 0]) / s, (m[..., 0, 1] + m[..., 1, 0]) / s, s / 4,
         (m[..., 1, 2] + m[..., 2, 1]) / s),
        ((m[..., 1, 0] - m[..., 0, 1]) / s, (m[..., 0, 2] + m[..., 2, 0]) / s,
         (m[..., 1, 2] + m[..., 2, 1]) / s, s / 4),
    )  # fmt: skip
    for k, row in enumerate(rows):
        mask = choice == k
        q[mask] = np.stack(row, axis=-1)[mask]
    return q * np.where(q[..., :1] < 0, -1.0, 1.0)


def quat_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the smallest rotation taking directions ``a`` to ``b`` (both ``(..., 3)``).

    Opposite vectors get a half turn about an axis perpendicular to ``a``.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    w = 1.0 + np.sum(a * b, axis=-1, keepdims=True)
    axis = np.cross(a, b)
    opposite = w[..., 0] < 1e-12
    if np.any(opposite):
        helper = np.where(np.abs(a[..., :1]) < 0.9, [1.0, 0.0, 0.0], [0.0, 1.0, 0.0])
        perpendicular = np.cross(a, helper)
        perpendicular /= np.linalg.norm(perpendicular, axis=-1, keepdims=True)
        axis = np.where(opposite[..., None], perpendicular, axis)
        w = np.where(opposite[..., None], 0.0, w)
    q = np.concatenate((w, axis), axis=-1)
    return q / np.linalg.norm(q, axis=-1, keepdims=True)


def _prefix_product(q: np.ndarray) -> np.ndarray:
    """Inclusive prefix product along axis -2: ``out[k] = q[0] * q[1] * ... * q[k]``.

    Works on the four components as separate contiguous arrays (much faster
    than strided ``(..., 4)`` views on long recordings).
    """
    w, x, y, z = (np.ascontiguousarray(q[..., k]) for k in range(4))
    n = w.shape[-1]
    shift = 1
    while shift < n:
        pw, px, py, pz = (c[..., :-shift] for c in (w, x, y, z))
        qw, qx, qy, qz = (c[..., shift:] for c in (w, x, y, z))
        product = (
            pw * qw - px * qx - py * qy - pz * qz,
            pw * qx + px * qw + py * qz - pz * qy,
            pw * qy - px * qz + py * qw + pz * qx,
            pw * qz + px * qy - py * qx + pz * qw,
        )
        for component, value in zip((w, x, y, z), product, strict=True):
            component[..., shift:] = value
        shift *= 2
    out = np.stack((w, x, y, z), axis=-1)
    return out / np.linalg.norm(out, axis=-1, keepdims=True)


def integrate_gyroscope(
    gyr_dps: np.ndarray, rate_hz: float, initial: np.ndarray | None = None
) -> np.ndarray:
    """Integrate angular rate into orientation (strapdown attitude).

    Parameters
    ----------
    gyr_dps
        ``(..., n_samples, 3)`` angular rate in the sensor frame, deg/s.
    rate_hz
        Sampling rate.
    initial
        ``(..., 4)`` orientation at sample 0 (identity by default).

    Returns
    -------
    numpy.ndarray
        ``(..., n_samples, 4)`` sensor-to-world quaternions; the rotation from
        sample ``k-1`` to ``k`` uses the mean rate of the two samples
        (trapezoidal rule, second-order accurate).
    """
    omega = np.deg2rad(np.asarray(gyr_dps, dtype=float))
    steps = np.empty((*omega.shape[:-1], 4))
    steps[..., 0, :] = (1.0, 0.0, 0.0, 0.0)
    if initial is not None:
        steps[..., 0, :] = initial
    if omega.shape[-2] > 1:
        mean_rate = 0.5 * (omega[..., 1:, :] + omega[..., :-1, :])
        steps[..., 1:, :] = quat_from_rotvec(mean_rate / rate_hz)
    return _prefix_product(steps)


def gravity_aligned_quat(acc_mps2: np.ndarray) -> np.ndarray:
    """Return the heading-free orientation that turns the measured gravity up.

    Parameters
    ----------
    acc_mps2
        ``(..., 3)`` specific force of a sensor at rest (it points up).

    Returns
    -------
    numpy.ndarray
        ``(..., 4)`` smallest rotation taking ``acc_mps2`` to world +Z.
    """
    acc = np.asarray(acc_mps2, dtype=float)
    return quat_between(acc, np.broadcast_to(_UP, acc.shape))


def low_pass_zero_lag(values: np.ndarray, rate_hz: float, cutoff_hz: float) -> np.ndarray:
    """Zero-lag low-pass along axis 0, padding each end with its mean over one period.

    Padding with the local mean (rather than reflecting the end samples, as
    ``filtfilt`` does) keeps a single end sample of a walking signal from
    biasing the slow component of a short recording.
    """
    n = len(values)
    if n < 3 or not 0 < cutoff_hz < 0.5 * rate_hz:
        return np.broadcast_to(values.mean(axis=0), values.shape)
    span = max(1, min(n, int(round(rate_hz / cutoff_hz))))
    pad = 3 * span
    padded = np.concatenate(
        (
            np.repeat(values[:span].mean(axis=0, keepdims=True), pad, axis=0),
            values,
            np.repeat(values[-span:].mean(axis=0, keepdims=True), pad, axis=0),
        )
    )
    sos = butter(2, cutoff_hz, btype="low", fs=rate_hz, output="sos")
    return sosfiltfilt(sos, padded, axis=0, padtype=None)[pad : pad + n]


def estimate_orientation(
    acc_mps2: np.ndarray,
    gyr_dps: np.ndarray,
    rate_hz: float,
    tilt_cutoff_hz: float = 0.05,
) -> np.ndarray:
    """Estimate sensor orientation with a zero-phase complementary filter.

    The gyroscope is integrated from a gravity-aligned start; the
    accelerometer, rotated into that drifting world frame and low-pass
    filtered (zero lag) below ``tilt_cutoff_hz``, gives the direction the
    integrated frame believes to be "up". A smooth correction rotation takes
    that direction back to +Z at every sample, so tilt cannot drift while
    the fast motion comes from the gyroscope alone. Heading is not corrected.

    Parameters
    ----------
    acc_mps2, gyr_dps
        ``(n_samples, 3)`` specific force (m/s^2) and angular rate (deg/s) in
        the sensor frame.
    rate_hz
        Sampling rate.
    tilt_cutoff_hz
        Cut-off of the accelerometer's low-pass branch; well below the step
        frequency so that walking accelerations average out.

    Returns
    -------
    numpy.ndarray
        ``(n_samples, 4)`` sensor-to-world quaternions.
    """
    acc = np.asarray(acc_mps2, dtype=float)
    n_start = max(1, min(len(acc), int(round(0.25 * rate_hz))))
    start = gravity_aligned_quat(acc[:n_start].mean(axis=0))
    q_gyro = integrate_gyroscope(gyr_dps, rate_hz, initial=start)
    acc_world = quat_rotate(q_gyro, acc)
    up_believed = low_pass_zero_lag(acc_world, rate_hz, tilt_cutoff_hz)
    correction = gravity_aligned_quat(up_believed)
    q = quat_multiply(correction, q_gyro)
    return q / np.linalg.norm(q, axis=-1, keepdims=True)
