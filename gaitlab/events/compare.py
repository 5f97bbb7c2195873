"""Match detected gait events to reference events (e.g. the ones Nexus stored).

Rules, so that numbers from different methods and files mean the same:

1. Only events of the same side and kind are paired. Pairs are formed in order
   of increasing time difference, each event used at most once, and only when
   the difference is at most ``max_offset_s`` (default 0.1 s).
2. Reference files rarely mark every event of a recording, so a side is
   assessed only from its first to its last reference event (any kind), with
   ``max_offset_s`` slack for the detected events.
3. Events near the ends of a recording cannot always be detected (a marker
   extremum needs frames on both sides; a plate contact that starts before the
   recording has no onset). ``span_s`` restricts the comparison to the part of
   the recording where detection is possible; callers typically pass the
   recording minus 0.1 s at each end.

A reference event left unpaired is *missed*; a detected event left unpaired
is *spurious*.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gaitlab.conventions import EVENT_KINDS, SIDES

__all__ = ["match_events", "MATCH_COLUMNS"]

#: Columns of :func:`match_events`.
MATCH_COLUMNS = ("side", "kind", "status", "reference_time_s", "detected_time_s", "error_s")


def _pairs(reference: np.ndarray, detected: np.ndarray, max_offset_s: float) -> list[tuple]:
    """Greedy one-to-one pairs (i_ref, i_det) by increasing |difference|."""
    difference = np.abs(detected[None, :] - reference[:, None])
    rows, cols = np.nonzero(difference <= max_offset_s)
    order = np.argsort(difference[rows, cols], kind="stable")
    used_ref: set[int] = set()
    used_det: set[int] = set()
    pairs = []
    for i, j in zip(rows[order], cols[order], strict=True):
        if i not in used_ref and j not in used_det:
            used_ref.add(int(i))
            used_det.add(int(j))
            pairs.append((int(i), int(j)))
    return pairs


def match_events(
    detected: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    max_offset_s: float = 0.1,
    span_s: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Pair detected events with reference events.

    Parameters
    ----------
    detected, reference
        Events tables with columns ``time_s, side, kind``.
    max_offset_s
        Largest time difference of a pair, s.
    span_s
        ``(start, end)`` capture times (s) where detection is possible; events
        outside are not assessed. Default: everything.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MATCH_COLUMNS`; ``status`` is ``matched``, ``missed`` or
        ``spurious``; ``error_s = detected - reference`` for matched rows.

    Examples
    --------
    >>> ref = pd.DataFrame({"time_s": [1.0, 2.0], "side": "left", "kind": "foot_strike"})
    >>> det = pd.DataFrame({"time_s": [1.01, 1.5], "side": "left", "kind": "foot_strike"})
    >>> match_events(det, ref).status.tolist()
    ['matched', 'missed', 'spurious']
    """
    low, high = span_s if span_s is not None else (-np.inf, np.inf)
    rows: list[tuple] = []
    for side in SIDES:
        ref_side = reference[(reference["side"] == side) & reference["time_s"].between(low, high)]
        if ref_side.empty:
            continue
        first = float(ref_side["time_s"].min()) - max_offset_s
        last = float(ref_side["time_s"].max()) + max_offset_s
        window = detected["time_s"].between(max(first, low), min(last, high))
        det_side = detected[(detected["side"] == side) & window]
        for kind in EVENT_KINDS:
            ref_times = ref_side.loc[ref_side["kind"] == kind, "time_s"].to_numpy(float)
            det_times = det_side.loc[det_side["kind"] == kind, "time_s"].to_numpy(float)
            pairs = _pairs(ref_times, det_times, max_offset_s)
            paired_ref = {i for i, _ in pairs}
            paired_det = {j for _, j in pairs}
            rows += [
                (side, kind, "matched", ref_times[i], det_times[j], det_times[j] - ref_times[i])
                for i, j in pairs
            ]
            rows += [
                (side, kind, "missed", t, np.nan, np.nan)
                for i, t in enumerate(ref_times)
                if i not in paired_ref
            ]
            rows += [
                (side, kind, "spurious", np.nan, t, np.nan)
                for j, t in enumerate(det_times)
                if j not in paired_det
            ]
    return pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
