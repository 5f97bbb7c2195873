"""IMU readers: the documented CSV and HDF5 layouts, units, and clear errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

import h5py
import numpy as np
import pytest
import scipy.io
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gaitlab import load_trial
from gaitlab.errors import FileReadError
from gaitlab.io.imu_hdf5 import write_imu_hdf5

RNG = np.random.default_rng(0)
ACC_G = RNG.normal(0, 1, size=(50, 3))
GYR_RAD = RNG.normal(0, 2, size=(50, 3))


def _write_gaitlab_csv(path: Path, header: str, first: str = "time_s") -> Path:
    rows = [header.rstrip("\n")]
    columns = [first] + [f"left_foot_{s}_{a}" for s in ("acc", "gyr") for a in "xyz"]
    rows.append(",".join(columns))
    for k in range(len(ACC_G)):
        clock = k / 100.0 if first == "time_s" else k
        rows.append(",".join(str(v) for v in (clock, *ACC_G[k], *GYR_RAD[k])))
    path.write_text("\n".join(rows) + "\n")
    return path


def test_gaitlab_csv_converts_units_once_and_records_them(tmp_path: Path) -> None:
    path = _write_gaitlab_csv(
        tmp_path / "walk.csv",
        "# gaitlab-imu-csv\n# acc_unit: g\n# gyr_unit: rad/s\n# frame: gaitmap_foot",
    )
    trial = load_trial(path)
    sensor = trial.imu["left_foot"]
    np.testing.assert_allclose(sensor.acc_mps2, ACC_G * 9.80665)
    np.testing.assert_allclose(sensor.gyr_dps, np.degrees(GYR_RAD))
    assert sensor.rate_hz == pytest.approx(100.0)  # from the time_s column
    assert sensor.frame == "gaitmap_foot"
    assert trial.markers.shape == (50, 0, 3)
    assert trial.point_rate_hz == pytest.approx(100.0)
    assert trial.provenance.format == "imu_csv"
    assert any("g -> m/s^2" in c for c in trial.provenance.conversions)
    assert any("rad/s -> deg/s" in c for c in trial.provenance.conversions)


def test_arguments_override_the_header(tmp_path: Path) -> None:
    path = _write_gaitlab_csv(tmp_path / "walk.csv", "# gaitlab-imu-csv\n# rate_hz: 50", "sample")
    trial = load_trial(path, rate_hz=200.0, acc_unit="m/s^2", gyr_unit="deg/s")
    assert trial.imu["left_foot"].rate_hz == 200.0
    np.testing.assert_allclose(trial.imu["left_foot"].acc_mps2, ACC_G)
    assert trial.provenance.conversions == ()


@pytest.mark.parametrize(
    ("header", "first", "options", "message"),
    [
        ("# gaitlab-imu-csv", "sample", {}, "sampling rate is unknown"),
        ("# gaitlab-imu-csv\n# acc_unit: furlong", "time_s", {}, "acc unit 'furlong'"),
        ("# gaitlab-imu-csv", "time_s", {"rate_hz": -5}, "positive rate"),
        ("# gaitlab-imu-csv", "frame", {}, "first column is 'frame'"),
    ],
)
def test_csv_errors_name_the_file_and_the_fix(
    tmp_path: Path, header: str, first: str, options: dict, message: str
) -> None:
    path = _write_gaitlab_csv(tmp_path / "bad.csv", header, first)
    with pytest.raises(FileReadError, match=message) as info:
        load_trial(path, format="imu_csv", **options)
    assert str(path) in str(info.value)


def test_csv_with_a_missing_axis_or_text_value(tmp_path: Path) -> None:
    path = tmp_path / "partial.csv"
    path.write_text(
        "# gaitlab-imu-csv\n# rate_hz: 100\nsample,back_acc_x,back_acc_y\n0,1,2\n1,1,2\n"
    )
    with pytest.raises(FileReadError, match="sensor 'back' lacks columns"):
        load_trial(path)
    path.write_text(
        "# gaitlab-imu-csv\n# rate_hz: 100\n"
        "sample,b_acc_x,b_acc_y,b_acc_z,b_gyr_x,b_gyr_y,b_gyr_z\n"
        "0,1,2,3,4,5,6\n1,1,oops,3,4,5,6\n"
    )
    with pytest.raises(FileReadError, match="non-numeric value 'oops' in column 'b_acc_y'"):
        load_trial(path)


def _two_row_header() -> list[str]:
    """The sensor and axis header rows of gaitmap's layout (two sensors, columns alternating)."""
    sensors = ["left_sensor", "right_sensor"]
    axes = [f"{s}_{a}" for s in ("acc", "gyr") for a in "xyz"]
    return [
        "sensor," + ",".join(s for _ in axes for s in sensors),
        "axis," + ",".join(a for a in axes for _ in sensors),
    ]


def test_two_row_header_layout(tmp_path: Path) -> None:
    path = tmp_path / "gaitmap.csv"
    lines = _two_row_header()
    lines += [f"{k}," + ",".join(str(k + j) for j in range(12)) for k in range(5)]
    path.write_text("\n".join(lines) + "\n")
    trial = load_trial(path, rate_hz=204.8)
    assert sorted(trial.imu) == ["left_foot", "right_foot"]
    left = trial.imu["left_foot"]
    assert left.frame == "gaitmap_foot"
    np.testing.assert_allclose(left.acc_mps2[0], [0, 2, 4])  # columns alternate left/right
    np.testing.assert_allclose(trial.imu["right_foot"].gyr_dps[1], [1 + 7, 1 + 9, 1 + 11])
    assert load_trial(path, rate_hz=100, sensor_location="shank").imu.keys() == {
        "left_shank",
        "right_shank",
    }


def test_two_row_header_with_a_first_data_row_one_field_too_long(tmp_path: Path) -> None:
    # found by fuzzing: a first data row with one field too many (its sample number
    # replaced by a comma) made pandas return a flat header; the reader failed with a TypeError
    path = tmp_path / "gaitmap.csv"
    lines = _two_row_header() + [",," + ",".join("1" for _ in range(12))]
    lines += [f"{k}," + ",".join(str(k + j) for j in range(12)) for k in range(1, 5)]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(FileReadError, match="two header rows"):
        load_trial(path, rate_hz=204.8)


def test_hdf5_round_trip_and_units(tmp_path: Path) -> None:
    csv = _write_gaitlab_csv(
        tmp_path / "walk.csv", "# gaitlab-imu-csv\n# acc_unit: g\n# gyr_unit: rad/s"
    )
    trial = load_trial(csv)
    again = load_trial(write_imu_hdf5(tmp_path / "walk.h5", trial))
    np.testing.assert_allclose(again.imu["left_foot"].acc_mps2, trial.imu["left_foot"].acc_mps2)
    assert again.imu["left_foot"].rate_hz == pytest.approx(100.0)
    path = tmp_path / "g.h5"
    with h5py.File(path, "w") as handle:
        handle.attrs["gaitlab_format"] = "imu-hdf5"
        group = handle.create_group("lower_back")
        group.attrs.update({"rate_hz": 50.0, "acc_unit": "g", "gyr_unit": "rad/s", "frame": "x"})
        group["acc"] = ACC_G
        group["gyr"] = GYR_RAD
    sensor = load_trial(path).imu["lower_back"]
    np.testing.assert_allclose(sensor.acc_mps2, ACC_G * 9.80665)
    np.testing.assert_allclose(sensor.gyr_dps, np.degrees(GYR_RAD))


def test_hdf5_with_a_damaged_data_chunk(tmp_path: Path) -> None:
    # found by fuzzing: h5py's OSError ("filter returned failure"), RuntimeError (B-tree) ...
    # escaped the reader
    csv = _write_gaitlab_csv(tmp_path / "walk.csv", "# gaitlab-imu-csv\n# rate_hz: 100")
    path = write_imu_hdf5(tmp_path / "walk.h5", load_trial(csv))
    with h5py.File(path, "r") as handle:
        chunk_at = handle["left_foot/acc"].id.get_chunk_info(0).byte_offset
    data = bytearray(path.read_bytes())
    data[chunk_at : chunk_at + 16] = b"\xff" * 16  # the gzip stream no longer inflates
    path.write_bytes(bytes(data))
    with pytest.raises(FileReadError, match="HDF5 content is corrupted"):
        load_trial(path)


@pytest.mark.parametrize("problem", ["tag", "dataset", "rate", "shape"])
def test_hdf5_errors(tmp_path: Path, problem: str) -> None:
    path = tmp_path / "bad.h5"
    with h5py.File(path, "w") as handle:
        handle.attrs["gaitlab_format"] = "something-else" if problem == "tag" else "imu-hdf5"
        group = handle.create_group("left_foot")
        group.attrs["rate_hz"] = 0.0 if problem == "rate" else 100.0
        group["acc"] = ACC_G[:, :2] if problem == "shape" else ACC_G
        if problem != "dataset":
            group["gyr"] = GYR_RAD
    expected = {
        "tag": "gaitlab_format",
        "dataset": "no dataset 'gyr'",
        "rate": "rate_hz",
        "shape": "expected \\(n, 3\\)",
    }[problem]
    with pytest.raises(FileReadError, match=expected):
        load_trial(path)


def test_a_mat_file_that_is_not_mobilise_d(tmp_path: Path) -> None:
    path = tmp_path / "other.mat"
    scipy.io.savemat(path, {"something": np.arange(3)})
    with pytest.raises(FileReadError, match="no variable 'data'"):
        load_trial(path)


def test_mobilise_d_reader_on_the_public_example(shared_data: Path) -> None:
    from gaitlab.io.imu_mobilised import mobilised_trials, read_mobilised_reference

    path = shared_data / "imu" / "mobgap" / "HA" / "001" / "data.mat"
    assert ("TimeMeasure1", "Test5", "Trial1") in mobilised_trials(path)
    trial = load_trial(path, test="Test5", trial="Trial1")
    sensor = trial.imu["lower_back"]
    assert sensor.rate_hz == 100.0 and sensor.frame == "mobilised_lower_back"
    # Standing at the start: the x axis (up) reads +1 g, now in m/s^2.
    assert np.linalg.norm(sensor.acc_mps2[:50].mean(axis=0)) == pytest.approx(9.81, abs=0.3)
    assert sensor.acc_mps2[:50, 0].mean() > 9.0
    assert trial.subject.extra["sensor_height_mm"] == pytest.approx(964.0)
    assert trial.subject.height_mm == pytest.approx(1590.0)
    reference = read_mobilised_reference(path, "Test5", "Trial1", "Stereophoto")
    bout = reference.bouts.iloc[0]
    assert bout["start_s"] == pytest.approx(5.03) and bout["n_strides"] == 8
    assert list(reference.initial_contacts["side"][:2]) == ["left", "right"]
    with pytest.raises(FileReadError, match="available: TimeMeasure1.Test5.Trial1"):
        load_trial(path, test="Test99")
    with pytest.raises(FileReadError, match="has no field 'Vicon'"):
        read_mobilised_reference(path, "Test5", "Trial1", "Vicon")


def test_truncated_and_corrupted_files(tmp_path: Path) -> None:
    csv = _write_gaitlab_csv(tmp_path / "walk.csv", "# gaitlab-imu-csv")
    trial = load_trial(csv)
    h5 = write_imu_hdf5(tmp_path / "walk.h5", trial)
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(h5.read_bytes()[:600])
    with pytest.raises(FileReadError, match="truncated.h5"):
        load_trial(truncated)
    mat = tmp_path / "broken.mat"
    mat.write_bytes(b"MATLAB 5.0 MAT-file, written by hand" + b"\0" * 100)
    with pytest.raises(FileReadError, match="broken.mat"):
        load_trial(mat)
    one_row = tmp_path / "one.csv"
    one_row.write_text(
        "# gaitlab-imu-csv\ntime_s,a_acc_x,a_acc_y,a_acc_z,a_gyr_x,a_gyr_y,a_gyr_z\n0,1,2,3,4,5,6\n"
    )
    with pytest.raises(FileReadError, match="only 1 sample row"):
        load_trial(one_row)


@settings(max_examples=25, deadline=None)
@given(
    values=arrays(np.float64, (7, 6), elements=st.floats(-1e4, 1e4)),
    acc_unit=st.sampled_from(["m/s^2", "g"]),
    gyr_unit=st.sampled_from(["deg/s", "rad/s"]),
)
def test_csv_units_property(values: np.ndarray, acc_unit: str, gyr_unit: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        header = "time_s," + ",".join(f"s_{k}_{a}" for k in ("acc", "gyr") for a in "xyz")
        rows = [
            f"{i / 10!r}," + ",".join(repr(float(v)) for v in row) for i, row in enumerate(values)
        ]
        path.write_text(
            f"# gaitlab-imu-csv\n# acc_unit: {acc_unit}\n# gyr_unit: {gyr_unit}\n"
            + "\n".join([header, *rows])
        )
        sensor = load_trial(path).imu["s"]
    acc_factor = 9.80665 if acc_unit == "g" else 1.0
    gyr_factor = np.degrees(1.0) if gyr_unit == "rad/s" else 1.0
    np.testing.assert_allclose(sensor.acc_mps2, values[:, :3] * acc_factor)
    np.testing.assert_allclose(sensor.gyr_dps, values[:, 3:] * gyr_factor)
    assert sensor.rate_hz == pytest.approx(10.0)
