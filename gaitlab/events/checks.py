"""Sanity checks of gait events: alternation per side and plausible durations.

Per side, foot strikes and foot offs must alternate, and the time from a
strike to the next off (stance) and from an off to the next strike (swing)
must be physiologically possible. An event that breaks this is dropped with
a :class:`~gaitlab.errors.GaitlabWarning` naming it, so that no stride is
built from impossible events:

- two events of the same kind on a side closer than :data:`MIN_STRIDE_S`
  (a double detection): the later one is dropped;
- a stance shorter than :data:`MIN_STANCE_S` or a swing shorter than
  :data:`MIN_SWING_S`: the event closing it is dropped.

Two events of the same kind in a row that are far apart are kept: an event
between them is missing (for instance a foot that missed the force plates),
which the stride segmentation handles (:func:`gaitlab.cycles.strides`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDES
from gaitlab.errors import GaitlabWarning

__all__ = ["check_events", "MIN_STRIDE_S", "MIN_STANCE_S", "MIN_SWING_S"]

#: Shortest possible time (s) between two strikes (or two offs) of one foot.
MIN_STRIDE_S = 0.4

#: Shortest possible stance (s), strike to off of one foot.
MIN_STANCE_S = 0.1

#: Shortest possible swing (s), off to strike of one foot.
MIN_SWING_S = 0.1


def _problem(kind: str, previous_kind: str, gap_s: float) -> str | None:
    """Why an event of ``kind`` cannot follow one of ``previous_kind`` after ``gap_s`` (or None)."""
    if kind == previous_kind:
        if gap_s < MIN_STRIDE_S:
            return f"{gap_s:.3f} s after another {kind} (< {MIN_STRIDE_S} s)"
        return None
    if kind == "foot_off" and gap_s < MIN_STANCE_S:
        return f"stance of {gap_s:.3f} s (< {MIN_STANCE_S} s)"
    if kind == "foot_strike" and gap_s < MIN_SWING_S:
        return f"swing of {gap_s:.3f} s (< {MIN_SWING_S} s)"
    return None


def check_events(events: pd.DataFrame, source: str = "") -> pd.DataFrame:
    """Drop impossible events, warning about each.

    Parameters
    ----------
    events
        An events table (columns ``time_s, frame, side, kind, source``).
    source
        The file the events belong to, for the warning messages.

    Returns
    -------
    pandas.DataFrame
        The events that passed, time-ordered, with a fresh index.

    Warns
    -----
    GaitlabWarning
        Once per dropped event, naming its side, kind, time and the reason.
    """
    ordered = events.sort_values("time_s", kind="stable")
    times = ordered["time_s"].to_numpy(dtype=float)
    kinds = ordered["kind"].to_numpy(dtype=str)
    sides = ordered["side"].to_numpy(dtype=str)
    keep = np.ones(len(ordered), dtype=bool)
    where = f"{source}: " if source else ""
    for side in SIDES:
        previous = -1
        for position in np.flatnonzero(sides == side):
            reason = (
                None
                if previous < 0
                else _problem(kinds[position], kinds[previous], times[position] - times[previous])
            )
            if reason is None:
                previous = int(position)
                continue
            keep[position] = False
            warnings.warn(
                f"{where}dropped {side} {kinds[position]} at {times[position]:.3f} s: {reason}",
                GaitlabWarning,
                stacklevel=2,
            )
    return ordered[keep].reset_index(drop=True)
