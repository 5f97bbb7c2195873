"""Discrete gait measures per stride and side, as the flags and norms name them.

Kinematic measures are read from time-normalised curves (0-100 % of the
stride, any number of points) so that windows such as "stance" or "80-100 %"
mean the same as in the reference data (Schwartz et al. 2008 define theirs on
the cycle). All angles are Plug-in Gait (flexion, adduction/varus, internal
rotation, anterior tilt, obliquity "up" positive), deg.

=================================== ==================================================
measure                              definition
=================================== ==================================================
hip_flexion_ic_deg                   hip flexion at 0 %
hip_flexion_min_stance_deg           minimum hip flexion in stance (peak extension)
hip_sagittal_range_deg               max - min hip flexion over the cycle
hip_adduction_max_stance_deg         peak hip adduction in stance
pelvic_tilt_mean_deg                 mean anterior pelvic tilt over the cycle
pelvic_tilt_range_deg                max - min pelvic tilt
pelvic_obliquity_range_deg           max - min pelvic obliquity
contralateral_pelvic_drop_deg        maximum of the side's own obliquity in its stance
                                     ("up" on the stance side = the other side dropped;
                                     Schwartz's "pelvic obliquity maximum in stance")
pelvic_rotation_range_deg            max - min pelvic rotation
knee_flexion_ic_deg                  knee flexion at 0 % (initial contact)
knee_flexion_loading_peak_deg        peak knee flexion in 0-30 % and within stance
knee_flexion_loading_excursion_deg   loading peak - knee flexion at contact
knee_flexion_terminal_swing_deg      minimum knee flexion in 80-100 %
knee_flexion_max_swing_deg           peak knee flexion after foot off
knee_varus_max_stance_deg            peak knee varus in stance
knee_varus_min_stance_deg            minimum knee varus in stance (negative = valgus)
knee_rotation_max_stance_deg         peak knee internal rotation in stance
=================================== ==================================================

Spatiotemporal measures (:func:`spatiotemporal_measures`): ``stride_length_norm``
and ``step_length_norm`` (length / leg length), ``speed_dimensionless``
(speed / sqrt(g * leg length), Hof 1996) and the trial-level
``step_length_symmetry_ratio`` (larger / smaller side mean, Patterson 2010).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.errors import MissingParameterError
from gaitlab.norms.reference import GRAVITY_MPS2

__all__ = [
    "KINEMATIC_MEASURES",
    "LOADING_WINDOW_PCT",
    "TERMINAL_SWING_PCT",
    "kinematic_measures",
    "spatiotemporal_measures",
    "step_symmetry",
    "vertical_loading_rate",
]

#: Window of the loading-response knee flexion peak, % of cycle.
LOADING_WINDOW_PCT = (0.0, 30.0)
#: Window of terminal swing, % of cycle.
TERMINAL_SWING_PCT = (80.0, 100.0)

KINEMATIC_MEASURES: tuple[str, ...] = (
    "hip_flexion_ic_deg",
    "hip_flexion_min_stance_deg",
    "hip_sagittal_range_deg",
    "hip_adduction_max_stance_deg",
    "pelvic_tilt_mean_deg",
    "pelvic_tilt_range_deg",
    "pelvic_obliquity_range_deg",
    "contralateral_pelvic_drop_deg",
    "pelvic_rotation_range_deg",
    "knee_flexion_ic_deg",
    "knee_flexion_loading_peak_deg",
    "knee_flexion_loading_excursion_deg",
    "knee_flexion_terminal_swing_deg",
    "knee_flexion_max_swing_deg",
    "knee_varus_max_stance_deg",
    "knee_varus_min_stance_deg",
    "knee_rotation_max_stance_deg",
)


def _masked(curves: np.ndarray, mask: np.ndarray, reduce: str) -> np.ndarray:
    """Reduce each stride's curve over its ``mask`` (NaN where the mask is empty)."""
    fill = np.inf if reduce == "min" else -np.inf
    values = np.where(mask, curves, fill)
    out = values.min(axis=1) if reduce == "min" else values.max(axis=1)
    out = np.where(mask.any(axis=1), out, np.nan)
    return np.where(np.isfinite(out), out, np.nan)


def kinematic_measures(
    normalised: Mapping[str, np.ndarray], stance_pct: Mapping[str, np.ndarray]
) -> pd.DataFrame:
    """Compute the kinematic measures of every stride.

    Parameters
    ----------
    normalised
        Curve name with side prefix (``"LKneeAngles_X"``) -> ``(n_strides, n_points)``
        angles over 0-100 % of that side's strides, deg. Needs PelvisAngles,
        HipAngles and KneeAngles (X, Y, Z) for each side that has strides.
    stance_pct
        Side -> ``(n_strides,)`` foot off as % of the stride (NaN when unknown:
        stance measures are then NaN).

    Returns
    -------
    pandas.DataFrame
        One row per stride: ``side``, ``stride`` (0-based within the side), and
        the columns of :data:`KINEMATIC_MEASURES`.

    Raises
    ------
    MissingParameterError
        When a needed curve is missing for a side with strides.
    """
    tables = []
    for side in SIDES:
        p = SIDE_PREFIX[side]
        stance = np.asarray(stance_pct.get(side, ()), dtype=float)
        if stance.size == 0:
            continue
        needed = [f"{p}{seg}Angles_{ax}" for seg in ("Pelvis", "Hip", "Knee") for ax in "XYZ"]
        missing = [n for n in needed if n not in normalised]
        if missing:
            raise MissingParameterError(f"measures need curves {missing} for the {side} side")
        c = {n[1:]: np.asarray(normalised[n], dtype=float) for n in needed}
        n_points = c["KneeAngles_X"].shape[1]
        pct = np.linspace(0.0, 100.0, n_points)[None, :]
        in_stance = pct <= stance[:, None]
        in_swing = pct > stance[:, None]  # both False when foot off is unknown (NaN)
        loading = (pct >= LOADING_WINDOW_PCT[0]) & (pct <= LOADING_WINDOW_PCT[1]) & in_stance
        terminal = (pct >= TERMINAL_SWING_PCT[0]) & (pct <= TERMINAL_SWING_PCT[1])
        terminal = np.broadcast_to(terminal, c["KneeAngles_X"].shape)
        hip, knee, pelvis = c["HipAngles_X"], c["KneeAngles_X"], c["PelvisAngles_X"]
        loading_peak = _masked(knee, loading, "max")
        table = pd.DataFrame(
            {
                "side": side,
                "stride": np.arange(stance.size),
                "hip_flexion_ic_deg": hip[:, 0],
                "hip_flexion_min_stance_deg": _masked(hip, in_stance, "min"),
                "hip_sagittal_range_deg": np.ptp(hip, axis=1),
                "hip_adduction_max_stance_deg": _masked(c["HipAngles_Y"], in_stance, "max"),
                "pelvic_tilt_mean_deg": pelvis.mean(axis=1),
                "pelvic_tilt_range_deg": np.ptp(pelvis, axis=1),
                "pelvic_obliquity_range_deg": np.ptp(c["PelvisAngles_Y"], axis=1),
                "contralateral_pelvic_drop_deg": _masked(c["PelvisAngles_Y"], in_stance, "max"),
                "pelvic_rotation_range_deg": np.ptp(c["PelvisAngles_Z"], axis=1),
                "knee_flexion_ic_deg": knee[:, 0],
                "knee_flexion_loading_peak_deg": loading_peak,
                "knee_flexion_loading_excursion_deg": loading_peak - knee[:, 0],
                "knee_flexion_terminal_swing_deg": _masked(knee, terminal, "min"),
                "knee_flexion_max_swing_deg": _masked(knee, in_swing, "max"),
                "knee_varus_max_stance_deg": _masked(c["KneeAngles_Y"], in_stance, "max"),
                "knee_varus_min_stance_deg": _masked(c["KneeAngles_Y"], in_stance, "min"),
                "knee_rotation_max_stance_deg": _masked(c["KneeAngles_Z"], in_stance, "max"),
            }
        )
        tables.append(table)
    if not tables:
        return pd.DataFrame(columns=["side", "stride", *KINEMATIC_MEASURES])
    return pd.concat(tables, ignore_index=True)


def _leg_length_m(leg_length_mm: Mapping[str, float | None], side: str) -> float:
    value = leg_length_mm.get(side)
    if value is None or not np.isfinite(value) or value <= 0:
        raise MissingParameterError(
            f"subject {side} leg_length_mm is needed to normalise step length; got {value}"
        )
    return float(value) / 1000.0


def spatiotemporal_measures(
    table: pd.DataFrame, leg_length_mm: Mapping[str, float | None]
) -> pd.DataFrame:
    """Add leg-length-normalised lengths and dimensionless speed to a per-stride table.

    Parameters
    ----------
    table
        Per-stride table with ``side`` and any of ``stride_length_m``,
        ``step_length_m``, ``speed_m_per_s`` (as :mod:`gaitlab.spatiotemporal` names them).
    leg_length_mm
        Side -> leg length in mm.

    Returns
    -------
    pandas.DataFrame
        A copy with ``stride_length_norm``, ``step_length_norm`` and
        ``speed_dimensionless`` where their inputs exist.
    """
    out = table.copy()
    if out.empty:
        return out
    legs_m = out["side"].map(lambda side: _leg_length_m(leg_length_mm, side)).astype(float)
    for column, name in (
        ("stride_length_m", "stride_length_norm"),
        ("step_length_m", "step_length_norm"),
    ):
        if column in out:
            out[name] = out[column].astype(float) / legs_m
    if "speed_m_per_s" in out:
        out["speed_dimensionless"] = out["speed_m_per_s"].astype(float) / np.sqrt(
            GRAVITY_MPS2 * legs_m
        )
    return out


def step_symmetry(table: pd.DataFrame) -> dict[str, float]:
    """Step-length symmetry ratio of a per-stride table with ``side`` and ``step_length_m``.

    Returns
    -------
    dict
        ``step_length_symmetry_ratio`` (larger / smaller side mean, >= 1;
        Patterson et al. 2010) and ``n_steps``; the ratio is NaN when a side
        has no step. Robinson's symmetry indices are
        :func:`gaitlab.spatiotemporal.symmetry_indices`.
    """
    steps = table.dropna(subset=["step_length_m"]) if "step_length_m" in table else table[:0]
    means = steps.groupby("side")["step_length_m"].mean() if len(steps) else pd.Series()
    ratio = float("nan")
    if set(SIDES) <= set(means.index):
        left, right = float(means["left"]), float(means["right"])
        ratio = max(left, right) / min(left, right)
    return {"step_length_symmetry_ratio": ratio, "n_steps": float(len(steps))}


def vertical_loading_rate(
    contact_force_n: np.ndarray, rate_hz: float, body_weight_n: float
) -> float:
    """Average vertical loading rate of one foot contact, BW/s.

    The slope of the vertical force between the first samples reaching 20 %
    and 80 % of the peak force in the first half of the contact (the
    weight-acceptance peak when walking; the usual "average loading rate"),
    divided by body weight.

    Parameters
    ----------
    contact_force_n
        Vertical ground reaction force of one contact (as
        :func:`gaitlab.events.force_plate.contact_intervals` cuts it), N; its
        sign is ignored.
    rate_hz
        Sampling rate of the force, Hz.
    body_weight_n
        Body weight, N.

    Returns
    -------
    float
        Loading rate in body weights per second; NaN without a clear first peak.
    """
    force = np.abs(np.asarray(contact_force_n, dtype=float))
    if force.size < 5 or not np.isfinite(force).all() or body_weight_n <= 0:
        return float("nan")
    # the peak of the first half of the contact (weight acceptance when walking); a
    # first local maximum would catch the heel-strike transient or noise instead
    peak_index = int(np.argmax(force[: max(3, force.size // 2)]))
    rise = force[: peak_index + 1]
    lo = int(np.argmax(rise >= 0.2 * rise[-1]))
    hi = int(np.argmax(rise >= 0.8 * rise[-1]))
    if hi <= lo:
        return float("nan")
    slope_n_per_s = (rise[hi] - rise[lo]) * rate_hz / (hi - lo)
    return float(slope_n_per_s / body_weight_n)
