"""Initial contacts from the vertical acceleration of a lower-back (trunk) sensor.

Method (numbers measured on the Mobilise-D examples, see
``tests/integration/test_imu_reference.py``):

1. **Steps**: the upward acceleration, smoothed with a Gaussian of sigma
   :data:`STEP_SMOOTHING_S` (the smoothing McCamley et al. 2012, Gait
   Posture 36:316, obtain by integrating and differentiating with a Gaussian
   wavelet), peaks once per step as the leading leg takes the body's weight.
   Peaks at least :data:`MIN_STEP_S` apart and :data:`MIN_PROMINENCE_MPS2`
   prominent are the steps.
2. **Impact**: the heel strike itself is the sharp rise of the barely
   smoothed (sigma :data:`IMPACT_SMOOTHING_S`) acceleration that precedes
   each peak: the largest jerk in the :data:`IMPACT_WINDOW_S` before it.
   On the healthy adult the smoothed peak is 0-30 ms after the reference
   contacts, on the MS participant 55-70 ms after (Stereophoto), while the
   impact is within 30 ms for both.
3. **Regularised timing**: the lead of the impact on the peak jitters from
   step to step, so each contact is placed at its peak minus the median lead
   of the :data:`LEAD_MEDIAN_HALF_WINDOW` steps on either side. Step times
   then keep the regularity of the smoothed peaks (what cadence needs) and
   the timing of the impacts (what the contact times need).

The sensor's own vertical axis is used: projecting the acceleration on the
gravity direction instead (from the orientation estimate, or the low-passed
acceleration; the example sensors sit 4-16 deg from upright) gave the same
lab-walk results and fewer daily-life contacts within 50 ms.

On the daily-life recordings (Test11) the contacts this misses lie in turns
(pelvic yaw rate 28-48 deg/s at missed contacts, 13-19 at found ones), where
the smoothed acceleration mostly peaks less than 0.4 m/s^2 above its
surroundings (below :data:`MIN_PROMINENCE_MPS2`). Two remedies were measured
and rejected: a prominence of 0.3 m/s^2 left 1-4 % fewer reference contacts
without an IMU contact within 100 ms, but added 1-3 contacts (per cohort and
system) more than 150 ms from any reference contact and lowered MS's share
within 50 ms of INDIP (44 -> 42 %); filling step intervals of 1.6-2.5 times
the local median step time with the highest peak in their middle added 18
contacts, only 4 of them within 50 ms (6 within 100 ms) of a contact of
either reference system.

The better-known variant of McCamley's method (Paraschiv-Ionescu et al.
2020, mobgap ``IcdIonescu``: band-pass 0.15-3.14 Hz, CWT with ``gaus2`` at
scale 9 at 40 Hz, contacts at the extrema between zero crossings) was
measured too: on these recordings its contacts fall 120-180 ms before the
reference (the steepest rise of a heavily smoothed signal), 0 % within 50 ms
for the healthy adult.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.signal import find_peaks

from gaitlab.imu.robust import rolling_median

__all__ = [
    "trunk_initial_contacts",
    "STEP_SMOOTHING_S",
    "IMPACT_SMOOTHING_S",
    "IMPACT_WINDOW_S",
    "MIN_STEP_S",
    "MIN_PROMINENCE_MPS2",
    "LEAD_MEDIAN_HALF_WINDOW",
]

#: Gaussian sigma of the step signal, s.
STEP_SMOOTHING_S = 0.09
#: Gaussian sigma of the impact (jerk) signal, s.
IMPACT_SMOOTHING_S = 0.015
#: How far before a step peak the impact is searched, s.
IMPACT_WINDOW_S = 0.15
#: Shortest step, s.
MIN_STEP_S = 0.25
#: Smallest prominence of a step peak of the smoothed acceleration, m/s^2.
MIN_PROMINENCE_MPS2 = 0.5
#: Steps on either side whose median impact lead times a contact.
LEAD_MEDIAN_HALF_WINDOW = 2


def trunk_initial_contacts(acc_up_mps2: np.ndarray, rate_hz: float) -> np.ndarray:
    """Detect initial contacts in the upward acceleration of a trunk sensor.

    Parameters
    ----------
    acc_up_mps2
        Acceleration along the sensor's (roughly) vertical axis, positive up,
        m/s^2 (gravity included or not: the mean is removed).
    rate_hz
        Sampling rate, Hz.

    Returns
    -------
    numpy.ndarray
        Sample index of each initial contact, increasing.
    """
    acc = np.asarray(acc_up_mps2, dtype=float)
    acc = acc - np.mean(acc)
    smooth = gaussian_filter1d(acc, STEP_SMOOTHING_S * rate_hz)
    peaks, _ = find_peaks(
        smooth, distance=max(1, int(MIN_STEP_S * rate_hz)), prominence=MIN_PROMINENCE_MPS2
    )
    if len(peaks) == 0:
        return peaks
    jerk = gaussian_filter1d(acc, IMPACT_SMOOTHING_S * rate_hz, order=1)
    width = int(round(IMPACT_WINDOW_S * rate_hz))
    window = np.clip(peaks[:, None] - width + np.arange(width + 1)[None, :], 0, len(acc) - 1)
    impact = window[np.arange(len(peaks)), jerk[window].argmax(axis=1)]
    lead = rolling_median((peaks - impact).astype(float), LEAD_MEDIAN_HALF_WINDOW)
    # The lead is at most the window (shorter than a step), so contacts stay in order.
    return np.clip(np.round(peaks - lead).astype(int), 0, len(acc) - 1)
