"""Gait Profile Score (GPS) and Movement Analysis Profile (MAP), Baker et al. 2009.

For each of nine kinematic variables the Gait Variable Score (GVS) is the RMS,
over the gait cycle, of the difference between a stride's time-normalised
curve and the reference mean curve; the GPS is the RMS of the GVS (not their
arithmetic mean, a known slip in one open implementation). Curves are compared
on the reference's own cycle grid (every 2 % for Schwartz 2008, as Baker used).

Per side: the three pelvic variables are counted once, with the left side, so
the left GPS uses 9 GVS, the right 6, and the overall GPS all 15.

References
----------
Baker R, McGinley JL, Schwartz MH, Beynon S, Rozumalski A, Graham HK, Tirosh O
(2009) The Gait Profile Score and Movement Analysis Profile. Gait Posture
30(3):265-269. Baker R et al. (2012) The minimal clinically important
difference for the GPS. Gait Posture 35(4):612-615 (MCID 1.6 deg).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.errors import MissingParameterError
from gaitlab.norms.reference import ReferenceSet

__all__ = ["GPS_VARIABLES", "PELVIS_VARIABLES", "GpsResult", "gait_profile_score"]

#: The nine variables (side-less curve names) in MAP order.
GPS_VARIABLES: tuple[str, ...] = (
    "PelvisAngles_X",
    "PelvisAngles_Y",
    "PelvisAngles_Z",
    "HipAngles_X",
    "HipAngles_Y",
    "HipAngles_Z",
    "KneeAngles_X",
    "AnkleAngles_X",
    "FootProgressAngles_Z",
)
PELVIS_VARIABLES: tuple[str, ...] = GPS_VARIABLES[:3]

#: Minimal clinically important difference of the GPS, deg (Baker 2012).
GPS_MCID_DEG = 1.6


@dataclass(frozen=True)
class GpsResult:
    """GPS and MAP of one trial against one reference.

    Attributes
    ----------
    map_deg
        Movement Analysis Profile: rows = :data:`GPS_VARIABLES`, columns
        ``left`` and ``right``; each cell the GVS averaged over that side's
        strides, deg (right pelvis cells are NaN: pelvis counts with left).
    gps_deg
        ``{"left", "right", "overall"}`` -> GPS in deg, from the strides whose
        curves are complete (NaN when a side has none).
    per_stride
        One row per stride: ``side``, ``stride``, ``gps_deg`` and one ``gvs_<variable>_deg``
        column per variable.
    reference
        Label of the reference used.
    """

    map_deg: pd.DataFrame
    gps_deg: dict[str, float]
    per_stride: pd.DataFrame
    reference: str


def _gvs(curves: np.ndarray, reference_mean: np.ndarray, ref_percent: np.ndarray) -> np.ndarray:
    """RMS difference per stride; ``curves`` is (n_strides, n_points) over 0-100 %."""
    grid = np.linspace(0.0, 100.0, curves.shape[1])
    resampled = np.stack([np.interp(ref_percent, grid, c) for c in curves])
    return np.sqrt(np.mean((resampled - reference_mean) ** 2, axis=1))


def gait_profile_score(normalised: Mapping[str, np.ndarray], reference: ReferenceSet) -> GpsResult:
    """Compute GVS per stride, the MAP and the GPS per side and overall.

    Parameters
    ----------
    normalised
        Full curve name with side prefix (``"LHipAngles_X"``) -> ``(n_strides, n_points)``
        time-normalised curves over 0-100 % of that side's strides, deg, PiG signs.
        Every one of the 9 variables is needed for each side that has strides.
    reference
        The reference group to compare with.

    Returns
    -------
    GpsResult

    Raises
    ------
    MissingParameterError
        When a needed curve is absent from ``normalised`` or the reference.
    """
    rows = []
    side_gvs: dict[str, dict[str, float]] = {}
    for side in SIDES:
        names = [f"{SIDE_PREFIX[side]}{v}" for v in GPS_VARIABLES]
        present = [n for n in names if n in normalised and len(normalised[n])]
        if not present:
            continue
        missing = sorted(set(names) - set(present))
        if missing:
            raise MissingParameterError(f"GPS needs curves {missing} for the {side} side")
        per_var = {}
        for variable, name in zip(GPS_VARIABLES, names, strict=True):
            mean, _ = reference.curve(variable, n_points=reference.percent.size)
            per_var[variable] = _gvs(np.asarray(normalised[name], float), mean, reference.percent)
        counted = GPS_VARIABLES if side == "left" else GPS_VARIABLES[3:]
        stride_gps = np.sqrt(np.mean([per_var[v] ** 2 for v in counted], axis=0))
        for k in range(stride_gps.size):
            row = {"side": side, "stride": k, "gps_deg": float(stride_gps[k])}
            row.update({f"gvs_{v}_deg": float(per_var[v][k]) for v in GPS_VARIABLES})
            rows.append(row)
        finite = np.isfinite(stride_gps)
        if not finite.any():
            continue  # no stride with complete curves on this side
        side_gvs[side] = {v: float(np.mean(per_var[v][finite])) for v in counted}
    map_deg = pd.DataFrame(
        {side: [side_gvs.get(side, {}).get(v, np.nan) for v in GPS_VARIABLES] for side in SIDES},
        index=list(GPS_VARIABLES),
    )
    gps: dict[str, float] = {
        side: float(np.sqrt(np.mean(np.square(list(side_gvs[side].values())))))
        if side in side_gvs
        else float("nan")
        for side in SIDES
    }
    all_gvs = [g for side in side_gvs for g in side_gvs[side].values()]
    gps["overall"] = float(np.sqrt(np.mean(np.square(all_gvs)))) if all_gvs else float("nan")
    per_stride = pd.DataFrame(rows)
    return GpsResult(map_deg, gps, per_stride, reference.label)
