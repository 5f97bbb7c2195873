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

__all__ = ["ACC_UNITS", "GYR_UNITS", "to_gaitlab_units", "imu_only_trial"]

#: Standard gravity (the definition of the unit g), m/s^2.
STANDARD_GRAVITY_MPS2 = 9.80665
#: Accepted accelerometer units -> factor to m/s^2.
ACC_UNITS = {"m/s^2": 1.0, "m/s2": 1.0, "mps2": 1.0, "g": STANDARD_GRAVITY_MPS2}
#: Accepted gyroscope units -> factor to deg/s.
GYR_UNITS = {"deg/s": 1.0, "dps": 1.0, "rad/s": float(np.degrees(1.0))}


#: Signal kind -> (accepted units with their factor, the unit gaitlab stores).
_UNITS = {"acc": (ACC_UNITS, "m/s^2"), "gyr": (GYR_UNITS, "deg/s")}


def to_gaitlab_units(
    values: np.ndarray,
    unit: str,
    kind: str,
    path: str | Path,
    field: str,
    conversions: list[str],
) -> np.ndarray:
    """Convert accelerations (``kind="acc"``) to m/s^2 or angular rates (``"gyr"``) to deg/s.

    Parameters
    ----------
    values
        The signal in ``unit``.
    unit
        One of :data:`ACC_UNITS` or :data:`GYR_UNITS` (spaces and case ignored).
    kind
        ``"acc"`` or ``"gyr"``.
    path, field
        Where the values come from, for messages.
    conversions
        A conversion note is appended here when the values are scaled.

    Raises
    ------
    FileReadError
        When ``unit`` is not accepted for ``kind``.
    """
    table, target = _UNITS[kind]
    key = unit.strip().lower().replace(" ", "")
    if key not in table:
        raise FileReadError(
            path, f"{field} unit {unit!r} is not supported", f"use one of {sorted(table)}"
        )
    factor = table[key]
    if factor != 1.0:
        conversions.append(f"{field}: {unit} -> {target} (x {factor:g})")
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
