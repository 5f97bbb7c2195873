"""The CLI entry point: one line per error, exit codes, compact warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gaitlab import cli
from gaitlab.cli import COMMAND_MODULES
from gaitlab.errors import GaitlabWarning


def test_version_and_help_list_commands(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for name in cli.COMMAND_MODULES:
        assert name in out


def test_formats_lists_the_c3d_reader(capsys):
    assert cli.main(["formats"]) == 0
    assert "c3d" in capsys.readouterr().out


def test_info_reports_each_bad_file_on_one_line_and_exits_1(tmp_path, capsys):
    empty = tmp_path / "empty.c3d"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.c3d"
    assert cli.main(["info", str(empty), str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert "empty.c3d" in err[0] and "missing.c3d" in err[1]
    assert all(line.startswith("gaitlab info: error: ") for line in err)


def test_info_on_a_written_trial(tmp_path, capsys):
    from gaitlab.io.c3d_write import write_c3d
    from gaitlab.trial import Trial

    trial = Trial(markers=np.ones((10, 1, 3)), marker_labels=("LASI",), point_rate_hz=50.0)
    path = write_c3d(trial, tmp_path / "one.c3d")
    assert cli.main(["info", str(path)]) == 0
    assert "10 frames at 50 Hz" in capsys.readouterr().out


def test_gaitlab_warnings_print_as_one_line(monkeypatch, capsys):
    def noisy(args):
        warnings.warn("few strides in walk.c3d", GaitlabWarning, stacklevel=1)
        return 0

    monkeypatch.setattr("gaitlab.commands.formats.run", noisy)
    assert cli.main(["formats"]) == 0
    err = capsys.readouterr().err
    assert err.strip() == "gaitlab formats: warning: few strides in walk.c3d"


def test_import_gaitlab_loads_the_pipeline_only_on_use():
    import subprocess
    import sys

    code = (
        "import sys, gaitlab; assert 'scipy.signal' not in sys.modules, 'eager'; "
        "gaitlab.analyze; assert 'gaitlab.analysis' in sys.modules; "
        "assert {'analyze', 'load_trial', 'Trial'} <= set(dir(gaitlab))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    import gaitlab

    with pytest.raises(AttributeError, match="no attribute 'not_a_function'"):
        gaitlab.not_a_function  # noqa: B018


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["info", "x.c3d"], ("info",)),
        (["-v", "events", "x.c3d"], ("events",)),
        (["--version"], ()),
        (["--help"], COMMAND_MODULES),
        (["bogus"], COMMAND_MODULES),
    ],
)
def test_only_the_requested_command_is_imported(argv, expected):
    from gaitlab.cli import _requested

    assert _requested(argv) == expected
