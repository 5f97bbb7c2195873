"""``gaitlab events`` and ``gaitlab spatiotemporal`` on the command line."""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import pytest

import gaitlab.imu
from gaitlab.cli import main
from gaitlab.commands.events import events_for
from gaitlab.errors import GaitlabError
from gaitlab.trial import ImuSensor, Trial

SMALL = "c3d/nexus-pig/gaitalytics_test_small.c3d"


def _args(**overrides):
    values = {"method": "auto", "sensor_location": None, "marker": [], "force_threshold_n": 20.0}
    values.update(overrides)
    return argparse.Namespace(**values)


def _imu_trial():
    sensor = ImuSensor(np.zeros((100, 3)), np.zeros((100, 3)), 100.0, location="left_foot")
    return Trial(np.zeros((100, 0, 3)), (), 100.0, imu={"left_foot": sensor})


def test_imu_recording_dispatches_to_the_imu_pipeline(monkeypatch):
    calls = []

    def fake_imu_events(trial, sensor_location=None):
        calls.append(sensor_location)
        return pd.DataFrame({"time_s": [0.5]})

    monkeypatch.setattr(gaitlab.imu, "imu_events", fake_imu_events, raising=False)
    table = events_for(_imu_trial(), _args(sensor_location="foot"))
    assert calls == ["foot"] and table.time_s.tolist() == [0.5]


def test_imu_recording_without_the_imu_pipeline_is_a_clear_error(monkeypatch):
    monkeypatch.delattr(gaitlab.imu, "imu_events", raising=False)
    with pytest.raises(GaitlabError, match="IMU pipeline not available"):
        events_for(_imu_trial(), _args())


def test_events_command_writes_the_file_events(shared_data, tmp_path):
    out = tmp_path / "events.csv"
    assert main(["events", str(shared_data / SMALL), "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["time_s", "frame", "side", "kind", "source"]
    assert len(table) == 13 and set(table.source) == {"file"}


def test_spatiotemporal_command_summary_matches_nexus(shared_data, tmp_path):
    out = tmp_path / "summary.csv"
    assert main(["spatiotemporal", str(shared_data / SMALL), "--summary", "-o", str(out)]) == 0
    table = pd.read_csv(out).set_index("side")
    # Nexus ANALYSIS values stored in the file (see ../shared/data/README.md)
    assert table.loc["left", "stride_length_m"] == pytest.approx(1.1754, abs=1e-3)
    assert table.loc["right", "cadence_steps_per_min"] == pytest.approx(110.09, abs=0.01)


def test_spatiotemporal_command_with_detected_events(shared_data, tmp_path):
    out = tmp_path / "strides.csv"
    path = str(shared_data / SMALL)
    assert main(["spatiotemporal", path, "--events-method", "oconnor", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert {"side", "start_time_s", "end_time_s", "stride_length_m"} <= set(table.columns)
    assert len(table) >= 3


def test_bad_marker_mapping_is_one_error_line(shared_data, capsys):
    path = str(shared_data / SMALL)
    assert main(["events", path, "--method", "zeni", "--marker", "LTOE"]) == 1
    assert "PIG=LABEL" in capsys.readouterr().err


def test_imu_recording_on_the_command_line(shared_data, tmp_path):
    path = shared_data / "imu" / "gaitmap" / "imu_sample.csv"
    out = tmp_path / "strides.csv"
    argv = ["spatiotemporal", str(path), "--sampling-rate-hz", "204.8", "--sensor-location"]
    assert main([*argv, "foot", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert {"side", "start_time_s", "end_time_s", "stride_length_m"} <= set(table.columns)
    # gaitmap's reference: median stride length 1.38 m (../shared/data/README.md)
    assert table.stride_length_m.median() == pytest.approx(1.38, abs=0.1)


def test_force_threshold_reaches_the_plate_detection(monkeypatch):
    import gaitlab.commands.events as command

    seen = {}

    def fake_detect(trial, method, *, markers=None, threshold_n=None):
        seen.update(method=method, threshold_n=threshold_n)
        return pd.DataFrame()

    monkeypatch.setattr(command, "detect_events", fake_detect)
    parser = argparse.ArgumentParser()
    command.add_trial_options(parser, "--method")
    parsed = parser.parse_args(["t.c3d", "--method", "force_plate", "--force-threshold-n", "5"])
    events_for(Trial(np.zeros((10, 0, 3)), (), 100.0), parsed)
    assert seen == {"method": "force_plate", "threshold_n": 5.0}


def test_analyze_command_reads_an_imu_csv_with_its_rate(shared_data, tmp_path):
    import json

    out = tmp_path / "analysis.json"
    csv = str(shared_data / "imu" / "gaitmap" / "imu_sample.csv")
    args = ["analyze", csv, "--sampling-rate-hz", "204.8", "--json", "-o", str(out)]
    assert main(args) == 0
    result = json.loads(out.read_text())
    assert len(result["spatiotemporal"]) >= 50  # 57 reference strides, both feet
    assert result["gps"] is None
    assert any("IMU recording" in w for w in result["warnings"])
    assert main(["analyze", csv]) == 1  # no rate: a one-line error, not a traceback
