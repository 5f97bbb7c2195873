"""Foot-IMU strides against an analytic rigid-foot walk with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.errors import GaitlabError
from gaitlab.imu.foot import foot_strides, foot_trajectories, sagittal_rate_dps
from gaitlab.synthetic.imu import ImuNoise, foot_walk_imu
from gaitlab.trial import ImuSensor


@pytest.mark.parametrize("rate_hz", [100.0, 200.0])
def test_noise_free_stride_length_within_1_cm_and_events_within_a_sample(rate_hz: float) -> None:
    sensor, truth = foot_walk_imu(n_strides=8, stride_length_m=1.35, rate_hz=rate_hz)
    table = foot_strides(sensor)
    assert len(table) == 8
    np.testing.assert_allclose(table["stride_length_m"], 1.35, atol=0.01)
    np.testing.assert_allclose(table["stride_height_change_m"], 0.0, atol=0.005)
    # Contacts are interpolated zero crossings: within one sample of the truth.
    np.testing.assert_allclose(
        table["ic_sample"] / rate_hz, truth["foot_strike_s"], atol=1 / rate_hz
    )
    np.testing.assert_allclose(table["tc_sample"] / rate_hz, truth["foot_off_s"], atol=1 / rate_hz)


def test_realistic_noise_and_bias() -> None:
    sensor, _ = foot_walk_imu(n_strides=20, stride_length_m=1.2, noise=ImuNoise.realistic(), seed=3)
    table = foot_strides(sensor)
    error = table["stride_length_m"] - 1.2
    assert len(table) == 20
    # Measured: mean absolute 1.0 cm, max 2.2 cm with 0.5 deg/s gyro bias and 0.05 m/s^2 acc bias.
    assert np.abs(error).mean() < 0.015
    assert np.abs(error).max() < 0.04


def test_trajectory_follows_the_true_path() -> None:
    sensor, truth = foot_walk_imu(n_strides=2, stride_length_m=1.0, rate_hz=200.0)
    table = foot_strides(sensor)
    start, stop = int(table["ms_start_sample"][0]), int(table["ms_end_sample"][0])
    positions, valid = foot_trajectories(
        sensor.acc_mps2, sensor.gyr_dps, 200.0, np.array([start]), np.array([stop])
    )
    path = truth["position_m"][start : stop + 1] - truth["position_m"][start]
    assert valid[0].sum() == stop - start + 1
    np.testing.assert_allclose(positions[0, : stop - start + 1], path, atol=0.005)


def test_unknown_frame_is_refused_clearly() -> None:
    sensor, _ = foot_walk_imu(n_strides=2)
    unknown = ImuSensor(sensor.acc_mps2, sensor.gyr_dps, sensor.rate_hz, "sensor", "left_foot")
    with pytest.raises(GaitlabError, match="foot sensor frame 'sensor' is not known"):
        foot_strides(unknown)
    assert sagittal_rate_dps(sensor)[0] == sensor.gyr_dps[0, 1]


def test_standing_still_has_no_strides() -> None:
    still = ImuSensor(
        np.tile([0.0, 0.0, 9.81], (1000, 1)), np.zeros((1000, 3)), 100.0, "gaitmap_foot"
    )
    table = foot_strides(still)
    assert table.empty
    assert "stride_length_m" in table.columns
    with pytest.raises(GaitlabError, match="too short for stride detection"):
        foot_strides(ImuSensor(still.acc_mps2[:5], still.gyr_dps[:5], 100.0, "gaitmap_foot"))
