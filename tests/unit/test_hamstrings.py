"""Hamstring lengths on synthetic poses with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.errors import MissingParameterError
from gaitlab.hamstrings import hamstring_lengths, hamstring_measures, sagittal_lengths

FEMUR_MM = 400.0
SHANK_MM = 430.0  # = model tibia length -> tibia scale 1
HALF_PELVIS_MM = 83.5  # model hip centres are 2 x 83.5 mm apart -> pelvis scale 1


def _pose(hip_flexion_deg: float, knee_flexion_deg: float):
    """Both legs with the same hip and knee flexion, pelvis level and aligned with the lab."""
    th = np.deg2rad(hip_flexion_deg)
    sh = np.deg2rad(hip_flexion_deg - knee_flexion_deg)  # shank angle from vertical
    rotations = {"pelvis": np.eye(3)[None]}
    centres = {}
    for side, y in (("left", HALF_PELVIS_MM), ("right", -HALF_PELVIS_MM)):
        hip = np.array([0.0, y, 0.0])
        knee = hip + FEMUR_MM * np.array([np.sin(th), 0.0, -np.cos(th)])
        ankle = knee + SHANK_MM * np.array([np.sin(sh), 0.0, -np.cos(sh)])
        # tibia frame columns: X forward, Y left, Z from ankle to knee
        tibia = np.array(
            [[np.cos(sh), 0.0, -np.sin(sh)], [0.0, 1.0, 0.0], [np.sin(sh), 0.0, np.cos(sh)]]
        )
        rotations[f"{side}_tibia_untorsioned"] = tibia[None]
        centres.update(
            {f"{side}_hip": hip[None], f"{side}_knee": knee[None], f"{side}_ankle": ankle[None]}
        )
    flexion = {"left": np.array([knee_flexion_deg]), "right": np.array([knee_flexion_deg])}
    return rotations, centres, flexion


def _biceps_right_mm(hip_flexion_deg: float, knee_flexion_deg: float) -> float:
    """Hand computation for bifemlh_r (Gait2392) in PiG axes (x, -z, y), mm."""
    rotations, centres, _ = _pose(hip_flexion_deg, knee_flexion_deg)
    # origin relative to the model hip centre (-0.0707, -0.0661, 0.0835):
    # (-0.12596 + 0.0707, -0.10257 + 0.0661, 0.06944 - 0.0835) m -> PiG mm:
    origin = centres["right_hip"][0] + np.array([-55.26, 14.06, -36.47])
    tibia = rotations["right_tibia_untorsioned"][0]
    knee = centres["right_knee"][0]
    p2 = knee + tibia @ np.array([-30.10, -29.43, -36.00])  # (-0.0301, -0.036, 0.02943)
    p3 = knee + tibia @ np.array([-23.40, -34.30, -56.30])  # (-0.0234, -0.0563, 0.0343)
    return float(np.linalg.norm(p2 - origin) + np.linalg.norm(p3 - p2))


def test_neutral_pose_is_one():
    lengths = hamstring_lengths(*_pose(0.0, 0.0))
    assert sorted(lengths.columns) == sorted(
        f"{p}{m}Length"
        for p in "LR"
        for m in ("Semimembranosus", "Semitendinosus", "BicepsFemorisLH")
    )
    np.testing.assert_allclose(lengths.to_numpy(), 1.0, atol=1e-12)


@pytest.mark.parametrize(("hip", "knee"), [(90.0, 0.0), (30.0, 5.0), (20.0, 60.0), (-10.0, 0.0)])
def test_biceps_femoris_matches_hand_computation(hip, knee):
    lengths = hamstring_lengths(*_pose(hip, knee))
    expected = _biceps_right_mm(hip, knee) / _biceps_right_mm(0.0, 0.0)
    assert lengths["RBicepsFemorisLHLength"].iloc[0] == pytest.approx(expected, rel=1e-9)
    # the left side mirrors the right in a symmetric pose
    assert lengths["LBicepsFemorisLHLength"].iloc[0] == pytest.approx(expected, rel=1e-9)


def test_semimembranosus_via_point_switches_with_knee_flexion():
    rotations, centres, _ = _pose(0.0, 0.0)
    origin = centres["right_hip"][0] + np.array([-48.50, 11.99, -31.37])  # semimem_r-P1 - hip
    knee = centres["right_knee"][0]
    via = knee + np.array([-34.80, 18.91, -35.19])  # semimem_r-P2 (-0.0348,-0.03519,-0.01891)
    insertion = knee + np.array([-27.00, 19.57, -47.71])  # semimem_r-P3
    with_via = np.linalg.norm(via - origin) + np.linalg.norm(insertion - via)
    straight = np.linalg.norm(insertion - origin)
    neutral = hamstring_lengths(rotations, centres, {"left": np.zeros(1), "right": np.zeros(1)})
    assert neutral["RSemimembranosusLength"].iloc[0] == pytest.approx(1.0)
    # same pose, but a knee flexion reading beyond 32 deg drops the via point
    beyond = hamstring_lengths(rotations, centres, {"left": np.zeros(1), "right": np.array([40.0])})
    assert beyond["RSemimembranosusLength"].iloc[0] == pytest.approx(straight / with_via)


def test_hip_flexion_lengthens_knee_flexion_shortens():
    base = hamstring_lengths(*_pose(30.0, 0.0)).iloc[0]
    more_hip = hamstring_lengths(*_pose(45.0, 0.0)).iloc[0]
    more_knee = hamstring_lengths(*_pose(30.0, 30.0)).iloc[0]
    assert (more_hip > base).all()
    assert (more_knee < base).all()
    # late-swing pose (hip 30, knee 5): a few percent longer than standing
    assert 1.02 < base["RSemimembranosusLength"] < 1.12


def test_missing_joint_centres_are_reported():
    rotations, centres, flexion = _pose(0.0, 0.0)
    centres["left_knee"] = np.full((1, 3), np.nan)
    with pytest.raises(MissingParameterError, match="left femur length"):
        hamstring_lengths(rotations, centres, flexion)


def test_peak_in_late_swing():
    curve = np.concatenate([np.full(75, 1.2), np.linspace(1.0, 1.05, 26)])  # 101 points
    table = hamstring_measures(
        {
            f"{p}{m}Length": np.tile(curve, (2, 1))
            for p in "LR"
            for m in ("Semimembranosus", "Semitendinosus", "BicepsFemorisLH")
        }
    )
    assert len(table) == 4
    assert table["semimembranosus_peak_length_norm"].tolist() == pytest.approx([1.05] * 4)


@pytest.mark.parametrize(("hip", "knee"), [(30.0, 5.0), (90.0, 0.0), (20.0, 60.0)])
def test_sagittal_helper_matches_the_hand_built_pose(hip, knee):
    expected = hamstring_lengths(*_pose(hip, knee)).iloc[0]
    got = sagittal_lengths(np.array([hip]), np.array([knee]), femur_mm=FEMUR_MM).iloc[0]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-12)
