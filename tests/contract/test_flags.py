"""Contract over every registered flag rule.

Each rule has a case: a synthetic trial from ``make_walking_trial`` whose
abnormal-pattern parameters must raise exactly the expected flags on the
expected sides (co-occurring flags are listed when the generator's forward
kinematics produce them too, e.g. less hip extension also shortens the step).
Where the generator has no parameter for a pattern (knee internal rotation,
loading-response knee flexion) the case perturbs
the measures of a typical synthetic walker instead and says so. A registered
rule without a case fails :func:`test_every_registered_flag_has_a_case`.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pytest

from gaitlab.analysis import Analysis, analyze
from gaitlab.flags import REGISTRY, FlagInput, evaluate_flags
from gaitlab.flags.base import EVIDENCE_GRADES, FINDING_NOT_DIAGNOSIS, deviation_flags
from gaitlab.norms import ReferenceValue, default_norms
from gaitlab.synthetic.generator import make_walking_trial

L, R = "left", "right"


@dataclass(frozen=True)
class Case:
    params: dict = field(default_factory=dict)
    expected: frozenset = frozenset()
    #: Optional change of the typical walker's measures (generator lacks the parameter).
    perturb: Callable[[pd.DataFrame], pd.DataFrame] | None = None


def _add(side: str, column: str, delta: float) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def perturb(measures: pd.DataFrame) -> pd.DataFrame:
        out = measures.copy()
        out.loc[out["side"] == side, column] += delta
        return out

    return perturb


def both(code: str) -> set:
    return {(code, L), (code, R)}


CASES: dict[str, Case] = {
    "HIP_EXTENSION_DEFICIT": Case(
        dict(hip_extension_reduction_deg=35.0, cadence_steps_per_min=180.0),
        frozenset(both("HIP_EXTENSION_DEFICIT") | both("STRIDE_SHORT")),
    ),
    # planted feet: 0.6 x the stride still leaves about 34 deg of hip range (the reference
    # limit is about 26), so the generator's short strides get 12 deg less range on both sides
    "HIP_SAGITTAL_ROM_LOW": Case(
        dict(stride_length_scale=0.6, cadence_steps_per_min=170.0),
        frozenset(both("HIP_SAGITTAL_ROM_LOW") | both("STRIDE_SHORT")),
        perturb=lambda m: _add(R, "hip_sagittal_range_deg", -12.0)(
            _add(L, "hip_sagittal_range_deg", -12.0)(m)
        ),
    ),
    "HIP_ADDUCTION_EXCESS": Case(
        dict(hip_adduction_offset_deg=(0.0, 10.0)), frozenset({("HIP_ADDUCTION_EXCESS", R)})
    ),
    # tilting the pelvis with the thighs unchanged changes hip flexion by the same amount:
    # anterior tilt = less hip extension (the hip-flexor pattern), posterior tilt = less hip
    # flexion in late swing = shorter hamstrings (the pattern of Whitehead et al. 2007)
    "PELVIS_ANTERIOR_TILT": Case(
        dict(pelvic_tilt_offset_deg=14.0),
        frozenset(both("PELVIS_ANTERIOR_TILT") | both("HIP_EXTENSION_DEFICIT")),
    ),
    "PELVIS_POSTERIOR_TILT": Case(
        dict(pelvic_tilt_offset_deg=-18.0),
        frozenset(both("PELVIS_POSTERIOR_TILT") | both("HAMSTRING_MTU_SHORT")),
    ),
    "PELVIS_POSTERIOR_TILT_WITH_KNEE_FLEXION": Case(
        dict(pelvic_tilt_offset_deg=-15.0, knee_flexion_at_contact_offset_deg=20.0),
        frozenset(
            both("PELVIS_POSTERIOR_TILT_WITH_KNEE_FLEXION")
            | both("KNEE_TERMINAL_SWING_FLEXION")
            | both("HAMSTRING_MTU_SHORT")
        ),
    ),
    "HAMSTRING_MTU_SHORT": Case(
        dict(pelvic_tilt_offset_deg=-18.0),
        frozenset(both("PELVIS_POSTERIOR_TILT") | both("HAMSTRING_MTU_SHORT")),
    ),
    "PELVIC_OBLIQUITY_EXCESS": Case(
        dict(pelvic_drop_gain=(1.0, 3.0)), frozenset({("PELVIC_OBLIQUITY_EXCESS", R)})
    ),
    "ITBS_RISK_PATTERN": Case(
        dict(hip_adduction_offset_deg=(0.0, 10.0), pelvic_drop_gain=(1.0, 3.0)),
        frozenset(
            {("ITBS_RISK_PATTERN", R), ("HIP_ADDUCTION_EXCESS", R), ("PELVIC_OBLIQUITY_EXCESS", R)}
        ),
    ),
    "KNEE_FRONTAL_DEVIATION": Case(
        dict(knee_valgus_offset_deg=(12.0, 0.0)), frozenset({("KNEE_FRONTAL_DEVIATION", L)})
    ),
    "KNEE_TERMINAL_SWING_FLEXION": Case(
        dict(knee_flexion_at_contact_offset_deg=25.0),
        frozenset(both("KNEE_TERMINAL_SWING_FLEXION")),
    ),
    "STRIDE_SHORT": Case(
        dict(stride_length_scale=0.75, cadence_steps_per_min=140.0),
        frozenset(both("STRIDE_SHORT")),
    ),
    "STEP_LENGTH_ASYMMETRY": Case(
        dict(step_length_asymmetry=1.15), frozenset({("STEP_LENGTH_ASYMMETRY", R)})
    ),
    "OVERALL_DEVIATION": Case(
        dict(pelvic_tilt_offset_deg=30.0),
        frozenset(
            {("OVERALL_DEVIATION", "")}
            | both("PELVIS_ANTERIOR_TILT")
            | both("HIP_EXTENSION_DEFICIT")
        ),
    ),
    # the generator has no knee-rotation parameter: +20 deg on the right knee's measure
    "KNEE_INTERNAL_ROTATION": Case(
        perturb=_add(R, "knee_rotation_max_stance_deg", 20.0),
        expected=frozenset({("KNEE_INTERNAL_ROTATION", R)}),
    ),
    # no loading-response parameter: 15 deg less knee flexion in loading response, left
    "HEAVY_LANDING": Case(
        perturb=_add(L, "knee_flexion_loading_peak_deg", -15.0),
        expected=frozenset({("HEAVY_LANDING", L)}),
    ),
}


@cache
def _analysis(params: tuple) -> Analysis:
    trial, _ = make_walking_trial(n_strides=4, **dict(params))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyze(trial)


def _raised(case: Case) -> set:
    analysis = _analysis(tuple(sorted(case.params.items())))
    if case.perturb is None:
        table = analysis.flags
        return set(zip(table["code"], table["side"], strict=True))
    data = FlagInput(case.perturb(analysis.measures), analysis.reference, analysis.trial_measures)
    return {(f.code, f.side) for f in evaluate_flags(data)}


def test_every_registered_flag_has_a_case():
    assert set(REGISTRY) == set(CASES), "add a case for every registered flag (and no others)"


def test_typical_synthetic_walker_raises_none():
    analysis = _analysis(())
    assert analysis.flags.empty, analysis.flags["message"].tolist()
    assert analysis.reference.speed_group == "Free"


@pytest.mark.parametrize("code", sorted(CASES))
def test_case_raises_exactly_the_expected_flags(code):
    case = CASES[code]
    assert (code, L) in case.expected or (code, R) in case.expected or (code, "") in case.expected
    assert _raised(case) == set(case.expected)


@pytest.mark.parametrize("code", sorted(CASES))
def test_flag_records_are_complete_and_honest(code):
    case = CASES[code]
    analysis = _analysis(tuple(sorted(case.params.items())))
    if case.perturb is None:
        flags = [f for f in analysis.flags.to_dict("records") if f["code"] == code]
    else:
        data = FlagInput(
            case.perturb(analysis.measures), analysis.reference, analysis.trial_measures
        )
        flags = [dataclasses.asdict(f) for f in evaluate_flags(data) if f.code == code]
    assert flags
    rule = REGISTRY[code]
    for flag in flags:
        assert flag["evidence_for_article_claim"] in EVIDENCE_GRADES
        assert FINDING_NOT_DIAGNOSIS in flag["message"]
        assert flag["unit"] and flag["metric"] and flag["reference"]
        assert flag["sources"]
        assert math.isfinite(flag["value"]) and math.isfinite(flag["threshold"])
        assert flag["metric"] in rule.metrics or code in (
            "STEP_LENGTH_ASYMMETRY",
            "ITBS_RISK_PATTERN",
        )
    assert rule.description


def test_measurement_error_floor_blocks_small_deviations():
    free = default_norms().group("Free")
    measures = pd.DataFrame({"side": [L, R], "stride": [0, 0], "knee_flexion_ic_deg": [6.5, 8.5]})
    tight = ReferenceValue(5.0, 0.1, "tiny SD")
    flags = deviation_flags(
        FlagInput(measures, free), code="X", metric="knee_flexion_ic_deg", unit="deg",
        direction="high", floor=2.0, finding="f", claim="c", evidence="weak",
        alternative="", sources=("s",), reference_value=tight,
    )  # fmt: skip
    # left deviates 1.5 deg (> 2 SD but below the 2 deg floor): not flagged; right 3.5 deg is
    assert [(f.side, f.strides_affected) for f in flags] == [(R, (0,))]
    assert flags[0].z_score == pytest.approx(35.0)
    assert flags[0].threshold == pytest.approx(5.2)


def test_reference_without_sd_is_not_judged():
    free = default_norms().group("Free")
    measures = pd.DataFrame({"side": [L], "stride": [0], "m": [100.0]})
    flags = deviation_flags(
        FlagInput(measures, free), code="X", metric="m", unit="deg", direction="high",
        floor=0.0, finding="f", claim="c", evidence="weak", alternative="", sources=("s",),
        reference_value=ReferenceValue(1.0, np.nan, "no SD"),
    )  # fmt: skip
    assert flags == []


@pytest.mark.parametrize(
    "variant",
    [dict(walking_direction_deg=180.0), dict(walking_direction_deg=90.0), dict(noise_sd_mm=1.0),
     dict(point_rate_hz=200.0)],
    ids=["walking-back", "walking-along-y", "noise-1mm", "200Hz"],
)  # fmt: skip
def test_typical_walker_raises_none_whatever_the_lab_setup(variant):
    assert _analysis(tuple(sorted(variant.items()))).flags.empty


def _mirrored(params: dict) -> dict:
    out = {}
    for key, value in params.items():
        if isinstance(value, tuple):
            value = value[::-1]
        elif key == "step_length_asymmetry":
            value = 1.0 / value
        out[key] = value
    return out


SWAP = {L: R, R: L, "": ""}


@pytest.mark.parametrize("code", sorted(c for c in CASES if CASES[c].perturb is None))
def test_mirrored_case_flags_the_other_side(code):
    case = CASES[code]
    mirrored = Case(_mirrored(case.params), frozenset((c, SWAP[s]) for c, s in case.expected))
    assert _raised(mirrored) == set(mirrored.expected)
