"""Timing, events and targets of a synthetic gait cycle.

The motion is exactly periodic: one stride lasts a whole number of frames
(:attr:`GaitTiming.frames_per_stride`), so every foot strike and foot off
falls on a frame; these are the events the generator reports, and the feet
(:mod:`gaitlab.synthetic.feet`) meet and leave the floor exactly there.
Everything is computed on one cycle (``frames_per_stride`` samples, index 0 =
right foot strike) and tiled over the trial.

This module also holds what is *prescribed* rather than solved: the pelvis
orientation (Schwartz 2008 mean tilt, obliquity and rotation,
:mod:`gaitlab.synthetic.curves`, plus the abnormal-pattern terms of
:class:`GaitPattern`) and the stance knee flexion that sets the pelvis height
(:func:`stance_knee_target_deg`). Hip, knee and ankle angles are not inputs:
they follow from the feet and the pelvis by inverse kinematics
(:mod:`gaitlab.synthetic.legs`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gaitlab.conventions import SIDES
from gaitlab.synthetic import curves

__all__ = [
    "GaitTiming",
    "GaitPattern",
    "gait_timing",
    "pelvis_angles_deg",
    "stance_knee_target_deg",
    "knee_rotation_target_deg",
    "PerSide",
    "per_side",
]

#: A per-side parameter: one value for both sides, or ``(left, right)``.
PerSide = float | tuple[float, float]


def per_side(value: PerSide, name: str) -> dict[str, float]:
    """Return ``{"left": ..., "right": ...}`` from a float or a ``(left, right)`` pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be a number or a (left, right) pair, got {value!r}")
        return {"left": float(value[0]), "right": float(value[1])}
    return {"left": float(value), "right": float(value)}


@dataclass(frozen=True)
class GaitTiming:
    """When each foot strikes and leaves the ground, in frames.

    Attributes
    ----------
    point_rate_hz
        Frame rate.
    frames_per_stride
        Frames in one stride (both sides).
    left_offset_frames
        Left foot strike, frames after the right foot strike of the same cycle.
    foot_off_frames
        Foot off, frames after the same foot's strike.
    first_strike_frame
        Data row of the first right foot strike.
    n_strides
        Complete strides per side.
    """

    point_rate_hz: float
    frames_per_stride: int
    left_offset_frames: int
    foot_off_frames: int
    first_strike_frame: int
    n_strides: int

    @property
    def n_frames(self) -> int:
        """Frames in the trial: the strides plus ``first_strike_frame`` before and after."""
        return (
            2 * self.first_strike_frame
            + self.left_offset_frames
            + self.n_strides * self.frames_per_stride
        )

    @property
    def stride_time_s(self) -> float:
        """Duration of one stride, s."""
        return self.frames_per_stride / self.point_rate_hz

    @property
    def foot_off_phase(self) -> float:
        """Foot off as a fraction of the stride (exact, whole frames)."""
        return self.foot_off_frames / self.frames_per_stride

    def side_offset(self, side: str) -> int:
        """Frames from the right foot strike to ``side``'s foot strike in a cycle."""
        return 0 if side == "right" else self.left_offset_frames

    def rows_of(self, cycle_index: int) -> np.ndarray:
        """Return every data row that is at ``cycle_index`` of its cycle, in order."""
        start = self.first_strike_frame + cycle_index
        first = -(start // self.frames_per_stride)
        rows = start + self.frames_per_stride * np.arange(first, first + self.n_strides + 3)
        return rows[(rows >= 0) & (rows < self.n_frames)]

    def cycle_phase(self, side: str) -> np.ndarray:
        """Phase (0 = own foot strike) of ``side`` at each of the cycle's frames."""
        k = np.arange(self.frames_per_stride) - self.side_offset(side)
        return np.mod(k, self.frames_per_stride) / self.frames_per_stride

    def side_stride(self, side: str) -> np.ndarray:
        """Which of ``side``'s own strides (0 or -1) each frame of the cycle belongs to."""
        k = np.arange(self.frames_per_stride) - self.side_offset(side)
        return np.floor_divide(k, self.frames_per_stride)

    def cycle_index(self) -> tuple[np.ndarray, np.ndarray]:
        """For every data row: (index in the cycle, stride number), right-strike based."""
        k = np.arange(self.n_frames) - self.first_strike_frame
        return np.mod(k, self.frames_per_stride), np.floor_divide(k, self.frames_per_stride)


def gait_timing(
    *,
    n_strides: int,
    point_rate_hz: float,
    cadence_steps_per_min: float,
    foot_off_phase: float,
    step_length_asymmetry: float,
) -> GaitTiming:
    """Whole-frame timing of a trial.

    The stride is rounded to whole frames, ``round(rate * 120 / cadence)``, so
    the real cadence is ``120 * rate / frames_per_stride`` (reported in the
    ground truth). With ``step_length_asymmetry`` r (left step / right step)
    the left foot strikes at ``r / (1 + r)`` of the right cycle instead of
    half way, which (at a steady pelvis speed) makes the step lengths r : 1.
    The trial starts 15 % of a stride before the first right foot strike and
    ends 15 % after the last left one.
    """
    frames = int(round(point_rate_hz * 120.0 / cadence_steps_per_min))
    left = int(round(frames * step_length_asymmetry / (1.0 + step_length_asymmetry)))
    off = int(round(frames * foot_off_phase))
    lead = int(round(0.15 * frames))
    return GaitTiming(
        point_rate_hz=float(point_rate_hz),
        frames_per_stride=frames,
        left_offset_frames=left,
        foot_off_frames=off,
        first_strike_frame=lead,
        n_strides=int(n_strides),
    )


@dataclass(frozen=True)
class GaitPattern:
    """Deviations from the typical walker, per side (``{"left": ..., "right": ...}``), degrees.

    Each is a target that the feet-first construction reaches by moving the
    feet or the pelvis (the feet stay planted); the achieved angles are the
    ground truth.

    Attributes
    ----------
    hip_extension_reduction_deg
        Less peak hip extension in late stance: the foot is planted further
        forward under the pelvis and the stride shortens so that the hip
        flexion at foot strike stays (:mod:`gaitlab.synthetic.feet`).
    hip_adduction_offset_deg
        More hip adduction: the foot is placed medially.
    knee_valgus_offset_deg
        More knee valgus: the ankle's hinge plane passes ``thigh * sin(offset)``
        medial of the hip (:func:`gaitlab.synthetic.legs.roll_to_hip`).
    knee_flexion_at_contact_offset_deg
        Added to the stance knee-flexion target with a Hann bump (half-width
        15 % of the cycle) centred on foot strike; the pelvis sinks to reach it.
    pelvic_drop_gain
        Scales pelvic obliquity while the contralateral side is down, i.e. the
        pelvic drop during this side's stance.
    pelvic_tilt_offset_deg
        Added to pelvic tilt (anterior +); the thighs stay where the feet put
        them, so hip flexion changes by about the same amount.
    """

    hip_extension_reduction_deg: dict[str, float]
    hip_adduction_offset_deg: dict[str, float]
    knee_valgus_offset_deg: dict[str, float]
    knee_flexion_at_contact_offset_deg: dict[str, float]
    pelvic_drop_gain: dict[str, float]
    pelvic_tilt_offset_deg: float = 0.0


def hann_bump(phase: np.ndarray, centre: float, half_width: float) -> np.ndarray:
    """Return 1 at ``centre``, 0 beyond ``half_width`` (cycles, wrapping), raised cosine between."""
    distance = np.abs(np.mod(phase - centre + 0.5, 1.0) - 0.5)
    return np.where(distance < half_width, 0.5 * (1 + np.cos(np.pi * distance / half_width)), 0.0)


def _warp(phase: np.ndarray, foot_off_phase: float) -> np.ndarray:
    """Map the generator's phase to the norm curves' phase so that foot offs coincide."""
    return np.interp(phase, [0.0, foot_off_phase, 1.0], [0.0, curves.FOOT_OFF_PHASE, 1.0])


def pelvis_angles_deg(timing: GaitTiming, pattern: GaitPattern) -> dict[str, np.ndarray]:
    """Prescribed pelvis angles over one cycle, ``{L,R}PelvisAngles_{X,Y,Z}``, degrees.

    Tilt keeps the half-cycle-periodic part of the norm curve, obliquity and
    rotation the half-cycle-antisymmetric part, so both sides see one pelvis.
    """
    right = _warp(timing.cycle_phase("right"), timing.foot_off_phase)
    tilt = curves.evaluate("PelvisAngles_X", right, "even") + pattern.pelvic_tilt_offset_deg
    right_up = curves.evaluate("PelvisAngles_Y", right, "odd")
    gain = np.where(
        right_up > 0, pattern.pelvic_drop_gain["right"], pattern.pelvic_drop_gain["left"]
    )
    right_up = right_up * gain
    right_forward = curves.evaluate("PelvisAngles_Z", right, "odd")
    return {
        "LPelvisAngles_X": tilt,
        "LPelvisAngles_Y": -right_up,
        "LPelvisAngles_Z": -right_forward,
        "RPelvisAngles_X": tilt,
        "RPelvisAngles_Y": right_up,
        "RPelvisAngles_Z": right_forward,
    }


def stance_knee_target_deg(timing: GaitTiming, pattern: GaitPattern) -> dict[str, np.ndarray]:
    """Knee flexion each stance leg aims for over the cycle, degrees (per side).

    The norm curve (time-warped to the foot off) plus the contact offset; the
    pelvis height is chosen from it (:mod:`gaitlab.synthetic.planting`).
    """
    out: dict[str, np.ndarray] = {}
    for side in SIDES:
        phase = timing.cycle_phase(side)
        out[side] = curves.evaluate(
            "KneeAngles_X", _warp(phase, timing.foot_off_phase)
        ) + pattern.knee_flexion_at_contact_offset_deg[side] * hann_bump(phase, 0.0, 0.15)
    return out


def knee_rotation_target_deg(timing: GaitTiming) -> dict[str, np.ndarray]:
    """Knee rotation (Nexus ``KneeAngles_Z``, internal +) per side: the norm curve, degrees."""
    out: dict[str, np.ndarray] = {
        side: curves.evaluate(
            "KneeAngles_Z", _warp(timing.cycle_phase(side), timing.foot_off_phase)
        )
        for side in SIDES
    }
    return out
