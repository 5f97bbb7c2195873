"""Subject parameters of the Plug-in Gait lower-body model, with Nexus's defaults.

Plug-in Gait reads them from the subject (Nexus writes them to the C3D
``PROCESSING`` group): leg length, knee and ankle widths, inter-ASIS and
ASIS-trochanter distances, marker diameter, tibial torsion and the static
foot offsets. A zero means "not measured": Plug-in Gait then measures the
inter-ASIS distance from the markers and uses the Davis regression for the
ASIS-trochanter distance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gaitlab.errors import MissingParameterError
from gaitlab.trial import SideMeasurements, Subject

__all__ = ["LegParameters", "ModelParameters", "DEFAULT_MARKER_DIAMETER_MM"]

#: Plug-in Gait's default marker diameter, mm.
DEFAULT_MARKER_DIAMETER_MM = 14.0


def _given(value: float | None) -> bool:
    return value is not None and bool(np.isfinite(value)) and value != 0.0


def number(value: float | None) -> float:
    """Return ``value`` as a float, with ``None``, NaN and 0 as 0.0 ("not measured")."""
    return float(value) if value is not None and _given(value) else 0.0


@dataclass(frozen=True)
class LegParameters:
    """One leg's Plug-in Gait measurements (mm and degrees).

    ``asis_trochanter_mm`` of 0 means "use the regression"; the static
    offsets are ``None`` when unknown (see :mod:`gaitlab.kinematics.static`).
    """

    leg_length_mm: float
    knee_width_mm: float
    ankle_width_mm: float
    asis_trochanter_mm: float = 0.0
    tibial_torsion_deg: float = 0.0
    static_plantarflexion_deg: float | None = None
    static_rotation_offset_deg: float | None = None

    @classmethod
    def from_side(cls, side: SideMeasurements, side_name: str, source: str = "") -> LegParameters:
        """Build from a :class:`~gaitlab.trial.SideMeasurements`, listing what is missing."""
        missing = [
            name
            for name in ("leg_length_mm", "knee_width_mm", "ankle_width_mm")
            if not _given(getattr(side, name))
        ]
        if missing:
            where = f" in {source}" if source else ""
            raise MissingParameterError(
                f"Plug-in Gait needs the {side_name} "
                + ", ".join(missing)
                + f" of the subject{where} (PROCESSING group LegLength/KneeWidth/AnkleWidth, "
                "or pass parameters=ModelParameters(...))"
            )

        return cls(
            leg_length_mm=float(side.leg_length_mm or 0.0),
            knee_width_mm=float(side.knee_width_mm or 0.0),
            ankle_width_mm=float(side.ankle_width_mm or 0.0),
            asis_trochanter_mm=number(side.asis_trochanter_distance_mm),
            tibial_torsion_deg=number(side.tibial_torsion_deg),
            static_plantarflexion_deg=side.static_plantarflexion_deg,
            static_rotation_offset_deg=side.static_rotation_offset_deg,
        )


@dataclass(frozen=True)
class ModelParameters:
    """Everything the lower-body model needs besides markers.

    Attributes
    ----------
    left, right
        Per-leg measurements.
    inter_asis_mm
        Inter-ASIS distance; 0 = measure it from the markers (mean over frames).
    marker_diameter_mm
        Diameter of the markers (default 14 mm).
    hip_model
        ``"davis"`` (Plug-in Gait) or ``"harrington"`` (Harrington 2007).
    pelvis_depth_mm
        Mid-ASIS to mid-PSIS distance for Harrington; 0 = measure it.
    """

    left: LegParameters
    right: LegParameters
    inter_asis_mm: float = 0.0
    marker_diameter_mm: float = DEFAULT_MARKER_DIAMETER_MM
    hip_model: str = field(default="davis")
    pelvis_depth_mm: float = 0.0

    @classmethod
    def from_subject(cls, subject: Subject, source: str = "") -> ModelParameters:
        """Build from a trial's :class:`~gaitlab.trial.Subject` (PROCESSING values)."""
        problems = []
        legs = {}
        for side in ("left", "right"):
            try:
                legs[side] = LegParameters.from_side(subject.side(side), side, source)
            except MissingParameterError as error:
                problems.append(str(error))
        if problems:
            raise MissingParameterError("; ".join(problems))
        diameter = subject.marker_diameter_mm
        return cls(
            left=legs["left"],
            right=legs["right"],
            inter_asis_mm=number(subject.inter_asis_distance_mm),
            marker_diameter_mm=number(diameter) or DEFAULT_MARKER_DIAMETER_MM,
        )

    def leg(self, side: str) -> LegParameters:
        """Return the ``"left"`` or ``"right"`` leg."""
        return self.left if side == "left" else self.right

    @property
    def marker_radius_mm(self) -> float:
        """Half the marker diameter, mm."""
        return self.marker_diameter_mm / 2.0
