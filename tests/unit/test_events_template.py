"""Template refinement of marker events by plate-timed events."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from gait_walker import RATE_HZ, off_frames, strike_frames, walker

from gaitlab.events.template import MAX_SHIFT_S, refine_with_templates
from gaitlab.trial import Event


def _events(side, kind, frames, source):
    return [Event(f / RATE_HZ, side, kind, source) for f in frames]


def test_marker_events_move_onto_the_plate_template():
    trial, _ = walker()
    strikes = strike_frames("left")[1:-1]
    offs = off_frames("left")[1:-1]
    plate = _events("left", "foot_strike", strikes[:1], "force_plate") + _events(
        "left", "foot_off", offs[:1], "force_plate"
    )
    # marker events 2 frames late (strikes) and 3 early (offs), as a biased method would be
    kinematic = _events("left", "foot_strike", strikes[1:] + 2, "markers:x") + _events(
        "left", "foot_off", offs[1:] - 3, "markers:x"
    )
    refined = refine_with_templates(trial, plate, kinematic)
    frames = {
        kind: [round(e.time_s * RATE_HZ) for e in refined if e.kind == kind]
        for kind in ("foot_strike", "foot_off")
    }
    np.testing.assert_array_equal(frames["foot_strike"], strikes[1:])
    np.testing.assert_array_equal(frames["foot_off"], offs[1:])
    assert {e.source for e in refined} == {"markers:x+plate_template"}


def test_without_a_template_of_the_same_foot_and_kind_nothing_moves():
    trial, _ = walker()
    plate = _events("right", "foot_strike", strike_frames("right")[1:2], "force_plate")
    kinematic = _events("left", "foot_strike", strike_frames("left")[1:3] + 2, "markers:x")
    assert refine_with_templates(trial, plate, kinematic) == kinematic


def test_shift_is_bounded():
    trial, _ = walker()
    strikes = strike_frames("left")[1:-1]
    plate = _events("left", "foot_strike", strikes[:1], "force_plate")
    far = 10  # frames: beyond MAX_SHIFT_S
    kinematic = _events("left", "foot_strike", strikes[1:2] + far, "markers:x")
    (moved,) = refine_with_templates(trial, plate, kinematic)
    shift_frames = round(moved.time_s * RATE_HZ) - (strikes[1] + far)
    assert abs(shift_frames) <= round(MAX_SHIFT_S * RATE_HZ)


def test_an_event_inside_a_long_marker_gap_stays_where_it_is():
    trial, _ = walker()
    strikes = strike_frames("left")[1:-1]
    plate = _events("left", "foot_strike", strikes[:1], "force_plate")
    kinematic = _events("left", "foot_strike", strikes[1:3] + 2, "markers:x")
    markers = trial.markers.copy()
    gap = slice(strikes[1] - 30, strikes[1] + 30)  # 0.6 s: longer than the filled gaps
    for label in ("LHEE", "LTOE"):
        markers[gap, trial.marker_labels.index(label)] = np.nan
    gappy = dataclasses.replace(trial, markers=markers)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        refined = refine_with_templates(gappy, plate, kinematic)
    assert refined[0] == kinematic[0]
    assert round(refined[1].time_s * RATE_HZ) == strikes[2]


def test_templates_compare_heights_not_positions_along_the_walkway():
    """A foot landing further ahead (a longer step) lands the same way: same event."""
    trial, _ = walker()
    strikes = strike_frames("left")[1:-1]
    plate = _events("left", "foot_strike", strikes[:1], "force_plate")
    kinematic = _events("left", "foot_strike", strikes[2:3] + 3, "markers:x")
    markers = trial.markers.copy()
    later = np.arange(trial.n_frames) >= strikes[1] + 20
    feet = [trial.marker_labels.index(label) for label in ("LHEE", "LTOE")]
    markers[np.ix_(later, feet, [0])] += 400.0  # the left foot 400 mm further ahead from then on
    shifted = dataclasses.replace(trial, markers=markers)
    (moved,) = refine_with_templates(shifted, plate, kinematic)
    assert round(moved.time_s * RATE_HZ) == strikes[2]
