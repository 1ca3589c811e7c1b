"""The confidence intervals of trustsim_analysis.stats against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from trustsim_analysis.stats import (
    Estimate,
    band,
    cluster_bootstrap_difference,
    cluster_bootstrap_mean,
    t_interval,
    welch_difference,
)


def test_t_interval_is_students():
    e = t_interval([1.0, 2.0, 3.0, np.nan])
    half = scipy_stats.t.ppf(0.975, 2) * 1.0 / np.sqrt(3)
    assert (e.mean, e.n, e.basis) == (2.0, 3, "3 replicates")
    assert e.low == pytest.approx(2 - half) and e.high == pytest.approx(2 + half)
    one = t_interval([0.7])
    assert one.mean == 0.7 and np.isnan(one.low) and one.basis == "one run"


def test_welch_difference_matches_the_welch_satterthwaite_formula():
    a, b = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.5, 3.0])
    e = welch_difference(a, b)
    va, vb = a.var(ddof=1) / 4, b.var(ddof=1) / 3
    dof = (va + vb) ** 2 / (va ** 2 / 3 + vb ** 2 / 2)
    half = scipy_stats.t.ppf(0.975, dof) * np.sqrt(va + vb)
    assert e.mean == pytest.approx(0.0)
    assert e.low == pytest.approx(-half) and e.high == pytest.approx(half)
    assert np.isnan(welch_difference([1.0], b).low)


def test_cluster_bootstrap_resamples_whole_teams():
    # Three teams whose members agree exactly: the spread comes only from which teams are drawn.
    values = np.array([0.2, 0.2, 0.5, 0.5, 0.8, 0.8, np.nan])
    teams = np.array([0, 0, 1, 1, 2, 2, 2])
    e = cluster_bootstrap_mean(values, teams, n_resamples=4000)
    assert e.mean == pytest.approx(0.5) and e.n == 3
    # A resample of three teams is all one team with probability 1/27 each, more than 2.5 %: the
    # interval reaches the extreme teams' values.
    assert e.low == pytest.approx(0.2) and e.high == pytest.approx(0.8)
    wider = cluster_bootstrap_mean(np.repeat(np.linspace(0, 1, 40), 5), np.repeat(np.arange(40), 5))
    assert 0.35 < wider.low < 0.5 < wider.high < 0.65
    flat = cluster_bootstrap_mean(np.full(6, 0.4), np.array([0, 0, 1, 1, 2, 2]))
    assert flat.low == pytest.approx(0.4) and flat.high == pytest.approx(0.4)
    diff = cluster_bootstrap_difference((np.full(6, 0.4), teams[:6]), (np.full(6, 0.7), teams[:6]))
    assert diff.mean == pytest.approx(0.3) and diff.low == pytest.approx(0.3)


def test_band_is_the_t_interval_per_group_and_week():
    frame = pd.DataFrame({"group": ["a"] * 4 + ["b"] * 2, "week": [1, 1, 2, 2, 1, 2],
                          "run": [0, 1, 0, 1, 2, 2], "y": [1.0, 3.0, 2.0, 2.0, 5.0, 6.0]})
    out = band(frame, "y").set_index(["group", "week"])
    assert out.loc[("a", 1), "mean"] == 2.0 and out.loc[("a", 2), "low"] == 2.0
    assert out.loc[("a", 1), "high"] == pytest.approx(2 + scipy_stats.t.ppf(0.975, 1) * np.sqrt(2) / np.sqrt(2))
    assert np.isnan(out.loc[("b", 1), "low"]) and out.loc[("b", 2), "n"] == 1


def test_format_never_prints_minus_zero():
    assert Estimate(0.05, -0.001, 0.11, 3, "").format() == "0.05 (95 % CI 0.00 to 0.11)"
    assert Estimate(0.5, np.nan, np.nan, 1, "").format(3) == "0.500"
