"""Walking direction (the progression frame) of a trial, as Plug-in Gait finds it.

Plug-in Gait reports pelvis and foot-progression angles relative to a
*progression frame*: a horizontal frame whose X axis points the way the
subject walks, Y to the subject's left and Z up. Nexus picks it per trial:

1. Take a pelvis marker (``LASI``; any other pelvic marker when it is absent)
   and its horizontal displacement between its first and last valid frames.
2. When the larger of the X and Y displacements exceeds a threshold
   (800 mm), the progression axis is that lab axis, signed by the
   displacement (+X, -X, +Y or -Y).
3. Otherwise (treadmill, standing, static trials) the progression axis is
   the lab axis (X or Y) closest to the pelvis's anterior direction (mid-PSIS,
   or SACR, to mid-ASIS) at the first frame where the pelvis is complete.

This is the procedure documented by pyCGM2 (``PelvisProgressionFrameProcedure``,
threshold 800 mm), a Plug-in Gait clone that matches Nexus. With
``snap_to_lab_axis=False`` the frame follows the walking direction itself
(not snapped to a lab axis), which makes pelvis and foot-progression angles
independent of how the lab axes are laid out; Nexus does not do this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gaitlab.errors import MissingMarkerError
from gaitlab.trial import Trial

__all__ = [
    "ProgressionFrame",
    "progression_frame",
    "DISPLACEMENT_THRESHOLD_MM",
]

#: Minimum horizontal pelvis displacement (mm) for the direction of travel to
#: define the progression axis (pyCGM2's Plug-in Gait threshold).
DISPLACEMENT_THRESHOLD_MM = 800.0

#: Markers tried, in order, for the displacement of the pelvis.
_DISPLACEMENT_MARKERS = ("LASI", "RASI", "LPSI", "RPSI", "SACR")


@dataclass(frozen=True)
class ProgressionFrame:
    """The horizontal frame a trial walks in.

    Attributes
    ----------
    rotation
        ``(3, 3)`` matrix whose columns are the progression frame's axes in
        lab coordinates: forward, left, up. A lab vector ``v`` has progression
        coordinates ``rotation.T @ v``.
    axis
        ``"+X"``, ``"-X"``, ``"+Y"`` or ``"-Y"``: the lab axis chosen, or
        ``""`` when the frame is not snapped to a lab axis.
    method
        ``"displacement"`` (the pelvis travelled more than the threshold) or
        ``"pelvis_orientation"`` (treadmill or static trial).
    displacement_mm
        ``(2,)`` horizontal (X, Y) displacement of the pelvis marker between
        its first and last valid frames, mm.
    marker
        The marker whose displacement was measured.
    """

    rotation: np.ndarray
    axis: str
    method: str
    displacement_mm: np.ndarray
    marker: str

    @property
    def forward(self) -> np.ndarray:
        """Unit walking direction in the lab frame, ``(3,)`` with zero Z."""
        return np.asarray(self.rotation[:, 0])

    @property
    def left(self) -> np.ndarray:
        """Unit horizontal direction to the walker's left in the lab frame, ``(3,)``."""
        return np.asarray(self.rotation[:, 1])

    def to_progression(self, points_mm: np.ndarray) -> np.ndarray:
        """Express lab vectors or points ``(..., 3)`` in progression coordinates."""
        return np.asarray(points_mm) @ self.rotation


def _markers_of(source: Trial | Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
    if isinstance(source, Trial):
        return {label: source.markers[:, i, :] for i, label in enumerate(source.marker_labels)}
    return source


def _frame_from_forward(forward_xy: np.ndarray) -> np.ndarray:
    """Return the (3, 3) frame whose X is the horizontal unit vector ``forward_xy``."""
    x = np.array([forward_xy[0], forward_xy[1], 0.0])
    x /= np.linalg.norm(x)
    z = np.array([0.0, 0.0, 1.0])
    return np.column_stack([x, np.cross(z, x), z])


def _snap(direction_xy: np.ndarray) -> tuple[np.ndarray, str]:
    """Return the signed lab axis (X or Y) closest to ``direction_xy`` and its name."""
    index = int(np.argmax(np.abs(direction_xy)))
    sign = 1.0 if direction_xy[index] > 0 else -1.0
    snapped = np.zeros(2)
    snapped[index] = sign
    return snapped, f"{'+' if sign > 0 else '-'}{'XY'[index]}"


def _pelvis_heading(markers: Mapping[str, np.ndarray], source: str) -> np.ndarray:
    """Horizontal mid-PSIS (or SACR) to mid-ASIS vector at the first complete frame."""
    for label in ("LASI", "RASI"):
        if label not in markers:
            raise MissingMarkerError(label, markers, source)
    front = 0.5 * (np.asarray(markers["LASI"]) + np.asarray(markers["RASI"]))
    if "LPSI" in markers and "RPSI" in markers:
        back = 0.5 * (np.asarray(markers["LPSI"]) + np.asarray(markers["RPSI"]))
    elif "SACR" in markers:
        back = np.asarray(markers["SACR"])
    else:
        raise MissingMarkerError("LPSI", markers, source)
    complete = np.flatnonzero(np.isfinite(front).all(axis=1) & np.isfinite(back).all(axis=1))
    if complete.size == 0:
        raise MissingMarkerError("LASI/RASI/LPSI/RPSI (no frame with all)", markers, source)
    heading = (front - back)[complete[0], :2]
    return np.asarray(heading)


def _principal_direction(markers: Mapping[str, np.ndarray], displacement: np.ndarray):
    """Principal horizontal axis of the pelvis centre's path, signed like ``displacement``.

    Less sensitive to the pelvis's side-to-side sway than the end-to-end
    displacement (the sway differs at the two ends of a trial).
    """
    present = [np.asarray(markers[m])[:, :2] for m in _DISPLACEMENT_MARKERS if m in markers]
    centre = np.mean(present, axis=0)
    centre = centre[np.isfinite(centre).all(axis=1)]
    if len(centre) < 2:
        return displacement / np.linalg.norm(displacement)
    centred = centre - centre.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    direction = vectors[:, -1]
    return direction if direction @ displacement > 0 else -direction


def progression_frame(
    source: Trial | Mapping[str, np.ndarray],
    *,
    threshold_mm: float = DISPLACEMENT_THRESHOLD_MM,
    snap_to_lab_axis: bool = True,
) -> ProgressionFrame:
    """Find the progression frame of a trial as Plug-in Gait does.

    Parameters
    ----------
    source
        A :class:`~gaitlab.trial.Trial`, or a mapping of marker label to
        ``(n_frames, 3)`` positions in mm (NaN where missing).
    threshold_mm
        Horizontal pelvis displacement above which the direction of travel
        defines the frame (default 800 mm, as Plug-in Gait).
    snap_to_lab_axis
        True (default, as Nexus): the forward axis is the nearest signed lab
        X or Y axis. False: the forward axis is the principal horizontal
        direction of the pelvis centre's path (or the pelvis heading when it
        did not travel), so the angles do not depend on the lab's axes.

    Returns
    -------
    ProgressionFrame
        The frame, how it was found, and the pelvis displacement.

    Raises
    ------
    MissingMarkerError
        When no pelvic marker is present, or when the pelvis did not travel
        far enough and its orientation cannot be measured.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.linspace(0.0, 1.0, 101)[:, None]
    >>> lasi = np.hstack([-1200.0 * t, 100.0 + 0 * t, 900.0 + 0 * t])
    >>> frame = progression_frame({"LASI": lasi})
    >>> frame.axis, frame.method
    ('-X', 'displacement')
    >>> frame.forward.tolist()
    [-1.0, 0.0, 0.0]
    """
    markers = _markers_of(source)
    name = source.provenance.source if isinstance(source, Trial) else ""
    marker = next((m for m in _DISPLACEMENT_MARKERS if m in markers), None)
    if marker is None:
        raise MissingMarkerError("LASI", markers, name)
    values = np.asarray(markers[marker], dtype=float)
    valid = np.flatnonzero(np.isfinite(values).all(axis=1))
    displacement = np.zeros(2)
    if valid.size >= 2:
        displacement = values[valid[-1], :2] - values[valid[0], :2]
    if np.max(np.abs(displacement)) > threshold_mm:
        method, direction = "displacement", displacement
    else:
        method, direction = "pelvis_orientation", _pelvis_heading(markers, name)
    axis = ""
    if snap_to_lab_axis:
        direction, axis = _snap(direction)
    elif method == "displacement":
        direction = _principal_direction(markers, displacement)
    return ProgressionFrame(
        rotation=_frame_from_forward(direction),
        axis=axis,
        method=method,
        displacement_mm=displacement,
        marker=marker,
    )
