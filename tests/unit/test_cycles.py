"""Stride segmentation, 0-100 % time normalisation and mean/SD curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaitlab.cycles import (
    N_POINTS,
    STRIDE_COLUMNS,
    CycleError,
    mean_sd_curves,
    normalise_strides,
    strides,
    time_normalise,
)
from gaitlab.errors import GaitlabWarning


def _events(rows):
    return pd.DataFrame(
        [(f / 100.0, f, side, kind) for f, side, kind in rows],
        columns=["time_s", "frame", "side", "kind"],
    )


EVENTS = _events(
    [
        (10, "left", "foot_strike"),
        (60, "right", "foot_strike"),
        (70, "left", "foot_off"),
        (110, "left", "foot_strike"),
        (160, "right", "foot_strike"),
        (212, "left", "foot_strike"),
    ]
)


def test_strides_are_half_open_ranges_between_strikes_of_one_foot():
    table = strides(EVENTS)
    assert list(table.columns) == list(STRIDE_COLUMNS)
    assert table[["side", "start_frame", "end_frame"]].values.tolist() == [
        ["left", 10, 110],
        ["left", 110, 212],
        ["right", 60, 160],
    ]
    np.testing.assert_allclose(table.end_time_s - table.start_time_s, [1.0, 1.02, 1.0])


def test_stride_spanning_a_missing_strike_is_dropped_with_warning():
    events = _events(
        [
            (0, "left", "foot_strike"),
            (100, "left", "foot_strike"),
            (200, "left", "foot_strike"),
            (400, "left", "foot_strike"),
        ]
    )
    with pytest.warns(GaitlabWarning, match="a foot strike is missing"):
        table = strides(events)
    assert table[["start_frame", "end_frame"]].values.tolist() == [[0, 100], [100, 200]]


def test_too_few_strikes_warn_and_give_an_empty_table_with_columns():
    with pytest.warns(GaitlabWarning, match="too few foot strikes"):
        table = strides(_events([(0, "left", "foot_strike"), (50, "right", "foot_strike")]))
    assert table.empty
    assert list(table.columns) == list(STRIDE_COLUMNS)


def test_time_normalise_linear_signal_is_exact_and_vectorised():
    n = 300
    signal = np.stack([np.arange(n, dtype=float), -2.0 * np.arange(n)], axis=1)
    start, end = np.array([10, 110]), np.array([110, 212])
    out = time_normalise(signal, start, end)
    assert out.shape == (2, N_POINTS, 2)
    expected = start[:, None] + (end - start)[:, None] * np.linspace(0, 1, N_POINTS)
    np.testing.assert_allclose(out[..., 0], expected, atol=1e-12)
    np.testing.assert_allclose(out[..., 1], -2.0 * expected, atol=1e-12)
    assert out[0, 0, 0] == 10.0 and out[0, -1, 0] == 110.0  # 100 % is the next strike


def test_time_normalise_keeps_trailing_dimensions_and_nan():
    signal = np.ones((50, 2, 3))
    signal[20] = np.nan
    out = time_normalise(signal, np.array([0]), np.array([40]))
    assert out.shape == (1, N_POINTS, 2, 3)
    assert np.isnan(out[0, 50]).all()  # 50 % = frame 20
    assert np.isfinite(out[0, 0]).all()


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 10), (10, 50)])
def test_time_normalise_rejects_strides_outside_the_signal(start, end):
    with pytest.raises(CycleError, match="inside the signal"):
        time_normalise(np.zeros(50), np.array([start]), np.array([end]))


def test_mean_sd_curves_per_side():
    n = 300
    phase_signal = np.zeros(n)
    table = strides(EVENTS)
    # a signal that is exactly the % of the current left stride (0 at a strike)
    for start, end in table[table.side == "left"][["start_frame", "end_frame"]].values:
        phase_signal[start:end] = 100.0 * (np.arange(start, end) - start) / (end - start)
    curves = mean_sd_curves({"left": phase_signal, "right": np.ones(n)}, table)
    left = curves["left"]
    assert left.n_strides == 2
    np.testing.assert_allclose(left.mean[:-1], left.percent[:-1], atol=1.0)
    assert curves["right"].n_strides == 1
    assert np.isnan(curves["right"].sd).all()
    np.testing.assert_allclose(curves["right"].mean, 1.0)
    shared = normalise_strides(np.ones(n), table)
    assert shared.shape == (3, N_POINTS)


@settings(max_examples=50, deadline=None)
@given(
    start=st.integers(0, 200),
    length=st.integers(1, 300),
    slope=st.floats(-10, 10, allow_nan=False),
    n_points=st.integers(2, 201),
)
def test_time_normalise_is_exact_for_any_linear_signal(start, length, slope, n_points):
    signal = slope * np.arange(600.0) + 3.0
    out = time_normalise(signal, np.array([start]), np.array([start + length]), n_points)
    expected = slope * (start + length * np.linspace(0.0, 1.0, n_points)) + 3.0
    np.testing.assert_allclose(out[0], expected, rtol=1e-12, atol=1e-9)
