"""Stride rules: short steps for the speed, step-length asymmetry."""

from __future__ import annotations

import math

from gaitlab.conventions import SIDES
from gaitlab.flags import sources as S
from gaitlab.flags.base import (
    FINDING_NOT_DIAGNOSIS,
    Flag,
    FlagInput,
    deviation_flags,
    register_flag,
    side_values,
)

#: Upper limit of normal of the step-length symmetry ratio (larger/smaller), Patterson 2010.
#: Recalled, not re-read in the paper: verify before relying on it.
STEP_SYMMETRY_RATIO_LIMIT = 1.08
#: Patterson et al. recommend at least this many steps for a symmetry ratio.
RECOMMENDED_STEPS = 10


@register_flag(
    "STRIDE_SHORT",
    ("step_length_norm",),
    "Dimensionless step length (step / leg length) below the reference.",
)
def stride_short(data: FlagInput) -> list[Flag]:
    """Step length / leg length below mean - 2 SD of the speed-matched reference."""
    return deviation_flags(
        data,
        code="STRIDE_SHORT",
        metric="step_length_norm",
        unit="leg lengths",
        direction="low",
        floor=0.0,
        finding="Short steps for the leg length",
        claim="tight hamstrings shorten the stride",
        evidence="weak",
        alternative=(
            "slow walking, pain, fear of falling or age shorten steps; only severe simulated "
            "hamstring restriction and high-speed sprint stretching studies support the claim, "
            "and acute stretching did not change running kinematics"
        ),
        sources=(S.SCHWARTZ_2008, S.WHITEHEAD_2007, S.CAPLAN_2009, S.DAVIS_HAMMONDS_2012),
    )


@register_flag(
    "STEP_LENGTH_ASYMMETRY",
    ("step_length_m",),
    "Step-length symmetry ratio (larger / smaller side mean) above 1.08; side = shorter step.",
)
def step_length_asymmetry(data: FlagInput) -> list[Flag]:
    """Larger/smaller ratio of the sides' mean step lengths above the limit of normal."""
    steps = {side: side_values(data.measures, side, "step_length_m") for side in SIDES}
    if any(len(s) == 0 for s in steps.values()):
        return []
    means = {side: float(s.mean()) for side, s in steps.items()}
    shorter = min(SIDES, key=lambda side: means[side])
    longer = max(SIDES, key=lambda side: means[side])
    if means[shorter] <= 0:
        return []
    ratio = means[longer] / means[shorter]
    if ratio <= STEP_SYMMETRY_RATIO_LIMIT:
        return []
    n_steps = sum(len(s) for s in steps.values())
    caution = (
        f" Based on {n_steps} steps; at least {RECOMMENDED_STEPS} are recommended."
        if n_steps < RECOMMENDED_STEPS
        else ""
    )
    alternative = "unilateral pain, weakness or a leg-length difference"
    message = (
        f"Uneven step length: {shorter} steps {means[shorter]:.3f} m vs {longer} "
        f"{means[longer]:.3f} m, ratio {ratio:.3f} above {STEP_SYMMETRY_RATIO_LIMIT}. "
        f"{FINDING_NOT_DIAGNOSIS} Article's explanation (tight hamstrings make the stride "
        f"uneven): evidence none; tightness on both sides would not cause asymmetry. "
        f"What the evidence says: {alternative}.{caution}"
    )
    return [
        Flag(
            code="STEP_LENGTH_ASYMMETRY",
            side=shorter,
            metric="step_length_symmetry_ratio",
            value=ratio,
            unit="ratio",
            reference="Patterson et al. 2010 limit of normal (fixed threshold)",
            reference_mean=math.nan,
            reference_sd=math.nan,
            z_score=math.nan,
            threshold=STEP_SYMMETRY_RATIO_LIMIT,
            strides_affected=tuple(int(k) for k in steps[shorter].index),
            evidence_for_article_claim="none",
            alternative_explanation=alternative,
            sources=(S.PATTERSON_2010,),
            message=message,
        )
    ]
