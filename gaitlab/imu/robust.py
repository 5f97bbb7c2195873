"""Robust running statistics over short sequences (step times, step lengths ...).

Both functions are vectorised: the window of every element is one row of a
NaN-padded index block, and the median ignores the padding, so windows are
simply shorter at the ends of the sequence.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rolling_median", "hampel_filter"]

#: Scale of the median absolute deviation to a standard deviation (normal data).
MAD_TO_SD = 1.4826


def _windows(values: np.ndarray, half_window: int) -> np.ndarray:
    """Return ``(n, 2 * half_window + 1)``: each element's neighbours, NaN past the ends."""
    n = len(values)
    index = np.arange(n)[:, None] + np.arange(-half_window, half_window + 1)[None, :]
    inside = (index >= 0) & (index < n)
    return np.where(inside, values[np.clip(index, 0, max(n - 1, 0))], np.nan)


def rolling_median(values: np.ndarray, half_window: int) -> np.ndarray:
    """Median of each element and its ``half_window`` neighbours on either side.

    Parameters
    ----------
    values
        1-D sequence (NaN entries are ignored).
    half_window
        Neighbours on each side (0 returns the values).

    Returns
    -------
    numpy.ndarray
        Running median, same length; shorter windows at the ends.
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return values.copy()
    return np.nanmedian(_windows(values, half_window), axis=1)


def hampel_filter(values: np.ndarray, half_window: int = 2, n_sigma: float = 3.0) -> np.ndarray:
    """Replace outliers by the running median (Hampel identifier).

    An element is an outlier when it differs from the median of its window
    by more than ``n_sigma`` times the window's scaled median absolute
    deviation (Pearson 2002, IEEE Trans Control Syst Technol 10:12; the
    Mobilise-D step-time and step-length post-processing uses a window of 2
    on each side and 3 deviations, mobgap ``CadFromIc`` / ``SlZijlstra``).

    Parameters
    ----------
    values
        1-D sequence.
    half_window
        Neighbours on each side.
    n_sigma
        Threshold in (MAD-estimated) standard deviations.

    Returns
    -------
    numpy.ndarray
        Copy of ``values`` with the outliers replaced.
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return values.copy()
    windows = _windows(values, half_window)
    median = np.nanmedian(windows, axis=1)
    deviation = MAD_TO_SD * np.nanmedian(np.abs(windows - median[:, None]), axis=1)
    outlier = np.abs(values - median) > n_sigma * deviation
    return np.where(outlier, median, values)
