"""Refine marker events with force-plate events as templates ("autocorrelation").

A force plate times a contact precisely, but sees only the contacts on it.
The marker trajectories around a plate-timed event are a template of what the
foot does at that event; every marker event of the same foot and kind is
moved, by at most :data:`MAX_SHIFT_S`, to where the trajectories best match
the templates (least squares over :data:`HALF_WINDOW_S` either side, averaged
over the templates). This is the idea of Vicon Nexus's "Autocorrelate events"
operation. The trajectories compared are the heights of the heel and toe
markers above the lab floor, as they are: on a level walkway a foot lands and
leaves at the same marker heights every step, whereas its position along the
walkway or relative to the pelvis varies with speed and step length.

Measured on the Nexus files whose stored events come from plates plus
autocorrelation (gaitalytics_test_small, btk_PiG_Motion3_FF/_noFF/_FF_N18,
FlatFoot-Hole), every refined event is within one frame of the stored one
(O'Connor's events alone: 50-70 % within one frame, up to 5 frames off). The
choice was measured against alternatives: heel/toe positions relative to the
sacrum along the walking direction (with or without heights), 3-D positions,
velocities, each window's mean removed or not, windows of 0.03-0.2 s.
Mean-removed features and windows of 0.1 s or more leave 1-2 events per file
2-5 frames off; windows of 0.04-0.08 s on the raw heights all give the same,
best result. Templates of the other foot made it worse (up to 6 frames), so
only the same foot's are used.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from gaitlab.conventions import SIDES
from gaitlab.events.markers import foot_markers
from gaitlab.trial import Event, Trial

__all__ = ["refine_with_templates", "HALF_WINDOW_S", "MAX_SHIFT_S"]

#: Half-width (s) of the trajectory window compared around an event.
HALF_WINDOW_S = 0.06

#: Largest shift (s) applied to a marker event.
MAX_SHIFT_S = 0.04


def _heights(trial: Trial, markers: Mapping[str, str] | None) -> dict[str, np.ndarray]:
    """Per side ``(n_frames, 2)``: heel and toe marker heights in the lab, mm."""
    feet = foot_markers(trial, markers)
    return {side: np.stack([feet.heel[side][:, 2], feet.toe[side][:, 2]], axis=1) for side in SIDES}


def refine_with_templates(
    trial: Trial,
    plate: list[Event],
    kinematic: list[Event],
    markers: Mapping[str, str] | None = None,
) -> list[Event]:
    """Move marker events to where the trajectories match plate-timed templates.

    Parameters
    ----------
    trial
        The trial the events belong to.
    plate
        Events timed by force plates (the templates).
    kinematic
        Marker events to refine.
    markers
        Optional Plug-in Gait name -> trial label.

    Returns
    -------
    list of Event
        ``kinematic`` with refined times (source gets a ``+plate_template``
        suffix when an event was compared); unchanged when there is no
        template of the same foot and kind.
    """
    rate = trial.point_rate_hz
    half = int(round(HALF_WINDOW_S * rate))
    max_shift = int(round(MAX_SHIFT_S * rate))
    if not plate or trial.n_frames <= 2 * half + 1:
        return list(kinematic)
    windows = {  # (n_frames - 2 half, 2 half + 1, 2): the window centred on each frame
        side: sliding_window_view(f, 2 * half + 1, axis=0).transpose(0, 2, 1)
        for side, f in _heights(trial, markers).items()
    }
    shifts = np.arange(-max_shift, max_shift + 1)
    refined = []
    for event in kinematic:
        side_windows = windows[event.side]
        templates = np.array(
            [
                int(trial.frame_of(p.time_s)) - half
                for p in plate
                if p.side == event.side and p.kind == event.kind
            ],
            dtype=int,
        )
        templates = templates[(templates >= 0) & (templates < len(side_windows))]
        starts = int(trial.frame_of(event.time_s)) - half + shifts
        inside = (starts >= 0) & (starts < len(side_windows))
        if not templates.size or not inside.any():
            refined.append(event)
            continue
        candidates = side_windows[starts[inside]]  # (n_shifts, window, 2)
        reference = side_windows[templates]  # (n_templates, window, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a window of gaps only stays NaN
            squared = np.nanmean((candidates[:, None] - reference[None, :]) ** 2, axis=(2, 3))
            cost = np.nanmean(squared, axis=1)
        if not np.isfinite(cost).any():
            refined.append(event)
            continue
        shift = int(shifts[inside][np.nanargmin(cost)])
        refined.append(
            Event(
                event.time_s + shift / rate,
                event.side,
                event.kind,
                f"{event.source}+plate_template",
                event.label,
            )
        )
    return refined
