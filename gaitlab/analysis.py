"""``analyze``: one trial through the whole pipeline to measures, GPS and flags.

The steps: load the trial (and static), events (file, else force plates, else
markers: :func:`gaitlab.events.detect_events` ``"auto"``), strides and
spatiotemporal parameters, Plug-in Gait angles, time-normalised curves,
per-stride measures (:mod:`gaitlab.measures`), hamstring lengths
(:mod:`gaitlab.hamstrings`), the speed-matched reference group
(:mod:`gaitlab.norms`), GPS/MAP (:mod:`gaitlab.gps`) and the evidence-graded
flags (:mod:`gaitlab.flags`). The JSON form is documented in
``docs/analysis_json.md``.
"""

from __future__ import annotations

import json
import logging
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.cycles import normalise_strides
from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.events import detect_events
from gaitlab.events.force_plate import contact_intervals
from gaitlab.flags import NOT_MEASURABLE, FlagInput, evaluate_flags, flags_table
from gaitlab.gps import GpsResult, gait_profile_score
from gaitlab.hamstrings import HAMSTRINGS, hamstring_lengths, hamstring_measures
from gaitlab.imu import imu_spatiotemporal
from gaitlab.io import load_trial
from gaitlab.kinematics import ANGLE_COLUMNS, compute_angles, compute_segments
from gaitlab.measures import (
    KINEMATIC_MEASURES,
    kinematic_measures,
    spatiotemporal_measures,
    step_symmetry,
    vertical_loading_rate,
)
from gaitlab.norms import ReferenceLibrary, ReferenceSet, default_norms, load_norms
from gaitlab.norms.reference import GRAVITY_MPS2
from gaitlab.spatiotemporal import compute_spatiotemporal, symmetry_indices
from gaitlab.trial import Trial

__all__ = ["Analysis", "analyze", "ANALYSIS_SCHEMA_VERSION", "KEY_MEASURES"]

logger = logging.getLogger(__name__)

ANALYSIS_SCHEMA_VERSION = 1
#: Below this mean stance (% of cycle) a trial has flight phases: running, not walking.
RUNNING_STANCE_PCT = 50.0
#: Largest gap between a plate contact onset and a stride's foot strike, s.
PLATE_MATCH_S = 0.05

#: Per-stride spatiotemporal columns that are measures (flags and summaries read them).
_STRIDE_MEASURE_COLUMNS = ("side", "stride", "step_length_m", "step_length_norm",
                           "stride_length_norm", "speed_dimensionless",
                           "vertical_loading_rate_bw_per_s")  # fmt: skip

#: Measures shown per side in summaries (means over the side's strides).
KEY_MEASURES: tuple[str, ...] = (
    "step_length_norm",
    "speed_dimensionless",
    *KINEMATIC_MEASURES,
    *(f"{muscle.name}_peak_length_norm" for muscle in HAMSTRINGS),
    "vertical_loading_rate_bw_per_s",
)


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyze`.

    Attributes
    ----------
    source
        The analysed file (empty for in-memory trials).
    reference
        The reference group used (data set, population, speed group).
    reference_note
        One line naming the reference and, for children's norms, a caution.
    speed_dimensionless
        The trial's mean dimensionless speed (NaN when unknown).
    spatiotemporal
        Per-stride spatiotemporal table (:mod:`gaitlab.spatiotemporal`).
    measures
        Per-stride measures (``side``, ``stride`` and measure columns).
    key_measures
        Side means of :data:`KEY_MEASURES`: rows = measures, columns ``left``, ``right``.
    gps
        GPS and MAP against the reference, or None when no stride had full curves.
    trial_measures
        Trial-level values (step-length symmetry ratio, symmetry indices, GPS ...).
    flags
        One row per flag (:data:`gaitlab.flags.FLAG_COLUMNS`).
    curves
        Time-normalised angle curves: ``"LHipAngles_X"`` ... -> ``(n_strides, 101)``, deg.
    not_measurable
        Article claims that kinematics cannot test (reported, not flagged).
    warnings
        Data-quality warnings raised during the analysis.
    """

    source: str
    reference: ReferenceSet
    reference_note: str
    speed_dimensionless: float
    spatiotemporal: pd.DataFrame
    measures: pd.DataFrame
    key_measures: pd.DataFrame
    gps: GpsResult | None
    trial_measures: dict[str, float]
    flags: pd.DataFrame
    curves: Mapping[str, np.ndarray] = field(default_factory=dict)
    not_measurable: tuple[dict[str, str], ...] = NOT_MEASURABLE
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return the analysis as JSON-ready data (schema in ``docs/analysis_json.md``)."""
        meta = self.reference.metadata
        return {
            "schema": "gaitlab-analysis",
            "schema_version": ANALYSIS_SCHEMA_VERSION,
            "source": self.source,
            "reference": {
                "name": meta.name,
                "speed_group": self.reference.speed_group,
                "label": self.reference.label,
                "population": meta.population,
                "age": meta.age,
                "paediatric": meta.paediatric,
                "citation": meta.citation,
                "licence": meta.licence,
                "note": self.reference_note,
            },
            "speed_dimensionless": _clean(self.speed_dimensionless),
            "spatiotemporal": _records(self.spatiotemporal),
            "measures": _records(self.measures),
            "key_measures": {
                side: {k: _clean(v) for k, v in self.key_measures[side].items()}
                for side in self.key_measures.columns
            },
            "gps": None
            if self.gps is None
            else {
                "gps_deg": {k: _clean(v) for k, v in self.gps.gps_deg.items()},
                "map_deg": {
                    side: {k: _clean(v) for k, v in self.gps.map_deg[side].items()}
                    for side in self.gps.map_deg.columns
                },
            },
            "trial_measures": {k: _clean(v) for k, v in self.trial_measures.items()},
            "flags": _records(self.flags),
            "not_measurable": [dict(item) for item in self.not_measurable],
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 1) -> str:
        """Return :meth:`to_dict` as a JSON string."""
        return json.dumps(self.to_dict(), indent=indent)

    def summary(self) -> str:
        """Return a plain-text report: reference, spatiotemporal, measures, GPS, flags."""
        lines = [f"gaitlab analysis of {self.source or '(in-memory trial)'}"]
        lines.append(f"reference: {self.reference_note}")
        lines.append(f"dimensionless speed: {self.speed_dimensionless:.3f}")
        if not self.spatiotemporal.empty:
            columns = ["stride_length_m", "step_length_m", "cadence_steps_per_min",
                       "speed_m_per_s", "stance_pct"]  # fmt: skip
            columns += [str(c) for c in self.spatiotemporal if str(c).endswith("_excursion_deg")]
            means = self.spatiotemporal.groupby("side")[columns].mean().T
            lines += ["", "spatiotemporal (side means):", means.round(3).to_string()]
        if not self.key_measures.empty:
            lines += ["", "key measures (side means):", self.key_measures.round(3).to_string()]
        if self.gps is not None:
            gps = ", ".join(f"{k} {v:.1f}" for k, v in self.gps.gps_deg.items())
            lines += ["", f"GPS (deg): {gps}"]
        lines += ["", f"flags ({len(self.flags)}):"]
        if self.flags.empty:
            lines.append("  none")
        for message in self.flags.get("message", pd.Series(dtype=str)):
            lines.append(f"  - {message}")
        lines += ["", "not measurable with kinematics (reported, not flagged):"]
        lines += [f"  - {item['claim']}: {item['reason']}" for item in self.not_measurable]
        if self.warnings:
            lines += ["", "warnings:"] + [f"  - {w}" for w in self.warnings]
        return "\n".join(lines)


def _clean(value: Any) -> Any:
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _clean(v) for k, v in row.items()} for row in table.to_dict("records")]


def _curves(
    per_frame: pd.DataFrame, table: pd.DataFrame, columns: list[str]
) -> dict[str, np.ndarray]:
    """Time-normalise ``columns`` of ``per_frame`` over the strides in ``table``."""
    if table.empty:
        return {}
    values = normalise_strides(per_frame[columns].to_numpy(dtype=float), table)
    return {name: values[:, :, k] for k, name in enumerate(columns)}


def _loading_rates(trial: Trial, table: pd.DataFrame) -> np.ndarray:
    """Return the loading rate (BW/s) of each stride whose foot strike starts a plate contact."""
    rates = np.full(len(table), np.nan)
    mass = trial.subject.mass_kg
    if not trial.force_plates or not mass or table.empty:
        return rates
    starts = table["start_time_s"].to_numpy(dtype=float)
    origin_s = trial.first_frame / trial.point_rate_hz
    for plate in trial.force_plates:
        force_z = plate.force_n[:, 2]
        for first, stop in contact_intervals(force_z, plate.rate_hz):
            onset_s = origin_s + first / plate.rate_hz
            gaps = np.abs(starts - onset_s)
            row = int(np.argmin(gaps))
            if gaps[row] <= PLATE_MATCH_S:
                rates[row] = vertical_loading_rate(
                    force_z[first:stop], plate.rate_hz, mass * GRAVITY_MPS2
                )
    return rates


def _leg_lengths(trial: Trial) -> dict[str, float | None]:
    return {side: trial.subject.side(side).leg_length_mm for side in SIDES}


def _select_reference(
    norms: ReferenceLibrary | ReferenceSet | str | Path | None, speed: float
) -> ReferenceSet:
    if isinstance(norms, ReferenceSet):
        return norms
    library = (
        default_norms()
        if norms is None
        else norms
        if isinstance(norms, ReferenceLibrary)
        else load_norms(norms)
    )
    return library.select(speed)


def analyze(
    path_or_trial: str | Path | Trial,
    static: str | Path | Trial | None = None,
    norms: ReferenceLibrary | ReferenceSet | str | Path | None = None,
) -> Analysis:
    """Analyse one walking trial: spatiotemporal table, measures, GPS and flags.

    An IMU recording (sensors, no markers) gets its strides from
    :func:`gaitlab.imu.imu_spatiotemporal`; it has no joint angles, so no GPS
    and only the spatiotemporal measures and flags (a warning says so).
    Without the subject's leg lengths its step lengths are not normalised.

    Parameters
    ----------
    path_or_trial
        A trial file (any format :func:`gaitlab.load_trial` reads) or a Trial.
    static
        Optional static trial (file or Trial) for the foot offsets.
    norms
        The reference: a gaitlab-norms JSON file (e.g. from ``gaitlab norms
        build``), a library or one group. Default: the shipped Schwartz 2008
        children's norms, speed group chosen by dimensionless speed.

    Returns
    -------
    Analysis

    Raises
    ------
    GaitlabError
        When the trial cannot be read or lacks what the kinematics need (the
        message names the file and the missing marker or parameter).
    """
    trial = path_or_trial if isinstance(path_or_trial, Trial) else load_trial(path_or_trial)
    static_trial = static if (static is None or isinstance(static, Trial)) else load_trial(static)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GaitlabWarning)
        result = _analyze(trial, static_trial, norms)
    messages = tuple(dict.fromkeys(str(w.message) for w in caught))
    for message in messages:
        warnings.warn(message, GaitlabWarning, stacklevel=2)
    return replace(result, warnings=messages)


def _analyze(
    trial: Trial,
    static: Trial | None,
    norms: ReferenceLibrary | ReferenceSet | str | Path | None,
) -> Analysis:
    if trial.is_imu_recording:
        return _analyze_imu(trial, norms)
    source = trial.provenance.source
    events = detect_events(trial, "auto")
    st = compute_spatiotemporal(trial, events)
    st = spatiotemporal_measures(st, _leg_lengths(trial))
    st["vertical_loading_rate_bw_per_s"] = _loading_rates(trial, st)
    st.insert(1, "stride", st.groupby("side").cumcount())
    angles = compute_angles(trial, static)
    per_side_curves: dict[str, np.ndarray] = {}
    stance: dict[str, np.ndarray] = {}
    for side in SIDES:
        rows = st[st["side"] == side]
        columns = [c for c in ANGLE_COLUMNS if c.startswith(SIDE_PREFIX[side])]
        per_side_curves.update(_curves(angles, rows, columns))
        stance[side] = rows["stance_pct"].to_numpy(dtype=float)
    measures = kinematic_measures(per_side_curves, stance)
    try:
        segments = compute_segments(trial, static)
        flexion: dict[str, np.ndarray] = {
            s: angles[f"{SIDE_PREFIX[s]}KneeAngles_X"].to_numpy() for s in SIDES
        }
        lengths = hamstring_lengths(segments.rotations, segments.joint_centres_mm, flexion)
        lengths.index = angles.index
        ham_curves: dict[str, np.ndarray] = {}
        for side in SIDES:
            rows = st[st["side"] == side]
            cols = [c for c in lengths.columns if c.startswith(SIDE_PREFIX[side])]
            ham_curves.update(_curves(lengths, rows, cols))
        measures = measures.merge(hamstring_measures(ham_curves), on=["side", "stride"], how="left")
    except GaitlabError as error:
        warnings.warn(
            f"{source}: hamstring lengths not computed: {error}", GaitlabWarning, stacklevel=2
        )
    measures = measures.merge(_stride_measures(st), on=["side", "stride"], how="outer")
    return _assemble(source, st, measures, per_side_curves, norms)


def _stride_measures(st: pd.DataFrame) -> pd.DataFrame:
    """Return the per-stride spatiotemporal measures the flags read, from the stride table."""
    return st[[c for c in _STRIDE_MEASURE_COLUMNS if c in st.columns]]


def _analyze_imu(
    trial: Trial, norms: ReferenceLibrary | ReferenceSet | str | Path | None
) -> Analysis:
    """Analyse an IMU recording: strides from :func:`gaitlab.imu.imu_spatiotemporal`."""
    source = trial.provenance.source
    st = imu_spatiotemporal(trial)
    legs = _leg_lengths(trial)
    if all(legs.values()):
        st = spatiotemporal_measures(st, legs)
    else:
        warnings.warn(
            f"{source or 'trial'}: no leg lengths in the subject data: step lengths are not "
            "normalised and the reference speed group is not matched",
            GaitlabWarning,
            stacklevel=3,
        )
    st.insert(1, "stride", st.groupby("side").cumcount())
    warnings.warn(
        f"{source or 'trial'}: IMU recording: joint angles, GPS and the angle-based flags need "
        "markers; only the spatiotemporal measures and flags are evaluated",
        GaitlabWarning,
        stacklevel=3,
    )
    return _assemble(source, st, _stride_measures(st), {}, norms)


def _assemble(
    source: str,
    st: pd.DataFrame,
    measures: pd.DataFrame,
    per_side_curves: dict[str, np.ndarray],
    norms: ReferenceLibrary | ReferenceSet | str | Path | None,
) -> Analysis:
    """Add reference, trial measures, GPS and flags to the per-stride tables (both pipelines)."""
    speed = (
        float(np.nanmean(st["speed_dimensionless"]))
        if "speed_dimensionless" in st and st["speed_dimensionless"].notna().any()
        else math.nan
    )
    reference = _select_reference(norms, speed)
    if st["stance_pct"].notna().any() and float(np.nanmean(st["stance_pct"])) < RUNNING_STANCE_PCT:
        warnings.warn(
            f"{source or 'trial'}: mean stance {np.nanmean(st['stance_pct']):.0f} % of the cycle "
            "looks like running; the references and flag thresholds are for walking",
            GaitlabWarning,
            stacklevel=2,
        )
    ref_speed, ref_sd = reference.dimensionless_speed_mean, reference.dimensionless_speed_sd
    if math.isfinite(speed) and abs(speed - ref_speed) > 2.0 * ref_sd:
        warnings.warn(
            f"{source or 'trial'}: dimensionless speed {speed:.3f} is outside the reference "
            f"controls' {ref_speed:.3f} +/- 2 x {ref_sd:.3f} ({reference.label}); deviations "
            "may partly reflect the speed difference",
            GaitlabWarning,
            stacklevel=2,
        )
    trial_measures = dict(step_symmetry(st))
    trial_measures.update({str(k): float(v) for k, v in symmetry_indices(st).items()})
    gps = None
    try:
        gps = gait_profile_score(per_side_curves, reference) if per_side_curves else None
    except GaitlabError as error:
        warnings.warn(f"{source}: GPS not computed: {error}", GaitlabWarning, stacklevel=2)
    if gps is not None:
        trial_measures.update({f"gps_{k}_deg": v for k, v in gps.gps_deg.items()})
    flags = evaluate_flags(FlagInput(measures, reference, trial_measures))
    present = [m for m in KEY_MEASURES if m in measures.columns]
    key = measures.groupby("side")[present].mean().T.reindex(columns=list(SIDES))
    return Analysis(
        source=source,
        reference=reference,
        reference_note=reference.describe(),
        speed_dimensionless=speed,
        spatiotemporal=st,
        measures=measures,
        key_measures=key,
        gps=gps,
        trial_measures=trial_measures,
        flags=flags_table(flags),
        curves=per_side_curves,
    )
