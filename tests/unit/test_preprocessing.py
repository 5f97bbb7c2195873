"""Gap filling with a limit, and the zero-lag low-pass filter."""

from __future__ import annotations

import numpy as np
import pytest

from gaitlab.preprocessing import PreprocessingError, fill_gaps, find_gaps, lowpass, preprocess
from gaitlab.trial import ModelOutput, Trial

RATE_HZ = 100.0


def _trial(n=300, **kwargs):
    t = np.arange(n) / RATE_HZ
    smooth = np.stack([1000 * t, 50 * np.sin(2 * np.pi * t), 900 + 20 * np.cos(2 * np.pi * t)], 1)
    markers = np.stack([smooth, smooth + 100.0], axis=1)
    return Trial(markers=markers, marker_labels=("A", "B"), point_rate_hz=RATE_HZ, **kwargs)


def _with_holes(trial, holes):
    markers = np.array(trial.markers)
    for marker, start, stop in holes:
        markers[start:stop, marker] = np.nan
    return Trial(markers=markers, marker_labels=trial.marker_labels, point_rate_hz=RATE_HZ)


def test_short_gaps_are_filled_close_to_the_truth_and_long_ones_are_not():
    truth = _trial()
    holed = _with_holes(truth, [(0, 50, 58), (0, 150, 175), (1, 0, 5), (1, 290, 300)])
    filled, gaps = fill_gaps(holed, max_gap_frames=10)
    report = {(g.marker, g.start_frame): g for g in gaps}
    assert report[("A", 50)].filled and report[("A", 50)].n_frames == 8
    assert not report[("A", 150)].filled and "longer than 10" in report[("A", 150)].reason
    assert not report[("B", 0)].filled and "start" in report[("B", 0)].reason
    assert not report[("B", 290)].filled and "end" in report[("B", 290)].reason
    # filled samples: a smooth signal is recovered to well under a millimetre
    np.testing.assert_allclose(filled.markers[50:58, 0], truth.markers[50:58, 0], atol=0.05)
    assert np.isnan(filled.markers[150:175, 0]).all()
    assert np.isnan(filled.markers[:5, 1]).all()
    # nothing else changed
    untouched = np.isfinite(holed.markers)
    np.testing.assert_array_equal(filled.markers[untouched], holed.markers[untouched])
    assert any("filled 8 marker samples" in c for c in filled.provenance.conversions)


def test_gap_limit_is_configurable_and_validated():
    holed = _with_holes(_trial(), [(0, 100, 120)])
    assert not [g for g in find_gaps(holed, 10) if g.filled]
    assert [g for g in find_gaps(holed, 20) if g.filled]
    with pytest.raises(PreprocessingError):
        fill_gaps(holed, -1)


def test_lowpass_removes_high_frequency_noise_without_lag():
    trial = _trial(n=1000)
    noisy = np.array(trial.markers) + 0.0
    noisy[:, 0, 1] += 5.0 * np.sin(2 * np.pi * 30.0 * np.arange(1000) / RATE_HZ)
    noisy_trial = Trial(markers=noisy, marker_labels=trial.marker_labels, point_rate_hz=RATE_HZ)
    smooth = lowpass(noisy_trial, cutoff_hz=6.0)
    # the 30 Hz component is gone and the 1 Hz motion keeps its phase (zero lag)
    inner = slice(100, 900)
    np.testing.assert_allclose(smooth.markers[inner, 0, 1], trial.markers[inner, 0, 1], atol=0.2)


def test_lowpass_keeps_nan_and_rejects_cutoff_above_nyquist():
    holed = _with_holes(_trial(), [(0, 100, 140)])
    smooth = lowpass(holed, 6.0)
    assert np.isnan(smooth.markers[100:140, 0]).all()
    assert np.isfinite(smooth.markers[:100, 0]).all()
    with pytest.raises(PreprocessingError, match="Nyquist"):
        lowpass(holed, 60.0)


def test_preprocess_skips_the_filter_for_files_with_model_outputs():
    output = ModelOutput("LHipAngles", "LHipAngles", "angles", np.zeros((300, 3)), "deg")
    trial = _trial(model_outputs={"LHipAngles": output})
    same, report = preprocess(trial)
    assert report.cutoff_hz is None and report.notes
    np.testing.assert_array_equal(same.markers, trial.markers)
    _, report = preprocess(_trial())
    assert report.cutoff_hz == 6.0
