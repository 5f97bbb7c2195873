"""Progression frame: the walking direction as Plug-in Gait finds it."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.errors import MissingMarkerError
from gaitlab.kinematics.progression import progression_frame


def _walk(direction_deg: float, distance_mm: float, n: int = 50) -> dict[str, np.ndarray]:
    """Pelvis markers translating along a horizontal heading, pelvis facing it."""
    heading = np.deg2rad(direction_deg)
    fwd = np.array([np.cos(heading), np.sin(heading), 0.0])
    left = np.array([-np.sin(heading), np.cos(heading), 0.0])
    path = np.linspace(0.0, distance_mm, n)[:, None] * fwd + np.array([0.0, 0.0, 950.0])
    return {
        "LASI": path + 120 * left + 60 * fwd,
        "RASI": path - 120 * left + 60 * fwd,
        "LPSI": path + 40 * left - 100 * fwd,
        "RPSI": path - 40 * left - 100 * fwd,
    }


@pytest.mark.parametrize(
    ("heading_deg", "axis", "forward"),
    [(0, "+X", [1, 0, 0]), (180, "-X", [-1, 0, 0]), (90, "+Y", [0, 1, 0]), (-80, "-Y", [0, -1, 0])],
)
def test_overground_walk_snaps_to_the_travelled_lab_axis(heading_deg, axis, forward):
    frame = progression_frame(_walk(heading_deg, 3000.0))
    assert frame.method == "displacement"
    assert frame.axis == axis
    np.testing.assert_allclose(frame.forward, forward, atol=1e-12)
    # right-handed, Z up, left = up x forward
    np.testing.assert_allclose(frame.rotation[:, 2], [0, 0, 1])
    np.testing.assert_allclose(np.cross(frame.forward, frame.left), [0, 0, 1], atol=1e-12)
    np.testing.assert_allclose(frame.rotation.T @ frame.rotation, np.eye(3), atol=1e-12)


def test_treadmill_uses_pelvis_orientation_below_threshold():
    # pelvis faces -Y but only drifts 100 mm along +X
    markers = _walk(-90.0, 0.0)
    markers = {k: v + np.linspace(0, 100, len(v))[:, None] * [1, 0, 0] for k, v in markers.items()}
    frame = progression_frame(markers)
    assert frame.method == "pelvis_orientation"
    assert frame.axis == "-Y"


def test_unsnapped_frame_follows_the_direction_of_travel():
    frame = progression_frame(_walk(30.0, 3000.0), snap_to_lab_axis=False)
    assert frame.axis == ""
    np.testing.assert_allclose(frame.forward, [np.cos(np.pi / 6), np.sin(np.pi / 6), 0], atol=1e-12)
    local = frame.to_progression(np.array([np.cos(np.pi / 6), np.sin(np.pi / 6), 0.0]))
    np.testing.assert_allclose(local, [1, 0, 0], atol=1e-12)


def test_missing_leading_frames_are_ignored():
    markers = _walk(0.0, 2000.0)
    markers["LASI"][:10] = np.nan
    frame = progression_frame(markers)
    assert frame.axis == "+X"
    assert frame.displacement_mm[0] == pytest.approx(2000.0 * 39 / 49)


def test_sacr_replaces_psis_for_orientation():
    markers = _walk(180.0, 0.0)
    markers["SACR"] = 0.5 * (markers.pop("LPSI") + markers.pop("RPSI"))
    assert progression_frame(markers).axis == "-X"


def test_no_pelvis_marker_is_a_clear_error():
    with pytest.raises(MissingMarkerError, match="LASI"):
        progression_frame({"LHEE": np.zeros((5, 3))})
