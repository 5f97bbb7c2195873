"""analyze(), its JSON form, lab norms and the analyze / norms commands on synthetic trials."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import gaitlab
from gaitlab.cli import main
from gaitlab.io.c3d_write import write_c3d
from gaitlab.norms import load_norms
from gaitlab.norms.lab import build_lab_norms
from gaitlab.synthetic import make_walking_trial


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


@pytest.fixture(scope="module")
def controls():
    # three "controls" differing only in pelvic tilt: -2, 0, +2 deg
    return [make_walking_trial(n_strides=3, pelvic_tilt_offset_deg=d)[0] for d in (-2.0, 0.0, 2.0)]


def test_analyze_recovers_ground_truth_and_serialises():
    trial, truth = make_walking_trial(n_strides=3, pelvic_tilt_offset_deg=14.0)
    result = _quiet(gaitlab.analyze, trial)
    # pelvic tilt measure vs the generator's own angle truth
    truth_tilt = truth.angles["LPelvisAngles_X"].mean()
    assert result.key_measures.loc["pelvic_tilt_mean_deg", "left"] == pytest.approx(
        truth_tilt, abs=0.2
    )
    speed = truth.speed_mps / np.sqrt(9.81 * 0.9)
    assert result.speed_dimensionless == pytest.approx(speed, rel=0.01)
    document = json.loads(result.to_json())
    assert document["schema"] == "gaitlab-analysis"
    assert document["reference"]["paediatric"] is True
    # anterior tilt with the thighs unchanged also reduces hip extension (generator)
    assert {f["code"] for f in document["flags"]} == {
        "PELVIS_ANTERIOR_TILT",
        "HIP_EXTENSION_DEFICIT",
    }
    assert document["gps"]["gps_deg"]["overall"] == pytest.approx(result.gps.gps_deg["overall"])
    assert [item["code"] for item in document["not_measurable"]][0] == "OVERPRONATION"
    assert "finding, not a diagnosis" in result.summary()


def test_lab_norms_mean_and_sd_are_exact(controls):
    library = _quiet(build_lab_norms, controls, population="synthetic adults", age="30 y")
    group = library.groups[0]
    assert group.n_subjects == 3 and group.speed_group == "lab"
    tilt = group.value("pelvic_tilt_mean_deg")
    single = _quiet(gaitlab.analyze, controls[1]).key_measures.loc["pelvic_tilt_mean_deg"].mean()
    assert tilt.mean == pytest.approx(single, abs=1e-6)
    assert tilt.sd == pytest.approx(2.0, abs=1e-6)  # SD of -2, 0, +2
    np.testing.assert_allclose(group.curves_sd["PelvisAngles_X"], 2.0, atol=1e-6)
    assert not library.metadata.paediatric
    assert "paediatric" not in group.describe()


def test_analysis_against_lab_norms_names_them(controls, tmp_path):
    library = _quiet(build_lab_norms, controls, name="mylab")
    tilted, _ = make_walking_trial(n_strides=3, pelvic_tilt_offset_deg=10.0)
    result = _quiet(gaitlab.analyze, tilted, norms=library)
    assert result.reference.label == "mylab (lab)"
    flagged = result.flags[result.flags["code"] == "PELVIS_ANTERIOR_TILT"]
    assert set(flagged["side"]) == {"left", "right"}
    assert (flagged["reference"] == "mylab (lab)").all()


def test_cli_norms_build_and_analyze_json(controls, tmp_path, capsys):
    folder = tmp_path / "controls"
    folder.mkdir()
    for k, trial in enumerate(controls):
        write_c3d(trial, folder / f"control{k}.c3d")
    out = tmp_path / "lab.json"
    assert _quiet(main, ["norms", "build", str(folder), "-o", str(out), "--age", "20-40 y"]) == 0
    assert load_norms(out).groups[0].n_subjects == 3
    report = tmp_path / "a.json"
    code = _quiet(
        main,
        ["analyze", str(folder / "control1.c3d"), "--norms", str(out), "--json", "-o", str(report)],
    )
    assert code == 0
    document = json.loads(report.read_text())
    assert document["reference"]["label"] == "lab (lab)"
    assert document["reference"]["age"] == "20-40 y"
    assert _quiet(main, ["analyze", str(folder / "control1.c3d")]) == 0
    assert "Schwartz2008" in capsys.readouterr().out


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "missing.c3d")]) == 1
    assert main(["norms", "build", str(tmp_path), "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "missing.c3d" in err and "no trial files" in err


def test_speed_outside_the_reference_controls_is_warned(controls):
    library = _quiet(build_lab_norms, controls)
    slow, _ = make_walking_trial(n_strides=3, cadence_steps_per_min=70.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = gaitlab.analyze(slow, norms=library)
    assert any("outside the reference controls" in str(w.message) for w in caught)
    assert any("outside the reference controls" in w for w in result.warnings)


def test_running_is_reported_as_outside_the_walking_references():
    trial, _ = make_walking_trial(n_strides=3, running=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = gaitlab.analyze(trial)
    assert any("looks like running" in w for w in result.warnings)
    assert any("looks like running" in str(w.message) for w in caught)
