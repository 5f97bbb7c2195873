"""Timing, events and joint-angle curves of a synthetic gait cycle.

The motion is exactly periodic: one stride lasts a whole number of frames
(:attr:`GaitTiming.frames_per_stride`), so every nominal foot strike (phase 0
of the angle curves) and foot off falls on a frame; these are the events the
generator reports. (Where the feet really reach and leave the floor is
measured separately, see :mod:`gaitlab.synthetic.planting`.) Angles are
computed on one cycle (``frames_per_stride`` samples, index 0 = right foot
strike) and tiled over the trial.

Angle curves are the Schwartz 2008 means (:mod:`gaitlab.synthetic.curves`)
time-warped so that the curves' toe-off (60 %) falls on the generator's foot
off, plus the optional abnormal-pattern terms of :class:`GaitPattern`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.synthetic import curves

__all__ = ["GaitTiming", "GaitPattern", "gait_timing", "cycle_angles", "PerSide", "per_side"]

#: A per-side parameter: one value for both sides, or ``(left, right)``.
PerSide = float | tuple[float, float]

#: Phase of peak hip extension in the norm curve (about 52 % of the cycle).
_HIP_EXTENSION_PEAK_PHASE = 0.52


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
    """Deviations from the norm curves, per side (``{"left": ..., "right": ...}``), degrees.

    Attributes
    ----------
    hip_extension_reduction_deg
        Added to hip flexion with a smooth bump (Hann window, half-width 30 % of
        the cycle) centred on peak extension, so peak extension drops by it.
    hip_adduction_offset_deg
        Added to hip adduction over the whole cycle.
    knee_valgus_offset_deg
        Subtracted from knee varus over the whole cycle.
    knee_flexion_at_contact_offset_deg
        Added to knee flexion with a Hann bump (half-width 15 %) centred on foot strike.
    pelvic_drop_gain
        Scales pelvic obliquity while the contralateral side is down, i.e. the
        pelvic drop during this side's stance.
    pelvic_tilt_offset_deg
        Added to pelvic tilt (anterior +) and to hip flexion, both sides: the
        pelvis tilts over thighs that move as before (tilting the pelvis
        anteriorly flexes the hips), so the legs' reach is unchanged.
    hip_flexion_scale
        Scales hip flexion about its cycle mean (used to match the stride length).
    """

    hip_extension_reduction_deg: dict[str, float]
    hip_adduction_offset_deg: dict[str, float]
    knee_valgus_offset_deg: dict[str, float]
    knee_flexion_at_contact_offset_deg: dict[str, float]
    pelvic_drop_gain: dict[str, float]
    pelvic_tilt_offset_deg: float = 0.0
    hip_flexion_scale: float = 1.0


def _hann_bump(phase: np.ndarray, centre: float, half_width: float) -> np.ndarray:
    """Return 1 at ``centre``, 0 beyond ``half_width`` (cycles, wrapping), raised cosine between."""
    distance = np.abs(np.mod(phase - centre + 0.5, 1.0) - 0.5)
    return np.where(distance < half_width, 0.5 * (1 + np.cos(np.pi * distance / half_width)), 0.0)


def _warp(phase: np.ndarray, foot_off_phase: float) -> np.ndarray:
    """Map the generator's phase to the norm curves' phase so that foot offs coincide."""
    return np.interp(phase, [0.0, foot_off_phase, 1.0], [0.0, curves.FOOT_OFF_PHASE, 1.0])


def cycle_angles(timing: GaitTiming, pattern: GaitPattern) -> dict[str, np.ndarray]:
    """Joint and pelvis angles over one cycle, degrees, keyed by Nexus column name.

    Returns the columns ``{L,R}{Pelvis,Hip,Knee,Ankle}Angles_{X,Y,Z}`` with
    Plug-in Gait signs, each of length ``frames_per_stride`` (index 0 = right
    foot strike). Foot progression is not an input: it follows from the chain
    and is measured from the poses.
    """
    fo = timing.foot_off_frames / timing.frames_per_stride
    out: dict[str, np.ndarray] = {}
    # Pelvis from the right cycle; tilt keeps the half-cycle-periodic part, obliquity
    # and rotation the half-cycle-antisymmetric part, so both sides see one pelvis.
    right = _warp(timing.cycle_phase("right"), fo)
    tilt = curves.evaluate("PelvisAngles_X", right, "even") + pattern.pelvic_tilt_offset_deg
    right_up = curves.evaluate("PelvisAngles_Y", right, "odd")
    gain = np.where(
        right_up > 0, pattern.pelvic_drop_gain["right"], pattern.pelvic_drop_gain["left"]
    )
    right_up = right_up * gain
    right_forward = curves.evaluate("PelvisAngles_Z", right, "odd")
    out.update(
        {
            "LPelvisAngles_X": tilt,
            "LPelvisAngles_Y": -right_up,
            "LPelvisAngles_Z": -right_forward,
            "RPelvisAngles_X": tilt,
            "RPelvisAngles_Y": right_up,
            "RPelvisAngles_Z": right_forward,
        }
    )
    for side in SIDES:
        p = SIDE_PREFIX[side]
        phase = _warp(timing.cycle_phase(side), fo)
        hip_flexion = curves.evaluate("HipAngles_X", phase)
        hip_flexion = (
            hip_flexion.mean()
            + pattern.hip_flexion_scale * (hip_flexion - hip_flexion.mean())
            + pattern.pelvic_tilt_offset_deg
        )
        hip_flexion = hip_flexion + pattern.hip_extension_reduction_deg[side] * _hann_bump(
            phase, _HIP_EXTENSION_PEAK_PHASE, 0.3
        )
        knee_flexion = curves.evaluate(
            "KneeAngles_X", phase
        ) + pattern.knee_flexion_at_contact_offset_deg[side] * _hann_bump(phase, 0.0, 0.15)
        hip_rotation = curves.evaluate("HipAngles_Z", phase)
        knee_rotation = curves.evaluate("KneeAngles_Z", phase)
        # Ankle rotation chosen so that, to first order, foot progression follows the norm.
        ankle_rotation = (
            curves.evaluate("FootProgressAngles_Z", phase)
            - curves.evaluate("PelvisAngles_Z", phase, "odd")
            - hip_rotation
            - knee_rotation
        )
        out.update(
            {
                f"{p}HipAngles_X": hip_flexion,
                f"{p}HipAngles_Y": curves.evaluate("HipAngles_Y", phase)
                + pattern.hip_adduction_offset_deg[side],
                f"{p}HipAngles_Z": hip_rotation,
                f"{p}KneeAngles_X": knee_flexion,
                f"{p}KneeAngles_Y": curves.evaluate("KneeAngles_Y", phase)
                - pattern.knee_valgus_offset_deg[side],
                f"{p}KneeAngles_Z": knee_rotation,
                f"{p}AnkleAngles_X": curves.evaluate("AnkleAngles_X", phase),
                f"{p}AnkleAngles_Y": np.zeros_like(phase),
                f"{p}AnkleAngles_Z": ankle_rotation,
            }
        )
    return out
