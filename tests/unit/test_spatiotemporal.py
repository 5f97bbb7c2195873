"""Spatiotemporal parameters on an analytic walker with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from gait_walker import RATE_HZ, walker

from gaitlab.errors import GaitlabWarning
from gaitlab.spatiotemporal import (
    SPATIOTEMPORAL_COLUMNS,
    compute_spatiotemporal,
    nexus_summary,
    symmetry_indices,
)


def _truth_events(truth):
    rows = [
        (frame / RATE_HZ, int(frame), side, kind, "truth")
        for (side, kind), frames in truth.frames.items()
        for frame in frames
    ]
    table = pd.DataFrame(rows, columns=["time_s", "frame", "side", "kind", "source"])
    return table.sort_values("time_s").reset_index(drop=True)


# Walker: 1.0 s strides, foot off at 60 %, right half a stride after left,
# 1200 mm/s, toes 110 mm and heels 100 mm either side of the path.
EXPECTED = {
    "stride_length_m": 1.2,
    "step_length_m": 0.6,
    "stride_time_s": 1.0,
    "step_time_s": 0.5,
    "cadence_steps_per_min": 120.0,
    "speed_m_per_s": 1.2,
    "stance_pct": 60.0,
    "swing_pct": 40.0,
    "foot_off_pct": 60.0,
    "opposite_foot_off_pct": 10.0,
    "opposite_foot_strike_pct": 50.0,
    "single_support_pct": 40.0,
    "double_support_pct": 20.0,
    "step_width_m": 0.2,
}


@pytest.mark.parametrize("heading_deg", [0.0, 180.0, 37.0])
def test_parameters_exact_on_the_analytic_walker(heading_deg):
    trial, truth = walker(heading_deg=heading_deg)
    table = compute_spatiotemporal(trial, _truth_events(truth))
    assert list(table.columns) == list(SPATIOTEMPORAL_COLUMNS)
    assert (table.side == "left").sum() == 4 and (table.side == "right").sum() == 4
    complete = table.dropna()
    assert len(complete) >= 6
    for name, value in EXPECTED.items():
        np.testing.assert_allclose(complete[name], value, atol=1e-9, err_msg=name)
    # every stride has its length, time, cadence and speed
    np.testing.assert_allclose(table.stride_length_m, 1.2, atol=1e-9)


def test_detected_events_give_the_same_parameters():
    trial, truth = walker(heading_deg=-63.0)
    detected = compute_spatiotemporal(trial)  # auto: markers (no file events, no plates)
    reference = compute_spatiotemporal(trial, _truth_events(truth))
    inner = reference[reference.start_frame.isin(detected.start_frame)]
    pd.testing.assert_frame_equal(
        detected.reset_index(drop=True), inner.reset_index(drop=True), check_exact=False
    )


def test_nexus_summary_takes_the_first_complete_cycle_per_side():
    trial, truth = walker()
    events = _truth_events(truth)
    table = compute_spatiotemporal(trial, events)
    summary = nexus_summary(trial, per_stride=table)
    assert summary.index.tolist() == ["left", "right"]
    for side in ("left", "right"):
        rows = table[(table.side == side)].dropna(
            subset=["opposite_foot_off_pct", "opposite_foot_strike_pct", "foot_off_pct"]
        )
        assert summary.loc[side, "start_frame"] == rows.start_frame.min()
    # the first left stride (40-140) holds right off 50, right strike 90, left off 100
    assert summary.loc["left", "start_frame"] == 40
    # the first right stride (90-190) needs the left off at 100
    assert summary.loc["right", "start_frame"] == 90


def test_symmetry_indices():
    table = pd.DataFrame(
        {"side": ["left", "right"], "stride_length_m": [1.1, 0.9], "stride_time_s": [1.0, 1.0]}
    )
    for name in SPATIOTEMPORAL_COLUMNS[5:]:
        if name not in table:
            table[name] = np.nan
    si = symmetry_indices(table)
    assert si["stride_length_m_si_pct"] == pytest.approx(20.0)
    assert si["stride_time_s_si_pct"] == 0.0
    assert np.isnan(si["step_width_m_si_pct"])


def test_too_few_events_warn_and_give_empty_table_with_columns():
    trial, truth = walker()
    events = _truth_events(truth).iloc[:3]
    with pytest.warns(GaitlabWarning, match="too few foot strikes"):
        table = compute_spatiotemporal(trial, events)
    assert table.empty
    assert list(table.columns) == list(SPATIOTEMPORAL_COLUMNS)
    assert nexus_summary(trial, per_stride=table).empty


@pytest.mark.parametrize("direction_deg", [0.0, 180.0, 33.0])
def test_stride_lengths_exact_on_make_walking_trial(direction_deg):
    from gaitlab.synthetic import make_walking_trial

    trial, truth = make_walking_trial(n_strides=4, walking_direction_deg=direction_deg)
    table = compute_spatiotemporal(trial, truth.events)
    merged = table.merge(
        truth.strides, on=["side", "start_frame", "end_frame"], suffixes=("", "_t")
    )
    assert len(merged) == len(truth.strides) >= 6
    np.testing.assert_allclose(merged.stride_length_m, merged.stride_length_m_t, atol=1e-6)
    np.testing.assert_allclose(merged.stride_time_s, merged.stride_time_s_t, atol=1e-9)
    np.testing.assert_allclose(merged.cadence_steps_per_min, truth.cadence_steps_per_min, rtol=1e-9)
    np.testing.assert_allclose(merged.speed_m_per_s, truth.speed_mps, rtol=1e-3)


def test_stride_length_error_with_marker_noise_is_reported():
    from gaitlab.synthetic import make_walking_trial

    trial, truth = make_walking_trial(n_strides=4, noise_sd_mm=0.5, seed=7)
    table = compute_spatiotemporal(trial, truth.events)
    merged = table.merge(
        truth.strides, on=["side", "start_frame", "end_frame"], suffixes=("", "_t")
    )
    error_mm = 1000.0 * np.abs(merged.stride_length_m - merged.stride_length_m_t)
    print(f"stride length with 0.5 mm marker noise: max error {error_mm.max():.2f} mm")
    # two toe positions, each with 0.5 mm noise per axis: a few mm at most
    assert error_mm.max() < 3.0


def test_format_summary_one_line_per_side_and_a_note_when_empty():
    from gaitlab.spatiotemporal import format_summary

    trial, truth = walker()
    text = format_summary(nexus_summary(trial, _truth_events(truth)))
    lines = text.splitlines()
    assert len(lines) == 3
    assert "left : stride 1.200 m in 1.000 s, cadence 120.0 steps/min" in lines[1]
    assert "foot off 60.0 %, double support 20.0 %" in lines[2]
    assert "no complete gait cycle" in format_summary(
        nexus_summary(trial, _truth_events(truth)[:0])
    )


def test_events_without_frames_are_accepted_and_bad_tables_refused():
    trial, truth = walker()
    events = _truth_events(truth)
    with_frames = compute_spatiotemporal(trial, events)
    without = compute_spatiotemporal(trial, events.drop(columns=["frame", "source"]))
    pd.testing.assert_frame_equal(with_frames, without)
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['kind'\]"):
        compute_spatiotemporal(trial, events.drop(columns=["kind"]))
