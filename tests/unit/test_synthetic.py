"""Ground truth of ``make_walking_trial`` checked by means that do not reuse its code.

The joint angles are rebuilt from the markers with a few-line Plug-in Gait
written here from the published definitions (Davis et al. 1991 hip centre,
chord-function knee and ankle centres, the TOE-to-AJC foot corrected by the
subject's static offsets as ``Ry(-plantarflexion) Rx(-+rotation)``, YXZ
Cardan angles with the Nexus sign table of ``literature.md`` section 6.2;
the ankle's clinical "YZX" is YXZ on the foot frame, whose Z is the long
axis), not from the generator's own chain.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gaitlab.errors import GaitlabError
from gaitlab.synthetic import GroundTruth, make_static_trial, make_walking_trial
from gaitlab.synthetic.feet import sole_points
from gaitlab.synthetic.motion import per_side
from gaitlab.synthetic.skeleton import body_geometry
from gaitlab.trial import Trial


@pytest.fixture(scope="module")
def walk() -> tuple[Trial, GroundTruth]:
    return make_walking_trial(n_strides=3)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _frame(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
    return np.stack([x, y, z], axis=-1)


def _chord(proximal: np.ndarray, lateral: np.ndarray, wand: np.ndarray, d: float) -> np.ndarray:
    """Joint centre at distance ``d`` from ``lateral``, right angle at the centre, in the
    plane of the three markers, on the side of the proximal-lateral line away from the wand."""
    u = _unit(lateral - proximal)
    w = wand - proximal
    v = _unit(w - np.sum(w * u, axis=1, keepdims=True) * u)
    length = np.linalg.norm(lateral - proximal, axis=1, keepdims=True)
    along = np.sqrt(length**2 - d**2)
    angle = np.arcsin(d / length)
    return proximal + along * (np.cos(angle) * u - np.sin(angle) * v)


def _yxz(r: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = np.degrees(np.arctan2(r[:, 0, 2], r[:, 2, 2]))
    b = np.degrees(np.arcsin(-r[:, 1, 2]))
    c = np.degrees(np.arctan2(r[:, 1, 0], r[:, 1, 1]))
    return a, b, c


def _static_correction(plantarflexion_deg: float, rotation_deg: float, sign: float):
    """``Ry(-plantarflexion) @ Rx(sign * rotation)`` (right-handed, columns = axes)."""
    p, r = math.radians(-plantarflexion_deg), math.radians(sign * rotation_deg)
    about_y = np.array([[math.cos(p), 0, math.sin(p)], [0, 1, 0], [-math.sin(p), 0, math.cos(p)]])
    about_x = np.array([[1, 0, 0], [0, math.cos(r), -math.sin(r)], [0, math.sin(r), math.cos(r)]])
    return about_y @ about_x


def _relative(parent: np.ndarray, child: np.ndarray) -> np.ndarray:
    return np.einsum("nji,njk->nik", parent, child)


def plug_in_gait(trial: Trial, forward: np.ndarray) -> dict[str, np.ndarray]:
    """Independent lower-body Plug-in Gait: Nexus-named angle columns, degrees."""
    m = trial.marker
    s = trial.subject
    radius = s.marker_diameter_mm / 2
    origin = (m("LASI") + m("RASI")) / 2
    sacrum = (m("LPSI") + m("RPSI")) / 2
    y = _unit(m("LASI") - m("RASI"))
    z = _unit(np.cross(origin - sacrum, y))
    pelvis = _frame(np.cross(y, z), y, z)
    progression = _frame(forward, np.cross([0.0, 0.0, 1.0], forward), np.array([0.0, 0.0, 1.0]))
    a, b, c = _yxz(np.einsum("ji,njk->nik", progression, pelvis))
    out = {"LPelvisAngles_X": a, "LPelvisAngles_Y": b, "LPelvisAngles_Z": -c}
    out.update({"RPelvisAngles_X": a, "RPelvisAngles_Y": -b, "RPelvisAngles_Z": c})
    mean_leg = (s.left.leg_length_mm + s.right.leg_length_mm) / 2
    for p, side, sign in (("L", s.left, -1.0), ("R", s.right, 1.0)):
        # Davis et al. 1991 hip centre in the pelvis frame.
        cc = 0.115 * mean_leg - 15.3
        xdis = 0.1288 * side.leg_length_mm - 48.56
        theta, beta = 0.5, 0.314
        local = np.array(
            [
                cc * math.cos(theta) * math.sin(beta) - (xdis + radius) * math.cos(beta),
                sign * (cc * math.sin(theta) - s.inter_asis_distance_mm / 2),
                -cc * math.cos(theta) * math.cos(beta) - (xdis + radius) * math.sin(beta),
            ]
        )
        hip = origin + pelvis @ local
        knee = _chord(hip, m(f"{p}KNE"), m(f"{p}THI"), side.knee_width_mm / 2 + radius)
        ankle = _chord(knee, m(f"{p}ANK"), m(f"{p}TIB"), side.ankle_width_mm / 2 + radius)
        fz = _unit(hip - knee)
        fy = _unit(-sign * (m(f"{p}KNE") - knee))
        femur = _frame(np.cross(fy, fz), fy, fz)
        tz = _unit(knee - ankle)
        ty = _unit(-sign * (m(f"{p}ANK") - ankle))
        tibia = _frame(np.cross(ty, tz), ty, tz)
        oz = _unit(ankle - m(f"{p}TOE"))
        ox = _unit(np.cross(ty, oz))
        correction = _static_correction(
            side.static_plantarflexion_deg, side.static_rotation_offset_deg, sign
        )
        foot = _frame(ox, np.cross(oz, ox), oz) @ correction
        a, b, c = _yxz(_relative(pelvis, femur))
        out.update(
            {f"{p}HipAngles_X": -a, f"{p}HipAngles_Y": sign * b, f"{p}HipAngles_Z": sign * c}
        )
        a, b, c = _yxz(_relative(femur, tibia))
        out.update(
            {f"{p}KneeAngles_X": a, f"{p}KneeAngles_Y": sign * b, f"{p}KneeAngles_Z": sign * c}
        )
        a, rotation, inversion = _yxz(_relative(tibia, foot))
        out.update({f"{p}AnkleAngles_X": -a - 90.0, f"{p}AnkleAngles_Z": sign * rotation})
        out[f"{p}AnkleAngles_Y"] = sign * inversion
        # Nexus foot progression: YXZ of the foot in the progression frame, (a, -s c, s b)
        a, b, c = _yxz(np.einsum("ji,njk->nik", progression, foot))
        out.update(
            {
                f"{p}FootProgressAngles_X": a,
                f"{p}FootProgressAngles_Y": -sign * c,
                f"{p}FootProgressAngles_Z": sign * b,
            }
        )
    return out


def test_angles_rebuilt_from_markers_match_truth(walk):
    trial, truth = walk
    rebuilt = plug_in_gait(trial, np.array([1.0, 0.0, 0.0]))
    for column, values in rebuilt.items():
        np.testing.assert_allclose(values, truth.angles[column], atol=1e-6, err_msg=column)


def test_truth_angles_are_gait_like(walk):
    _, truth = walk
    a = truth.angles
    assert 30 < a["RHipAngles_X"].max() < 50 and -15 < a["RHipAngles_X"].min() < 0
    assert 50 < a["LKneeAngles_X"].max() < 70 and 0 < a["LKneeAngles_X"].min() < 10
    assert a.filter(like="AnkleAngles_X").abs().max().max() < 30
    assert -15 < a["RFootProgressAngles_Z"].mean() < 0  # toe out


def test_walking_minus_x_gives_same_angles_and_mirrored_markers(walk):
    trial, truth = walk
    back, back_truth = make_walking_trial(n_strides=3, walking_direction_deg=180.0)
    np.testing.assert_allclose(back_truth.angles.to_numpy(), truth.angles.to_numpy(), atol=1e-9)
    np.testing.assert_allclose(back.markers[..., :2], -trial.markers[..., :2], atol=1e-9)
    rebuilt = plug_in_gait(back, np.array([-1.0, 0.0, 0.0]))
    for column in ("LPelvisAngles_Y", "RPelvisAngles_Z", "LHipAngles_Y", "RAnkleAngles_X"):
        np.testing.assert_allclose(rebuilt[column], truth.angles[column], atol=1e-6)


def test_events_are_at_the_stated_frames(walk):
    trial, truth = walk
    table = trial.events_table()
    assert list(table["time_s"]) == list(truth.events["time_s"])
    np.testing.assert_allclose(table["frame"] / 100.0, table["time_s"], atol=1e-12)  # on frames
    for side in ("left", "right"):
        strikes = table[(table.side == side) & (table.kind == "foot_strike")]["frame"].to_numpy()
        offs = table[(table.side == side) & (table.kind == "foot_off")]["frame"].to_numpy()
        stride_frames = np.diff(strikes)
        assert len(set(stride_frames)) == 1
        assert 120 / (stride_frames[0] / 100) == pytest.approx(truth.cadence_steps_per_min)
        assert abs(120 * 100 / stride_frames[0] - 110) < 1.1  # requested cadence, whole frames
        first_off = offs[offs > strikes[0]][0]
        assert (first_off - strikes[0]) / stride_frames[0] == pytest.approx(0.6, abs=0.01)
    assert truth.events["kind"].isin(["foot_strike", "foot_off"]).all()


def test_stride_lengths_are_toe_displacements(walk):
    trial, truth = walk
    events = trial.events_table()
    for side, p in (("left", "L"), ("right", "R")):
        frames = events[(events.side == side) & (events.kind == "foot_strike")]["frame"]
        toe = trial.marker(f"{p}TOE")[frames.to_numpy()]
        lengths = np.linalg.norm(np.diff(toe[:, :2], axis=0), axis=1) / 1000
        np.testing.assert_allclose(truth.stride_lengths_m[side], lengths, atol=1e-12)
    speed = truth.stride_lengths_m["left"][0] / truth.stride_time_s
    assert truth.speed_mps == pytest.approx(speed)


def test_requested_stride_length_is_exact():
    _, truth = make_walking_trial(n_strides=2, stride_length_m=1.2, stride_length_scale=1.1)
    np.testing.assert_allclose(truth.strides["stride_length_m"], 1.32, atol=1e-9)


def _sole_heights_mm(truth: GroundTruth) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Heel and ball (under TOE) sole heights above the floor per side, from the poses."""
    p = truth.parameters
    geometry = body_geometry(
        height_mm=p["height_mm"],
        inter_asis_distance_mm=p["inter_asis_distance_mm"],
        marker_diameter_mm=p["marker_diameter_mm"],
        leg_length_mm=per_side(p["leg_length_mm"], "leg"),
        knee_width_mm=per_side(p["knee_width_mm"], "knee"),
        ankle_width_mm=per_side(p["ankle_width_mm"], "ankle"),
    )
    floor = p["lab_offset_mm"][2]
    out = {}
    for side in ("left", "right"):
        foot, ankle = truth.poses.sole_rotation[side], truth.poses.ankle_centre_mm[side]
        heel, ball = sole_points(foot, ankle, geometry)
        out[side] = (heel[:, 2] - floor, ball[:, 2] - floor)
    return out


def _event_frames(truth: GroundTruth, side: str, kind: str) -> np.ndarray:
    table = truth.events
    return table[(table.side == side) & (table.kind == kind)]["frame"].to_numpy()


PATTERNS = [
    {},
    {"hip_extension_reduction_deg": (10.0, 0.0)},
    {"pelvic_tilt_offset_deg": -12.0},
    {"pelvic_drop_gain": (1.0, 2.5)},
    {"hip_adduction_offset_deg": (0.0, 8.0)},
    {"knee_valgus_offset_deg": (10.0, 0.0)},
    {"knee_flexion_at_contact_offset_deg": 15.0},
    {"stride_length_scale": 0.7},
    {"step_length_asymmetry": 1.2},
    {"running": True, "cadence_steps_per_min": 170.0},
    {"walking_direction_deg": 130.0, "lab_offset_mm": (300.0, -200.0, 15.0)},
]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: ",".join(p) or "typical")
def test_feet_meet_and_leave_the_floor_exactly_at_the_events(pattern):
    trial, truth = make_walking_trial(n_strides=3, **pattern)
    stride = round(truth.stride_time_s * trial.point_rate_hz)
    for side, (heel, ball) in _sole_heights_mm(truth).items():
        lowest = np.minimum(heel, ball)
        assert lowest.min() > -1e-6  # nothing goes through the floor
        for strike in _event_frames(truth, side, "foot_strike"):
            assert abs(heel[strike]) < 1e-6 < heel[strike - 1]  # heel lands on the event
        for off in _event_frames(truth, side, "foot_off"):
            assert abs(ball[off]) < 1e-6 < ball[off + 1]  # toe leaves right after it
        strikes = _event_frames(truth, side, "foot_strike")
        offs = _event_frames(truth, side, "foot_off")
        for strike in strikes:
            later = offs[offs > strike]
            if later.size and later[0] - strike < stride:
                assert np.all(lowest[strike : later[0] + 1] < 1e-6)  # on the floor all stance
    events = truth.events[["frame", "side", "kind"]].reset_index(drop=True)
    contacts = truth.floor_contacts[["frame", "side", "kind"]].reset_index(drop=True)
    assert events.equals(contacts)
    assert truth.max_foot_slip_mm < 1e-6


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: ",".join(p) or "typical")
def test_foot_is_still_in_foot_flat(pattern):
    trial, truth = make_walking_trial(n_strides=3, **pattern)
    stance = 0.4 if pattern.get("running") else 0.6
    stride = round(truth.stride_time_s * trial.point_rate_hz)
    for side in ("left", "right"):
        rotation = truth.poses.foot_rotation[side]
        toe = truth.poses.toe_mm[side]
        for strike in _event_frames(truth, side, "foot_strike"):
            # foot flat: from 1/8 to 0.55 of stance (see gaitlab.synthetic.feet)
            start = strike + int(np.ceil(stance * stride / 8))
            stop = strike + int(0.55 * stance * stride)
            if stop >= len(toe):
                continue
            # |R(t+1) - R(t)| / sqrt(2) is the turn per frame (rad) for small turns
            step = np.linalg.norm(np.diff(rotation[start : stop + 1], axis=0), axis=(1, 2))
            assert np.degrees(step.max() / np.sqrt(2)) * trial.point_rate_hz < 1e-6  # deg/s
            assert np.abs(toe[start : stop + 1] - toe[start]).max() < 1e-6  # mm
            assert stop - start >= 0.3 * stance * stride


def test_swing_foot_moves(walk):
    trial, _ = walk
    toe = trial.marker("RTOE")
    speed = np.linalg.norm(np.diff(toe[:, :2], axis=0), axis=1) * trial.point_rate_hz / 1000
    assert speed.max() > 2.5


def test_noise_and_gaps_are_where_asked(walk):
    clean, _ = walk
    noisy, _ = make_walking_trial(n_strides=3, noise_sd_mm=2.0, gaps=[("LTOE", 50, 12)], seed=3)
    again, _ = make_walking_trial(n_strides=3, noise_sd_mm=2.0, gaps=[("LTOE", 50, 12)], seed=3)
    np.testing.assert_array_equal(noisy.markers, again.markers)
    missing = np.isnan(noisy.markers).any(axis=2)
    assert missing.sum() == 12 and missing[50:62, noisy.marker_labels.index("LTOE")].all()
    difference = (noisy.markers - clean.markers)[~np.isnan(noisy.markers)]
    assert difference.std() == pytest.approx(2.0, rel=0.05)
    assert abs(difference.mean()) < 0.1


def test_subject_and_provenance(walk):
    trial, _ = walk
    assert trial.provenance.format == "synthetic"
    assert trial.subject.left.leg_length_mm == 900.0
    assert trial.subject.left.static_plantarflexion_deg == 8.0
    assert trial.subject.right.static_rotation_offset_deg == 4.0
    assert all(e.source == "synthetic" for e in trial.events)


def _stance(truth: GroundTruth, side: str) -> np.ndarray:
    """Boolean per frame: ``side`` is in stance (between its foot strike and foot off)."""
    n = len(truth.angles)
    inside = np.zeros(n, dtype=bool)
    strikes, offs = (
        _event_frames(truth, side, "foot_strike"),
        _event_frames(truth, side, "foot_off"),
    )
    for strike in strikes:
        later = offs[offs > strike]
        if later.size:
            inside[strike : later[0] + 1] = True
    return inside


def test_abnormal_patterns_change_what_they_name(walk):
    _, base = walk
    b = base.angles
    _, tilt = make_walking_trial(n_strides=3, pelvic_tilt_offset_deg=-8.0)
    a = tilt.angles
    n = min(len(a), len(b))
    np.testing.assert_allclose(a["LPelvisAngles_X"][:n], b["LPelvisAngles_X"][:n] - 8.0, atol=1e-9)
    # the thighs stay where the feet put them: hip flexion drops by about the tilt
    assert a["RHipAngles_X"].mean() - b["RHipAngles_X"].mean() == pytest.approx(-8.0, abs=1.5)
    _, drop = make_walking_trial(n_strides=3, pelvic_drop_gain=(1.0, 2.0))
    # right stance: the left side drops (LPelvisAngles_Y < 0) twice as far
    assert drop.angles["LPelvisAngles_Y"].min() == pytest.approx(2 * b["LPelvisAngles_Y"].min())
    assert drop.angles["LPelvisAngles_Y"].max() == pytest.approx(b["LPelvisAngles_Y"].max())
    for column, side, extreme, params, change in (
        ("HipAngles_Y", "right", "max", {"hip_adduction_offset_deg": (0.0, 8.0)}, 8.0),
        ("KneeAngles_Y", "left", "min", {"knee_valgus_offset_deg": (10.0, 0.0)}, -10.0),
        ("HipAngles_X", "left", "min", {"hip_extension_reduction_deg": (10.0, 0.0)}, 10.0),
    ):
        _, changed = make_walking_trial(n_strides=3, **params)
        column = ("L" if side == "left" else "R") + column
        before = getattr(b[column][_stance(base, side)], extreme)()
        after = getattr(changed.angles[column][_stance(changed, side)], extreme)()
        assert after - before == pytest.approx(change, rel=0.4), column
    _, knees = make_walking_trial(n_strides=3, knee_flexion_at_contact_offset_deg=15.0)
    strikes = _event_frames(knees, "right", "foot_strike")
    base_strikes = _event_frames(base, "right", "foot_strike")
    more = knees.angles["RKneeAngles_X"].iloc[strikes].mean()
    assert more - b["RKneeAngles_X"].iloc[base_strikes].mean() > 7.5


def test_step_length_asymmetry():
    _, truth = make_walking_trial(n_strides=3, step_length_asymmetry=1.25)
    steps = truth.strides.groupby("side")["step_length_m"].mean()
    assert steps["left"] / steps["right"] == pytest.approx(1.25, rel=0.05)


def test_running_has_flight_phases():
    trial, truth = make_walking_trial(n_strides=2, running=True, cadence_steps_per_min=170)
    frames = round(truth.stride_time_s * trial.point_rate_hz)
    for table in (truth.events, truth.floor_contacts):
        strikes = table[table.kind == "foot_strike"]["frame"].to_numpy()
        offs = table[table.kind == "foot_off"]["frame"].to_numpy()
        # after every foot off the next event is the other foot's strike, some frames later
        ordered = table.sort_values("frame")
        kinds = ordered["kind"].to_list()
        assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))
        gaps = [strikes[strikes > o][0] - o for o in offs if (strikes > o).any()]
        assert gaps and min(gaps) >= 3
    right = truth.events[truth.events.side == "right"]
    stance = np.diff(right["frame"].to_numpy()[:2])[0]
    if right["kind"].iloc[0] == "foot_off":
        stance = frames - stance
    assert stance / frames == pytest.approx(0.4, abs=0.02)


def test_bad_arguments_are_listed_together():
    with pytest.raises(GaitlabError) as error:
        make_walking_trial(n_strides=0, point_rate_hz=-1.0, gaps=[("XXX", 0, 1)])
    message = str(error.value)
    assert "n_strides" in message and "point_rate_hz" in message


def test_bad_static_offsets_are_named():
    with pytest.raises(GaitlabError, match="static_plantarflexion_deg must lie within"):
        make_walking_trial(n_strides=1, static_plantarflexion_deg=(8.0, 60.0))
    with pytest.raises(GaitlabError, match="make_static_trial: static_rotation_offset_deg"):
        make_static_trial(n_frames=0, static_rotation_offset_deg=float("nan"))


def test_corrected_foot_is_the_uncorrected_one_turned_by_the_offsets(walk):
    trial, truth = walk
    poses = truth.poses
    for side, sign in (("left", -1.0), ("right", 1.0)):
        measured = trial.subject.side(side)
        corrected, uncorrected = poses.foot_rotation[side], poses.uncorrected_foot_rotation[side]
        correction = _static_correction(
            measured.static_plantarflexion_deg, measured.static_rotation_offset_deg, sign
        )
        np.testing.assert_allclose(
            _relative(uncorrected, corrected),
            np.broadcast_to(correction, corrected.shape),
            atol=1e-12,
        )
        # the uncorrected foot is the TOE-to-AJC one, X across the tibia's Y
        toe_to_ankle = _unit(poses.ankle_centre_mm[side] - poses.toe_mm[side])
        np.testing.assert_allclose(uncorrected[:, :, 2], toe_to_ankle, atol=1e-12)
        across = np.sum(uncorrected[:, :, 0] * poses.tibia_rotation[side][:, :, 1], axis=1)
        assert np.abs(across).max() < 1e-12
        # the corrected foot's long axis is the rigid (sole) foot's, and HEE lies on it
        np.testing.assert_allclose(
            corrected[:, :, 2], poses.sole_rotation[side][:, :, 2], atol=1e-12
        )
        p = side[0].upper()
        heel_axis = _unit(trial.marker(f"{p}HEE") - trial.marker(f"{p}TOE"))
        np.testing.assert_allclose(heel_axis, corrected[:, :, 2], atol=1e-12)
    # zero offsets: one foot, no inversion
    _, plain = make_walking_trial(
        n_strides=1, static_plantarflexion_deg=0.0, static_rotation_offset_deg=0.0
    )
    np.testing.assert_array_equal(
        plain.poses.foot_rotation["left"], plain.poses.uncorrected_foot_rotation["left"]
    )
    assert plain.angles.filter(like="AnkleAngles_Y").abs().max().max() < 1e-9


def test_static_trial_stands_still_with_flat_feet():
    static = make_static_trial(n_frames=5)
    np.testing.assert_array_equal(
        static.markers, np.broadcast_to(static.markers[0], static.markers.shape)
    )
    assert static.events == () and static.subject.left.static_plantarflexion_deg == 0.0
    for p in "LR":
        assert static.marker(f"{p}TOE")[0, 2] == pytest.approx(static.marker(f"{p}HEE")[0, 2])
        assert 20 < static.marker(f"{p}TOE")[0, 2] < static.marker(f"{p}ANK")[0, 2]
        assert static.marker(f"{p}TOE")[0, 0] > static.marker(f"{p}HEE")[0, 0] + 150  # facing +X


def test_markers_sit_above_the_floor(walk):
    trial, _ = walk
    feet = [trial.marker(f"{p}{m}")[:, 2] for p in "LR" for m in ("HEE", "TOE")]
    assert min(f.min() for f in feet) > 20


def test_any_heading_and_offset_is_a_rigid_move_of_the_lab(walk):
    trial, truth = walk
    turned, turned_truth = make_walking_trial(
        n_strides=3, walking_direction_deg=37.0, lab_offset_mm=(1000.0, -500.0, 20.0)
    )
    np.testing.assert_allclose(turned_truth.angles.to_numpy(), truth.angles.to_numpy(), atol=1e-9)
    c, s = math.cos(math.radians(37.0)), math.sin(math.radians(37.0))
    rotation = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    expected = trial.markers @ rotation.T + np.array([1000.0, -500.0, 20.0])
    np.testing.assert_allclose(turned.markers, expected, atol=1e-9)
    rebuilt = plug_in_gait(turned, rotation[:, 0])
    for column in ("RPelvisAngles_Z", "LFootProgressAngles_Z", "LHipAngles_Z"):
        np.testing.assert_allclose(rebuilt[column], truth.angles[column], atol=1e-6)


def test_pelvis_moves_smoothly(walk):
    trial, _ = walk
    mid_asis = (trial.marker("LASI") + trial.marker("RASI")) / 2
    acceleration_mps2 = np.diff(mid_asis, n=2, axis=0) * trial.point_rate_hz**2 / 1000
    # walking pelvis accelerations stay within a few m/s^2 (no contact-switch spikes)
    # (the largest, ~7 m/s^2 up, is the turn at the bottom of each double support)
    assert np.abs(acceleration_mps2).max() < 7.5
    assert np.abs(acceleration_mps2[:, 2]).max() > 1.0  # but it does bob up and down
