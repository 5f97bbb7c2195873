"""Spatiotemporal parameters per stride, computed as Vicon Nexus computes them.

For a stride of one side from foot strike ``FS1`` to the next foot strike
``FS2`` (duration ``T``), with the side's own foot off ``FO`` and the
opposite foot's off ``oFO`` and strike ``oFS`` inside the stride:

- ``stride_time_s = T``; ``cadence_steps_per_min = 120 / T`` (two steps per
  stride, as Nexus reports it per side);
- ``stride_length_m``: horizontal displacement of the side's TOE marker from
  ``FS1`` to ``FS2`` (Nexus uses the toe marker: the heel differs by up to
  30 mm); ``speed_m_per_s = stride_length_m / T``;
- ``step_time_s = FS2 - oFS``; ``step_length_m``: the horizontal vector from
  the opposite TOE at ``oFS`` to the side's TOE at ``FS2``, projected on the
  stride direction (the side's TOE displacement ``FS1 -> FS2``) — this
  reproduces Nexus's step length to 0.1 mm on the validation files;
- ``step_width_m``: the same vector between the HEEL markers, its component
  perpendicular to the stride direction;
- ``foot_off_pct = stance_pct = 100 (FO - FS1) / T``, ``swing_pct = 100 - stance``;
- ``opposite_foot_off_pct``, ``opposite_foot_strike_pct`` as Nexus reports them;
- ``single_support_pct = 100 (oFS - oFO) / T``;
  ``double_support_pct = 100 ((oFO - FS1) + (FO - oFS)) / T``.

Percentages and steps need the events inside the stride; they are NaN when
one is missing. :func:`nexus_summary` picks, per side, the first stride that
holds ``oFO``, ``oFS`` and ``FO`` (as Nexus's ANALYSIS group does).
:func:`symmetry_indices` compares the sides (Robinson et al. 1987).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.cycles import STRIDE_COLUMNS, strides
from gaitlab.errors import GaitlabError, MissingMarkerError
from gaitlab.events import detect_events
from gaitlab.events.markers import marker_label
from gaitlab.trial import Trial

__all__ = [
    "compute_spatiotemporal",
    "nexus_summary",
    "symmetry_indices",
    "format_summary",
    "PARAMETER_COLUMNS",
    "SPATIOTEMPORAL_COLUMNS",
    "NEXUS_ANALYSIS_NAMES",
]

#: The per-stride parameters, unit-suffixed, in order.
PARAMETER_COLUMNS: tuple[str, ...] = (
    "stride_length_m",
    "step_length_m",
    "stride_time_s",
    "step_time_s",
    "cadence_steps_per_min",
    "speed_m_per_s",
    "stance_pct",
    "swing_pct",
    "single_support_pct",
    "double_support_pct",
    "foot_off_pct",
    "opposite_foot_off_pct",
    "opposite_foot_strike_pct",
    "step_width_m",
)

#: Columns of :func:`compute_spatiotemporal`, in order.
SPATIOTEMPORAL_COLUMNS: tuple[str, ...] = (*STRIDE_COLUMNS, *PARAMETER_COLUMNS)

#: Nexus ANALYSIS names -> the gaitlab column holding the same parameter.
NEXUS_ANALYSIS_NAMES: dict[str, str] = {
    "Stride Length": "stride_length_m",
    "Step Length": "step_length_m",
    "Stride Time": "stride_time_s",
    "Step Time": "step_time_s",
    "Cadence": "cadence_steps_per_min",
    "Walking Speed": "speed_m_per_s",
    "Foot Off": "foot_off_pct",
    "Opposite Foot Off": "opposite_foot_off_pct",
    "Opposite Foot Contact": "opposite_foot_strike_pct",
    "Single Support": "single_support_pct",
    "Double Support": "double_support_pct",
}


class EventsTableError(GaitlabError, ValueError):
    """An events table given to :func:`compute_spatiotemporal` lacks a needed column."""


def _empty() -> pd.DataFrame:
    columns: dict[str, pd.Series] = {"side": pd.Series(dtype=str)}
    for name in SPATIOTEMPORAL_COLUMNS[1:]:
        columns[name] = pd.Series(dtype=int if name.endswith("_frame") else float)
    return pd.DataFrame(columns)


def _first_inside(times: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Index of the first of sorted ``times`` strictly inside each (start, end), or -1."""
    if times.size == 0:
        return np.full(start.shape, -1)
    index = np.searchsorted(times, start, side="right")
    inside = (index < times.size) & (times[np.minimum(index, times.size - 1)] < end)
    return np.where(inside, index, -1)


def _positions(marker: np.ndarray, frames: np.ndarray) -> np.ndarray:
    """Horizontal positions ``(n, 2)`` of ``marker`` at ``frames`` (NaN where -1/outside)."""
    valid = (frames >= 0) & (frames < marker.shape[0])
    out = np.full((frames.size, 2), np.nan)
    out[valid] = marker[frames[valid], :2]
    return out


def _foot_marker(trial: Trial, side: str, name: str, markers: Mapping[str, str] | None) -> str:
    pig = f"{SIDE_PREFIX[side]}{name}"
    label = marker_label(trial, pig, markers)
    if label is None:
        raise MissingMarkerError(pig, trial.marker_labels, trial.provenance.source)
    return label


def _side_parameters(
    trial: Trial,
    events: pd.DataFrame,
    rows: pd.DataFrame,
    side: str,
    markers: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Parameters of one side's strides (vectorized over strides)."""
    other = SIDES[1 - SIDES.index(side)]

    start_t = rows["start_time_s"].to_numpy(float)
    end_t = rows["end_time_s"].to_numpy(float)
    start_f = rows["start_frame"].to_numpy(int)
    end_f = rows["end_frame"].to_numpy(int)
    duration = end_t - start_t

    def inside(which: str, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Time and frame of the first ``which``/``kind`` event inside each stride."""
        chosen = events[(events["side"] == which) & (events["kind"] == kind)]
        chosen = chosen.sort_values("time_s")
        times = chosen["time_s"].to_numpy(float)
        index = _first_inside(times, start_t, end_t)  # -1 picks the NaN / -1 sentinel
        return np.r_[times, np.nan][index], np.r_[chosen["frame"].to_numpy(int), -1][index]

    own_off_t, _ = inside(side, "foot_off")
    opp_off_t, _ = inside(other, "foot_off")
    opp_strike_t, opp_strike_f = inside(other, "foot_strike")

    toe = trial.marker(_foot_marker(trial, side, "TOE", markers))
    opp_toe = trial.marker(_foot_marker(trial, other, "TOE", markers))
    heel = trial.marker(_foot_marker(trial, side, "HEE", markers))
    opp_heel = trial.marker(_foot_marker(trial, other, "HEE", markers))
    stride_vector = _positions(toe, end_f) - _positions(toe, start_f)
    stride_mm = np.hypot(stride_vector[:, 0], stride_vector[:, 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        direction = stride_vector / stride_mm[:, None]
    step_vector = _positions(toe, end_f) - _positions(opp_toe, opp_strike_f)
    heel_vector = _positions(heel, end_f) - _positions(opp_heel, opp_strike_f)
    step_mm = np.sum(step_vector * direction, axis=1)
    width_mm = np.abs(direction[:, 0] * heel_vector[:, 1] - direction[:, 1] * heel_vector[:, 0])

    def pct(time_s: np.ndarray) -> np.ndarray:
        return 100.0 * (time_s - start_t) / duration

    stance = pct(own_off_t)
    table = rows.reset_index(drop=True).copy()
    table["stride_length_m"] = stride_mm / 1000.0
    table["step_length_m"] = step_mm / 1000.0
    table["stride_time_s"] = duration
    table["step_time_s"] = end_t - opp_strike_t
    table["cadence_steps_per_min"] = 120.0 / duration
    table["speed_m_per_s"] = stride_mm / 1000.0 / duration
    table["stance_pct"] = stance
    table["swing_pct"] = 100.0 - stance
    table["single_support_pct"] = pct(opp_strike_t) - pct(opp_off_t)
    table["double_support_pct"] = pct(opp_off_t) + stance - pct(opp_strike_t)
    table["foot_off_pct"] = stance
    table["opposite_foot_off_pct"] = pct(opp_off_t)
    table["opposite_foot_strike_pct"] = pct(opp_strike_t)
    table["step_width_m"] = width_mm / 1000.0
    return table


def compute_spatiotemporal(
    trial: Trial,
    events: pd.DataFrame | None = None,
    *,
    markers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Compute the spatiotemporal parameters of every stride.

    Parameters
    ----------
    trial
        The trial, with heel and toe markers (Plug-in Gait names, known
        aliases, or ``markers``).
    events
        An events table; by default ``detect_events(trial, "auto")``.
    markers
        Optional Plug-in Gait name -> trial label (e.g. ``{"LTOE": "LMT2"}``).

    Returns
    -------
    pandas.DataFrame
        One row per stride, columns :data:`SPATIOTEMPORAL_COLUMNS` (``side,
        start_time_s, end_time_s, start_frame, end_frame``, then the
        parameters). Empty with the same columns, and a
        :class:`~gaitlab.errors.GaitlabWarning`, when there is no stride.

    Raises
    ------
    MissingMarkerError
        When a heel or toe marker is absent.
    EventsTableError
        When ``events`` lacks ``time_s``, ``side`` or ``kind`` (``frame`` is
        computed from ``time_s`` when absent).
    """
    source = trial.provenance.source
    if events is None:
        events = detect_events(trial, "auto", markers=markers)
    missing = {"time_s", "side", "kind"} - set(events.columns)
    if missing:
        raise EventsTableError(
            f"events table for {source or 'trial'} lacks column(s) {sorted(missing)}; "
            "expected time_s, side, kind (and frame)"
        )
    if "frame" not in events.columns:
        events = events.assign(frame=trial.frame_of(events["time_s"].to_numpy(float)))
    table = strides(events, source)
    if table.empty:
        return _empty()
    parts = [
        _side_parameters(trial, events, table[table["side"] == side], side, markers)
        for side in SIDES
        if (table["side"] == side).any()
    ]
    return pd.concat(parts, ignore_index=True)[list(SPATIOTEMPORAL_COLUMNS)]


def nexus_summary(
    trial: Trial,
    events: pd.DataFrame | None = None,
    *,
    markers: Mapping[str, str] | None = None,
    per_stride: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One cycle per side, chosen as Vicon Nexus chooses it for its ANALYSIS values.

    Parameters
    ----------
    trial
        The trial.
    events
        An events table; by default ``detect_events(trial, "auto")``.
    markers
        Optional Plug-in Gait name -> trial label.
    per_stride
        Already computed :func:`compute_spatiotemporal` output, to reuse.

    Returns
    -------
    pandas.DataFrame
        Indexed by side (``left``, ``right``; a side without a complete cycle
        is absent), columns :data:`SPATIOTEMPORAL_COLUMNS` minus ``side``: the
        first stride of each side that holds the opposite foot off, the
        opposite foot strike and the side's own foot off.
    """
    table = (
        per_stride
        if per_stride is not None
        else compute_spatiotemporal(trial, events, markers=markers)
    )
    complete = table.dropna(
        subset=["opposite_foot_off_pct", "opposite_foot_strike_pct", "foot_off_pct"]
    )
    first = complete.sort_values("start_time_s").groupby("side", sort=False).head(1)
    summary = first.set_index("side")
    return summary.reindex([s for s in SIDES if s in summary.index])


def symmetry_indices(per_stride: pd.DataFrame) -> pd.Series:
    """Symmetry index of each parameter between the sides' mean values.

    ``SI = 100 (left - right) / (0.5 (left + right))`` (Robinson, Herzog &
    Nigg 1987, J Manipulative Physiol Ther 10:172): 0 is perfect symmetry,
    positive when the left value is larger.

    Parameters
    ----------
    per_stride
        Output of :func:`compute_spatiotemporal`.

    Returns
    -------
    pandas.Series
        Indexed by parameter name with a ``_si_pct`` suffix (e.g.
        ``stride_length_m_si_pct``); NaN when a side has no value.
    """
    means = per_stride.groupby("side")[list(PARAMETER_COLUMNS)].mean()
    means = means.reindex(list(SIDES))
    left, right = means.loc["left"], means.loc["right"]
    with np.errstate(invalid="ignore", divide="ignore"):
        index = 100.0 * (left - right) / (0.5 * (left + right))
    index.index = [f"{name}_si_pct" for name in index.index]
    return index


def format_summary(summary: pd.DataFrame) -> str:
    """Format a :func:`nexus_summary` as a few lines of text (one per side).

    Parameters
    ----------
    summary
        Output of :func:`nexus_summary`.

    Returns
    -------
    str
        E.g. ``"  left : stride 1.368 m in 1.090 s, cadence 110.1 steps/min, ..."``;
        a single explanatory line when the summary is empty.
    """
    if summary.empty:
        return "  spatiotemporal: no complete gait cycle (too few events)"
    lines = ["  spatiotemporal (first complete cycle per side, as Nexus):"]
    for side, row in summary.iterrows():
        lines.append(
            f"    {side:<5}: stride {row.stride_length_m:.3f} m in {row.stride_time_s:.3f} s, "
            f"cadence {row.cadence_steps_per_min:.1f} steps/min, "
            f"speed {row.speed_m_per_s:.3f} m/s, "
            f"foot off {row.foot_off_pct:.1f} %, double support {row.double_support_pct:.1f} %"
        )
    return "\n".join(lines)
