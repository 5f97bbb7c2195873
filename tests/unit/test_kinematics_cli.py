"""`gaitlab angles` and `gaitlab validate`, and the angle summary the demo prints."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gaitlab import compute_angles, load_trial
from gaitlab.cli import main
from gaitlab.kinematics.summary import angle_summary


@pytest.fixture(scope="module")
def nexus_file(shared_data):
    return shared_data / "c3d" / "nexus-pig" / "gaitalytics_test_small.c3d"


def test_angles_command_writes_frame_time_and_every_angle(nexus_file, tmp_path):
    out = tmp_path / "angles.csv"
    assert main(["angles", str(nexus_file), "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:2]) == ["frame", "time_s"]
    assert len(table.columns) == 32
    trial = load_trial(nexus_file)
    np.testing.assert_array_equal(table["frame"], np.arange(trial.n_frames))
    np.testing.assert_allclose(table["time_s"], trial.times_s, atol=1e-6)
    reference = compute_angles(trial)
    np.testing.assert_allclose(table[reference.columns], reference, atol=1e-5)


def test_validate_command_json_meets_the_nexus_2_target(nexus_file, capsys):
    assert main(["validate", str(nexus_file), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = payload["rows"]
    assert len(rows) == 30
    assert max(row["rms_deg"] for row in rows) <= 0.01
    assert {row["output"] for row in rows} >= {"LHipAngles", "RFootProgressAngles"}


def test_validate_command_table_and_missing_file(nexus_file, capsys, tmp_path):
    assert main(["validate", str(nexus_file)]) == 0
    assert "LPelvisAngles" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "absent.c3d")]) == 1
    assert "absent.c3d" in capsys.readouterr().err


def test_angle_summary_signs():
    angles = pd.DataFrame(
        {
            "LHipAngles_X": [30.0, -8.0, 10.0],
            "RHipAngles_X": [25.0, -5.0, np.nan],
            "LPelvisAngles_X": [10.0, 12.0, 14.0],
            "RPelvisAngles_X": [10.0, 12.0, 14.0],
        }
    )
    summary = angle_summary(angles).set_index("side")
    assert summary.loc["left", "peak_hip_extension_deg"] == 8.0
    assert summary.loc["right", "hip_flexion_range_deg"] == 30.0
    assert summary.loc["left", "mean_pelvic_tilt_deg"] == 12.0
    assert summary.loc["right", "pelvic_tilt_range_deg"] == 4.0


def test_validate_without_reference_outputs_is_one_clear_error(capsys):
    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "typical_walker.c3d"
    assert main(["validate", str(sample)]) == 1
    assert "carries no angle outputs" in capsys.readouterr().err


def test_angles_command_can_fill_gaps_and_filter_first(nexus_file, tmp_path, capsys):
    out = tmp_path / "angles.csv"
    assert main(["angles", str(nexus_file), "-o", str(out), "--max-gap-frames", "10"]) == 0
    assert "filled 0 marker samples" in capsys.readouterr().err
    plain = pd.read_csv(out)
    args = ["angles", str(nexus_file), "-o", str(out), "--cutoff-hz", "6"]
    assert main(args) == 0
    filtered = pd.read_csv(out)
    change = (filtered["LKneeAngles_X"] - plain["LKneeAngles_X"]).abs()
    assert 0 < change.max() < 5.0  # Nexus already filtered: a second filter changes little
