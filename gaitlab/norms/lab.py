"""Build a lab's own reference from its control trials (``gaitlab norms build``).

Each control trial is analysed with :func:`gaitlab.analysis.analyze`; its
strides are averaged per trial (left and right together: norms are
side-less), and the reference is the mean and between-trial SD of those trial
means, for curves and for every discrete measure. One trial per control is
assumed (several trials of one person make the SDs too small: average them
first or keep one). The expected GPS of a control is each control's GPS
against the lab mean curves, so a lab reference also judges the overall
deviation.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.errors import GaitlabError, GaitlabWarning, MissingParameterError
from gaitlab.norms.reference import (
    ReferenceLibrary,
    ReferenceMetadata,
    ReferenceSet,
    ReferenceValue,
)
from gaitlab.trial import Trial

__all__ = ["MIN_CONTROLS", "build_lab_norms", "control_files"]

logger = logging.getLogger(__name__)

#: Fewest usable control trials for a reference with SDs.
MIN_CONTROLS = 2
#: File suffixes read from a controls directory.
TRIAL_SUFFIXES = (".c3d",)


def control_files(directory: str | Path) -> list[Path]:
    """Return the trial files of ``directory`` (sorted), excluding none.

    Raises
    ------
    MissingParameterError
        When the directory does not exist or holds no trial file.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise MissingParameterError(f"controls directory {directory} does not exist")
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() in TRIAL_SUFFIXES)
    if not files:
        raise MissingParameterError(f"no trial files ({', '.join(TRIAL_SUFFIXES)}) in {directory}")
    return files


def build_lab_norms(
    trials: str | Path | Iterable[str | Path | Trial],
    *,
    name: str = "lab",
    population: str = "adult lab controls",
    age: str = "",
    licence: str = "the lab's own data",
) -> ReferenceLibrary:
    """Build a one-group reference from control trials.

    Parameters
    ----------
    trials
        A directory of control trial files, or trial files / Trials.
    name, population, age, licence
        Metadata written into the reference (shown in every analysis using it).

    Returns
    -------
    ReferenceLibrary
        One group named ``"lab"`` with curves, discrete values (mean, SD over
        controls) and the controls' dimensionless speed.

    Raises
    ------
    MissingParameterError
        When fewer than :data:`MIN_CONTROLS` trials could be analysed (each
        failure is reported as a warning naming the file).
    """
    from gaitlab.analysis import analyze  # the analysis stage comes after norms

    items: list[str | Path | Trial]
    source = ""
    if isinstance(trials, (str, Path)):
        source = str(trials)
        items = list(control_files(trials))
    else:
        items = list(trials)
    curve_rows: list[dict[str, np.ndarray]] = []
    value_rows: list[dict[str, float]] = []
    used: list[str] = []
    for item in items:
        label = str(item) if not isinstance(item, Trial) else item.provenance.source or "trial"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", GaitlabWarning)
                analysis = analyze(item)
        except GaitlabError as error:
            warnings.warn(f"control {label} skipped: {error}", GaitlabWarning, stacklevel=2)
            continue
        if analysis.measures.empty or not analysis.curves:
            warnings.warn(
                f"control {label} skipped: no complete stride", GaitlabWarning, stacklevel=2
            )
            continue
        curve_rows.append(_trial_curves(analysis.curves))
        numeric = analysis.measures.drop(columns=["side", "stride"]).select_dtypes("number")
        value_rows.append({k: float(v) for k, v in numeric.mean().items()})
        used.append(label)
    if len(used) < MIN_CONTROLS:
        raise MissingParameterError(
            f"lab norms need at least {MIN_CONTROLS} analysable control trials, got {len(used)}"
        )
    names = sorted(set.intersection(*(set(r) for r in curve_rows)))
    stacks = {n: np.stack([r[n] for r in curve_rows]) for n in names}
    means = {n: np.nanmean(stacks[n], axis=0) for n in names}
    sds = {n: np.nanstd(stacks[n], axis=0, ddof=1) for n in names}
    table = pd.DataFrame(value_rows)
    provenance = f"lab controls: mean and SD over {len(used)} trials"
    values = {
        column: ReferenceValue(
            float(table[column].mean()), float(table[column].std(ddof=1)), provenance
        )
        for column in table.columns
        if table[column].notna().sum() >= MIN_CONTROLS
    }
    values["gps_overall_deg"] = _expected_gps(stacks, means, provenance)
    speed = values.get("speed_dimensionless", ReferenceValue(math.nan, math.nan))
    meta = ReferenceMetadata(
        name=name,
        population=population,
        age=age,
        source=source or ", ".join(used),
        citation="",
        licence=licence,
        notes=(f"built by gaitlab from {len(used)} control trials: {', '.join(used)}",),
        paediatric=False,
    )
    group = ReferenceSet(
        metadata=meta,
        speed_group="lab",
        percent=np.linspace(0.0, 100.0, next(iter(means.values())).size),
        curves_mean=means,
        curves_sd=sds,
        values=values,
        dimensionless_speed_mean=speed.mean,
        dimensionless_speed_sd=speed.sd,
        n_subjects=len(used),
    )
    return ReferenceLibrary(meta, (group,))


def _trial_curves(curves: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Mean curve of one trial per side-less name (left and right strides pooled)."""
    prefixes = tuple(SIDE_PREFIX[s] for s in SIDES)
    pooled: dict[str, list[np.ndarray]] = {}
    for full_name, strides in curves.items():
        if full_name[:1] in prefixes and len(strides):
            pooled.setdefault(full_name[1:], []).append(np.asarray(strides, dtype=float))
    return {name: np.nanmean(np.concatenate(parts), axis=0) for name, parts in pooled.items()}


def _expected_gps(
    stacks: dict[str, np.ndarray], means: dict[str, np.ndarray], provenance: str
) -> ReferenceValue:
    """Each control's GPS (9 variables, side-pooled curves) against the lab mean."""
    from gaitlab.gps import GPS_VARIABLES

    if not all(v in stacks for v in GPS_VARIABLES):
        return ReferenceValue(math.nan, math.nan, "GPS variables missing from the controls")
    gvs_sq = np.stack(
        [np.nanmean((stacks[v] - means[v]) ** 2, axis=1) for v in GPS_VARIABLES], axis=1
    )
    gps = np.sqrt(gvs_sq.mean(axis=1))
    return ReferenceValue(
        float(gps.mean()), float(gps.std(ddof=1)), f"{provenance}; each control's GPS vs the mean"
    )
