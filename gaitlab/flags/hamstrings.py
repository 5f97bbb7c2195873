"""Hamstring rule: peak musculotendon length in late swing ('short hamstrings' measured)."""

from __future__ import annotations

from gaitlab.flags import sources as S
from gaitlab.flags.base import Flag, FlagInput, deviation_flags, register_flag
from gaitlab.hamstrings import HAMSTRINGS

METRICS = tuple(f"{muscle.name}_peak_length_norm" for muscle in HAMSTRINGS)


@register_flag(
    "HAMSTRING_MTU_SHORT",
    METRICS,
    "Peak hamstring musculotendon length in late swing below the speed-matched reference.",
)
def hamstring_mtu_short(data: FlagInput) -> list[Flag]:
    """Any hamstring's peak normalised length below mean - 2 SD; the most deviant is reported.

    Judged only against references that hold these lengths from gaitlab's own
    model (the shipped Schwartz 2008 set derives them from its mean curves; lab
    norms measure them), since lengths from other models are not comparable.
    """
    best: dict[str, Flag] = {}
    for metric in METRICS:
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
            sources=(S.ARNOLD_2006, S.AGARWAL_2010, S.DELP_1990),
        ):
            if flag.side not in best or flag.z_score < best[flag.side].z_score:
                best[flag.side] = flag
    return list(best.values())
