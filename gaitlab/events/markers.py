"""Gait events from marker trajectories: Zeni et al. 2008 and O'Connor et al. 2007.

Both methods work in the walking direction found by
:func:`gaitlab.kinematics.progression_frame` (not snapped to a lab axis), so
they give the same events whichever way the subject walks, and on a
treadmill (where the feet move back and forth relative to the pelvis).

Zeni (default)
    Zeni, Richards & Higginson 2008, Gait Posture 27:710, "coordinate-based
    treadmill algorithm": with ``x`` the position of a foot marker relative to
    the sacrum along the walking direction, a foot strike is a maximum of the
    heel's ``x`` and a foot off a minimum of the toe's ``x``.
O'Connor
    O'Connor, Thorpe, O'Malley & Vaughan 2007, Gait Posture 25:469, "foot
    velocity algorithm": the foot centre is the midpoint of the heel and toe
    markers; a foot strike is a minimum and a foot off a maximum of its
    vertical velocity. The vertical velocity has a second minimum in late
    swing and a second maximum in mid-swing; as O'Connor et al. did, the
    candidates are windowed: here each one is the extremum nearest to the
    Zeni event of the same foot and kind (within :data:`OCONNOR_WINDOW_S`).

Marker names default to Plug-in Gait (``LHEE``, ``LTOE``, ``SACR`` or
``LPSI``/``RPSI``, ``LASI``/``RASI``); a few common alternatives are
recognised (``LMT2``, ``L_FCC``, ``LPSIS``, ``L_IPS`` ...) and any other can be
given with ``markers={"LTOE": "LeftToe", ...}`` (Plug-in Gait name -> label).

Events are placed on frames (the methods have frame resolution). An extremum
at the first or last valid frame of a trajectory is not an event, so events in
the first and last few frames of a trial, and next to long marker gaps, are
not detected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.errors import MissingMarkerError
from gaitlab.kinematics.progression import progression_frame
from gaitlab.preprocessing import fill_gaps
from gaitlab.trial import Event, Trial

__all__ = [
    "FootMarkers",
    "foot_markers",
    "marker_label",
    "zeni_events",
    "oconnor_events",
    "walks_in_place",
    "MARKER_ALIASES",
    "MAX_GAP_S",
    "OCONNOR_WINDOW_S",
    "IN_PLACE_MAX_SPEED_M_PER_S",
]

#: Plug-in Gait name -> other labels that mean the same landmark, tried in order.
MARKER_ALIASES: dict[str, tuple[str, ...]] = {
    "LHEE": ("LHEEL", "L_FCC", "LCAL"),
    "RHEE": ("RHEEL", "R_FCC", "RCAL"),
    "LTOE": ("LMT2", "L_FM2", "L_TOE", "LFM2", "L_FM1"),
    "RTOE": ("RMT2", "R_FM2", "R_TOE", "RFM2", "R_FM1"),
    "LASI": ("LASIS", "L_IAS"),
    "RASI": ("RASIS", "R_IAS"),
    "LPSI": ("LPSIS", "L_IPS"),
    "RPSI": ("RPSIS", "R_IPS"),
    "SACR": ("SACRUM", "S1"),
}

#: Longest marker gap (s) filled (cubic spline, :func:`gaitlab.preprocessing.fill_gaps`)
#: before detection.
MAX_GAP_S = 0.1

#: Minimum time (s) between two events of the same foot and kind.
MIN_EVENT_INTERVAL_S = 0.35

#: Half-width (s) of the window around a Zeni event in which O'Connor's extremum is taken.
OCONNOR_WINDOW_S = 0.12

#: Mean forward speed (m/s) of the pelvis below which a walking trial is on a treadmill
#: (or in place); overground gait, even very slow pathological gait, is faster.
IN_PLACE_MAX_SPEED_M_PER_S = 0.1


@dataclass(frozen=True)
class FootMarkers:
    """The trajectories event detection needs, in mm, lab frame.

    Attributes
    ----------
    heel, toe
        Per side (``"left"``, ``"right"``): ``(n_frames, 3)`` positions.
    sacrum
        ``(n_frames, 3)``: ``SACR``, or the midpoint of the posterior iliac spines.
    forward
        ``(3,)`` unit walking direction in the lab frame (horizontal).
    labels
        Plug-in Gait name -> the trial label used for it.
    """

    heel: Mapping[str, np.ndarray]
    toe: Mapping[str, np.ndarray]
    sacrum: np.ndarray
    forward: np.ndarray
    labels: Mapping[str, str]


def marker_label(trial: Trial, name: str, markers: Mapping[str, str] | None = None) -> str | None:
    """Return the trial's label for Plug-in Gait marker ``name``, or None.

    Parameters
    ----------
    trial
        The trial.
    name
        A Plug-in Gait marker name (``"LHEE"``, ``"SACR"`` ...).
    markers
        Optional Plug-in Gait name -> trial label; checked first.

    Returns
    -------
    str or None
        ``markers[name]``, else ``name`` itself, else the first of its
        :data:`MARKER_ALIASES` the trial has; None when none is present.

    Raises
    ------
    MissingMarkerError
        When ``markers`` maps ``name`` to a label the trial lacks.
    """
    mapping = markers or {}
    if name in mapping:
        if not trial.has_markers(mapping[name]):
            raise MissingMarkerError(mapping[name], trial.marker_labels, trial.provenance.source)
        return mapping[name]
    for candidate in (name, *MARKER_ALIASES.get(name, ())):
        if trial.has_markers(candidate):
            return candidate
    return None


def foot_markers(trial: Trial, markers: Mapping[str, str] | None = None) -> FootMarkers:
    """Find the heel, toe and sacrum trajectories and the walking direction.

    Parameters
    ----------
    trial
        The trial.
    markers
        Optional Plug-in Gait name -> trial label, e.g. ``{"LTOE": "LMT2"}``,
        for marker sets the aliases in :data:`MARKER_ALIASES` do not cover.

    Returns
    -------
    FootMarkers
        The trajectories and the unit walking direction.

    Raises
    ------
    MissingMarkerError
        Naming the first marker that none of the known labels provides.
    """
    mapping = dict(markers or {})
    source = trial.provenance.source
    labels: dict[str, str] = {}
    for name in ("LHEE", "RHEE", "LTOE", "RTOE", "LASI", "RASI", "LPSI", "RPSI", "SACR"):
        label = marker_label(trial, name, mapping)
        if label is not None:
            labels[name] = label
    for name in ("LHEE", "RHEE", "LTOE", "RTOE"):
        if name not in labels:
            raise MissingMarkerError(name, trial.marker_labels, source)
    if "SACR" not in labels and not ("LPSI" in labels and "RPSI" in labels):
        raise MissingMarkerError("SACR", trial.marker_labels, source)
    # Only the markers used, with short gaps filled as the preprocessing stage does.
    used = sorted(set(labels.values()))
    subset = dataclasses.replace(
        trial,
        markers=trial.markers[:, [trial.marker_labels.index(label) for label in used]],
        marker_labels=tuple(used),
        model_outputs={},
    )
    filled, _ = fill_gaps(subset, int(round(MAX_GAP_S * trial.point_rate_hz)))

    def position(name: str) -> np.ndarray:
        return np.asarray(filled.marker(labels[name]))

    if "SACR" in labels:
        sacrum = position("SACR")
    else:
        sacrum = 0.5 * (position("LPSI") + position("RPSI"))
    pelvis: dict[str, np.ndarray] = {n: position(n) for n in ("LASI", "RASI") if n in labels}
    pelvis["SACR"] = sacrum
    frame = progression_frame(pelvis, snap_to_lab_axis=False)
    heel: dict[str, np.ndarray] = {side: position(f"{SIDE_PREFIX[side]}HEE") for side in SIDES}
    toe: dict[str, np.ndarray] = {side: position(f"{SIDE_PREFIX[side]}TOE") for side in SIDES}
    return FootMarkers(heel, toe, sacrum, frame.forward, labels)


def walks_in_place(trial: Trial, feet: FootMarkers) -> bool:
    """Tell whether the pelvis stays where it is (treadmill or stepping in place).

    Parameters
    ----------
    trial
        The trial (for its rate).
    feet
        Its trajectories, from :func:`foot_markers`.

    Returns
    -------
    bool
        True when the sacrum's mean speed along the walking direction, from its
        first to its last valid frame, is below :data:`IN_PLACE_MAX_SPEED_M_PER_S`.
    """
    forward_mm = feet.sacrum @ feet.forward
    valid = np.flatnonzero(np.isfinite(forward_mm))
    if valid.size < 2:
        return False
    duration_s = (valid[-1] - valid[0]) / trial.point_rate_hz
    distance_m = abs(forward_mm[valid[-1]] - forward_mm[valid[0]]) / 1000.0
    return bool(distance_m / duration_s < IN_PLACE_MAX_SPEED_M_PER_S)


def _peaks(signal: np.ndarray, min_distance: int, min_prominence: float) -> np.ndarray:
    """Frames of the maxima of ``signal``, found in each NaN-free run separately."""
    finite = np.isfinite(signal)
    edges = np.flatnonzero(np.diff(np.r_[0, finite.astype(np.int8), 0]))
    found = [
        start + find_peaks(signal[start:stop], distance=min_distance, prominence=min_prominence)[0]
        for start, stop in zip(edges[::2], edges[1::2], strict=True)
        if stop - start >= 3
    ]
    return np.concatenate(found) if found else np.array([], dtype=int)


def _events(trial: Trial, side: str, kind: str, frames: np.ndarray, source: str) -> list[Event]:
    times = (trial.first_frame + np.asarray(frames)) / trial.point_rate_hz
    return [Event(float(t), side, kind, source) for t in times]


def _zeni_frames(
    trial: Trial, feet: FootMarkers, side: str, kind: str, min_prominence_mm: float
) -> np.ndarray:
    """Frames of Zeni's events for one foot and kind."""
    marker = feet.heel[side] if kind == "foot_strike" else feet.toe[side]
    relative = (marker - feet.sacrum) @ feet.forward
    signal = relative if kind == "foot_strike" else -relative
    distance = max(1, int(round(MIN_EVENT_INTERVAL_S * trial.point_rate_hz)))
    return _peaks(signal, distance, min_prominence_mm)


def zeni_events(
    trial: Trial,
    markers: Mapping[str, str] | None = None,
    *,
    min_prominence_mm: float = 100.0,
) -> list[Event]:
    """Detect foot strikes and foot offs with Zeni et al.'s coordinate method.

    Parameters
    ----------
    trial
        A trial with heel, toe and pelvis markers.
    markers
        Optional Plug-in Gait name -> trial label (see :func:`foot_markers`).
    min_prominence_mm
        How far (mm) a foot must move back and forth relative to the sacrum
        for an extremum to count as a step; rejects jitter while standing.

    Returns
    -------
    list of Event
        Time-ordered events with ``source="markers:zeni"``.

    Raises
    ------
    MissingMarkerError
        When a heel, toe or pelvis marker is absent.

    References
    ----------
    Zeni JA, Richards JG, Higginson JS (2008). Two simple methods for
    determining gait events during treadmill and overground walking using
    kinematic data. Gait Posture 27(4):710-714.
    """
    feet = foot_markers(trial, markers)
    events = [
        event
        for side in SIDES
        for kind in ("foot_strike", "foot_off")
        for event in _events(
            trial,
            side,
            kind,
            _zeni_frames(trial, feet, side, kind, min_prominence_mm),
            "markers:zeni",
        )
    ]
    return sorted(events, key=lambda e: e.time_s)


def _nearest_candidates(anchors: np.ndarray, candidates: np.ndarray, window: int) -> np.ndarray:
    """For each anchor frame, the nearest sorted candidate within ``window`` (-1 if none)."""
    if candidates.size == 0 or anchors.size == 0:
        return np.full(anchors.shape, -1)
    position = np.searchsorted(candidates, anchors)
    before = candidates[np.clip(position - 1, 0, candidates.size - 1)]
    after = candidates[np.clip(position, 0, candidates.size - 1)]
    nearest = np.where(np.abs(anchors - before) <= np.abs(after - anchors), before, after)
    return np.where(np.abs(nearest - anchors) <= window, nearest, -1)


def oconnor_events(
    trial: Trial,
    markers: Mapping[str, str] | None = None,
    *,
    min_prominence_mm: float = 100.0,
    min_velocity_prominence_mm_per_s: float = 20.0,
    feet: FootMarkers | None = None,
) -> list[Event]:
    """Detect foot strikes and foot offs with O'Connor et al.'s foot-velocity method.

    Parameters
    ----------
    trial
        A trial with heel, toe and pelvis markers (the pelvis for the Zeni
        windows).
    markers
        Optional Plug-in Gait name -> trial label (see :func:`foot_markers`).
    min_prominence_mm
        Passed to the Zeni detection that places the windows.
    min_velocity_prominence_mm_per_s
        Smallest prominence (mm/s) of a vertical-velocity extremum.
    feet
        The trial's trajectories when already found by :func:`foot_markers`
        (not found again).

    Returns
    -------
    list of Event
        Time-ordered events with ``source="markers:oconnor"``. A Zeni event
        with no velocity extremum within :data:`OCONNOR_WINDOW_S` gives none.

    Raises
    ------
    MissingMarkerError
        When a heel, toe or pelvis marker is absent.

    References
    ----------
    O'Connor CM, Thorpe SK, O'Malley MJ, Vaughan CL (2007). Automatic
    detection of gait events using kinematic data. Gait Posture 25(3):469-474.
    """
    feet = feet if feet is not None else foot_markers(trial, markers)
    window = max(1, int(round(OCONNOR_WINDOW_S * trial.point_rate_hz)))
    events: list[Event] = []
    for side in SIDES:
        centre_z = 0.5 * (feet.heel[side][:, 2] + feet.toe[side][:, 2])
        velocity = np.gradient(centre_z) * trial.point_rate_hz
        for kind, sign in (("foot_strike", -1.0), ("foot_off", 1.0)):
            candidates = _peaks(sign * velocity, 1, min_velocity_prominence_mm_per_s)
            anchors = _zeni_frames(trial, feet, side, kind, min_prominence_mm)
            chosen = _nearest_candidates(anchors, candidates, window)
            frames = np.unique(chosen[chosen >= 0])
            events.extend(_events(trial, side, kind, frames, "markers:oconnor"))
    return sorted(events, key=lambda e: e.time_s)
