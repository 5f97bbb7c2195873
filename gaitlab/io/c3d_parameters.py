"""C3D parameters -> labels, subject measurements and the file's own analysis.

Helpers of :mod:`gaitlab.io.c3d` that work on plain Python values (a mapping
``(GROUP, NAME) -> value`` with upper-case keys), so they are testable without
a file:

- label clean-up: subject prefixes (``Name:RASI``) removed, the Nexus ``V``
  suffix of model outputs removed (``LHipAnglesV`` -> ``LHipAngles``),
  duplicates made unique (``RKNE``, ``RKNE_2`` ...);
- ``PROCESSING`` -> :class:`~gaitlab.trial.Subject`, with the Plug-in Gait
  angles converted from radians (Nexus) or kept in degrees (older Vicon
  software), see :func:`processing_angle_unit`;
- ``ANALYSIS`` -> :class:`~gaitlab.trial.AnalysisValue`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from gaitlab.trial import AnalysisValue, SideMeasurements, Subject

__all__ = [
    "Parameters",
    "strings",
    "numbers",
    "label_prefixes",
    "strip_prefix",
    "output_name",
    "make_unique",
    "processing_angle_unit",
    "subject_from_parameters",
    "analysis_from_parameters",
]

#: ``(GROUP, NAME)`` in upper case -> the value ezc3d returned.
Parameters = Mapping[tuple[str, str], Any]

#: PROCESSING names of per-side lengths (mm) -> SideMeasurements field.
_SIDE_LENGTHS_MM = {
    "LegLength": "leg_length_mm",
    "KneeWidth": "knee_width_mm",
    "AnkleWidth": "ankle_width_mm",
    "AsisTrocanterDistance": "asis_trochanter_distance_mm",
    "SoleDelta": "sole_delta_mm",
}
#: PROCESSING names of per-side angles -> SideMeasurements field (deg).
_SIDE_ANGLES = {
    "TibialTorsion": "tibial_torsion_deg",
    "ThighRotation": "thigh_rotation_deg",
    "ShankRotation": "shank_rotation_deg",
    "StaticPlantFlex": "static_plantarflexion_deg",
    "StaticRotOff": "static_rotation_offset_deg",
}
#: Whole-body PROCESSING names -> Subject field.
_BODY = {
    "Bodymass": "mass_kg",
    "Height": "height_mm",
    "InterAsisDistance": "inter_asis_distance_mm",
    "MarkerDiameter": "marker_diameter_mm",
}
#: Measurements for which Nexus writes 0 to mean "not measured".
_ZERO_MEANS_UNKNOWN = {
    "mass_kg",
    "height_mm",
    "inter_asis_distance_mm",
    "marker_diameter_mm",
    "leg_length_mm",
    "knee_width_mm",
    "ankle_width_mm",
    "asis_trochanter_distance_mm",
}
_V_SUFFIX = re.compile(r"^(.*[a-z])V$")


def strings(parameters: Parameters, group: str, name: str) -> list[str]:
    """Return a string parameter (and its ``NAME2``, ``NAME3`` ... continuations) stripped."""
    found: list[str] = []
    for key in [name] + [f"{name}{i}" for i in range(2, 10)]:
        value = parameters.get((group, key))
        if value is None:
            if key != name:
                break
            continue
        items = [value] if isinstance(value, str) else list(np.ravel(value))
        found.extend(str(item).strip() for item in items)
    return found


def numbers(parameters: Parameters, group: str, name: str) -> np.ndarray:
    """Return a numeric parameter as a float array (empty when absent or not numeric)."""
    value = parameters.get((group, name))
    if value is None or isinstance(value, str):
        return np.zeros(0)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return np.zeros(0)
    return array


def label_prefixes(parameters: Parameters, labels: Sequence[str]) -> tuple[str, ...]:
    """Return the subject prefixes to strip from ``labels`` (``"Name:"`` ...).

    ``SUBJECTS:LABEL_PREFIXES`` when given; else, when
    ``SUBJECTS:USES_PREFIXES`` is set, ``"<name>:"`` for each of
    ``SUBJECTS:NAMES``; else the single ``"X:"`` prefix that every label
    carries, if there is one.
    """
    prefixes = [p for p in strings(parameters, "SUBJECTS", "LABEL_PREFIXES") if p]
    uses = numbers(parameters, "SUBJECTS", "USES_PREFIXES")
    if not prefixes and uses.size and uses.ravel()[0] == 1:
        prefixes = [f"{n}:" for n in strings(parameters, "SUBJECTS", "NAMES") if n]
    if not prefixes:
        heads = {label.split(":", 1)[0] + ":" for label in labels if label}
        if len(heads) == 1 and all(":" in label for label in labels if label) and labels:
            prefixes = list(heads)
    return tuple(sorted(prefixes, key=len, reverse=True))


def strip_prefix(label: str, prefixes: Sequence[str]) -> str:
    """Return ``label`` without the first of ``prefixes`` it starts with."""
    for prefix in prefixes:
        if prefix and label.startswith(prefix):
            return label[len(prefix) :]
    return label


def output_name(label: str, prefixes: Sequence[str] = ()) -> str:
    """Return the normalised name of a model output label.

    The subject prefix is removed, then Nexus's ``V`` suffix
    (``LHipAnglesV`` -> ``LHipAngles``; only a capital ``V`` after a
    lower-case letter, so ``LKNEEV``-style marker names are untouched).
    """
    name = strip_prefix(label, prefixes)
    match = _V_SUFFIX.match(name)
    return match.group(1) if match else name


def make_unique(labels: Sequence[str], empty: str = "unlabelled") -> tuple[list[str], list[str]]:
    """Make labels unique: the 2nd, 3rd ... copy of ``X`` becomes ``X_2``, ``X_3`` ...

    Empty labels become ``<empty>_<position>`` (1-based). Returns the new labels
    and one note per renamed label (empty when nothing changed).
    """
    taken = {label for label in labels if label}
    seen: dict[str, int] = {}
    unique, notes = [], []
    for index, label in enumerate(labels):
        if not label:
            new = f"{empty}_{index + 1}"
        elif label in seen:
            copy = seen[label] + 1
            new = f"{label}_{copy}"
            while new in taken:
                copy += 1
                new = f"{label}_{copy}"
            seen[label] = copy
        else:
            seen[label] = 1
            unique.append(label)
            continue
        taken.add(new)
        notes.append(f"label {label!r} at position {index + 1} renamed {new!r}")
        unique.append(new)
    return unique, notes


def processing_angle_unit(parameters: Parameters) -> tuple[str, str]:
    """Decide whether the PROCESSING angles of a file are in radians or degrees.

    Vicon Nexus (every version seen: 1.4 to 2.14) writes the Plug-in Gait
    static offsets (``LStaticPlantFlex`` ...) in radians; older Vicon
    software (Workstation, BodyBuilder, Polygon) wrote degrees; gaitlab's own
    writer follows Nexus (radians). The writer is named by
    ``MANUFACTURER:SOFTWARE``/``COMPANY``. For an unknown writer the
    magnitudes decide: any angle larger than pi must be degrees, otherwise
    radians (the Nexus convention that gaitlab's own writer follows).

    Returns
    -------
    tuple of str
        ``("rad" | "deg", reason)`` where ``reason`` is a sentence for
        :attr:`~gaitlab.trial.Provenance.conversions`.
    """
    software = " ".join(
        strings(parameters, "MANUFACTURER", "SOFTWARE")
        + strings(parameters, "MANUFACTURER", "COMPANY")
    )
    if "nexus" in software.lower() or software.lower().startswith("gaitlab"):
        return "rad", f"PROCESSING angles read as radians ({software.strip()} writes radians)"
    # Nexus and gaitlab checked first: "Vicon Nexus" also contains "vicon".
    if "vicon" in software.lower():
        return "deg", f"PROCESSING angles read as degrees ({software.strip()} is pre-Nexus Vicon)"
    magnitudes = [
        abs(float(v))
        for side in "LR"
        for name in _SIDE_ANGLES
        for v in numbers(parameters, "PROCESSING", (side + name).upper()).ravel()[:1]
    ]
    if magnitudes and max(magnitudes) > math.pi:
        return "deg", "PROCESSING angles read as degrees (unknown writer; a value exceeds pi)"
    return "rad", "PROCESSING angles read as radians (unknown writer; all values within pi)"


def _scalar(parameters: Parameters, name: str) -> float | None:
    values = numbers(parameters, "PROCESSING", name)
    if values.size != 1 or not np.isfinite(values.ravel()[0]):
        return None
    return float(values.ravel()[0])


def subject_from_parameters(parameters: Parameters) -> tuple[Subject, list[str]]:
    """Build the :class:`~gaitlab.trial.Subject` from ``SUBJECTS`` and ``PROCESSING``.

    Lengths stay in mm, mass in kg; per-side angles are converted to degrees
    when :func:`processing_angle_unit` says radians. Nexus writes 0 for a
    length or mass that was not measured, so 0 becomes ``None`` for those
    (angles and sole delta keep 0). Every other single-number PROCESSING value
    goes into ``Subject.extra`` unchanged.

    Returns
    -------
    tuple
        The subject and the notes for provenance (empty without PROCESSING).
    """
    names = strings(parameters, "SUBJECTS", "NAMES") or strings(parameters, "SUBJECT", "NAME")
    processing = {name for group, name in parameters if group == "PROCESSING"}
    if not processing:
        return Subject(name=names[0] if names else ""), []
    lookup = {name.upper(): name for name in processing}
    unit, reason = processing_angle_unit(parameters)
    to_deg = math.degrees if unit == "rad" else float
    used: set[str] = set()

    def value(file_name: str, field: str, convert: Any = float) -> float | None:
        key = lookup.get(file_name.upper())
        if key is None:
            return None
        used.add(key)
        raw = _scalar(parameters, key)
        if raw is None or (raw == 0 and field in _ZERO_MEANS_UNKNOWN):
            return None
        return float(convert(raw))

    sides = {}
    for prefix, side in (("L", "left"), ("R", "right")):
        fields = {f: value(prefix + n, f) for n, f in _SIDE_LENGTHS_MM.items()}
        fields.update({f: value(prefix + n, f, to_deg) for n, f in _SIDE_ANGLES.items()})
        sides[side] = SideMeasurements(**fields)
    body = {field: value(name, field) for name, field in _BODY.items()}
    extra = {
        name: float(_scalar(parameters, name))  # type: ignore[arg-type]
        for name in sorted(processing - used)
        if _scalar(parameters, name) is not None
    }
    subject = Subject(
        name=names[0] if names else "",
        left=sides["left"],
        right=sides["right"],
        extra=extra,
        **body,
    )
    return subject, [reason]


def analysis_from_parameters(parameters: Parameters) -> tuple[AnalysisValue, ...]:
    """Return the ``ANALYSIS`` group's values (NAMES, CONTEXTS, VALUES, UNITS).

    At most ``ANALYSIS:USED`` values are read; missing contexts or units are ``""``.
    """
    names = strings(parameters, "ANALYSIS", "NAMES")
    values = numbers(parameters, "ANALYSIS", "VALUES").ravel()
    contexts = strings(parameters, "ANALYSIS", "CONTEXTS")
    units = strings(parameters, "ANALYSIS", "UNITS")
    used = numbers(parameters, "ANALYSIS", "USED").ravel()
    count = min(len(names), values.size)
    if used.size:
        count = min(count, max(int(used[0]), 0))
    return tuple(
        AnalysisValue(
            name=names[i],
            context=contexts[i] if i < len(contexts) else "",
            value=float(values[i]),
            unit=units[i] if i < len(units) else "",
        )
        for i in range(count)
    )
