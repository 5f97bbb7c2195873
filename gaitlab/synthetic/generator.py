"""``make_walking_trial``: a walking (or running) trial with known answers."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from gaitlab.conventions import PIG_LOWER_BODY_MARKERS, SIDE_PREFIX, SIDES
from gaitlab.errors import GaitlabError
from gaitlab.synthetic import motion
from gaitlab.synthetic.markers import place_markers
from gaitlab.synthetic.motion import GaitPattern, GaitTiming, PerSide, per_side
from gaitlab.synthetic.planting import (
    Contacts,
    lowest_sole_point,
    nominal_contacts,
    pelvis_path,
    support_weights,
)
from gaitlab.synthetic.poses import SegmentPoses, chain_rotations, leg_points
from gaitlab.synthetic.rotations import rot_z
from gaitlab.synthetic.skeleton import BodyGeometry, body_geometry
from gaitlab.synthetic.truth import GroundTruth, foot_progression_deg
from gaitlab.trial import Event, Provenance, SideMeasurements, Subject, Trial

__all__ = ["make_walking_trial", "SyntheticParameterError"]

#: Label, first data row, number of frames.
Gap = tuple[str, int, int]

_EVENT_LABELS = {"foot_strike": "Foot Strike", "foot_off": "Foot Off"}
_FOOT_OFF_PHASE = {False: 0.6, True: 0.4}


class SyntheticParameterError(GaitlabError, ValueError):
    """An argument of :func:`make_walking_trial` is out of range; names every bad one."""


def _check(problems: list[str]) -> None:
    if problems:
        raise SyntheticParameterError("make_walking_trial: " + "; ".join(problems))


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
    for name in positive:
        value = arguments[name]
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            problems.append(f"{name} must be a positive number, got {value!r}")
    for name in ("leg_length_mm", "knee_width_mm", "ankle_width_mm"):
        try:
            values = per_side(arguments[name], name)
        except (TypeError, ValueError) as error:
            problems.append(str(error))
            continue
        if not all(math.isfinite(v) and v > 0 for v in values.values()):
            problems.append(f"{name} must be positive (mm), got {arguments[name]!r}")
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


class _Cycle(NamedTuple):
    """One cycle of the motion (index 0 = nominal right foot strike)."""

    angles: dict[str, np.ndarray]
    rotations: dict[str, np.ndarray]
    points: dict[str, np.ndarray]  # leg points with the pelvis origin at 0
    origin_mm: np.ndarray  # pelvis path in the progression frame
    stride_mm: float
    contacts: Contacts


def _cycle(timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry) -> _Cycle:
    """Compute one cycle: angles, segment rotations, leg points and the planted pelvis path."""
    angles = motion.cycle_angles(timing, pattern)
    rotations = chain_rotations(angles)
    points = leg_points(rotations, geometry, np.zeros((timing.frames_per_stride, 3)))
    origin, stride_mm, contacts = pelvis_path(timing, points)
    return _Cycle(angles, rotations, points, origin, stride_mm, contacts)


def _match_stride(
    timing: GaitTiming,
    pattern: GaitPattern,
    geometry: BodyGeometry,
    stride_length_m: float | None,
    stride_length_scale: float,
) -> tuple[GaitPattern, _Cycle, float]:
    """Scale hip flexion about its mean (secant method) until the planted stride is reached.

    The target is ``stride_length_m`` (or the pattern's natural stride when
    None) times ``stride_length_scale``. The hip-extension-reduction bump is
    added after the scaling, so it keeps its full size. The scale is kept
    within [0.3, 2.5]; any remaining difference becomes a steady forward drift
    of the pelvis, i.e. foot slip, reported in the truth.

    Returns
    -------
    tuple
        The pattern used, its cycle, the target in mm.
    """
    results = [_cycle(timing, pattern, geometry)]
    natural_mm = results[0].stride_mm
    target_mm = (1000.0 * stride_length_m if stride_length_m else natural_mm) * stride_length_scale
    scales = [1.0]
    if abs(target_mm - natural_mm) > 1e-9 * target_mm:
        scales.append(target_mm / natural_mm)
        for _ in range(8):
            scaled = dataclasses.replace(pattern, hip_flexion_scale=scales[-1])
            results.append(_cycle(timing, scaled, geometry))
            error = results[-1].stride_mm - target_mm
            if abs(error) < 1e-6:
                break
            slope = (results[-1].stride_mm - results[-2].stride_mm) / (scales[-1] - scales[-2])
            scales.append(float(np.clip(scales[-1] - error / slope, 0.3, 2.5)))
            if scales[-1] == scales[-2]:
                break
    best = int(np.argmin([abs(r.stride_mm - target_mm) for r in results]))
    return dataclasses.replace(pattern, hip_flexion_scale=scales[best]), results[best], target_mm


def _step_ratio(timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry) -> float:
    """Left step length / right step length (TOE to TOE along the walk at each foot strike)."""
    points = _cycle(timing, pattern, geometry).points
    left, right = points["toe_left"][:, 0], points["toe_right"][:, 0]
    strike = timing.left_offset_frames
    return float((left[strike] - right[strike]) / (right[0] - left[0]))


def _choose_left_strike(
    timing: GaitTiming, pattern: GaitPattern, geometry: BodyGeometry, ratio: float
) -> GaitTiming:
    """Move the left foot strike (whole frames, +/-3) to the step ratio closest to ``ratio``."""
    candidates = [
        dataclasses.replace(timing, left_offset_frames=timing.left_offset_frames + k)
        for k in range(-3, 4)
    ]
    errors = [abs(math.log(_step_ratio(t, pattern, geometry) / ratio)) for t in candidates]
    return candidates[int(np.argmin(errors))]


def _foot_slip_mm(
    timing: GaitTiming, points: dict[str, np.ndarray], origin: np.ndarray, stride_mm: float
) -> float:
    """Largest horizontal path of a foot's lowest sole point over its single support."""
    weights = support_weights(nominal_contacts(timing), timing.frames_per_stride)
    shift = np.zeros_like(origin)
    shift[-1, 0] = stride_mm  # the frame after the last one is one stride ahead
    worst = 0.0
    for side in SIDES:
        lowest, heel_low = lowest_sole_point(points, side)
        now = lowest + origin
        heel, ball = points[f"heel_sole_{side}"], points[f"ball_sole_{side}"]
        after = np.where(heel_low[:, None], np.roll(heel, -1, 0), np.roll(ball, -1, 0))
        after = after + np.roll(origin, -1, 0) + shift
        step = np.linalg.norm((after - now)[:, :2], axis=1)
        single = (weights[side] >= 1.0) & (np.roll(weights[side], -1) >= 1.0)
        worst = max(worst, float(step[single].sum()))
    return worst


def _tile_poses(
    timing: GaitTiming,
    geometry: BodyGeometry,
    rotations: dict[str, np.ndarray],
    origin: np.ndarray,
    stride_mm: float,
) -> SegmentPoses:
    """Poses of every data row in the progression frame (pelvis path tiled stride by stride)."""
    index, stride = timing.cycle_index()
    pelvis_origin = origin[index] + np.outer(stride * stride_mm, [1.0, 0.0, 0.0])
    rot = {k: v[index] for k, v in rotations.items()}
    points = leg_points(rot, geometry, pelvis_origin)
    return SegmentPoses(
        progression_rotation=np.eye(3),
        pelvis_rotation=rot["pelvis"],
        pelvis_origin_mm=pelvis_origin,
        femur_rotation={s: rot[f"femur_{s}"] for s in SIDES},
        tibia_rotation={s: rot[f"tibia_{s}"] for s in SIDES},
        foot_rotation={s: rot[f"foot_{s}"] for s in SIDES},
        hip_centre_mm={s: points[f"hip_{s}"] for s in SIDES},
        knee_centre_mm={s: points[f"knee_{s}"] for s in SIDES},
        ankle_centre_mm={s: points[f"ankle_{s}"] for s in SIDES},
        toe_mm={s: points[f"toe_{s}"] for s in SIDES},
    )


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
    name: str, mass_kg: float, height_mm: float, geometry: BodyGeometry, diameter: float
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
            static_plantarflexion_deg=0.0,
            static_rotation_offset_deg=0.0,
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
) -> tuple[Trial, GroundTruth]:
    """Generate a walking (or running) trial by forward kinematics, with its ground truth.

    The angle curves are the Schwartz 2008 free-speed means
    (:mod:`gaitlab.synthetic.curves`) plus the requested deviations; segments
    are chained from the pelvis (:mod:`gaitlab.synthetic.poses`); the pelvis
    moves so that the supporting foot stays on the floor
    (:mod:`gaitlab.synthetic.planting`); Plug-in Gait markers are placed on
    the segments (:mod:`gaitlab.synthetic.markers`). The events are the
    generator's nominal ones (foot strike = phase 0 of the norm curves, foot
    off at 60 %, 40 % running, whole frames); ``truth.floor_contacts`` gives
    the frames where each foot really reaches and leaves the floor (see
    :mod:`gaitlab.synthetic.planting`). To reach the requested
    stride length the hip flexion curve is scaled about its mean (the scale is
    in ``truth.parameters["hip_flexion_scale"]``); the stride is then exact.

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
        Stride length (times ``stride_length_scale``). None (default): the
        stride that the angle curves make with planted feet (about 1.37 m for
        the default subject and pattern), so every angle deviation keeps
        exactly its stated size. A given length is reached by scaling hip
        flexion about its mean.
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
        Foot off at 40 % of the cycle instead of 60 %, with flight phases
        (the walking curves are time-warped; a crude running pattern).
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
        at about ``r / (1 + r)`` of the right cycle: the whole frame (within
        3 of that) whose step ratio is closest to ``r``.

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
            "leg_length_mm",
            "knee_width_mm",
            "ankle_width_mm",
            "hip_extension_reduction_deg",
            "pelvic_drop_gain",
            "hip_adduction_offset_deg",
            "knee_valgus_offset_deg",
            "knee_flexion_at_contact_offset_deg",
        )
    }
    timing = motion.gait_timing(
        n_strides=n_strides,
        point_rate_hz=point_rate_hz,
        cadence_steps_per_min=cadence_steps_per_min,
        foot_off_phase=_FOOT_OFF_PHASE[bool(running)],
        step_length_asymmetry=step_length_asymmetry,
    )
    geometry = body_geometry(
        height_mm=height_mm,
        inter_asis_distance_mm=inter_asis_distance_mm,
        marker_diameter_mm=marker_diameter_mm,
        leg_length_mm=sides["leg_length_mm"],
        knee_width_mm=sides["knee_width_mm"],
        ankle_width_mm=sides["ankle_width_mm"],
    )
    pattern = GaitPattern(
        hip_extension_reduction_deg=sides["hip_extension_reduction_deg"],
        hip_adduction_offset_deg=sides["hip_adduction_offset_deg"],
        knee_valgus_offset_deg=sides["knee_valgus_offset_deg"],
        knee_flexion_at_contact_offset_deg=sides["knee_flexion_at_contact_offset_deg"],
        pelvic_drop_gain=sides["pelvic_drop_gain"],
        pelvic_tilt_offset_deg=pelvic_tilt_offset_deg,
    )
    timing = _choose_left_strike(timing, pattern, geometry, step_length_asymmetry)
    pattern, cycle, target_mm = _match_stride(
        timing, pattern, geometry, stride_length_m, stride_length_scale
    )
    angles, rotations, points, origin, planted_mm, contacts = cycle
    # what the hip-flexion scale could not reach becomes a steady drift (foot slip)
    drift = (
        (target_mm - planted_mm) * np.arange(timing.frames_per_stride) / timing.frames_per_stride
    )
    origin = origin + np.outer(drift, [1.0, 0.0, 0.0])
    slip_mm = _foot_slip_mm(timing, points, origin, target_mm)

    poses = _tile_poses(timing, geometry, rotations, origin, target_mm)
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

    index, _ = timing.cycle_index()
    table = {k: v[index] for k, v in angles.items()}
    table.update(foot_progression_deg(poses))
    columns = [f"{SIDE_PREFIX[s]}{o}_{c}" for s in SIDES for o in _ANGLE_ORDER for c in "XYZ"]
    angle_frame = pd.DataFrame({c: table[c] for c in columns})
    angle_frame.index.name = "frame"

    nominal = nominal_contacts(timing)
    events = _events(timing, nominal)
    trial = Trial(
        markers=markers,
        marker_labels=PIG_LOWER_BODY_MARKERS,
        point_rate_hz=point_rate_hz,
        events=tuple(events),
        subject=_subject(subject_name, mass_kg, height_mm, geometry, marker_diameter_mm),
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
        speed_mps=target_mm / 1000 / stride_time,
        stride_time_s=stride_time,
        poses=poses,
        max_foot_slip_mm=slip_mm,
        parameters={**arguments, "hip_flexion_scale": pattern.hip_flexion_scale},
    )
    return trial, truth


_ANGLE_ORDER = ("PelvisAngles", "HipAngles", "KneeAngles", "AnkleAngles", "FootProgressAngles")


def _describe(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in arguments.items())
