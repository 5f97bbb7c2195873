"""Every C3D file in ../shared/data/c3d: loads with the facts ezc3d reports, or is refused clearly.

The independent reference is ``c3d/facts.json`` (what ezc3d 1.7.2 returned per
file, written without gaitlab) and the data README. Files are globbed, so a
new file is never silently skipped: it fails until facts.json describes it.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gaitlab.errors import C3DReadError, GaitlabWarning
from gaitlab.io import load_trial
from gaitlab.io.c3d import read_c3d

PROJECT_ROOT = Path(__file__).resolve().parents[2]
C3D_DIR = PROJECT_ROOT.parent / "shared" / "data" / "c3d"
FILES = (
    sorted(p for p in C3D_DIR.rglob("*") if p.suffix.lower() == ".c3d" and p.is_file())
    if C3D_DIR.is_dir()
    else []
)

#: Files that must be refused, with the words the message must contain.
REFUSED = {
    "Eb015sr.c3d": "big-endian (SGI/MIPS)",
    "bad_parameter_section.c3d": "corrupted parameter section",
}
#: Documented departures from facts.json (which reports ezc3d's raw view).
#: ezc3d_Kistler: POINT:RATE 0 and no points -> frames at ANALOG:RATE / samples per frame.
#: sample28_*: FORCE_PLATFORM:USED 1 but no analog channels -> no plate.
#: shd01: FORCE_PLATFORM:CHANNEL points past the 6 analog channels -> plates skipped, warned.
NO_PLATES = {"sample28_dynamic.C3D", "sample28_type1.C3D", "shd01.c3d"}


def _key(path: Path) -> str:
    return "c3d/" + path.relative_to(C3D_DIR).as_posix()


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    if not C3D_DIR.is_dir():
        pytest.skip(f"real C3D files not found at {C3D_DIR}")
    return json.loads((C3D_DIR / "facts.json").read_text())["files"]


def _read(path: Path, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GaitlabWarning)
        return read_c3d(path, **options)


def test_the_shared_folder_has_files() -> None:
    if not C3D_DIR.is_dir():
        pytest.skip(f"real C3D files not found at {C3D_DIR}")
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shared_file(path: Path, facts: dict[str, Any]) -> None:
    assert _key(path) in facts, f"{path.name} is not described in facts.json"
    expected = facts[_key(path)]
    if path.name in REFUSED:
        assert "ezc3d_1_7_2_error" in expected
        with pytest.raises(C3DReadError) as info:
            load_trial(path)
        assert str(path) in str(info.value)
        assert REFUSED[path.name] in str(info.value)
        return
    trial = _read(path)
    n_analog = trial.analogs.values.shape[1] if trial.analogs is not None else 0
    n_outputs = len(trial.model_outputs)
    rate = expected["point_rate_hz"]
    if rate == 0:  # analog-only file without a point rate: frames at the C3D frame clock
        assert trial.analogs is not None
        per_frame = trial.analogs.n_samples // expected["frames"]
        rate = trial.analogs.rate_hz / per_frame
    plates = 0 if path.name in NO_PLATES else expected["force_plates"]
    assert (
        trial.point_rate_hz,
        trial.n_frames,
        len(trial.marker_labels) + n_outputs,
        n_outputs,
        len(trial.events),
        n_analog,
        len(trial.force_plates),
        trial.first_frame,
    ) == (
        rate,
        expected["frames"],
        expected["points_in_file"],
        expected["model_output_labels"],
        expected["events"],
        expected["analog_channels"],
        plates,
        expected["header_first_frame"],
    )
    assert trial.markers.shape == (expected["frames"], len(trial.marker_labels), 3)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_invalid_samples_are_nan(path: Path, facts: dict[str, Any]) -> None:
    """NaN count (markers + outputs) = facts' negative-residual samples (+ origin markers)."""
    if path.name in REFUSED:
        pytest.skip("refused file")
    trial = _read(path)
    nan_markers = int(np.isnan(trial.markers[..., 0]).sum())
    nan_outputs = sum(int(np.isnan(o.values[:, 0]).sum()) for o in trial.model_outputs.values())
    at_origin = sum(
        int(c.split()[0]) for c in trial.provenance.conversions if "exactly at the origin" in c
    )
    assert nan_markers + nan_outputs == facts[_key(path)]["invalid_point_samples"] + at_origin
    assert not np.all(trial.markers == 0.0, axis=-1).any()  # no (0, 0, 0) marker sample


def test_metre_file_is_scaled_to_mm() -> None:
    import ezc3d

    path = C3D_DIR / "odd" / "ezc3d_FP_Type1.c3d"
    if not path.exists():
        pytest.skip("file absent")
    raw = ezc3d.c3d(str(path))["data"]["points"]
    trial = _read(path)
    assert trial.provenance.original_point_units == "m"
    np.testing.assert_allclose(trial.markers, np.transpose(raw[:3], (2, 1, 0)) * 1000.0)
    corners = trial.force_plates[0].corners_mm
    assert 300 < np.ptp(corners[:, :2], axis=0).max() < 1000  # a plate is 0.3-1 m wide, in mm


def test_shd01_prefixes_are_stripped() -> None:
    path = C3D_DIR / "odd" / "shd01.c3d"
    if not path.exists():
        pytest.skip("file absent")
    with pytest.warns(GaitlabWarning, match="force plates not read"):
        trial = read_c3d(path)
    assert "RASI" in trial.marker_labels
    assert not any(":" in label for label in trial.marker_labels)
    assert any("AbcdeFghijk:" in n for n in trial.provenance.notes)


@pytest.mark.parametrize("name", ["btk_PiG_Motion3_FF.c3d", "btk_PiG_Motion3_noFF.c3d"])
def test_v_suffix_removed(name: str) -> None:
    path = C3D_DIR / "nexus-pig" / name
    if not path.exists():
        pytest.skip("file absent")
    trial = _read(path)
    hip = trial.model_outputs["LHipAngles"]
    assert hip.label == "LHipAnglesV" and hip.category == "angles" and hip.unit == "deg"
    assert "LHipAngles" not in trial.marker_labels
    assert not any(name.endswith("V") for name in trial.model_outputs)


def test_qualisys_events_carry_their_side() -> None:
    path = C3D_DIR / "odd" / "ezc3d_Qualisys.c3d"
    if not path.exists():
        pytest.skip("file absent")
    events = _read(path).events
    expected = {"LHS": ("left", "foot_strike"), "RHS": ("right", "foot_strike")}
    expected |= {"LTO": ("left", "foot_off"), "RTO": ("right", "foot_off")}
    assert len(events) == 7
    for event in events:
        assert (event.side, event.kind) == expected[event.label]
    assert [e.label for e in events] == ["LHS", "RTO", "RHS", "LTO", "LHS", "RTO", "RHS"]


def test_nexus_events_and_analysis_of_gaitalytics_small() -> None:
    path = C3D_DIR / "nexus-pig" / "gaitalytics_test_small.c3d"
    if not path.exists():
        pytest.skip("file absent")
    trial = _read(path)
    kinds = {(e.side, e.kind) for e in trial.events}
    assert kinds == {(s, k) for s in ("left", "right") for k in ("foot_strike", "foot_off")}
    assert list(trial.events) == sorted(trial.events, key=lambda e: e.time_s)
    values = {(a.name, a.context): (a.value, a.unit) for a in trial.analysis}
    # README: L stride 1.1754 m, cadence 113.21, speed 1.1089 m/s; R stride 1.1726 m ...
    assert values[("Stride Length", "Left")][0] == pytest.approx(1.1754, abs=1e-4)
    assert values[("Stride Length", "Left")][1] == "m"
    assert values[("Cadence", "Left")][0] == pytest.approx(113.21, abs=1e-2)
    assert values[("Walking Speed", "Left")][0] == pytest.approx(1.1089, abs=1e-4)
    assert values[("Stride Length", "Right")][0] == pytest.approx(1.1726, abs=1e-4)
    assert values[("Cadence", "Right")][0] == pytest.approx(110.09, abs=1e-2)
    assert values[("Walking Speed", "Right")][0] == pytest.approx(1.0758, abs=1e-4)


def test_processing_of_nexus_file() -> None:
    path = C3D_DIR / "nexus-pig" / "gaitalytics_test_small.c3d"
    if not path.exists():
        pytest.skip("file absent")
    subject = _read(path).subject
    # README: subject 63.6 kg, 1580 mm, leg 850 mm.
    assert subject.mass_kg == pytest.approx(63.6, abs=1e-4)
    assert subject.height_mm == pytest.approx(1580.0)
    assert subject.left.leg_length_mm == pytest.approx(850.0)
    assert subject.right.leg_length_mm == pytest.approx(850.0)
    # Nexus 2.10 stores static offsets in radians: 0.1812664 rad in the file.
    assert subject.left.static_plantarflexion_deg == pytest.approx(math.degrees(0.1812664), 1e-5)
    assert 0 < subject.left.static_plantarflexion_deg < 30


def test_processing_of_nexus_1_4_file() -> None:
    path = C3D_DIR / "nexus-pig" / "btk_PiG_Motion-FlatFoot-Hole.c3d"
    if not path.exists():
        pytest.skip("file absent")
    trial = _read(path)
    # README: subject 66.5 kg, 1790 mm, leg 940 mm; ANALYSIS L stride 1.3389 m, R 1.3210 m.
    assert trial.subject.mass_kg == pytest.approx(66.5)
    assert trial.subject.height_mm == pytest.approx(1790.0)
    assert trial.subject.left.leg_length_mm == pytest.approx(940.0)
    strides = {a.context: a.value for a in trial.analysis if a.name == "Stride Length"}
    assert strides == {
        "Left": pytest.approx(1.3389, abs=1e-4),
        "Right": pytest.approx(1.3210, abs=1e-4),
    }
    assert any("radians" in c for c in trial.provenance.conversions)


def test_sample21_rates_can_be_overridden() -> None:
    path = C3D_DIR / "odd" / "sample21.c3d"
    if not path.exists():
        pytest.skip("file absent")
    # sample21.txt: the real POINT:RATE is 200 and ANALOG:RATE 1000 (the file says 60 / 1020).
    with pytest.warns(GaitlabWarning, match="analog samples per frame"):
        trial = read_c3d(path, point_rate_hz=200.0, analog_rate_hz=1000.0)
    assert trial.point_rate_hz == 200.0
    assert trial.analogs is not None and trial.analogs.rate_hz == 1000.0
    assert all(p.rate_hz == 1000.0 for p in trial.force_plates)
    assert trial.duration_s == pytest.approx(574 / 200.0)
    assert any("point_rate_hz=200" in c for c in trial.provenance.conversions)


def test_kistler_analog_only_file() -> None:
    path = C3D_DIR / "odd" / "ezc3d_Kistler.c3d"
    if not path.exists():
        pytest.skip("file absent")
    trial = _read(path)
    assert trial.markers.shape == (3969, 0, 3)
    assert trial.analogs is not None and trial.analogs.rate_hz == 600.0
    assert trial.analogs.n_samples == 39690
    assert trial.point_rate_hz == pytest.approx(60.0)
    assert any("POINT:RATE" in n for n in trial.provenance.notes)
    plate = trial.force_plates[0]
    assert plate.force_n.shape == (39690, 3)
    assert np.nanmax(np.abs(plate.force_n)) > 500  # body-weight-sized forces in N
    # plates are 600 x 500 mm (Kistler 9287-type); the file states no unit, values are mm
    np.testing.assert_allclose(np.sort(np.ptp(plate.corners_mm, axis=0))[1:], [500, 600], atol=15)


def test_time_normalised_file() -> None:
    path = C3D_DIR / "odd" / "Analysis.c3d"
    if not path.exists():
        pytest.skip("file absent")
    trial = _read(path)
    assert trial.time_normalised
    assert trial.marker_labels == ()
    assert len(trial.model_outputs) == 24


def test_duplicate_labels_made_unique() -> None:
    path = C3D_DIR / "odd" / "Gait.c3d"
    if not path.exists():
        pytest.skip("file absent")
    with pytest.warns(GaitlabWarning, match="renamed"):
        trial = read_c3d(path)
    assert "RKNE" in trial.marker_labels and "RKNE_2" in trial.marker_labels
    assert len(set(trial.marker_labels)) == len(trial.marker_labels)


def test_bts_lower_case_labels_kept() -> None:
    path = C3D_DIR / "odd" / "ezc3d_BTS.c3d"
    if not path.exists():
        pytest.skip("file absent")
    trial = _read(path)
    assert "r asis" in trial.marker_labels
    assert len(trial.force_plates) == 6
    assert all(p.force_n.shape == (trial.analogs.n_samples, 3) for p in trial.force_plates)  # type: ignore[union-attr]


def test_type2_and_type4_plates_agree() -> None:
    """sample10: the same plate data described as type 2 and type 4 give close forces."""
    type2 = C3D_DIR / "odd" / "sample10_TYPE-2.C3D"
    type4 = C3D_DIR / "odd" / "sample10_TYPE-4.C3D"
    if not (type2.exists() and type4.exists()):
        pytest.skip("file absent")
    f2 = _read(type2).force_plates[0].force_n
    f4 = _read(type4).force_plates[0].force_n
    peak = np.abs(f2[:, 2]).max()
    assert peak > 100
    assert np.abs(f2[:, 2] - f4[:, 2]).max() < 0.05 * peak  # cross-talk terms only


EVENT_FILES = [
    "odd/PlugInC3D.c3d",
    "odd/Analysis.c3d",
    "events/gaitalytics_treadmill_events.c3d",
    "nexus-pig/btk_PiG_Motion-FlatFoot-Hole.c3d",
    "nexus-pig/btk_PiG_Motion3_FF_N18.c3d",
    "nexus-pig/gaitalytics_test_small.c3d",
]


@pytest.mark.parametrize("name", EVENT_FILES)
def test_nexus_style_events_match_the_raw_parameters(name: str) -> None:
    """Every (time, context, label) triple of EVENT, read with ezc3d directly, is one event."""
    import ezc3d

    path = C3D_DIR / name
    if not path.exists():
        pytest.skip("file absent")
    group = ezc3d.c3d(str(path))["parameters"]["EVENT"]
    times = np.asarray(group["TIMES"]["value"], dtype=float)
    sides = {"Left": "left", "Right": "right"}
    kinds = {"Foot Strike": "foot_strike", "Foot Off": "foot_off"}
    raw = sorted(
        (round(60 * m + s, 6), sides[c], kinds[lab])
        for m, s, c, lab in zip(
            times[0], times[1], group["CONTEXTS"]["value"], group["LABELS"]["value"], strict=True
        )
    )
    got = sorted((round(e.time_s, 6), e.side, e.kind) for e in _read(path).events)
    assert got == raw
    assert len({e.side for e in _read(path).events}) == 2
