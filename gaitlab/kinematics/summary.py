"""Headline numbers of a trial's angles: hip extension and pelvic tilt per side."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["angle_summary", "format_angle_summary"]

#: Columns of :func:`angle_summary`.
SUMMARY_COLUMNS = (
    "side",
    "peak_hip_extension_deg",
    "hip_flexion_range_deg",
    "mean_pelvic_tilt_deg",
    "pelvic_tilt_range_deg",
)


def angle_summary(angles: pd.DataFrame) -> pd.DataFrame:
    """Summarise hip extension and pelvic tilt per side over all frames.

    Parameters
    ----------
    angles
        A table from :func:`gaitlab.compute_angles`.

    Returns
    -------
    pandas.DataFrame
        One row per side (``"left"``, ``"right"``), columns
        :data:`SUMMARY_COLUMNS`: peak hip extension (``-min(HipAngles_X)``,
        extension positive), range of hip flexion-extension, mean anterior
        pelvic tilt and its range, degrees; NaN when a side has no frames.
    """
    rows = []
    for side, p in (("left", "L"), ("right", "R")):
        hip = angles[f"{p}HipAngles_X"].to_numpy()
        tilt = angles[f"{p}PelvisAngles_X"].to_numpy()
        hip, tilt = hip[np.isfinite(hip)], tilt[np.isfinite(tilt)]
        if hip.size == 0 or tilt.size == 0:
            rows.append((side, np.nan, np.nan, np.nan, np.nan))
            continue
        rows.append((side, -hip.min(), hip.max() - hip.min(), tilt.mean(), tilt.max() - tilt.min()))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def format_angle_summary(angles: pd.DataFrame) -> str:
    """Return :func:`angle_summary` as indented lines for the terminal."""
    lines = []
    for row in angle_summary(angles).itertuples(index=False):
        lines.append(
            f"  {row.side:>5}: peak hip extension {row.peak_hip_extension_deg:5.1f} deg "
            f"(extension +; hip range {row.hip_flexion_range_deg:4.1f}), mean pelvic tilt "
            f"{row.mean_pelvic_tilt_deg:5.1f} deg "
            f"(anterior +; range {row.pelvic_tilt_range_deg:4.1f})"
        )
    return "\n".join(lines)
