"""IMU pipeline speed: one hour of two foot sensors at 200 Hz (issue 5 target: < 10 s).

Signals come from :func:`gaitlab.synthetic.imu.foot_walk_imu` (an analytic
walk with realistic noise), so the timing covers stride detection, mid-stance
search and strapdown integration of every stride of both feet; the table
construction of :func:`gaitlab.imu.imu_spatiotemporal` is included.
"""

from __future__ import annotations

import time

from gaitlab.imu import imu_events, imu_spatiotemporal
from gaitlab.io.imu_common import imu_only_trial
from gaitlab.synthetic.imu import ImuNoise, foot_walk_imu
from gaitlab.trial import ImuSensor, Trial

HOUR_S = 3600.0
RATE_HZ = 200.0
STRIDE_S = 1.1


def _hour_of_walking() -> Trial:
    n_strides = int(HOUR_S / STRIDE_S)
    sensors = {}
    for side, delay in (("left", 0.0), ("right", STRIDE_S / 2)):
        sensor, _ = foot_walk_imu(
            n_strides=n_strides,
            stride_time_s=STRIDE_S,
            rate_hz=RATE_HZ,
            start_delay_s=delay,
            noise=ImuNoise.realistic(),
            seed=1 if side == "left" else 2,
        )
        sensors[f"{side}_foot"] = sensor
    n = min(s.n_samples for s in sensors.values())
    sensors = {
        name: ImuSensor(s.acc_mps2[:n], s.gyr_dps[:n], RATE_HZ, s.frame, name)
        for name, s in sensors.items()
    }
    return imu_only_trial(sensors, "bench_imu", "synthetic", [])


def run() -> list[dict]:
    """Time the foot pipeline on one hour of two sensors."""
    trial = _hour_of_walking()
    start = time.perf_counter()
    table = imu_spatiotemporal(trial)
    spatiotemporal_s = time.perf_counter() - start
    start = time.perf_counter()
    events = imu_events(trial)
    events_s = time.perf_counter() - start
    return [
        {
            "name": "imu: 1 h of 2 foot IMUs at 200 Hz -> spatiotemporal",
            "value": spatiotemporal_s,
            "unit": "s",
            "target": "< 10 s",
            "note": f"{len(table)} strides, {trial.imu['left_foot'].n_samples} samples per sensor",
        },
        {
            "name": "imu: 1 h of 2 foot IMUs at 200 Hz -> events",
            "value": events_s,
            "unit": "s",
            "note": f"{len(events)} events",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
