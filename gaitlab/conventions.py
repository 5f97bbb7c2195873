"""Frames, sign conventions, units and names shared by every stage of gaitlab.

Lab frame
    Whatever the file uses, with Z pointing up. Walking direction is detected
    per trial, so pelvis and foot-progression angles do not depend on it.

Units at every public boundary
    markers and anthropometrics in mm; angles in degrees; time in s; rates in
    Hz; spatiotemporal lengths in m, speed in m/s, cadence in steps/min; IMU
    acceleration in m/s^2 and angular rate in deg/s.

Angle components follow Plug-in Gait: (X, Y, Z) = (sagittal, frontal,
transverse). Positive directions are listed in :data:`ANGLE_SIGNS`.
"""

from __future__ import annotations

from typing import Final, Literal

Side = Literal["left", "right"]
SIDES: Final[tuple[Side, Side]] = ("left", "right")
SIDE_PREFIX: Final[dict[str, str]] = {"left": "L", "right": "R"}

EventKind = Literal["foot_strike", "foot_off"]
EVENT_KINDS: Final[tuple[str, str]] = ("foot_strike", "foot_off")

#: Plug-in Gait lower-body markers, per side then pelvis.
PIG_LOWER_BODY_MARKERS: Final[tuple[str, ...]] = (
    "LASI",
    "RASI",
    "LPSI",
    "RPSI",
    "LTHI",
    "LKNE",
    "LTIB",
    "LANK",
    "LHEE",
    "LTOE",
    "RTHI",
    "RKNE",
    "RTIB",
    "RANK",
    "RHEE",
    "RTOE",
)

#: Joint-angle outputs as Nexus names them, per side.
ANGLE_OUTPUTS: Final[tuple[str, ...]] = (
    "PelvisAngles",
    "HipAngles",
    "KneeAngles",
    "AnkleAngles",
    "FootProgressAngles",
)

#: Plug-in Gait sign conventions: output -> (X +, Y +, Z +), in degrees.
ANGLE_SIGNS: Final[dict[str, tuple[str, str, str]]] = {
    "PelvisAngles": (
        "anterior tilt",
        "up (obliquity, side's iliac crest raised)",
        "internal rotation (side forward)",
    ),
    "HipAngles": ("flexion", "adduction", "internal rotation"),
    "KneeAngles": ("flexion", "varus (adduction)", "internal rotation"),
    "AnkleAngles": ("dorsiflexion", "inversion (adduction)", "internal rotation (foot)"),
    "FootProgressAngles": ("(unused)", "(unused)", "internal progression (toe in)"),
}

#: Model-output categories as C3D's POINT group lists them.
MODEL_OUTPUT_CATEGORIES: Final[tuple[str, ...]] = (
    "angles",
    "forces",
    "moments",
    "powers",
    "scalars",
    "reactions",
)

#: Units of each model-output category as gaitlab stores them.
MODEL_OUTPUT_UNITS: Final[dict[str, str]] = {
    "angles": "deg",
    "forces": "N/kg",
    "moments": "N.mm/kg",
    "powers": "W/kg",
    "scalars": "",
    "reactions": "",
}

#: Length units a C3D POINT:UNITS may declare, and their size in mm.
LENGTH_UNITS_MM: Final[dict[str, float]] = {"mm": 1.0, "cm": 10.0, "m": 1000.0}
