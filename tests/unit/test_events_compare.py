"""Matching detected events to reference events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gaitlab.events.compare import MATCH_COLUMNS, match_events


def _table(rows):
    return pd.DataFrame(rows, columns=["time_s", "side", "kind"])


def test_pairs_closest_first_one_to_one_and_reports_misses_and_spurious():
    reference = _table(
        [(1.00, "left", "foot_strike"), (2.00, "left", "foot_strike"), (1.6, "left", "foot_off")]
    )
    detected = _table(
        [
            (1.02, "left", "foot_strike"),
            (0.99, "left", "foot_strike"),  # closer: takes the 1.00 reference
            (1.62, "right", "foot_off"),  # wrong side: not a match
        ]
    )
    table = match_events(detected, reference)
    assert list(table.columns) == list(MATCH_COLUMNS)
    matched = table[table.status == "matched"]
    assert matched.detected_time_s.tolist() == [0.99]
    np.testing.assert_allclose(matched.error_s, [-0.01])
    assert sorted(table[table.status == "missed"].reference_time_s) == [1.6, 2.0]
    # 1.02 is spurious; the right foot off is outside the right side's (empty) reference
    assert table[table.status == "spurious"].detected_time_s.tolist() == [1.02]


def test_only_the_reference_span_and_the_detectable_span_are_assessed():
    reference = _table([(1.0, "left", "foot_strike"), (2.0, "left", "foot_strike")])
    detected = _table(
        [(0.3, "left", "foot_strike"), (1.0, "left", "foot_strike"), (3.0, "left", "foot_strike")]
    )
    table = match_events(detected, reference, span_s=(0.5, 1.5))
    assert table.status.tolist() == ["matched"]  # 2.0 outside the span; 0.3, 3.0 outside
