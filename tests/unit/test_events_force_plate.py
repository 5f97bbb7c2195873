"""Force-plate events: threshold onsets, foot assignment, noise and edge cases."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from gait_walker import RATE_HZ, off_frames, strike_frames, walker

from gaitlab.errors import GaitlabWarning
from gaitlab.events import detect_events
from gaitlab.events.force_plate import contact_intervals


def test_contact_intervals_threshold_duration_and_peak():
    rate = 1000.0
    force = np.zeros(2000)
    force[100:700] = 600.0  # a real contact
    force[900:905] = 80.0  # a 5 ms spike: too short
    force[1000:1500] = 30.0  # long but weak (an offset plate): too small a peak
    force[1600:1700] = -400.0  # sign ignored (force on the plate points down)
    np.testing.assert_array_equal(contact_intervals(force, rate), [[100, 700], [1600, 1700]])
    assert contact_intervals(np.zeros(10), rate).shape == (0, 2)


def test_contact_at_recording_edges_gives_only_the_known_end():
    force = np.zeros(1000)
    force[:300] = 500.0
    np.testing.assert_array_equal(contact_intervals(force, 1000.0), [[0, 300]])


@pytest.mark.parametrize("heading_deg", [0.0, 180.0, 90.0])
def test_plate_events_exact_and_assigned_to_the_right_foot(heading_deg):
    plates = (("left", 1), ("right", 1), ("left", 2))
    trial, _ = walker(plates=plates, heading_deg=heading_deg)
    table = detect_events(trial, "force_plate")
    expected = []
    for side, index in plates:
        strike = strike_frames(side)[index]
        off = off_frames(side)[off_frames(side) > strike][0]
        expected += [(strike / RATE_HZ, side, "foot_strike"), (off / RATE_HZ, side, "foot_off")]
    expected.sort()
    assert list(table.source.unique()) == ["force_plate"]
    np.testing.assert_allclose(table.time_s, [e[0] for e in expected], atol=1e-9)
    assert list(zip(table.side, table.kind, strict=True)) == [(e[1], e[2]) for e in expected]


def test_plate_no_foot_is_over_is_dropped_with_warning():
    trial, _ = walker(plates=(("left", 1),))
    plate = trial.force_plates[0]
    far = dataclasses.replace(plate, corners_mm=plate.corners_mm + [5000.0, 5000.0, 0.0])
    moved = dataclasses.replace(trial, force_plates=(far,))
    with pytest.warns(GaitlabWarning, match="no foot over the plate"):
        table = detect_events(moved, "force_plate")
    assert table.empty


def test_no_plates_warns_and_returns_empty_table():
    trial, _ = walker()
    with pytest.warns(GaitlabWarning, match="no force plates"):
        table = detect_events(trial, "force_plate")
    assert table.empty
    assert list(table.columns) == ["time_s", "frame", "side", "kind", "source"]


def test_auto_prefers_plates_and_fills_in_with_markers():
    trial, truth = walker(plates=(("left", 1),))
    table = detect_events(trial, "auto")
    plate_rows = table[table.source == "force_plate"]
    assert len(plate_rows) == 2
    assert (plate_rows.side == "left").all()
    # every other detectable event comes from the markers, none twice
    strikes = table[(table.side == "left") & (table.kind == "foot_strike")]
    assert strikes.frame.is_unique
    expected = truth.frames["left", "foot_strike"]
    np.testing.assert_array_equal(strikes.frame, expected[(expected > 10) & (expected < 530)])


def test_foot_moving_across_two_plates_gives_one_strike_and_one_off():
    trial, _ = walker(plates=(("left", 1),))
    plate = trial.force_plates[0]
    strike, off = np.flatnonzero(plate.force_n[:, 2] > 0)[[0, -1]]
    middle = (strike + off) // 2
    first = plate.force_n.copy()
    first[middle + 20 :] = 0.0  # heel plate unloads after mid-stance
    second = plate.force_n.copy()
    second[:middle] = 0.0  # toe plate loads at mid-stance, overlapping 20 ms
    cop = plate.cop_mm
    heel_plate = dataclasses.replace(plate, force_n=first, cop_mm=cop)
    toe_plate = dataclasses.replace(plate, force_n=second, cop_mm=cop)
    two = dataclasses.replace(trial, force_plates=(heel_plate, toe_plate))
    table = detect_events(two, "force_plate")
    assert table[["side", "kind"]].values.tolist() == [
        ["left", "foot_strike"],
        ["left", "foot_off"],
    ]
    np.testing.assert_allclose(table.time_s, [strike / 1000.0, (off + 1) / 1000.0])


def test_auto_drops_a_late_partial_plate_contact_for_the_marker_event():
    trial, truth = walker(plates=(("left", 1),))
    plate = trial.force_plates[0]
    late = plate.force_n.copy()
    strike = np.flatnonzero(late[:, 2] > 0)[0]
    late[strike : strike + 80] = 0.0  # the heel landed beside the plate: 80 ms late onset
    partial = dataclasses.replace(trial, force_plates=(dataclasses.replace(plate, force_n=late),))
    table = detect_events(partial, "auto")
    strikes = table[(table.side == "left") & (table.kind == "foot_strike")]
    expected_frame = strike_frames("left")[1]
    row = strikes[(strikes.frame - expected_frame).abs() < 20]
    assert row.frame.tolist() == [expected_frame]
    assert row.source.tolist() == ["markers:oconnor"]
    # the plate's foot off still counts
    offs = table[(table.source == "force_plate") & (table.kind == "foot_off")]
    assert len(offs) == 1


@pytest.mark.parametrize(("onset_delay", "expected_delay_frames"), [(4, 0), (5, 1), (14, 1)])
def test_plate_events_are_on_the_nearest_point_frame_halves_up(onset_delay, expected_delay_frames):
    """Nexus puts a plate event on the point frame nearest the analog crossing (x.5 -> up)."""
    trial, _ = walker(plates=(("left", 1),))
    plate = trial.force_plates[0]
    late = plate.force_n.copy()
    strike = np.flatnonzero(late[:, 2] > 0)[0]  # on a frame boundary (ratio 10)
    late[strike : strike + onset_delay] = 0.0
    moved = dataclasses.replace(trial, force_plates=(dataclasses.replace(plate, force_n=late),))
    table = detect_events(moved, "force_plate")
    strike_row = table[table.kind == "foot_strike"]
    assert strike_row.frame.tolist() == [strike // 10 + expected_delay_frames]
    np.testing.assert_allclose(strike_row.time_s, strike_row.frame / RATE_HZ, atol=1e-12)


def test_contact_with_the_heel_beside_the_plate_is_dropped_with_warning():
    """A plate that sees only the forefoot times neither the strike nor the off of that foot."""
    trial, _ = walker(plates=(("left", 1),))
    plate = trial.force_plates[0]
    strike = np.flatnonzero(plate.force_n[:, 2] > 0)[0] // 10
    heel_x = trial.marker("LHEE")[strike, 0]
    corners = plate.corners_mm.copy()
    # the plate's near edge (along the walking direction x) 150 mm ahead of the heel marker
    toward = np.sign(trial.marker("LTOE")[strike, 0] - heel_x)
    near = corners[:, 0] == (corners[:, 0].min() if toward > 0 else corners[:, 0].max())
    corners[near, 0] = heel_x + toward * 150.0
    partial = dataclasses.replace(plate, corners_mm=corners)
    with pytest.warns(GaitlabWarning, match="beside the plate"):
        table = detect_events(dataclasses.replace(trial, force_plates=(partial,)), "force_plate")
    assert table.empty


def test_contact_intervals_remove_the_unloaded_level_of_an_unzeroed_plate():
    """A plate reading -31 N at rest (as one in gaitalytics_test_small.c3d) is not 'loaded'."""
    rate = 1000.0
    rng = np.random.default_rng(0)
    force = -31.0 + rng.normal(0.0, 0.3, 2000)
    force[500:1100] -= 600.0  # a contact, pushing the same way as the offset
    np.testing.assert_array_equal(contact_intervals(force, rate), [[500, 1100]])


def test_auto_on_a_treadmill_uses_the_markers_even_with_plates():
    treadmill, truth = walker(speed_mm_per_s=0.0, plates=(("left", 1),))
    table = detect_events(treadmill, "auto")
    assert set(table.source) == {"markers:oconnor"}
    strikes = table[(table.side == "left") & (table.kind == "foot_strike")]
    expected = truth.frames["left", "foot_strike"]
    np.testing.assert_array_equal(strikes.frame, expected[(expected > 10) & (expected < 530)])


@pytest.mark.parametrize(
    ("speed_mm_per_s", "in_place"), [(0.0, True), (90.0, True), (110.0, False)]
)
def test_walks_in_place_below_a_tenth_of_a_metre_per_second(speed_mm_per_s, in_place):
    from gaitlab.events.markers import foot_markers, walks_in_place

    trial, _ = walker(speed_mm_per_s=speed_mm_per_s)
    assert walks_in_place(trial, foot_markers(trial)) is in_place
