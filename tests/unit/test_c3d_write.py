"""write_c3d -> load_trial round trip, checked against the in-memory trial and ezc3d."""

from __future__ import annotations

import dataclasses

import ezc3d
import numpy as np
import pytest

from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.io import load_trial
from gaitlab.io.c3d_write import write_c3d
from gaitlab.synthetic import make_walking_trial
from gaitlab.trial import AnalogData, Event, ModelOutput, Subject, Trial


@pytest.fixture(scope="module")
def trial() -> Trial:
    made, _ = make_walking_trial(n_strides=2, noise_sd_mm=0.5, gaps=[("RHEE", 30, 7)], seed=1)
    return made


def _assert_same_sides(got: Subject, expected: Subject) -> None:
    """Per-side measurements equal to float32 precision (None stays None)."""
    for side in ("left", "right"):
        wanted = dataclasses.asdict(expected.side(side))
        for field, value in dataclasses.asdict(got.side(side)).items():
            if wanted[field] is None:
                assert value is None, (side, field)
            else:
                assert value == pytest.approx(wanted[field], rel=1e-6, abs=1e-6), (side, field)


def test_round_trip_markers_events_subject(trial, tmp_path):
    back = load_trial(write_c3d(trial, tmp_path / "walk.c3d"))
    assert back.marker_labels == trial.marker_labels
    assert back.point_rate_hz == trial.point_rate_hz and back.first_frame == 0
    np.testing.assert_array_equal(np.isnan(back.markers), np.isnan(trial.markers))
    np.testing.assert_array_equal(back.markers, trial.markers.astype(np.float32))
    assert [(e.side, e.kind) for e in back.events] == [(e.side, e.kind) for e in trial.events]
    np.testing.assert_allclose(
        [e.time_s for e in back.events], [e.time_s for e in trial.events], atol=1e-6
    )
    np.testing.assert_array_equal(back.events_table()["frame"], trial.events_table()["frame"])
    assert back.subject.name == trial.subject.name
    for field in ("mass_kg", "height_mm", "inter_asis_distance_mm", "marker_diameter_mm"):
        assert getattr(back.subject, field) == pytest.approx(getattr(trial.subject, field))
    _assert_same_sides(back.subject, trial.subject)


def test_file_uses_nexus_layout(trial, tmp_path):
    tilted = dataclasses.replace(
        trial,
        subject=dataclasses.replace(
            trial.subject,
            left=dataclasses.replace(trial.subject.left, static_plantarflexion_deg=10.0),
        ),
    )
    raw = ezc3d.c3d(str(write_c3d(tilted, tmp_path / "raw.c3d")))
    p = raw["parameters"]
    assert p["POINT"]["UNITS"]["value"] == ["mm"]
    assert p["SUBJECTS"]["NAMES"]["value"] == ["synthetic"]
    assert p["PROCESSING"]["LStaticPlantFlex"]["value"][0] == pytest.approx(np.radians(10.0))
    assert p["PROCESSING"]["RLegLength"]["value"][0] == pytest.approx(900.0)
    times = np.asarray(p["EVENT"]["TIMES"]["value"])
    assert times.shape == (2, len(trial.events)) and not times[0].any()
    assert set(p["EVENT"]["CONTEXTS"]["value"]) == {"Left", "Right"}
    assert set(p["EVENT"]["LABELS"]["value"]) == {"Foot Strike", "Foot Off"}
    residuals = raw["data"]["meta_points"]["residuals"][0]
    hee = trial.marker_labels.index("RHEE")
    assert (residuals[hee, 30:37] < 0).all() and (residuals[hee, :30] >= 0).all()


def test_model_outputs_round_trip(trial, tmp_path):
    values = np.column_stack(
        [
            np.linspace(-10, 40, trial.n_frames),
            np.zeros(trial.n_frames),
            np.full(trial.n_frames, 3.0),
        ]
    )
    values[5] = np.nan
    output = ModelOutput("LHipAngles", "LHipAngles", "angles", values, "deg")
    back = load_trial(
        write_c3d(
            dataclasses.replace(trial, model_outputs={"LHipAngles": output}),
            tmp_path / "o.c3d",
        )
    )
    assert back.marker_labels == trial.marker_labels
    got = back.model_outputs["LHipAngles"]
    assert got.category == "angles" and got.unit == "deg"
    np.testing.assert_allclose(got.values, values, atol=1e-4)


def test_unwritable_parts_warn_and_bad_paths_raise(trial, tmp_path):
    analogs = AnalogData(np.zeros((trial.n_frames * 10, 1)), ("EMG1",), ("V",), 1000.0)
    with pytest.warns(GaitlabWarning, match="analog channels"):
        write_c3d(dataclasses.replace(trial, analogs=analogs), tmp_path / "a.c3d")
    with pytest.raises(GaitlabError, match="does not exist"):
        write_c3d(trial, tmp_path / "missing" / "a.c3d")
    with pytest.raises(GaitlabError, match="is a directory"):
        write_c3d(trial, tmp_path)


def test_first_frame_and_event_rows_survive(trial, tmp_path):
    shifted = dataclasses.replace(
        trial,
        first_frame=25,
        events=tuple(dataclasses.replace(e, time_s=e.time_s + 0.25) for e in trial.events),
    )
    back = load_trial(write_c3d(shifted, tmp_path / "shifted.c3d"))
    assert back.first_frame == 25
    np.testing.assert_array_equal(back.events_table()["frame"], trial.events_table()["frame"])


def test_real_nexus_file_round_trips(shared_data, tmp_path):
    source = shared_data / "c3d" / "nexus-pig" / "gaitalytics_test_small.c3d"
    original = load_trial(source)
    with pytest.warns(GaitlabWarning, match="not write"):
        back = load_trial(write_c3d(original, tmp_path / "copy.c3d"))
    assert back.marker_labels == original.marker_labels
    np.testing.assert_array_equal(back.markers, original.markers)  # both float32 values
    assert [(e.side, e.kind) for e in back.events] == [(e.side, e.kind) for e in original.events]
    np.testing.assert_allclose(
        [e.time_s for e in back.events], [e.time_s for e in original.events], atol=1e-6
    )
    assert set(back.model_outputs) == set(original.model_outputs)
    for name, output in original.model_outputs.items():
        np.testing.assert_array_equal(back.model_outputs[name].values, output.values, err_msg=name)
    _assert_same_sides(back.subject, original.subject)
    assert back.subject.mass_kg == pytest.approx(original.subject.mass_kg)
    assert back.subject.extra == pytest.approx(dict(original.subject.extra))


def test_what_c3d_cannot_hold_is_refused(trial, tmp_path):
    many = tuple(Event(0.01 * i, "left", "foot_strike") for i in range(256))
    with pytest.raises(GaitlabError, match="256 events"):
        write_c3d(dataclasses.replace(trial, events=many), tmp_path / "events.c3d")
    long = Trial(np.zeros((65536, 1, 3)), ("A",), 100.0)
    with pytest.raises(GaitlabError, match="65535 frames"):
        write_c3d(long, tmp_path / "long.c3d")
    assert not (tmp_path / "events.c3d").exists() and not (tmp_path / "long.c3d").exists()
