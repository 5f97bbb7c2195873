"""Gait cycles: strides from foot strikes, time normalisation to 0-100 %, mean curves.

A stride of one side runs from a foot strike to the next foot strike of the
same foot, as a half-open frame range ``[start_frame, end_frame)``; its
0-100 % time normalisation samples the signal at 101 points from
``start_frame`` (0 %) to ``end_frame`` (100 %, the next foot strike),
interpolating linearly between frames. Signals are any per-frame array
``(n_frames, ...)``: an angle ``(n_frames, 3)``, a marker ``(n_frames, 3)``, a
set of curves ``(n_frames, k)`` ...

Public API: :func:`strides`, :func:`time_normalise`, :func:`normalise_strides`,
:func:`mean_sd_curves` (used by the norms and flags stages).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDES
from gaitlab.errors import GaitlabError, GaitlabWarning

__all__ = [
    "strides",
    "empty_strides_table",
    "time_normalise",
    "normalise_strides",
    "mean_sd_curves",
    "CycleCurves",
    "STRIDE_COLUMNS",
    "N_POINTS",
    "MAX_STRIDE_S",
    "MAX_STRIDE_RATIO",
]

#: Columns of the strides table, in order.
STRIDE_COLUMNS: tuple[str, ...] = ("side", "start_time_s", "end_time_s", "start_frame", "end_frame")

#: Points of a normalised cycle: 0, 1, ..., 100 %.
N_POINTS = 101

#: Longest plausible stride (s); a longer one spans a missing foot strike or a pause.
MAX_STRIDE_S = 3.0

#: A stride longer than this multiple of its side's median stride spans a missing strike.
MAX_STRIDE_RATIO = 1.6


class CycleError(GaitlabError, ValueError):
    """A signal or stride table cannot be time-normalised as asked."""


def empty_strides_table() -> pd.DataFrame:
    """Return a strides table with the columns :data:`STRIDE_COLUMNS` and no rows."""
    dtypes = dict(zip(STRIDE_COLUMNS, (str, float, float, int, int), strict=True))
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def strides(events: pd.DataFrame, source: str = "") -> pd.DataFrame:
    """Build the strides of each side from consecutive foot strikes.

    Parameters
    ----------
    events
        An events table (``time_s, frame, side, kind``), e.g. from
        :func:`gaitlab.events.detect_events`.
    source
        The file the events belong to, for warning messages.

    Returns
    -------
    pandas.DataFrame
        One row per stride, columns :data:`STRIDE_COLUMNS`, ordered by side
        (left first) then time. Strides longer than :data:`MAX_STRIDE_S`, or
        than :data:`MAX_STRIDE_RATIO` times the side's median stride, span a
        missing foot strike and are dropped with a warning. Empty, with a
        :class:`~gaitlab.errors.GaitlabWarning`, when no side has two foot
        strikes.

    Examples
    --------
    >>> events = pd.DataFrame({"time_s": [0.1, 0.6, 1.2], "frame": [10, 60, 120],
    ...                        "side": ["left", "right", "left"],
    ...                        "kind": ["foot_strike"] * 3})
    >>> strides(events)[["side", "start_frame", "end_frame"]].values.tolist()
    [['left', 10, 120]]
    """
    where = f"{source}: " if source else ""
    tables = []
    for side in SIDES:
        strikes = events[(events["side"] == side) & (events["kind"] == "foot_strike")]
        strikes = strikes.sort_values("time_s")
        if len(strikes) < 2:
            continue
        times = strikes["time_s"].to_numpy(dtype=float)
        frames = strikes["frame"].to_numpy(dtype=int)
        duration = np.diff(times)
        limit = min(MAX_STRIDE_S, MAX_STRIDE_RATIO * float(np.median(duration)))
        plausible = duration <= limit
        for start in times[:-1][~plausible]:
            warnings.warn(
                f"{where}dropped the {side} stride starting at {start:.3f} s: longer than "
                f"{limit:.2f} s, a foot strike is missing",
                GaitlabWarning,
                stacklevel=2,
            )
        tables.append(
            pd.DataFrame(
                {
                    "side": side,
                    "start_time_s": times[:-1][plausible],
                    "end_time_s": times[1:][plausible],
                    "start_frame": frames[:-1][plausible],
                    "end_frame": frames[1:][plausible],
                }
            )
        )
    table = pd.concat(tables, ignore_index=True) if tables else empty_strides_table()
    if table.empty:
        warnings.warn(
            f"{where}too few foot strikes for a stride (need two of the same foot)",
            GaitlabWarning,
            stacklevel=2,
        )
        return empty_strides_table()
    return table


def time_normalise(
    signal: np.ndarray,
    start_frames: np.ndarray,
    end_frames: np.ndarray,
    n_points: int = N_POINTS,
) -> np.ndarray:
    """Resample a per-frame signal to ``n_points`` per stride (0-100 %).

    Parameters
    ----------
    signal
        ``(n_frames, ...)`` per-frame values; NaN propagates.
    start_frames, end_frames
        ``(n_strides,)`` first frame (0 %) and the next foot strike's frame
        (100 %) of each stride; ``end_frame`` must be a valid frame.
    n_points
        Samples per stride (default 101: 0, 1, ..., 100 %).

    Returns
    -------
    numpy.ndarray
        ``(n_strides, n_points, ...)``, linearly interpolated between frames.

    Raises
    ------
    CycleError
        When a stride is empty or reaches outside the signal.

    Examples
    --------
    >>> time_normalise(np.arange(11.0), np.array([0]), np.array([10]), 3).tolist()
    [[0.0, 5.0, 10.0]]
    """
    values = np.asarray(signal, dtype=float)
    start = np.atleast_1d(np.asarray(start_frames, dtype=int))
    end = np.atleast_1d(np.asarray(end_frames, dtype=int))
    n_frames = values.shape[0]
    bad = (end <= start) | (start < 0) | (end >= n_frames)
    if bad.any():
        raise CycleError(
            f"strides must lie inside the signal's {n_frames} frames with end > start; "
            f"got {int(bad.sum())} that do not (first: [{start[bad][0]}, {end[bad][0]}])"
        )
    fraction = np.linspace(0.0, 1.0, n_points)
    position = start[:, None] + (end - start)[:, None] * fraction[None, :]
    lower = np.minimum(np.floor(position).astype(int), n_frames - 2)
    weight = position - lower
    flat = values.reshape(n_frames, -1)
    below, above = flat[lower], flat[lower + 1]
    resampled = (1.0 - weight)[..., None] * below + weight[..., None] * above
    return resampled.reshape((start.size, n_points, *values.shape[1:]))


def normalise_strides(
    signal: np.ndarray, strides_table: pd.DataFrame, n_points: int = N_POINTS
) -> np.ndarray:
    """Time-normalise ``signal`` over every stride of a strides table.

    Parameters
    ----------
    signal
        ``(n_frames, ...)`` per-frame values.
    strides_table
        Rows with ``start_frame`` and ``end_frame`` (from :func:`strides`).
    n_points
        Samples per stride.

    Returns
    -------
    numpy.ndarray
        ``(n_strides, n_points, ...)`` in the order of the table's rows.
    """
    return time_normalise(
        signal,
        strides_table["start_frame"].to_numpy(dtype=int),
        strides_table["end_frame"].to_numpy(dtype=int),
        n_points,
    )


@dataclass(frozen=True)
class CycleCurves:
    """Mean and standard deviation of one side's normalised strides.

    Attributes
    ----------
    side
        ``"left"`` or ``"right"``.
    percent
        ``(n_points,)`` 0-100 % of the cycle.
    mean, sd
        ``(n_points, ...)`` across strides (NaN-aware; SD with ``ddof=1``,
        NaN when a single stride).
    n_strides
        Number of strides averaged.
    """

    side: str
    percent: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    n_strides: int


def mean_sd_curves(
    signals: dict[str, np.ndarray] | np.ndarray,
    strides_table: pd.DataFrame,
    n_points: int = N_POINTS,
) -> dict[str, CycleCurves]:
    """Mean and SD curves per side.

    Parameters
    ----------
    signals
        One per-frame signal ``(n_frames, ...)`` for both sides, or a mapping
        side -> signal (e.g. ``{"left": LKneeAngles, "right": RKneeAngles}``).
    strides_table
        Strides from :func:`strides`.
    n_points
        Samples per stride.

    Returns
    -------
    dict of str to CycleCurves
        Keyed by side; sides without strides are absent.
    """
    percent = np.linspace(0.0, 100.0, n_points)
    curves: dict[str, CycleCurves] = {}
    for side in SIDES:
        rows = strides_table[strides_table["side"] == side]
        signal = signals.get(side) if isinstance(signals, dict) else signals
        if rows.empty or signal is None:
            continue
        cycles = normalise_strides(signal, rows, n_points)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
            mean = np.nanmean(cycles, axis=0)
            sd = np.nanstd(cycles, axis=0, ddof=1) if len(rows) > 1 else np.full(mean.shape, np.nan)
        curves[side] = CycleCurves(side, percent, mean, sd, len(rows))
    return curves
