"""Write a :class:`~gaitlab.trial.Trial` to a C3D file (via ezc3d), the way Vicon Nexus does.

What is written, so that :func:`gaitlab.io.load_trial` reads the same trial back:

- ``POINT``: markers in mm (``UNITS "mm"``) followed by the model outputs,
  whose labels are listed in ``POINT:ANGLES``/``FORCES``/``MOMENTS``/... by
  category, angles in degrees (``ANGLE_UNITS "deg"``). A NaN sample is written
  as an invalid point (residual -1, coordinates 0); valid points have residual 0.
  Coordinates are stored as 32-bit floats, so they round-trip to float32
  precision.
- ``EVENT``: one entry per event: ``CONTEXTS`` ``Left``/``Right``/``General``,
  ``LABELS`` ``Foot Strike``/``Foot Off`` (other kinds keep their label),
  ``TIMES`` 2 x N (row 0 minutes = 0, row 1 seconds from the start of the
  capture, as Nexus writes them), ``ICON_IDS`` 1 for strikes, 2 for offs,
  ``USED``.
- ``SUBJECTS:NAMES`` and ``PROCESSING`` with the Nexus names (``Bodymass``,
  ``Height``, ``InterAsisDistance``, ``MarkerDiameter``, ``LLegLength``,
  ``LKneeWidth``, ``LAnkleWidth``, ``LAsisTrocanterDistance``,
  ``LTibialTorsion``, ``LThighRotation``, ``LShankRotation``,
  ``LStaticPlantFlex``, ``LStaticRotOff``, ``LSoleDelta`` and right), angles
  in **radians** as Nexus 2.x writes them; unknown values are not written.
  ``Subject.extra`` values are written under their own names.
- ``MANUFACTURER``: ``COMPANY "gaitlab"``, ``SOFTWARE "gaitlab <version>"``.
- The header's first frame is :attr:`Trial.first_frame`.

Not written (a :class:`~gaitlab.errors.GaitlabWarning` says so): analog
channels, force plates, IMU signals and the file's ANALYSIS values.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from gaitlab.conventions import MODEL_OUTPUT_CATEGORIES
from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.trial import Event, Subject, Trial

__all__ = ["write_c3d", "C3DWriteError", "MAX_FRAMES", "MAX_EVENTS"]

#: Nexus PROCESSING name -> Subject attribute.
_BODY_PARAMETERS = {
    "Bodymass": "mass_kg",
    "Height": "height_mm",
    "InterAsisDistance": "inter_asis_distance_mm",
    "MarkerDiameter": "marker_diameter_mm",
}
#: Nexus per-side PROCESSING name (after L/R) -> SideMeasurements attribute, is-angle.
_SIDE_PARAMETERS = {
    "LegLength": ("leg_length_mm", False),
    "KneeWidth": ("knee_width_mm", False),
    "AnkleWidth": ("ankle_width_mm", False),
    "AsisTrocanterDistance": ("asis_trochanter_distance_mm", False),
    "SoleDelta": ("sole_delta_mm", False),
    "TibialTorsion": ("tibial_torsion_deg", True),
    "ThighRotation": ("thigh_rotation_deg", True),
    "ShankRotation": ("shank_rotation_deg", True),
    "StaticPlantFlex": ("static_plantarflexion_deg", True),
    "StaticRotOff": ("static_rotation_offset_deg", True),
}
_EVENT_LABELS = {"foot_strike": "Foot Strike", "foot_off": "Foot Off"}
_EVENT_ICONS = {"foot_strike": 1, "foot_off": 2}
_EVENT_DESCRIPTIONS = {
    "foot_strike": "The instant the heel strikes the ground",
    "foot_off": "The instant the toe leaves the ground",
}
_CONTEXTS = {"left": "Left", "right": "Right", "": "General"}


#: Frames a C3D header can count (16-bit last frame).
MAX_FRAMES = 65535
#: Entries a C3D parameter dimension can hold (one byte), so events per file.
MAX_EVENTS = 255


class C3DWriteError(GaitlabError, OSError):
    """A trial could not be written as C3D; the message names the file and why."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"cannot write {self.path}: {problem}")


def _processing(subject: Subject) -> dict[str, float]:
    """Return the PROCESSING values of ``subject`` with Nexus names (angles in radians)."""
    values: dict[str, float] = {}
    for name, attribute in _BODY_PARAMETERS.items():
        value = getattr(subject, attribute)
        if value is not None:
            values[name] = float(value)
    for prefix, side in (("L", subject.left), ("R", subject.right)):
        for name, (attribute, is_angle) in _SIDE_PARAMETERS.items():
            value = getattr(side, attribute)
            if value is not None:
                values[prefix + name] = math.radians(value) if is_angle else float(value)
    for name, value in subject.extra.items():
        values.setdefault(name, float(value))
    return values


def _points(trial: Trial) -> tuple[list[str], np.ndarray, dict[str, list[str]], dict[str, str]]:
    """Labels, ``(4, n_points, n_frames)`` data and per-category output labels and units."""
    labels = list(trial.marker_labels)
    blocks = [np.transpose(trial.markers, (1, 0, 2))]  # (n_markers, n_frames, 3)
    by_category: dict[str, list[str]] = {c: [] for c in MODEL_OUTPUT_CATEGORIES}
    units: dict[str, str] = {}
    for output in trial.model_outputs.values():
        label = output.label or output.name
        labels.append(label)
        by_category[output.category].append(label)
        units.setdefault(output.category, output.unit)
        blocks.append(output.values[None, :, :])
    xyz = np.concatenate(blocks, axis=0) if blocks else np.zeros((0, trial.n_frames, 3))
    data = np.ones((4, xyz.shape[0], trial.n_frames))
    data[:3] = np.moveaxis(xyz, 2, 0)
    return labels, data, by_category, units


def _event_fields(event: Event) -> tuple[str, str, str, int]:
    """Context, label, description and icon of one event."""
    label = _EVENT_LABELS.get(event.kind) or event.label or event.kind
    return (
        _CONTEXTS.get(event.side, "General"),
        label,
        _EVENT_DESCRIPTIONS.get(event.kind, ""),
        _EVENT_ICONS.get(event.kind, 0),
    )


def _write_events(c3d: Any, events: tuple[Event, ...], subject_name: str) -> None:
    """Fill the EVENT group at once (ezc3d's ``add_event`` rewrites it per event)."""
    fields = [_event_fields(event) for event in events]
    times = np.zeros((2, len(events)))
    times[1] = [event.time_s for event in events]
    c3d.add_parameter("EVENT", "USED", [len(events)])
    c3d.add_parameter("EVENT", "CONTEXTS", [f[0] for f in fields])
    c3d.add_parameter("EVENT", "LABELS", [f[1] for f in fields])
    c3d.add_parameter("EVENT", "DESCRIPTIONS", [f[2] for f in fields])
    c3d.add_parameter("EVENT", "SUBJECTS", [subject_name] * len(events))
    c3d.add_parameter("EVENT", "TIMES", times)
    c3d.add_parameter("EVENT", "ICON_IDS", [f[3] for f in fields])
    c3d.add_parameter("EVENT", "GENERIC_FLAGS", [0] * len(events))


def _check_limits(trial: Trial, path: Path) -> None:
    """Refuse what a C3D file cannot hold (the header and parameter sizes)."""
    problems = []
    if trial.first_frame + trial.n_frames > MAX_FRAMES:
        problems.append(
            f"the trial ends at frame {trial.first_frame + trial.n_frames} but a C3D header "
            f"counts at most {MAX_FRAMES} frames; split the trial"
        )
    if len(trial.events) > MAX_EVENTS:
        problems.append(
            f"the trial has {len(trial.events)} events but C3D's EVENT parameters hold at most "
            f"{MAX_EVENTS}; write fewer (e.g. trial.with_events(...)) or split the trial"
        )
    if problems:
        raise C3DWriteError(path, "; ".join(problems))


def _warn_dropped(trial: Trial, path: Path) -> None:
    dropped = [
        name
        for name, present in (
            ("analog channels", trial.analogs is not None),
            ("force plates", bool(trial.force_plates)),
            ("IMU signals", bool(trial.imu)),
            ("ANALYSIS values", bool(trial.analysis)),
        )
        if present
    ]
    if dropped:
        warnings.warn(
            f"{path}: write_c3d does not write {', '.join(dropped)}; they are left out",
            GaitlabWarning,
            stacklevel=3,
        )


def write_c3d(trial: Trial, path: str | Path) -> Path:
    """Write ``trial`` to the C3D file ``path`` (see the module notes for what is stored).

    Parameters
    ----------
    trial
        The trial to write; markers in mm, NaN for missing samples.
    path
        Destination; its folder must exist. An existing file is replaced.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    C3DWriteError
        When the folder does not exist, the path is a folder, the trial is
        longer than :data:`MAX_FRAMES` frames or has more than
        :data:`MAX_EVENTS` events (C3D cannot hold them), or ezc3d cannot
        write the file.
    """
    import ezc3d

    from gaitlab import __version__

    path = Path(path)
    if path.is_dir():
        raise C3DWriteError(path, "is a directory, expected a file name ending in .c3d")
    if not path.parent.is_dir():
        raise C3DWriteError(path, f"folder {path.parent} does not exist")
    _check_limits(trial, path)
    _warn_dropped(trial, path)

    c3d: Any = ezc3d.c3d()
    labels, data, by_category, units = _points(trial)
    invalid = np.isnan(data[:3]).any(axis=0)
    data[:3, invalid] = 0.0
    residuals = np.where(invalid, -1.0, 0.0)[None, :, :]
    point = c3d["parameters"]["POINT"]
    point["RATE"]["value"] = [float(trial.point_rate_hz)]
    point["LABELS"]["value"] = tuple(labels)
    point["DESCRIPTIONS"]["value"] = tuple("" for _ in labels)
    point["UNITS"]["value"] = ["mm"]
    c3d["data"]["points"] = data
    c3d["data"]["meta_points"]["residuals"] = residuals
    c3d["header"]["points"]["first_frame"] = int(trial.first_frame)
    for category, listed in by_category.items():
        if listed:
            c3d.add_parameter("POINT", category.upper(), listed)
            c3d.add_parameter("POINT", category[:-1].upper() + "_UNITS", [units[category]])

    c3d.add_parameter("MANUFACTURER", "COMPANY", ["gaitlab"])
    c3d.add_parameter("MANUFACTURER", "SOFTWARE", [f"gaitlab {__version__}"])
    name = trial.subject.name or "subject"
    c3d.add_parameter("SUBJECTS", "USED", [1])
    c3d.add_parameter("SUBJECTS", "NAMES", [name])
    c3d.add_parameter("SUBJECTS", "USES_PREFIXES", [0])
    c3d.add_parameter("SUBJECTS", "IS_STATIC", [0])
    for parameter, value in _processing(trial.subject).items():
        c3d.add_parameter("PROCESSING", parameter, [value])
    if trial.events:
        _write_events(c3d, trial.events, name)

    try:
        c3d.write(str(path))
    except (RuntimeError, OSError, ValueError) as error:
        raise C3DWriteError(path, f"ezc3d failed: {error}") from None
    return path
