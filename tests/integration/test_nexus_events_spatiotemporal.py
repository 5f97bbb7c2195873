"""Events and spatiotemporal parameters against what Vicon Nexus (and QTM) stored.

References (../shared/data, see its README): the ANALYSIS group of the Nexus
files (one cycle per side: stride length from the TOE marker, cadence =
120 / stride time, speed = stride length / stride time), and the events
stored in every C3D file that has gait events.

How detected events are matched to the stored ones
(:func:`gaitlab.events.compare.match_events`): same side and kind, closest
first, one-to-one, within 0.1 s; a side is assessed from its first to its
last stored event; the first and last 0.1 s of a recording are left out
(a marker extremum or a plate onset there cannot be detected). Force plates
only see the contacts on them, so for ``force_plate`` only the accuracy and
the absence of spurious events are assessed, not misses.

Measured (100 Hz unless noted): % within one frame / largest error in
frames / mean |error| in ms, per method (force plates: contacts on plates only).

==================  ============  ============  =============  ============
file                zeni          oconnor       force_plate    auto
==================  ============  ============  =============  ============
gaitalytics_small   42/6/26.7     58/2/12.5     100/0/0.0      100/1/3.3
FlatFoot-Hole       12/8/40.0     50/5/20.0     100/0/0.0      100/1/3.8
Motion3 FF, noFF    40/6/31.0     70/2/13.0     83/3/6.7       90/3/7.0
Motion3_FF_N18      30/6/33.0     50/3/17.0     100/0/0.0      100/1/3.0
treadmill           49/4/19.3     98/2/4.1      67/4/11.8      98/2/4.1
PlugInC3D 60Hz      62/3/22.9     50/4/25.0     100/1/12.5     75/2/16.7
Qualisys 200Hz      33/7/20.0     50/4/9.2      0/5/15.0       0/5/13.3
==================  ============  ============  =============  ============

How the stored events were made, as far as the data tell:

- Nexus overground trials (gaitalytics_test_small: Nexus 2.10; Motion3_FF_N18:
  Nexus 1.8.5): the events at plate contacts are 20 N crossings put on the
  nearest point frame (``force_plate`` reproduces all 12 exactly; 16-20 N do,
  10 N and 25 N do not), and the other events are Nexus's "autocorrelate
  events" from those. ``auto`` (plates, plus O'Connor events aligned to the
  plate events on the heel and toe heights, :mod:`gaitlab.events.template`)
  puts every event within one frame. The older Motion3_FF/_noFF (same forces)
  have one foot off 3 frames before the plate's (Motion3_FF_N18 has it on the
  plate's frame) and most foot offs one frame earlier: another Nexus version.
  FlatFoot-Hole (Nexus 1.4): the right foot lands with its heel beside plate 2
  (the force rises 87 ms after the stored strike); Nexus did not use that
  plate, nor does ``force_plate``.
- Kinematic methods alone cannot reproduce plate-timed events within a frame:
  on the overground files, every marker feature tried (Zeni's, O'Connor's,
  heel/toe vertical velocity and acceleration extrema, heel/toe height and
  speed thresholds, filtered at 8 Hz or not) lags or leads the stored events
  by a varying 1.1-2 frames (SD), so no constant correction would do.
- The treadmill events (Nexus 2.14) are not plate crossings at any threshold
  (strike and off offsets differ by 1-2 frames with SD 0.4-0.9 frames), but
  follow the marker trajectories closely (O'Connor: SD 0.4 frames): probably
  autocorrelated from a few set events. ``auto`` uses the markers alone on a
  treadmill (the pelvis stays in place), so it gives O'Connor's events there.
  The QTM file's strikes match 1 N crossings; PlugInC3D's (Vicon
  Workstation) fit no single threshold.

These measurements are enforced below as they are (``MEASURED``); where the
issue's target (>= 95 % within one frame, none beyond three, nothing missed or
spurious) is not met, the test is an ``xfail`` with ``strict=True`` so that an
improvement is noticed.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gaitlab import load_trial
from gaitlab.errors import GaitlabError
from gaitlab.events import detect_events
from gaitlab.events.compare import match_events
from gaitlab.spatiotemporal import NEXUS_ANALYSIS_NAMES, compute_spatiotemporal, nexus_summary

EVENT_FILES = (
    "nexus-pig/gaitalytics_test_small.c3d",
    "nexus-pig/btk_PiG_Motion-FlatFoot-Hole.c3d",
    "nexus-pig/btk_PiG_Motion3_FF.c3d",
    "nexus-pig/btk_PiG_Motion3_FF_N18.c3d",
    "nexus-pig/btk_PiG_Motion3_noFF.c3d",
    "events/gaitalytics_treadmill_events.c3d",
    "odd/PlugInC3D.c3d",
    "odd/ezc3d_Qualisys.c3d",
)

#: (file, method) -> (largest |error| in frames, share within one frame) as measured
#: (force_plate: the contacts on plates only).
MEASURED = {
    ("gaitalytics_test_small.c3d", "oconnor"): (2.0, 0.58),
    ("btk_PiG_Motion-FlatFoot-Hole.c3d", "oconnor"): (5.0, 0.50),
    ("btk_PiG_Motion3_FF.c3d", "oconnor"): (2.0, 0.70),
    ("btk_PiG_Motion3_FF_N18.c3d", "oconnor"): (3.0, 0.50),
    ("btk_PiG_Motion3_noFF.c3d", "oconnor"): (2.0, 0.70),
    ("gaitalytics_treadmill_events.c3d", "oconnor"): (2.0, 0.97),
    ("PlugInC3D.c3d", "oconnor"): (4.0, 0.50),
    ("ezc3d_Qualisys.c3d", "oconnor"): (4.0, 0.50),
    ("gaitalytics_test_small.c3d", "zeni"): (6.0, 0.41),
    ("btk_PiG_Motion-FlatFoot-Hole.c3d", "zeni"): (8.0, 0.12),
    ("btk_PiG_Motion3_FF.c3d", "zeni"): (6.0, 0.40),
    ("btk_PiG_Motion3_FF_N18.c3d", "zeni"): (6.0, 0.30),
    ("btk_PiG_Motion3_noFF.c3d", "zeni"): (6.0, 0.40),
    ("gaitalytics_treadmill_events.c3d", "zeni"): (4.0, 0.48),
    ("PlugInC3D.c3d", "zeni"): (3.0, 0.62),
    ("ezc3d_Qualisys.c3d", "zeni"): (7.0, 0.33),
    ("gaitalytics_test_small.c3d", "force_plate"): (0.0, 1.0),
    ("btk_PiG_Motion-FlatFoot-Hole.c3d", "force_plate"): (0.0, 1.0),
    ("btk_PiG_Motion3_FF.c3d", "force_plate"): (3.0, 0.83),
    ("btk_PiG_Motion3_FF_N18.c3d", "force_plate"): (0.0, 1.0),
    ("btk_PiG_Motion3_noFF.c3d", "force_plate"): (3.0, 0.83),
    ("gaitalytics_treadmill_events.c3d", "force_plate"): (4.0, 0.66),
    ("PlugInC3D.c3d", "force_plate"): (1.0, 1.0),
    ("ezc3d_Qualisys.c3d", "force_plate"): (5.0, 0.0),
    ("gaitalytics_test_small.c3d", "auto"): (1.0, 1.0),
    ("btk_PiG_Motion-FlatFoot-Hole.c3d", "auto"): (1.0, 1.0),
    ("btk_PiG_Motion3_FF.c3d", "auto"): (3.0, 0.90),
    ("btk_PiG_Motion3_FF_N18.c3d", "auto"): (1.0, 1.0),
    ("btk_PiG_Motion3_noFF.c3d", "auto"): (3.0, 0.90),
    ("gaitalytics_treadmill_events.c3d", "auto"): (2.0, 0.97),
    ("PlugInC3D.c3d", "auto"): (2.0, 0.75),
    ("ezc3d_Qualisys.c3d", "auto"): (5.0, 0.0),
}

#: Files where a method meets the issue's accuracy target.
MEETS_TARGET = {
    ("gaitalytics_treadmill_events.c3d", "oconnor"),
    ("gaitalytics_test_small.c3d", "force_plate"),
    ("btk_PiG_Motion-FlatFoot-Hole.c3d", "force_plate"),
    ("btk_PiG_Motion3_FF_N18.c3d", "force_plate"),
    ("PlugInC3D.c3d", "force_plate"),
    ("gaitalytics_test_small.c3d", "auto"),
    ("btk_PiG_Motion-FlatFoot-Hole.c3d", "auto"),
    ("btk_PiG_Motion3_FF_N18.c3d", "auto"),
    ("gaitalytics_treadmill_events.c3d", "auto"),
}

METHODS = ("zeni", "oconnor", "force_plate", "auto")

EDGE_S = 0.1


@pytest.fixture(scope="module")
def trials(shared_data: Path) -> dict[str, object]:
    loaded = {}
    for name in EVENT_FILES:
        path = shared_data / "c3d" / name
        if path.exists():
            loaded[Path(name).name] = load_trial(path)
    return loaded


_MATCHES: dict[tuple[int, str], pd.DataFrame] = {}


def _matches(trial, method):
    """Matched events (computed once per trial and method: several tests read them)."""
    key = (id(trial), method)
    if key not in _MATCHES:
        _MATCHES[key] = _detect_and_match(trial, method)
    return _MATCHES[key]


def _detect_and_match(trial, method, **options):
    reference = detect_events(trial, "file")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        detected = detect_events(trial.with_events(()), method, **options)
    span = (trial.times_s[0] + EDGE_S, trial.times_s[-1] - EDGE_S)
    return match_events(detected, reference, span_s=span)


def _summary(table, rate_hz):
    matched = table[table.status == "matched"]
    frames = np.abs(matched.error_s.to_numpy()) * rate_hz
    return {
        "matched": len(matched),
        "missed": int((table.status == "missed").sum()),
        "spurious": int((table.status == "spurious").sum()),
        "within_1_frame": float(np.mean(frames <= 1.0 + 1e-3)) if len(frames) else np.nan,
        "max_frames": float(frames.max()) if len(frames) else np.nan,
        "mean_ms": float(np.abs(matched.error_s).mean() * 1000) if len(frames) else np.nan,
        "max_ms": float(np.abs(matched.error_s).max() * 1000) if len(frames) else np.nan,
    }


def test_results_table(trials):
    """Print mean and max error per method and file (run with -s to see it)."""
    rows = []
    for name, trial in trials.items():
        for method in ("zeni", "oconnor", "force_plate", "auto"):
            result = _summary(_matches(trial, method), trial.point_rate_hz)
            rows.append({"file": name, "method": method, **result})
    table = pd.DataFrame(rows)
    print("\n" + table.round(3).to_string(index=False))
    assert len(table) == 4 * len(trials)


def _assert_none_missed_or_spurious(result: dict, method: str) -> None:
    """Force plates only see the contacts on them: for them, misses are not counted."""
    assert result["spurious"] == 0, result
    if method != "force_plate":
        assert result["missed"] == 0, result


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", [Path(n).name for n in EVENT_FILES])
def test_events_none_missed_or_spurious_and_as_accurate_as_measured(trials, name, method):
    if name not in trials:
        pytest.skip(f"{name} not in ../shared/data")
    trial = trials[name]
    result = _summary(_matches(trial, method), trial.point_rate_hz)
    _assert_none_missed_or_spurious(result, method)
    max_frames, within = MEASURED[name, method]
    assert result["max_frames"] <= max_frames + 1e-3, result
    assert result["within_1_frame"] >= within - 0.01, result


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", [Path(n).name for n in EVENT_FILES])
def test_events_meet_the_issue_target(trials, name, method, request):
    if name not in trials:
        pytest.skip(f"{name} not in ../shared/data")
    if (name, method) not in MEETS_TARGET:
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason=f"measured {MEASURED[name, method]} (max frames, share within 1 frame)",
            )
        )
    trial = trials[name]
    result = _summary(_matches(trial, method), trial.point_rate_hz)
    _assert_none_missed_or_spurious(result, method)
    assert result["within_1_frame"] >= 0.95 and result["max_frames"] <= 3.0, result


@pytest.mark.parametrize(
    ("name", "max_frames", "min_matched"),
    [
        # Nexus 2.10 and 1.8.5: every plate event exactly (20 N, nearest frame)
        ("gaitalytics_test_small.c3d", 0.0, 6),
        ("btk_PiG_Motion3_FF_N18.c3d", 0.0, 6),
        # Nexus 1.4: plate 2 sees only the forefoot of a step; that contact is dropped
        ("btk_PiG_Motion-FlatFoot-Hole.c3d", 0.0, 2),
        # Vicon Workstation (60 Hz): its events are not 20 N crossings
        ("PlugInC3D.c3d", 1.0, 4),
    ],
)
def test_force_plate_events_match_the_stored_ones(trials, name, max_frames, min_matched):
    if name not in trials:
        pytest.skip(f"{name} not in ../shared/data")
    trial = trials[name]
    result = _summary(_matches(trial, "force_plate"), trial.point_rate_hz)
    assert result["spurious"] == 0 and result["matched"] >= min_matched, result
    assert result["max_frames"] <= max_frames + 1e-3, result


def test_force_plate_events_of_the_qtm_file_match_a_low_threshold(trials):
    """QTM's plate events are not 20 N crossings (up to 5 frames off) but 2-5 N ones."""
    name = "ezc3d_Qualisys.c3d"
    if name not in trials:
        pytest.skip(f"{name} not in ../shared/data")
    trial = trials[name]
    for threshold_n in (2.0, 5.0):
        table = _detect_and_match(trial, "force_plate", threshold_n=threshold_n)
        result = _summary(table, trial.point_rate_hz)
        assert result["spurious"] == 0 and result["matched"] == 3, (threshold_n, result)
        assert result["max_frames"] <= 1.0 + 1e-3, (threshold_n, result)


def _analysis_files(shared_data: Path) -> list[Path]:
    found = []
    for path in sorted((shared_data / "c3d").rglob("*.c3d")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                trial = load_trial(path)
        except GaitlabError:
            continue
        if any(a.name == "Stride Length" for a in trial.analysis):
            found.append(path)
    return found


def test_every_file_with_nexus_analysis_is_reproduced(shared_data):
    """Stride length 1 mm, stride time and cadence to the frame, speed 0.005 m/s, foot off 1 %."""
    paths = _analysis_files(shared_data)
    assert len(paths) >= 2, "expected the two Nexus files with ANALYSIS values"
    rows = []
    for path in paths:
        trial = load_trial(path)
        summary = nexus_summary(trial, per_stride=compute_spatiotemporal(trial))
        for value in trial.analysis:
            column = NEXUS_ANALYSIS_NAMES.get(value.name)
            side = value.context.lower()
            if column is None or side not in summary.index:
                continue
            ours = float(summary.loc[side, column])
            if value.unit == "s" and column.endswith("_pct"):  # Nexus 1.4 gives support in s
                ours *= float(summary.loc[side, "stride_time_s"]) / 100.0
            rows.append((path.name, side, value.name, value.value, ours, ours - value.value))
    table = pd.DataFrame(rows, columns=["file", "side", "name", "nexus", "gaitlab", "difference"])
    print("\n" + table.to_string(index=False))
    sides = table.groupby("file").side.nunique()
    assert (sides == 2).all(), sides
    rate_hz = 100.0
    limits = {
        "Stride Length": 0.001,
        "Stride Time": 0.5 / rate_hz,
        "Step Time": 0.5 / rate_hz,
        "Cadence": 0.01,
        "Walking Speed": 0.005,
        "Foot Off": 1.0,
        "Opposite Foot Off": 1.0,
        "Opposite Foot Contact": 1.0,
        "Step Length": 0.001,
    }
    for name, limit in limits.items():
        rows_for = table[table.name == name]
        assert len(rows_for) >= 2 * len(paths), name
        worst = rows_for.difference.abs().max()
        assert worst <= limit, f"{name}: worst difference {worst} > {limit}"
    # stride time in frames is exactly Nexus's
    stride = table[table.name == "Stride Time"]
    np.testing.assert_array_equal(
        np.rint(stride.gaitlab * rate_hz), np.rint(stride.nexus * rate_hz)
    )


def test_force_plate_events_on_the_split_belt_treadmill(trials):
    """Every strike is found on its belt; offs hidden by crossover steps are missed, not wrong."""
    name = "gaitalytics_treadmill_events.c3d"
    if name not in trials:
        pytest.skip(f"{name} not in ../shared/data")
    trial = trials[name]
    table = _matches(trial, "force_plate")
    result = _summary(table, trial.point_rate_hz)
    print(result)
    assert result["spurious"] == 0, result
    strikes = table[table.kind == "foot_strike"]
    assert (strikes.status == "matched").all(), strikes
    # The stored treadmill events are not plate events (see the module docstring): up to 4 frames.
    assert result["max_frames"] <= 4.0 + 1e-3, result
    assert result["matched"] >= 33, result
