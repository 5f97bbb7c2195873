"""GPS / MAP against hand-computed answers (Baker 2009 definitions)."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.errors import MissingParameterError
from gaitlab.gps import GPS_VARIABLES, gait_profile_score
from gaitlab.norms import default_norms


@pytest.fixture(scope="module")
def free():
    return default_norms().group("Free")


def _reference_curves(ref, n_strides=3, n_points=101):
    curves = {}
    for p in "LR":
        for v in GPS_VARIABLES:
            mean, _ = ref.curve(v, n_points=n_points)
            curves[f"{p}{v}"] = np.tile(mean, (n_strides, 1))
    return curves


def test_reference_mean_scores_zero(free):
    result = gait_profile_score(_reference_curves(free), free)
    assert result.gps_deg["overall"] == pytest.approx(0.0, abs=1e-9)
    assert result.reference == "Schwartz2008 (Free)"


def test_constant_offsets_give_hand_computed_scores(free):
    curves = _reference_curves(free)
    curves["LKneeAngles_X"] = curves["LKneeAngles_X"] + 6.0  # GVS 6 on left knee
    curves["RHipAngles_X"] = curves["RHipAngles_X"] - 3.0  # GVS 3 on right hip
    curves["RPelvisAngles_X"] = curves["RPelvisAngles_X"] + 10.0  # right pelvis not counted
    result = gait_profile_score(curves, free)
    assert result.map_deg.loc["KneeAngles_X", "left"] == pytest.approx(6.0)
    assert result.map_deg.loc["HipAngles_X", "right"] == pytest.approx(3.0)
    assert np.isnan(result.map_deg.loc["PelvisAngles_X", "right"])
    assert result.gps_deg["left"] == pytest.approx(np.sqrt(36 / 9))  # 9 variables
    assert result.gps_deg["right"] == pytest.approx(np.sqrt(9 / 6))  # 6 variables
    assert result.gps_deg["overall"] == pytest.approx(np.sqrt(45 / 15))  # 15 variables
    assert len(result.per_stride) == 6


def test_gps_is_rms_not_mean_of_gvs(free):
    curves = _reference_curves(free)
    curves["LKneeAngles_X"] = curves["LKneeAngles_X"] + 9.0
    result = gait_profile_score(curves, free)
    # mean of GVS would be 1.0; RMS is 3.0
    assert result.gps_deg["left"] == pytest.approx(3.0)


def test_square_wave_difference_rms(free):
    curves = _reference_curves(free, n_strides=1, n_points=51)
    wave = np.where(np.arange(51) % 2 == 0, 4.0, -4.0)  # +-4 on the 2 % grid -> RMS 4
    curves["LAnkleAngles_X"] = curves["LAnkleAngles_X"] + wave
    result = gait_profile_score(curves, free)
    assert result.map_deg.loc["AnkleAngles_X", "left"] == pytest.approx(4.0)


def test_missing_variable_is_named(free):
    curves = _reference_curves(free)
    del curves["RKneeAngles_X"]
    with pytest.raises(MissingParameterError, match="RKneeAngles_X"):
        gait_profile_score(curves, free)


def test_strides_with_gaps_are_left_out(free):
    curves = _reference_curves(free)
    curves["LKneeAngles_X"] = curves["LKneeAngles_X"] + 6.0
    curves["LKneeAngles_X"][1, 40:50] = np.nan  # stride 1 has a gap
    result = gait_profile_score(curves, free)
    assert np.isnan(result.per_stride.query("side == 'left'")["gps_deg"].iloc[1])
    assert result.map_deg.loc["KneeAngles_X", "left"] == pytest.approx(6.0)
    for p in "LR":  # a side with no complete stride gives NaN, not an error
        curves[f"{p}HipAngles_Y"][:] = np.nan
    assert np.isnan(gait_profile_score(curves, free).gps_deg["overall"])
