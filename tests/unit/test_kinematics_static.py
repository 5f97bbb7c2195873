"""Where the static foot offsets come from, and what is missing."""

from __future__ import annotations

import dataclasses

import pytest

from gaitlab import GaitlabWarning, compute_angles, load_trial
from gaitlab.errors import MissingMarkerError, MissingParameterError
from gaitlab.kinematics.model import model_parameters
from gaitlab.kinematics.static import has_static_offsets, static_foot_offsets_deg
from gaitlab.synthetic import make_static_trial, make_walking_trial


@pytest.fixture(scope="module")
def trial(shared_data):
    return load_trial(shared_data / "c3d" / "nexus-pig" / "gaitalytics_test_small.c3d")


def _without_offsets(trial):
    sides = {
        side: dataclasses.replace(
            trial.subject.side(side), static_plantarflexion_deg=0.0, static_rotation_offset_deg=0.0
        )
        for side in ("left", "right")
    }
    subject = dataclasses.replace(trial.subject, **sides)
    return dataclasses.replace(trial, subject=subject)


def test_offsets_come_from_the_trial_processing(trial):
    params, source = model_parameters(trial)
    assert source == "trial PROCESSING"
    assert params.left.static_plantarflexion_deg == pytest.approx(10.3858, abs=1e-3)


def test_no_offsets_warns_and_uses_zero(trial):
    bare = _without_offsets(trial)
    assert not has_static_offsets(bare.subject)
    with pytest.warns(GaitlabWarning, match="no static foot offsets"):
        params, source = model_parameters(bare)
    assert source == "none"
    assert params.right.static_rotation_offset_deg == 0.0


def test_a_calibrated_static_wins_over_the_trial(shared_data):
    folder = shared_data / "c3d" / "nexus-pig"
    motion = load_trial(folder / "btk_PiG_Motion3_FF.c3d")
    static = load_trial(folder / "btk_PiG_Calibration3_FF.c3d")
    params, source = model_parameters(motion, static)
    assert source == "static PROCESSING"
    expected = static.subject.left.static_plantarflexion_deg
    assert params.left.static_plantarflexion_deg == expected
    assert expected != motion.subject.left.static_plantarflexion_deg


def test_an_uncalibrated_static_is_measured(shared_data):
    folder = shared_data / "c3d" / "nexus-pig"
    motion = load_trial(folder / "btk_PiG_Motion-FlatFoot-Hole.c3d")
    static = load_trial(folder / "btk_PiG_Calibration-FlatFoot-Hole.c3d")
    _, source = model_parameters(motion, static)
    assert source == "static markers"


def test_missing_markers_are_all_named(trial):
    keep = [i for i, label in enumerate(trial.marker_labels) if label not in ("LKNE", "RTOE")]
    cut = dataclasses.replace(
        trial,
        markers=trial.markers[:, keep],
        marker_labels=tuple(trial.marker_labels[i] for i in keep),
    )
    with pytest.raises(MissingMarkerError, match="LKNE, RTOE"):
        compute_angles(cut)


def test_missing_knee_width_is_a_clear_error(trial):
    left = dataclasses.replace(trial.subject.left, knee_width_mm=None)
    bad = dataclasses.replace(trial, subject=dataclasses.replace(trial.subject, left=left))
    with pytest.raises(MissingParameterError, match="left knee_width_mm"):
        compute_angles(bad)


def test_unknown_hip_model_is_refused(trial):
    with pytest.raises(MissingParameterError, match="hip_model"):
        compute_angles(trial, hip_model="bell")


def test_harrington_moves_the_hip_but_not_the_pelvis(trial):
    davis = compute_angles(trial)
    harrington = compute_angles(trial, hip_model="harrington")
    assert (
        davis.filter(like="Pelvis") - harrington.filter(like="Pelvis")
    ).abs().max().max() < 1e-12
    assert (davis["LHipAngles_X"] - harrington["LHipAngles_X"]).abs().max() > 0.1


def test_knee_alignment_offsets_are_reported_not_silently_dropped(trial):
    left = dataclasses.replace(trial.subject.left, thigh_rotation_deg=4.0)
    kad = dataclasses.replace(trial, subject=dataclasses.replace(trial.subject, left=left))
    with pytest.warns(GaitlabWarning, match="left thigh rotation 4 deg"):
        compute_angles(kad)


def test_unknown_option_is_named(trial):
    from gaitlab.errors import GaitlabError

    with pytest.raises(GaitlabError, match="hip_modle"):
        compute_angles(trial, hip_modle="davis")


@pytest.mark.parametrize("flat_foot", [False, True])
def test_the_synthetic_static_trial_gives_the_walkers_offsets(flat_foot):
    offsets = {"static_plantarflexion_deg": (9.5, 6.0), "static_rotation_offset_deg": (2.0, 5.0)}
    static = make_static_trial(leg_length_mm=(900.0, 880.0), **offsets)
    assert not has_static_offsets(static.subject)
    params, _ = model_parameters(static, static)
    measured = static_foot_offsets_deg(static, params, flat_foot=flat_foot)
    for i, side in enumerate(("left", "right")):
        expected = (
            offsets["static_plantarflexion_deg"][i],
            offsets["static_rotation_offset_deg"][i],
        )
        assert measured[side] == pytest.approx(expected, abs=1e-9)
    # the walk with the same subject, its own offsets cleared: the static's are used
    walk, truth = make_walking_trial(n_strides=2, leg_length_mm=(900.0, 880.0), **offsets)
    bare = _without_offsets(walk)
    params, source = model_parameters(bare, static, flat_foot=flat_foot)
    assert source == "static markers"
    angles = compute_angles(bare, static, flat_foot=flat_foot)
    assert (angles - truth.angles[angles.columns]).abs().max().max() < 1e-9
