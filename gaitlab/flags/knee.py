"""Knee rules: terminal-swing / initial-contact flexion, frontal alignment, internal rotation."""

from __future__ import annotations

from gaitlab.flags import sources as S
from gaitlab.flags.base import (
    FLOOR_OTHER_DEG,
    FLOOR_SAGITTAL_DEG,
    Flag,
    FlagInput,
    deviation_flags,
    first_per_side,
    register_flag,
)

_TERMINAL_SWING_TEXT = dict(
    unit="deg",
    direction="high",
    floor=FLOOR_SAGITTAL_DEG,
    claim="tight hamstrings (a hamstring-specific sign the article does not name)",
    evidence="moderate",
    alternative=(
        "increased knee flexion at terminal swing and contact is the clinical sign of short or "
        "spastic hamstrings (model and clinical studies, mostly cerebral palsy); in adults "
        "without neurological conditions hamstring flexibility did not change knee angle at "
        "contact. Also consider knee flexion contracture or quadriceps weakness"
    ),
    sources=(S.SCHWARTZ_2008, S.ARNOLD_2006, S.WILLIAMS_2015),
)


def terminal_swing_flags(data: FlagInput) -> list[Flag]:
    """Terminal-swing knee flexion above limit, else knee flexion at contact above limit."""
    swing = deviation_flags(
        data,
        code="KNEE_TERMINAL_SWING_FLEXION",
        metric="knee_flexion_terminal_swing_deg",
        finding="Increased knee flexion at terminal swing",
        **_TERMINAL_SWING_TEXT,  # type: ignore[arg-type]
    )
    contact = deviation_flags(
        data,
        code="KNEE_TERMINAL_SWING_FLEXION",
        metric="knee_flexion_ic_deg",
        finding="Increased knee flexion at initial contact",
        **_TERMINAL_SWING_TEXT,  # type: ignore[arg-type]
    )
    return first_per_side(swing, contact)


@register_flag(
    "KNEE_TERMINAL_SWING_FLEXION",
    ("knee_flexion_terminal_swing_deg", "knee_flexion_ic_deg"),
    "Knee not extending at the end of swing / at contact (minimum flexion 80-100 % or at IC).",
)
def knee_terminal_swing_flexion(data: FlagInput) -> list[Flag]:
    """Terminal-swing (80-100 %) or initial-contact knee flexion above mean + 2 SD."""
    return terminal_swing_flags(data)


@register_flag(
    "KNEE_FRONTAL_DEVIATION",
    ("knee_varus_max_stance_deg", "knee_varus_min_stance_deg"),
    "Peak knee varus or valgus in stance outside the reference (low confidence with PiG).",
)
def knee_frontal_deviation(data: FlagInput) -> list[Flag]:
    """Peak varus above mean + 2 SD or peak valgus (minimum varus) below mean - 2 SD."""
    common = dict(
        unit="deg",
        floor=FLOOR_OTHER_DEG,
        claim="tight hamstrings alter knee alignment and stress the lateral knee",
        evidence="weak",
        alternative=(
            "Plug-in Gait knee varus/valgus is sensitive to knee-axis (thigh marker / KAD) "
            "misplacement and flexion cross-talk, so confirm with the static trial; knee "
            "adduction was 3.6 deg greater in males with ITBS (small effect)"
        ),
        sources=(S.SCHWARTZ_2008, S.MCGINLEY_2009, S.NOEHREN_2014),
    )
    varus = deviation_flags(
        data,
        code="KNEE_FRONTAL_DEVIATION",
        metric="knee_varus_max_stance_deg",
        direction="high",
        finding="Increased peak knee varus in stance",
        **common,  # type: ignore[arg-type]
    )
    valgus = deviation_flags(
        data,
        code="KNEE_FRONTAL_DEVIATION",
        metric="knee_varus_min_stance_deg",
        direction="low",
        finding="Increased peak knee valgus in stance",
        **common,  # type: ignore[arg-type]
    )
    return first_per_side(varus, valgus)


@register_flag(
    "KNEE_INTERNAL_ROTATION",
    ("knee_rotation_max_stance_deg",),
    "Peak knee internal rotation in stance above the reference (part of the ITBS pattern).",
)
def knee_internal_rotation(data: FlagInput) -> list[Flag]:
    """Peak knee internal rotation in stance above mean + 2 SD (low reliability plane)."""
    return deviation_flags(
        data,
        code="KNEE_INTERNAL_ROTATION",
        metric="knee_rotation_max_stance_deg",
        unit="deg",
        direction="high",
        floor=FLOOR_OTHER_DEG,
        finding="Increased peak knee internal rotation in stance (transverse plane: low "
        "reliability)",
        claim="tight hamstrings load the IT band",
        evidence="none",
        alternative=(
            "greater peak knee internal rotation is associated with ITBS in runners, "
            "independently of hamstring length; transverse-plane knee angles have the "
            "largest measurement error"
        ),
        sources=(S.SCHWARTZ_2008, S.ADEREM_2015, S.FERBER_2010, S.MCGINLEY_2009),
    )
