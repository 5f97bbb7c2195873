"""Measures on analytic curves with hand-computed answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gaitlab.errors import MissingParameterError
from gaitlab.measures import (
    KINEMATIC_MEASURES,
    kinematic_measures,
    spatiotemporal_measures,
    step_symmetry,
    vertical_loading_rate,
)

N = 101
T = np.linspace(0.0, 1.0, N)


def _curves(side="L", n_strides=2, **overrides):
    base = {f"{seg}Angles_{ax}": np.zeros(N) for seg in ("Pelvis", "Hip", "Knee") for ax in "XYZ"}
    base["HipAngles_X"] = 10 + 20 * np.cos(2 * np.pi * T)  # 30 at IC, min -10 at 50 %
    base["KneeAngles_X"] = 30 - 25 * np.cos(2 * np.pi * T)  # 5 at IC, 55 at 50 %
    base["PelvisAngles_X"] = 12 + 2 * np.sin(4 * np.pi * T)  # mean 12, range 4
    base["PelvisAngles_Y"] = 5 * np.sin(2 * np.pi * T)  # +5 at 25 % (stance), -5 at 75 %
    base["KneeAngles_Y"] = 3 * np.sin(2 * np.pi * T)  # varus +3 at 25 %
    base["KneeAngles_Z"] = -4 * np.sin(2 * np.pi * T)  # min -4 at 25 %
    base["HipAngles_Y"] = 6 * np.sin(2 * np.pi * T)
    base.update(overrides)
    return {f"{side}{k}": np.tile(v, (n_strides, 1)) for k, v in base.items()}


def test_kinematic_measures_hand_computed():
    table = kinematic_measures(_curves(), {"left": np.array([60.0, 60.0])})
    assert list(table.columns) == ["side", "stride", *KINEMATIC_MEASURES]
    row = table.iloc[0]
    assert row["side"] == "left" and row["stride"] == 0
    assert row["hip_flexion_ic_deg"] == pytest.approx(30.0)
    assert row["hip_flexion_min_stance_deg"] == pytest.approx(-10.0)
    assert row["hip_sagittal_range_deg"] == pytest.approx(40.0)
    assert row["pelvic_tilt_mean_deg"] == pytest.approx(12.0, abs=0.05)
    assert row["pelvic_tilt_range_deg"] == pytest.approx(4.0, abs=0.01)
    assert row["pelvic_obliquity_range_deg"] == pytest.approx(10.0)
    assert row["contralateral_pelvic_drop_deg"] == pytest.approx(5.0)
    assert row["knee_flexion_ic_deg"] == pytest.approx(5.0)
    # loading window 0-30 %: knee rises monotonically -> value at 30 %
    assert row["knee_flexion_loading_peak_deg"] == pytest.approx(30 - 25 * np.cos(0.6 * np.pi))
    assert row["knee_flexion_loading_excursion_deg"] == pytest.approx(25 - 25 * np.cos(0.6 * np.pi))
    # terminal swing 80-100 %: knee falls to 5 at 100 %
    assert row["knee_flexion_terminal_swing_deg"] == pytest.approx(5.0)
    assert row["knee_flexion_max_swing_deg"] == pytest.approx(30 - 25 * np.cos(2 * np.pi * 0.61))
    assert row["knee_varus_max_stance_deg"] == pytest.approx(3.0)
    assert row["knee_varus_min_stance_deg"] == pytest.approx(3 * np.sin(1.2 * np.pi))
    # -4 sin rises after 50 %: stance maximum at foot off (60 %)
    assert row["knee_rotation_max_stance_deg"] == pytest.approx(-4 * np.sin(1.2 * np.pi))
    assert row["hip_adduction_max_stance_deg"] == pytest.approx(6.0)


def test_stance_window_follows_foot_off():
    short = kinematic_measures(_curves(n_strides=1), {"left": np.array([40.0])}).iloc[0]
    # with foot off at 40 % the hip minimum (at 50 %) is outside stance
    assert short["hip_flexion_min_stance_deg"] == pytest.approx(10 + 20 * np.cos(0.8 * np.pi))


def test_unknown_stance_gives_nan_stance_measures_only():
    row = kinematic_measures(_curves(n_strides=1), {"left": np.array([np.nan])}).iloc[0]
    assert np.isnan(row["hip_flexion_min_stance_deg"])
    assert np.isnan(row["knee_flexion_max_swing_deg"])
    assert row["hip_sagittal_range_deg"] == pytest.approx(40.0)


def test_missing_curve_is_named():
    curves = _curves()
    del curves["LKneeAngles_Y"]
    with pytest.raises(MissingParameterError, match="LKneeAngles_Y"):
        kinematic_measures(curves, {"left": np.array([60.0, 60.0])})


def test_spatiotemporal_normalisation_and_symmetry():
    table = pd.DataFrame(
        {
            "side": ["left", "left", "right", "right"],
            "step_length_m": [0.60, 0.60, 0.66, 0.66],
            "stride_length_m": [1.26, 1.26, 1.26, 1.26],
            "speed_m_per_s": [1.2, 1.2, 1.2, 1.2],
        }
    )
    out = spatiotemporal_measures(table, {"left": 900.0, "right": 1000.0})
    assert out["step_length_norm"].tolist() == pytest.approx([0.6 / 0.9] * 2 + [0.66] * 2)
    assert out["speed_dimensionless"].iloc[0] == pytest.approx(1.2 / np.sqrt(9.81 * 0.9))
    sym = step_symmetry(table)
    assert sym["step_length_symmetry_ratio"] == pytest.approx(1.1)
    assert sym["n_steps"] == 4
    with pytest.raises(MissingParameterError, match="right leg_length_mm"):
        spatiotemporal_measures(table, {"left": 900.0, "right": None})


def test_vertical_loading_rate_on_a_ramp():
    rate_hz = 1000.0
    rise = np.linspace(0, 1000.0, 101)  # 1000 N in 100 ms = 10 000 N/s
    fall = np.linspace(1000.0, 800.0, 50)
    second = np.linspace(800.0, 0.0, 200)
    contact = -np.concatenate([rise, fall[1:], second[1:]])  # sign is ignored
    assert vertical_loading_rate(contact, rate_hz, body_weight_n=700.0) == pytest.approx(
        10000.0 / 700.0, rel=1e-6
    )
    assert np.isnan(vertical_loading_rate(np.zeros(3), rate_hz, 700.0))
    # a heel-strike transient (a small early local maximum) does not count as the peak
    transient = contact.copy()
    transient[5:10] = -np.array([300.0, 320.0, 340.0, 330.0, 320.0])
    rate = vertical_loading_rate(transient, rate_hz, 700.0)
    # 20 % of 1000 N first reached at sample 5 (300 N), 80 % at sample 80 (800 N)
    assert rate == pytest.approx((800.0 - 300.0) * rate_hz / (80 - 5) / 700.0)
