"""Cardan decomposition and Plug-in Gait sign conventions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaitlab.kinematics.angles import cardan_yxz_deg, clinical_angles_deg
from gaitlab.kinematics.frames import frame_from_axes, rot_x, rot_y, rot_z, to_frame_first

angle = st.floats(-170, 170)


@settings(max_examples=200, deadline=None)
@given(angle, st.floats(-85, 85), angle)
def test_cardan_yxz_recovers_the_angles(a, b, c):
    parent = rot_z(0.3) @ rot_x(-0.2)  # any parent frame
    child = parent @ rot_y(np.radians(a)) @ rot_x(np.radians(b)) @ rot_z(np.radians(c))
    np.testing.assert_allclose(cardan_yxz_deg(parent, child), [a, b, c], atol=1e-7)


def test_frame_from_axes_is_right_handed_and_keeps_the_primary_axis():
    rng = np.random.default_rng(1)
    primary, secondary = rng.normal(size=(50, 3)), rng.normal(size=(50, 3))
    for order in ("ZY", "YX", "ZX", "XZ", "YZ", "XY"):
        r = to_frame_first(frame_from_axes(primary.T, secondary.T, order))
        np.testing.assert_allclose(
            r.transpose(0, 2, 1) @ r, np.broadcast_to(np.eye(3), r.shape), atol=1e-12
        )
        np.testing.assert_allclose(np.linalg.det(r), 1.0, atol=1e-12)
        first = "XYZ".index(order[0])
        unit = primary / np.linalg.norm(primary, axis=1, keepdims=True)
        np.testing.assert_allclose(r[:, :, first], unit, atol=1e-12)


def _child(rotation):
    return (np.eye(3) @ rotation)[None]


@pytest.mark.parametrize("side", ["left", "right"])
def test_hip_flexion_adduction_internal_rotation_are_positive_on_both_sides(side):
    # thigh (Z up from knee to hip) with the knee moved forward: flexion
    flexed = rot_y(np.radians(-30))  # Z tilts backwards at the top = knee forward
    hip = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(flexed)), "HipAngles", side)
    assert hip[0, 0] == pytest.approx(30.0)
    # adduction: the knee moves towards the midline (right knee to +Y, left knee to -Y)
    medial = 1.0 if side == "right" else -1.0
    adducted = rot_x(np.radians(10) * medial)
    hip = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(adducted)), "HipAngles", side)
    assert hip[0, 1] == pytest.approx(10.0)
    # internal rotation: anterior axis turns medially
    internal = rot_z(np.radians(15) * medial)
    hip = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(internal)), "HipAngles", side)
    assert hip[0, 2] == pytest.approx(15.0)


@pytest.mark.parametrize("side", ["left", "right"])
def test_anterior_pelvic_tilt_and_knee_flexion_are_positive(side):
    tilted = rot_y(np.radians(12))  # anterior axis points down
    pelvis = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(tilted)), "PelvisAngles", side)
    assert pelvis[0, 0] == pytest.approx(12.0)
    bent = rot_y(np.radians(40))  # shank Z leans forward at the knee: ankle goes back
    knee = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(bent)), "KneeAngles", side)
    assert knee[0, 0] == pytest.approx(40.0)


@pytest.mark.parametrize("side", ["left", "right"])
def test_ankle_neutral_is_zero_and_dorsiflexion_positive(side):
    # foot frame: Z along the foot (toe to ankle, i.e. backwards), X up
    neutral = rot_y(np.radians(-90))
    ankle = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(neutral)), "AnkleAngles", side)
    np.testing.assert_allclose(ankle, [[0.0, 0.0, 0.0]], atol=1e-9)
    # dorsiflexion: toe rises, so the foot's backward Z axis tilts down
    dorsi = rot_y(np.radians(-90 - 10))
    ankle = clinical_angles_deg(cardan_yxz_deg(np.eye(3), _child(dorsi)), "AnkleAngles", side)
    assert ankle[0, 0] == pytest.approx(10.0)
