"""Events the trial carries: labels, sides and kinds as files spell them."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.events import detect_events, with_events
from gaitlab.events.from_file import file_events, parse_event_label
from gaitlab.trial import Event, Trial


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("LHS", ("left", "foot_strike")),
        ("RTO", ("right", "foot_off")),
        ("Right Foot Off", ("right", "foot_off")),
        ("Foot Strike", ("", "foot_strike")),
        ("l_ic", ("left", "foot_strike")),
        ("Event", None),
        ("General", None),
        ("", None),
    ],
)
def test_parse_event_label(label, expected):
    assert parse_event_label(label) == expected


def _trial(events):
    return Trial(np.zeros((300, 0, 3)), (), 100.0, first_frame=50, events=tuple(events))


def test_file_events_reads_sides_from_labels_and_skips_others():
    trial = _trial(
        [
            Event(1.0, "", "lhs", "file", "LHS"),
            Event(1.2, "right", "foot_off", "file", "Foot Off"),
            Event(1.4, "", "general", "file", "General"),
            Event(1.6, "", "foot_strike", "file", "Foot Strike"),  # no side: unusable
        ]
    )
    found = file_events(trial)
    assert [(e.time_s, e.side, e.kind, e.source) for e in found] == [
        (1.0, "left", "foot_strike", "file"),
        (1.2, "right", "foot_off", "file"),
    ]


def test_detect_events_file_frames_use_first_frame():
    trial = _trial([Event(1.0, "left", "foot_strike"), Event(1.6, "left", "foot_off")])
    table = detect_events(trial, "file")
    assert table.frame.tolist() == [50, 110]
    assert list(table.columns) == ["time_s", "frame", "side", "kind", "source"]


def test_with_events_returns_a_copy_with_sources():
    trial = _trial([Event(1.0, "left", "foot_strike", "file", "Foot Strike")])
    copy = with_events(trial, "file")
    assert copy is not trial
    assert [(e.side, e.kind, e.source) for e in copy.events] == [("left", "foot_strike", "file")]
    assert trial.events[0].label == "Foot Strike"  # the original is untouched


def test_unknown_method_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown event method 'magic'"):
        detect_events(_trial([]), "magic")


def test_time_normalised_trial_is_refused_with_a_clear_error():
    import dataclasses

    trial = dataclasses.replace(_trial([Event(0.0, "left", "foot_strike")]), time_normalised=True)
    with pytest.raises(ValueError, match="time-normalised"):
        detect_events(trial)
