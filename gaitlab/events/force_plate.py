"""Gait events from force plates: vertical force threshold, foot by marker position.

A contact is a run of samples whose vertical force, less the plate's unloaded
level, exceeds a threshold (20 N by default). Short runs and runs whose peak
stays small are noise and are dropped. The onset of a contact is a foot strike
and its end a foot off, unless the run touches the start or the end of the
recording (then that end is unknown). Each contact is given to the foot whose
heel or toe marker lies over the plate (horizontally inside its corners, with
a margin) and nearest the centre of pressure shortly after the onset (before
the end for the foot off), among the feet whose heel or toe is within
:data:`LOW_FOOT_MM` of its stance level (a foot swinging over the plate is not
loading it); a contact no foot is over is dropped with a
:class:`GaitlabWarning`.

Each event is put on the point frame nearest the analog threshold crossing
(the first loaded sample for a strike, the first unloaded one for an off;
halves round up), as Vicon Nexus stores them: with the default 20 N this
reproduces, to the frame, every plate event Nexus 2.10
(gaitalytics_test_small.c3d) and Nexus 1.8.5 (btk_PiG_Motion3_FF_N18.c3d)
stored (thresholds of 16-20 N do; 10 N and 25 N do not).

A contact counts only when the whole foot is on the plate: the heel marker
over the plate at the strike and the toe marker at the off (within
:data:`PLATE_MARGIN_MM`). Otherwise the plate saw part of the foot (the heel
landed beside it, as in BTK's FlatFoot-Hole trial, whose force rises 87 ms
after the foot strike Nexus stored) and neither edge is the foot's event;
the contact is dropped with a :class:`GaitlabWarning`, as Nexus does not use
such a plate for events.

Several plates: an edge where the foot is at the same time the one loading
another plate (the foot moving from one plate, or treadmill belt, to the next)
is not an event. Treadmill belts (instrumented split-belt treadmills) work
when each foot lands on its own belt. When both feet load one plate at the
same time (a crossover step), the force never drops below the threshold
between them: the first foot's strike and the second foot's off are found,
the second foot's strike and the first foot's off are not. Telling them apart
would need a centre-of-pressure jump analysis this module does not do; such
events are missing, not wrong.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.errors import GaitlabWarning
from gaitlab.events.markers import marker_label
from gaitlab.trial import Event, ForcePlate, Trial

__all__ = [
    "force_plate_events",
    "contact_intervals",
    "THRESHOLD_N",
    "MIN_CONTACT_S",
    "MIN_PEAK_N",
    "PLATE_MARGIN_MM",
    "LOW_FOOT_MM",
]

#: Vertical force (N) above which a plate is loaded.
THRESHOLD_N = 20.0

#: Shortest contact (s); shorter runs above the threshold are noise.
MIN_CONTACT_S = 0.1

#: Smallest peak vertical force (N) of a real foot contact.
MIN_PEAK_N = 100.0

#: Margin (mm) around the plate's corners within which a marker counts as over the plate.
PLATE_MARGIN_MM = 50.0

#: Height (mm) above its stance level under which a heel or toe marker can be loading a plate.
LOW_FOOT_MM = 25.0

#: Time (s) after onset / before the end at which the loading foot is chosen.
_ASSIGN_DELAY_S = 0.03


def _zero_level_n(vertical_force_n: np.ndarray, min_peak_n: float) -> float:
    """Return the unloaded level of a plate: the median of the samples below ``min_peak_n``.

    An unzeroed plate reads tens of newtons at rest (gaitalytics_test_small.c3d:
    -14 N and -31 N on two of its plates), which a 20 N threshold would take for
    a load. A plate that is never below ``min_peak_n`` (loaded throughout) is
    taken as zeroed.
    """
    quiet = vertical_force_n[np.abs(vertical_force_n) < min_peak_n]
    return float(np.median(quiet)) if quiet.size else 0.0


def contact_intervals(
    vertical_force_n: np.ndarray,
    rate_hz: float,
    *,
    threshold_n: float = THRESHOLD_N,
    min_contact_s: float = MIN_CONTACT_S,
    min_peak_n: float = MIN_PEAK_N,
) -> np.ndarray:
    """Find the contacts in a vertical force signal.

    Parameters
    ----------
    vertical_force_n
        ``(n_samples,)`` vertical force, N (its sign is ignored; its unloaded
        level, the median of the samples below ``min_peak_n``, is removed first).
    rate_hz
        Sampling rate of the force.
    threshold_n, min_contact_s, min_peak_n
        Loading threshold, shortest contact and smallest peak force.

    Returns
    -------
    numpy.ndarray
        ``(n_contacts, 2)`` int half-open sample ranges ``[start, stop)``.

    Examples
    --------
    >>> force = np.r_[np.zeros(10), np.full(30, 500.0), np.zeros(10)]
    >>> contact_intervals(force, 100.0).tolist()
    [[10, 40]]
    """
    raw = np.nan_to_num(np.asarray(vertical_force_n, dtype=float))
    force = np.abs(raw - _zero_level_n(raw, min_peak_n))
    loaded = force > threshold_n
    edges = np.flatnonzero(np.diff(np.r_[0, loaded.astype(np.int8), 0]))
    runs = edges.reshape(-1, 2)
    if runs.size == 0:
        return np.empty((0, 2), dtype=int)
    long_enough = (runs[:, 1] - runs[:, 0]) >= min_contact_s * rate_hz
    # reduceat spans each start to the next start, so mask the unloaded samples first.
    peaks = np.maximum.reduceat(np.where(loaded, force, 0.0), runs[:, 0])
    strong = peaks >= min_peak_n
    return np.asarray(runs[long_enough & strong], dtype=int)


def _over_plate(points_mm: np.ndarray, plate: ForcePlate, margin_mm: float) -> np.ndarray:
    """Tell where points ``(n, 3)`` lie horizontally inside the plate (+ margin)."""
    corners = plate.corners_mm[:, :2]
    low = corners.min(axis=0) - margin_mm
    high = corners.max(axis=0) + margin_mm
    xy = points_mm[..., :2]
    return np.all((xy >= low) & (xy <= high), axis=-1)


def _foot_points(trial: Trial, markers: Mapping[str, str] | None) -> dict[str, np.ndarray] | None:
    """Heel and toe per side as ``(n_frames, 2, 3)``, or None without foot markers.

    Z is replaced by the height above the marker's own stance level (its 2nd
    percentile over the trial), so that feet of any marker height compare.
    """
    feet: dict[str, np.ndarray] = {}
    for side in SIDES:
        prefix = SIDE_PREFIX[side]
        labels = [marker_label(trial, f"{prefix}{name}", markers) for name in ("HEE", "TOE")]
        if None in labels:
            return None
        points = np.stack([trial.marker(str(label)) for label in labels], axis=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN marker stays NaN
            stance_level = np.nanpercentile(points[:, :, 2], 2, axis=0)
        points[:, :, 2] -= stance_level
        feet[side] = points
    return feet


def _assign_side(
    trial: Trial, plate: ForcePlate, feet: dict[str, np.ndarray], sample: int
) -> str | None:
    """Return the side whose heel or toe is over ``plate`` and nearest its COP at ``sample``."""
    frame = int(np.clip(round(sample * trial.point_rate_hz / plate.rate_hz), 0, trial.n_frames - 1))
    cop = plate.cop_mm[min(sample, plate.cop_mm.shape[0] - 1), :2]
    best, best_distance = None, np.inf
    for side in SIDES:
        points = feet[side][frame]
        over = _over_plate(points, plate, PLATE_MARGIN_MM) & (points[:, 2] <= LOW_FOOT_MM)
        if not over.any():
            continue
        # Nearest the centre of pressure; without one (unloaded edge), the lowest foot.
        distance = (
            float(np.min(np.linalg.norm(points[over, :2] - cop, axis=1)))
            if np.isfinite(cop).all()
            else float(np.min(points[over, 2]))
        )
        if distance < best_distance:
            best, best_distance = side, distance
    return best


def _contacts(
    trial: Trial, threshold_n: float, min_contact_s: float, min_peak_n: float
) -> list[tuple[int, list[tuple[int, str]]]]:
    """Return ``(plate index, [(sample, kind), ...])`` per contact, edges inside the recording."""
    contacts = []
    for index, plate in enumerate(trial.force_plates):
        intervals = contact_intervals(
            plate.force_n[:, 2],
            plate.rate_hz,
            threshold_n=threshold_n,
            min_contact_s=min_contact_s,
            min_peak_n=min_peak_n,
        )
        for start, stop in intervals:
            edges = []
            if start > 0:
                edges.append((int(start), "foot_strike"))
            if stop < plate.force_n.shape[0]:
                edges.append((int(stop), "foot_off"))
            if edges:
                contacts.append((index, edges))
    return contacts


def _point_frame(trial: Trial, plate: ForcePlate, sample: int) -> int:
    """Return the data row of the point frame nearest analog ``sample`` (halves round up)."""
    frame = int(np.floor(sample * trial.point_rate_hz / plate.rate_hz + 0.5))
    return min(max(frame, 0), trial.n_frames - 1)


def _whole_foot_on(
    trial: Trial, plate: ForcePlate, feet: dict[str, np.ndarray], frame: int, kind: str, side: str
) -> bool:
    """Tell whether the marker that leads the contact edge is over the plate.

    At a foot strike the heel marker, at a foot off the toe marker, must lie
    over the plate (within :data:`PLATE_MARGIN_MM`); otherwise part of the
    foot is beside the plate and the force edge is not the foot's event.
    """
    point = feet[side][frame, 0 if kind == "foot_strike" else 1]
    return bool(_over_plate(point, plate, PLATE_MARGIN_MM))


def _on_another_plate(
    trial: Trial,
    feet: dict[str, np.ndarray],
    index: int,
    sample: int,
    kind: str,
    side: str,
    threshold_n: float,
) -> bool:
    """Return True when ``side`` is loading another plate across this edge.

    Just before a strike (or just after an off) on plate ``index``, the foot
    must not be the one loading another plate; if it is, the edge is a foot
    moving between adjacent plates (or treadmill belts), not a strike or off.
    """
    rate_hz = trial.force_plates[index].rate_hz
    time_s = (sample - 1 if kind == "foot_strike" else sample) / rate_hz
    for other_index, other in enumerate(trial.force_plates):
        other_sample = int(round(time_s * other.rate_hz))
        if other_index == index or not 0 <= other_sample < other.force_n.shape[0]:
            continue
        loaded = abs(other.force_n[other_sample, 2]) > threshold_n
        if loaded and _assign_side(trial, other, feet, other_sample) == side:
            return True
    return False


def force_plate_events(
    trial: Trial,
    markers: Mapping[str, str] | None = None,
    *,
    threshold_n: float = THRESHOLD_N,
    min_contact_s: float = MIN_CONTACT_S,
    min_peak_n: float = MIN_PEAK_N,
) -> list[Event]:
    """Detect foot strikes and foot offs on the trial's force plates.

    Parameters
    ----------
    trial
        A trial with force plates and heel/toe markers (Plug-in Gait names or
        the aliases of :data:`gaitlab.events.markers.MARKER_ALIASES`).
    markers
        Optional Plug-in Gait name -> trial label, e.g. ``{"LTOE": "LMT2"}``.
    threshold_n
        Vertical force (N) above which a plate is loaded (default 20 N).
    min_contact_s, min_peak_n
        Shortest contact and smallest peak force of a real foot contact.

    Returns
    -------
    list of Event
        Time-ordered events with ``source="force_plate"``, each on the point
        frame nearest its threshold crossing. Empty, with a warning, when the
        trial has no plates or no foot markers.
    """
    source = trial.provenance.source or "trial"
    if not trial.force_plates:
        warnings.warn(
            f"{source}: no force plates; no force-plate events", GaitlabWarning, stacklevel=2
        )
        return []
    feet = _foot_points(trial, markers)
    if feet is None:
        warnings.warn(
            f"{source}: heel/toe markers needed to tell which foot loads a plate; "
            "no force-plate events",
            GaitlabWarning,
            stacklevel=2,
        )
        return []
    events: list[Event] = []
    unassigned = partial = 0
    for index, edges in _contacts(trial, threshold_n, min_contact_s, min_peak_n):
        plate = trial.force_plates[index]
        delay = int(round(_ASSIGN_DELAY_S * plate.rate_hz))
        found = []
        for sample, kind in edges:
            at = sample + delay if kind == "foot_strike" else sample - 1 - delay
            side = _assign_side(trial, plate, feet, at)
            if side is None:
                unassigned += 1
                continue
            found.append((sample, _point_frame(trial, plate, sample), side, kind))
        # A foot partly beside the plate at either edge times neither of its edges.
        partly_on = {
            side
            for _, frame, side, kind in found
            if not _whole_foot_on(trial, plate, feet, frame, kind, side)
        }
        partial += len(partly_on)
        events += [
            Event((trial.first_frame + frame) / trial.point_rate_hz, side, kind, "force_plate")
            for sample, frame, side, kind in found
            if side not in partly_on
            and not _on_another_plate(trial, feet, index, sample, kind, side, threshold_n)
        ]
    if partial:
        warnings.warn(
            f"{source}: {partial} foot contact(s) with the heel (at the strike) or the "
            "toe (at the off) beside the plate were dropped (the plate saw part of the foot)",
            GaitlabWarning,
            stacklevel=2,
        )
    if unassigned:
        warnings.warn(
            f"{source}: {unassigned} force-plate contact edge(s) with no foot over the plate "
            "were dropped",
            GaitlabWarning,
            stacklevel=2,
        )
    return sorted(events, key=lambda e: e.time_s)
