"""The Flag record, the rule registry and the shared deviation test.

A flag is a *finding*: a measured value outside a stated reference range. It is
never a diagnosis. Each flag carries the evidence grade for the popular
article's causal claim about that pattern (strong, moderate, weak,
contradicted, none) and, where the literature offers one, a better-supported
alternative explanation. Rules are pure functions of :class:`FlagInput`
registered once with :func:`register_flag`.

Measurement-error floors: a deviation from the reference mean smaller than
about 2 deg in the sagittal plane or 5 deg in the frontal and transverse
planes is not flagged (McGinley et al. 2009, Gait Posture 29:360-369).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDES
from gaitlab.norms.reference import ReferenceSet, ReferenceValue

__all__ = [
    "first_per_side",
    "EVIDENCE_GRADES",
    "FLOOR_SAGITTAL_DEG",
    "FLOOR_OTHER_DEG",
    "FINDING_NOT_DIAGNOSIS",
    "Evidence",
    "Flag",
    "FlagInput",
    "FlagRule",
    "REGISTRY",
    "register_flag",
    "deviation_flags",
    "side_values",
]

Evidence = Literal["strong", "moderate", "weak", "contradicted", "none"]
EVIDENCE_GRADES: tuple[str, ...] = ("strong", "moderate", "weak", "contradicted", "none")

#: Measurement-error floors (McGinley 2009): deviations below these are not flagged.
FLOOR_SAGITTAL_DEG = 2.0
FLOOR_OTHER_DEG = 5.0
#: How many reference SDs make a value abnormal.
N_SD = 2.0

FINDING_NOT_DIAGNOSIS = "This is a measured finding, not a diagnosis."


@dataclass(frozen=True)
class Flag:
    """One finding: a measure outside its reference range, with the evidence for the claim.

    Attributes
    ----------
    code
        Rule code, e.g. ``"HIP_EXTENSION_DEFICIT"``.
    side
        ``"left"``, ``"right"`` or ``""`` for trial-level findings.
    metric, value, unit
        The measure (as named in :mod:`gaitlab.measures`), the side's mean over strides, its unit.
    reference
        Data set and speed group, e.g. ``"Schwartz2008 (Free)"``.
    reference_mean, reference_sd
        The reference value (NaN for fixed thresholds).
    z_score
        ``(value - reference_mean) / reference_sd`` (NaN for fixed thresholds).
    threshold
        The limit that was crossed, in ``unit``.
    strides_affected
        Indices (within the side) of strides whose own value crossed the limit.
    evidence_for_article_claim
        One of :data:`EVIDENCE_GRADES`: how well the literature supports the
        article's causal explanation of this pattern.
    alternative_explanation
        A better-supported explanation, or ``""``.
    sources
        Citations for the threshold and the evidence grade.
    message
        Plain-language summary; always states that this is a finding, not a diagnosis.
    """

    code: str
    side: str
    metric: str
    value: float
    unit: str
    reference: str
    reference_mean: float
    reference_sd: float
    z_score: float
    threshold: float
    strides_affected: tuple[int, ...]
    evidence_for_article_claim: Evidence
    alternative_explanation: str
    sources: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, object]:
        """Return the flag as plain JSON-ready values (NaN -> None)."""
        out: dict[str, object] = {}
        for key, value in asdict(self).items():
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out


@dataclass(frozen=True)
class FlagInput:
    """Everything a rule may read.

    Attributes
    ----------
    measures
        One row per stride: ``side``, ``stride`` and measure columns (see
        :mod:`gaitlab.measures`).
    reference
        The reference group the trial is compared with.
    trial_measures
        Trial-level values (``step_length_symmetry_ratio``, ``n_steps``,
        ``gps_overall_deg`` ...).
    """

    measures: pd.DataFrame
    reference: ReferenceSet
    trial_measures: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FlagRule:
    """A registered rule: its code, region module, what it measures and the function."""

    code: str
    region: str
    metrics: tuple[str, ...]
    description: str
    function: Callable[[FlagInput], list[Flag]]


#: Every rule, by code, filled by the region modules when :mod:`gaitlab.flags` is imported.
REGISTRY: dict[str, FlagRule] = {}


def register_flag(
    code: str, metrics: tuple[str, ...], description: str
) -> Callable[[Callable[[FlagInput], list[Flag]]], Callable[[FlagInput], list[Flag]]]:
    """Register a rule function under ``code`` (decorator); codes must be unique."""

    def decorate(function: Callable[[FlagInput], list[Flag]]) -> Callable[[FlagInput], list[Flag]]:
        if code in REGISTRY:
            raise ValueError(f"flag code {code!r} is registered twice")
        region = function.__module__.rsplit(".", 1)[-1]
        REGISTRY[code] = FlagRule(code, region, metrics, description, function)
        return function

    return decorate


def side_values(measures: pd.DataFrame, side: str, metric: str) -> pd.Series:
    """Per-stride values of ``metric`` on ``side`` indexed by stride (NaN dropped)."""
    if metric not in measures.columns or measures.empty:
        return pd.Series(dtype=float)
    mask = (measures["side"] == side).to_numpy()
    values = measures[metric].to_numpy(dtype=float)[mask]
    strides = measures["stride"].to_numpy()[mask]
    keep = np.isfinite(values)
    return pd.Series(values[keep], index=strides[keep], dtype=float)


def _limit(ref: ReferenceValue, direction: str) -> float:
    return ref.mean + N_SD * ref.sd if direction == "high" else ref.mean - N_SD * ref.sd


def exceeds(value: float | np.ndarray, ref: ReferenceValue, direction: str, floor: float) -> bool:
    """Return True when ``value`` is beyond mean +/- 2 SD in ``direction`` and beyond the floor."""
    if not (math.isfinite(ref.mean) and math.isfinite(ref.sd)):
        return False
    limit = _limit(ref, direction)
    beyond = value > limit if direction == "high" else value < limit
    return bool(beyond and abs(float(value) - ref.mean) >= floor)


def deviation_flags(
    data: FlagInput,
    *,
    code: str,
    metric: str,
    unit: str,
    direction: Literal["high", "low"],
    floor: float,
    finding: str,
    claim: str,
    evidence: Evidence,
    alternative: str,
    sources: tuple[str, ...],
    reference_value: ReferenceValue | None = None,
    sides: tuple[str, ...] = SIDES,
) -> list[Flag]:
    """Flag each side whose mean ``metric`` is beyond the reference mean +/- 2 SD.

    Parameters
    ----------
    data
        The rule input.
    code, metric, unit
        Flag code, measure column and its unit.
    direction
        ``"high"``: flag values above mean + 2 SD; ``"low"``: below mean - 2 SD.
    floor
        Smallest deviation from the reference mean worth flagging (measurement error).
    finding, claim
        What was found (plain words) and the article's explanation being graded.
    evidence, alternative, sources
        Evidence grade for the claim, better-supported explanation, citations.
    reference_value
        Use this instead of ``data.reference.value(metric)`` (for values the
        reference set lacks, e.g. a provisional published value).
    sides
        Sides to evaluate.

    Returns
    -------
    list of Flag
        At most one per side; empty when the reference lacks the value or its SD.
    """
    ref = reference_value if reference_value is not None else data.reference.value(metric)
    flags = []
    for side in sides:
        values = side_values(data.measures, side, metric)
        if values.empty:
            continue
        value = float(values.mean())
        if not exceeds(value, ref, direction, floor):
            continue
        limit = _limit(ref, direction)
        affected = tuple(
            int(k)  # type: ignore[call-overload]
            for k, v in values.items()
            if exceeds(float(v), ref, direction, floor)
        )
        word = "above" if direction == "high" else "below"
        message = (
            f"{finding} ({side}): {metric} = {value:.3g} {unit}, {word} the limit "
            f"{limit:.3g} {unit} (mean {ref.mean:.3g} +/- 2 x {ref.sd:.3g}; "
            f"{data.reference.label}). {FINDING_NOT_DIAGNOSIS} "
            f"Article's explanation ({claim}): evidence {evidence}."
        )
        if alternative:
            message += f" What the evidence says: {alternative}."
        flags.append(
            Flag(
                code=code,
                side=side,
                metric=metric,
                value=value,
                unit=unit,
                reference=data.reference.label
                if reference_value is None
                else reference_value.provenance,
                reference_mean=ref.mean,
                reference_sd=ref.sd,
                z_score=(value - ref.mean) / ref.sd if ref.sd > 0 else math.nan,
                threshold=limit,
                strides_affected=affected,
                evidence_for_article_claim=evidence,
                alternative_explanation=alternative,
                sources=sources,
                message=message,
            )
        )
    return flags


def first_per_side(primary: list[Flag], fallback: list[Flag]) -> list[Flag]:
    """Return ``primary`` plus the ``fallback`` flags of sides ``primary`` did not flag.

    For rules with two metrics for one finding (e.g. knee flexion at terminal
    swing, else at contact), so a side is flagged at most once.
    """
    flagged = {f.side for f in primary}
    return primary + [f for f in fallback if f.side not in flagged]
