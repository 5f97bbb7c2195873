"""`gaitlab demo` reports every sample, and one bad file does not stop the others."""

from __future__ import annotations

import shutil

from gaitlab import cli
from tests.conftest import SAMPLES


def test_demo_reports_every_sample(capsys):
    assert cli.main(["demo", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    for path in sorted(SAMPLES.glob("*.c3d")):
        assert f"== {path.name} ==" in out
    assert out.count("peak hip extension") == 2 * len(list(SAMPLES.glob("*.c3d")))
    assert out.count("Gait Profile Score") == len(list(SAMPLES.glob("*.c3d")))
    assert "stride" in out and "cadence" in out


def test_demo_keeps_going_past_a_bad_file(tmp_path, capsys):
    good = sorted(SAMPLES.glob("*.c3d"))[0]
    shutil.copy(good, tmp_path / "b_good.c3d")
    (tmp_path / "a_broken.c3d").write_bytes(b"not a c3d file at all")
    assert cli.main(["demo", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "a_broken.c3d" in captured.err
    assert "== b_good.c3d ==" in captured.out


def test_demo_without_trials_is_an_error(tmp_path, capsys):
    assert cli.main(["demo", str(tmp_path)]) == 1
    assert "no .c3d files" in capsys.readouterr().err
