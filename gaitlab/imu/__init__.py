"""IMU gait analysis: events and spatiotemporal tables from inertial sensors.

The two entry points work on any :class:`~gaitlab.trial.Trial` with IMU
sensors and return the same tables as the motion-capture pipeline:

* :func:`imu_events` -- ``time_s, frame, side, kind, source`` (foot strikes
  and foot offs), like :func:`gaitlab.events.detect_events`;
* :func:`imu_spatiotemporal` -- one row per stride with the columns of
  :data:`gaitlab.spatiotemporal.SPATIOTEMPORAL_COLUMNS` (NaN where IMUs
  cannot give a column, e.g. step width), followed by IMU-only columns.

Sensors are found by location name: ``left_foot`` / ``right_foot`` (any name
starting with ``left``/``right`` and ending with ``foot``) for the foot
pipeline (:mod:`gaitlab.imu.foot`), ``lower_back`` for the lower-back
pipeline (:mod:`gaitlab.imu.lower_back`). With ``sensor_location=None`` the
feet are used when present, else the lower back.

Times: sample ``k`` of a sensor is at ``first_frame / point_rate_hz + k /
rate_hz`` (sensors start with the capture); ``frame`` is
:meth:`Trial.frame_of` of that time (the IMU sample for IMU-only trials).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDES
from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.imu.foot import foot_strides
from gaitlab.imu.lower_back import lower_back_contacts, lower_back_strides
from gaitlab.spatiotemporal import SPATIOTEMPORAL_COLUMNS
from gaitlab.trial import ImuSensor, Trial

__all__ = [
    "imu_events",
    "imu_spatiotemporal",
    "ImuSensorError",
    "SENSOR_LOCATIONS",
    "IMU_EVENT_COLUMNS",
    "LOWER_BACK_EXTRA_COLUMNS",
]

#: Accepted values of ``sensor_location``.
SENSOR_LOCATIONS = ("foot", "lower_back")
#: Columns of :func:`imu_events`.
IMU_EVENT_COLUMNS = ("time_s", "frame", "side", "kind", "source")
#: Extra columns of :func:`imu_spatiotemporal` for a lower-back sensor.
LOWER_BACK_EXTRA_COLUMNS = (
    "pelvic_tilt_excursion_deg",
    "pelvic_obliquity_excursion_deg",
    "pelvic_rotation_excursion_deg",
)
#: Longest stride accepted between two contacts of one foot, s.
MAX_STRIDE_S = 3.0


class ImuSensorError(GaitlabError, ValueError):
    """The trial lacks the IMU sensors a computation needs."""


def _feet(trial: Trial) -> dict[str, ImuSensor]:
    found: dict[str, ImuSensor] = {}
    for name, sensor in trial.imu.items():
        lowered = name.lower()
        for side in SIDES:
            if lowered.startswith(side) and lowered.endswith("foot"):
                found[side] = sensor
    return found


def _location(trial: Trial, sensor_location: str | None) -> str:
    where = trial.provenance.source or "the trial"
    if sensor_location not in (None, *SENSOR_LOCATIONS):
        raise ImuSensorError(
            f"sensor_location must be one of {SENSOR_LOCATIONS}, got {sensor_location!r}"
        )
    has_feet = bool(_feet(trial))
    has_back = "lower_back" in trial.imu
    if sensor_location == "foot" and not has_feet:
        raise ImuSensorError(
            f"no foot IMU in {where}: expected sensors named left_foot/right_foot, "
            f"found {sorted(trial.imu)}"
        )
    if sensor_location == "lower_back" and not has_back:
        raise ImuSensorError(
            f"no lower-back IMU in {where}: expected a sensor named lower_back, "
            f"found {sorted(trial.imu)}"
        )
    if sensor_location is not None:
        return sensor_location
    if has_feet:
        return "foot"
    if has_back:
        return "lower_back"
    raise ImuSensorError(
        f"no foot or lower-back IMU in {where}: found {sorted(trial.imu) or 'no sensors'}; "
        "name them left_foot/right_foot or lower_back (or pass sensor_location=)"
    )


def _times_s(trial: Trial, sensor: ImuSensor, samples: np.ndarray | pd.Series) -> np.ndarray:
    return trial.first_frame / trial.point_rate_hz + np.asarray(samples, float) / sensor.rate_hz


def _event_rows(
    trial: Trial, times: np.ndarray, side: object, kind: str, source: str
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "time_s": times,
            "frame": trial.frame_of(times).astype(int),
            "side": side,
            "kind": kind,
            "source": source,
        }
    )


def _sorted_events(parts: list[pd.DataFrame]) -> pd.DataFrame:
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if table.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c == "time_s" else object) for c in IMU_EVENT_COLUMNS}
        )
    return table.sort_values("time_s", kind="stable").reset_index(drop=True)[
        list(IMU_EVENT_COLUMNS)
    ]


def imu_events(trial: Trial, sensor_location: str | None = None) -> pd.DataFrame:
    """Detect foot strikes and foot offs from the trial's IMUs.

    Parameters
    ----------
    trial
        A trial with foot or lower-back IMU sensors.
    sensor_location
        ``"foot"``, ``"lower_back"`` or ``None`` (feet when present).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IMU_EVENT_COLUMNS`, in time order. ``kind`` is
        ``foot_strike`` or ``foot_off``; ``source`` is ``imu:gyro`` (foot
        sensors: sagittal angular rate) or ``imu:lower_back`` (initial
        contacts only; a lower-back sensor gives no reliable foot off).

    Raises
    ------
    ImuSensorError
        When the trial has no sensor for the requested location.
    """
    location = _location(trial, sensor_location)
    parts = []
    if location == "foot":
        for side, sensor in _feet(trial).items():
            table = foot_strides(sensor, measure=False)
            parts.append(
                _event_rows(
                    trial,
                    _times_s(trial, sensor, table["ic_sample"]),
                    side,
                    "foot_strike",
                    "imu:gyro",
                )
            )
            parts.append(
                _event_rows(
                    trial, _times_s(trial, sensor, table["tc_sample"]), side, "foot_off", "imu:gyro"
                )
            )
    else:
        sensor = trial.imu["lower_back"]
        contacts = lower_back_contacts(sensor)
        times = _times_s(trial, sensor, contacts["sample"])
        parts.append(
            _event_rows(trial, times, contacts["side"].to_numpy(), "foot_strike", "imu:lower_back")
        )
    return _sorted_events(parts)


def _first_between(times: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Return the first of sorted ``times`` inside each (start, end), NaN when none."""
    if len(times) == 0:
        return np.full(len(start), np.nan)
    k = np.searchsorted(times, start, side="right")
    found = times[np.minimum(k, len(times) - 1)]
    return np.where((k < len(times)) & (found < end), found, np.nan)


def _foot_table(trial: Trial) -> pd.DataFrame:
    feet = _feet(trial)
    per_side = {side: foot_strides(sensor) for side, sensor in feet.items()}
    events = {
        side: (
            _times_s(trial, feet[side], table["ic_sample"]),
            _times_s(trial, feet[side], table["tc_sample"]),
        )
        for side, table in per_side.items()
    }
    parts = []
    for side, table in per_side.items():
        strikes, offs = events[side]
        start, end = strikes[:-1], strikes[1:]
        duration = end - start
        keep = duration <= MAX_STRIDE_S
        foot_off = offs[1:]
        stance = 100.0 * (foot_off - start) / duration
        other = "right" if side == "left" else "left"
        opposite_strike = opposite_off = np.full(len(start), np.nan)
        if other in events:
            opposite_off = _first_between(np.sort(events[other][1]), start, end)
            opposite_strike = _first_between(np.sort(events[other][0]), start, end)
        rows = pd.DataFrame(
            {
                "side": side,
                "start_time_s": start,
                "end_time_s": end,
                "start_frame": trial.frame_of(start).astype(int),
                "end_frame": trial.frame_of(end).astype(int),
                "stride_length_m": table["stride_length_m"].to_numpy()[1:],
                "step_length_m": np.nan,
                "stride_time_s": duration,
                "step_time_s": end - opposite_strike,
                "cadence_steps_per_min": 120.0 / duration,
                "speed_m_per_s": table["stride_length_m"].to_numpy()[1:] / duration,
                "stance_pct": stance,
                "swing_pct": 100.0 - stance,
                "single_support_pct": 100.0 * (opposite_strike - opposite_off) / duration,
                "double_support_pct": 100.0
                * ((opposite_off - start) + (foot_off - opposite_strike))
                / duration,
                "foot_off_pct": stance,
                "opposite_foot_off_pct": 100.0 * (opposite_off - start) / duration,
                "opposite_foot_strike_pct": 100.0 * (opposite_strike - start) / duration,
                "step_width_m": np.nan,
            }
        )
        parts.append(rows[keep])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _sensor_height_m(trial: Trial) -> float | None:
    extra = trial.subject.extra.get("sensor_height_mm")
    if extra is not None:
        return float(extra) / 1000.0
    legs = [trial.subject.side(s).leg_length_mm for s in SIDES]
    known = [x for x in legs if x is not None]
    if known:
        return float(np.mean(known)) / 1000.0
    warnings.warn(
        f"{trial.provenance.source or 'trial'}: no sensor height "
        "(subject.extra['sensor_height_mm']) or leg length; "
        "lower-back step and stride lengths are NaN",
        GaitlabWarning,
        stacklevel=3,
    )
    return None


def _lower_back_table(trial: Trial) -> pd.DataFrame:
    sensor = trial.imu["lower_back"]
    table = lower_back_strides(sensor, _sensor_height_m(trial))
    start = _times_s(trial, sensor, table["start_sample"])
    end = _times_s(trial, sensor, table["end_sample"])
    middle = _times_s(trial, sensor, table["middle_sample"])
    rows = pd.DataFrame(
        {
            "side": table["side"],
            "start_time_s": start,
            "end_time_s": end,
            "start_frame": trial.frame_of(start).astype(int),
            "end_frame": trial.frame_of(end).astype(int),
            "stride_length_m": table["stride_length_m"],
            "step_length_m": table["step_length_m"],
            "stride_time_s": end - start,
            "step_time_s": end - middle,
            "cadence_steps_per_min": table["cadence_steps_per_min"],
            "speed_m_per_s": table["speed_m_per_s"],
            "opposite_foot_strike_pct": 100.0 * (middle - start) / (end - start),
        }
    )
    for column in LOWER_BACK_EXTRA_COLUMNS:
        rows[column] = table[column]
    return rows


def imu_spatiotemporal(trial: Trial, sensor_location: str | None = None) -> pd.DataFrame:
    """Per-stride spatiotemporal parameters from the trial's IMUs.

    Parameters
    ----------
    trial
        A trial with foot or lower-back IMU sensors.
    sensor_location
        ``"foot"``, ``"lower_back"`` or ``None`` (feet when present).

    Returns
    -------
    pandas.DataFrame
        One row per stride (foot strike to the next foot strike of the same
        side), columns :data:`gaitlab.spatiotemporal.SPATIOTEMPORAL_COLUMNS`
        in order, then :data:`LOWER_BACK_EXTRA_COLUMNS` for a lower-back
        sensor. Foot sensors give stride length (zero-velocity-updated
        strapdown integration), times, stance/swing and, with both feet,
        the opposite-foot and support percentages; step length and width
        are NaN. A lower-back sensor gives stride and step length (inverted
        pendulum; needs ``subject.extra['sensor_height_mm']`` or a leg
        length), times, cadence, speed and pelvic excursions; the stance
        columns are NaN.

    Raises
    ------
    ImuSensorError
        When the trial has no sensor for the requested location.
    """
    location = _location(trial, sensor_location)
    table = _foot_table(trial) if location == "foot" else _lower_back_table(trial)
    extra = list(LOWER_BACK_EXTRA_COLUMNS) if location == "lower_back" else []
    table = table.reindex(columns=[*SPATIOTEMPORAL_COLUMNS, *extra])
    table["side"] = table["side"].astype(object)
    return table.sort_values(["start_time_s", "side"], kind="stable").reset_index(drop=True)
