"""imu_events / imu_spatiotemporal: the motion-capture table layout, sensor choice, errors."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.imu import ImuSensorError, imu_events, imu_spatiotemporal
from gaitlab.io.imu_common import imu_only_trial
from gaitlab.spatiotemporal import SPATIOTEMPORAL_COLUMNS
from gaitlab.synthetic.imu import foot_walk_imu
from gaitlab.trial import ImuSensor

STRIDE_S = 1.1


@pytest.fixture(scope="module")
def feet_trial():
    left, left_truth = foot_walk_imu(n_strides=6, stride_length_m=1.3, stride_time_s=STRIDE_S)
    right, right_truth = foot_walk_imu(
        n_strides=6, stride_length_m=1.3, stride_time_s=STRIDE_S, start_delay_s=STRIDE_S / 2
    )
    n = min(left.n_samples, right.n_samples)
    sensors = {
        f"{side}_foot": ImuSensor(s.acc_mps2[:n], s.gyr_dps[:n], s.rate_hz, s.frame, f"{side}_foot")
        for side, s in (("left", left), ("right", right))
    }
    trial = imu_only_trial(sensors, "walk.csv", "imu_csv", [])
    return trial, {"left": left_truth, "right": right_truth}


def test_events_table(feet_trial) -> None:
    trial, truth = feet_trial
    events = imu_events(trial)
    assert list(events.columns) == ["time_s", "frame", "side", "kind", "source"]
    assert (events["source"] == "imu:gyro").all()
    assert events["time_s"].is_monotonic_increasing
    for side in ("left", "right"):
        strikes = events[(events["side"] == side) & (events["kind"] == "foot_strike")]
        np.testing.assert_allclose(strikes["time_s"], truth[side]["foot_strike_s"], atol=0.005)
    np.testing.assert_array_equal(events["frame"], np.rint(events["time_s"] * 200).astype(int))


def test_spatiotemporal_table_has_the_motion_capture_columns(feet_trial) -> None:
    trial, _ = feet_trial
    table = imu_spatiotemporal(trial, sensor_location="foot")
    assert tuple(table.columns) == SPATIOTEMPORAL_COLUMNS
    assert len(table) == 10  # 5 complete strides per foot
    np.testing.assert_allclose(table["stride_length_m"], 1.3, atol=0.01)
    np.testing.assert_allclose(table["stride_time_s"], STRIDE_S, atol=0.002)
    np.testing.assert_allclose(table["cadence_steps_per_min"], 120 / STRIDE_S, rtol=0.002)
    np.testing.assert_allclose(table["speed_m_per_s"], 1.3 / STRIDE_S, rtol=0.01)
    # Foot off at 0.56, strike at 0.86 of each stride: stance = (0.56 + 1 - 0.86) = 70 %.
    np.testing.assert_allclose(table["stance_pct"], 70.0, atol=0.5)
    np.testing.assert_allclose(table["swing_pct"] + table["stance_pct"], 100.0)
    # The other foot is half a stride later: it strikes at 50 % and leaves at 20 %.
    np.testing.assert_allclose(table["opposite_foot_strike_pct"], 50.0, atol=0.5)
    np.testing.assert_allclose(table["opposite_foot_off_pct"], 20.0, atol=0.5)
    np.testing.assert_allclose(table["double_support_pct"], 40.0, atol=1.0)
    assert table["step_length_m"].isna().all() and table["step_width_m"].isna().all()


def test_sensor_choice_errors(feet_trial) -> None:
    trial, _ = feet_trial
    with pytest.raises(ImuSensorError, match="no lower-back IMU in walk.csv"):
        imu_events(trial, sensor_location="lower_back")
    with pytest.raises(ImuSensorError, match="sensor_location must be one of"):
        imu_spatiotemporal(trial, sensor_location="wrist")
    wrist = imu_only_trial({"wrist": trial.imu["left_foot"]}, "w.csv", "imu_csv", [])
    with pytest.raises(ImuSensorError, match="found \\['wrist'\\]"):
        imu_events(wrist)


def test_analyze_an_imu_recording_gives_its_strides_and_says_what_it_cannot(feet_trial) -> None:
    import dataclasses

    from gaitlab import analyze
    from gaitlab.errors import GaitlabWarning
    from gaitlab.trial import SideMeasurements, Subject

    trial, _ = feet_trial
    with pytest.warns(GaitlabWarning, match="IMU recording"):
        result = analyze(trial)
    np.testing.assert_allclose(result.spatiotemporal["stride_length_m"], 1.3, atol=0.01)
    assert result.gps is None and not result.curves
    assert any("no leg lengths" in w for w in result.warnings)
    assert "stride_length_norm" not in result.measures
    leg = SideMeasurements(leg_length_mm=900.0)
    measured = dataclasses.replace(trial, subject=Subject(left=leg, right=leg))
    with pytest.warns(GaitlabWarning, match="IMU recording"):
        result = analyze(measured)
    assert not any("no leg lengths" in w for w in result.warnings)
    np.testing.assert_allclose(
        result.measures["stride_length_norm"], result.spatiotemporal["stride_length_m"] / 0.9
    )
    np.testing.assert_allclose(
        result.speed_dimensionless, (1.3 / STRIDE_S) / np.sqrt(9.81 * 0.9), rtol=0.02
    )
