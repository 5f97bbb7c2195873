"""Article claims that kinematics cannot test: reported, never flagged."""

from __future__ import annotations

from gaitlab.flags import sources as S

#: Each entry: code, the article's claim, why gaitlab cannot measure it, the evidence grade.
NOT_MEASURABLE: tuple[dict[str, str], ...] = (
    {
        "code": "OVERPRONATION",
        "claim": "overpronation contributes to IT-band problems",
        "reason": "rearfoot eversion needs a multi-segment foot model; Plug-in Gait's foot is "
        "one rigid segment",
        "evidence": "contradicted",
        "sources": f"{S.LOUW_2014}; {S.FERBER_2010}",
    },
    {
        "code": "FOOTWEAR_SURFACE",
        "claim": "footwear and running surface matter",
        "reason": "not measurable from kinematics; record shoe and surface with the trial",
        "evidence": "weak",
        "sources": "",
    },
    {
        "code": "QUAD_HAM_IMBALANCE",
        "claim": "quadriceps/hamstring strength imbalance",
        "reason": "strength needs dynamometry (or EMG), not motion capture",
        "evidence": "none",
        "sources": "",
    },
    {
        "code": "HIP_ABDUCTOR_WEAKNESS",
        "claim": "weak glutes",
        "reason": "strength is not measured; hip adduction and contralateral pelvic drop flags "
        "are indirect proxies only",
        "evidence": "weak",
        "sources": f"{S.FREDERICSON_2000}; {S.GRAU_2008}",
    },
)
