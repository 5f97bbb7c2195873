"""Quaternion algebra and attitude estimation, against scipy's Rotation and analytic motions."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from gaitlab.imu.orientation import (
    estimate_orientation,
    gravity_aligned_quat,
    integrate_gyroscope,
    quat_between,
    quat_conjugate,
    quat_from_matrix,
    quat_from_rotvec,
    quat_multiply,
    quat_rotate,
    quat_to_matrix,
)


def _scipy(q: np.ndarray) -> Rotation:
    return Rotation.from_quat(np.roll(q, -1, axis=-1))  # scipy is scalar-last


def _angle_deg(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Angle between orientations; the vector part avoids arccos's loss of precision near 1."""
    relative = quat_multiply(quat_conjugate(p), q)
    return np.degrees(
        2 * np.arctan2(np.linalg.norm(relative[..., 1:], axis=-1), np.abs(relative[..., 0]))
    )


@pytest.fixture
def random_quats() -> np.ndarray:
    return np.roll(Rotation.random(50, random_state=1).as_quat(), 1, axis=-1)


def test_algebra_matches_scipy(random_quats: np.ndarray) -> None:
    p, q = random_quats[:25], random_quats[25:]
    expected = (_scipy(p) * _scipy(q)).as_matrix()
    np.testing.assert_allclose(quat_to_matrix(quat_multiply(p, q)), expected, atol=1e-12)
    vectors = np.random.default_rng(2).normal(size=(25, 3))
    np.testing.assert_allclose(quat_rotate(p, vectors), _scipy(p).apply(vectors), atol=1e-12)
    rotvec = np.random.default_rng(3).normal(size=(25, 3))
    np.testing.assert_allclose(
        quat_to_matrix(quat_from_rotvec(rotvec)),
        Rotation.from_rotvec(rotvec).as_matrix(),
        atol=1e-12,
    )
    assert _angle_deg(quat_from_matrix(quat_to_matrix(p)), p).max() < 1e-9


def test_quat_between_and_gravity_alignment() -> None:
    a = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, -1.0], [0.3, -0.2, 9.0]])
    b = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    turned = quat_rotate(quat_between(a, b), a)
    np.testing.assert_allclose(
        turned / np.linalg.norm(turned, axis=1, keepdims=True), b, atol=1e-12
    )
    up = quat_rotate(gravity_aligned_quat(a), a)
    np.testing.assert_allclose(up[:, :2], 0.0, atol=1e-12)
    assert (up[:, 2] > 0).all()


def test_constant_rate_integrates_to_the_analytic_angle() -> None:
    rate_hz, axis = 200.0, np.array([1.0, -2.0, 0.5]) / np.linalg.norm([1.0, -2.0, 0.5])
    gyr = np.tile(90.0 * axis, (401, 1))  # 90 deg/s for 2 s
    q = integrate_gyroscope(gyr, rate_hz)
    expected = Rotation.from_rotvec(np.radians(180.0) * axis).as_matrix()
    np.testing.assert_allclose(quat_to_matrix(q[-1]), expected, atol=1e-9)


def test_prefix_scan_equals_the_sequential_product() -> None:
    rng = np.random.default_rng(4)
    gyr = rng.normal(0, 200, size=(37, 3))
    q = integrate_gyroscope(gyr, 100.0)
    steps = quat_from_rotvec(np.radians(0.5 * (gyr[1:] + gyr[:-1])) / 100.0)
    sequential = [np.array([1.0, 0, 0, 0])]
    for step in steps:
        sequential.append(quat_multiply(sequential[-1], step))
    assert _angle_deg(q, np.array(sequential)).max() < 1e-9


def test_complementary_filter_removes_tilt_drift_of_a_biased_gyroscope() -> None:
    rate_hz, n = 100.0, 6000
    t = np.arange(n) / rate_hz
    # Sensor swaying about x by 20 deg at 1 Hz, tilted 10 deg about y overall.
    roll = np.radians(20) * np.sin(2 * np.pi * t)
    truth = Rotation.from_euler("y", 10, degrees=True) * Rotation.from_euler("x", roll[:, None])
    gyr = np.column_stack(
        (np.degrees(np.radians(20) * 2 * np.pi * np.cos(2 * np.pi * t)), 0 * t, 0 * t)
    )
    acc = truth.inv().apply([0.0, 0.0, 9.81])  # slow sway: specific force ~ gravity
    biased = gyr + np.array([0.0, 1.0, 0.0])  # 1 deg/s bias: 60 deg of drift in 60 s
    q = estimate_orientation(acc, biased, rate_hz)
    up_est = quat_rotate(quat_conjugate(q), np.array([0.0, 0.0, 1.0]))
    up_true = truth.inv().apply([0.0, 0.0, 1.0])
    error = np.degrees(np.arccos(np.clip(np.sum(up_est * up_true, axis=1), -1, 1)))
    gyro_only = integrate_gyroscope(biased, rate_hz, initial=gravity_aligned_quat(acc[0]))
    drift = quat_rotate(quat_conjugate(gyro_only), np.array([0.0, 0.0, 1.0]))
    drift_error = np.degrees(np.arccos(np.clip(np.sum(drift * up_true, axis=1), -1, 1)))
    assert drift_error[-1] > 30.0  # the problem is real
    assert error[500:-500].max() < 2.0
