"""Pieces shared by the IMU readers: unit conversion and the IMU-only Trial.

An IMU-only trial has no markers; its "frames" are the IMU samples:
``markers`` has shape ``(n_samples, 0, 3)`` and ``point_rate_hz`` is the IMU
rate, so that :meth:`~gaitlab.trial.Trial.frame_of` and the ``frame`` column
of event and stride tables are IMU sample numbers. When sensors have
different rates or lengths, the first sensor sets the frame clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from gaitlab.errors import FileReadError
from gaitlab.trial import Event, ImuSensor, Provenance, Subject, Trial

__all__ = ["ACC_UNITS", "GYR_UNITS", "to_mps2", "to_dps", "imu_only_trial"]

#: Standard gravity (the definition of the unit g), m/s^2.
STANDARD_GRAVITY_MPS2 = 9.80665
#: Accepted accelerometer units -> factor to m/s^2.
ACC_UNITS = {"m/s^2": 1.0, "m/s2": 1.0, "mps2": 1.0, "g": STANDARD_GRAVITY_MPS2}
#: Accepted gyroscope units -> factor to deg/s.
GYR_UNITS = {"deg/s": 1.0, "dps": 1.0, "rad/s": float(np.degrees(1.0))}


def _factor(path: str | Path, field: str, unit: str, table: Mapping[str, float]) -> float:
    key = unit.strip().lower().replace(" ", "")
    if key not in table:
        raise FileReadError(
            path, f"{field} unit {unit!r} is not supported", f"use one of {sorted(table)}"
        )
    return table[key]


def to_mps2(
    values: np.ndarray, unit: str, path: str | Path, field: str, conversions: list[str]
) -> np.ndarray:
    """Convert accelerations in ``unit`` to m/s^2, noting the conversion.

    Raises
    ------
    FileReadError
        When ``unit`` is not one of :data:`ACC_UNITS`.
    """
    factor = _factor(path, field, unit, ACC_UNITS)
    if factor != 1.0:
        conversions.append(f"{field}: {unit} -> m/s^2 (x {factor:g})")
    return np.asarray(values, dtype=float) * factor


def to_dps(
    values: np.ndarray, unit: str, path: str | Path, field: str, conversions: list[str]
) -> np.ndarray:
    """Convert angular rates in ``unit`` to deg/s, noting the conversion.

    Raises
    ------
    FileReadError
        When ``unit`` is not one of :data:`GYR_UNITS`.
    """
    factor = _factor(path, field, unit, GYR_UNITS)
    if factor != 1.0:
        conversions.append(f"{field}: {unit} -> deg/s (x {factor:g})")
    return np.asarray(values, dtype=float) * factor


def imu_only_trial(
    sensors: Mapping[str, ImuSensor],
    path: str | Path,
    format: str,
    conversions: list[str],
    notes: tuple[str, ...] = (),
    subject: Subject | None = None,
    events: tuple[Event, ...] = (),
) -> Trial:
    """Build a Trial with IMU signals and no markers (frames = IMU samples).

    Raises
    ------
    FileReadError
        When there is no sensor.
    """
    if not sensors:
        raise FileReadError(path, "no IMU sensor found", "expected at least one acc/gyr sensor")
    first = next(iter(sensors.values()))
    return Trial(
        markers=np.zeros((first.n_samples, 0, 3)),
        marker_labels=(),
        point_rate_hz=first.rate_hz,
        imu=dict(sensors),
        events=events,
        subject=subject or Subject(),
        provenance=Provenance(
            source=str(path),
            format=format,
            original_point_units="",
            conversions=tuple(conversions),
            notes=notes,
        ),
    )
