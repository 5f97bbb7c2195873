"""Marker-based events (Zeni, O'Connor) on an analytic walker with known events."""

from __future__ import annotations

import numpy as np
import pytest
from gait_walker import N_FRAMES, walker

from gaitlab.errors import MissingMarkerError
from gaitlab.events import detect_events
from gaitlab.events.markers import foot_markers, marker_label

EDGE_FRAMES = 10


def _detectable(truth_frames: np.ndarray) -> np.ndarray:
    keep = (truth_frames >= EDGE_FRAMES) & (truth_frames < N_FRAMES - EDGE_FRAMES)
    return truth_frames[keep]


def _frames(table, side, kind):
    rows = table[(table.side == side) & (table.kind == kind)]
    return rows.frame.to_numpy()


@pytest.mark.parametrize("method", ["zeni", "oconnor"])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"heading_deg": 180.0},
        {"heading_deg": 37.0},
        {"heading_deg": -90.0},
        {"speed_mm_per_s": 0.0},  # treadmill: the pelvis stays put
    ],
    ids=["+X", "-X", "diagonal", "-Y", "treadmill"],
)
def test_exact_events_noise_free(method, options):
    trial, truth = walker(**options)
    table = detect_events(trial, method)
    assert set(table.source) == {f"markers:{method}"}
    for (side, kind), expected in truth.frames.items():
        found = _frames(table, side, kind)
        np.testing.assert_array_equal(found, _detectable(expected), err_msg=f"{side} {kind}")


@pytest.mark.parametrize("method", ["zeni", "oconnor"])
def test_events_with_marker_noise_within_two_frames(method):
    trial, truth = walker(noise_mm=0.5, seed=3)
    table = detect_events(trial, method)
    errors = []
    for (side, kind), expected in truth.frames.items():
        found = _frames(table, side, kind)
        expected = _detectable(expected)
        assert found.size == expected.size, f"{side} {kind}: {found} vs {expected}"
        errors.append(found - expected)
    errors = np.concatenate(errors)
    print(f"{method} with 0.5 mm noise: max |error| {np.abs(errors).max()} frames")
    assert np.abs(errors).max() <= 2


def test_marker_mapping_and_aliases():
    trial, truth = walker()
    renamed = tuple(
        {"LTOE": "LMT2", "RTOE": "RMT2", "LHEE": "LeftHeel"}.get(x, x) for x in trial.marker_labels
    )
    other = type(trial)(trial.markers, renamed, trial.point_rate_hz)
    assert marker_label(other, "LTOE") == "LMT2"  # a known alias
    with pytest.raises(MissingMarkerError, match="LHEE"):
        foot_markers(other)
    feet = foot_markers(other, {"LHEE": "LeftHeel"})
    assert feet.labels["LHEE"] == "LeftHeel"
    table = detect_events(other, "zeni", markers={"LHEE": "LeftHeel"})
    np.testing.assert_array_equal(
        _frames(table, "left", "foot_strike"), _detectable(truth.frames["left", "foot_strike"])
    )


def test_mapping_to_absent_label_names_it():
    trial, _ = walker()
    with pytest.raises(MissingMarkerError, match="NoSuchToe"):
        detect_events(trial, "zeni", markers={"LTOE": "NoSuchToe"})


def test_short_gaps_are_bridged_and_long_gaps_lose_their_event():
    trial, truth = walker()
    markers = np.array(trial.markers)
    heel = trial.marker_labels.index("LHEE")
    markers[200:205, heel] = np.nan  # 5 frames between two events: bridged
    markers[230:251, heel] = np.nan  # 21 frames over the strike at 240: not bridged
    gapped = type(trial)(markers, trial.marker_labels, trial.point_rate_hz)
    table = detect_events(gapped, "zeni")
    expected = _detectable(truth.frames["left", "foot_strike"])
    np.testing.assert_array_equal(_frames(table, "left", "foot_strike"), expected[expected != 240])


def test_standing_still_gives_no_events_and_warns():
    trial, _ = walker()
    still = np.repeat(trial.markers[:1], trial.n_frames, axis=0)
    standing = type(trial)(still, trial.marker_labels, trial.point_rate_hz)
    with pytest.warns(Warning, match="no gait events"):
        table = detect_events(standing, "zeni")
    assert table.empty
    assert list(table.columns) == ["time_s", "frame", "side", "kind", "source"]


@pytest.mark.parametrize("direction_deg", [0.0, 180.0, 33.0])
def test_make_walking_trial_events_within_three_frames(direction_deg):
    """Synthetic events are where the sole meets the floor; the methods land near them."""
    from gaitlab.events.compare import match_events
    from gaitlab.synthetic import make_walking_trial

    trial, truth = make_walking_trial(n_strides=4, walking_direction_deg=direction_deg)
    span = (trial.times_s[0] + 0.1, trial.times_s[-1] - 0.1)
    for method in ("zeni", "oconnor"):
        table = match_events(
            detect_events(trial.with_events(()), method), truth.events, span_s=span
        )
        assert set(table.status) == {"matched"}, method
        frames = np.abs(table.error_s) * trial.point_rate_hz
        print(f"{method}: max {frames.max():.0f} frames, mean {frames.mean():.2f}")
        assert frames.max() <= 3.0 + 1e-6


@pytest.mark.parametrize("method", ["zeni", "oconnor", "force_plate"])
def test_time_shift_moves_times_not_frames(method):
    import dataclasses

    trial, _ = walker(plates=(("left", 1), ("right", 2)))
    shifted = dataclasses.replace(trial, first_frame=1234)
    before, after = detect_events(trial, method), detect_events(shifted, method)
    np.testing.assert_array_equal(before.frame, after.frame)
    np.testing.assert_allclose(after.time_s - before.time_s, 12.34, atol=1e-9)


@pytest.mark.parametrize("method", ["zeni", "oconnor"])
def test_mirroring_left_and_right_swaps_the_sides(method):
    trial, _ = walker()
    swap = {"L": "R", "R": "L"}
    mirrored_labels = tuple(swap.get(x[0], x[0]) + x[1:] for x in trial.marker_labels)
    markers = np.array(trial.markers)
    markers[..., 1] *= -1.0  # mirror the lab so the renamed feet are on their proper sides
    mirrored = type(trial)(markers, mirrored_labels, trial.point_rate_hz)
    original, flipped = detect_events(trial, method), detect_events(mirrored, method)
    np.testing.assert_array_equal(original.frame, flipped.frame)
    assert (original.side.map({"left": "right", "right": "left"}) == flipped.side).all()
