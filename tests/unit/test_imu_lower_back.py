"""Lower-back IMU: contacts, cadence, pendulum lengths, pelvic excursions.

Synthetic walker from :func:`make_walking_trial`, a synthetic trunk signal with
impacts at known times, and hand-computed robust statistics.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gaitlab.errors import GaitlabError
from gaitlab.imu import imu_spatiotemporal
from gaitlab.imu.icd import trunk_initial_contacts
from gaitlab.imu.lower_back import (
    _alternating_right,
    inverted_pendulum_step_length_m,
    lower_back_bouts,
    lower_back_contacts,
    step_height_changes_m,
    vertical_displacement_m,
)
from gaitlab.imu.robust import hampel_filter, rolling_median
from gaitlab.synthetic import make_walking_trial
from gaitlab.synthetic.imu import ImuNoise, add_imu_sensors


@pytest.fixture(scope="module")
def walk() -> tuple:
    return make_walking_trial(n_strides=10)


def test_inverted_pendulum_formula() -> None:
    # l = 1 m, h = 0.02 m: 2 sqrt(2 * 1 * 0.02 - 0.0004) = 0.398 m before the factor.
    np.testing.assert_allclose(
        inverted_pendulum_step_length_m([0.02], 1.0, k=1.0), [0.39799], rtol=1e-4
    )
    assert inverted_pendulum_step_length_m([0.0], 1.0)[0] == 0.0


@pytest.mark.parametrize("noise", [None, ImuNoise.realistic()])
def test_contacts_cadence_and_pelvic_excursions(walk: tuple, noise: ImuNoise | None) -> None:
    trial, truth = walk
    trial = add_imu_sensors(trial, truth, ("lower_back",), noise=noise)
    contacts = lower_back_contacts(trial.imu["lower_back"])
    strikes = truth.events[truth.events["kind"] == "foot_strike"]
    offsets = contacts["time_s"].to_numpy()[:, None] - strikes["time_s"].to_numpy()[None, :]
    nearest = np.abs(offsets).argmin(axis=0)
    error_s = offsets[nearest, np.arange(len(strikes))]
    inside = (strikes["time_s"] > 0.5) & (strikes["time_s"] < trial.duration_s - 0.5)
    # One contact per foot strike. The synthetic pelvis has no heel-strike impact (its
    # vertical acceleration is smooth), so the impact search lands on the steepest rise
    # of its acceleration, measured 50-60 ms before the synthetic foot strike; the real
    # impact timing is tested on test_trunk_contacts_at_known_impacts and the
    # Mobilise-D references.
    assert np.all(np.abs(error_s[inside]) <= 0.07)
    assert len(np.unique(nearest[inside])) == inside.sum()
    sides_match = contacts["side"].to_numpy()[nearest] == strikes["side"].to_numpy()
    assert sides_match[inside].all()

    table = imu_spatiotemporal(trial)
    assert len(table) >= 15
    np.testing.assert_allclose(
        table["cadence_steps_per_min"], truth.cadence_steps_per_min, rtol=0.01
    )
    assert table["stance_pct"].isna().all() and table["step_width_m"].isna().all()
    # Inverted pendulum vs the synthetic body: measured +7 % (1.47 vs 1.37 m).
    truth_stride = truth.strides["stride_length_m"].median()
    assert abs(table["stride_length_m"].median() / truth_stride - 1) < 0.10
    angles = truth.angles
    # Strides of the first and last 0.5 s: the zero-lag filters of the orientation and
    # heading have edge effects there (first stride 0.34 deg off noise-free).
    table = table[(table["start_time_s"] > 0.5) & (table["end_time_s"] < trial.duration_s - 0.5)]
    for column, name in (
        ("pelvic_tilt_excursion_deg", "X"),
        ("pelvic_obliquity_excursion_deg", "Y"),
        ("pelvic_rotation_excursion_deg", "Z"),
    ):
        expected = [
            np.ptp(angles[f"LPelvisAngles_{name}"].to_numpy()[row.start_frame : row.end_frame + 1])
            for row in table.itertuples()
        ]
        # Measured: max error 0.17 deg noise-free, 0.42 deg with realistic noise and bias.
        np.testing.assert_allclose(table[column], expected, atol=0.25 if noise is None else 0.6)


def test_trunk_contacts_at_known_impacts() -> None:
    # Steps every 0.5-0.6 s (irregular); each landing is a sharp 10 ms rise of the
    # upward acceleration (the impact) followed 60 ms later by the smooth weight-
    # acceptance peak. The contacts must be the impacts, not the peaks.
    rate_hz = 100.0
    rng = np.random.default_rng(3)
    impacts_s = 1.0 + np.cumsum(rng.uniform(0.5, 0.6, size=16))
    t = np.arange(0.0, impacts_s[-1] + 1.0, 1.0 / rate_hz)
    since = t[:, None] - impacts_s[None, :]
    impact = np.clip(since / 0.01, 0.0, 1.0) * np.exp(-np.clip(since, 0.0, None) / 0.1)
    bump = np.exp(-0.5 * ((since - 0.06) / 0.08) ** 2)
    acc_up = 9.81 + (1.5 * impact + 2.0 * bump).sum(axis=1) + rng.normal(0.0, 0.05, len(t))
    found_s = trunk_initial_contacts(acc_up, rate_hz) / rate_hz
    assert len(found_s) == len(impacts_s)
    # The rise lasts one sample; its steepest point (smoothed) is within 10 ms.
    np.testing.assert_allclose(found_s, impacts_s, atol=0.011)


def test_trunk_contacts_need_steps() -> None:
    assert len(trunk_initial_contacts(np.full(500, 9.81), 100.0)) == 0


def test_robust_statistics_by_hand() -> None:
    values = np.array([1.0, 1.1, 0.9, 5.0, 1.0, 1.2, 1.0])
    # Windows of +-1: [1, 1.1], [1, 1.1, 0.9], [1.1, 0.9, 5], [0.9, 5, 1], ...
    np.testing.assert_allclose(rolling_median(values, 1), [1.05, 1.0, 1.1, 1.0, 1.2, 1.0, 1.1])
    # Hampel (+-2, 3 MAD): 5.0 sits in [1.1, 0.9, 5, 1, 1.2] (median 1.1, MAD 0.1),
    # so it is replaced by 1.1; no other value is an outlier.
    np.testing.assert_allclose(
        hampel_filter(values), [1.0, 1.1, 0.9, 1.1, 1.0, 1.2, 1.0], atol=1e-12
    )
    assert len(hampel_filter(np.array([]))) == 0


def test_vertical_displacement_of_a_sine() -> None:
    # z = A sin(2 pi f t) -> acc = -A (2 pi f)^2 sin(2 pi f t): the displacement range is 2 A.
    rate_hz, f_hz, amplitude_m = 100.0, 1.8, 0.02
    t = np.arange(0.0, 20.0, 1.0 / rate_hz)
    acc = -amplitude_m * (2 * np.pi * f_hz) ** 2 * np.sin(2 * np.pi * f_hz * t) + 9.81
    height = vertical_displacement_m(acc, rate_hz)
    middle = slice(500, 1500)
    # The 1 Hz drift filter takes 3 % off at 1.8 Hz (4th-order Butterworth, zero lag).
    assert abs(np.ptp(height[middle]) / (2 * amplitude_m) - 1) < 0.05


def test_step_height_changes_remove_the_drift_between_contacts() -> None:
    # Each 0.5 s step rises 20 mm and comes back down between contacts at its low points;
    # a drift of 50 mm/s adds 25 mm per step to the raw range (45 mm) but lies on the chord.
    rate_hz, step_s, rise_m = 100.0, 0.5, 0.02
    t = np.arange(0.0, 5.0 + 0.5 / rate_hz, 1.0 / rate_hz)
    height = rise_m * (1 - np.cos(2 * np.pi * t / step_s)) / 2 + 0.05 * t
    contacts = np.arange(0, len(t), int(step_s * rate_hz))
    np.testing.assert_allclose(step_height_changes_m(height, contacts), rise_m, rtol=1e-9)
    assert step_height_changes_m(height, contacts[:1]).shape == (0,)


def test_bouts_cadence_and_given_intervals(walk: tuple) -> None:
    trial, truth = walk
    trial = add_imu_sensors(trial, truth, ("lower_back",))
    sensor = trial.imu["lower_back"]
    height_m = trial.subject.extra.get("sensor_height_mm", 950.0) / 1000.0
    bouts = lower_back_bouts(sensor, height_m)
    assert len(bouts) == 1
    np.testing.assert_allclose(
        bouts["cadence_steps_per_min"], truth.cadence_steps_per_min, rtol=0.01
    )
    # Given intervals: contacts outside them belong to no bout.
    given = np.array([[2.0, 5.0]])
    contacts = lower_back_contacts(sensor, given)
    inside = (contacts["time_s"] >= 1.9) & (contacts["time_s"] <= 5.1)
    assert (contacts.loc[inside, "bout"] == 0).all() and (contacts.loc[~inside, "bout"] == -1).all()
    slow = dataclasses.replace(sensor, rate_hz=10.0)
    with pytest.raises(GaitlabError, match="sampling rate 10.0 Hz"):
        lower_back_contacts(slow)
    with pytest.raises(GaitlabError, match="bouts_s"):
        lower_back_contacts(sensor, np.array([[5.0, 2.0]]))
    one = lower_back_bouts(sensor, height_m, given)
    assert len(one) == 1 and one["start_time_s"].iloc[0] >= 1.9
    assert one["end_time_s"].iloc[0] <= 5.1


def test_sides_alternate_within_a_run_of_steps() -> None:
    # Run 0: yaw rates +1, -1, +1, +0.2 (wrong sign), +1, -1. The labelling right-left-
    # right-... scores 1 + 1 + 1 - 0.2 + 1 + 1 > 0, so contact 3 follows the alternation
    # (left). The contact outside any run (-1) keeps the sign of its own yaw rate.
    yaw = np.array([1.0, -1.0, 1.0, 0.2, 1.0, -1.0, -0.5])
    runs = np.array([0, 0, 0, 0, 0, 0, -1])
    np.testing.assert_array_equal(
        _alternating_right(yaw, runs), [True, False, True, False, True, False, False]
    )
