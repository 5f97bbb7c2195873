"""Reader and writer of the gaitlab IMU HDF5 layout (long recordings), via h5py.

Layout (also in ``docs/imu_formats.md``)::

    /                        attrs: gaitlab_format = "imu-hdf5", version = 1
    /<location>/             one group per sensor, e.g. "left_foot", "lower_back"
        attrs: rate_hz (float), frame (str),
               acc_unit ("m/s^2" | "g"), gyr_unit ("deg/s" | "rad/s")
        acc   (n_samples, 3) float dataset
        gyr   (n_samples, 3) float dataset
        mag   (n_samples, 3) float dataset, uT (optional)

Datasets may be chunked and compressed; the reader loads them whole. Units
are converted once on reading (to m/s^2 and deg/s) and noted in the
provenance. :func:`write_imu_hdf5` writes a trial's sensors in this layout
(in m/s^2 and deg/s).
"""

from __future__ import annotations

import math
from pathlib import Path

import h5py
import numpy as np

from gaitlab.errors import FileReadError, GaitlabError
from gaitlab.io.imu_common import imu_only_trial, to_gaitlab_units
from gaitlab.io.registry import Reader, register_reader
from gaitlab.trial import ImuSensor, Trial

__all__ = ["read_imu_hdf5", "write_imu_hdf5", "sniff_imu_hdf5", "FORMAT_TAG"]

#: Value of the root attribute ``gaitlab_format``.
FORMAT_TAG = "imu-hdf5"
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


def sniff_imu_hdf5(head: bytes) -> bool:
    """Return True for an HDF5 file (the layout is checked on reading)."""
    return head.startswith(_HDF5_MAGIC)


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _dataset(path: Path, group: h5py.Group, name: str) -> np.ndarray:
    if name not in group:
        raise FileReadError(
            path, f"group '{group.name}' has no dataset '{name}'", "expected (n, 3)"
        )
    values = np.asarray(group[name][()], dtype=float)
    if values.ndim != 2 or values.shape[1] != 3:
        raise FileReadError(
            path, f"'{group.name}/{name}' has shape {values.shape}", "expected (n, 3)"
        )
    return values


def read_imu_hdf5(path: str | Path, rate_hz: float | None = None) -> Trial:
    """Read an IMU HDF5 file in the gaitlab layout.

    Parameters
    ----------
    path
        The ``.h5`` file.
    rate_hz
        Overrides every sensor's ``rate_hz`` attribute.

    Returns
    -------
    Trial
        IMU-only trial, one sensor per group.

    Raises
    ------
    FileReadError
        When the file is not HDF5, lacks the ``gaitlab_format`` tag, or a
        group misses a dataset, attribute or valid unit.
    """
    path = Path(path)
    conversions: list[str] = []
    try:
        handle = h5py.File(path, "r")
    except OSError as error:
        raise FileReadError(path, f"not a readable HDF5 file ({error})") from None
    with handle:
        try:
            sensors = _read_sensors(path, handle, rate_hz, conversions)
        except GaitlabError:
            raise
        except (OSError, RuntimeError, KeyError, ValueError) as error:
            # h5py's errors on a damaged file (B-tree, filter, address ...); fuzzing found them
            raise FileReadError(
                path, f"its HDF5 content is corrupted ({type(error).__name__}: {error})"
            ) from None
    return imu_only_trial(sensors, path, "imu_hdf5", conversions)


def _read_sensors(
    path: Path, handle: h5py.File, rate_hz: float | None, conversions: list[str]
) -> dict[str, ImuSensor]:
    """Read every sensor group of an open gaitlab IMU HDF5 file."""
    sensors: dict[str, ImuSensor] = {}
    tag = _text(handle.attrs.get("gaitlab_format", ""))
    if tag != FORMAT_TAG:
        raise FileReadError(
            path, f"root attribute gaitlab_format is {tag!r}", f"expected {FORMAT_TAG!r}"
        )
    for location, group in handle.items():
        if not isinstance(group, h5py.Group):
            continue
        rate = rate_hz if rate_hz is not None else group.attrs.get("rate_hz")
        try:
            rate = float(rate)
        except (TypeError, ValueError):
            rate = math.nan
        if not (math.isfinite(rate) and rate > 0):
            raise FileReadError(
                path,
                f"'{location}' attribute rate_hz is missing or not positive",
                "or pass rate_hz=",
            )
        signals = {
            kind: to_gaitlab_units(
                _dataset(path, group, kind),
                _text(group.attrs.get(f"{kind}_unit", default)),
                kind,
                path,
                f"{location} {kind}",
                conversions,
            )
            for kind, default in (("acc", "m/s^2"), ("gyr", "deg/s"))
        }
        n_acc, n_gyr = len(signals["acc"]), len(signals["gyr"])
        if n_acc != n_gyr:
            raise FileReadError(path, f"'{location}': {n_acc} acc but {n_gyr} gyr samples")
        sensors[location] = ImuSensor(
            acc_mps2=signals["acc"],
            gyr_dps=signals["gyr"],
            rate_hz=rate,
            frame=_text(group.attrs.get("frame", "sensor")),
            location=location,
            mag_ut=_dataset(path, group, "mag") if "mag" in group else None,
        )
    return sensors


def write_imu_hdf5(path: str | Path, trial: Trial, compression: str | None = "gzip") -> Path:
    """Write the IMU sensors of ``trial`` in the gaitlab HDF5 layout.

    Parameters
    ----------
    path
        Destination ``.h5`` file (overwritten).
    trial
        A trial with at least one IMU sensor.
    compression
        h5py dataset compression (``None`` to disable).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    path = Path(path)
    with h5py.File(path, "w") as handle:
        handle.attrs["gaitlab_format"] = FORMAT_TAG
        handle.attrs["version"] = 1
        for location, sensor in trial.imu.items():
            group = handle.create_group(location)
            group.attrs.update(
                {
                    "rate_hz": sensor.rate_hz,
                    "frame": sensor.frame,
                    "acc_unit": "m/s^2",
                    "gyr_unit": "deg/s",
                }
            )
            group.create_dataset("acc", data=sensor.acc_mps2, compression=compression)
            group.create_dataset("gyr", data=sensor.gyr_dps, compression=compression)
            if sensor.mag_ut is not None:
                group.create_dataset("mag", data=sensor.mag_ut, compression=compression)
    return path


register_reader(
    Reader(
        name="imu_hdf5",
        suffixes=(".h5", ".hdf5"),
        read=read_imu_hdf5,
        sniff=sniff_imu_hdf5,
        description="IMU HDF5 (gaitlab layout, h5py): one group per sensor, acc/gyr datasets",
    )
)
