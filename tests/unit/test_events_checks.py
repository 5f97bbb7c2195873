"""Event sanity checks: alternation and plausible durations."""

from __future__ import annotations

import pandas as pd
import pytest

from gaitlab.errors import GaitlabWarning
from gaitlab.events.checks import check_events


def _table(rows):
    return pd.DataFrame(
        [(t, round(t * 100), side, kind, "test") for t, side, kind in rows],
        columns=["time_s", "frame", "side", "kind", "source"],
    )


def test_plausible_events_pass_untouched():
    events = _table(
        [
            (0.0, "left", "foot_strike"),
            (0.1, "right", "foot_off"),
            (0.5, "right", "foot_strike"),
            (0.62, "left", "foot_off"),
            (1.0, "left", "foot_strike"),
        ]
    )
    checked = check_events(events)
    pd.testing.assert_frame_equal(checked, events)


def test_double_detection_is_dropped_with_a_warning():
    events = _table(
        [(0.0, "left", "foot_strike"), (0.05, "left", "foot_strike"), (0.6, "left", "foot_off")]
    )
    with pytest.warns(GaitlabWarning, match=r"dropped left foot_strike at 0\.050 s"):
        checked = check_events(events, "walk.c3d")
    assert checked.time_s.tolist() == [0.0, 0.6]


@pytest.mark.parametrize(
    ("rows", "dropped"),
    [
        ([(0.0, "right", "foot_strike"), (0.05, "right", "foot_off")], "stance"),
        ([(0.0, "right", "foot_off"), (0.05, "right", "foot_strike")], "swing"),
    ],
)
def test_impossible_stance_or_swing_is_dropped(rows, dropped):
    with pytest.warns(GaitlabWarning, match=dropped):
        checked = check_events(_table(rows))
    assert len(checked) == 1


def test_missing_event_is_not_an_impossible_one():
    # two strikes a stride apart with the off missing: keep both
    events = _table([(0.0, "left", "foot_strike"), (1.1, "left", "foot_strike")])
    assert len(check_events(events)) == 2
