"""Elementary rotation matrices, vectorised over frames.

Every function takes angles in radians of shape ``(n,)`` and returns a
``(n, 3, 3)`` stack whose columns are the rotated X, Y, Z axes, so that a
segment pose is ``R_parent @ rot_y(a) @ rot_x(b) @ rot_z(c)`` for an
intrinsic Y-X'-Z'' Cardan sequence.
"""

from __future__ import annotations

import numpy as np

__all__ = ["rot_x", "rot_y", "rot_z", "unit"]


def _stack(rows: list[list[np.ndarray | float]], n: int) -> np.ndarray:
    out = np.empty((n, 3, 3))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            out[:, i, j] = value
    return out


def rot_x(angle_rad: np.ndarray) -> np.ndarray:
    """Rotation about X by ``angle_rad`` (right-handed), ``(n, 3, 3)``."""
    a = np.atleast_1d(np.asarray(angle_rad, dtype=float))
    c, s = np.cos(a), np.sin(a)
    return _stack([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]], a.size)


def rot_y(angle_rad: np.ndarray) -> np.ndarray:
    """Rotation about Y by ``angle_rad`` (right-handed), ``(n, 3, 3)``."""
    a = np.atleast_1d(np.asarray(angle_rad, dtype=float))
    c, s = np.cos(a), np.sin(a)
    return _stack([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]], a.size)


def rot_z(angle_rad: np.ndarray) -> np.ndarray:
    """Rotation about Z by ``angle_rad`` (right-handed), ``(n, 3, 3)``."""
    a = np.atleast_1d(np.asarray(angle_rad, dtype=float))
    c, s = np.cos(a), np.sin(a)
    return _stack([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]], a.size)


def unit(vectors: np.ndarray) -> np.ndarray:
    """Return ``vectors`` (``(..., 3)``) scaled to unit length."""
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)
