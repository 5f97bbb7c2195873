"""Gait events from a C3D ``EVENT`` group.

C3D stores events as parallel parameters ``EVENT:LABELS``, ``EVENT:CONTEXTS``
and ``EVENT:TIMES``; writers group them by label rather than by time, store
the times as a 2 x N array of (minutes, seconds) or flat, and name the side
either in the context (Nexus: ``"Left"``/``"Right"`` with ``"Foot Strike"``)
or in the label itself (Qualisys: ``LHS``, ``RTO``). This module turns them
into :class:`~gaitlab.trial.Event` objects with side ``left``/``right``/``""``
and kind ``foot_strike``/``foot_off`` (other labels keep their lower-case
label as kind).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from gaitlab.trial import Event

__all__ = ["event_side_and_kind", "event_times_s", "parse_events"]

_KIND_WORDS = {
    "footstrike": "foot_strike",
    "fs": "foot_strike",
    "hs": "foot_strike",
    "heelstrike": "foot_strike",
    "ic": "foot_strike",
    "initialcontact": "foot_strike",
    "footcontact": "foot_strike",
    "footoff": "foot_off",
    "fo": "foot_off",
    "to": "foot_off",
    "toeoff": "foot_off",
    "tc": "foot_off",
    "finalcontact": "foot_off",
}
_SIDE_WORDS = {"left": "left", "l": "left", "right": "right", "r": "right"}
_SIDED_LABEL = re.compile(r"^(left|right|l|r)(.+)$")


def _squash(text: str) -> str:
    """Lower-case ``text`` and drop spaces, underscores and dashes."""
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def event_side_and_kind(label: str, context: str = "") -> tuple[str, str]:
    """Return ``(side, kind)`` of one C3D event.

    Parameters
    ----------
    label
        ``EVENT:LABELS`` entry: ``"Foot Strike"``, ``"LHS"``, ``"Left Foot Off"`` ...
    context
        ``EVENT:CONTEXTS`` entry: ``"Left"``, ``"Right"``, ``"General"`` or ``""``.

    Returns
    -------
    tuple of str
        Side ``"left"``, ``"right"`` or ``""``; kind ``"foot_strike"``,
        ``"foot_off"`` or, for any other event, the label in lower case
        (``"event"`` when the label is empty). A side named by the context
        wins over one carried by the label.

    Examples
    --------
    >>> event_side_and_kind("Foot Strike", "Left")
    ('left', 'foot_strike')
    >>> event_side_and_kind("RTO")
    ('right', 'foot_off')
    >>> event_side_and_kind("Start", "General")
    ('', 'start')
    """
    squashed = _squash(label)
    context_side = _SIDE_WORDS.get(_squash(context), "")
    if squashed in _KIND_WORDS:
        return context_side, _KIND_WORDS[squashed]
    match = _SIDED_LABEL.match(squashed)
    if match and match.group(2) in _KIND_WORDS:
        return context_side or _SIDE_WORDS[match.group(1)], _KIND_WORDS[match.group(2)]
    return context_side, label.strip().lower() or "event"


def event_times_s(times: np.ndarray, n_events: int) -> np.ndarray:
    """Return ``n_events`` event times in s from a C3D ``EVENT:TIMES`` value.

    Parameters
    ----------
    times
        ``(2, N)`` rows (minutes, seconds) as the C3D standard stores them, a
        flat ``(2 N,)`` array of interleaved (minutes, seconds) pairs, or a
        flat ``(N,)`` array of seconds.
    n_events
        How many events the labels describe.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` seconds from the start of the capture, ``n <= n_events``.
    """
    values = np.asarray(times, dtype=float)
    if values.ndim == 2 and values.shape[0] == 2:
        seconds = 60.0 * values[0] + values[1]
    elif values.ndim == 1 and values.size == 2 * n_events and n_events > 0:
        pairs = values.reshape(n_events, 2)
        seconds = 60.0 * pairs[:, 0] + pairs[:, 1]
    else:
        seconds = values.ravel()
    return seconds[:n_events]


def parse_events(
    labels: Sequence[str],
    contexts: Sequence[str],
    times: np.ndarray,
    used: int | None = None,
) -> tuple[Event, ...]:
    """Build the events of a C3D ``EVENT`` group, sorted by time.

    Parameters
    ----------
    labels, contexts, times
        ``EVENT:LABELS``, ``EVENT:CONTEXTS`` (may be shorter or empty) and
        ``EVENT:TIMES`` (see :func:`event_times_s`).
    used
        ``EVENT:USED`` when present; at most this many events are read.

    Returns
    -------
    tuple of Event
        With ``source="file"`` and the original label; events whose time is
        not finite are dropped.
    """
    n_events = len(labels) if used is None else min(len(labels), max(int(used), 0))
    seconds = event_times_s(times, n_events)
    events = []
    for i, time_s in enumerate(seconds):
        if not np.isfinite(time_s):
            continue
        label = str(labels[i])
        context = str(contexts[i]) if i < len(contexts) else ""
        side, kind = event_side_and_kind(label, context)
        events.append(Event(float(time_s), side, kind, source="file", label=label.strip()))
    return tuple(sorted(events, key=lambda e: e.time_s))
