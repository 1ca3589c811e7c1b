"""Confidence intervals used by the figures and the report.

Design note. Two kinds of uncertainty appear in a trustsim comparison, and the report says which
one an interval describes:

* **Between replicates** (the honest one for "does the style change the outcome"): the runs of a
  group differ only in their random streams, so their values at a week are independent draws.
  The interval is Student's t on the replicate means; differences use Welch's t.
* **Within one run** (all there is when a group has a single run): agents are nested in teams and
  share their manager, so agents are not independent; the interval is a cluster bootstrap that
  resamples whole teams. It describes how much the organisation-wide mean depends on which teams
  happened to form, not how much a rerun would differ.

Every function returns plain floats so the report can print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean with its confidence interval; `basis` says what the interval is over."""

    mean: float
    low: float
    high: float
    n: int
    basis: str

    def format(self, digits: int = 2) -> str:
        def number(x: float) -> str:
            text = f"{x:.{digits}f}"
            return text[1:] if text.startswith("-") and float(text) == 0 else text  # no "-0.00"

        if not np.isfinite(self.low):
            return number(self.mean)
        return f"{number(self.mean)} (95 % CI {number(self.low)} to {number(self.high)})"


def t_interval(values: Sequence[float], level: float = CONFIDENCE) -> Estimate:
    """Mean and Student's t interval of independent values (NaNs dropped). With fewer than two
    values the interval is NaN: there is no spread to estimate it from."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return Estimate(np.nan, np.nan, np.nan, 0, "no values")
    mean = float(x.mean())
    if len(x) < 2:
        return Estimate(mean, np.nan, np.nan, 1, "one run")
    half = stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    return Estimate(mean, mean - half, mean + half, len(x), f"{len(x)} replicates")


def welch_difference(a: Sequence[float], b: Sequence[float], level: float = CONFIDENCE) -> Estimate:
    """mean(a) − mean(b) with Welch's t interval (unequal variances); NaN interval when either
    side has fewer than two values."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    diff = float(a.mean() - b.mean()) if len(a) and len(b) else np.nan
    if len(a) < 2 or len(b) < 2:
        return Estimate(diff, np.nan, np.nan, min(len(a), len(b)), "too few replicates")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = np.sqrt(va + vb)
    if se == 0:
        return Estimate(diff, diff, diff, min(len(a), len(b)), "replicates")
    dof = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf(0.5 + level / 2, dof) * se
    return Estimate(diff, diff - half, diff + half, min(len(a), len(b)),
                    f"{len(a)} and {len(b)} replicates")


def _cluster_draws(values: np.ndarray, clusters: np.ndarray, n_resamples: int,
                   rng: np.random.Generator) -> tuple[float, np.ndarray | None, int]:
    """(mean over units, bootstrap means from resampling whole clusters or None with fewer than
    two clusters, number of clusters). NaN values are dropped first."""
    values = np.asarray(values, dtype=float)
    clusters = np.asarray(clusters)
    ok = np.isfinite(values)
    values, clusters = values[ok], clusters[ok]
    if len(values) == 0:
        return np.nan, None, 0
    labels, codes = np.unique(clusters, return_inverse=True)
    if len(labels) < 2:
        return float(values.mean()), None, len(labels)
    sums = np.bincount(codes, weights=values)
    counts = np.bincount(codes).astype(float)
    draws = rng.integers(0, len(labels), size=(n_resamples, len(labels)))
    return float(values.mean()), sums[draws].sum(axis=1) / counts[draws].sum(axis=1), len(labels)


def cluster_bootstrap_mean(values: np.ndarray, clusters: np.ndarray, n_resamples: int = 2000,
                           seed: int = 0, level: float = CONFIDENCE) -> Estimate:
    """Mean of `values` over units, with a percentile interval from resampling whole clusters
    (teams) with replacement. NaN values (the CEO, a newcomer's first week) are dropped."""
    mean, boot, teams = _cluster_draws(values, clusters, n_resamples, np.random.default_rng(seed))
    if boot is None:
        return Estimate(mean, np.nan, np.nan, teams, "fewer than two teams")
    low, high = np.quantile(boot, [0.5 - level / 2, 0.5 + level / 2])
    return Estimate(mean, float(low), float(high), teams,
                    f"{teams} teams of one run (cluster bootstrap)")


def cluster_bootstrap_difference(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
                                 n_resamples: int = 2000, seed: int = 0,
                                 level: float = CONFIDENCE) -> Estimate:
    """mean(b) − mean(a) for two independent runs, each given as (values, team of each value),
    with a percentile interval from resampling each run's teams."""
    rng = np.random.default_rng(seed)
    mean_a, boot_a, _ = _cluster_draws(*a, n_resamples, rng)
    mean_b, boot_b, _ = _cluster_draws(*b, n_resamples, rng)
    if boot_a is None or boot_b is None:
        return Estimate(mean_b - mean_a, np.nan, np.nan, 0, "fewer than two teams")
    low, high = np.quantile(boot_b - boot_a, [0.5 - level / 2, 0.5 + level / 2])
    return Estimate(mean_b - mean_a, float(low), float(high), 0,
                    "teams of each run (cluster bootstrap)")


def band(frame: pd.DataFrame, value: str, by: str = "group", x: str = "week",
         level: float = CONFIDENCE) -> pd.DataFrame:
    """Mean and t interval of `value` across the rows sharing (`by`, `x`): for a frame with one
    row per (run, week) it is the band across replicates. Columns: by, x, mean, low, high, n."""
    def summarise(values: pd.Series) -> pd.Series:
        e = t_interval(values.to_numpy(), level)
        return pd.Series({"mean": e.mean, "low": e.low, "high": e.high, "n": e.n})

    out = frame.groupby([by, x], sort=False)[value].apply(summarise).unstack()
    return out.reset_index()
