"""Overall deviation: the Gait Profile Score against the same reference."""

from __future__ import annotations

import math

from gaitlab.flags import sources as S
from gaitlab.flags.base import FINDING_NOT_DIAGNOSIS, N_SD, Flag, FlagInput, register_flag


@register_flag(
    "OVERALL_DEVIATION",
    ("gps_overall_deg",),
    "Gait Profile Score above the reference controls' mean + 2 SD.",
)
def overall_deviation(data: FlagInput) -> list[Flag]:
    """Overall GPS above mean + 2 SD of the reference's expected GPS."""
    value = float(data.trial_measures.get("gps_overall_deg", math.nan))
    ref = data.reference.value("gps_overall_deg")
    if not all(math.isfinite(x) for x in (value, ref.mean, ref.sd)):
        return []
    limit = ref.mean + N_SD * ref.sd
    if value <= limit:
        return []
    message = (
        f"Overall gait deviation: GPS {value:.1f} deg above {limit:.1f} deg "
        f"(expected {ref.mean:.1f} +/- 2 x {ref.sd:.1f}; {data.reference.label}). "
        f"{FINDING_NOT_DIAGNOSIS} The GPS is a strong measure of overall deviation from the "
        f"reference and says nothing about hamstrings; a speed or population mismatch "
        f"(e.g. an adult against children's norms) raises it."
    )
    return [
        Flag(
            code="OVERALL_DEVIATION",
            side="",
            metric="gps_overall_deg",
            value=value,
            unit="deg",
            reference=data.reference.label,
            reference_mean=ref.mean,
            reference_sd=ref.sd,
            z_score=(value - ref.mean) / ref.sd,
            threshold=limit,
            strides_affected=(),
            evidence_for_article_claim="strong",
            alternative_explanation="",
            sources=(S.BAKER_2009, S.BAKER_2012),
            message=message,
        )
    ]
