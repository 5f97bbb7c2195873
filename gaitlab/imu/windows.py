"""Variable-length sample windows as padded index blocks (vectorised over windows)."""

from __future__ import annotations

import numpy as np

__all__ = ["window_index", "window_range"]


def window_index(
    starts: np.ndarray, stops: np.ndarray, n_total: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(n_windows, width)`` sample indices covering each ``[start, stop]``.

    Parameters
    ----------
    starts, stops
        Inclusive bounds of each window (sample indices).
    n_total
        Number of samples of the signal (indices are clipped into it).

    Returns
    -------
    index
        Sample index of every cell; cells past a window's end repeat a valid index.
    valid
        True on the cells that belong to their window.
    """
    starts = np.asarray(starts, dtype=int)
    stops = np.asarray(stops, dtype=int)
    width = int(np.max(stops - starts, initial=0)) + 1
    index = starts[:, None] + np.arange(width)[None, :]
    valid = index <= stops[:, None]
    return np.clip(index, 0, max(n_total - 1, 0)), valid


def window_range(block: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Return max - min over the valid cells of each row of ``block`` (``(n, width, ...)``)."""
    mask = valid.reshape(valid.shape + (1,) * (block.ndim - valid.ndim))
    high = np.where(mask, block, -np.inf).max(axis=1)
    low = np.where(mask, block, np.inf).min(axis=1)
    return high - low
