"""Hip rules: hip extension in stance, hip sagittal range, hip adduction."""

from __future__ import annotations

from gaitlab.flags import sources as S
from gaitlab.flags.base import (
    FLOOR_OTHER_DEG,
    FLOOR_SAGITTAL_DEG,
    Flag,
    FlagInput,
    deviation_flags,
    register_flag,
)


@register_flag(
    "HIP_EXTENSION_DEFICIT",
    ("hip_flexion_min_stance_deg",),
    "Peak hip extension in stance smaller than the reference (hip stays flexed).",
)
def hip_extension_deficit(data: FlagInput) -> list[Flag]:
    """Minimum hip flexion in stance above mean + 2 SD (less hip extension)."""
    return deviation_flags(
        data,
        code="HIP_EXTENSION_DEFICIT",
        metric="hip_flexion_min_stance_deg",
        unit="deg",
        direction="high",
        floor=FLOOR_SAGITTAL_DEG,
        finding="Reduced hip extension in stance",
        claim="tight hamstrings limit hip extension",
        evidence="contradicted",
        alternative=(
            "hamstrings extend the hip, so shortening them restricts hip flexion, not "
            "extension; reduced extension fits hip-flexor tightness, older age or slow walking"
        ),
        sources=(S.SCHWARTZ_2008, S.KERRIGAN_2001, S.WHITEHEAD_2007),
    )


@register_flag(
    "HIP_SAGITTAL_ROM_LOW",
    ("hip_sagittal_range_deg",),
    "Hip flexion-extension range over the cycle smaller than the reference.",
)
def hip_sagittal_rom_low(data: FlagInput) -> list[Flag]:
    """Hip sagittal range below mean - 2 SD."""
    return deviation_flags(
        data,
        code="HIP_SAGITTAL_ROM_LOW",
        metric="hip_sagittal_range_deg",
        unit="deg",
        direction="low",
        floor=FLOOR_SAGITTAL_DEG,
        finding="Reduced hip sagittal range of motion",
        claim="tight hamstrings limit hip mobility",
        evidence="weak",
        alternative=(
            "slow walking speed reduces hip range; simulated hamstring shortening changed hip "
            "motion only when severe (popliteal angle > 85 deg)"
        ),
        sources=(S.SCHWARTZ_2008, S.WHITEHEAD_2007),
    )


@register_flag(
    "HIP_ADDUCTION_EXCESS",
    ("hip_adduction_max_stance_deg",),
    "Peak hip adduction in stance above the reference (part of the ITBS pattern).",
)
def hip_adduction_excess(data: FlagInput) -> list[Flag]:
    """Peak hip adduction in stance above mean + 2 SD."""
    return deviation_flags(
        data,
        code="HIP_ADDUCTION_EXCESS",
        metric="hip_adduction_max_stance_deg",
        unit="deg",
        direction="high",
        floor=FLOOR_OTHER_DEG,
        finding="Increased peak hip adduction in stance",
        claim="weak glutes (with tight hamstrings) load the IT band",
        evidence="weak",
        alternative=(
            "greater peak hip adduction is associated with iliotibial band syndrome in runners "
            "(small effects); as a sign of weak hip abductors it is an indirect proxy, "
            "strength was not measured"
        ),
        sources=(S.SCHWARTZ_2008, S.ADEREM_2015, S.FERBER_2010, S.FREDERICSON_2000, S.GRAU_2008),
    )
