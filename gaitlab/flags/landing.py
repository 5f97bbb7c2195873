"""Landing rule: shock absorption by knee flexion in loading response."""

from __future__ import annotations

from gaitlab.flags import sources as S
from gaitlab.flags.base import (
    FLOOR_SAGITTAL_DEG,
    Flag,
    FlagInput,
    deviation_flags,
    first_per_side,
    register_flag,
)


@register_flag(
    "HEAVY_LANDING",
    ("knee_flexion_loading_peak_deg", "vertical_loading_rate_bw_per_s"),
    "Little knee flexion in loading response, or a high vertical loading rate (force plates).",
)
def heavy_landing(data: FlagInput) -> list[Flag]:
    """Loading-response knee flexion peak below mean - 2 SD, or loading rate above mean + 2 SD.

    The loading rate is only judged when the reference has a value for it
    (lab norms built from controls walking over force plates).
    """
    common = dict(
        claim="tight hamstrings reduce shock absorption",
        evidence="weak",
        alternative=(
            "hamstring flexibility did not change knee angle at contact or peak knee flexion in "
            "runners; a stiff, extended knee at contact is associated with running injury "
            "(cross-sectional); also consider quadriceps avoidance or knee pain"
        ),
        sources=(S.SCHWARTZ_2008, S.WILLIAMS_2015, S.BRAMAH_2018),
    )
    knee = deviation_flags(
        data,
        code="HEAVY_LANDING",
        metric="knee_flexion_loading_peak_deg",
        unit="deg",
        direction="low",
        floor=FLOOR_SAGITTAL_DEG,
        finding="Reduced knee flexion in loading response",
        **common,  # type: ignore[arg-type]
    )
    rate = deviation_flags(
        data,
        code="HEAVY_LANDING",
        metric="vertical_loading_rate_bw_per_s",
        unit="BW/s",
        direction="high",
        floor=0.0,
        finding="High vertical loading rate",
        **common,  # type: ignore[arg-type]
    )
    return first_per_side(knee, rate)
