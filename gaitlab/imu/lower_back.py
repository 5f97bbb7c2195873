"""Steps, strides and pelvic motion from one lower-back (L5 / sacrum) IMU.

* **Initial contacts**: :func:`gaitlab.imu.icd.trunk_initial_contacts` on the
  acceleration along the sensor's vertical axis (the trunk's impact at heel
  strike, timed from the smoothed once-per-step acceleration peaks).
* **Left / right** (McCamley et al. 2012): the pelvis turns toward the
  stance side during single support, so the yaw rate (about the sensor's
  vertical axis) at a contact is negative (clockwise seen from above) at a
  left contact and positive at a right one. The yaw rate is first band-passed
  (:data:`SIDE_BAND_HZ`, 4th-order Butterworth, zero lag; Ullrich et al.
  2021, IEEE EMBC, mobgap ``LrcMcCamley``) so that turning, a slow yaw rate
  of one sign, does not decide the side: on the Mobilise-D daily-life
  recordings this raised correct sides from 69-77 % to 91-95 %. Within a run
  of regular steps the sides alternate, whichever labelling the yaw rates
  favour overall (92-98 %, and the first step from standing right).
* **Walking bouts**: runs of at least :data:`MIN_BOUT_STEPS` contacts whose
  step times lie within [:data:`MIN_STEP_S`, :data:`MAX_STEP_S`]; or, when
  the caller knows them (e.g. the reference system's walking bouts, as the
  Mobilise-D validation evaluates its algorithms), given intervals.
* **Step length** by the inverted-pendulum model of Zijlstra & Hof 2003
  (Gait Posture 18:1): ``step = K * 2 * sqrt(2 * l * h - h**2)`` with ``l``
  the sensor height (m) and ``h`` the range of the sensor's vertical
  displacement during the step. The displacement follows the Mobilise-D
  ``SlZijlstra`` recipe (Soltani et al. 2021, IEEE TNSRE 29:1955; mobgap):
  the world-vertical acceleration is high-passed at
  :data:`ACC_HIGH_PASS_HZ`, integrated to velocity, high-passed at
  :data:`VELOCITY_HIGH_PASS_HZ` (drift) and integrated again; within each
  step the straight line joining the heights at its two contacts is removed
  (:func:`step_height_changes_m`: the trunk is as high at both contacts on
  level ground); on the Mobilise-D examples this lowered the median
  |stride-length error| per bout for 11 of the 12 recording-system pairs,
  by 0.005-0.04 m (the 12th, a lab walk, went from -0.045 to -0.055 m). ``K`` =
  4.739 / 4 = 1.185 is the factor the Mobilise-D consortium fitted over all
  participants of its MS project (mobgap ``step_length_scaling_factor_ms_all``;
  Zijlstra & Hof's own 1.25 over-estimated stride length by about 0.1 m on
  the Mobilise-D examples).
* **Per-bout values** (:func:`lower_back_bouts`), as Mobilise-D reports
  them: step times and step lengths pass a Hampel filter
  (:func:`gaitlab.imu.robust.hampel_filter`, 2 steps each side, 3
  deviations) so that a missed or doubled contact does not move the bout's
  cadence and stride length, whose medians over the bout's strides are
  reported.
* **Pelvic excursions** per stride: range of tilt (about the medio-lateral
  axis), obliquity (about the antero-posterior axis) and rotation (about the
  vertical, relative to the walking heading so that turning is not
  counted) of the orientation of :func:`estimate_orientation`, decomposed
  as Plug-in Gait decomposes the pelvis (see :func:`pelvis_angles_deg`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.signal import butter, sosfiltfilt

from gaitlab.errors import GaitlabError, MissingParameterError
from gaitlab.imu.icd import MIN_STEP_S, trunk_initial_contacts
from gaitlab.imu.orientation import (
    GRAVITY_MPS2,
    estimate_orientation,
    low_pass_zero_lag,
    quat_rotate,
    quat_to_matrix,
)
from gaitlab.imu.robust import hampel_filter
from gaitlab.imu.windows import window_index, window_range
from gaitlab.trial import ImuSensor

__all__ = [
    "LOWER_BACK_FRAMES",
    "lower_back_contacts",
    "lower_back_strides",
    "lower_back_bouts",
    "vertical_displacement_m",
    "step_height_changes_m",
    "pelvis_angles_deg",
    "inverted_pendulum_step_length_m",
]

#: Known lower-back sensor frames -> (vertical, medio-lateral, antero-posterior)
#: axis indices and signs (+1 when the axis points up / right / forward).
LOWER_BACK_FRAMES = {"mobilised_lower_back": ((0, 1.0), (1, 1.0), (2, 1.0))}

MAX_STEP_S = 1.0
MIN_BOUT_STEPS = 4
STEP_LENGTH_K = 4.739 / 4
#: High-pass cut-off of the vertical acceleration before integration, Hz.
ACC_HIGH_PASS_HZ = 0.1
#: High-pass cut-off of the vertical velocity (drift removal), Hz.
VELOCITY_HIGH_PASS_HZ = 1.0
#: A contact this close outside a given bout interval still belongs to it, s.
BOUT_EDGE_TOLERANCE_S = 0.1
#: Pass band of the yaw rate whose sign gives the side of a contact, Hz.
SIDE_BAND_HZ = (0.5, 2.0)
#: Lowest sampling rate accepted (the impact is a 10-30 ms event), Hz.
MIN_RATE_HZ = 20.0
#: Cut-off of the walking heading (below the stride frequency), Hz.
HEADING_CUTOFF_HZ = 0.3


def _axes(sensor: ImuSensor) -> tuple[tuple[int, float], tuple[int, float], tuple[int, float]]:
    if sensor.frame not in LOWER_BACK_FRAMES:
        raise GaitlabError(
            f"IMU '{sensor.location}': lower-back frame {sensor.frame!r} is not known; "
            f"expected one of {sorted(LOWER_BACK_FRAMES)} (rotate the data into one of them)"
        )
    return LOWER_BACK_FRAMES[sensor.frame]


def _body_signal(values: np.ndarray, axis: tuple[int, float]) -> np.ndarray:
    return axis[1] * values[:, axis[0]]


def lower_back_contacts(sensor: ImuSensor, bouts_s: np.ndarray | None = None) -> pd.DataFrame:
    """Detect initial contacts and their side from a lower-back sensor.

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.
    bouts_s
        Optional ``(n_bouts, 2)`` start and end times (s from the first
        sample) of known walking bouts; contacts within
        :data:`BOUT_EDGE_TOLERANCE_S` of one get its row number as ``bout``.
        By default bouts are runs of regular steps.

    Returns
    -------
    pandas.DataFrame
        ``sample`` (int), ``time_s`` (s from the first sample), ``side``
        (``"left"``/``"right"``), ``bout`` (walking-bout number, -1 outside
        bouts), one row per contact in time order.
    """
    vertical, _, _ = _axes(sensor)
    rate = sensor.rate_hz
    if not rate > MIN_RATE_HZ:
        raise GaitlabError(
            f"IMU '{sensor.location}': sampling rate {rate} Hz is too low for the "
            f"lower-back pipeline; expected more than {MIN_RATE_HZ} Hz"
        )
    contacts = trunk_initial_contacts(_body_signal(sensor.acc_mps2, vertical), rate)
    yaw = _zero_lag(_body_signal(sensor.gyr_dps, vertical), rate, SIDE_BAND_HZ, "bandpass")
    times = contacts / rate
    runs = _bouts(times)
    side = np.where(_alternating_right(yaw[contacts], runs), "right", "left")
    bout = runs if bouts_s is None else _given_bouts(times, bouts_s)
    return pd.DataFrame({"sample": contacts, "time_s": times, "side": side, "bout": bout})


def _alternating_right(yaw_dps: np.ndarray, runs: np.ndarray) -> np.ndarray:
    """Return True for right contacts: alternating within each run of regular steps.

    Within a run the two alternating labellings are scored by the yaw rate
    at the contacts (``sum(yaw * (+1, -1, +1, ...))``); the one it favours is
    kept, so that a single contact whose yaw rate has the wrong sign (e.g. the
    first step from standing) follows its neighbours. Outside runs the sign
    of each contact's own yaw rate decides.
    """
    right = yaw_dps >= 0
    member = runs >= 0
    if not member.any():
        return right
    run = runs[member]
    _, first = np.unique(run, return_index=True)
    labels, number = np.unique(run, return_inverse=True)
    position = np.arange(len(run)) - first[number]
    parity = np.where(position % 2 == 0, 1.0, -1.0)
    score = np.bincount(number, weights=yaw_dps[member] * parity, minlength=len(labels))
    vote = parity * np.sign(score[number])
    right[member] = np.where(vote != 0, vote > 0, right[member])
    return right


def _given_bouts(times_s: np.ndarray, bouts_s: np.ndarray) -> np.ndarray:
    """Return the row of ``bouts_s`` holding each contact; -1 outside all of them."""
    bouts = np.asarray(bouts_s, dtype=float)
    if bouts.size == 0:
        return np.full(len(times_s), -1)
    if bouts.ndim != 2 or bouts.shape[1] != 2 or np.any(~(bouts[:, 0] <= bouts[:, 1])):
        raise GaitlabError(
            f"bouts_s must be an (n_bouts, 2) array of start <= end times in s, "
            f"got shape {bouts.shape}"
        )
    inside = (times_s[:, None] >= bouts[None, :, 0] - BOUT_EDGE_TOLERANCE_S) & (
        times_s[:, None] <= bouts[None, :, 1] + BOUT_EDGE_TOLERANCE_S
    )
    return np.where(inside.any(axis=1), inside.argmax(axis=1), -1)


def _bouts(times_s: np.ndarray) -> np.ndarray:
    """Return the bout number of each contact (runs of regular steps); -1 outside bouts."""
    bout = np.full(len(times_s), -1)
    if len(times_s) < 2:
        return bout
    regular = (np.diff(times_s) >= MIN_STEP_S) & (np.diff(times_s) <= MAX_STEP_S)
    edges = np.diff(np.concatenate(([0], regular.astype(int), [0])))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    number = 0
    for start, stop in zip(starts, stops, strict=True):  # one iteration per bout
        if stop - start + 1 >= MIN_BOUT_STEPS:
            bout[start : stop + 1] = number
            number += 1
    return bout


def inverted_pendulum_step_length_m(
    height_change_m: np.ndarray, sensor_height_m: float, k: float = STEP_LENGTH_K
) -> np.ndarray:
    """Step length of the inverted-pendulum model (Zijlstra & Hof 2003).

    Parameters
    ----------
    height_change_m
        Vertical excursion of the sensor during each step, m.
    sensor_height_m
        Height of the sensor above the floor in standing (pendulum length), m.
    k
        Empirical correction factor.

    Returns
    -------
    numpy.ndarray
        ``k * 2 * sqrt(2 l h - h^2)``, m.
    """
    h = np.clip(np.asarray(height_change_m, dtype=float), 0.0, sensor_height_m)
    return k * 2.0 * np.sqrt(2.0 * sensor_height_m * h - h**2)


def pelvis_angles_deg(sensor: ImuSensor, quats: np.ndarray | None = None) -> np.ndarray:
    """Pelvic tilt, obliquity and rotation of a lower-back sensor, degrees.

    The body frame (X anterior, Y left, Z up) is taken relative to the
    walking heading -- the body's yaw low-pass filtered at
    :data:`HEADING_CUTOFF_HZ`, below the stride frequency, so that it follows
    turns but not the pelvic rotation within a stride -- and decomposed as
    Plug-in Gait decomposes the pelvis: ``Ry(tilt) Rx(obliquity) Rz(rotation)``.

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.
    quats
        Its orientation (from :func:`estimate_orientation`), computed when absent.

    Returns
    -------
    numpy.ndarray
        ``(n_samples, 3)``: tilt (anterior +), obliquity (left side up +)
        and rotation (right side forward +). Offsets depend on how the
        sensor sits on the body, so compare excursions, not levels.
    """
    vertical, lateral, forward = _axes(sensor)
    if quats is None:
        quats = estimate_orientation(sensor.acc_mps2, sensor.gyr_dps, sensor.rate_hz)
    # Columns: the body's anterior, left and up axes in the sensor frame.
    body_in_sensor = np.zeros((3, 3))
    body_in_sensor[forward[0], 0] = forward[1]
    body_in_sensor[lateral[0], 1] = -lateral[1]
    body_in_sensor[vertical[0], 2] = vertical[1]
    body = quat_to_matrix(quats) @ body_in_sensor
    yaw = np.unwrap(np.arctan2(body[:, 1, 0], body[:, 0, 0]))
    heading = low_pass_zero_lag(yaw[:, None], sensor.rate_hz, HEADING_CUTOFF_HZ)[:, 0]
    cos, sin = np.cos(heading), np.sin(heading)
    # M = Rz(-heading) @ body, written out row by row.
    m = np.stack(
        (
            cos[:, None] * body[:, 0] + sin[:, None] * body[:, 1],
            -sin[:, None] * body[:, 0] + cos[:, None] * body[:, 1],
            body[:, 2],
        ),
        axis=1,
    )
    tilt = np.arctan2(m[:, 0, 2], m[:, 2, 2])
    obliquity = np.arcsin(np.clip(-m[:, 1, 2], -1.0, 1.0))
    rotation = np.arctan2(m[:, 1, 0], m[:, 1, 1])
    return np.degrees(np.column_stack((tilt, obliquity, rotation)))


def vertical_displacement_m(acc_up_mps2: np.ndarray, rate_hz: float) -> np.ndarray:
    """Vertical displacement of the sensor (m, zero mean) from its upward acceleration.

    The acceleration (world vertical, gravity included or not) is high-passed
    at :data:`ACC_HIGH_PASS_HZ`, integrated, high-passed at
    :data:`VELOCITY_HIGH_PASS_HZ` and integrated again (Mobilise-D
    ``SlZijlstra``); each high pass is the signal minus its zero-lag
    Butterworth low pass. Only its range over a step is meaningful.

    Parameters
    ----------
    acc_up_mps2
        Upward acceleration, m/s^2, ``(n_samples,)``.
    rate_hz
        Sampling rate, Hz.

    Returns
    -------
    numpy.ndarray
        ``(n_samples,)`` displacement, m.
    """
    acc = _zero_lag(np.asarray(acc_up_mps2, dtype=float), rate_hz, ACC_HIGH_PASS_HZ, "highpass")
    velocity = _zero_lag(np.cumsum(acc) / rate_hz, rate_hz, VELOCITY_HIGH_PASS_HZ, "highpass")
    return np.cumsum(velocity) / rate_hz


def _zero_lag(
    values: np.ndarray, rate_hz: float, cutoff_hz: float | tuple[float, float], kind: str
) -> np.ndarray:
    """Zero-lag 4th-order Butterworth ``kind`` ("highpass"/"bandpass") filter of a 1-D signal.

    A signal too short to filter only loses its mean.
    """
    sos = butter(4, cutoff_hz, btype=kind, fs=rate_hz, output="sos")
    pad = min(3 * (2 * len(sos) + 1), len(values) - 1)
    if pad < 1:
        return values - np.mean(values)
    return sosfiltfilt(sos, values, padlen=pad)


def _step_lengths_m(
    sensor: ImuSensor, quats: np.ndarray, contacts: np.ndarray, sensor_height_m: float | None
) -> np.ndarray:
    """Inverted-pendulum length of each step between consecutive contacts (NaN without height)."""
    n_steps = max(len(contacts) - 1, 0)
    if sensor_height_m is None or n_steps == 0:
        return np.full(n_steps, np.nan)
    acc_up = quat_rotate(quats, sensor.acc_mps2)[:, 2] - GRAVITY_MPS2
    height = vertical_displacement_m(acc_up, sensor.rate_hz)
    return inverted_pendulum_step_length_m(step_height_changes_m(height, contacts), sensor_height_m)


def step_height_changes_m(height_m: np.ndarray, contacts: np.ndarray) -> np.ndarray:
    """Vertical excursion of each step between consecutive contacts, drift removed.

    On level ground the trunk is at the same height at consecutive initial
    contacts (the low point of the double support; Zijlstra & Hof 2003), so
    the displacement that remains between two contacts after the high-pass
    filters -- residual integration drift and slow posture changes -- is
    removed as the straight line (chord) joining its values at the two
    contacts, the piecewise-linear drift model Rampp et al. 2015 (IEEE Trans
    Biomed Eng 62:1089) apply between the rests of a foot. The excursion is
    the range of what is left.

    Parameters
    ----------
    height_m
        Vertical displacement of the sensor, m (:func:`vertical_displacement_m`).
    contacts
        Sample index of each initial contact, increasing.

    Returns
    -------
    numpy.ndarray
        ``(n_contacts - 1,)`` excursion of each step, m.
    """
    starts, stops = np.asarray(contacts[:-1], dtype=int), np.asarray(contacts[1:], dtype=int)
    index, valid = window_index(starts, stops, len(height_m))
    fraction = (index - starts[:, None]) / np.maximum(stops - starts, 1)[:, None]
    chord = height_m[starts, None] + fraction * (height_m[stops] - height_m[starts])[:, None]
    return window_range(height_m[index] - chord, valid)


def _contacts_and_steps(
    sensor: ImuSensor, sensor_height_m: float | None, bouts_s: np.ndarray | None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Return the contacts, the orientation and the length of each step after a contact."""
    if sensor_height_m is not None and not sensor_height_m > 0:
        raise MissingParameterError(f"sensor_height_m must be positive, got {sensor_height_m}")
    contacts = lower_back_contacts(sensor, bouts_s)
    quats = estimate_orientation(sensor.acc_mps2, sensor.gyr_dps, sensor.rate_hz)
    step_m = _step_lengths_m(sensor, quats, contacts["sample"].to_numpy(), sensor_height_m)
    return contacts, quats, step_m


def lower_back_strides(
    sensor: ImuSensor, sensor_height_m: float | None, bouts_s: np.ndarray | None = None
) -> pd.DataFrame:
    """Per-stride parameters from a lower-back sensor.

    A stride runs from a contact to the next-but-one contact of the same
    walking bout (two steps).

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.
    sensor_height_m
        Height of the sensor above the floor (m), for step length; ``None``
        gives NaN lengths and speeds.
    bouts_s
        Optional known walking bouts, as in :func:`lower_back_contacts`.

    Returns
    -------
    pandas.DataFrame
        ``side`` (of the first contact), ``start_sample``, ``middle_sample``
        (the opposite contact), ``end_sample``, ``start_time_s``,
        ``end_time_s``, ``bout``, ``stride_time_s``, ``step_length_m`` (the
        step that ends the stride, as in the motion-capture table),
        ``stride_length_m``,
        ``cadence_steps_per_min``, ``speed_m_per_s``,
        ``pelvic_tilt_excursion_deg``, ``pelvic_obliquity_excursion_deg``,
        ``pelvic_rotation_excursion_deg``.

    Raises
    ------
    MissingParameterError
        When ``sensor_height_m`` is not positive.
    """
    contacts, quats, step_m = _contacts_and_steps(sensor, sensor_height_m, bouts_s)
    samples = contacts["sample"].to_numpy()
    bout = contacts["bout"].to_numpy()
    first = np.flatnonzero((bout[:-2] >= 0) & (bout[:-2] == bout[2:]))
    start, end = samples[first], samples[first + 2]
    stride_time = (end - start) / sensor.rate_hz
    stride_length = step_m[first] + step_m[first + 1]
    angles = pelvis_angles_deg(sensor, quats)
    index, valid = window_index(start, end, len(angles))
    excursion = window_range(angles[index], valid)
    return pd.DataFrame(
        {
            "side": contacts["side"].to_numpy()[first],
            "start_sample": start,
            "middle_sample": samples[first + 1],
            "end_sample": end,
            "start_time_s": start / sensor.rate_hz,
            "end_time_s": end / sensor.rate_hz,
            "bout": bout[first],
            "stride_time_s": stride_time,
            "step_length_m": step_m[first + 1],
            "stride_length_m": stride_length,
            "cadence_steps_per_min": 120.0 / stride_time,
            "speed_m_per_s": stride_length / stride_time,
            "pelvic_tilt_excursion_deg": excursion[:, 0],
            "pelvic_obliquity_excursion_deg": excursion[:, 1],
            "pelvic_rotation_excursion_deg": excursion[:, 2],
        }
    )


def lower_back_bouts(
    sensor: ImuSensor, sensor_height_m: float | None, bouts_s: np.ndarray | None = None
) -> pd.DataFrame:
    """Cadence and stride length per walking bout, robust to missed contacts.

    Within each bout the step times and step lengths pass
    :func:`gaitlab.imu.robust.hampel_filter`; the bout's cadence is the
    median over its strides (two consecutive steps) of 120 / stride time and
    its stride length the median of the two steps' sum.

    Parameters
    ----------
    sensor
        Lower-back IMU in a frame of :data:`LOWER_BACK_FRAMES`.
    sensor_height_m
        Height of the sensor above the floor (m); ``None`` gives NaN lengths.
    bouts_s
        Optional known walking bouts ``(n_bouts, 2)`` (start, end in s);
        by default the detected runs of regular steps.

    Returns
    -------
    pandas.DataFrame
        One row per bout with at least three contacts: ``bout``,
        ``start_time_s`` and ``end_time_s`` (its first and last contact),
        ``n_steps``, ``cadence_steps_per_min``, ``stride_length_m``.

    Raises
    ------
    MissingParameterError
        When ``sensor_height_m`` is not positive.
    """
    contacts, _, step_m = _contacts_and_steps(sensor, sensor_height_m, bouts_s)
    samples = contacts["sample"].to_numpy()
    bout = contacts["bout"].to_numpy()
    rows = []
    for number in np.unique(bout[bout >= 0]):  # one iteration per bout
        members = np.flatnonzero(bout == number)
        if len(members) < 3:
            continue
        step_s = hampel_filter(np.diff(samples[members]) / sensor.rate_hz)
        length = hampel_filter(step_m[members[:-1]])
        rows.append(
            {
                "bout": int(number),
                "start_time_s": samples[members[0]] / sensor.rate_hz,
                "end_time_s": samples[members[-1]] / sensor.rate_hz,
                "n_steps": len(members) - 1,
                "cadence_steps_per_min": float(np.median(120.0 / (step_s[:-1] + step_s[1:]))),
                "stride_length_m": float(np.median(length[:-1] + length[1:])),
            }
        )
    columns = [
        "bout",
        "start_time_s",
        "end_time_s",
        "n_steps",
        "cadence_steps_per_min",
        "stride_length_m",
    ]
    return pd.DataFrame(rows, columns=columns)
