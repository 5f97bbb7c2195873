"""The Trial model: validation lists every problem, arrays are immutable, times map to rows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gaitlab.errors import GaitlabError, MissingMarkerError, TrialValidationError
from gaitlab.trial import (
    AnalogData,
    Event,
    ForcePlate,
    ImuSensor,
    ModelOutput,
    SideMeasurements,
    Subject,
    Trial,
)


def make_trial(**changes):
    markers = np.arange(4 * 2 * 3, dtype=float).reshape(4, 2, 3)
    fields = dict(
        markers=markers, marker_labels=("LASI", "RASI"), point_rate_hz=100.0, first_frame=10
    )
    fields.update(changes)
    return Trial(**fields)


def test_valid_trial_has_sizes_and_times():
    trial = make_trial()
    assert trial.n_frames == 4
    assert trial.duration_s == pytest.approx(0.04)
    np.testing.assert_allclose(trial.times_s, [0.10, 0.11, 0.12, 0.13])


def test_arrays_are_read_only_and_copied():
    source = np.zeros((3, 1, 3))
    trial = make_trial(markers=source, marker_labels=("LASI",))
    source[0, 0, 0] = 99.0
    assert trial.markers[0, 0, 0] == 0.0
    with pytest.raises(ValueError):
        trial.markers[0, 0, 0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        trial.point_rate_hz = 50.0  # type: ignore[misc]


def test_every_problem_is_listed_at_once():
    with pytest.raises(TrialValidationError) as caught:
        Trial(
            markers=np.zeros((5, 2, 2)),
            marker_labels=("A", "A", "B"),
            point_rate_hz=0.0,
            first_frame=-1,
            events=(Event(time_s=float("nan"), side="middle", kind="foot_strike"),),
        )
    problems = caught.value.problems
    assert len(problems) == 6
    text = str(caught.value)
    for fragment in (
        "(n_frames, n_markers, 3)",
        "unique",
        "point_rate_hz",
        "first_frame",
        "finite",
        "side",
    ):
        assert fragment in text
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, GaitlabError)


def test_infinite_markers_are_refused_but_nan_is_missing():
    markers = np.zeros((2, 1, 3))
    markers[0, 0, 0] = np.nan
    make_trial(markers=markers, marker_labels=("LASI",))
    markers[1, 0, 0] = np.inf
    with pytest.raises(TrialValidationError, match="infinite"):
        make_trial(markers=markers, marker_labels=("LASI",))


def test_marker_lookup_suggests_close_labels():
    trial = make_trial()
    np.testing.assert_array_equal(trial.marker("RASI"), trial.markers[:, 1])
    with pytest.raises(MissingMarkerError, match="did you mean 'LASI'") as caught:
        trial.marker("LASIS")
    assert isinstance(caught.value, KeyError)
    assert trial.has_markers("LASI", "RASI") and not trial.has_markers("LASI", "SACR")


def test_events_are_sorted_and_mapped_to_rows():
    events = (
        Event(0.12, "left", "foot_off"),
        Event(0.101, "right", "foot_strike", label="Foot Strike"),
    )
    trial = make_trial(events=events)
    table = trial.events_table()
    assert list(table.columns) == ["time_s", "frame", "side", "kind", "source", "label"]
    assert list(table["kind"]) == ["foot_strike", "foot_off"]
    assert list(table["frame"]) == [0, 2]  # round(t * rate) - first_frame


def test_with_events_returns_a_changed_copy():
    trial = make_trial()
    changed = trial.with_events([Event(0.11, "left", "foot_strike", source="markers:zeni")])
    assert trial.events == () and len(changed.events) == 1
    assert changed.markers is trial.markers


def test_part_validation_reaches_the_trial():
    bad_analogs = AnalogData(values=np.zeros((10, 2)), labels=("Fz",), units=("N", "N"), rate_hz=-1)
    bad_plate = ForcePlate(
        plate_type=2,
        corners_mm=np.zeros((3, 3)),
        origin_mm=np.zeros(3),
        force_n=np.zeros((10, 3)),
        moment_nmm=np.zeros((9, 3)),
        cop_mm=np.zeros((10, 3)),
        rate_hz=1000.0,
    )
    bad_imu = ImuSensor(acc_mps2=np.zeros((10, 3)), gyr_dps=np.zeros((9, 3)), rate_hz=100.0)
    bad_output = ModelOutput("LHipAngles", "LHipAnglesV", "angle", np.zeros((3, 3)), "deg")
    bad_subject = Subject(mass_kg=-70.0, left=SideMeasurements(leg_length_mm=float("nan")))
    with pytest.raises(TrialValidationError) as caught:
        make_trial(
            analogs=bad_analogs,
            force_plates=(bad_plate,),
            imu={"left_foot": bad_imu},
            model_outputs={"LHipAngles": bad_output},
            subject=bad_subject,
        )
    text = str(caught.value)
    for fragment in (
        "analogs: 2 channels but 1 labels",
        "analogs.rate_hz",
        "force_plates[0].corners_mm",
        "force_plates[0].moment_nmm",
        "imu['left_foot'].gyr_dps has 9 samples",
        "category 'angle'",
        "model_outputs['LHipAngles'] must be (4, 3)",
        "subject.mass_kg",
        "subject.left.leg_length_mm",
    ):
        assert fragment in text


def test_subject_side_lookup():
    subject = Subject(left=SideMeasurements(leg_length_mm=900.0))
    assert subject.side("left").leg_length_mm == 900.0
    assert subject.side("right").leg_length_mm is None
    with pytest.raises(ValueError, match="'left' or 'right'"):
        subject.side("both")


def test_summary_names_subject_rate_and_events():
    trial = make_trial(
        subject=Subject(name="S01", mass_kg=70.0, height_mm=1750.0),
        events=(Event(0.1, "left", "foot_strike"), Event(0.12, "left", "foot_strike")),
    )
    text = trial.summary()
    assert "S01, 70.0 kg, 1750 mm" in text
    assert "4 frames at 100 Hz" in text
    assert "2 left foot_strike" in text
