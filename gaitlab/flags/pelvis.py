"""Pelvis rules: anterior and posterior tilt, obliquity (contralateral drop)."""

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
from gaitlab.flags.knee import terminal_swing_flags

TILT = "pelvic_tilt_mean_deg"


@register_flag(
    "PELVIS_ANTERIOR_TILT",
    (TILT,),
    "Mean anterior pelvic tilt over the cycle above the reference.",
)
def pelvis_anterior_tilt(data: FlagInput) -> list[Flag]:
    """Mean pelvic tilt above mean + 2 SD."""
    return deviation_flags(
        data,
        code="PELVIS_ANTERIOR_TILT",
        metric=TILT,
        unit="deg",
        direction="high",
        floor=FLOOR_SAGITTAL_DEG,
        finding="Increased anterior pelvic tilt",
        claim="tight hamstrings tilt the pelvis forward",
        evidence="contradicted",
        alternative=(
            "shortened or stimulated hamstrings tilt the pelvis backwards; excess anterior tilt "
            "fits hip-flexor tightness. Pelvic tilt depends on ASIS/PSIS marker placement"
        ),
        sources=(S.SCHWARTZ_2008, S.WHITEHEAD_2007, S.STEWART_2008),
    )


def _posterior_tilt(data: FlagInput, code: str, finding: str) -> list[Flag]:
    return deviation_flags(
        data,
        code=code,
        metric=TILT,
        unit="deg",
        direction="low",
        floor=FLOOR_SAGITTAL_DEG,
        finding=finding,
        claim="tight hamstrings tilt the pelvis",
        evidence="moderate",
        alternative=(
            "short or over-active hamstrings do tilt the pelvis backwards (brace, stimulation "
            "and FES studies); for everyday 'tight' hamstrings the evidence is weak. "
            "Check ASIS/PSIS marker placement"
        ),
        sources=(S.SCHWARTZ_2008, S.WHITEHEAD_2007, S.STEWART_2008, S.WILLIAMS_2015),
    )


@register_flag(
    "PELVIS_POSTERIOR_TILT",
    (TILT,),
    "Mean pelvic tilt below the reference (posterior tilt) without terminal-swing knee flexion.",
)
def pelvis_posterior_tilt(data: FlagInput) -> list[Flag]:
    """Mean pelvic tilt below mean - 2 SD on a side whose terminal-swing knee is normal."""
    combined = {f.side for f in pelvis_posterior_tilt_with_knee_flexion(data)}
    flags = _posterior_tilt(data, "PELVIS_POSTERIOR_TILT", "Increased posterior pelvic tilt")
    return [f for f in flags if f.side not in combined]


@register_flag(
    "PELVIS_POSTERIOR_TILT_WITH_KNEE_FLEXION",
    (TILT, "knee_flexion_terminal_swing_deg"),
    "Posterior pelvic tilt together with increased knee flexion at terminal swing.",
)
def pelvis_posterior_tilt_with_knee_flexion(data: FlagInput) -> list[Flag]:
    """Posterior tilt (below mean - 2 SD) on a side that also has terminal-swing knee flexion."""
    knee_sides = {f.side for f in terminal_swing_flags(data)}
    flags = _posterior_tilt(
        data,
        "PELVIS_POSTERIOR_TILT_WITH_KNEE_FLEXION",
        "Posterior pelvic tilt with increased terminal-swing knee flexion "
        "(the pattern of short hamstrings)",
    )
    return [f for f in flags if f.side in knee_sides]


@register_flag(
    "PELVIC_OBLIQUITY_EXCESS",
    ("contralateral_pelvic_drop_deg",),
    "Contralateral pelvic drop in stance (own-side obliquity maximum) above the reference.",
)
def pelvic_obliquity_excess(data: FlagInput) -> list[Flag]:
    """Maximum pelvic obliquity in the side's stance (contralateral drop) above mean + 2 SD."""
    return deviation_flags(
        data,
        code="PELVIC_OBLIQUITY_EXCESS",
        metric="contralateral_pelvic_drop_deg",
        unit="deg",
        direction="high",
        floor=FLOOR_OTHER_DEG,
        finding="Increased contralateral pelvic drop in stance",
        claim="tight hamstrings tilt the pelvis sideways",
        evidence="contradicted",
        alternative=(
            "simulated hamstring shortening decreased pelvic obliquity; contralateral pelvic "
            "drop is associated with running injuries including ITBS (cross-sectional) and is "
            "an indirect proxy of hip-abductor weakness (strength not measured)"
        ),
        sources=(S.SCHWARTZ_2008, S.WHITEHEAD_2007, S.BRAMAH_2018),
    )
