"""Reader for IMU recordings stored as CSV text.

Two layouts are read (see ``docs/imu_formats.md``).

**gaitlab IMU CSV** -- optional ``#`` header lines of ``key: value``, then one
header row and one row per sample::

    # gaitlab-imu-csv
    # rate_hz: 200
    # acc_unit: g            (m/s^2 or g; default m/s^2)
    # gyr_unit: rad/s        (deg/s or rad/s; default deg/s)
    # frame: gaitmap_foot    (name of the sensor frame; default "sensor")
    time_s,left_foot_acc_x,left_foot_acc_y,left_foot_acc_z,left_foot_gyr_x,...

The first column is ``time_s`` (the rate is then taken from it unless given)
or ``sample``. Every sensor has six columns ``<location>_acc_{x,y,z}`` and
``<location>_gyr_{x,y,z}`` (optionally ``<location>_mag_{x,y,z}`` in uT).

**Two-row header** (the gaitmap example layout) -- row 1 names the sensor of
each column, row 2 the axis (``acc_x`` ... ``gyr_z``), first column the sample
number. It carries no rate, so ``rate_hz=`` is required. Units default to
m/s^2 and deg/s and the frame to ``"gaitmap_foot"`` (gaitmap's foot sensor
frame: x toward the toes, y left, z up); sensors named ``left_sensor`` /
``right_sensor`` become ``left_<sensor_location>`` / ``right_<...>`` with
``sensor_location="foot"`` by default.

Keyword options (also for the CLI): ``rate_hz``, ``acc_unit``, ``gyr_unit``,
``frame``, ``sensor_location``. An option given explicitly overrides the file.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from gaitlab.errors import FileReadError
from gaitlab.io.imu_common import imu_only_trial, to_gaitlab_units
from gaitlab.io.registry import Reader, register_reader
from gaitlab.trial import ImuSensor, Trial

__all__ = ["read_imu_csv", "sniff_imu_csv", "MAGIC"]

#: First line that marks the gaitlab IMU CSV layout.
MAGIC = "# gaitlab-imu-csv"
_AXES = ("x", "y", "z")
_SIGNALS = ("acc", "gyr", "mag")


def sniff_imu_csv(head: bytes) -> bool:
    """Return True for the gaitlab IMU CSV or the two-row (sensor, axis) header layout."""
    text = head[:512].decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.startswith(MAGIC):
        return True
    lines = text.splitlines()
    return len(lines) >= 2 and lines[0].startswith("sensor,") and lines[1].startswith("axis,")


def _header_options(path: Path) -> tuple[dict[str, str], int]:
    """Read the leading ``# key: value`` lines; return them and their count."""
    options: dict[str, str] = {}
    count = 0
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            count += 1
            key, sep, value = line[1:].partition(":")
            if sep:
                options[key.strip().lower()] = value.split("(")[0].strip()
    return options, count


def _positive_rate(path: Path, value: object, where: str) -> float:
    try:
        rate = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        rate = math.nan
    if not (math.isfinite(rate) and rate > 0):
        raise FileReadError(path, f"{where} must be a positive rate in Hz, got {value!r}")
    return rate


def _numeric(path: Path, frame: pd.DataFrame) -> np.ndarray:
    values = frame.apply(pd.to_numeric, errors="coerce")
    bad = values.isna() & frame.notna()
    if bad.to_numpy().any():
        row, column = np.argwhere(bad.to_numpy())[0]
        raise FileReadError(
            path,
            f"non-numeric value {frame.iat[row, column]!r} in column {frame.columns[column]!r} "
            f"(data row {row + 1})",
            "every sample must be a number",
        )
    return values.to_numpy(dtype=float)


def _sensor(
    path: Path,
    location: str,
    columns: dict[tuple[str, str], np.ndarray],
    rate_hz: float,
    acc_unit: str,
    gyr_unit: str,
    frame: str,
    conversions: list[str],
) -> ImuSensor:
    missing = [f"{s}_{a}" for s in ("acc", "gyr") for a in _AXES if (s, a) not in columns]
    if missing:
        raise FileReadError(
            path,
            f"sensor {location!r} lacks columns {missing}",
            "each sensor needs acc_x, acc_y, acc_z, gyr_x, gyr_y, gyr_z",
        )
    acc = np.column_stack([columns[("acc", a)] for a in _AXES])
    gyr = np.column_stack([columns[("gyr", a)] for a in _AXES])
    mag = None
    if all(("mag", a) in columns for a in _AXES):
        mag = np.column_stack([columns[("mag", a)] for a in _AXES])
    return ImuSensor(
        acc_mps2=to_gaitlab_units(acc, acc_unit, "acc", path, f"{location} acc", conversions),
        gyr_dps=to_gaitlab_units(gyr, gyr_unit, "gyr", path, f"{location} gyr", conversions),
        rate_hz=rate_hz,
        frame=frame,
        location=location,
        mag_ut=mag,
    )


def _split_signal(name: str) -> tuple[str, str, str] | None:
    """``left_foot_acc_x`` -> (``left_foot``, ``acc``, ``x``)."""
    parts = name.strip().lower().rsplit("_", 2)
    if len(parts) == 3 and parts[1] in _SIGNALS and parts[2] in _AXES:
        return parts[0], parts[1], parts[2]
    return None


def _read_two_row(path: Path, sensor_location: str) -> tuple[dict, np.ndarray]:
    table = pd.read_csv(path, header=[0, 1], index_col=0)
    if not isinstance(table.columns, pd.MultiIndex):  # e.g. a data row that pandas took for names
        raise FileReadError(
            path,
            "its two header rows (sensor, then axis) cannot be read",
            "expected e.g. 'left_sensor' above 'acc_x' in every signal column",
        )
    data = _numeric(path, table)
    grouped: dict[str, dict[tuple[str, str], np.ndarray]] = {}
    for k, column in enumerate(table.columns):
        sensor, axis = column[0], column[1]
        signal, _, component = str(axis).lower().partition("_")
        if signal not in _SIGNALS or component not in _AXES:
            raise FileReadError(
                path, f"column {k + 2} has axis {axis!r}", "expected acc_x..acc_z, gyr_x..gyr_z"
            )
        side = str(sensor).lower().split("_")[0]
        location = f"{side}_{sensor_location}" if side in ("left", "right") else str(sensor)
        grouped.setdefault(location, {})[(signal, component)] = data[:, k]
    return grouped, table.index.to_numpy()


def _read_flat(path: Path, skip: int) -> tuple[dict, str, np.ndarray]:
    table = pd.read_csv(path, skiprows=skip)
    if table.shape[1] < 2:
        raise FileReadError(
            path, "fewer than two columns", "expected time_s or sample, then signals"
        )
    first = str(table.columns[0]).strip().lower()
    if first not in ("time_s", "sample"):
        raise FileReadError(
            path, f"first column is {table.columns[0]!r}", "expected 'time_s' or 'sample'"
        )
    data = _numeric(path, table)
    grouped: dict[str, dict[tuple[str, str], np.ndarray]] = {}
    for k, name in enumerate(table.columns[1:], start=1):
        parsed = _split_signal(str(name))
        if parsed is None:
            raise FileReadError(
                path,
                f"column {name!r} is not <location>_<acc|gyr|mag>_<x|y|z>",
                "e.g. left_foot_acc_x",
            )
        grouped.setdefault(parsed[0], {})[(parsed[1], parsed[2])] = data[:, k]
    return grouped, first, data[:, 0]


def read_imu_csv(
    path: str | Path,
    rate_hz: float | None = None,
    acc_unit: str | None = None,
    gyr_unit: str | None = None,
    frame: str | None = None,
    sensor_location: str | None = None,
) -> Trial:
    """Read an IMU CSV file (either layout, see the module docstring).

    Parameters
    ----------
    path
        The CSV file.
    rate_hz
        Sampling rate; required unless the file states it or has ``time_s``.
    acc_unit, gyr_unit
        ``"m/s^2"``/``"g"`` and ``"deg/s"``/``"rad/s"``; override the file.
    frame
        Name of the sensor frame (e.g. ``"gaitmap_foot"``); overrides the file.
    sensor_location
        Body location of ``left_sensor``/``right_sensor`` columns in the
        two-row layout (``"foot"`` by default).

    Returns
    -------
    Trial
        An IMU-only trial (markers ``(n_samples, 0, 3)``) with signals in
        m/s^2 and deg/s; conversions are listed in its provenance.

    Raises
    ------
    FileReadError
        When the layout, a column, a unit or the rate is wrong or missing.
    """
    path = Path(path)
    try:
        head = path.read_bytes()[:4096]
    except OSError as error:
        raise FileReadError(path, f"cannot open file: {error.strerror}") from None
    if not sniff_imu_csv(head):
        raise FileReadError(
            path,
            "not an IMU CSV file",
            f"expected a first line '{MAGIC}' or a two-row 'sensor,' / 'axis,' header",
        )
    conversions: list[str] = []
    try:
        if head.decode("utf-8", errors="replace").lstrip("\ufeff").startswith(MAGIC):
            options, skip = _header_options(path)
            grouped, clock, clock_values = _read_flat(path, skip)
            default_frame = "sensor"
        else:
            options = {}
            grouped, clock_values = _read_two_row(path, sensor_location or "foot")
            clock = "sample"
            default_frame = "gaitmap_foot"
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise FileReadError(path, f"malformed CSV: {error}") from None
    if len(clock_values) < 2:
        raise FileReadError(path, f"only {len(clock_values)} sample row(s)", "expected a recording")
    if rate_hz is not None:
        rate = _positive_rate(path, rate_hz, "rate_hz")
    elif "rate_hz" in options:
        rate = _positive_rate(path, options["rate_hz"], "header 'rate_hz'")
    elif clock == "time_s":
        steps = np.diff(clock_values)
        rate = _positive_rate(path, 1.0 / np.median(steps), "the time_s column's step")
        conversions.append(f"rate {rate:g} Hz from the median time_s step")
    else:
        raise FileReadError(
            path,
            "the sampling rate is unknown",
            "pass rate_hz= (CLI: --sampling-rate-hz) or add '# rate_hz: <Hz>'",
        )
    sensors = {
        location: _sensor(
            path,
            location,
            columns,
            rate,
            acc_unit or options.get("acc_unit", "m/s^2"),
            gyr_unit or options.get("gyr_unit", "deg/s"),
            frame or options.get("frame", default_frame),
            conversions,
        )
        for location, columns in grouped.items()
    }
    return imu_only_trial(sensors, path, "imu_csv", conversions)


register_reader(
    Reader(
        name="imu_csv",
        suffixes=(),  # recognised by content only: other readers may own .csv
        read=read_imu_csv,
        sniff=sniff_imu_csv,
        description="IMU CSV: gaitlab layout or two-row sensor/axis header (gaitmap)",
    )
)
