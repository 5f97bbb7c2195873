"""Compare gaitlab's angles with the model outputs a file already carries (Nexus).

Nexus stores its Plug-in Gait outputs as points (``LHipAngles``, or
``LHipAnglesV`` and subject-prefixed labels in some files; the reader
normalises the names). :func:`validate_trial` recomputes the angles from the
markers and lists, per output and component, the RMS and maximum absolute
difference over the frames where both exist: a check that a lab can run on
its own Nexus data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gaitlab.errors import GaitlabError
from gaitlab.kinematics import ANGLE_COLUMNS, compute_angles
from gaitlab.trial import Trial

__all__ = ["compare_angles", "validate_trial", "marker_diameter_from_outputs", "VALIDATION_COLUMNS"]

_ANGLE_OUTPUT_NAMES = sorted({column.rsplit("_", 1)[0] for column in ANGLE_COLUMNS})

#: Columns of the tables returned here.
VALIDATION_COLUMNS = ("output", "component", "rms_deg", "max_abs_deg", "n_frames")


class NoReferenceError(GaitlabError, ValueError):
    """The trial carries none of the angle outputs to compare with."""


def _no_reference(trial: Trial) -> NoReferenceError:
    return NoReferenceError(
        f"{trial.provenance.source or 'the trial'} carries no angle outputs to compare with "
        f"(expected model outputs such as LHipAngles; it has {sorted(trial.model_outputs)})"
    )


def compare_angles(trial: Trial, angles: pd.DataFrame) -> pd.DataFrame:
    """Compare an angle table with the trial's own model outputs.

    Parameters
    ----------
    trial
        The trial whose ``model_outputs`` hold the reference (e.g. Nexus's).
    angles
        A table like :func:`gaitlab.compute_angles` returns.

    Returns
    -------
    pandas.DataFrame
        One row per output and component that both have, columns
        :data:`VALIDATION_COLUMNS`: RMS and max absolute difference in degrees
        over the ``n_frames`` frames where both are finite (NaN when none).

    Raises
    ------
    NoReferenceError
        When the trial has none of the outputs.
    """
    rows = []
    for column in angles.columns:
        name, component = column.rsplit("_", 1)
        reference = trial.model_outputs.get(name)
        if reference is None:
            continue
        diff = angles[column].to_numpy() - reference.values[:, "XYZ".index(component)]
        both = diff[np.isfinite(diff)]
        rms = float(np.sqrt(np.mean(both**2))) if both.size else float("nan")
        worst = float(np.max(np.abs(both))) if both.size else float("nan")
        rows.append((name, component, rms, worst, int(both.size)))
    if not rows:
        raise _no_reference(trial)
    return pd.DataFrame(rows, columns=list(VALIDATION_COLUMNS))


def marker_diameter_from_outputs(trial: Trial) -> float | None:
    """Infer the marker diameter Nexus used from its knee centre output, mm.

    Plug-in Gait places the knee centre (the femur origin, written as the
    virtual marker ``LFEO``/``RFEO``) at knee width / 2 + marker radius from
    the KNE marker; files from older Nexus versions do not store the
    diameter in ``PROCESSING``. Returns the median over frames and sides,
    rounded to 0.1 mm, or ``None`` when the file lacks what is needed.
    """
    estimates = []
    for side, p in (("left", "L"), ("right", "R")):
        width = trial.subject.side(side).knee_width_mm
        if not width or not trial.has_markers(p + "FEO", p + "KNE"):
            continue
        gap = trial.marker(p + "FEO") - trial.marker(p + "KNE")
        distance = np.sqrt(np.sum(gap**2, axis=1))
        distance = distance[np.isfinite(distance)]
        if distance.size:
            estimates.append(2.0 * (float(np.median(distance)) - width / 2.0))
    if not estimates:
        return None
    return round(float(np.median(estimates)), 1)


def validate_trial(
    trial: Trial, static: Trial | None = None, **options
) -> tuple[pd.DataFrame, list[str]]:
    """Recompute the angles of ``trial`` and compare them with its stored outputs.

    Parameters
    ----------
    trial, static
        As for :func:`gaitlab.compute_angles`.
    **options
        Passed to :func:`gaitlab.compute_angles`. Without
        ``marker_diameter_mm`` and when the file does not state it, the
        diameter is inferred with :func:`marker_diameter_from_outputs`.

    Returns
    -------
    tuple
        The comparison table (:data:`VALIDATION_COLUMNS`) and notes on what
        was inferred.
    """
    if not any(name in trial.model_outputs for name in _ANGLE_OUTPUT_NAMES):
        raise _no_reference(trial)
    notes = []
    if "marker_diameter_mm" not in options and trial.subject.marker_diameter_mm is None:
        inferred = marker_diameter_from_outputs(trial)
        if inferred is not None and inferred > 0:
            options["marker_diameter_mm"] = inferred
            notes.append(
                f"marker diameter {inferred:g} mm inferred from the file's knee centres "
                "(PROCESSING does not state it)"
            )
    angles = compute_angles(trial, static, **options)
    return compare_angles(trial, angles[list(ANGLE_COLUMNS)]), notes
