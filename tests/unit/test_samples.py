"""The shipped sample trials are exactly what ``gaitlab.samples`` makes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from gaitlab.io import load_trial
from gaitlab.samples import SAMPLES, sha256_of, write_samples

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    write_samples(folder)
    return folder


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.file_name)
def test_shipped_sample_matches_generator(sample, regenerated):
    shipped = load_trial(SAMPLES_DIR / sample.file_name)
    fresh = load_trial(regenerated / sample.file_name)
    assert shipped.marker_labels == fresh.marker_labels
    np.testing.assert_array_equal(np.isnan(shipped.markers), np.isnan(fresh.markers))
    np.testing.assert_allclose(shipped.markers, fresh.markers, atol=1e-3, equal_nan=True)
    assert shipped.events == fresh.events
    assert shipped.subject == fresh.subject
    assert (SAMPLES_DIR / sample.file_name).stat().st_size < 400_000


def test_readme_lists_every_sample_with_its_sha256():
    readme = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"## (\S+\.c3d).*?sha256: `([0-9a-f]{64})`", readme, flags=re.S))
    assert set(listed) == {s.file_name for s in SAMPLES}
    for name, digest in listed.items():
        assert sha256_of(SAMPLES_DIR / name) == digest, name


def test_samples_show_their_patterns():
    typical = load_trial(SAMPLES_DIR / "typical_walker.c3d")
    minus_x = load_trial(SAMPLES_DIR / "walking_minus_x.c3d")
    tight = load_trial(SAMPLES_DIR / "tight_hamstrings.c3d")
    pelvis_x = minus_x.marker("LASI")[:, 0]
    assert pelvis_x[-1] < pelvis_x[0] - 2000  # walks towards -X
    assert typical.marker("LASI")[-1, 0] > typical.marker("LASI")[0, 0] + 2000

    def stride_m(trial):
        table = trial.events_table()
        frames = table[(table.side == "left") & (table.kind == "foot_strike")]["frame"]
        toe = trial.marker("LTOE")[frames.to_numpy()]
        return np.median(np.linalg.norm(np.diff(toe[:, :2], axis=0), axis=1)) / 1000

    assert stride_m(tight) < stride_m(typical) - 0.2
