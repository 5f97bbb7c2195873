"""Marker preprocessing: gap filling with a limit, and a zero-lag low-pass filter.

Both return a *new* :class:`~gaitlab.trial.Trial` and say what they did.

* :func:`fill_gaps` fills interior gaps of at most ``max_gap_frames`` frames
  (default 10) per marker with a cubic spline through the marker's seen
  frames; longer gaps and gaps at the start or end stay NaN (never bridged).
* :func:`lowpass` applies a Butterworth low-pass forwards and backwards (zero
  lag; Winter 2009, *Biomechanics and Motor Control of Human Movement*, 4th
  ed., ch. 3), default 6 Hz, to each run of seen frames separately.
* :func:`preprocess` does both; ``cutoff_hz="auto"`` skips the filter when the
  file already carries Plug-in Gait outputs (Nexus filters markers before it
  runs the model, so filtering again would make the markers differ from the
  ones Nexus used).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.signal import butter, sosfiltfilt

from gaitlab.errors import GaitlabError
from gaitlab.trial import Trial

__all__ = ["Gap", "PreprocessingReport", "fill_gaps", "lowpass", "preprocess", "find_gaps"]


class PreprocessingError(GaitlabError, ValueError):
    """An impossible preprocessing option (negative gap limit, cutoff above Nyquist ...)."""


@dataclass(frozen=True)
class Gap:
    """A run of missing frames of one marker.

    Attributes
    ----------
    marker
        The marker label.
    start_frame
        First missing row (0-based).
    n_frames
        Length of the gap in frames.
    filled
        True when :func:`fill_gaps` filled it.
    reason
        Why it was not filled (``"longer than 10 frames"``, ``"at the start"`` ...).
    """

    marker: str
    start_frame: int
    n_frames: int
    filled: bool
    reason: str = ""


@dataclass(frozen=True)
class PreprocessingReport:
    """What :func:`preprocess` did.

    Attributes
    ----------
    gaps
        Every gap found, filled or not.
    cutoff_hz
        The low-pass cutoff applied, or ``None`` when not filtered.
    notes
        Sentences for the user (why the filter was skipped ...).
    """

    gaps: tuple[Gap, ...]
    cutoff_hz: float | None
    notes: tuple[str, ...] = ()

    @property
    def filled_frames(self) -> int:
        """Number of marker samples filled."""
        return sum(g.n_frames for g in self.gaps if g.filled)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of the runs of True in a 1-D boolean array."""
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def find_gaps(trial: Trial, max_gap_frames: int = 10) -> list[Gap]:
    """List every gap of every marker, marking those :func:`fill_gaps` would fill.

    Markers never seen at all are not listed.
    """
    gaps = []
    missing = np.isnan(trial.markers).any(axis=2)
    for index, label in enumerate(trial.marker_labels):
        column = missing[:, index]
        if column.all() or not column.any():
            continue
        for start, stop in _runs(column):
            length = stop - start
            if start == 0:
                gaps.append(Gap(label, start, length, False, "at the start (no data before)"))
            elif stop == trial.n_frames:
                gaps.append(Gap(label, start, length, False, "at the end (no data after)"))
            elif length > max_gap_frames:
                gaps.append(
                    Gap(label, start, length, False, f"longer than {max_gap_frames} frames")
                )
            else:
                gaps.append(Gap(label, start, length, True))
    return gaps


def fill_gaps(trial: Trial, max_gap_frames: int = 10) -> tuple[Trial, list[Gap]]:
    """Fill short interior marker gaps by cubic spline; never bridge longer ones.

    Parameters
    ----------
    trial
        The trial (markers in mm, NaN where missing).
    max_gap_frames
        Longest gap filled, in frames (default 10).

    Returns
    -------
    tuple
        The new trial and every gap found (see :class:`Gap`).

    Raises
    ------
    PreprocessingError
        When ``max_gap_frames`` is negative.
    """
    if max_gap_frames < 0:
        raise PreprocessingError(f"max_gap_frames must be >= 0, got {max_gap_frames}")
    gaps = find_gaps(trial, max_gap_frames)
    to_fill = [g for g in gaps if g.filled]
    if not to_fill:
        return trial, gaps
    markers = np.array(trial.markers)
    frames = np.arange(trial.n_frames)
    by_marker: dict[str, list[Gap]] = {}
    for gap in to_fill:
        by_marker.setdefault(gap.marker, []).append(gap)
    for label, marker_gaps in by_marker.items():
        index = trial.marker_labels.index(label)
        values = markers[:, index, :]
        seen = np.isfinite(values).all(axis=1)
        spline = CubicSpline(frames[seen], values[seen], axis=0)
        rows = np.concatenate(
            [frames[g.start_frame : g.start_frame + g.n_frames] for g in marker_gaps]
        )
        values[rows] = spline(rows)

    note = f"filled {sum(g.n_frames for g in to_fill)} marker samples in {len(to_fill)} gaps"
    provenance = dataclasses.replace(
        trial.provenance,
        conversions=(*trial.provenance.conversions, f"{note} (cubic spline, <= {max_gap_frames})"),
    )
    return dataclasses.replace(trial, markers=markers, provenance=provenance), gaps


def lowpass(trial: Trial, cutoff_hz: float = 6.0, order: int = 2) -> Trial:
    """Low-pass the markers with a zero-lag Butterworth filter.

    Parameters
    ----------
    trial
        The trial.
    cutoff_hz
        Cutoff of the Butterworth design, Hz (default 6).
    order
        Order of the design; the forward-backward pass doubles it (default 2,
        i.e. a 4th-order zero-lag filter).

    Returns
    -------
    Trial
        A new trial; each run of seen frames is filtered on its own (runs
        too short to pad stay unfiltered); NaN stays NaN.

    Raises
    ------
    PreprocessingError
        When the cutoff is not between 0 and the Nyquist frequency.
    """
    nyquist = trial.point_rate_hz / 2.0
    if not 0 < cutoff_hz < nyquist:
        raise PreprocessingError(
            f"cutoff_hz must be between 0 and the Nyquist frequency {nyquist:g} Hz of "
            f"{trial.provenance.source or 'the trial'}, got {cutoff_hz}"
        )
    sos = butter(order, cutoff_hz, btype="low", fs=trial.point_rate_hz, output="sos")
    pad = 3 * (2 * len(sos) + 1)
    markers = np.array(trial.markers)
    seen = np.isfinite(markers).all(axis=2)
    for index in range(markers.shape[1]):
        for start, stop in _runs(seen[:, index]):
            if stop - start > pad:
                markers[start:stop, index] = sosfiltfilt(sos, markers[start:stop, index], axis=0)
    note = f"markers low-passed: Butterworth order {order}, {cutoff_hz:g} Hz, zero lag"
    provenance = dataclasses.replace(
        trial.provenance, conversions=(*trial.provenance.conversions, note)
    )
    return dataclasses.replace(trial, markers=markers, provenance=provenance)


def preprocess(
    trial: Trial, *, max_gap_frames: int = 10, cutoff_hz: float | str | None = "auto"
) -> tuple[Trial, PreprocessingReport]:
    """Fill short gaps, then low-pass the markers.

    Parameters
    ----------
    trial
        The trial.
    max_gap_frames
        Longest gap filled (default 10 frames).
    cutoff_hz
        Low-pass cutoff in Hz; ``None`` = no filter; ``"auto"`` (default) =
        6 Hz unless the file already carries Plug-in Gait angle outputs
        (markers Nexus already filtered).

    Returns
    -------
    tuple
        The new trial and a :class:`PreprocessingReport`.
    """
    filled, gaps = fill_gaps(trial, max_gap_frames)
    notes = []
    cutoff: float | None
    if cutoff_hz == "auto":
        if any(name.endswith("Angles") for name in trial.model_outputs):
            cutoff = None
            notes.append("not filtered: the file carries model outputs (markers already filtered)")
        else:
            cutoff = 6.0
    else:
        cutoff = None if cutoff_hz is None else float(cutoff_hz)
    if cutoff is not None:
        filled = lowpass(filled, cutoff)
    return filled, PreprocessingReport(tuple(gaps), cutoff, tuple(notes))
