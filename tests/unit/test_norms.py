"""Norms: the shipped Schwartz 2008 set, JSON round trip, speed-group selection."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from gaitlab.errors import FileReadError, MissingParameterError
from gaitlab.norms import (
    ReferenceLibrary,
    ReferenceMetadata,
    ReferenceSet,
    ReferenceValue,
    default_norms,
    dimensionless_speed,
    load_norms,
    save_norms,
)


@pytest.fixture(scope="module")
def schwartz() -> ReferenceLibrary:
    return default_norms()


def test_shipped_set_keeps_citation_licence_and_says_children(schwartz):
    meta = schwartz.metadata
    assert "J Biomech 41" in meta.citation
    assert "CC BY-SA 4.0" in meta.licence
    assert meta.paediatric
    assert "children" in schwartz.group("Free").describe()
    assert "--norms" in schwartz.group("Free").describe()
    assert [g.speed_group for g in schwartz.groups] == [
        "VerySlow",
        "Slow",
        "Free",
        "Fast",
        "VeryFast",
    ]


def test_per_subject_values_match_the_paper_workbook(schwartz):
    # literature.md section 1.2 [V], copied from the workbook's ANOVA sheet
    free = schwartz.group("Free")
    assert free.value("hip_flexion_min_stance_deg").mean == pytest.approx(-5.7104, abs=1e-3)
    assert free.value("hip_flexion_min_stance_deg").sd == pytest.approx(6.4726, abs=1e-3)
    assert free.value("pelvic_tilt_mean_deg").mean == pytest.approx(11.8916, abs=1e-3)
    assert free.value("step_length_norm").mean == pytest.approx(0.7596, abs=1e-4)
    assert free.value("contralateral_pelvic_drop_deg").mean == pytest.approx(4.4037, abs=1e-3)
    assert free.dimensionless_speed_mean == pytest.approx(0.4294, abs=1e-4)
    assert free.n_subjects == 82
    assert schwartz.group("VeryFast").value("knee_flexion_ic_deg").mean == pytest.approx(
        8.3934, abs=1e-3
    )


def test_curve_derived_values_match_the_literature_table(schwartz):
    # literature.md section 1.3 [D] and 2.2 (expected GPS), computed independently there
    free = schwartz.group("Free")
    assert free.value("knee_flexion_loading_peak_deg").mean == pytest.approx(19.3, abs=0.05)
    assert free.value("knee_flexion_loading_peak_deg").sd == pytest.approx(6.3, abs=0.05)
    assert free.value("knee_flexion_terminal_swing_deg").mean == pytest.approx(4.0, abs=0.05)
    assert free.value("hip_adduction_max_stance_deg").mean == pytest.approx(5.2, abs=0.05)
    assert free.value("knee_varus_max_stance_deg").sd == pytest.approx(3.6, abs=0.05)
    assert free.value("gps_overall_deg").mean == pytest.approx(5.8, abs=0.05)
    assert schwartz.group("VerySlow").value("gps_overall_deg").mean == pytest.approx(7.0, abs=0.05)


def test_hamstring_peak_lengths_rise_with_speed(schwartz):
    # Agarwal-Harding, Schwartz & Delp 2010: peak hamstring length increases with speed
    for muscle in ("semimembranosus", "semitendinosus", "biceps_femoris_lh"):
        peaks = [g.value(f"{muscle}_peak_length_norm").mean for g in schwartz.groups]
        assert peaks == sorted(peaks)
        assert 1.0 < peaks[0] and peaks[-1] < 1.15


def test_curves_are_mean_and_half_band_of_the_source(schwartz, shared_data):
    source = json.loads((shared_data / "norms" / "Schwartz2008.json").read_text())
    rows = np.asarray(source["Schwartz2008"]["Fast"]["KneeAngles"]["X"])
    fast = schwartz.group("Fast")
    np.testing.assert_allclose(fast.percent, rows[:, 0])
    np.testing.assert_allclose(
        fast.curves_mean["KneeAngles_X"], rows[:, 1:].mean(axis=1), atol=1e-6
    )
    np.testing.assert_allclose(
        fast.curves_sd["KneeAngles_X"], (rows[:, 2] - rows[:, 1]) / 2, atol=1e-6
    )
    # planes absent from the source (zeros) are not shipped
    assert "FootProgressAngles_X" not in fast.curves_mean


def test_regeneration_reproduces_the_shipped_file(schwartz, shared_data, tmp_path):
    pytest.importorskip("xlrd", reason="xlrd (developer-only) reads the paper's workbook")
    from gaitlab.norms.schwartz2008 import main

    out = tmp_path / "s.json"
    assert main([str(shared_data / "norms"), str(out)]) == 0
    rebuilt = load_norms(out)
    for a, b in zip(rebuilt.groups, schwartz.groups, strict=True):
        assert a.values == b.values
        for name in a.curves_mean:
            np.testing.assert_allclose(a.curves_mean[name], b.curves_mean[name])


def test_dimensionless_speed_worked_example():
    # literature.md 1.2: adult with L = 0.90 m at 1.28 m/s is ~0.43
    assert dimensionless_speed(1.28, 900.0) == pytest.approx(1.28 / math.sqrt(9.81 * 0.9))
    assert dimensionless_speed(1.28, 900.0) == pytest.approx(0.431, abs=1e-3)
    with pytest.raises(MissingParameterError, match="leg_length_mm"):
        dimensionless_speed(1.0, float("nan"))


@pytest.mark.parametrize(
    ("speed", "group"),
    [
        (0.10, "VerySlow"),
        (0.22, "VerySlow"),
        (0.24, "Slow"),
        (0.43, "Free"),
        (0.50, "Fast"),
        (0.64, "VeryFast"),
        (0.90, "VeryFast"),
        (None, "Free"),
        (float("nan"), "Free"),
    ],
)
def test_speed_group_selection(schwartz, speed, group):
    # group bounds fall between the workbook's observed ranges (e.g. VerySlow max 0.226,
    # Slow min 0.234), i.e. near the midpoints of neighbouring group means
    assert schwartz.select(speed).speed_group == group


def _tiny_set(name: str = "lab") -> ReferenceLibrary:
    meta = ReferenceMetadata(name=name, population="adult controls", licence="own data")
    group = ReferenceSet(
        metadata=meta,
        speed_group="lab",
        percent=np.linspace(0, 100, 5),
        curves_mean={"KneeAngles_X": np.array([5.0, 20, 10, 60, 5])},
        curves_sd={"KneeAngles_X": np.array([4.0, 5, 5, 6, 4])},
        values={
            "knee_flexion_ic_deg": ReferenceValue(5.0, 4.0, "test"),
            "hip_sagittal_range_deg": ReferenceValue(40.0, float("nan"), "no sd"),
        },
        dimensionless_speed_mean=0.4,
        dimensionless_speed_sd=0.05,
        n_subjects=3,
    )
    return ReferenceLibrary(meta, (group,))


def test_round_trip_and_resampling(tmp_path):
    library = _tiny_set()
    back = load_norms(save_norms(library, tmp_path / "n.json"))
    group = back.groups[0]
    assert group.value("knee_flexion_ic_deg") == ReferenceValue(5.0, 4.0, "test")
    assert math.isnan(group.value("hip_sagittal_range_deg").sd)
    assert math.isnan(group.value("not_there").mean)
    mean, sd = group.curve("KneeAngles_X", n_points=9)
    assert mean[1] == pytest.approx(12.5)  # halfway between 5 and 20 at 12.5 %
    assert sd[-1] == pytest.approx(4.0)
    assert back.select(0.9).speed_group == "lab"
    with pytest.raises(MissingParameterError, match="HipAngles_X"):
        group.curve("HipAngles_X")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "not valid JSON"),
        ('{"format": "other"}', "format 'gaitlab-norms'"),
        ('{"format": "gaitlab-norms", "version": 1, "metadata": {"name": "x"}}', "groups"),
        (
            '{"format": "gaitlab-norms", "version": 1, "metadata": {"name": "x"}, "groups": []}',
            "empty",
        ),
        ('{"format": "gaitlab-norms", "version": 7}', "version 7 is not supported"),
    ],
)
def test_bad_norms_files_name_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(FileReadError, match=problem) as info:
        load_norms(path)
    assert "bad.json" in str(info.value)


def test_mismatched_curve_lengths_are_refused():
    meta = ReferenceMetadata(name="x")
    with pytest.raises(ValueError, match="KneeAngles_X"):
        ReferenceSet(
            meta, "g", np.arange(3.0), {"KneeAngles_X": np.zeros(4)}, {"KneeAngles_X": np.zeros(4)}
        )
