"""Property tests: truncated or corrupted C3D files never raise anything but a C3DReadError.

Copies of a tiny C3D written here with ezc3d (always available) and of a few
small real files (when ../shared/data is present) are cut at any length or
have random bytes overwritten, mostly in the header and parameter section
where a bad value can make a C++ reader crash. Reading them must either give a
valid Trial or raise a C3DReadError (a GaitlabError). Each read runs in a forked
child, so a crash in ezc3d fails that example (with the file's bytes), not the whole run.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaitlab.errors import C3DReadError
from gaitlab.io.c3d import read_c3d
from gaitlab.trial import Trial

ezc3d = pytest.importorskip("ezc3d")

SHARED_C3D = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "c3d"
REAL_FILES = [
    SHARED_C3D / "odd" / "ezc3d_FP_Type3.c3d",  # 9 kB, Qualisys, type-3 plates
    SHARED_C3D / "odd" / "ezc3d_Optotrak.c3d",  # 28 kB, fewer frames than declared
    SHARED_C3D / "odd" / "Analysis.c3d",  # 51 kB, DEC floats, outputs only
    SHARED_C3D / "odd" / "sample10_TYPE-4.C3D",  # 73 kB, DEC integers, type-4 plate
]
#: Derandomised, so that every run (CI included) tries the same inputs; explore new ones
#: with ``make fuzz`` (random seeds, many more examples).
SETTINGS = settings(
    max_examples=int(os.environ.get("GAITLAB_FUZZ_EXAMPLES", "120")),
    derandomize=not os.environ.get("GAITLAB_FUZZ_EXAMPLES"),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def tiny_c3d(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Bytes of a tiny C3D with points, analogs, events and PROCESSING."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.c3d"
    c3d = ezc3d.c3d()
    c3d["parameters"]["POINT"]["RATE"]["value"] = [100.0]
    c3d["parameters"]["POINT"]["LABELS"]["value"] = ["LASI", "RASI", "LHipAngles"]
    c3d.add_parameter("POINT", "ANGLES", ["LHipAngles"])
    c3d["data"]["points"] = np.random.default_rng(0).normal(size=(4, 3, 12))
    c3d["parameters"]["ANALOG"]["RATE"]["value"] = [1000.0]
    c3d["parameters"]["ANALOG"]["LABELS"]["value"] = ["EMG1"]
    c3d["data"]["analogs"] = np.zeros((1, 1, 120))
    c3d.add_parameter("EVENT", "LABELS", ["Foot Strike"])
    c3d.add_parameter("EVENT", "CONTEXTS", ["Left"])
    c3d.add_parameter("EVENT", "TIMES", np.array([[0.0], [0.05]]))
    c3d.add_parameter("PROCESSING", "LLegLength", [900.0])
    c3d.write(str(path))
    return path.read_bytes()


def _sources(tiny: bytes) -> list[bytes]:
    return [tiny] + [p.read_bytes() for p in REAL_FILES if p.exists()]


def _read_in_this_process(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            trial = read_c3d(path)
        except C3DReadError as error:
            assert str(path) in str(error)
            return
    assert isinstance(trial, Trial)


def _read_must_not_escape(path: Path) -> None:
    """Read ``path`` in a forked child, so that a crash in ezc3d fails this example only.

    The child exits 0 when the read gave a Trial or a C3DReadError naming the
    file, 1 for anything else; a signal (segmentation fault) or a hang shows in
    the parent as a failed assertion with the file's bytes for the report.
    """
    if not hasattr(os, "fork"):  # pragma: no cover - Windows: no isolation
        _read_in_this_process(path)
        return
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        try:
            _read_in_this_process(path)
        except BaseException as error:
            print(f"{type(error).__name__}: {error}", file=sys.stderr)
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        pytest.fail(
            f"reading crashed the interpreter (signal {os.WTERMSIG(status)}); "
            f"file bytes (hex, first 4096): {path.read_bytes()[:4096].hex()}"
        )
    assert os.WEXITSTATUS(status) == 0, "the read raised something other than C3DReadError"


@SETTINGS
@given(data=st.data())
def test_truncated_copies(tmp_path: Path, tiny_c3d: bytes, data: st.DataObject) -> None:
    sources = _sources(tiny_c3d)
    source = sources[data.draw(st.integers(0, len(sources) - 1), label="source")]
    length = data.draw(st.integers(0, len(source) - 1), label="length")
    path = tmp_path / "truncated.c3d"
    path.write_bytes(source[:length])
    _read_must_not_escape(path)


@SETTINGS
@given(data=st.data())
def test_corrupted_copies(tmp_path: Path, tiny_c3d: bytes, data: st.DataObject) -> None:
    sources = _sources(tiny_c3d)
    source = bytearray(sources[data.draw(st.integers(0, len(sources) - 1), label="source")])
    parameters_end = min(
        len(source), (source[0] - 1) * 512 + source[(source[0] - 1) * 512 + 2] * 512
    )
    n_changes = data.draw(st.integers(1, 12), label="changes")
    for _ in range(n_changes):
        in_head = data.draw(st.booleans(), label="in header/parameters")
        stop = parameters_end if in_head else len(source)
        position = data.draw(st.integers(0, stop - 1), label="position")
        source[position] = data.draw(st.integers(0, 255), label="byte")
    path = tmp_path / "corrupted.c3d"
    path.write_bytes(bytes(source))
    _read_must_not_escape(path)
