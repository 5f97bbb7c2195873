"""Vectorized helpers for 3-D vectors and frames, stored component-first.

The model's inner loop works on *component-first* arrays for speed: a vector
over ``n`` frames is ``(3, n)`` (rows x, y, z, each contiguous) and a frame is
``(3, 3, n)`` whose first index is the axis (X, Y, Z) and second the lab
component, so ``frame[1]`` is the Y axis over all frames. The public results
(:class:`~gaitlab.kinematics.segments.Segments`) are converted to the usual
frame-first ``(n, 3)`` and ``(n, 3, 3)`` (columns = axes) layouts by
:func:`to_frame_first`.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "dot",
    "cross",
    "unit",
    "frame_from_axes",
    "rotate_frame",
    "to_frame_first",
    "rot_x",
    "rot_y",
    "rot_z",
]


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dot product of component-first vectors ``(3, ...)``, shape ``(...)``."""
    return np.asarray(np.einsum("i...,i...->...", a, b))


def cross(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Cross product of component-first vectors ``(3, ...)``, into ``out`` when given."""
    if out is None:
        out = np.empty(np.broadcast_shapes(a.shape, b.shape))
    for k, (i, j) in enumerate(((1, 2), (2, 0), (0, 1))):
        np.multiply(a[i], b[j], out=out[k])
        out[k] -= a[j] * b[i]
    return out


def unit(a: np.ndarray) -> np.ndarray:
    """Component-first vectors scaled to unit length (NaN stays NaN)."""
    return np.asarray(a / np.sqrt(dot(a, a)))


def frame_from_axes(primary: np.ndarray, secondary: np.ndarray, order: str) -> np.ndarray:
    """Build right-handed frames from a primary axis and a vector in a plane.

    Parameters
    ----------
    primary
        ``(3, n)`` direction of the axis named by ``order[0]`` (kept exactly).
    secondary
        ``(3, n)`` a vector roughly along the axis named by ``order[1]``; the
        axis is its part perpendicular to ``primary``.
    order
        Two distinct letters of ``"XYZ"``, e.g. ``"ZY"``.

    Returns
    -------
    numpy.ndarray
        ``(3, 3, n)`` frames: ``out[k]`` is axis k (X, Y, Z) in lab components.
    """
    first, second = "XYZ".index(order[0]), "XYZ".index(order[1])
    third = 3 - first - second
    out = np.empty((3, *primary.shape))
    a, b, c = out[first], out[second], out[third]
    np.divide(primary, np.sqrt(dot(primary, primary)), out=a)
    # (first, second, third) cyclic -> third = a x b; anti-cyclic -> third = b x a
    cyclic = (second - first) % 3 == 1
    if cyclic:
        cross(a, secondary, out=c)
    else:
        cross(secondary, a, out=c)
    c /= np.sqrt(dot(c, c))
    if cyclic:
        cross(c, a, out=b)
    else:
        cross(a, c, out=b)
    return out


def rotate_frame(frame: np.ndarray, rotation: np.ndarray) -> np.ndarray:
    """Return ``frame @ rotation`` for component-first frames ``(3, 3, n)`` and a ``(3, 3)``."""
    return np.asarray(np.tensordot(rotation.T, frame, axes=1))


def to_frame_first(array: np.ndarray) -> np.ndarray:
    """Convert ``(3, n)`` to ``(n, 3)``, frames ``(3, 3, n)`` to ``(n, 3, 3)`` (columns = axes)."""
    if array.ndim == 2:
        return np.ascontiguousarray(array.T)
    return np.ascontiguousarray(np.transpose(array, (2, 1, 0)))


def rot_x(angle_rad: float) -> np.ndarray:
    """Rotation matrix about X by ``angle_rad`` (right hand)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def rot_y(angle_rad: float) -> np.ndarray:
    """Rotation matrix about Y by ``angle_rad`` (right hand)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def rot_z(angle_rad: float) -> np.ndarray:
    """Rotation matrix about Z by ``angle_rad`` (right hand)."""
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
