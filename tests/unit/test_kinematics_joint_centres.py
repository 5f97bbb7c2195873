"""Hip regressions and the chord function."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.errors import MissingParameterError
from gaitlab.kinematics.joint_centres import (
    asis_trochanter_distance_mm,
    chord_joint_centre,
    davis_hip_centre_pelvis_mm,
    harrington_hip_centre_pelvis_mm,
)


def test_chord_function_geometry():
    rng = np.random.default_rng(7)
    hjc = rng.normal(size=(40, 3)) * 20 + [0, 80, 900]
    kne = rng.normal(size=(40, 3)) * 20 + [0, 150, 480]
    thi = rng.normal(size=(40, 3)) * 20 + [40, 170, 700]
    offset = 57.0
    kjc = chord_joint_centre(thi.T, hjc.T, kne.T, offset).T
    # at the offset from the lateral marker
    np.testing.assert_allclose(np.linalg.norm(kjc - kne, axis=1), offset)
    # KJC-KNE perpendicular to KJC-HJC
    np.testing.assert_allclose(np.einsum("ij,ij->i", kjc - kne, kjc - hjc), 0.0, atol=1e-9)
    # in the plane of HJC, KNE and THI
    normal = np.cross(hjc - kne, thi - kne)
    np.testing.assert_allclose(np.einsum("ij,ij->i", kjc - kne, normal), 0.0, atol=1e-6)
    # on the side away from the wand
    axis = (hjc - kne) / np.linalg.norm(hjc - kne, axis=1, keepdims=True)
    wand = thi - kne - np.einsum("ij,ij->i", thi - kne, axis)[:, None] * axis
    assert (np.einsum("ij,ij->i", kjc - kne, wand) < 0).all()


def test_chord_function_rejects_a_missing_width():
    with pytest.raises(MissingParameterError, match="positive joint offset"):
        chord_joint_centre(np.zeros((3, 1)), np.ones((3, 1)), np.zeros((3, 1)), 0.0)


def test_davis_hip_centre_by_hand():
    # Davis 1991 with LL 900, IAD 250, ASIS-troch 67.36, r 7, by hand:
    c = 0.115 * 900 - 15.3
    depth = 67.36 + 7
    expected = [
        c * np.cos(0.5) * np.sin(0.314) - depth * np.cos(0.314),
        -(c * np.sin(0.5) - 125.0),
        -c * np.cos(0.5) * np.cos(0.314) - depth * np.sin(0.314),
    ]
    left = davis_hip_centre_pelvis_mm("left", 900, 250, 67.36, 7)
    right = davis_hip_centre_pelvis_mm("right", 900, 250, 67.36, 7)
    np.testing.assert_allclose(left, expected)
    np.testing.assert_allclose(right, [expected[0], -expected[1], expected[2]])
    assert left[1] > 0 and left[0] < 0 and left[2] < 0  # lateral, posterior, inferior
    assert asis_trochanter_distance_mm(900) == pytest.approx(67.36)


def test_harrington_hip_centre_by_hand():
    left = harrington_hip_centre_pelvis_mm("left", 250, 150, 900, 7, base_plate_mm=2)
    np.testing.assert_allclose(
        left, [-0.24 * 150 - 9.9 - 9, 0.28 * 150 + 0.16 * 250 + 7.9, -0.16 * 250 - 0.04 * 900 - 7.1]
    )
    right = harrington_hip_centre_pelvis_mm("right", 250, 150, 900, 7, base_plate_mm=2)
    assert right[1] == pytest.approx(-left[1])
