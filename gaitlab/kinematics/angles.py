"""Plug-in Gait joint angles: Cardan decompositions with Nexus's signs.

For a parent frame ``P`` and child frame ``C`` (``(n, 3, 3)`` stacks, columns
= axes) the relative rotation is ``R = P^T C``, decomposed as
``R = Ry(a) Rx(b) Rz(c)`` (Y, then the floating X', then Z''). The pelvis and
foot progression are relative to the progression frame (Vicon, "Lower body
angles as output from Plug-in Gait"; Davis et al. 1991).

Vicon documents the ankle as a "YZX" sequence in clinical terms
(dorsiflexion, then inversion, then rotation). Plug-in Gait's foot frame has
its Z axis *along* the foot (toe to ankle) and X up, so on the segment frames
this is the same YXZ decomposition with its second and third angles swapped
(``c`` about the foot's long axis is inversion, ``b`` about the floating
vertical is rotation) and ``-a - 90`` degrees as dorsiflexion. Foot
progression uses the same foot frame, so it swaps them too.

:data:`ANGLE_COMPONENTS` gives, per output and side, which of ``(a, b, c)``
becomes Nexus's X, Y, Z and with which sign. They were found by matching the
outputs Nexus 2.10 wrote into ``gaitalytics_test_small.c3d`` (every component
within 1e-4 degrees), and give flexion, adduction, internal rotation,
anterior tilt, upward obliquity and dorsiflexion positive on both sides.
"""

from __future__ import annotations

import numpy as np

from gaitlab.kinematics.frames import dot

__all__ = [
    "cardan_yxz_deg",
    "cardan_yxz_component_first_rad",
    "clinical_angles_deg",
    "write_clinical",
    "ANGLE_COMPONENTS",
]

#: Per (output, side): ((index into (a, b, c), sign) for X, Y, Z; offset added to X in degrees).
ANGLE_COMPONENTS: dict[tuple[str, str], tuple[tuple[tuple[int, float], ...], float]] = {
    ("PelvisAngles", "left"): (((0, 1.0), (1, 1.0), (2, -1.0)), 0.0),
    ("PelvisAngles", "right"): (((0, 1.0), (1, -1.0), (2, 1.0)), 0.0),
    ("HipAngles", "left"): (((0, -1.0), (1, -1.0), (2, -1.0)), 0.0),
    ("HipAngles", "right"): (((0, -1.0), (1, 1.0), (2, 1.0)), 0.0),
    ("KneeAngles", "left"): (((0, 1.0), (1, -1.0), (2, -1.0)), 0.0),
    ("KneeAngles", "right"): (((0, 1.0), (1, 1.0), (2, 1.0)), 0.0),
    ("AnkleAngles", "left"): (((0, -1.0), (2, -1.0), (1, -1.0)), -90.0),
    ("AnkleAngles", "right"): (((0, -1.0), (2, 1.0), (1, 1.0)), -90.0),
    ("FootProgressAngles", "left"): (((0, 1.0), (2, 1.0), (1, -1.0)), 0.0),
    ("FootProgressAngles", "right"): (((0, 1.0), (2, -1.0), (1, 1.0)), 0.0),
}


def _element(parent: np.ndarray, child: np.ndarray, i: int, j: int) -> np.ndarray:
    """Element ``(i, j)`` of ``parent^T child`` for frame-first stacks (columns = axes)."""
    p, c = parent[..., :, i], child[..., :, j]
    return np.asarray(p[..., 0] * c[..., 0] + p[..., 1] * c[..., 1] + p[..., 2] * c[..., 2])


def _yxz_rad(e02: np.ndarray, e22: np.ndarray, e12: np.ndarray, e10: np.ndarray, e11: np.ndarray):
    """YXZ Cardan angles (radians) from five elements of the relative rotation.

    The element arrays are overwritten (they are temporaries of the callers).
    """
    a = np.arctan2(e02, e22, out=e02)
    np.negative(e12, out=e12)
    b = np.arcsin(np.clip(e12, -1.0, 1.0, out=e12), out=e12)
    c = np.arctan2(e10, e11, out=e10)
    return a, b, c


def cardan_yxz_deg(parent: np.ndarray, child: np.ndarray) -> np.ndarray:
    """Decompose ``parent^T child = Ry(a) Rx(b) Rz(c)``; return ``(..., 3)`` (a, b, c) in degrees.

    Parameters
    ----------
    parent, child
        ``(..., 3, 3)`` rotation stacks (columns = axes in lab coordinates);
        either may be a single ``(3, 3)`` frame broadcast over the other.

    Returns
    -------
    numpy.ndarray
        ``(..., 3)`` angles in degrees; ``b`` in [-90, 90].

    Examples
    --------
    >>> from gaitlab.kinematics.frames import rot_x, rot_y, rot_z
    >>> r = rot_y(np.radians(20)) @ rot_x(np.radians(-5)) @ rot_z(np.radians(12))
    >>> cardan_yxz_deg(np.eye(3), r[None]).round(6).tolist()
    [[20.0, -5.0, 12.0]]
    """
    pairs = ("02", "22", "12", "10", "11")
    e = {ij: np.array(_element(parent, child, int(ij[0]), int(ij[1]))) for ij in pairs}
    angles = _yxz_rad(e["02"], e["22"], e["12"], e["10"], e["11"])
    return np.degrees(np.stack(np.broadcast_arrays(*angles), axis=-1))


def cardan_yxz_component_first_rad(parent: np.ndarray, child: np.ndarray):
    """Like :func:`cardan_yxz_deg` for component-first frames ``(3, 3, n)``; (a, b, c) in rad.

    ``parent`` may be one constant frame ``(3, 3)`` (e.g. the progression frame,
    ``parent[i]`` = axis i), applied to every frame of ``child``.
    """

    def element(i: int, j: int) -> np.ndarray:
        if parent.ndim == 2:  # one constant frame: weighted sum, zero weights skipped
            terms = [w * child[j][c] for c, w in enumerate(parent[i]) if w != 0.0]
            return np.asarray(sum(terms[1:], terms[0]) if terms else np.zeros_like(child[j][0]))
        return dot(parent[i], child[j])

    return _yxz_rad(element(0, 2), element(2, 2), element(1, 2), element(1, 0), element(1, 1))


def write_clinical(raw, output: str, side: str, out: np.ndarray, scale: float = 1.0) -> None:
    """Write Nexus's X, Y, Z of ``output``/``side`` into ``out[0:3]`` from Cardan ``(a, b, c)``.

    ``scale`` converts the raw unit to degrees (``180 / pi`` for radians);
    signs, the order of the components and the ankle's offset are applied
    in the same pass.
    """
    components, offset = ANGLE_COMPONENTS[(output, side)]
    for row, (index, sign) in enumerate(components):
        np.multiply(raw[index], sign * scale, out=out[row])
    if offset:
        out[0] += offset


def clinical_angles_deg(raw_deg: np.ndarray, output: str, side: str) -> np.ndarray:
    """Map Cardan angles ``(..., 3)`` to Nexus's (X, Y, Z) for ``output`` and ``side``.

    Parameters
    ----------
    raw_deg
        ``(a, b, c)`` from :func:`cardan_yxz_deg`, degrees.
    output
        ``"PelvisAngles"``, ``"HipAngles"``, ``"KneeAngles"``, ``"AnkleAngles"``
        or ``"FootProgressAngles"``.
    side
        ``"left"`` or ``"right"``.

    Returns
    -------
    numpy.ndarray
        ``(..., 3)`` angles with Plug-in Gait signs, degrees.
    """
    out = np.empty((3, *raw_deg.shape[:-1]))
    write_clinical([raw_deg[..., k] for k in range(3)], output, side, out)
    return np.moveaxis(out, 0, -1)
