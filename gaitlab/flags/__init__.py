"""Evidence-graded compensation flags: one module per body region, one registry.

``evaluate_flags(data)`` runs every registered rule (see
:data:`gaitlab.flags.base.REGISTRY`) and returns the findings;
``flags_table(flags)`` turns them into a DataFrame. A flag is a finding
outside a stated reference range, never a diagnosis. Claims that kinematics
cannot test are listed in :data:`NOT_MEASURABLE` and reported, not flagged.
"""

from __future__ import annotations

import pandas as pd

from gaitlab.flags import hamstrings, hip, itband, knee, landing, overall, pelvis, stride
from gaitlab.flags.base import REGISTRY, Flag, FlagInput, FlagRule
from gaitlab.flags.not_measurable import NOT_MEASURABLE

__all__ = [
    "FLAG_COLUMNS",
    "NOT_MEASURABLE",
    "REGISTRY",
    "Flag",
    "FlagInput",
    "FlagRule",
    "evaluate_flags",
    "flags_table",
]

_REGION_MODULES = (hamstrings, hip, itband, knee, landing, overall, pelvis, stride)

#: Columns of :func:`flags_table`, in order (the fields of :class:`Flag`).
FLAG_COLUMNS: tuple[str, ...] = tuple(Flag.__dataclass_fields__)


def evaluate_flags(data: FlagInput) -> list[Flag]:
    """Run every registered rule on ``data``; flags sorted by code then side."""
    flags = [flag for rule in REGISTRY.values() for flag in rule.function(data)]
    return sorted(flags, key=lambda f: (f.code, f.side))


def flags_table(flags: list[Flag]) -> pd.DataFrame:
    """Return ``flags`` as a DataFrame with columns :data:`FLAG_COLUMNS`."""
    return pd.DataFrame([f.to_dict() for f in flags], columns=list(FLAG_COLUMNS))
