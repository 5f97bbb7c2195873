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
from gaitlab.imu.lower_back import lower_back_bouts
from gaitlab.io.imu_mobilised import read_mobilised_reference

GAITMAP_RATE_HZ = 204.8
MATCH_S = 0.1
#: Issue 5's contact tolerance, s, inclusive (the float tolerance keeps a contact exactly
#: 5 samples = 50 ms away at 100 Hz inside: 5 / 100 is 0.05000000000000071 after subtraction).
CONTACT_TOLERANCE_S = 0.05 + 1e-9


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
    """Per reference bout and per system: bout values (given the reference bouts, as the
    Mobilise-D validation runs its cadence and stride-length algorithms) and, for
    comparison, the medians of the full pipeline's strides inside the bout; and the
    share of reference contacts with an IMU contact within 50 ms (same side: ``side_ok``),
    per system and for the contacts both systems place within 50 ms of each other."""
    path = shared_data / "imu" / "mobgap" / cohort / "001" / "data.mat"
    trial = load_trial(path, test=test, trial=trial_name)
    sensor = trial.imu["lower_back"]
    height_m = trial.subject.extra["sensor_height_mm"] / 1000.0
    strides = imu_spatiotemporal(trial)
    events = imu_events(trial)
    contacts = events["time_s"].to_numpy()
    references = {
        system: read_mobilised_reference(path, test, trial_name, system)
        for system in ("INDIP", "Stereophoto")
    }
    indip, stereo = (r.initial_contacts.dropna(subset=["time_s"]) for r in references.values())
    # "both": the INDIP contacts that Stereophoto confirms within 50 ms, at their midpoint.
    between = stereo["time_s"].to_numpy()[:, None] - indip["time_s"].to_numpy()[None, :]
    closest = np.abs(between).argmin(axis=0)
    gap = between[closest, np.arange(len(indip))]
    agreed = np.abs(gap) <= CONTACT_TOLERANCE_S
    both = indip[agreed].assign(time_s=indip["time_s"].to_numpy()[agreed] + gap[agreed] / 2)
    bouts, ics = [], []
    for system, ref_ics in (("INDIP", indip), ("Stereophoto", stereo), ("both", both)):
        offset = contacts[:, None] - ref_ics["time_s"].to_numpy()[None, :]
        nearest = np.abs(offset).argmin(axis=0)
        within = np.abs(offset[nearest, np.arange(len(ref_ics))]) <= CONTACT_TOLERANCE_S
        same_side = events["side"].to_numpy()[nearest] == ref_ics["side"].to_numpy()
        ics.append(
            {
                "system": system,
                "n": len(ref_ics),
                "within_50ms": float(np.mean(within)),
                "side_ok": float(np.mean(same_side[within])) if within.any() else np.nan,
            }
        )
    for system, reference in references.items():
        given = reference.bouts[["start_s", "end_s"]].to_numpy()
        found = lower_back_bouts(sensor, height_m, given).set_index("bout")
        for bout in reference.bouts.itertuples():
            inside = (strides["start_time_s"] >= bout.start_s - 0.2) & (
                strides["end_time_s"] <= bout.end_s + 0.2
            )
            row = found.loc[bout.bout] if bout.bout in found.index else None
            bouts.append(
                {
                    "system": system,
                    "bout": bout.bout,
                    "reference_strides": bout.n_strides,
                    "imu_steps": 0 if row is None else int(row["n_steps"]),
                    "cadence_error": np.nan
                    if row is None
                    else row["cadence_steps_per_min"] - bout.median_cadence_steps_per_min,
                    "stride_length_error_m": np.nan
                    if row is None
                    else row["stride_length_m"] - bout.median_stride_length_m,
                    "pipeline_cadence_error": strides.loc[inside, "cadence_steps_per_min"].median()
                    - bout.median_cadence_steps_per_min,
                    "pipeline_stride_length_error_m": strides.loc[
                        inside, "stride_length_m"
                    ].median()
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
    within = ics.set_index("system")["within_50ms"]
    if test == "Test5":
        # Lab walks; issue 5 targets: 3 steps/min, 0.10 m, >= 90 % of ICs within 50 ms.
        # Measured (both cohorts, both trials, both systems): cadence <= 1.04 steps/min,
        # stride length <= 0.078 m (0.090 before the per-step drift chord), the same for
        # the full pipeline's strides; sides 100 %.
        assert (cadence <= 1.1).all() and (length <= 0.08).all()
        assert (bouts["pipeline_cadence_error"].abs() <= 1.1).all()
        assert (bouts["pipeline_stride_length_error_m"].abs() <= 0.08).all()
        assert (ics["side_ok"] == 1.0).all()
        # ICs within 50 ms: HA 100 % INDIP, 89-100 % Stereophoto (8 of 9 in Trial2: the
        # bout's first step from standing is 60 ms late, one contact short of the
        # target); MS 100 % Stereophoto. MS INDIP only 44 %: the two reference systems
        # themselves disagree on this participant's right-foot contacts by 90-180 ms
        # (INDIP step times alternate 0.35/0.75 s, Stereophoto's are even), so no
        # detector can be within 50 ms of both.
        assert within["Stereophoto"] >= (0.88 if cohort == "HA" else 1.0)
        assert within["INDIP"] >= (1.0 if cohort == "HA" else 0.44)
        # Every contact that both systems place within 50 ms of each other (4-9 a trial).
        assert within["both"] == 1.0
    else:
        # Simulated daily life: NOT meeting issue 5's targets. Given the reference bouts,
        # measured per system: median |cadence error| over bouts 1.9-5.0 steps/min (max
        # 15 in short slow bouts where steps are missed), median |stride length error|
        # 0.12-0.28 m (0.16-0.30 before the per-step drift chord; max 0.65, was 0.72: the
        # inverted pendulum over-estimates the 0.2-0.6 m strides of turning and shuffling,
        # 22-27 % of HA's and 44-52 % of MS's reference strides), ICs within 50 ms 48-78 %,
        # sides 91-98 %. Why the targets are out of reach on these recordings:
        # * the references disagree with each other at these levels: Stereophoto confirms
        #   within 50 ms only 39 of HA's 63 and 56 of MS's 93 INDIP contacts, and on the
        #   bouts both systems report their median cadences differ by 1.0-4.6 (HA) and
        #   2.1-9.7 (MS) steps/min, their median stride lengths by up to 0.12 / 0.14 m;
        # * on the contacts both systems agree on ("both") the IMU is within 50 ms for
        #   82 % (HA) and 71 % (MS); the contacts it misses fall in turns (pelvic yaw
        #   rate, 0.5 Hz low pass, median 28-48 deg/s at missed contacts vs 13-19 at
        #   found ones), where the trunk's vertical acceleration barely rises at contact;
        # * stride times within a bout range over 0.8-2.6 s (pauses, turns), so a bout
        #   median over 4-16 strides moves by several steps/min with one stride;
        # * for the INDIP bouts of median stride 0.43-0.58 m the pendulum needs a 4-8 mm
        #   vertical excursion per step, but the trunk moves 11-26 mm (median per bout;
        #   Test5: 32-34 mm measured for 29-37 mm needed): shuffling and turning steps
        #   are not the vaulting the model assumes.
        by_system = bouts.groupby("system")
        assert by_system["cadence_error"].apply(lambda x: x.abs().median()).max() <= 5.1
        assert cadence.max() <= 15.1
        assert by_system["stride_length_error_m"].apply(lambda x: x.abs().median()).max() <= 0.29
        assert length.max() <= 0.66
        assert within["both"] >= (0.82 if cohort == "HA" else 0.71)
        assert (within >= 0.48).all() and (ics["side_ok"] >= 0.91).all()
