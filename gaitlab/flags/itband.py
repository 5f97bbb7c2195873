"""IT-band rule: the evidence-based iliotibial band syndrome (ITBS) kinematic pattern."""

from __future__ import annotations

import math

from gaitlab.conventions import SIDES
from gaitlab.flags import sources as S
from gaitlab.flags.base import FINDING_NOT_DIAGNOSIS, Flag, FlagInput, register_flag
from gaitlab.flags.hip import hip_adduction_excess
from gaitlab.flags.knee import knee_internal_rotation
from gaitlab.flags.pelvis import pelvic_obliquity_excess

#: How many of the pattern's components must be present on one side.
MIN_COMPONENTS = 2


@register_flag(
    "ITBS_RISK_PATTERN",
    (
        "hip_adduction_max_stance_deg",
        "contralateral_pelvic_drop_deg",
        "knee_rotation_max_stance_deg",
    ),
    "At least two of: increased hip adduction, contralateral pelvic drop, knee internal rotation.",
)
def itbs_risk_pattern(data: FlagInput) -> list[Flag]:
    """Flag a side with >= 2 components of the ITBS pattern (each itself a flag)."""
    components: dict[str, list[Flag]] = {side: [] for side in SIDES}
    for rule in (hip_adduction_excess, pelvic_obliquity_excess, knee_internal_rotation):
        for flag in rule(data):
            components[flag.side].append(flag)
    flags = []
    for side, found in components.items():
        if len(found) < MIN_COMPONENTS:
            continue
        names = ", ".join(f"{f.metric} {f.value:.1f} {f.unit}" for f in found)
        alternative = (
            "hip adduction, contralateral pelvic drop and knee internal rotation are the "
            "kinematics associated with ITBS in runners (one prospective study, small effects); "
            "hamstring length is not part of the pattern"
        )
        message = (
            f"ITBS-associated kinematic pattern ({side}): {names}. {FINDING_NOT_DIAGNOSIS} "
            f"The evidence comes from runners; this pattern replaces the article's hamstring "
            f"explanation (evidence none for tight hamstrings loading the IT band)."
        )
        strides = sorted({k for f in found for k in f.strides_affected})
        flags.append(
            Flag(
                code="ITBS_RISK_PATTERN",
                side=side,
                metric="itbs_pattern_components",
                value=float(len(found)),
                unit="count",
                reference=data.reference.label,
                reference_mean=math.nan,
                reference_sd=math.nan,
                z_score=math.nan,
                threshold=float(MIN_COMPONENTS),
                strides_affected=tuple(strides),
                evidence_for_article_claim="moderate",
                alternative_explanation=alternative,
                sources=(S.ADEREM_2015, S.FERBER_2010, S.NOEHREN_2014, S.BRAMAH_2018),
                message=message,
            )
        )
    return flags
