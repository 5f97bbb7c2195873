"""Small vectorized helpers for stacks of 3-D vectors and rotation matrices.

Vectors are ``(n, 3)`` arrays (one row per frame); rotations are ``(n, 3, 3)``
stacks whose *columns* are a segment's X, Y, Z axes in lab coordinates, so
``v_lab = R @ v_local``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dot", "cross", "unit", "frame_from_axes", "rot_x", "rot_y", "rot_z"]


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise dot product of ``(n, 3)`` arrays, ``(n,)``."""
    return np.asarray(a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1] + a[..., 2] * b[..., 2])


def cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cross product of ``(n, 3)`` arrays."""
    return np.asarray(np.cross(a, b))


def unit(a: np.ndarray) -> np.ndarray:
    """Rows of ``a`` scaled to unit length (NaN rows stay NaN)."""
    return np.asarray(a / np.sqrt(dot(a, a))[..., None])


def frame_from_axes(primary: np.ndarray, secondary: np.ndarray, order: str) -> np.ndarray:
    """Build right-handed frames from a primary axis and a vector in a plane.

    Parameters
    ----------
    primary
        ``(n, 3)`` direction of the axis named by ``order[0]`` (kept exactly).
    secondary
        ``(n, 3)`` a vector roughly along the axis named by ``order[1]``; the
        axis is its part perpendicular to ``primary``.
    order
        Two distinct letters of ``"XYZ"``, e.g. ``"ZY"``.

    Returns
    -------
    numpy.ndarray
        ``(n, 3, 3)`` rotations whose columns are the X, Y, Z axes.
    """
    first, second = "XYZ".index(order[0]), "XYZ".index(order[1])
    third = 3 - first - second
    a = unit(primary)
    # cyclic (first, second, third) -> c = a x b; anti-cyclic -> c = b x a
    cyclic = (second - first) % 3 == 1
    c = unit(cross(a, secondary) if cyclic else cross(secondary, a))
    b = cross(c, a) if cyclic else cross(a, c)
    out = np.empty(a.shape[:-1] + (3, 3))
    out[..., first] = a
    out[..., second] = b
    out[..., third] = c
    return out


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
