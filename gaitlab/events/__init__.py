"""Gait events: from the file, force plates or markers, checked, as a table.

``detect_events(trial, method)`` returns a DataFrame with columns
:data:`EVENT_TABLE_COLUMNS` (``time_s, frame, side, kind, source``): side
``left``/``right``, kind ``foot_strike``/``foot_off``, and the source of each
event (``file``, ``force_plate``, ``markers:zeni``, ``markers:oconnor``).

Methods
-------
``file``
    The events the trial carries (:mod:`~gaitlab.events.from_file`).
``force_plate``
    Vertical-force threshold on each plate (:mod:`~gaitlab.events.force_plate`).
``zeni``, ``oconnor``
    Marker-based detection (:mod:`~gaitlab.events.markers`).
``auto`` (default)
    The file's events when it has any. On a treadmill (the pelvis stays in
    place, :func:`~gaitlab.events.markers.walks_in_place`), marker events
    (O'Connor's method) alone: an instrumented treadmill's belts miss the
    contacts of crossover steps, and on the validation treadmill trial
    (gaitalytics_treadmill_events.c3d, 41 stored events) O'Connor's events
    are 98 % within one frame of the stored ones, the belts' 67 %.
    Overground, force-plate events, with
    marker events (O'Connor's method) for the contacts no plate saw. A
    marker event within :data:`MERGE_WINDOW_S` of a plate event of the
    same foot and kind is replaced by the plate event. A plate event
    between :data:`MERGE_WINDOW_S` and :data:`CONFLICT_S` away from the
    marker event is taken for a contact the plate saw only part of (its
    force rose late) and is dropped in favour of the marker event; contacts
    with the heel or toe marker beside the plate are already left out by
    :func:`~gaitlab.events.force_plate.force_plate_events`. The remaining
    marker events are then aligned to the plate events of the same foot and
    kind by template matching of the heel and toe heights
    (:mod:`~gaitlab.events.template`, as Nexus's "autocorrelate events").
    On the Nexus overground files whose stored events come from the plates
    (gaitalytics_test_small, btk_PiG_Motion3_FF_N18, FlatFoot-Hole) every
    event is then within one frame of Nexus's. O'Connor's method is used
    here rather than Zeni's because it matched the events Nexus stored in
    the validation files much more closely (see
    ``tests/integration/test_nexus_events_spatiotemporal.py``).

Every table passes :func:`~gaitlab.events.checks.check_events`, which drops
impossible events with a warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from gaitlab.errors import GaitlabError, GaitlabWarning, MissingMarkerError
from gaitlab.events.checks import check_events
from gaitlab.events.force_plate import THRESHOLD_N, force_plate_events
from gaitlab.events.from_file import file_events
from gaitlab.events.markers import foot_markers, oconnor_events, walks_in_place, zeni_events
from gaitlab.events.template import refine_with_templates
from gaitlab.trial import Event, Trial

__all__ = [
    "detect_events",
    "with_events",
    "events_table",
    "empty_events_table",
    "check_events",
    "file_events",
    "force_plate_events",
    "zeni_events",
    "oconnor_events",
    "EVENT_METHODS",
    "TimeNormalisedTrialError",
    "UnknownEventMethodError",
    "EVENT_TABLE_COLUMNS",
    "MERGE_WINDOW_S",
    "CONFLICT_S",
]

#: Columns of every events table, in order.
EVENT_TABLE_COLUMNS: tuple[str, ...] = ("time_s", "frame", "side", "kind", "source")

#: Methods :func:`detect_events` accepts.
EVENT_METHODS: tuple[str, ...] = ("auto", "file", "force_plate", "zeni", "oconnor")

#: A marker event this close (s) to a plate event of the same foot and kind is the same event.
MERGE_WINDOW_S = 0.05

#: A plate event farther than MERGE_WINDOW_S but closer than this (s) to a marker event of the
#: same foot and kind is a partial contact (part of the foot off the plate): the marker event wins.
CONFLICT_S = 0.3


class UnknownEventMethodError(GaitlabError, ValueError):
    """``method`` is not one of :data:`EVENT_METHODS`."""


class TimeNormalisedTrialError(GaitlabError, ValueError):
    """The trial's frames are percent of a cycle, not time (e.g. a Nexus ``Analysis.c3d``)."""


def empty_events_table() -> pd.DataFrame:
    """Return an events table with the right columns and no rows."""
    dtypes = {"time_s": float, "frame": int, "side": str, "kind": str, "source": str}
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def events_table(trial: Trial, events: list[Event]) -> pd.DataFrame:
    """Turn events into a table with columns :data:`EVENT_TABLE_COLUMNS`.

    Parameters
    ----------
    trial
        The trial the events belong to (for the frame numbers).
    events
        The events.

    Returns
    -------
    pandas.DataFrame
        Time-ordered; ``frame`` is the 0-based data row of each event.
    """
    if not events:
        return empty_events_table()
    times = np.array([e.time_s for e in events], dtype=float)
    table = pd.DataFrame(
        {
            "time_s": times,
            "frame": np.asarray(trial.frame_of(times), dtype=int),
            "side": [e.side for e in events],
            "kind": [e.kind for e in events],
            "source": [e.source for e in events],
        }
    )
    return table.sort_values("time_s", kind="stable").reset_index(drop=True)


def _merge(plate: list[Event], kinematic: list[Event]) -> list[Event]:
    """Merge plate and marker events of the same foot and kind (see the module docstring)."""

    def gaps(event: Event, others: list[Event]) -> list[float]:
        return [
            abs(o.time_s - event.time_s)
            for o in others
            if o.side == event.side and o.kind == event.kind
        ]

    trusted = [
        p for p in plate if all(g <= MERGE_WINDOW_S or g >= CONFLICT_S for g in gaps(p, kinematic))
    ]
    merged = list(trusted)
    merged += [k for k in kinematic if all(g > MERGE_WINDOW_S for g in gaps(k, trusted))]
    return sorted(merged, key=lambda e: e.time_s)


def _auto(trial: Trial, markers: Mapping[str, str] | None, threshold_n: float) -> list[Event]:
    own = file_events(trial)
    if own:
        return own
    with warnings.catch_warnings():
        # "No plates" is not a problem when markers can do the job.
        warnings.simplefilter("ignore", GaitlabWarning)
        plate = force_plate_events(trial, markers, threshold_n=threshold_n)
    try:
        feet = foot_markers(trial, markers)
        kinematic = oconnor_events(trial, markers, feet=feet)
    except MissingMarkerError as error:
        if not plate:
            raise
        warnings.warn(
            f"{trial.provenance.source or 'trial'}: only force-plate events ({error})",
            GaitlabWarning,
            stacklevel=3,
        )
        return plate
    if walks_in_place(trial, feet):
        return kinematic
    merged = _merge(plate, kinematic)
    from_plates = [e for e in merged if e.source == "force_plate"]
    from_markers = [e for e in merged if e.source != "force_plate"]
    return sorted(
        from_plates + refine_with_templates(trial, from_plates, from_markers, markers),
        key=lambda e: e.time_s,
    )


def detect_events(
    trial: Trial,
    method: str = "auto",
    *,
    markers: Mapping[str, str] | None = None,
    threshold_n: float = THRESHOLD_N,
) -> pd.DataFrame:
    """Find the foot strikes and foot offs of a trial.

    Parameters
    ----------
    trial
        The trial.
    method
        One of :data:`EVENT_METHODS` (see the module docstring).
    markers
        Optional Plug-in Gait name -> trial label for marker sets that differ
        from Plug-in Gait, e.g. ``{"LTOE": "LMT2", "RTOE": "RMT2"}``.
    threshold_n
        Force-plate loading threshold, N. The default, 20 N, reproduces the
        plate events Vicon Nexus stores; the plate events of the Qualisys
        (QTM) validation file are reproduced within one frame by 2-5 N.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`EVENT_TABLE_COLUMNS`, time-ordered, checked by
        :func:`~gaitlab.events.checks.check_events`. Empty (with the same
        columns) and a :class:`~gaitlab.errors.GaitlabWarning` when no event
        is found.

    Raises
    ------
    UnknownEventMethodError
        When ``method`` is not one of :data:`EVENT_METHODS`.
    TimeNormalisedTrialError
        When the trial is already time-normalised (no time axis to find events on).
    MissingMarkerError
        When a marker method needs a marker the trial lacks.

    Examples
    --------
    >>> from gaitlab.trial import Event, Trial
    >>> import numpy as np
    >>> trial = Trial(np.zeros((200, 0, 3)), (), 100.0,
    ...               events=(Event(0.5, "left", "foot_strike"), Event(1.1, "left", "foot_off")))
    >>> detect_events(trial)[["frame", "side", "kind", "source"]].values.tolist()
    [[50, 'left', 'foot_strike', 'file'], [110, 'left', 'foot_off', 'file']]
    """
    detectors: dict[str, Callable[[], list[Event]]] = {
        "auto": lambda: _auto(trial, markers, threshold_n),
        "file": lambda: file_events(trial),
        "force_plate": lambda: force_plate_events(trial, markers, threshold_n=threshold_n),
        "zeni": lambda: zeni_events(trial, markers),
        "oconnor": lambda: oconnor_events(trial, markers),
    }
    if method not in detectors:
        raise UnknownEventMethodError(
            f"unknown event method {method!r}; expected one of {', '.join(EVENT_METHODS)}"
        )
    source = trial.provenance.source
    if trial.time_normalised:
        raise TimeNormalisedTrialError(
            f"{source or 'trial'} is time-normalised (its frames are 0-100 % of a gait cycle); "
            "gait events need a recording in time"
        )
    table = events_table(trial, detectors[method]())
    if table.empty:
        warnings.warn(
            f"{source or 'trial'}: no gait events found with method {method!r}",
            GaitlabWarning,
            stacklevel=2,
        )
        return table
    return check_events(table, source)


def with_events(trial: Trial, method: str = "auto", **options: object) -> Trial:
    """Return a copy of ``trial`` whose events are the ones :func:`detect_events` finds.

    Parameters
    ----------
    trial
        The trial (unchanged).
    method
        As for :func:`detect_events`.
    **options
        Passed to :func:`detect_events` (``markers=``, ``threshold_n=``).

    Returns
    -------
    Trial
        A copy with the detected events (each with its source).
    """
    table = detect_events(trial, method, **options)  # type: ignore[arg-type]
    events = tuple(
        Event(float(time_s), str(side), str(kind), str(source))
        for time_s, side, kind, source in table[["time_s", "side", "kind", "source"]].to_numpy()
    )
    return trial.with_events(events)
