"""Gait events the trial already carries (C3D ``EVENT`` group and the like).

Readers store events as :class:`~gaitlab.trial.Event` with the file's label;
most give a side and a kind (``foot_strike``/``foot_off``). Some files give
neither and encode both in the label (Qualisys ``LHS``, ``RTO`` ...): those
are understood too. Events that are not foot strikes or foot offs
(``general`` ...) are left out.
"""

from __future__ import annotations

import re

from gaitlab.conventions import EVENT_KINDS, SIDES
from gaitlab.trial import Event, Trial

__all__ = ["file_events", "parse_event_label"]

_SIDE_WORDS = {"l": "left", "left": "left", "r": "right", "right": "right"}
_KIND_WORDS = {
    "hs": "foot_strike",
    "fs": "foot_strike",
    "ic": "foot_strike",
    "foot strike": "foot_strike",
    "foot contact": "foot_strike",
    "heel strike": "foot_strike",
    "initial contact": "foot_strike",
    "to": "foot_off",
    "fo": "foot_off",
    "tc": "foot_off",
    "foot off": "foot_off",
    "toe off": "foot_off",
    "final contact": "foot_off",
    "terminal contact": "foot_off",
}
_LABEL = re.compile(r"^\s*(left|right|l|r)?[\s_:-]*(.+?)\s*$", re.IGNORECASE)


def parse_event_label(label: str) -> tuple[str, str] | None:
    """Read a side and a gait-event kind from a label such as ``"LHS"`` or ``"Right Foot Off"``.

    Parameters
    ----------
    label
        The label as stored in the file.

    Returns
    -------
    tuple of (side, kind) or None
        ``side`` is ``"left"``, ``"right"`` or ``""``; None when the label is
        not a foot strike or foot off.

    Examples
    --------
    >>> parse_event_label("LHS")
    ('left', 'foot_strike')
    >>> parse_event_label("Foot Off")
    ('', 'foot_off')
    >>> parse_event_label("General") is None
    True
    """
    text = label.strip().lower().replace("_", " ")
    if text in _KIND_WORDS:
        return "", _KIND_WORDS[text]
    match = _LABEL.match(text)
    if match is None:
        return None
    side_word, rest = match.group(1), match.group(2).strip()
    if rest not in _KIND_WORDS:
        return None
    return _SIDE_WORDS.get(side_word or "", ""), _KIND_WORDS[rest]


def file_events(trial: Trial) -> list[Event]:
    """Return the trial's own foot strikes and foot offs with a known side.

    Parameters
    ----------
    trial
        The trial whose :attr:`~gaitlab.trial.Trial.events` are read.

    Returns
    -------
    list of Event
        Time-ordered events with ``source="file"``; events whose side or kind
        cannot be told are left out.
    """
    found = []
    for event in trial.events:
        side, kind = event.side, event.kind
        if kind not in EVENT_KINDS or side not in SIDES:
            parsed = parse_event_label(event.label or event.kind)
            if parsed is None:
                continue
            side = side if side in SIDES else parsed[0]
            kind = kind if kind in EVENT_KINDS else parsed[1]
        if side in SIDES and kind in EVENT_KINDS:
            found.append(Event(event.time_s, side, kind, "file", event.label))
    return sorted(found, key=lambda e: e.time_s)
