"""Synthetic trials with known answers.

``make_walking_trial``: a walking (or running) trial and its ground truth;
``make_static_trial``: the standing trial that calibrates its subject.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from gaitlab.conventions import PIG_LOWER_BODY_MARKERS, SIDE_PREFIX, SIDES
from gaitlab.errors import GaitlabError
from gaitlab.synthetic import curves, motion
from gaitlab.synthetic.feet import (
    FootMotion,
    FootPlacement,
    foot_motion,
    heel_under_ankle,
    roll_share,
    sole_points,
)
from gaitlab.synthetic.legs import LegSolution, roll_to_hip, solve_leg
from gaitlab.synthetic.markers import place_markers
from gaitlab.synthetic.motion import GaitPattern, GaitTiming, PerSide, per_side
from gaitlab.synthetic.planting import (
    Contacts,
    floor_contacts,
    nominal_contacts,
    pelvis_height_mm,
    stance_heights_mm,
)
from gaitlab.synthetic.poses import SIDE_SIGN, SegmentPoses, offset_feet, pelvis_rotation
from gaitlab.synthetic.rotations import rot_x, rot_y, rot_z
from gaitlab.synthetic.skeleton import BodyGeometry, body_geometry
from gaitlab.synthetic.truth import GroundTruth, clinical_angles_deg
from gaitlab.trial import Event, Provenance, SideMeasurements, Subject, Trial

__all__ = ["make_walking_trial", "make_static_trial", "SyntheticParameterError"]

#: Label, first data row, number of frames.
Gap = tuple[str, int, int]

_EVENT_LABELS = {"foot_strike": "Foot Strike", "foot_off": "Foot Off"}
_FOOT_OFF_PHASE = {False: 0.6, True: 0.4}


class SyntheticParameterError(GaitlabError, ValueError):
    """An argument of :func:`make_walking_trial` or :func:`make_static_trial` is out of range."""


def _check(problems: list[str], function: str = "make_walking_trial") -> None:
    if problems:
        raise SyntheticParameterError(f"{function}: " + "; ".join(problems))


def _validate(arguments: dict[str, Any]) -> None:
    problems = []
    positive = (
        "point_rate_hz",
        "cadence_steps_per_min",
        "stride_length_scale",
        "step_length_asymmetry",
        "inter_asis_distance_mm",
        "marker_diameter_mm",
        "mass_kg",
        "height_mm",
    )
    problems += _positive_problems(arguments, positive)
    problems += _subject_problems(arguments)
    stride = arguments["stride_length_m"]
    if stride is not None and not (math.isfinite(stride) and stride > 0):
        problems.append(f"stride_length_m must be a positive number or None, got {stride!r}")
    if not (isinstance(arguments["n_strides"], int) and arguments["n_strides"] >= 1):
        problems.append(f"n_strides must be an integer >= 1, got {arguments['n_strides']!r}")
    if not (math.isfinite(arguments["noise_sd_mm"]) and arguments["noise_sd_mm"] >= 0):
        problems.append(f"noise_sd_mm must be >= 0, got {arguments['noise_sd_mm']!r}")
    if len(arguments["lab_offset_mm"]) != 3:
        problems.append(
            f"lab_offset_mm must be (x, y, z) in mm, got {arguments['lab_offset_mm']!r}"
        )
    _check(problems)


def _positive_problems(arguments: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    """Problems with the arguments ``names`` that must be positive numbers."""
    return [
        f"{name} must be a positive number, got {arguments[name]!r}"
        for name in names
        if not (
            isinstance(arguments[name], (int, float))
            and math.isfinite(arguments[name])
            and arguments[name] > 0
        )
    ]


def _body(arguments: dict[str, Any]) -> tuple[BodyGeometry, dict[str, tuple[float, float]]]:
    """Return the body geometry and the per-side static ``(plantarflexion, rotation)``, deg.

    From validated arguments of :func:`make_walking_trial` or :func:`make_static_trial`.
    """
    sides = {
        name: per_side(arguments[name], name)
        for name in (
            "leg_length_mm",
            "knee_width_mm",
            "ankle_width_mm",
            "static_plantarflexion_deg",
            "static_rotation_offset_deg",
        )
    }
    geometry = body_geometry(
        height_mm=arguments["height_mm"],
        inter_asis_distance_mm=arguments["inter_asis_distance_mm"],
        marker_diameter_mm=arguments["marker_diameter_mm"],
        leg_length_mm=sides["leg_length_mm"],
        knee_width_mm=sides["knee_width_mm"],
        ankle_width_mm=sides["ankle_width_mm"],
    )
    offsets: dict[str, tuple[float, float]] = {
        s: (sides["static_plantarflexion_deg"][s], sides["static_rotation_offset_deg"][s])
        for s in SIDES
    }
    return geometry, offsets


def _subject_problems(arguments: dict[str, Any]) -> list[str]:
    """Problems with the per-side measurements (mm, positive) and static offsets (deg)."""
    problems = []
    for name in (
        "leg_length_mm",
        "knee_width_mm",
        "ankle_width_mm",
        "static_plantarflexion_deg",
        "static_rotation_offset_deg",
    ):
        try:
            values = per_side(arguments[name], name)
        except (TypeError, ValueError) as error:
            problems.append(str(error))
            continue
        length = name.endswith("_mm")
        if not all(
            math.isfinite(v) and (v > 0 if length else abs(v) < 45) for v in values.values()
        ):
            rule = "must be positive (mm)" if length else "must lie within +/-45 deg"
            problems.append(f"{name} {rule}, got {arguments[name]!r}")
    return problems


#: Toe-out of the planted foot: the Schwartz 2008 mean foot progression, deg.
_TOE_OUT_DEG = -float(curves.NORM_CURVES["FootProgressAngles_Z"][0])
#: Default static foot offsets (left, right), deg: typical calibrated values.
_STATIC_PLANTARFLEXION_DEG = (8.0, 7.0)
_STATIC_ROTATION_OFFSET_DEG = (3.0, 4.0)

#: Natural stride length per metre of leg length (walking).
_NATURAL_STRIDE_PER_LEG = 1.52
#: Phase (for a 60 % stance) at which the flat foot's AJC is under its hip.
_STANCE_CENTRE_PHASE = 0.255
#: Phase (for a 60 % stance) of peak hip extension.
_PEAK_EXTENSION_PHASE = 0.52
#: The flat foot's AJC lies this fraction of the hip centre's distance from the midline.
_STEP_WIDTH_FRACTION = 0.55
#: Least height (mm) by which the trailing leg could lift the pelvis above what the
#: leading knee's target at foot strike wants (see :func:`_stance_centre`).
_STRIKE_SLACK_MM = 2.0
#: Forward speed fluctuation (amplitude) as a fraction of the mean speed.
_SURGE_FRACTION = 0.08
#: Side-to-side sway of the pelvis (towards the stance foot), mm.
_SWAY_MM = 20.0


class _Targets(NamedTuple):
    """How the feet are put down: stride, medial shift per side (mm), stance centre phase."""

    stride_mm: float
    medial_mm: dict[str, float]
    centre_phase: float


class _Cycle(NamedTuple):
    """One cycle of the motion (index 0 = right foot strike), progression frame."""

    pelvis_rotation: np.ndarray
    origin_mm: np.ndarray
    feet: dict[str, FootMotion]  # Plug-in Gait foot frames (rolled with the hinge)
    soles: dict[str, FootMotion]  # the rigid feet whose soles meet the floor
    hips: dict[str, np.ndarray]
    legs: dict[str, LegSolution]


def _natural_stride_mm(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, scale: float
) -> float:
    """Return the default stride, mm: 1.52 leg lengths, shortened for less hip extension.

    The shortening (``leg * reduction / e``) keeps the hip flexion at foot
    strike (see :func:`_placements`); the result is multiplied by ``scale``.
    """
    leg = float(np.mean(list(geometry.leg_length_mm.values())))
    peak = _PEAK_EXTENSION_PHASE * timing.foot_off_phase / 0.6
    reduction = np.radians(np.mean(list(pattern.hip_extension_reduction_deg.values())))
    natural = _NATURAL_STRIDE_PER_LEG * leg
    return max(natural - leg * reduction / peak, 0.3 * natural) * scale


def _placements(
    timing: GaitTiming,
    pattern: GaitPattern,
    geometry: BodyGeometry,
    targets: _Targets,
    hips_mm: dict[str, np.ndarray],
) -> dict[str, FootPlacement]:
    """Where each foot lands (its heel point, heading, roll, hinge).

    The flat foot's AJC is under the hip at phase ``c`` of its stance, so it
    is ``stride * c`` ahead of the hip at foot strike and ``stride * (c - e)``
    at peak extension (phase ``e``). The typical ``c0`` (0.25 of a 60 %
    stance) becomes ``c0 (1 + leg * reduction / (e * stride))`` with the
    hip-extension reduction in rad: with the natural stride shortened by
    ``leg * reduction / e`` (:func:`_natural_stride_mm`) the ankle is as far
    ahead at foot strike as in the typical walk and ``leg * reduction`` less
    far behind at peak extension, i.e. the thigh is about that much more
    upright in late stance. The heading is the Schwartz 2008 mean foot
    progression (toe out) and the hinge axis lies across the walking direction.
    ``hips_mm`` are the hip centres over the cycle (any height).
    """
    f = timing.foot_off_phase
    centre0, peak = targets.centre_phase, _PEAK_EXTENSION_PHASE * f / 0.6
    leg = float(np.mean(list(geometry.leg_length_mm.values())))
    natural = _NATURAL_STRIDE_PER_LEG * leg
    stride = targets.stride_mm
    out: dict[str, FootPlacement] = {}
    for side in SIDES:
        lateral = 1.0 if side == "left" else -1.0
        reduction = np.radians(pattern.hip_extension_reduction_deg[side])
        centre = float(np.clip(centre0 * (1 + leg * reduction / (peak * stride)), 0.02, f))
        frame = timing.side_offset(side) + centre * timing.frames_per_stride
        n = timing.frames_per_stride
        index = np.arange(2 * n)
        hip_x = np.interp(
            frame, index, np.concatenate([hips_mm[side][:, 0]] * 2) + stride * (index >= n)
        )
        hip_y = np.interp(frame, index, np.concatenate([hips_mm[side][:, 1]] * 2))
        width = (
            _STEP_WIDTH_FRACTION * abs(geometry.hip_centre_mm[side][1]) - targets.medial_mm[side]
        )
        ankle_xy = np.array([hip_x, lateral * width])
        # lean the hinge plane so that it holds the hip centre in mid-stance
        height = geometry.thigh_length_mm[side] + geometry.shank_length_mm[side]
        valgus = abs(_valgus_distance_mm(geometry, pattern, side))
        lean = np.degrees(np.arctan2(lateral * hip_y - width - valgus, height))
        placement = FootPlacement(
            heel_mm=np.zeros(3),
            yaw_deg=lateral * _TOE_OUT_DEG,
            roll_deg=lateral * lean,
            axis_yaw_deg=lateral * _TOE_OUT_DEG,
            rocker_scale=float(np.clip(stride / natural, 0.3, 1.2)),
        )
        heel = heel_under_ankle(ankle_xy, placement, geometry)
        out[side] = dataclasses.replace(placement, heel_mm=heel)
    return out


def _valgus_distance_mm(geometry: BodyGeometry, pattern: GaitPattern, side: str) -> float:
    """Signed hip distance from the hinge plane (along +Y) that gives the valgus offset."""
    lateral = 1.0 if side == "left" else -1.0
    offset = np.radians(pattern.knee_valgus_offset_deg[side])
    return float(lateral * geometry.thigh_length_mm[side] * np.sin(offset))


def _pelvis_level(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, stride_mm: float
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Pelvis frames, its origin at height 0 and the hips there.

    Forward, the pelvis moves at the mean speed +/- :data:`_SURGE_FRACTION`
    (slowest in mid-stance, twice per stride); sideways it sways
    :data:`_SWAY_MM` towards the stance foot.
    """
    n = timing.frames_per_stride
    rotation = pelvis_rotation(motion.pelvis_angles_deg(timing, pattern))
    phase = timing.cycle_phase("right")
    # steady speed, slowest in each mid-stance (30 % after a foot strike)
    surge = _SURGE_FRACTION * stride_mm / (4 * np.pi)
    x = stride_mm * np.arange(n) / n + surge * np.sin(4 * np.pi * (phase - 0.05))
    y = -_SWAY_MM * np.cos(2 * np.pi * (timing.cycle_phase("right") - 0.3))
    level = np.stack([x, y, np.zeros(n)], axis=1)
    return rotation, level, {s: level + rotation @ geometry.hip_centre_mm[s] for s in SIDES}


def _heights(
    timing: GaitTiming,
    pattern: GaitPattern,
    geometry: BodyGeometry,
    hips: dict[str, np.ndarray],
    feet: dict[str, FootMotion],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    return stance_heights_mm(
        timing,
        hips,
        {s: feet[s].ankle_mm for s in SIDES},
        {s: feet[s].hinge_axis for s in SIDES},
        geometry.thigh_length_mm,
        geometry.shank_length_mm,
        motion.stance_knee_target_deg(timing, pattern),
    )


def _strike_slack_mm(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, targets: _Targets
) -> float:
    """Return the height slack at foot strike, mm (the smaller of the two sides).

    How much higher the trailing leg could hold the pelvis than the leading
    leg's knee target wants.
    """
    _, _, hips = _pelvis_level(timing, pattern, geometry, targets.stride_mm)
    placements = _placements(timing, pattern, geometry, targets, hips)
    feet: dict[str, FootMotion] = {
        s: foot_motion(timing, s, placements[s], geometry, targets.stride_mm) for s in SIDES
    }
    wanted, highest = _heights(timing, pattern, geometry, hips, feet)
    slack = []
    for side in SIDES:
        other = "left" if side == "right" else "right"
        strike = timing.side_offset(side)
        slack.append(highest[other][strike] - wanted[side][strike])
    return float(min(slack))


def _stance_centre(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, targets: _Targets
) -> _Targets:
    """Move the feet forward under the pelvis if the trailing leg is too short.

    The stance centre moves later (bisection) until the trailing leg lets the
    leading knee reach its target at foot strike with 2 mm to spare.
    """
    if _strike_slack_mm(timing, pattern, geometry, targets) >= _STRIKE_SLACK_MM:
        return targets
    low, high = targets.centre_phase, 0.45
    for _ in range(12):
        middle = targets._replace(centre_phase=(low + high) / 2)
        if _strike_slack_mm(timing, pattern, geometry, middle) >= _STRIKE_SLACK_MM:
            high = middle.centre_phase
        else:
            low = middle.centre_phase
    return targets._replace(centre_phase=high)


def _cycle(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, targets: _Targets
) -> _Cycle:
    """Feet first, then the pelvis height, then each leg by inverse kinematics.

    The subtalar roll (:func:`gaitlab.synthetic.legs.roll_to_hip`) depends on
    where the hips are and the reach on the roll, so height and roll are
    solved twice.
    """
    rotation, level, offsets = _pelvis_level(timing, pattern, geometry, targets.stride_mm)
    placements = _placements(timing, pattern, geometry, targets, offsets)
    feet: dict[str, FootMotion] = {
        s: foot_motion(timing, s, placements[s], geometry, targets.stride_mm) for s in SIDES
    }
    rolled: dict[str, FootMotion] = dict(feet)
    for _ in range(2):
        z = pelvis_height_mm(timing, *_heights(timing, pattern, geometry, offsets, rolled))
        lift = np.outer(z, [0.0, 0.0, 1.0])
        hips: dict[str, np.ndarray] = {s: offsets[s] + lift for s in SIDES}
        for s in SIDES:
            rotation_s, axis_s = roll_to_hip(
                feet[s].rotation,
                feet[s].hinge_axis,
                hips[s],
                feet[s].ankle_mm,
                _valgus_distance_mm(geometry, pattern, s),
                roll_share(timing, s),
            )
            rolled[s] = dataclasses.replace(feet[s], rotation=rotation_s, hinge_axis=axis_s)
    rotation_deg = motion.knee_rotation_target_deg(timing)
    legs: dict[str, LegSolution] = {
        s: solve_leg(
            hips[s],
            rolled[s].ankle_mm,
            rolled[s].hinge_axis,
            geometry.thigh_length_mm[s],
            geometry.shank_length_mm[s],
            np.radians(rotation_deg[s]) * SIDE_SIGN[s],
        )
        for s in SIDES
    }
    return _Cycle(rotation, level + lift, rolled, feet, hips, legs)


def _peak_stance_adduction_deg(
    timing: GaitTiming, geometry: BodyGeometry, cycle: _Cycle
) -> dict[str, float]:
    """Peak hip adduction (Nexus ``HipAngles_Y``) in each side's stance."""
    poses = _tile_poses(timing, geometry, cycle, 0.0, np.arange(timing.frames_per_stride))
    angles = clinical_angles_deg(poses)
    return {
        side: float(
            angles[f"{SIDE_PREFIX[side]}HipAngles_Y"][
                timing.cycle_phase(side) <= timing.foot_off_phase
            ].max()
        )
        for side in SIDES
    }


def _calibrate(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, stride_mm: float
) -> tuple[_Targets, _Cycle]:
    """Medial foot shift that gives each side its hip-adduction target.

    The target is the peak stance hip adduction of the same walk without
    frontal-plane deviations (pelvic drop gain 1, no adduction or valgus offset) plus
    ``hip_adduction_offset_deg``: a larger pelvic drop alone would also adduct
    the stance hip, so the foot is moved to keep the hip where asked. One
    secant step from the typical placement reaches the target within a few
    tenths of a degree; the achieved angles are the truth either way.
    """
    zero: dict[str, float] = {s: 0.0 for s in SIDES}
    centre = _STANCE_CENTRE_PHASE * timing.foot_off_phase / 0.6
    start = _stance_centre(timing, pattern, geometry, _Targets(stride_mm, zero, centre))
    cycle = _cycle(timing, pattern, geometry, start)
    adduction = pattern.hip_adduction_offset_deg
    frontal = [*adduction.values(), *pattern.knee_valgus_offset_deg.values()]
    if not any(frontal) and all(g == 1.0 for g in pattern.pelvic_drop_gain.values()):
        return start, cycle
    plain = dataclasses.replace(
        pattern,
        hip_adduction_offset_deg=zero,
        knee_valgus_offset_deg=zero,
        pelvic_drop_gain=dict.fromkeys(zero, 1.0),
    )
    reference = _peak_stance_adduction_deg(timing, geometry, _cycle(timing, plain, geometry, start))
    before = _peak_stance_adduction_deg(timing, geometry, cycle)
    wanted = {s: reference[s] + adduction[s] - before[s] for s in SIDES}
    trial = start._replace(
        medial_mm={s: geometry.leg_length_mm[s] * np.tan(np.radians(wanted[s])) for s in SIDES}
    )
    after = _peak_stance_adduction_deg(timing, geometry, _cycle(timing, pattern, geometry, trial))
    medial: dict[str, float] = {
        s: trial.medial_mm[s] * wanted[s] / (after[s] - before[s])
        if abs(after[s] - before[s]) > 1e-9
        else 0.0
        for s in SIDES
    }
    targets = _stance_centre(timing, pattern, geometry, start._replace(medial_mm=medial))
    return targets, _cycle(timing, pattern, geometry, targets)


def _foot_slip_mm(
    timing: GaitTiming, geometry: BodyGeometry, cycle: _Cycle, stride_mm: float
) -> float:
    """Largest horizontal travel of a foot's contact point in stance, mm.

    The contact point is the heel's sole point while it is the lower one and
    the sole point under TOE after that; each is followed on its own.
    """
    worst = 0.0
    for side in SIDES:
        foot = cycle.soles[side]
        heel, ball = sole_points(foot.rotation, foot.ankle_mm, geometry)
        stance = timing.cycle_phase(side) <= timing.foot_off_phase + 1e-9
        on_heel = heel[:, 2] <= ball[:, 2]
        back = timing.side_stride(side) * stride_mm
        for point, used in ((heel, stance & on_heel), (ball, stance & ~on_heel)):
            if used.any():
                travel = point[used, :2] - np.stack([back[used], 0.0 * back[used]], axis=1)
                worst = max(worst, float(np.linalg.norm(np.ptp(travel, axis=0))))
    return worst


def _tile_poses(
    timing: GaitTiming,
    geometry: BodyGeometry,
    cycle: _Cycle,
    stride_mm: float,
    index: np.ndarray,
    stride: np.ndarray | None = None,
    offsets_deg: dict[str, tuple[float, float]] | None = None,
) -> SegmentPoses:
    """Poses at cycle ``index`` of each row, ``stride`` strides ahead, progression frame.

    ``offsets_deg`` are the static ``(plantarflexion, rotation)`` offsets per
    side (:func:`gaitlab.synthetic.poses.offset_feet`; None = zero): TOE lies
    ``toe_distance_mm`` from the AJC along the uncorrected foot's Z.
    """
    ahead = np.outer(
        (np.zeros(len(index)) if stride is None else stride) * stride_mm, [1.0, 0.0, 0.0]
    )
    feet, legs = cycle.feet, cycle.legs
    zero: dict[str, tuple[float, float]] = {s: (0.0, 0.0) for s in SIDES}
    corrected: dict[str, np.ndarray] = {}
    uncorrected: dict[str, np.ndarray] = {}
    for s in SIDES:
        corrected[s], uncorrected[s] = offset_feet(
            feet[s].rotation[index], legs[s].tibia_rotation[index], s, *(offsets_deg or zero)[s]
        )
    return SegmentPoses(
        progression_rotation=np.eye(3),
        pelvis_rotation=cycle.pelvis_rotation[index],
        pelvis_origin_mm=cycle.origin_mm[index] + ahead,
        femur_rotation={s: legs[s].femur_rotation[index] for s in SIDES},
        tibia_rotation={s: legs[s].tibia_rotation[index] for s in SIDES},
        foot_rotation=corrected,
        uncorrected_foot_rotation=uncorrected,
        hip_centre_mm={s: cycle.hips[s][index] + ahead for s in SIDES},
        knee_centre_mm={s: legs[s].knee_mm[index] + ahead for s in SIDES},
        ankle_centre_mm={s: feet[s].ankle_mm[index] + ahead for s in SIDES},
        toe_mm={
            s: _toe_mm(feet[s].ankle_mm[index] + ahead, uncorrected[s], geometry) for s in SIDES
        },
        sole_rotation={s: cycle.soles[s].rotation[index] for s in SIDES},
    )


def _toe_mm(ankle_mm: np.ndarray, uncorrected: np.ndarray, geometry: BodyGeometry) -> np.ndarray:
    """TOE (the foot origin): ``toe_distance_mm`` from the AJC along the uncorrected foot's -Z."""
    return ankle_mm - geometry.toe_distance_mm * uncorrected[:, :, 2]


def _events(timing: GaitTiming, contacts: Contacts) -> list[Event]:
    rate = timing.point_rate_hz
    return [
        Event(float(row) / rate, side, kind, source="synthetic", label=_EVENT_LABELS[kind])
        for side, indices in contacts.items()
        for kind, index in zip(("foot_strike", "foot_off"), indices, strict=True)
        for row in timing.rows_of(index)
    ]


def _events_frame(events: list[Event], rate_hz: float) -> pd.DataFrame:
    """Return ``time_s, frame, side, kind`` of ``events`` in time order."""
    rows = [(e.time_s, int(round(e.time_s * rate_hz)), e.side, e.kind) for e in events]
    table = pd.DataFrame(rows, columns=["time_s", "frame", "side", "kind"])
    return table.sort_values(["time_s", "side"], ignore_index=True)


def _strides(
    timing: GaitTiming, contacts: Contacts, markers: dict[str, np.ndarray], forward: np.ndarray
) -> pd.DataFrame:
    rows = []
    for side in SIDES:
        other = "left" if side == "right" else "right"
        strikes = timing.rows_of(contacts[side][0])
        toe = markers[f"{SIDE_PREFIX[side]}TOE"][strikes]
        other_toe = markers[f"{SIDE_PREFIX[other]}TOE"][strikes]
        lengths = np.linalg.norm(np.diff(toe[:, :2], axis=0), axis=1) / 1000
        steps = ((toe - other_toe) @ forward)[:-1] / 1000
        for i, length in enumerate(lengths):
            rows.append(
                (side, int(strikes[i]), int(strikes[i + 1]), timing.stride_time_s, length, steps[i])
            )
    columns = [
        "side",
        "start_frame",
        "end_frame",
        "stride_time_s",
        "stride_length_m",
        "step_length_m",
    ]
    return pd.DataFrame(rows, columns=columns).sort_values("start_frame", ignore_index=True)


def _apply_noise_and_gaps(
    markers: np.ndarray, noise_sd_mm: float, gaps: Sequence[Gap], seed: int
) -> np.ndarray:
    out = markers.copy()
    if noise_sd_mm > 0:
        out += np.random.default_rng(seed).normal(0.0, noise_sd_mm, size=out.shape)
    problems = []
    for label, start, length in gaps:
        if label not in PIG_LOWER_BODY_MARKERS:
            problems.append(f"gap marker {label!r} is not one of {PIG_LOWER_BODY_MARKERS}")
        elif not (0 <= start and length >= 1 and start + length <= out.shape[0]):
            problems.append(
                f"gap ({label!r}, {start}, {length}) must lie within the {out.shape[0]} frames"
            )
        else:
            out[start : start + length, PIG_LOWER_BODY_MARKERS.index(label), :] = np.nan
    _check(problems)
    return out


def _subject(
    name: str,
    mass_kg: float,
    height_mm: float,
    geometry: BodyGeometry,
    diameter: float,
    offsets_deg: dict[str, tuple[float, float]],
) -> Subject:
    sides = {
        s: SideMeasurements(
            leg_length_mm=geometry.leg_length_mm[s],
            knee_width_mm=geometry.knee_width_mm[s],
            ankle_width_mm=geometry.ankle_width_mm[s],
            asis_trochanter_distance_mm=geometry.asis_trochanter_mm[s],
            tibial_torsion_deg=0.0,
            thigh_rotation_deg=0.0,
            shank_rotation_deg=0.0,
            static_plantarflexion_deg=offsets_deg[s][0],
            static_rotation_offset_deg=offsets_deg[s][1],
        )
        for s in SIDES
    }
    return Subject(
        name=name,
        mass_kg=mass_kg,
        height_mm=height_mm,
        inter_asis_distance_mm=geometry.inter_asis_distance_mm,
        marker_diameter_mm=diameter,
        left=sides["left"],
        right=sides["right"],
    )


def make_walking_trial(
    *,
    n_strides: int = 4,
    point_rate_hz: float = 100.0,
    cadence_steps_per_min: float = 110.0,
    stride_length_m: float | None = None,
    walking_direction_deg: float = 0.0,
    lab_offset_mm: tuple[float, float, float] = (0.0, 0.0, 0.0),
    noise_sd_mm: float = 0.0,
    gaps: Sequence[Gap] = (),
    seed: int = 0,
    subject_name: str = "synthetic",
    mass_kg: float = 70.0,
    height_mm: float = 1750.0,
    leg_length_mm: PerSide = 900.0,
    inter_asis_distance_mm: float = 250.0,
    knee_width_mm: PerSide = 100.0,
    ankle_width_mm: PerSide = 70.0,
    marker_diameter_mm: float = 14.0,
    running: bool = False,
    hip_extension_reduction_deg: PerSide = 0.0,
    pelvic_tilt_offset_deg: float = 0.0,
    pelvic_drop_gain: PerSide = 1.0,
    hip_adduction_offset_deg: PerSide = 0.0,
    knee_valgus_offset_deg: PerSide = 0.0,
    knee_flexion_at_contact_offset_deg: PerSide = 0.0,
    stride_length_scale: float = 1.0,
    step_length_asymmetry: float = 1.0,
    static_plantarflexion_deg: PerSide = _STATIC_PLANTARFLEXION_DEG,
    static_rotation_offset_deg: PerSide = _STATIC_ROTATION_OFFSET_DEG,
) -> tuple[Trial, GroundTruth]:
    """Generate a walking (or running) trial by forward kinematics, with its ground truth.

    Built from the feet up: each foot is planted through its stance (heel
    rocker, foot flat, forefoot rocker; :mod:`gaitlab.synthetic.feet`) and
    swings to its next strike; the pelvis moves forward with the Schwartz
    2008 mean tilt, obliquity and rotation at a height that lets the stance
    knee follow the norm knee flexion (:mod:`gaitlab.synthetic.planting`);
    each leg is solved by inverse kinematics (:mod:`gaitlab.synthetic.legs`)
    and the truth angles are the Cardan decomposition of the resulting
    segments, so they are exact for the markers placed on them
    (:mod:`gaitlab.synthetic.markers`). The events are whole frames (foot
    strike = phase 0, foot off at 60 %, 40 % running) and the feet meet
    them exactly: the heel's sole point reaches the floor at each foot
    strike and the sole under TOE leaves it after each foot off; in foot
    flat the foot does not move at all. The abnormal-pattern parameters
    are targets reached by moving the feet or the pelvis (see
    :class:`gaitlab.synthetic.motion.GaitPattern`); the achieved angles are
    the truth.

    Parameters
    ----------
    n_strides
        Complete strides per side. The trial starts 15 % of a stride before the
        first right foot strike and ends 15 % of a stride after the last left one.
    point_rate_hz
        Frame rate.
    cadence_steps_per_min
        Requested cadence; the stride is rounded to whole frames, so the exact
        cadence (``truth.cadence_steps_per_min``) may differ by < 1 %.
    stride_length_m
        Stride length (times ``stride_length_scale``), exact. None (default):
        1.52 leg lengths (Schwartz 2008 free speed; 1.37 m for the default
        subject), shortened by ``hip_extension_reduction_deg`` (see
        :func:`_natural_stride_mm`).
    walking_direction_deg
        Heading in the lab XY plane, from +X towards +Y (180 = walking to -X).
    lab_offset_mm
        Where the horizontal mid-point of the pelvis path lies in the lab;
        its z is the floor height.
    noise_sd_mm
        Standard deviation of white Gaussian noise added to every marker coordinate.
    gaps
        ``(label, first_row, n_frames)`` marker gaps (NaN in the trial).
    seed
        Seed of the noise generator (the trial is otherwise deterministic).
    subject_name, mass_kg, height_mm, inter_asis_distance_mm, marker_diameter_mm
        Subject values (height sets ankle height and foot length).
    leg_length_mm, knee_width_mm, ankle_width_mm
        Plug-in Gait measurements; a number or ``(left, right)``.
    running
        Foot off at 40 % of the cycle instead of 60 %, with flight phases (the
        pelvis follows a ballistic arc; a crude running pattern).
    hip_extension_reduction_deg
        Less peak hip extension in late stance (per side).
    pelvic_tilt_offset_deg
        Added to pelvic tilt; anterior +, negative = posterior tilt.
    pelvic_drop_gain
        Scales the contralateral pelvic drop during each side's stance (per side).
    hip_adduction_offset_deg, knee_valgus_offset_deg, knee_flexion_at_contact_offset_deg
        Per-side deviations (see :class:`gaitlab.synthetic.motion.GaitPattern`).
    stride_length_scale
        Multiplies ``stride_length_m``.
    step_length_asymmetry
        Left step length / right step length, made by striking the left foot
        at ``r / (1 + r)`` of the right cycle (whole frames).
    static_plantarflexion_deg, static_rotation_offset_deg
        Plug-in Gait static foot offsets (``StaticPlantFlex``,
        ``StaticRotOff``; a number or ``(left, right)``), written into the
        subject: TOE is placed on the uncorrected foot they turn into the
        anatomical one (:func:`gaitlab.synthetic.poses.offset_feet`). The
        defaults are typical calibrated values; 0 for an uncalibrated subject.

    Returns
    -------
    trial
        The markers (mm, NaN in gaps), events (source ``"synthetic"``, labels
        ``Foot Strike``/``Foot Off``), subject and provenance (format ``"synthetic"``).
    truth
        The :class:`~gaitlab.synthetic.truth.GroundTruth`.

    Raises
    ------
    SyntheticParameterError
        Listing every argument that is out of range.

    Examples
    --------
    >>> trial, truth = make_walking_trial(n_strides=2, stride_length_m=1.3)
    >>> trial.marker("LTOE").shape[1], round(float(truth.stride_lengths_m["left"][0]), 3)
    (3, 1.3)
    """
    arguments = dict(locals())
    _validate(arguments)
    sides = {
        name: per_side(arguments[name], name)
        for name in (
            "hip_extension_reduction_deg",
            "pelvic_drop_gain",
            "hip_adduction_offset_deg",
            "knee_valgus_offset_deg",
            "knee_flexion_at_contact_offset_deg",
        )
    }
    geometry, offsets_deg = _body(arguments)
    timing = motion.gait_timing(
        n_strides=n_strides,
        point_rate_hz=point_rate_hz,
        cadence_steps_per_min=cadence_steps_per_min,
        foot_off_phase=_FOOT_OFF_PHASE[bool(running)],
        step_length_asymmetry=step_length_asymmetry,
    )
    pattern = GaitPattern(
        hip_extension_reduction_deg=sides["hip_extension_reduction_deg"],
        hip_adduction_offset_deg=sides["hip_adduction_offset_deg"],
        knee_valgus_offset_deg=sides["knee_valgus_offset_deg"],
        knee_flexion_at_contact_offset_deg=sides["knee_flexion_at_contact_offset_deg"],
        pelvic_drop_gain=sides["pelvic_drop_gain"],
        pelvic_tilt_offset_deg=pelvic_tilt_offset_deg,
    )
    stride_mm = (
        1000.0 * stride_length_m * stride_length_scale
        if stride_length_m
        else _natural_stride_mm(timing, pattern, geometry, stride_length_scale)
    )
    targets, cycle = _calibrate(timing, pattern, geometry, stride_mm)
    shortfall = max(float(leg.shortfall_mm.max()) for leg in cycle.legs.values())
    if shortfall > 0.5:
        raise SyntheticParameterError(
            f"make_walking_trial: the legs cannot reach the feet (short by {shortfall:.1f} mm); "
            "use a shorter stride_length_m or a higher cadence"
        )
    index, stride = timing.cycle_index()
    poses = _tile_poses(timing, geometry, cycle, stride_mm, index, stride, offsets_deg)
    heading = rot_z(np.radians(walking_direction_deg))[0]
    middle = (
        poses.pelvis_origin_mm[:, :2].min(axis=0)
        + np.ptp(poses.pelvis_origin_mm[:, :2], axis=0) / 2
    )
    shift = np.asarray(lab_offset_mm, dtype=float) - heading @ np.array([middle[0], middle[1], 0.0])
    poses = poses.transformed(heading, shift)

    marker_map = place_markers(poses, geometry)
    clean = np.stack([marker_map[label] for label in PIG_LOWER_BODY_MARKERS], axis=1)
    markers = _apply_noise_and_gaps(clean, noise_sd_mm, gaps, seed)

    table = clinical_angles_deg(poses)
    columns = [f"{SIDE_PREFIX[s]}{o}_{c}" for s in SIDES for o in _ANGLE_ORDER for c in "XYZ"]
    angle_frame = pd.DataFrame({c: table[c] for c in columns})
    angle_frame.index.name = "frame"
    lowest = {
        s: np.minimum(*(p[:, 2] for p in sole_points(f.rotation, f.ankle_mm, geometry)))
        for s, f in cycle.soles.items()
    }
    contacts = floor_contacts(timing, lowest)

    nominal = nominal_contacts(timing)
    events = _events(timing, nominal)
    trial = Trial(
        markers=markers,
        marker_labels=PIG_LOWER_BODY_MARKERS,
        point_rate_hz=point_rate_hz,
        events=tuple(events),
        subject=_subject(
            subject_name, mass_kg, height_mm, geometry, marker_diameter_mm, offsets_deg
        ),
        provenance=Provenance(
            format="synthetic",
            notes=(f"gaitlab.synthetic.make_walking_trial({_describe(arguments)})",),
        ),
    )
    stride_time = timing.stride_time_s
    truth = GroundTruth(
        angles=angle_frame,
        events=_events_frame(events, point_rate_hz),
        strides=_strides(timing, nominal, marker_map, heading[:, 0]),
        floor_contacts=_events_frame(_events(timing, contacts), point_rate_hz),
        cadence_steps_per_min=120.0 / stride_time,
        speed_mps=stride_mm / 1000 / stride_time,
        stride_time_s=stride_time,
        poses=poses,
        max_foot_slip_mm=_foot_slip_mm(timing, geometry, cycle, stride_mm),
        parameters={
            **arguments,
            "stride_mm": stride_mm,
            "foot_medial_shift_mm": targets.medial_mm,
        },
    )
    return trial, truth


_ANGLE_ORDER = ("PelvisAngles", "HipAngles", "KneeAngles", "AnkleAngles", "FootProgressAngles")


def _describe(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in arguments.items())


def make_static_trial(
    *,
    n_frames: int = 100,
    point_rate_hz: float = 100.0,
    subject_name: str = "synthetic",
    mass_kg: float = 70.0,
    height_mm: float = 1750.0,
    leg_length_mm: PerSide = 900.0,
    inter_asis_distance_mm: float = 250.0,
    knee_width_mm: PerSide = 100.0,
    ankle_width_mm: PerSide = 70.0,
    marker_diameter_mm: float = 14.0,
    static_plantarflexion_deg: PerSide = _STATIC_PLANTARFLEXION_DEG,
    static_rotation_offset_deg: PerSide = _STATIC_ROTATION_OFFSET_DEG,
) -> Trial:
    """Generate the standing (static) trial that calibrates :func:`make_walking_trial`'s subject.

    The same body and markers as the walking trial of the same arguments,
    standing still: pelvis level, each leg straight below its hip, feet flat
    with the Schwartz 2008 mean toe-out, and each shank turned about the
    vertical so that its ankle axis is the uncorrected foot's Y. Then the
    heel-based static foot (TOE to HEE) is the corrected foot and Plug-in
    Gait's calibration (:func:`gaitlab.kinematics.static.static_foot_offsets_deg`,
    with or without the flat-foot option) recovers the offsets given here.
    The subject's offsets are 0, as before a calibration; the trial has no events.

    Parameters
    ----------
    n_frames, point_rate_hz
        Length (frames, all the same pose) and frame rate.
    subject_name, mass_kg, height_mm, leg_length_mm, inter_asis_distance_mm
        As in :func:`make_walking_trial`.
    knee_width_mm, ankle_width_mm, marker_diameter_mm
        As in :func:`make_walking_trial`.
    static_plantarflexion_deg, static_rotation_offset_deg
        The offsets the markers encode, as in :func:`make_walking_trial`.

    Returns
    -------
    Trial
        Markers (mm; the lower sole on the floor, z = 0), subject, provenance.

    Raises
    ------
    SyntheticParameterError
        Listing every argument that is out of range.
    """
    arguments = dict(locals())
    problems = _subject_problems(arguments) + _positive_problems(
        arguments,
        ("point_rate_hz", "mass_kg", "height_mm", "inter_asis_distance_mm", "marker_diameter_mm"),
    )
    if not (isinstance(n_frames, int) and n_frames >= 1):
        problems.append(f"n_frames must be an integer >= 1, got {n_frames!r}")
    _check(problems, "make_static_trial")
    geometry, offsets_deg = _body(arguments)
    still = np.zeros(n_frames)
    up = np.array([0.0, 0.0, 1.0])
    # foot flat: X up, Y left, Z backwards
    flat = rot_y(still - np.pi / 2)
    legs: dict[str, np.ndarray] = {}
    corrected: dict[str, np.ndarray] = {}
    uncorrected: dict[str, np.ndarray] = {}
    hips: dict[str, np.ndarray] = {}
    knee: dict[str, np.ndarray] = {}
    ankle: dict[str, np.ndarray] = {}
    toe: dict[str, np.ndarray] = {}
    for s in SIDES:
        plantar, rotation = offsets_deg[s]
        yaw = np.radians(-SIDE_SIGN[s] * _TOE_OUT_DEG)
        # the shank's ankle axis is the uncorrected foot's Y: turned by -s * rotation
        leg = rot_z(still + yaw - SIDE_SIGN[s] * np.radians(rotation))
        legs[s] = leg
        corrected[s], uncorrected[s] = offset_feet(
            rot_z(still + yaw) @ flat, leg, s, plantar, rotation
        )
        hips[s] = np.tile(geometry.hip_centre_mm[s], (n_frames, 1))
        knee[s] = hips[s] - geometry.thigh_length_mm[s] * up
        ankle[s] = knee[s] - geometry.shank_length_mm[s] * up
        toe[s] = _toe_mm(ankle[s], uncorrected[s], geometry)
    floor = min(float(ankle[s][0, 2]) for s in SIDES) - geometry.ankle_height_mm
    standing = SegmentPoses(
        progression_rotation=np.eye(3),
        pelvis_rotation=rot_x(still),
        pelvis_origin_mm=np.zeros((n_frames, 3)),
        femur_rotation=legs,
        tibia_rotation=legs,
        foot_rotation=corrected,
        uncorrected_foot_rotation=uncorrected,
        hip_centre_mm=hips,
        knee_centre_mm=knee,
        ankle_centre_mm=ankle,
        toe_mm=toe,
    ).transformed(np.eye(3), np.array([0.0, 0.0, -floor]))
    marker_map = place_markers(standing, geometry)
    zero: dict[str, tuple[float, float]] = {s: (0.0, 0.0) for s in SIDES}
    return Trial(
        markers=np.stack([marker_map[label] for label in PIG_LOWER_BODY_MARKERS], axis=1),
        marker_labels=PIG_LOWER_BODY_MARKERS,
        point_rate_hz=point_rate_hz,
        events=(),
        subject=_subject(subject_name, mass_kg, height_mm, geometry, marker_diameter_mm, zero),
        provenance=Provenance(
            format="synthetic",
            notes=(f"gaitlab.synthetic.make_static_trial({_describe(arguments)})",),
        ),
    )
