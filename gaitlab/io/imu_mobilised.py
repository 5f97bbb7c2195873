"""Reader for Mobilise-D ``data.mat`` files (lower-back IMU plus reference systems).

Layout (MATLAB v5, read with ``scipy.io.loadmat``)::

    data.<TimeMeasure>.<Test>.<Trial>.SU.LowerBack.{Acc, Gyr, Mag, Timestamp, Fs}
    data.<TimeMeasure>.<Test>.<Trial>.Standards.<System>.<Level>[bout]
        .{Start, End, Cadence, AverageStrideLength, WalkingSpeed,
          InitialContact_Event, InitialContact_LeftRight, Stride_Length, ...}

``Acc`` is in g and converted to m/s^2 (x 9.80665); ``Gyr`` is in deg/s;
``Mag`` in uT. The sensor frame is named ``"mobilised_lower_back"``: x
inferior -> superior (up), y medio-lateral, z posterior -> anterior
(forward), as the Mobilise-D technical validation defines it. Times of the
reference systems are seconds from the first IMU sample, which is time 0 of
the trial. ``<System>`` is ``INDIP`` or ``Stereophoto``; ``<Level>`` is
``MicroWB`` (walking bouts) or ``ContinuousWalkingPeriod``.

When ``infoForAlgo.mat`` sits beside ``data.mat``, the subject's height
(cm -> mm), weight (kg) and sensor height (cm -> mm, as
``subject.extra["sensor_height_mm"]``) are read from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.io

from gaitlab.errors import FileReadError
from gaitlab.io.imu_common import imu_only_trial, to_gaitlab_units
from gaitlab.io.registry import Reader, register_reader
from gaitlab.trial import ImuSensor, Subject, Trial

__all__ = [
    "read_mobilised",
    "read_mobilised_reference",
    "mobilised_trials",
    "MobilisedReference",
    "sniff_mobilised",
    "MOBILISED_FRAME",
]

#: Name of the Mobilise-D lower-back sensor frame (x up, y medio-lateral, z forward).
MOBILISED_FRAME = "mobilised_lower_back"
_MAT_MAGIC = b"MATLAB 5.0 MAT-file"


def sniff_mobilised(head: bytes) -> bool:
    """Return True for a MATLAB v5 file (the Mobilise-D layout is checked on reading)."""
    return head.startswith(_MAT_MAGIC)


def _load(path: Path) -> Any:
    try:
        content = scipy.io.loadmat(str(path), squeeze_me=True, struct_as_record=False)
    except FileNotFoundError:
        raise FileReadError(path, "no such file") from None
    except Exception as error:  # scipy raises many types for corrupt files
        raise FileReadError(path, f"not a readable MATLAB v5 file ({error})") from None
    if "data" not in content:
        raise FileReadError(path, "no variable 'data'", "expected a Mobilise-D data.mat")
    return content["data"]


def _field(path: Path, node: Any, name: str, where: str) -> Any:
    names = list(getattr(node, "_fieldnames", []) or [])
    if name not in names:
        raise FileReadError(path, f"{where} has no field {name!r}", f"available: {names}")
    return getattr(node, name)


def mobilised_trials(path: str | Path) -> list[tuple[str, str, str]]:
    """List the ``(time_measure, test, trial)`` keys of a Mobilise-D data.mat."""
    path = Path(path)
    data = _load(path)
    keys: list[tuple[str, str, str]] = []
    for measure in getattr(data, "_fieldnames", []):
        for test in getattr(getattr(data, measure), "_fieldnames", []):
            node = getattr(getattr(data, measure), test)
            keys.extend((measure, test, trial) for trial in getattr(node, "_fieldnames", []))
    return keys


def _trial_node(
    path: Path, test: str | None, trial: str | None, time_measure: str | None
) -> tuple[Any, tuple[str, str, str], list[tuple[str, str, str]]]:
    available = mobilised_trials(path)
    if not available:
        raise FileReadError(path, "data holds no <TimeMeasure>.<Test>.<Trial>")
    chosen = [
        key
        for key in available
        if (time_measure in (None, key[0]))
        and (test in (None, key[1]))
        and (trial in (None, key[2]))
    ]
    if not chosen:
        wanted = ".".join(x or "*" for x in (time_measure, test, trial))
        listing = ", ".join(".".join(k) for k in available)
        raise FileReadError(path, f"no trial {wanted}", f"available: {listing}")
    key = chosen[0]
    data = _load(path)
    return getattr(getattr(getattr(data, key[0]), key[1]), key[2]), key, available


def _subject(path: Path) -> tuple[Subject, list[str]]:
    info_path = path.with_name("infoForAlgo.mat")
    if not info_path.exists():
        return Subject(), []
    try:
        info = scipy.io.loadmat(str(info_path), squeeze_me=True, struct_as_record=False)
        node = info["infoForAlgo"]
        node = getattr(node, node._fieldnames[0])
    except Exception as error:
        raise FileReadError(info_path, f"cannot read subject information ({error})") from None

    def number(name: str) -> float | None:
        value = getattr(node, name, None)
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None

    height_cm, weight_kg, sensor_cm = number("Height"), number("Weight"), number("SensorHeight")
    extra = {"sensor_height_mm": sensor_cm * 10.0} if sensor_cm is not None else {}
    subject = Subject(
        mass_kg=weight_kg,
        height_mm=height_cm * 10.0 if height_cm is not None else None,
        extra=extra,
    )
    return subject, [f"subject height and sensor height from {info_path.name}: cm -> mm"]


def read_mobilised(
    path: str | Path,
    test: str | None = None,
    trial: str | None = None,
    time_measure: str | None = None,
) -> Trial:
    """Read one trial's lower-back IMU from a Mobilise-D ``data.mat``.

    Parameters
    ----------
    path
        The ``data.mat`` file.
    test, trial, time_measure
        Which recording (e.g. ``"Test5"``, ``"Trial1"``); by default the
        first one in the file (the provenance notes list all of them).

    Returns
    -------
    Trial
        IMU-only trial with sensor ``"lower_back"`` (acc m/s^2, gyr deg/s,
        frame :data:`MOBILISED_FRAME`) and the subject of ``infoForAlgo.mat``.

    Raises
    ------
    FileReadError
        When the file is not a Mobilise-D data.mat or the trial is absent.
    """
    path = Path(path)
    node, key, available = _trial_node(path, test, trial, time_measure)
    where = ".".join(key)
    lower_back = _field(path, _field(path, node, "SU", where), "LowerBack", f"{where}.SU")
    conversions: list[str] = []
    acc = np.asarray(_field(path, lower_back, "Acc", f"{where}.SU.LowerBack"), dtype=float)
    gyr = np.asarray(_field(path, lower_back, "Gyr", f"{where}.SU.LowerBack"), dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3 or gyr.shape != acc.shape:
        raise FileReadError(
            path, f"{where}: Acc {acc.shape} and Gyr {gyr.shape}", "expected two (n, 3) arrays"
        )
    rates = _field(path, lower_back, "Fs", f"{where}.SU.LowerBack")
    rate_hz = float(getattr(rates, "Acc", rates))
    if getattr(rates, "Gyr", rate_hz) != rate_hz or not rate_hz > 0:
        raise FileReadError(
            path, f"{where}: Fs {rates}", "expected one positive rate for Acc and Gyr"
        )
    mag = getattr(lower_back, "Mag", None)
    mag = np.asarray(mag, dtype=float) if mag is not None and np.shape(mag) == acc.shape else None
    sensor = ImuSensor(
        acc_mps2=to_gaitlab_units(acc, "g", "acc", path, f"{where} Acc", conversions),
        gyr_dps=to_gaitlab_units(gyr, "deg/s", "gyr", path, f"{where} Gyr", conversions),
        rate_hz=rate_hz,
        frame=MOBILISED_FRAME,
        location="lower_back",
        mag_ut=mag,
    )
    subject, notes = _subject(path)
    listing = ", ".join(".".join(k) for k in available)
    notes.append(f"recording {where} (the file holds {listing})")
    return imu_only_trial(
        {"lower_back": sensor}, path, "mobilised", conversions, tuple(notes), subject
    )


@dataclass(frozen=True)
class MobilisedReference:
    """Reference-system results of one Mobilise-D recording.

    Attributes
    ----------
    bouts
        One row per walking bout: ``bout, start_s, end_s, n_strides,
        cadence_steps_per_min, stride_length_m`` (bout average),
        ``walking_speed_m_per_s``, ``median_stride_length_m``,
        ``median_cadence_steps_per_min`` (from the stride durations).
    initial_contacts
        ``bout, time_s, side`` (``"left"``/``"right"``).
    strides
        ``bout, stride_time_s, stride_length_m`` per reference stride.
    """

    bouts: pd.DataFrame
    initial_contacts: pd.DataFrame
    strides: pd.DataFrame


def _vector(node: Any, name: str) -> np.ndarray:
    value = getattr(node, name, None)
    if value is None:
        return np.zeros(0)
    return np.atleast_1d(np.asarray(value, dtype=object))


def read_mobilised_reference(
    path: str | Path,
    test: str,
    trial: str,
    system: str = "INDIP",
    level: str = "MicroWB",
    time_measure: str = "TimeMeasure1",
) -> MobilisedReference:
    """Read a reference system's walking bouts, contacts and strides.

    Parameters
    ----------
    path
        The ``data.mat`` file.
    test, trial, time_measure
        The recording, as in :func:`read_mobilised`.
    system
        ``"INDIP"`` or ``"Stereophoto"``.
    level
        ``"MicroWB"`` or ``"ContinuousWalkingPeriod"``.

    Returns
    -------
    MobilisedReference
        Tables of bouts, initial contacts and strides (times in s from the
        first IMU sample, lengths in m, cadence in steps/min).

    Raises
    ------
    FileReadError
        When the trial, system or level is absent.
    """
    path = Path(path)
    node, key, _ = _trial_node(path, test, trial, time_measure)
    where = ".".join(key)
    standards = _field(path, node, "Standards", where)
    reference = _field(path, standards, system, f"{where}.Standards")
    bouts_node = np.atleast_1d(_field(path, reference, level, f"{where}.Standards.{system}"))
    bouts: list[dict[str, object]] = []
    contacts: list[dict[str, object]] = []
    strides: list[dict[str, object]] = []
    for number, bout in enumerate(bouts_node):
        durations = _vector(bout, "Stride_Duration").astype(float)
        lengths = _vector(bout, "Stride_Length").astype(float)
        if len(lengths) != len(durations):
            lengths = np.full(len(durations), np.nan)
        bouts.append(
            {
                "bout": number,
                "start_s": float(bout.Start),
                "end_s": float(bout.End),
                "n_strides": len(durations),
                "cadence_steps_per_min": float(bout.Cadence),
                "stride_length_m": float(getattr(bout, "AverageStrideLength", np.nan)),
                "walking_speed_m_per_s": float(getattr(bout, "WalkingSpeed", np.nan)),
                "median_stride_length_m": float(np.nanmedian(lengths)) if len(lengths) else np.nan,
                "median_cadence_steps_per_min": (
                    float(np.nanmedian(120.0 / durations)) if len(durations) else np.nan
                ),
            }
        )
        times = _vector(bout, "InitialContact_Event").astype(float)
        sides = [str(s).lower() for s in _vector(bout, "InitialContact_LeftRight")]
        if len(sides) != len(times):
            sides = [""] * len(times)
        contacts.extend(
            {"bout": number, "time_s": t, "side": s} for t, s in zip(times, sides, strict=True)
        )
        strides.extend(
            {"bout": number, "stride_time_s": d, "stride_length_m": s}
            for d, s in zip(durations, lengths, strict=True)
        )
    return MobilisedReference(
        bouts=pd.DataFrame(bouts),
        initial_contacts=pd.DataFrame(contacts, columns=["bout", "time_s", "side"]),
        strides=pd.DataFrame(strides, columns=["bout", "stride_time_s", "stride_length_m"]),
    )


register_reader(
    Reader(
        name="mobilised",
        suffixes=(".mat",),
        read=read_mobilised,
        sniff=sniff_mobilised,
        description="Mobilise-D data.mat: lower-back IMU (reference systems via "
        "gaitlab.io.imu_mobilised.read_mobilised_reference)",
    )
)
