"""Unit tests of the C3D reader's helpers and of read_c3d on small files written here."""

from __future__ import annotations

import math
import struct
import warnings
from pathlib import Path

import numpy as np
import pytest

from gaitlab.errors import C3DReadError, GaitlabError, GaitlabWarning
from gaitlab.io import load_trial, reader_for
from gaitlab.io.c3d import read_c3d, sniff_c3d
from gaitlab.io.c3d_events import event_side_and_kind, event_times_s, parse_events
from gaitlab.io.c3d_header import check_c3d_layout
from gaitlab.io.c3d_parameters import (
    analysis_from_parameters,
    label_prefixes,
    make_unique,
    output_name,
    processing_angle_unit,
    strip_prefix,
    subject_from_parameters,
)

ezc3d = pytest.importorskip("ezc3d")


# ------------------------------------------------------------------ events
@pytest.mark.parametrize(
    ("label", "context", "expected"),
    [
        ("Foot Strike", "Left", ("left", "foot_strike")),
        ("Foot Off", "Right", ("right", "foot_off")),
        ("Foot Strike", "", ("", "foot_strike")),
        ("Foot Strike", "General", ("", "foot_strike")),
        ("LHS", "", ("left", "foot_strike")),
        ("RTO", "", ("right", "foot_off")),
        ("LFS", "", ("left", "foot_strike")),
        ("RFO", "", ("right", "foot_off")),
        ("Left Foot Strike", "", ("left", "foot_strike")),
        ("right_foot_off", "", ("right", "foot_off")),
        ("RHS", "Left", ("left", "foot_strike")),  # the context wins
        ("Event", "General", ("", "event")),
        ("Start", "", ("", "start")),
        ("", "", ("", "event")),
        ("Lateral", "", ("", "lateral")),  # not a side-carrying gait label
    ],
)
def test_event_side_and_kind(label: str, context: str, expected: tuple[str, str]) -> None:
    assert event_side_and_kind(label, context) == expected


def test_event_times_from_minutes_and_seconds_rows() -> None:
    times = np.array([[0.0, 1.0, 2.0], [3.5, 0.25, 0.0]])
    np.testing.assert_allclose(event_times_s(times, 3), [3.5, 60.25, 120.0])


def test_event_times_flat_pairs_and_flat_seconds() -> None:
    np.testing.assert_allclose(event_times_s(np.array([0.0, 1.5, 1.0, 2.0]), 2), [1.5, 62.0])
    np.testing.assert_allclose(event_times_s(np.array([1.5, 2.0, 3.0]), 3), [1.5, 2.0, 3.0])


def test_parse_events_groups_by_label_are_sorted_by_time_and_respect_used() -> None:
    labels = ["Foot Strike", "Foot Strike", "Foot Off", "Foot Off"]
    contexts = ["Left", "Right", "Left"]  # one context missing
    times = np.array([[0, 0, 0, 0], [2.0, 1.0, 1.5, 0.5]], dtype=float)
    events = parse_events(labels, contexts, times)
    assert [e.time_s for e in events] == [0.5, 1.0, 1.5, 2.0]
    assert [(e.side, e.kind) for e in events] == [
        ("", "foot_off"),
        ("right", "foot_strike"),
        ("left", "foot_off"),
        ("left", "foot_strike"),
    ]
    assert all(e.source == "file" for e in events)
    assert len(parse_events(labels, contexts, times, used=2)) == 2


# ------------------------------------------------------------------ labels
def test_prefixes_from_label_prefixes_and_from_names() -> None:
    params = {("SUBJECTS", "LABEL_PREFIXES"): ["Bob:"], ("SUBJECTS", "USES_PREFIXES"): [1]}
    assert label_prefixes(params, ["Bob:RASI"]) == ("Bob:",)
    params = {("SUBJECTS", "NAMES"): ["Ann"], ("SUBJECTS", "USES_PREFIXES"): [1]}
    assert label_prefixes(params, ["Ann:LASI"]) == ("Ann:",)
    assert label_prefixes({}, ["X:A", "X:B"]) == ("X:",)
    assert label_prefixes({}, ["X:A", "B"]) == ()
    assert strip_prefix("Bob:RASI", ("Bob:",)) == "RASI"
    assert strip_prefix("r asis", ("Bob:",)) == "r asis"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("LHipAnglesV", "LHipAngles"),
        ("LAbsAnkleAngleV", "LAbsAnkleAngle"),
        ("Bob:RKneeAnglesV", "RKneeAngles"),
        ("LHipAngles", "LHipAngles"),
        ("LKNEEV", "LKNEEV"),
    ],
)
def test_output_name(label: str, expected: str) -> None:
    assert output_name(label, ("Bob:",)) == expected


def test_make_unique_renames_repeats_and_empty_labels() -> None:
    labels, notes = make_unique(["RKNE", "RANK", "RKNE", "", "RKNE", "RKNE_2"])
    assert labels == ["RKNE", "RANK", "RKNE_3", "unlabelled_4", "RKNE_4", "RKNE_2"]
    assert len(set(labels)) == len(labels)
    assert len(notes) == 3
    assert make_unique(["a", "b"]) == (["a", "b"], [])


# -------------------------------------------------------------- parameters
def _processing(software: str, plantflex: float) -> dict[tuple[str, str], object]:
    return {
        ("MANUFACTURER", "SOFTWARE"): [software],
        ("SUBJECTS", "NAMES"): ["Pat"],
        ("PROCESSING", "BODYMASS"): np.array([70.0]),
        ("PROCESSING", "HEIGHT"): np.array([0.0]),
        ("PROCESSING", "LLEGLENGTH"): np.array([900.0]),
        ("PROCESSING", "RKNEEWIDTH"): np.array([101.0]),
        ("PROCESSING", "LSTATICPLANTFLEX"): np.array([plantflex]),
        ("PROCESSING", "RSTATICROTOFF"): np.array([0.0]),
        ("PROCESSING", "HEADOFFSET"): np.array([0.5]),
        ("PROCESSING", "WORDS"): ["text"],
    }


def test_subject_from_nexus_processing_converts_radians() -> None:
    subject, notes = subject_from_parameters(_processing("Vicon Nexus", 0.1))
    assert subject.name == "Pat"
    assert subject.mass_kg == 70.0
    assert subject.height_mm is None  # Nexus writes 0 for "not measured"
    assert subject.left.leg_length_mm == 900.0
    assert subject.right.knee_width_mm == 101.0
    assert subject.left.static_plantarflexion_deg == pytest.approx(math.degrees(0.1))
    assert subject.right.static_rotation_offset_deg == 0.0
    assert dict(subject.extra) == {"HEADOFFSET": 0.5}
    assert "radians" in notes[0]


def test_subject_from_older_vicon_keeps_degrees() -> None:
    subject, notes = subject_from_parameters(_processing("Vicon Workstation", 0.1))
    assert subject.left.static_plantarflexion_deg == pytest.approx(0.1)
    assert "degrees" in notes[0]


def test_processing_angle_unit_of_unknown_writer_uses_magnitudes() -> None:
    assert processing_angle_unit(_processing("", 0.2))[0] == "rad"
    assert processing_angle_unit(_processing("", 12.0))[0] == "deg"
    # gaitlab's own writer follows Nexus (radians) whatever the magnitudes
    assert processing_angle_unit(_processing("gaitlab 0.1.0", 12.0))[0] == "rad"


def test_analysis_values() -> None:
    params = {
        ("ANALYSIS", "USED"): np.array([2]),
        ("ANALYSIS", "NAMES"): ["Stride Length", "Cadence", "ignored"],
        ("ANALYSIS", "CONTEXTS"): ["Left", "Right"],
        ("ANALYSIS", "UNITS"): ["m"],
        ("ANALYSIS", "VALUES"): np.array([1.2, 110.0, 3.0]),
    }
    values = analysis_from_parameters(params)
    assert [(v.name, v.context, v.value, v.unit) for v in values] == [
        ("Stride Length", "Left", 1.2, "m"),
        ("Cadence", "Right", 110.0, ""),
    ]


# ---------------------------------------------------- small files written here
def write_c3d(
    path: Path,
    *,
    labels: tuple[str, ...] = ("LASI", "RASI", "LHipAnglesV"),
    n_frames: int = 20,
    rate_hz: float = 100.0,
    units: str = "mm",
    n_analogs: int = 2,
) -> np.ndarray:
    """Write a small C3D with ezc3d; return the point array (4, n_points, n_frames)."""
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [rate_hz]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = list(labels)
    c3d.add_parameter("POINT", "UNITS", [units])
    c3d.add_parameter("POINT", "ANGLES", ["LHipAnglesV"])
    points = np.ones((4, len(labels), n_frames))
    points[:3] = np.arange(3 * len(labels) * n_frames, dtype=float).reshape(3, len(labels), -1)
    c3d["data"]["points"] = points
    if n_analogs:
        c3d["parameters"]["ANALOG"]["RATE"]["value"] = [rate_hz * 10]
        c3d["parameters"]["ANALOG"]["LABELS"]["value"] = [f"EMG{i}" for i in range(n_analogs)]
        c3d["data"]["analogs"] = np.ones((1, n_analogs, n_frames * 10))
    c3d.add_parameter("EVENT", "USED", [2])
    c3d.add_parameter("EVENT", "LABELS", ["Foot Strike", "Foot Off"])
    c3d.add_parameter("EVENT", "CONTEXTS", ["Left", "Right"])
    c3d.add_parameter("EVENT", "TIMES", np.array([[0.0, 0.0], [0.05, 0.12]]))
    c3d.add_parameter("MANUFACTURER", "SOFTWARE", ["Vicon Nexus"])
    c3d.add_parameter("PROCESSING", "LLegLength", [880.0])
    c3d.add_parameter("PROCESSING", "LStaticPlantFlex", [0.2])
    c3d.write(str(path))
    return points


def test_read_small_file(tmp_path: Path) -> None:
    path = tmp_path / "small.c3d"
    points = write_c3d(path)
    trial = read_c3d(path)
    assert trial.marker_labels == ("LASI", "RASI")
    np.testing.assert_allclose(trial.markers, np.transpose(points[:3, :2], (2, 1, 0)), atol=1e-3)
    output = trial.model_outputs["LHipAngles"]
    assert output.label == "LHipAnglesV" and output.category == "angles" and output.unit == "deg"
    np.testing.assert_allclose(output.values, points[:3, 2].T, atol=1e-3)
    assert trial.point_rate_hz == 100.0 and trial.n_frames == 20
    assert [(e.time_s, e.side, e.kind) for e in trial.events] == [
        (pytest.approx(0.05), "left", "foot_strike"),
        (pytest.approx(0.12), "right", "foot_off"),
    ]
    assert trial.subject.left.leg_length_mm == pytest.approx(880.0)
    assert trial.subject.left.static_plantarflexion_deg == pytest.approx(math.degrees(0.2))
    assert trial.analogs is not None and trial.analogs.labels == ("EMG0", "EMG1")
    assert trial.analogs.rate_hz == 1000.0
    assert trial.provenance.format == "c3d"
    assert reader_for(path).name == "c3d"
    assert load_trial(path).n_frames == 20


def test_metres_are_converted_to_mm_but_outputs_are_not(tmp_path: Path) -> None:
    path = tmp_path / "metres.c3d"
    points = write_c3d(path, units="m", n_analogs=0)
    trial = read_c3d(path)
    np.testing.assert_allclose(trial.marker("LASI"), points[:3, 0].T * 1000.0, rtol=1e-6)
    np.testing.assert_allclose(trial.model_outputs["LHipAngles"].values, points[:3, 2].T, atol=1e-4)
    assert trial.provenance.original_point_units == "m"
    assert any("from m to mm" in c for c in trial.provenance.conversions)


def _zero_point_rate(path: Path) -> None:
    """Overwrite the header rate and POINT:RATE (the first RATE holding 100.0) with 0.0."""
    data = bytearray(path.read_bytes())
    data[20:24] = struct.pack("<f", 0.0)  # header words 11-12: frame rate
    hundred = struct.pack("<f", 100.0)
    name = data.index(b"RATE", 512)
    while data.find(hundred, name, name + 16) < 0:
        name = data.index(b"RATE", name + 4)
    value = data.index(hundred, name)
    data[value : value + 4] = struct.pack("<f", 0.0)
    path.write_bytes(bytes(data))


def test_zero_rate_is_a_clear_error_unless_overridden(tmp_path: Path) -> None:
    path = tmp_path / "zero_rate.c3d"
    write_c3d(path, n_analogs=0)
    _zero_point_rate(path)
    with pytest.raises(C3DReadError, match=r"zero_rate\.c3d.*POINT:RATE is 0.*point_rate_hz="):
        read_c3d(path)
    trial = read_c3d(path, point_rate_hz=50.0)
    assert trial.point_rate_hz == 50.0
    assert any("point_rate_hz=50" in c for c in trial.provenance.conversions)


def test_duplicate_labels_warn_and_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "dups.c3d"
    write_c3d(path, labels=("RKNE", "RKNE", "LHipAnglesV"), n_analogs=0)
    with pytest.warns(GaitlabWarning, match="RKNE_2"):
        trial = read_c3d(path)
    assert trial.marker_labels == ("RKNE", "RKNE_2")
    assert any("RKNE_2" in n for n in trial.provenance.notes)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"\x02\x50" + bytes(100), "less than the 512-byte"),
        (b"not a c3d file at all" * 40, "not a C3D file"),
    ],
)
def test_refused_content(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.c3d"
    path.write_bytes(content)
    with pytest.raises(C3DReadError, match=problem) as info:
        read_c3d(path)
    assert str(path) in str(info.value)


def test_directory_and_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(C3DReadError, match="directory"):
        read_c3d(tmp_path)
    with pytest.raises(C3DReadError, match="no such file"):
        read_c3d(tmp_path / "missing.c3d")


def test_truncated_copy_is_refused_before_ezc3d(tmp_path: Path) -> None:
    path = tmp_path / "small.c3d"
    write_c3d(path)
    layout = check_c3d_layout(path)
    end = layout.data_start_byte + layout.n_frames * layout.frame_bytes
    cut = tmp_path / "cut.c3d"
    cut.write_bytes(path.read_bytes()[: end - 7])
    with pytest.raises(C3DReadError, match=r"cut\.c3d.*truncated"):
        check_c3d_layout(cut)
    with pytest.raises(GaitlabError):
        read_c3d(cut)


def test_frames_missing_at_a_frame_boundary_warn(tmp_path: Path) -> None:
    path = tmp_path / "small.c3d"
    write_c3d(path, n_analogs=0)
    layout = check_c3d_layout(path)
    short = tmp_path / "short.c3d"
    short.write_bytes(path.read_bytes()[: layout.data_start_byte + 5 * layout.frame_bytes])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trial = read_c3d(short)
    assert trial.n_frames == 5
    assert any("declares 20 frames but holds 5" in str(w.message) for w in caught)


def test_sniff() -> None:
    assert sniff_c3d(b"\x02\x50rest")
    assert not sniff_c3d(b"\x00\x50")
    assert not sniff_c3d(b"PK\x03\x04")


def test_more_than_255_labels_use_labels2(tmp_path: Path) -> None:
    path = tmp_path / "many.c3d"
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [100.0]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = [f"M{i}" for i in range(300)]
    c3d["data"]["points"] = np.ones((4, 300, 5))
    c3d.write(str(path))
    assert len(ezc3d.c3d(str(path))["parameters"]["POINT"]["LABELS"]["value"]) == 255
    trial = read_c3d(path)
    assert trial.marker_labels == tuple(f"M{i}" for i in range(300))


def _corrupt_after_name(path: Path, name: bytes, offset: int, value: int) -> Path:
    """Set the byte ``offset`` bytes after the first parameter called ``name``."""
    data = bytearray(path.read_bytes())
    data[data.index(name, 512) + len(name) + offset] = value
    bad = path.with_name("bad_" + path.name)
    bad.write_bytes(bytes(data))
    return bad


def test_parameter_with_too_many_dimensions_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: 105 dimensions made ezc3d run for minutes
    path = tmp_path / "small.c3d"
    write_c3d(path)
    bad = _corrupt_after_name(path, b"LABELS", 3, 105)  # offset (2 bytes), type, ndims
    with pytest.raises(C3DReadError, match="105 dimensions"):
        read_c3d(bad)


def test_character_parameter_without_dimensions_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: ezc3d segfaulted on it
    path = tmp_path / "small.c3d"
    write_c3d(path)
    bad = _corrupt_after_name(path, b"LABELS", 3, 0)
    with pytest.raises(C3DReadError, match="no dimensions"):
        read_c3d(bad)


def test_empty_point_frames_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: POINT:FRAMES with a zero dimension (no value) crashed ezc3d
    path = tmp_path / "small.c3d"
    write_c3d(path)
    data = bytearray(path.read_bytes())
    at = data.index(b"FRAMES", 512) + len(b"FRAMES") + 3  # offset (2 bytes), type, ndims
    assert data[at] == 0  # ezc3d writes FRAMES as a scalar (no dimensions)
    data[at : at + 2] = b"\x01\x00"  # one dimension of size 0: no value
    bad = tmp_path / "no_frames.c3d"
    bad.write_bytes(bytes(data))
    with pytest.raises(C3DReadError, match="POINT:FRAMES holds 0 numbers"):
        read_c3d(bad)


def test_two_groups_with_one_id_are_refused(tmp_path: Path) -> None:
    # found by fuzzing: a parameter turned into a second group with POINT's id crashed ezc3d
    path = tmp_path / "small.c3d"
    write_c3d(path)
    bad = _corrupt_after_name(path, b"LABELS", -len(b"LABELS") - 1, 0xFF)  # id byte -> -1
    with pytest.raises(C3DReadError, match="share the id 1"):
        read_c3d(bad)


def test_group_id_128_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: a group id byte of 0x80 (-128) crashed ezc3d
    path = tmp_path / "small.c3d"
    write_c3d(path)
    bad = _corrupt_after_name(path, b"LABELS", -len(b"LABELS") - 1, 0x80)
    with pytest.raises(C3DReadError, match="id 128"):
        read_c3d(bad)


def test_required_parameter_whose_name_lost_its_case_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: ANALOG:OFFSEt (ezc3d's lookup is case-sensitive) crashed ezc3d
    path = tmp_path / "small.c3d"
    write_c3d(path)
    bad = _corrupt_after_name(path, b"OFFSET", -1, ord("t"))
    with pytest.raises(C3DReadError, match="ANALOG:OFFSET has 0 values"):
        read_c3d(bad)


def test_negative_description_length_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: a description length byte of 0xFF (-1 for ezc3d) crashed ezc3d
    path = tmp_path / "small.c3d"
    write_c3d(path)
    bad = _corrupt_after_name(path, b"POINT", 2, 0xFF)  # after the 2-byte offset
    with pytest.raises(C3DReadError, match="description length byte of 255"):
        read_c3d(bad)


def test_analog_rate_that_disagrees_with_the_header_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: a huge ANALOG:RATE made ezc3d allocate until the process was killed,
    # and a halved one made it read the analog data with the wrong layout, silently
    path = tmp_path / "small.c3d"
    write_c3d(path)
    data = bytearray(path.read_bytes())
    at = data.index(b"RATE", data.index(b"ANALOG", 512)) + len(b"RATE") + 4  # offset, type, ndims
    assert struct.unpack("<f", data[at : at + 4])[0] == 1000.0
    for rate_hz in (500.0, 6.7e10):
        data[at : at + 4] = struct.pack("<f", rate_hz)
        bad = tmp_path / "bad_rate.c3d"
        bad.write_bytes(bytes(data))
        with pytest.raises(C3DReadError, match="analog samples per frame, but the header"):
            read_c3d(bad)


def test_negative_rotation_ratio_is_refused(tmp_path: Path) -> None:
    # found by fuzzing: ezc3d sized its rotation data by the negative ratio (std::bad_alloc)
    path = tmp_path / "small.c3d"
    write_c3d(path)
    data = bytearray(path.read_bytes())
    at = data.index(b"RATIO", data.index(b"ROTATION", 512)) + len(b"RATIO") + 4
    assert struct.unpack("<h", data[at : at + 2])[0] == 0  # ezc3d writes ROTATION:RATIO 0
    data[at : at + 2] = struct.pack("<h", -8192)
    bad = tmp_path / "bad_ratio.c3d"
    bad.write_bytes(bytes(data))
    with pytest.raises(C3DReadError, match="ROTATION:RATIO is -8192"):
        read_c3d(bad)
