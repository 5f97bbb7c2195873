"""Static calibration: Plug-in Gait's foot offsets (plantarflexion and rotation).

Plug-in Gait's dynamic foot is the line from TOE to the ankle joint centre,
corrected by two static offsets measured in a standing trial: the angle
between that line and the line from TOE to HEE, about the ankle flexion axis
(``StaticPlantFlex``) and about the foot's vertical axis (``StaticRotOff``).
With the flat-foot option the heel is brought to the toe's height (plus the
sole delta) first, so the corrected foot is parallel to the floor.

:func:`resolve_static_offsets` picks the offsets for a trial in this order:

1. a static trial given explicitly: its own ``PROCESSING`` offsets when Nexus
   calibrated it (any offset non-zero), else offsets computed here from its
   markers;
2. the trial's own ``PROCESSING`` offsets (Nexus copies the static's values
   into each dynamic trial);
3. zero, with a :class:`~gaitlab.errors.GaitlabWarning`.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping

import numpy as np

from gaitlab.errors import GaitlabWarning, MissingMarkerError
from gaitlab.kinematics.angles import cardan_yxz_component_first_rad
from gaitlab.kinematics.frames import frame_from_axes
from gaitlab.kinematics.parameters import LegParameters, ModelParameters
from gaitlab.kinematics.segments import marker_arrays, segment_frames, with_measured_pelvis
from gaitlab.trial import Subject, Trial

__all__ = [
    "static_foot_offsets_deg",
    "resolve_static_offsets",
    "has_static_offsets",
    "heel_foot_frame",
]


def has_static_offsets(subject: Subject) -> bool:
    """Return True when the subject carries static foot offsets from a calibration.

    Nexus writes 0 for every offset of a subject that was never calibrated;
    a real calibration gives non-zero values, so all four exactly zero (or
    absent) counts as "no offsets".
    """
    values = [
        getattr(subject.side(side), name)
        for side in ("left", "right")
        for name in ("static_plantarflexion_deg", "static_rotation_offset_deg")
    ]
    return any(v is not None and v != 0.0 for v in values)


def heel_foot_frame(
    markers: Mapping[str, np.ndarray],
    rotations: Mapping[str, np.ndarray],
    side: str,
    flat_foot: bool,
    sole_delta_mm: float = 0.0,
) -> np.ndarray:
    """Plug-in Gait's static (heel-based) foot frames, component-first ``(3, 3, n)``.

    Z from TOE to HEE (with ``flat_foot``, HEE taken at TOE's height plus the
    sole delta), Y along the torsioned tibia's Y. Nexus reports a static
    trial's ankle and foot-progression angles with this foot; the static
    offsets are its mean rotation from the dynamic (TOE-to-ankle) foot.
    """
    p = side[0].upper()
    heel, toe = markers[p + "HEE"], markers[p + "TOE"]
    if flat_foot:
        heel = heel.copy()
        heel[2] = toe[2] + sole_delta_mm
    return frame_from_axes(heel - toe, rotations[f"{side}_tibia"][1], "ZY")


def static_foot_offsets_deg(
    static: Trial,
    params: ModelParameters,
    *,
    flat_foot: bool = False,
) -> dict[str, tuple[float, float]]:
    """Compute the static foot offsets from a standing trial's markers.

    Parameters
    ----------
    static
        The standing (static) trial with the lower-body markers and HEE.
    params
        Subject parameters (the offsets in it are ignored).
    flat_foot
        Plug-in Gait's "foot flat" option: the heel is taken at the toe's
        height plus the side's sole delta (``SoleDelta`` of the static's
        subject; heel-sole minus toe-sole thickness, mm).

    Returns
    -------
    dict
        ``{"left": (plantarflexion_deg, rotation_offset_deg), "right": ...}``,
        the means over the static's complete frames, in the signs Nexus
        stores them (``StaticPlantFlex``, ``StaticRotOff``).

    Raises
    ------
    MissingMarkerError
        When HEE or a model marker is absent from the static trial.
    """
    markers = marker_arrays(static, extra=("LHEE", "RHEE"))
    zero = {
        side: dataclasses.replace(
            params.leg(side), static_plantarflexion_deg=0.0, static_rotation_offset_deg=0.0
        )
        for side in ("left", "right")
    }
    bare = with_measured_pelvis(
        markers, dataclasses.replace(params, left=zero["left"], right=zero["right"])
    )
    cf = {k: np.array(v.T) for k, v in markers.items()}
    with np.errstate(invalid="ignore", divide="ignore"):
        rotations, _, _ = segment_frames(cf, bare)
    out = {}
    for side in ("left", "right"):
        p = side[0].upper()
        sole = static.subject.side(side).sole_delta_mm or 0.0
        with np.errstate(invalid="ignore", divide="ignore"):
            corrected = heel_foot_frame(cf, rotations, side, flat_foot, sole)
            raw = np.degrees(
                np.stack(cardan_yxz_component_first_rad(rotations[f"{side}_foot"], corrected))
            )
        complete = np.isfinite(raw).all(axis=0)
        if not complete.any():
            raise MissingMarkerError(f"{p}HEE/{p}TOE/{p}ANK (no complete frame)", (), "static")
        plantar, rotation = raw[0, complete].mean(), raw[1, complete].mean()
        # foot = uncorrected @ Ry(-plantarflexion) @ Rx(-+rotation) (left/right)
        sign = -1.0 if side == "left" else 1.0
        out[side] = (float(-plantar), float(sign * rotation))
    return out


def _with_offsets(params: ModelParameters, offsets: dict[str, tuple[float, float]]):
    legs: dict[str, LegParameters] = {
        side: dataclasses.replace(
            params.leg(side),
            static_plantarflexion_deg=offsets[side][0],
            static_rotation_offset_deg=offsets[side][1],
        )
        for side in ("left", "right")
    }
    return dataclasses.replace(params, left=legs["left"], right=legs["right"])


def _subject_offsets(subject: Subject) -> dict[str, tuple[float, float]]:
    return {
        side: (
            subject.side(side).static_plantarflexion_deg or 0.0,
            subject.side(side).static_rotation_offset_deg or 0.0,
        )
        for side in ("left", "right")
    }


def resolve_static_offsets(
    trial: Trial,
    static: Trial | None,
    params: ModelParameters,
    *,
    flat_foot: bool = False,
) -> tuple[ModelParameters, str]:
    """Return ``params`` with the static foot offsets chosen, and where they came from.

    Parameters
    ----------
    trial
        The dynamic trial.
    static
        The static trial, or ``None``.
    params
        Subject parameters.
    flat_foot
        Flat-foot option when the offsets are computed from the static's markers.

    Returns
    -------
    tuple
        ``(parameters, source)`` with ``source`` one of ``"static PROCESSING"``,
        ``"static markers"``, ``"trial PROCESSING"``, ``"none"``.

    Warns
    -----
    GaitlabWarning
        When no offsets are available and zero is used.
    """
    if static is not None:
        if has_static_offsets(static.subject):
            return _with_offsets(params, _subject_offsets(static.subject)), "static PROCESSING"
        offsets = static_foot_offsets_deg(static, params, flat_foot=flat_foot)
        return _with_offsets(params, offsets), "static markers"
    if has_static_offsets(trial.subject):
        return _with_offsets(params, _subject_offsets(trial.subject)), "trial PROCESSING"
    warnings.warn(
        f"no static foot offsets for {trial.provenance.source or 'the trial'}: PROCESSING has "
        "none and no static trial was given; using zero (ankle flexion and foot rotation may "
        "be off by 5-15 degrees)",
        GaitlabWarning,
        stacklevel=3,
    )
    return _with_offsets(params, {"left": (0.0, 0.0), "right": (0.0, 0.0)}), "none"
