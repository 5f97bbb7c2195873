"""Refine marker events with force-plate events as templates ("autocorrelation").

A force plate times a contact precisely, but sees only the contacts on it.
The marker trajectories around a plate-timed event are a template of what the
foot does at that event; every marker event of the same foot and kind is
moved, by at most :data:`MAX_SHIFT_S`, to where the trajectories best match
the template (least squares over :data:`HALF_WINDOW_S` either side, each
channel's mean removed). This is the idea of Vicon Nexus's "Autocorrelate
events" operation; the features here are the heel and toe positions relative
to the sacrum along the walking direction and their heights.

On the validation files whose stored events come from the plates, it raises
the share of marker events within one frame of them (e.g. 75 % -> 100 % on
gaitalytics_test_small.c3d); see ``tests/integration``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from gaitlab.conventions import SIDES
from gaitlab.events.markers import foot_markers
from gaitlab.trial import Event, Trial

__all__ = ["refine_with_templates", "HALF_WINDOW_S", "MAX_SHIFT_S"]

#: Half-width (s) of the trajectory window compared around an event.
HALF_WINDOW_S = 0.1

#: Largest shift (s) applied to a marker event.
MAX_SHIFT_S = 0.04


def _features(trial: Trial, markers: Mapping[str, str] | None) -> dict[str, np.ndarray]:
    """Per side ``(n_frames, 4)``: heel and toe forward of the sacrum, heel and toe height, mm."""
    feet = foot_markers(trial, markers)
    out: dict[str, np.ndarray] = {}
    for side in SIDES:
        heel, toe = feet.heel[side], feet.toe[side]
        out[side] = np.stack(
            [
                (heel - feet.sacrum) @ feet.forward,
                (toe - feet.sacrum) @ feet.forward,
                heel[:, 2],
                toe[:, 2],
            ],
            axis=1,
        )
    return out


def _centred_windows(features: np.ndarray, half: int) -> np.ndarray:
    """``(n_frames - 2 half, 2 half + 1, 4)`` windows, each channel's mean removed."""
    windows = sliding_window_view(features, 2 * half + 1, axis=0).transpose(0, 2, 1)
    return windows - np.nanmean(windows, axis=1, keepdims=True)


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
    windows = {side: _centred_windows(f, half) for side, f in _features(trial, markers).items()}
    shifts = np.arange(-max_shift, max_shift + 1)
    refined = []
    for event in kinematic:
        templates = [
            int(trial.frame_of(p.time_s)) - half
            for p in plate
            if p.side == event.side and p.kind == event.kind
        ]
        side_windows = windows[event.side]
        templates = [t for t in templates if 0 <= t < len(side_windows)]
        starts = int(trial.frame_of(event.time_s)) - half + shifts
        inside = (starts >= 0) & (starts < len(side_windows))
        if not templates or not inside.any():
            refined.append(event)
            continue
        candidates = side_windows[starts[inside]]  # (n_shifts, window, 4)
        reference = side_windows[templates]  # (n_templates, window, 4)
        difference = candidates[:, None] - reference[None, :]
        cost = np.nansum(difference**2, axis=(1, 2, 3))
        shift = int(shifts[inside][np.argmin(cost)])
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
