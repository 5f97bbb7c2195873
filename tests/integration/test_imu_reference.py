"""IMU pipelines against public references (../shared/data/imu).

* gaitmap (mad-lab-fau/gaitmap, MIT): two foot IMUs at 204.8 Hz with a
  motion-capture reference: stride borders and events in IMU samples, and per
  stride the foot position (m, 0 at the stride start, 100 Hz) whose last row
  is the stride length.
* Mobilise-D (mobilise-d/mobgap, Apache-2.0): lower-back IMU at 100 Hz with
  the INDIP and Stereophoto reference systems per walking bout.

The tests print a results table (``pytest -s``) and enforce the numbers
reached; where they fall short of issue 5's targets the comment says so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gaitlab import load_trial
from gaitlab.imu import imu_events, imu_spatiotemporal
from gaitlab.imu.foot import foot_strides
from gaitlab.io.imu_mobilised import read_mobilised_reference

GAITMAP_RATE_HZ = 204.8
MATCH_S = 0.1


@pytest.fixture(scope="module")
def gaitmap(shared_data: Path) -> pd.DataFrame:
    """One row per reference stride with the matched IMU stride (NaN when none)."""
    folder = shared_data / "imu" / "gaitmap"
    trial = load_trial(folder / "imu_sample.csv", rate_hz=GAITMAP_RATE_HZ)
    events = pd.read_csv(folder / "stride_events_sample.csv")
    positions = pd.read_csv(folder / "position_sample.csv", index_col=0)
    last = positions.groupby([positions.index, "s_id"]).last()
    rows = []
    for side in ("left", "right"):
        found = foot_strides(trial.imu[f"{side}_foot"])
        reference = events[events["foot"] == side]
        ends = last.loc[f"{side}_sensor"].reindex(reference["s_id"])
        distance = np.abs(
            found["ic_sample"].to_numpy()[:, None] - reference["ic"].to_numpy()[None, :]
        )
        nearest = distance.argmin(axis=0)
        matched = distance.min(axis=0) <= MATCH_S * GAITMAP_RATE_HZ
        unmatched = np.setdiff1d(np.arange(len(found)), nearest[matched])
        for k, (_, ref) in enumerate(reference.iterrows()):
            inside = found["ic_sample"].to_numpy()[unmatched]
            rows.append(
                {
                    "side": side,
                    "s_id": ref["s_id"],
                    "reference_length_m": float(
                        np.hypot(ends["pos_x"].iloc[k], ends["pos_y"].iloc[k])
                    ),
                    "length_m": found["stride_length_m"].iloc[nearest[k]] if matched[k] else np.nan,
                    "ic_error_ms": (found["ic_sample"].iloc[nearest[k]] - ref["ic"])
                    / GAITMAP_RATE_HZ
                    * 1000
                    if matched[k]
                    else np.nan,
                    "spurious_inside": int(
                        ((inside >= ref["start"]) & (inside < ref["end"])).sum()
                    ),
                }
            )
    return pd.DataFrame(rows)


def test_gaitmap_strides_lengths_and_contacts(gaitmap: pd.DataFrame) -> None:
    found = gaitmap["length_m"].notna()
    error = (gaitmap["length_m"] - gaitmap["reference_length_m"]).abs()
    straight = gaitmap["reference_length_m"] >= 1.0
    print(
        f"\ngaitmap: {found.sum()}/{len(gaitmap)} reference strides found; stride length error "
        f"mean {100 * error.mean():.2f} cm, median {100 * error.median():.2f} cm, "
        f"max {100 * error.max():.2f} cm; IC error mean absolute "
        f"{gaitmap['ic_error_ms'].abs().mean():.1f} ms; spurious strides inside straight "
        f"reference strides: {gaitmap.loc[straight, 'spurious_inside'].sum()}, inside turning "
        f"strides: {gaitmap.loc[~straight, 'spurious_inside'].sum()}"
    )
    # Issue 5 targets; measured: 57/57 found, 1.54 cm mean, 1.14 cm median, 5.4 ms.
    assert found.mean() >= 0.95
    assert gaitmap.loc[straight, "spurious_inside"].sum() == 0
    assert error.mean() <= 0.03
    assert error.median() <= 0.02
    assert gaitmap["ic_error_ms"].abs().mean() <= 20.0


MOBILISED_RECORDINGS = [
    (cohort, test, trial)
    for cohort in ("HA", "MS")
    for test, trial in (("Test5", "Trial1"), ("Test5", "Trial2"), ("Test11", "Trial1"))
]


def _mobilised_results(shared_data: Path, cohort: str, test: str, trial_name: str) -> tuple:
    path = shared_data / "imu" / "mobgap" / cohort / "001" / "data.mat"
    trial = load_trial(path, test=test, trial=trial_name)
    strides = imu_spatiotemporal(trial)
    contacts = imu_events(trial)["time_s"].to_numpy()
    bouts, ics = [], []
    for system in ("INDIP", "Stereophoto"):
        reference = read_mobilised_reference(path, test, trial_name, system)
        times = reference.initial_contacts["time_s"].dropna().to_numpy()
        nearest = np.abs(contacts[:, None] - times[None, :]).min(axis=0)
        ics.append(
            {"system": system, "n": len(times), "within_50ms": float(np.mean(nearest <= 0.05))}
        )
        for bout in reference.bouts.itertuples():
            inside = (strides["start_time_s"] >= bout.start_s - 0.2) & (
                strides["end_time_s"] <= bout.end_s + 0.2
            )
            bouts.append(
                {
                    "system": system,
                    "bout": bout.bout,
                    "reference_strides": bout.n_strides,
                    "imu_strides": int(inside.sum()),
                    "cadence_error": strides.loc[inside, "cadence_steps_per_min"].median()
                    - bout.median_cadence_steps_per_min,
                    "stride_length_error_m": strides.loc[inside, "stride_length_m"].median()
                    - bout.median_stride_length_m,
                }
            )
    return pd.DataFrame(bouts), pd.DataFrame(ics)


@pytest.mark.parametrize(("cohort", "test", "trial_name"), MOBILISED_RECORDINGS)
def test_mobilised_lower_back(shared_data: Path, cohort: str, test: str, trial_name: str) -> None:
    bouts, ics = _mobilised_results(shared_data, cohort, test, trial_name)
    print(
        f"\n{cohort} {test} {trial_name}\n{bouts.round(3).to_string()}\n{ics.round(3).to_string()}"
    )
    cadence = bouts["cadence_error"].abs()
    length = bouts["stride_length_error_m"].abs()
    if test == "Test5":
        # Lab walks. Issue 5 targets: 3 steps/min, 0.10 m, 90 % of ICs within 50 ms.
        # Measured: cadence <= 2.1 steps/min; stride length <= 0.08 m (HA) and
        # <= 0.12 m (MS, Stereophoto Trial1); ICs within 50 ms: HA 78-100 %,
        # MS 0-33 % (the MS participant's trunk peak falls 70-90 ms from the
        # INDIP/Stereophoto contact, on opposite sides for the two feet).
        assert (cadence <= 3.0).all()
        assert (length <= (0.10 if cohort == "HA" else 0.13)).all()
        if cohort == "HA":
            assert (ics["within_50ms"] >= 0.75).all()
    else:
        # Simulated daily life: NOT meeting issue 5's targets. In short, slow bouts
        # with pauses and turns the detector loses or adds contacts (cadence off by
        # up to 25 steps/min in a bout) and the inverted pendulum over-estimates
        # stride length (0.12-0.8 m). Measured medians over bouts: cadence error
        # 1.5-7.2 steps/min, stride length error 0.19-0.38 m. Enforced: those medians.
        assert (
            bouts.groupby("system")["cadence_error"].apply(lambda x: x.abs().median()).max() <= 8.0
        )
        assert length.groupby(bouts["system"]).median().max() <= 0.4
