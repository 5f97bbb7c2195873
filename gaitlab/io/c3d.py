"""C3D reader (via ezc3d): markers, model outputs, events, subject, analogs, plates.

:func:`read_c3d` turns one C3D file into a :class:`~gaitlab.trial.Trial`:

- The file is checked in pure Python first (:mod:`gaitlab.io.c3d_header`), so
  a truncated, corrupted or big-endian file is refused with a
  :class:`~gaitlab.errors.C3DReadError` before ezc3d (C++) reads it. Any
  error ezc3d still raises is wrapped the same way.
- Points: invalid samples (negative residual, which ezc3d returns as NaN, and
  markers exactly at the origin, the "all zeros" pattern of BTS and Vicon
  Workstation files) are NaN. Markers in ``m``/``cm`` (``POINT:UNITS``) are
  converted to mm once. Labels listed in ``POINT:ANGLES``, ``FORCES``,
  ``MOMENTS``, ``POWERS``, ``SCALARS`` or ``REACTIONS`` are model outputs, not
  markers; they are not length-scaled. Subject prefixes are stripped and
  duplicate labels renamed ``X_2``, ``X_3`` ... with a
  :class:`~gaitlab.errors.GaitlabWarning`.
- Rates: ``POINT:RATE`` and ``ANALOG:RATE``; a zero, negative or missing rate
  that the data need is an error naming the field, unless ``point_rate_hz=``
  / ``analog_rate_hz=`` override it.
- Analog-only files (no points): ``n_frames`` is the number of C3D frames and
  the point rate is ``analog_rate / analog samples per frame`` (the frame
  clock the file was written with), so markers are ``(n_frames, 0, 3)``.
- Files of 101 frames with model outputs and no markers are already
  time-normalised (0-100 % of a cycle): ``Trial.time_normalised`` is True.

Not supported (refused with a clear error): big-endian SGI/MIPS files,
files whose parameter section or data section is inconsistent with their
size. Not read: the header's own event block (only ``EVENT`` parameters),
``ROTATION`` data, camera masks, and ``SUBJECT`` (singular) anthropometrics
whose units are not stated.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from gaitlab.conventions import LENGTH_UNITS_MM, MODEL_OUTPUT_CATEGORIES, MODEL_OUTPUT_UNITS
from gaitlab.errors import C3DReadError, GaitlabError, GaitlabWarning, TrialValidationError
from gaitlab.io.c3d_events import parse_events
from gaitlab.io.c3d_header import C3DLayout, check_c3d_layout, looks_like_c3d
from gaitlab.io.c3d_parameters import (
    Parameters,
    analysis_from_parameters,
    label_prefixes,
    make_unique,
    numbers,
    output_name,
    strings,
    strip_prefix,
    subject_from_parameters,
)
from gaitlab.io.registry import Reader, register_reader
from gaitlab.trial import AnalogData, Event, ForcePlate, ModelOutput, Provenance, Trial

__all__ = ["read_c3d", "sniff_c3d"]

#: Highest rate accepted from a file, Hz (anything above is a corrupted value).
MAX_RATE_HZ = 1e6
#: Frames of a file already normalised to 0-100 % of a gait cycle.
NORMALISED_FRAMES = 101
#: Factor from a model-output moment unit (POINT:MOMENT_UNITS) to N.mm.
_MOMENT_TO_NMM = {"Nmm": 1.0, "Nm": 1000.0}


def sniff_c3d(head: bytes) -> bool:
    """Return True when ``head`` starts like a C3D file (second byte ``0x50``)."""
    return looks_like_c3d(head)


def _parameters(c3d: Any) -> dict[tuple[str, str], Any]:
    """Flatten ezc3d's parameters into ``(GROUP, NAME) -> value`` with upper-case keys."""
    flat: dict[tuple[str, str], Any] = {}
    for group, entries in c3d["parameters"].items():
        if group.startswith("__"):
            continue
        for name, entry in entries.items():
            if not name.startswith("__"):
                flat[(group.upper(), name.upper())] = entry["value"]
    return flat


def _open(path: Path, layout: C3DLayout, notes: list[str]) -> Any:
    """Read ``path`` with ezc3d, with force-plate extraction when it works."""
    import ezc3d

    try:
        if layout.plate_problem:
            raise ValueError(layout.plate_problem)
        return ezc3d.c3d(str(path), extract_forceplat_data=True)
    except Exception as plate_error:  # ezc3d raises RuntimeError/OSError/IndexError ...
        try:
            c3d = ezc3d.c3d(str(path))
        except Exception as error:
            raise C3DReadError(
                path, f"ezc3d cannot read it, the file is corrupted or unsupported ({error})"
            ) from None
        message = f"force plates not read ({plate_error})"
        warnings.warn(f"{path}: {message}", GaitlabWarning, stacklevel=3)
        notes.append(message)
        return c3d


def _first_number(parameters: Parameters, group: str, name: str) -> float | None:
    values = numbers(parameters, group, name).ravel()
    return float(values[0]) if values.size else None


def _rate(
    path: Path, parameters: Parameters, field: str, override: float | None, needed: bool
) -> float | None:
    """Return a usable rate (Hz) for ``field`` ("POINT" or "ANALOG"), or None when not needed."""
    option = "point_rate_hz" if field == "POINT" else "analog_rate_hz"
    if override is not None:
        if not (math.isfinite(override) and 0 < override <= MAX_RATE_HZ):
            raise C3DReadError(path, f"{option}={override} is not a positive rate in Hz")
        return float(override)
    rate = _first_number(parameters, field, "RATE")
    if rate is not None and math.isfinite(rate) and 0 < rate <= MAX_RATE_HZ:
        return rate
    if not needed:
        return None
    stated = "missing" if rate is None else f"{rate:g}"
    raise C3DReadError(
        path,
        f"{field}:RATE is {stated}, not a usable sampling rate",
        f"pass {option}= with the real rate in Hz",
    )


def _split_points(
    labels: list[str], parameters: Parameters, prefixes: tuple[str, ...]
) -> dict[int, str]:
    """Return ``{point index: category}`` for the labels that are model outputs."""
    categories: dict[int, str] = {}
    by_label: dict[str, str] = {}
    for category in MODEL_OUTPUT_CATEGORIES:
        for listed in strings(parameters, "POINT", category.upper()):
            if listed:
                by_label.setdefault(strip_prefix(listed, prefixes), category)
    for index, label in enumerate(labels):
        found = by_label.get(strip_prefix(label, prefixes))
        if found is not None:
            categories[index] = found
    return categories


def _output_units(parameters: Parameters) -> tuple[dict[str, str], dict[str, float], list[str]]:
    """Return per-category units, scale factors and notes for model outputs."""
    units = dict(MODEL_OUTPUT_UNITS)
    scales = dict.fromkeys(MODEL_OUTPUT_CATEGORIES, 1.0)
    notes = []
    angle_unit = (strings(parameters, "POINT", "ANGLE_UNITS") or ["deg"])[0].lower()
    if angle_unit.startswith("rad"):
        scales["angles"] = math.degrees(1.0)
        notes.append("model-output angles converted from rad to deg")
    moment_unit = (strings(parameters, "POINT", "MOMENT_UNITS") or ["Nmm"])[0]
    scales["moments"] = _MOMENT_TO_NMM.get(moment_unit.replace(".", ""), 1.0)
    if scales["moments"] != 1.0:
        notes.append(f"model-output moments converted from {moment_unit} to N.mm")
    for category in ("forces", "moments", "powers"):
        stated = (strings(parameters, "POINT", category[:-1].upper() + "_UNITS") or [""])[0]
        if stated:
            notes.append(
                f"POINT:{category[:-1].upper()}_UNITS {stated!r} read as {units[category]} "
                "(Plug-in Gait stores kinetics per kg of body mass)"
            )
    for category in ("scalars", "reactions"):
        units[category] = (strings(parameters, "POINT", category[:-1].upper() + "_UNITS") or [""])[
            0
        ]
    return units, scales, notes


def _length_scale(path: Path, parameters: Parameters, notes: list[str]) -> tuple[str, float]:
    """Return the declared point unit and its factor to mm."""
    declared = [u for u in strings(parameters, "POINT", "UNITS") if u]
    if not declared:
        notes.append("POINT:UNITS missing; markers assumed in mm")
        return "mm", 1.0
    unit = declared[0].lower()
    if unit not in LENGTH_UNITS_MM:
        raise C3DReadError(
            path,
            f"POINT:UNITS is {declared[0]!r}, not a length unit gaitlab knows "
            f"({', '.join(LENGTH_UNITS_MM)})",
        )
    return unit, LENGTH_UNITS_MM[unit]


def _analogs(c3d: Any, parameters: Parameters, rate_hz: float | None) -> AnalogData | None:
    """Return the analog channels, or ``None`` without channels or rate."""
    raw = np.asarray(c3d["data"]["analogs"], dtype=float)
    values = raw[0].T if raw.ndim == 3 and raw.shape[0] else np.zeros((0, 0))
    n_channels = values.shape[1]
    if n_channels == 0 or rate_hz is None:
        return None
    labels, _ = make_unique(strings(parameters, "ANALOG", "LABELS")[:n_channels], "analog")
    labels += [f"analog_{i + 1}" for i in range(len(labels), n_channels)]
    units = strings(parameters, "ANALOG", "UNITS")[:n_channels]
    units += [""] * (n_channels - len(units))
    return AnalogData(values, tuple(labels), tuple(units), rate_hz)


def _force_plates(
    c3d: Any, parameters: Parameters, rate_hz: float | None, to_mm: float
) -> tuple[ForcePlate, ...]:
    """Convert ezc3d's extracted platforms to :class:`ForcePlate` in mm, N, N.mm.

    Plate geometry and moments are in the file's point length unit
    (``POINT:UNITS``, ``to_mm`` to mm); ezc3d's own unit labels are not used
    because it reports "m" for files that state no unit.
    """
    platforms = c3d["data"]["platform"] if "platform" in c3d["data"] else []
    if not platforms or rate_hz is None:
        return ()
    types = numbers(parameters, "FORCE_PLATFORM", "TYPE").ravel()
    plates = []
    for index, platform in enumerate(platforms):
        plates.append(
            ForcePlate(
                plate_type=int(types[index]) if index < types.size else 0,
                corners_mm=np.asarray(platform["corners"], dtype=float).T * to_mm,
                origin_mm=np.asarray(platform["origin"], dtype=float).ravel() * to_mm,
                force_n=np.asarray(platform["force"], dtype=float).T,
                moment_nmm=np.asarray(platform["moment"], dtype=float).T * to_mm,
                cop_mm=np.asarray(platform["center_of_pressure"], dtype=float).T * to_mm,
                rate_hz=rate_hz,
            )
        )
    return tuple(plates)


def _rates(
    path: Path,
    parameters: Parameters,
    layout: C3DLayout,
    shape: tuple[int, int, int],
    overrides: tuple[float | None, float | None],
    notes: list[str],
    conversions: list[str],
) -> tuple[float, float | None]:
    """Return ``(point_rate_hz, analog_rate_hz or None)`` after every rate check.

    ``shape`` is ``(n_points, n_frames, n_analog_channels)``.
    """
    n_points, n_frames, n_channels = shape
    point_override, analog_override = overrides
    analog_rate = _rate(path, parameters, "ANALOG", analog_override, n_channels > 0)
    per_frame = layout.n_analog_measurements // max(n_channels, 1)
    file_rate = _rate(
        path, parameters, "POINT", point_override, n_points > 0 or not (analog_rate and per_frame)
    )
    if file_rate is not None:
        rate = file_rate
    else:  # analog-only file without a point rate: the C3D frame clock
        assert analog_rate is not None
        rate = analog_rate / per_frame
        notes.append(
            f"no points and no usable POINT:RATE: frames are the file's {n_frames} "
            f"C3D frames at ANALOG:RATE / {per_frame} samples = {rate:g} Hz"
        )
    for option, value in (("point_rate_hz", point_override), ("analog_rate_hz", analog_override)):
        if value is not None:
            conversions.append(f"{option}={value:g} given by the caller overrides the file")
    if analog_rate is not None and n_channels and per_frame:
        ratio = analog_rate / rate
        if abs(ratio - per_frame) > 1e-6 * per_frame:
            message = (
                f"analog rate / point rate = {ratio:g} but the file stores "
                f"{per_frame} analog samples per frame; check the rates"
            )
            warnings.warn(f"{path}: {message}", GaitlabWarning, stacklevel=4)
            notes.append(message)
    return rate, analog_rate


def _markers(
    path: Path,
    points: np.ndarray,
    labels: list[str],
    to_mm: float,
    notes: list[str],
    conversions: list[str],
) -> tuple[np.ndarray, list[str]]:
    """Return markers ``(n_frames, n_markers, 3)`` in mm with NaN, and unique labels.

    ``points`` is ezc3d's ``(4, n_markers, n_frames)`` for the marker columns
    (invalid samples already NaN); ``labels`` are prefix-free.
    """
    markers = np.transpose(points[:3], (2, 1, 0)).copy()
    invalid = int(np.isnan(markers[..., 0]).sum())
    if invalid:
        conversions.append(f"{invalid} marker samples with a negative residual set to NaN")
    at_origin = np.all(markers == 0.0, axis=2)
    if at_origin.any():
        markers[at_origin] = np.nan
        conversions.append(
            f"{int(at_origin.sum())} marker samples exactly at the origin (0, 0, 0) set to NaN"
        )
    if to_mm != 1.0:
        markers *= to_mm
    unique, renamed = make_unique(labels)
    if renamed:
        message = "duplicate or empty marker labels renamed: " + "; ".join(renamed)
        warnings.warn(f"{path}: {message}", GaitlabWarning, stacklevel=4)
        notes.append(message)
    return markers, unique


def _model_outputs(
    points: np.ndarray,
    raw_labels: list[str],
    categories: dict[int, str],
    parameters: Parameters,
    prefixes: tuple[str, ...],
    conversions: list[str],
) -> dict[str, ModelOutput]:
    """Return the model outputs by normalised name (values in the units of the category)."""
    if not categories:
        return {}
    units, scales, unit_notes = _output_units(parameters)
    conversions.extend(unit_notes)
    names, renamed = make_unique([output_name(raw_labels[i], prefixes) for i in categories])
    conversions.extend(f"model output {note}" for note in renamed)
    return {
        name: ModelOutput(
            name=name,
            label=raw_labels[index],
            category=category,
            values=points[:3, index, :].T * scales[category],
            unit=units[category],
        )
        for name, (index, category) in zip(names, categories.items(), strict=True)
    }


def _events(parameters: Parameters) -> tuple[Event, ...]:
    used = _first_number(parameters, "EVENT", "USED")
    return parse_events(
        strings(parameters, "EVENT", "LABELS"),
        strings(parameters, "EVENT", "CONTEXTS"),
        numbers(parameters, "EVENT", "TIMES"),
        used=None if used is None else int(used),
    )


def _build_trial(
    path: Path,
    c3d: Any,
    layout: C3DLayout,
    overrides: tuple[float | None, float | None],
    notes: list[str],
) -> Trial:
    """Assemble the Trial from what ezc3d read (see the module docstring)."""
    parameters = _parameters(c3d)
    conversions: list[str] = []
    points = np.asarray(c3d["data"]["points"], dtype=float)
    n_points, n_frames = int(points.shape[1]), int(points.shape[2])
    if n_frames < layout.n_frames:
        message = (
            f"the file declares {layout.n_frames} frames but holds {n_frames}; "
            f"read the {n_frames} complete frames"
        )
        warnings.warn(f"{path}: {message}", GaitlabWarning, stacklevel=3)
        notes.append(message)
    n_channels = int(np.asarray(c3d["data"]["analogs"]).shape[1])
    rate, analog_rate = _rates(
        path, parameters, layout, (n_points, n_frames, n_channels), overrides, notes, conversions
    )

    raw_labels = strings(parameters, "POINT", "LABELS")[:n_points]
    raw_labels += [""] * (n_points - len(raw_labels))
    prefixes = label_prefixes(parameters, raw_labels)
    if prefixes and any(label.startswith(prefixes) for label in raw_labels):
        notes.append(f"subject prefix {', '.join(map(repr, prefixes))} removed from labels")
    categories = _split_points(raw_labels, parameters, prefixes)
    marker_index = [i for i in range(n_points) if i not in categories]
    unit, to_mm = _length_scale(path, parameters, conversions)
    markers, labels = _markers(
        path,
        points[:, marker_index],
        [strip_prefix(raw_labels[i], prefixes) for i in marker_index],
        to_mm,
        notes,
        conversions,
    )
    if to_mm != 1.0:
        conversions.append(f"markers converted from {unit} to mm (x {to_mm:g})")
    outputs = _model_outputs(points, raw_labels, categories, parameters, prefixes, conversions)
    time_normalised = not marker_index and bool(outputs) and n_frames == NORMALISED_FRAMES
    if time_normalised:
        notes.append("101 frames of model outputs and no markers: read as 0-100 % of a cycle")

    subject, subject_notes = subject_from_parameters(parameters)
    conversions.extend(subject_notes)
    analogs = _analogs(c3d, parameters, analog_rate)
    plates = _force_plates(c3d, parameters, analog_rate, to_mm)
    declared_plates = _first_number(parameters, "FORCE_PLATFORM", "USED") or 0
    if declared_plates > 0 and analogs is None and not plates:
        notes.append(
            f"FORCE_PLATFORM:USED is {declared_plates:g} but the file has no analog "
            "channels: no force plate read"
        )
    return Trial(
        markers=markers,
        marker_labels=tuple(labels),
        point_rate_hz=rate,
        first_frame=max(int(c3d["header"]["points"]["first_frame"]), 0),
        analogs=analogs,
        force_plates=plates,
        events=_events(parameters),
        subject=subject,
        model_outputs=outputs,
        analysis=analysis_from_parameters(parameters),
        provenance=Provenance(
            source=str(path),
            format="c3d",
            original_point_units=unit,
            conversions=tuple(conversions),
            notes=tuple(notes),
        ),
        time_normalised=time_normalised,
    )


def read_c3d(
    path: str | Path,
    *,
    point_rate_hz: float | None = None,
    analog_rate_hz: float | None = None,
) -> Trial:
    """Read a C3D file into a :class:`~gaitlab.trial.Trial`.

    Parameters
    ----------
    path
        The ``.c3d`` file.
    point_rate_hz, analog_rate_hz
        Override the file's ``POINT:RATE`` / ``ANALOG:RATE`` when they are
        wrong or zero (recorded in ``Trial.provenance.conversions``).

    Returns
    -------
    Trial
        Markers in mm (NaN where invalid), model outputs, events (source
        ``"file"``), subject, analysis values, analogs and force plates.

    Raises
    ------
    C3DReadError
        When the file cannot be read: missing, empty, a directory, not C3D,
        big-endian, truncated, corrupted, or a rate that the data need is
        zero/missing and not overridden. The message names the file and the
        problem; no other exception escapes.

    Warns
    -----
    GaitlabWarning
        Duplicate labels renamed, force plates that ezc3d cannot extract,
        fewer frames than declared, rates inconsistent with the data layout.
    """
    path = Path(path)
    layout = check_c3d_layout(path)
    notes: list[str] = []
    try:
        c3d = _open(path, layout, notes)
        return _build_trial(path, c3d, layout, (point_rate_hz, analog_rate_hz), notes)
    except TrialValidationError as invalid:  # e.g. infinite coordinates, negative mass
        raise C3DReadError(
            path, "its content is not a valid trial: " + "; ".join(invalid.problems)
        ) from None
    except GaitlabError:
        raise
    except Exception as error:  # any unexpected content: still one clear error type
        raise C3DReadError(
            path, f"unexpected content ({type(error).__name__}: {error}); the file may be corrupted"
        ) from None


register_reader(
    Reader(
        name="c3d",
        suffixes=(".c3d",),
        read=read_c3d,
        sniff=sniff_c3d,
        description="C3D motion capture (ezc3d): markers, model outputs, events, analogs, plates",
    )
)
