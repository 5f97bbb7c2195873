"""Sagittal hip angle from virtual pelvis and thigh IMUs on the synthetic walker."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gaitlab.errors import GaitlabError
from gaitlab.imu.hip import hip_flexion_deg
from gaitlab.synthetic import make_walking_trial
from gaitlab.synthetic.imu import ImuNoise, add_imu_sensors

STANDING_FRAMES = 200  # 2 s at 100 Hz


@pytest.fixture(scope="module")
def walk_with_standing() -> tuple:
    """A synthetic walk preceded by 2 s holding its first posture still (the calibration)."""
    trial, truth = make_walking_trial(n_strides=6)
    poses = truth.poses

    def hold(stack: np.ndarray) -> np.ndarray:
        return np.concatenate((np.repeat(stack[:1], STANDING_FRAMES, axis=0), stack))

    poses = dataclasses.replace(
        poses,
        pelvis_rotation=hold(poses.pelvis_rotation),
        pelvis_origin_mm=hold(poses.pelvis_origin_mm),
        femur_rotation={s: hold(r) for s, r in poses.femur_rotation.items()},
        hip_centre_mm={s: hold(p) for s, p in poses.hip_centre_mm.items()},
    )
    n = trial.n_frames + STANDING_FRAMES
    longer = dataclasses.replace(
        trial, markers=np.zeros((n, 0, 3)), marker_labels=(), model_outputs={}, events=()
    )
    return longer, dataclasses.replace(truth, poses=poses), truth.angles


@pytest.mark.parametrize(("noise", "limit_deg"), [(None, 0.5), (ImuNoise.realistic(), 0.5)])
def test_hip_flexion_rms_below_target(walk_with_standing: tuple, noise, limit_deg: float) -> None:
    trial, truth, angles = walk_with_standing
    trial = add_imu_sensors(
        trial, truth, ("lower_back", "left_thigh", "right_thigh"), noise=noise, seed=7
    )
    for side, prefix in (("left", "L"), ("right", "R")):
        expected = angles[f"{prefix}HipAngles_X"].to_numpy()
        hip = hip_flexion_deg(
            trial.imu["lower_back"], trial.imu[f"{side}_thigh"], (0.2, 1.8), expected[0]
        )[STANDING_FRAMES:]
        rms = float(np.sqrt(np.mean((hip - expected) ** 2)))
        # Issue target: 1 deg RMS noise-free. Measured: 0.14-0.25 deg noise-free,
        # 0.19-0.22 deg with realistic noise and bias (bias removed at standing).
        assert rms < limit_deg, (side, rms)
        assert np.ptp(expected) > 30.0  # the motion is a real gait cycle


def test_hip_errors(walk_with_standing: tuple) -> None:
    trial, truth, _ = walk_with_standing
    trial = add_imu_sensors(trial, truth, ("lower_back", "left_thigh", "left_foot"))
    with pytest.raises(GaitlabError, match="calibration window"):
        hip_flexion_deg(trial.imu["lower_back"], trial.imu["left_thigh"], (5.0, 99.0))
    short = dataclasses.replace(
        trial.imu["left_thigh"],
        acc_mps2=trial.imu["left_thigh"].acc_mps2[:10],
        gyr_dps=trial.imu["left_thigh"].gyr_dps[:10],
    )
    with pytest.raises(GaitlabError, match="synchronised"):
        hip_flexion_deg(trial.imu["lower_back"], short, (0.0, 0.05))
    odd = dataclasses.replace(trial.imu["left_thigh"], frame="mystery")
    with pytest.raises(GaitlabError, match="no known medio-lateral axis"):
        hip_flexion_deg(trial.imu["lower_back"], odd, (0.2, 1.8))
