"""The in-memory trial model that every reader produces and every stage reads.

A :class:`Trial` is a frozen dataclass of time-first numpy arrays in fixed
units (markers in mm, angles in degrees, time in s, rates in Hz, IMU
acceleration in m/s^2 and angular rate in deg/s). It is validated once, in
its constructor, which lists every problem at once; its arrays are made
read-only so that no stage can change a trial behind another's back. Use
:func:`dataclasses.replace` to derive a changed copy.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from gaitlab.conventions import EVENT_KINDS, MODEL_OUTPUT_CATEGORIES, SIDES
from gaitlab.errors import MissingMarkerError, TrialValidationError

__all__ = [
    "Trial",
    "Event",
    "AnalogData",
    "ForcePlate",
    "ImuSensor",
    "ModelOutput",
    "AnalysisValue",
    "SideMeasurements",
    "Subject",
    "Provenance",
    "EVENT_COLUMNS",
]

#: Columns of :meth:`Trial.events_table`, in order.
EVENT_COLUMNS = ("time_s", "frame", "side", "kind", "source", "label")


def _frozen_array(values: Any, dtype: Any = np.float64) -> np.ndarray:
    """Return ``values`` as a read-only array of ``dtype``.

    Arrays that are already read-only and of the right dtype (for example those
    of another Trial, when :func:`dataclasses.replace` derives a copy) are
    shared rather than copied; anything else is copied so that the caller's
    array cannot change the trial afterwards.
    """
    if isinstance(values, np.ndarray) and values.dtype == dtype and not values.flags.writeable:
        return values
    array = np.array(values, dtype=dtype, copy=True)
    array.setflags(write=False)
    return array


def _frozen_mapping(values: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class Event:
    """One gait event.

    Attributes
    ----------
    time_s
        Seconds from the start of the capture (as C3D ``EVENT:TIMES`` stores
        it), so the data row is ``round(time_s * point_rate_hz) - first_frame``.
    side
        ``"left"``, ``"right"`` or ``""`` when the file gives none.
    kind
        ``"foot_strike"``, ``"foot_off"`` or another label in lower case
        (``"general"`` ...) for events that are not gait events.
    source
        Where the event came from: ``"file"``, ``"force_plate"``,
        ``"markers:zeni"``, ``"imu:gyro"`` ...
    label
        The original label in the file (``"Foot Strike"``, ``"LHS"`` ...).
    """

    time_s: float
    side: str
    kind: str
    source: str = "file"
    label: str = ""


@dataclass(frozen=True)
class AnalogData:
    """Analog channels sampled together.

    Attributes
    ----------
    values
        ``(n_samples, n_channels)`` in the units of :attr:`units`.
    labels, units
        One per channel.
    rate_hz
        Sampling rate of the analog channels.
    """

    values: np.ndarray
    labels: tuple[str, ...]
    units: tuple[str, ...]
    rate_hz: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _frozen_array(self.values))
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "units", tuple(self.units))

    @property
    def n_samples(self) -> int:
        """Number of analog samples."""
        return int(self.values.shape[0])

    def problems(self) -> list[str]:
        """List what is inconsistent (empty when valid)."""
        found = []
        if self.values.ndim != 2:
            found.append(
                f"analogs.values must be 2-D (n_samples, n_channels), got {self.values.shape}"
            )
        elif self.values.shape[1] != len(self.labels):
            found.append(f"analogs: {self.values.shape[1]} channels but {len(self.labels)} labels")
        if len(self.units) != len(self.labels):
            found.append(f"analogs: {len(self.labels)} labels but {len(self.units)} units")
        if not (math.isfinite(self.rate_hz) and self.rate_hz > 0):
            found.append(f"analogs.rate_hz must be a positive number of Hz, got {self.rate_hz}")
        return found


@dataclass(frozen=True)
class ForcePlate:
    """One force plate with its calibrated outputs in the lab frame.

    Attributes
    ----------
    plate_type
        C3D FORCE_PLATFORM:TYPE (1-4).
    corners_mm
        ``(4, 3)`` corner positions in the lab frame, mm.
    origin_mm
        ``(3,)`` FORCE_PLATFORM:ORIGIN as stored (plate frame, mm).
    force_n
        ``(n_samples, 3)`` ground reaction force in the lab frame, N.
    moment_nmm
        ``(n_samples, 3)`` moment at the plate centre in the lab frame, N.mm.
    cop_mm
        ``(n_samples, 3)`` centre of pressure in the lab frame, mm (NaN when
        the plate is unloaded).
    rate_hz
        Sampling rate of the plate signals (the analog rate).
    """

    plate_type: int
    corners_mm: np.ndarray
    origin_mm: np.ndarray
    force_n: np.ndarray
    moment_nmm: np.ndarray
    cop_mm: np.ndarray
    rate_hz: float

    def __post_init__(self) -> None:
        for name in ("corners_mm", "origin_mm", "force_n", "moment_nmm", "cop_mm"):
            object.__setattr__(self, name, _frozen_array(getattr(self, name)))

    def problems(self, index: int) -> list[str]:
        """List what is inconsistent (empty when valid)."""
        where = f"force_plates[{index}]"
        found = []
        if self.corners_mm.shape != (4, 3):
            found.append(f"{where}.corners_mm must be (4, 3), got {self.corners_mm.shape}")
        n = self.force_n.shape[0] if self.force_n.ndim == 2 else -1
        for name in ("force_n", "moment_nmm", "cop_mm"):
            shape = getattr(self, name).shape
            if len(shape) != 2 or shape[1] != 3 or shape[0] != n:
                found.append(f"{where}.{name} must be (n_samples, 3) like force_n, got {shape}")
        return found


@dataclass(frozen=True)
class ImuSensor:
    """One inertial sensor's signals.

    Attributes
    ----------
    acc_mps2
        ``(n_samples, 3)`` specific force in the sensor frame, m/s^2.
    gyr_dps
        ``(n_samples, 3)`` angular rate in the sensor frame, deg/s.
    rate_hz
        Sampling rate.
    frame
        Name of the sensor frame the axes refer to (e.g. ``"gaitmap_foot"``,
        ``"sensor"``, ``"mobilised_lower_back"``).
    location
        Where the sensor sits: ``"left_foot"``, ``"lower_back"`` ...
    mag_ut
        Optional ``(n_samples, 3)`` magnetic field in microtesla.
    """

    acc_mps2: np.ndarray
    gyr_dps: np.ndarray
    rate_hz: float
    frame: str = "sensor"
    location: str = ""
    mag_ut: np.ndarray | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "acc_mps2", _frozen_array(self.acc_mps2))
        object.__setattr__(self, "gyr_dps", _frozen_array(self.gyr_dps))
        if self.mag_ut is not None:
            object.__setattr__(self, "mag_ut", _frozen_array(self.mag_ut))

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return int(self.acc_mps2.shape[0])

    def problems(self, name: str) -> list[str]:
        """List what is inconsistent (empty when valid)."""
        where = f"imu['{name}']"
        found = []
        for signal in ("acc_mps2", "gyr_dps", "mag_ut"):
            values = getattr(self, signal)
            if values is None:
                continue
            if values.ndim != 2 or values.shape[1] != 3:
                found.append(f"{where}.{signal} must be (n_samples, 3), got {values.shape}")
            elif values.shape[0] != self.acc_mps2.shape[0]:
                found.append(
                    f"{where}.{signal} has {values.shape[0]} samples, acc has {self.n_samples}"
                )
        if not (math.isfinite(self.rate_hz) and self.rate_hz > 0):
            found.append(f"{where}.rate_hz must be a positive number of Hz, got {self.rate_hz}")
        return found


@dataclass(frozen=True)
class ModelOutput:
    """A model output that the file already carries (e.g. Nexus ``LHipAngles``).

    Attributes
    ----------
    name
        Normalised name: subject prefix and Nexus ``V`` suffix removed.
    label
        The label exactly as stored in the file.
    category
        One of :data:`gaitlab.conventions.MODEL_OUTPUT_CATEGORIES`.
    values
        ``(n_frames, 3)``; NaN where the file marks the sample invalid.
    unit
        Unit of ``values`` (``"deg"`` for angles).
    """

    name: str
    label: str
    category: str
    values: np.ndarray
    unit: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _frozen_array(self.values))


@dataclass(frozen=True)
class AnalysisValue:
    """One value of the file's own analysis (Nexus ``ANALYSIS`` group).

    Attributes
    ----------
    name
        E.g. ``"Stride Length"``.
    context
        ``"Left"``, ``"Right"`` or ``""``.
    value
        The number as stored.
    unit
        The unit as stored (``"m"``, ``"s"``, ``"steps/min"`` ...).
    """

    name: str
    context: str
    value: float
    unit: str


@dataclass(frozen=True)
class SideMeasurements:
    """Per-side subject measurements (Plug-in Gait PROCESSING parameters).

    Lengths in mm, angles in degrees; ``None`` when unknown.
    """

    leg_length_mm: float | None = None
    knee_width_mm: float | None = None
    ankle_width_mm: float | None = None
    asis_trochanter_distance_mm: float | None = None
    tibial_torsion_deg: float | None = None
    thigh_rotation_deg: float | None = None
    shank_rotation_deg: float | None = None
    static_plantarflexion_deg: float | None = None
    static_rotation_offset_deg: float | None = None
    sole_delta_mm: float | None = None


@dataclass(frozen=True)
class Subject:
    """Who walked, with the measurements the models need.

    Lengths in mm, mass in kg, angles in degrees; ``None`` when unknown.
    ``extra`` keeps any other numeric PROCESSING value by its file name.
    """

    name: str = ""
    mass_kg: float | None = None
    height_mm: float | None = None
    inter_asis_distance_mm: float | None = None
    marker_diameter_mm: float | None = None
    left: SideMeasurements = field(default_factory=SideMeasurements)
    right: SideMeasurements = field(default_factory=SideMeasurements)
    extra: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra", _frozen_mapping(self.extra))

    def side(self, side: str) -> SideMeasurements:
        """Return the measurements of ``"left"`` or ``"right"``."""
        if side not in SIDES:
            raise ValueError(f"side must be 'left' or 'right', got {side!r}")
        return self.left if side == "left" else self.right

    def problems(self) -> list[str]:
        """List impossible values (negative lengths, masses ...)."""
        found = []
        values: dict[str, float | None] = {
            "mass_kg": self.mass_kg,
            "height_mm": self.height_mm,
            "inter_asis_distance_mm": self.inter_asis_distance_mm,
            "marker_diameter_mm": self.marker_diameter_mm,
        }
        for side in SIDES:
            m = self.side(side)
            for name in ("leg_length_mm", "knee_width_mm", "ankle_width_mm"):
                values[f"{side}.{name}"] = getattr(m, name)
        for name, value in values.items():
            if value is not None and not (math.isfinite(value) and value >= 0):
                found.append(f"subject.{name} must be a non-negative number, got {value}")
        return found


@dataclass(frozen=True)
class Provenance:
    """Where a trial came from and what the reader did to it.

    Attributes
    ----------
    source
        Path of the file (empty for trials built in memory).
    format
        Reader name: ``"c3d"``, ``"imu_csv"``, ``"synthetic"`` ...
    original_point_units
        Length unit the file declared for its points (``"mm"``, ``"m"``).
    conversions
        Human-readable notes of every conversion made (units, NaN-ing ...).
    notes
        Anything else a user should know about how the file was read.
    """

    source: str = ""
    format: str = ""
    original_point_units: str = "mm"
    conversions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trial:
    """One recorded trial: markers, analogs, plates, IMUs, events and subject.

    Attributes
    ----------
    markers
        ``(n_frames, n_markers, 3)`` positions in mm in the lab frame; NaN
        where a marker was not seen.
    marker_labels
        One per marker, unique.
    point_rate_hz
        Frame rate of markers and model outputs.
    first_frame
        Number of the first frame in the capture (0-based, as ezc3d reports
        the C3D header), so that event times map to rows.
    analogs
        Analog channels, or ``None``.
    force_plates
        Calibrated force plates.
    imu
        Inertial sensors by location name.
    events
        Gait events in time order.
    subject
        The subject's measurements.
    model_outputs
        Outputs the file carries, by normalised name (``LHipAngles`` ...).
    analysis
        The file's own analysis values (Nexus ``ANALYSIS``).
    provenance
        Source file, format and conversions.
    time_normalised
        True for files whose "frames" are 0-100 % of a gait cycle.
    """

    markers: np.ndarray
    marker_labels: tuple[str, ...]
    point_rate_hz: float
    first_frame: int = 0
    analogs: AnalogData | None = None
    force_plates: tuple[ForcePlate, ...] = ()
    imu: Mapping[str, ImuSensor] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    subject: Subject = field(default_factory=Subject)
    model_outputs: Mapping[str, ModelOutput] = field(default_factory=dict)
    analysis: tuple[AnalysisValue, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)
    time_normalised: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "markers", _frozen_array(self.markers))
        object.__setattr__(self, "marker_labels", tuple(self.marker_labels))
        object.__setattr__(self, "force_plates", tuple(self.force_plates))
        object.__setattr__(self, "imu", _frozen_mapping(self.imu))
        object.__setattr__(self, "model_outputs", _frozen_mapping(self.model_outputs))
        object.__setattr__(self, "analysis", tuple(self.analysis))
        object.__setattr__(self, "events", tuple(sorted(self.events, key=lambda e: e.time_s)))
        problems = self._problems()
        if problems:
            raise TrialValidationError(problems, self.provenance.source)

    def _problems(self) -> list[str]:
        found: list[str] = []
        m = self.markers
        if m.ndim != 3 or m.shape[2] != 3:
            found.append(f"markers must be (n_frames, n_markers, 3) in mm, got shape {m.shape}")
        elif m.shape[1] != len(self.marker_labels):
            found.append(f"markers has {m.shape[1]} markers but {len(self.marker_labels)} labels")
        elif np.isinf(m).any():
            found.append("markers contain infinite values; missing samples must be NaN")
        duplicates = sorted({x for x in self.marker_labels if self.marker_labels.count(x) > 1})
        if duplicates:
            found.append(f"marker labels must be unique, repeated: {duplicates}")
        if not (math.isfinite(self.point_rate_hz) and self.point_rate_hz > 0):
            found.append(f"point_rate_hz must be a positive number of Hz, got {self.point_rate_hz}")
        if self.first_frame < 0:
            found.append(f"first_frame must be >= 0, got {self.first_frame}")
        if self.analogs is not None:
            found.extend(self.analogs.problems())
        for i, plate in enumerate(self.force_plates):
            found.extend(plate.problems(i))
        for name, sensor in self.imu.items():
            found.extend(sensor.problems(name))
        for i, event in enumerate(self.events):
            if not math.isfinite(event.time_s):
                found.append(f"events[{i}].time_s must be finite, got {event.time_s}")
            if event.side not in (*SIDES, ""):
                found.append(f"events[{i}].side must be 'left', 'right' or '', got {event.side!r}")
            if event.kind in ("", None):
                found.append(f"events[{i}].kind is empty; expected one of {EVENT_KINDS} or a label")
        n_frames = m.shape[0] if m.ndim == 3 else None
        for name, output in self.model_outputs.items():
            if output.category not in MODEL_OUTPUT_CATEGORIES:
                found.append(
                    f"model_outputs['{name}'].category {output.category!r} not in "
                    f"{MODEL_OUTPUT_CATEGORIES}"
                )
            shape = output.values.shape
            if len(shape) != 2 or shape[1] != 3 or (n_frames is not None and shape[0] != n_frames):
                found.append(f"model_outputs['{name}'] must be ({n_frames}, 3), got {shape}")
        found.extend(self.subject.problems())
        return found

    # ----------------------------------------------------------------- sizes
    @property
    def n_frames(self) -> int:
        """Number of point frames."""
        return int(self.markers.shape[0])

    @property
    def duration_s(self) -> float:
        """Duration of the point data, ``n_frames / point_rate_hz``."""
        return self.n_frames / self.point_rate_hz

    @property
    def times_s(self) -> np.ndarray:
        """Capture time of every frame, s (matches :attr:`Event.time_s`)."""
        return (self.first_frame + np.arange(self.n_frames)) / self.point_rate_hz

    def frame_of(self, time_s: float | np.ndarray) -> np.ndarray:
        """Return the data row(s) of capture time(s) ``time_s`` (rounded)."""
        return np.rint(np.asarray(time_s) * self.point_rate_hz).astype(int) - self.first_frame

    @property
    def is_imu_recording(self) -> bool:
        """True for a trial with IMU sensors and no markers (the IMU pipelines apply)."""
        return bool(self.imu) and not self.marker_labels

    # --------------------------------------------------------------- markers
    def has_markers(self, *labels: str) -> bool:
        """Return True when every label is a marker of this trial."""
        return all(label in self.marker_labels for label in labels)

    def marker(self, label: str) -> np.ndarray:
        """Return marker ``label`` as a read-only ``(n_frames, 3)`` view in mm.

        Raises
        ------
        MissingMarkerError
            When the trial has no such marker; the message suggests close labels.
        """
        try:
            index = self.marker_labels.index(label)
        except ValueError:
            raise MissingMarkerError(label, self.marker_labels, self.provenance.source) from None
        return self.markers[:, index, :]

    # ---------------------------------------------------------------- events
    def events_table(self) -> pd.DataFrame:
        """Return the events as a DataFrame with columns :data:`EVENT_COLUMNS`.

        ``frame`` is the 0-based data row of each event.
        """
        rows = [
            (e.time_s, int(self.frame_of(e.time_s)), e.side, e.kind, e.source, e.label)
            for e in self.events
        ]
        table = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
        return table.astype({"time_s": float, "frame": int})

    def with_events(self, events: tuple[Event, ...] | list[Event]) -> Trial:
        """Return a copy of this trial whose events are replaced by ``events``."""
        return dataclasses.replace(self, events=tuple(events))

    def summary(self) -> str:
        """Return a short human-readable description of the trial."""
        s = self.subject
        kinds: dict[str, int] = {}
        for e in self.events:
            key = f"{e.side} {e.kind}".strip()
            kinds[key] = kinds.get(key, 0) + 1
        event_text = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"
        who = s.name or "unnamed subject"
        mass = f"{s.mass_kg:.1f} kg" if s.mass_kg is not None else "mass unknown"
        height = f"{s.height_mm:.0f} mm" if s.height_mm is not None else "height unknown"
        lines = [
            f"{self.provenance.source or '(in memory)'} [{self.provenance.format or 'unknown'}]",
            f"  subject: {who}, {mass}, {height}",
            f"  points: {self.n_frames} frames at {self.point_rate_hz:g} Hz "
            f"({self.duration_s:.2f} s), {len(self.marker_labels)} markers",
            f"  events: {event_text}",
        ]
        if self.model_outputs:
            lines.append(f"  model outputs: {len(self.model_outputs)}")
        if self.force_plates:
            lines.append(f"  force plates: {len(self.force_plates)}")
        if self.imu:
            lines.append(f"  IMU sensors: {', '.join(self.imu)}")
        return "\n".join(lines)
