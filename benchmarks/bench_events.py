"""Speed of event detection and spatiotemporal parameters on a long synthetic walk.

The trial is ``make_walking_trial(n_strides=900)`` (about 98,000 frames at
100 Hz, 16 Plug-in Gait markers, 0.5 mm noise). Reported: frames/s of
``detect_events`` with Zeni's and O'Connor's methods, and strides/s of
``compute_spatiotemporal`` with the detected events.
"""

from __future__ import annotations

import timeit
import warnings


def _best_of(function, repeats: int = 3) -> float:
    return min(timeit.repeat(function, number=1, repeat=repeats))


def run() -> list[dict]:
    """Measure frames/s of event detection and strides/s of the spatiotemporal table."""
    from gaitlab.events import detect_events
    from gaitlab.spatiotemporal import compute_spatiotemporal
    from gaitlab.synthetic import make_walking_trial

    trial, _ = make_walking_trial(n_strides=900, noise_sd_mm=0.5, seed=5)
    bare = trial.with_events(())
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for method in ("zeni", "oconnor"):
            seconds = _best_of(lambda method=method: detect_events(bare, method))
            results.append(
                {
                    "name": f"events: detect_events {method}, {trial.n_frames} frames",
                    "value": trial.n_frames / seconds,
                    "unit": "frames/s",
                }
            )
        events = detect_events(bare, "oconnor")
        n_strides = len(compute_spatiotemporal(trial, events))
        seconds = _best_of(lambda: compute_spatiotemporal(trial, events))
    results.append(
        {
            "name": f"spatiotemporal: compute_spatiotemporal, {n_strides} strides",
            "value": n_strides / seconds,
            "unit": "strides/s",
        }
    )
    return results
