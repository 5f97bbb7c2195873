"""Reference (normative) data sets: mean and SD curves plus discrete values.

A :class:`ReferenceSet` is one group of controls walking at one speed class:
mean and SD curves over the gait cycle for each angle and plane (side-less
names such as ``"HipAngles_X"``, PiG signs, degrees), discrete per-subject
values (peaks, ranges, dimensionless spatiotemporal values) with their
between-subject SDs, and metadata saying who the controls were and where the
numbers come from. A :class:`ReferenceLibrary` holds the speed groups of one
study and picks the group that matches a trial's dimensionless speed.

JSON layout (``format: "gaitlab-norms"``, ``version: 1``)::

    {"format": "gaitlab-norms", "version": 1,
     "metadata": {"name", "population", "age", "source", "citation", "licence", "notes"},
     "groups": [{"speed_group": "Free",
                 "dimensionless_speed": {"mean": 0.43, "sd": 0.026},
                 "n_subjects": 82,
                 "percent": [0, 2, ..., 100],
                 "curves": {"HipAngles_X": {"mean": [...], "sd": [...]}, ...},
                 "values": {"hip_flexion_min_stance_deg":
                               {"mean": -5.7, "sd": 6.5, "provenance": "..."}, ...}}]}
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from gaitlab.errors import FileReadError, MissingParameterError

__all__ = [
    "GRAVITY_MPS2",
    "NORMS_FORMAT",
    "ReferenceMetadata",
    "ReferenceValue",
    "ReferenceSet",
    "ReferenceLibrary",
    "dimensionless_speed",
    "load_norms",
    "save_norms",
]

NORMS_FORMAT = "gaitlab-norms"
NORMS_VERSION = 1
#: Standard gravity used for dimensionless speed, m/s^2.
GRAVITY_MPS2 = 9.81


def dimensionless_speed(speed_mps: float, leg_length_mm: float) -> float:
    """Return walking speed scaled by leg length, ``v / sqrt(g * L)`` (Hof 1996).

    Parameters
    ----------
    speed_mps
        Walking speed in m/s.
    leg_length_mm
        Leg length in mm (ASIS to medial malleolus, as Plug-in Gait measures it).

    Returns
    -------
    float
        Dimensionless speed (Schwartz et al. 2008 free speed in children: 0.43).

    References
    ----------
    Hof AL (1996) Scaling gait data to body size. Gait Posture 4:222-223.
    """
    if not (math.isfinite(leg_length_mm) and leg_length_mm > 0):
        raise MissingParameterError(
            f"leg_length_mm must be a positive length in mm to scale speed, got {leg_length_mm}"
        )
    return float(speed_mps) / math.sqrt(GRAVITY_MPS2 * leg_length_mm / 1000.0)


@dataclass(frozen=True)
class ReferenceMetadata:
    """Who the controls were and where the numbers come from.

    Attributes
    ----------
    name
        Short name used in outputs (``"Schwartz2008"``, ``"lab"``).
    population
        E.g. ``"typically developing children"``, ``"adult lab controls"``.
    age
        Age description (``"4-17 y"``).
    source
        Where the numbers were taken from (file, repository).
    citation
        The paper(s) to cite.
    licence
        Licence of the numbers (``"CC BY-SA 4.0"`` ...).
    notes
        Anything a user must know (derivations, caveats).
    paediatric
        True when the controls are children; outputs then say so.
    """

    name: str
    population: str = ""
    age: str = ""
    source: str = ""
    citation: str = ""
    licence: str = ""
    notes: tuple[str, ...] = ()
    paediatric: bool = False


@dataclass(frozen=True)
class ReferenceValue:
    """A discrete reference value: between-subject mean and SD (NaN when unknown)."""

    mean: float
    sd: float
    provenance: str = ""


@dataclass(frozen=True)
class ReferenceSet:
    """One speed group of one reference data set.

    Attributes
    ----------
    metadata
        The data set's metadata (shared by its groups).
    speed_group
        Name of the group (``"Free"``, ``"lab"`` ...).
    dimensionless_speed_mean, dimensionless_speed_sd
        Speed of the group's controls, ``v / sqrt(g L)``; NaN when unknown.
    percent
        ``(n_points,)`` % of the gait cycle at which the curves are sampled.
    curves_mean, curves_sd
        Side-less curve name (``"KneeAngles_X"``) -> ``(n_points,)`` in degrees.
    values
        Discrete value name (as in :mod:`gaitlab.measures`) -> :class:`ReferenceValue`.
    n_subjects
        Number of controls, if known.
    """

    metadata: ReferenceMetadata
    speed_group: str
    percent: np.ndarray
    curves_mean: Mapping[str, np.ndarray]
    curves_sd: Mapping[str, np.ndarray]
    values: Mapping[str, ReferenceValue] = field(default_factory=dict)
    dimensionless_speed_mean: float = math.nan
    dimensionless_speed_sd: float = math.nan
    n_subjects: int | None = None

    def __post_init__(self) -> None:
        percent = np.asarray(self.percent, dtype=float)
        problems = []
        if percent.ndim != 1 or percent.size < 2 or np.any(np.diff(percent) <= 0):
            problems.append("percent must be increasing % of cycle")
        means = {k: np.asarray(v, dtype=float) for k, v in self.curves_mean.items()}
        sds = {k: np.asarray(v, dtype=float) for k, v in self.curves_sd.items()}
        if set(means) != set(sds):
            problems.append(f"curves without both mean and sd: {sorted(set(means) ^ set(sds))}")
        for name, curve in (*means.items(), *sds.items()):
            if curve.shape != percent.shape:
                problems.append(f"curve {name} has {curve.shape} points, percent {percent.shape}")
        if problems:
            where = f"reference {self.metadata.name}/{self.speed_group}"
            raise ValueError(f"invalid {where}: " + "; ".join(problems))
        for array in (percent, *means.values(), *sds.values()):
            array.setflags(write=False)
        object.__setattr__(self, "percent", percent)
        object.__setattr__(self, "curves_mean", MappingProxyType(means))
        object.__setattr__(self, "curves_sd", MappingProxyType(sds))
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    @property
    def label(self) -> str:
        """``"<dataset> (<speed group>)"`` as outputs print it."""
        return f"{self.metadata.name} ({self.speed_group})"

    def curve(self, name: str, n_points: int = 101) -> tuple[np.ndarray, np.ndarray]:
        """Return (mean, sd) of curve ``name`` resampled to ``n_points`` over 0-100 %.

        Raises
        ------
        MissingParameterError
            When the reference has no such curve.
        """
        if name not in self.curves_mean:
            raise MissingParameterError(
                f"reference {self.label} has no curve {name!r}; it has {sorted(self.curves_mean)}"
            )
        grid = np.linspace(0.0, 100.0, n_points)
        mean = np.interp(grid, self.percent, self.curves_mean[name])
        sd = np.interp(grid, self.percent, self.curves_sd[name])
        return mean, sd

    def value(self, name: str) -> ReferenceValue:
        """Return discrete value ``name``, or a NaN value when the reference lacks it."""
        return self.values.get(name, ReferenceValue(math.nan, math.nan, "not in reference"))

    def describe(self) -> str:
        """One line naming the reference, its population and, for children, a caution."""
        meta = self.metadata
        text = f"{self.label}: {meta.population}"
        if meta.age:
            text += f", {meta.age}"
        if meta.paediatric:
            text += (
                "; paediatric norms: for adults, build lab norms from adult controls "
                "(`gaitlab norms build`) and pass them with --norms"
            )
        return text


@dataclass(frozen=True)
class ReferenceLibrary:
    """The speed groups of one reference data set."""

    metadata: ReferenceMetadata
    groups: tuple[ReferenceSet, ...]

    def __post_init__(self) -> None:
        if not self.groups:
            raise ValueError(f"reference {self.metadata.name} has no groups")

    def group(self, speed_group: str) -> ReferenceSet:
        """Return the group named ``speed_group``."""
        for group in self.groups:
            if group.speed_group == speed_group:
                return group
        names = [g.speed_group for g in self.groups]
        raise MissingParameterError(
            f"reference {self.metadata.name} has no speed group {speed_group!r}; it has {names}"
        )

    def select(self, speed_dimensionless: float | None) -> ReferenceSet:
        """Return the group whose mean dimensionless speed is nearest.

        Schwartz et al. (2008) grouped children by dimensionless speed; the
        workbook's groups do not overlap (their observed ranges are separated
        near the midpoints of neighbouring group means), so the nearest mean
        is the group the trial would have been put in. Unknown speed (None or
        NaN) or a library with one group gives the group named ``"Free"`` if
        present, else the first group.
        """
        known = [g for g in self.groups if math.isfinite(g.dimensionless_speed_mean)]
        if speed_dimensionless is None or not math.isfinite(speed_dimensionless) or not known:
            try:
                return self.group("Free")
            except MissingParameterError:
                return self.groups[0]
        distances = [abs(g.dimensionless_speed_mean - speed_dimensionless) for g in known]
        return known[int(np.argmin(distances))]


def _float_or_nan(value: Any) -> float:
    return math.nan if value is None else float(value)


def _group_to_json(group: ReferenceSet) -> dict[str, Any]:
    def clean(array: np.ndarray) -> list[float | None]:
        return [None if not math.isfinite(x) else round(float(x), 6) for x in array]

    return {
        "speed_group": group.speed_group,
        "dimensionless_speed": {
            "mean": None
            if math.isnan(group.dimensionless_speed_mean)
            else group.dimensionless_speed_mean,
            "sd": None
            if math.isnan(group.dimensionless_speed_sd)
            else group.dimensionless_speed_sd,
        },
        "n_subjects": group.n_subjects,
        "percent": clean(group.percent),
        "curves": {
            name: {"mean": clean(group.curves_mean[name]), "sd": clean(group.curves_sd[name])}
            for name in sorted(group.curves_mean)
        },
        "values": {
            name: {
                "mean": None if math.isnan(v.mean) else v.mean,
                "sd": None if math.isnan(v.sd) else v.sd,
                "provenance": v.provenance,
            }
            for name, v in sorted(group.values.items())
        },
    }


def save_norms(library: ReferenceLibrary, path: str | Path) -> Path:
    """Write ``library`` as gaitlab-norms JSON to ``path`` and return the path."""
    meta = library.metadata
    document = {
        "format": NORMS_FORMAT,
        "version": NORMS_VERSION,
        "metadata": {
            "name": meta.name,
            "population": meta.population,
            "age": meta.age,
            "source": meta.source,
            "citation": meta.citation,
            "licence": meta.licence,
            "notes": list(meta.notes),
            "paediatric": meta.paediatric,
        },
        "groups": [_group_to_json(g) for g in library.groups],
    }
    path = Path(path)
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return path


def _array(values: Sequence[Any]) -> np.ndarray:
    return np.array([_float_or_nan(v) for v in values], dtype=float)


def load_norms(path: str | Path) -> ReferenceLibrary:
    """Read a gaitlab-norms JSON file (see the module docstring for the layout).

    Raises
    ------
    FileReadError
        When the file is missing, not JSON, or not in the gaitlab-norms layout;
        the message names the field that is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise FileReadError(path, "no such norms file", "pass a file written by `gaitlab norms`")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileReadError(path, f"not valid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != NORMS_FORMAT:
        raise FileReadError(path, f"expected a JSON object with format '{NORMS_FORMAT}'")
    if document.get("version") != NORMS_VERSION:
        raise FileReadError(
            path,
            f"gaitlab-norms version {document.get('version')!r} is not supported",
            f"this gaitlab reads version {NORMS_VERSION}",
        )
    try:
        raw = document["metadata"]
        meta = ReferenceMetadata(
            name=str(raw["name"]),
            population=str(raw.get("population", "")),
            age=str(raw.get("age", "")),
            source=str(raw.get("source", "")),
            citation=str(raw.get("citation", "")),
            licence=str(raw.get("licence", "")),
            notes=tuple(raw.get("notes", ())),
            paediatric=bool(raw.get("paediatric", False)),
        )
        groups = []
        for i, g in enumerate(document["groups"]):
            speed = g.get("dimensionless_speed") or {}
            try:
                groups.append(
                    ReferenceSet(
                        metadata=meta,
                        speed_group=str(g["speed_group"]),
                        percent=_array(g["percent"]),
                        curves_mean={k: _array(c["mean"]) for k, c in g["curves"].items()},
                        curves_sd={k: _array(c["sd"]) for k, c in g["curves"].items()},
                        values={
                            k: ReferenceValue(
                                _float_or_nan(v.get("mean")),
                                _float_or_nan(v.get("sd")),
                                str(v.get("provenance", "")),
                            )
                            for k, v in g.get("values", {}).items()
                        },
                        dimensionless_speed_mean=_float_or_nan(speed.get("mean")),
                        dimensionless_speed_sd=_float_or_nan(speed.get("sd")),
                        n_subjects=g.get("n_subjects"),
                    )
                )
            except ValueError as error:
                raise FileReadError(path, f"groups[{i}]: {error}") from None
    except (KeyError, TypeError, AttributeError) as error:
        raise FileReadError(path, f"missing or malformed field {error}") from None
    if not groups:
        raise FileReadError(path, "'groups' is empty; expected at least one reference group")
    return ReferenceLibrary(meta, tuple(groups))
