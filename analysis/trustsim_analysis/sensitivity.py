"""Global sensitivity indices from sweeps run with the `saltelli` and `morris` designs.

Design note. The estimators read the sample matrices exactly as sweep/design/sobol.cpp and
sweep/design/morris.cpp lay them out (docs/sweeps.md, "Designs"):

* **saltelli**: for each base sample j the design has k + 2 consecutive points tagged
  `saltelli_sample` = j and `saltelli_matrix` = 0 (A_j), 1 (B_j), 2 + i (AB_j^(i): A_j with
  factor i taken from B_j). First-order indices use Saltelli et al. (2010),
  S_i = mean((f(B) − f̄) (f(AB^(i)) − f(A))) / V, with f(B) centred on the mean f̄ over A and B
  (trustsim's outputs sit far from zero, where the uncentred form is noisy); total indices use
  Jansen (1999),
  S_Ti = mean((f(A) − f(AB^(i)))²) / (2 V); V is the variance of f over A and B together. The
  confidence intervals are percentile bootstraps over base samples (a base sample's k + 2 rows
  stay together).
* **morris**: trajectories of k + 1 points tagged `morris_trajectory`, `morris_step` and
  `morris_factor` (the factor that moved at this step; −1 at step 0). Each factor moves once per
  trajectory by ±Δ in its unit coordinate u, Δ = p / (2 (p − 1)) for p levels. The elementary
  effect is (f(step s) − f(step s − 1)) / (±Δ): the change of the output per whole range of the
  factor. μ* (mean |EE|, Campolongo et al. 2007) ranks importance, σ (standard deviation of EE)
  measures interaction or non-linearity; μ* has a bootstrap interval over trajectories.

Replicates of one design point are averaged before estimating (the design is over points, and
the replicate noise is then part of the output the indices decompose). A base sample or
trajectory with a failed run is left out whole, and the result says how many were.

`saltelli_unit_design` and `morris_unit_design` rebuild the same layouts in Python (SciPy's
unscrambled Sobol' sequence; numpy's generator for Morris), to evaluate the estimators on
functions with known indices (tests/python/test_analysis_sensitivity.py) and on one's own models.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import qmc

CONFIDENCE = 0.95


# --- designs in Python -----------------------------------------------------------------------

def saltelli_unit_design(n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The saltelli design of `trustsim sweep` in the unit cube: (u [n (k+2), k], sample, matrix).

    Base sample j is unscrambled Sobol' point j + 1 in 2k dimensions (A the first k coordinates,
    B the last k), as sweep/design/sobol.cpp builds it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # SciPy's note on non-power-of-2 counts
        base = qmc.Sobol(2 * k, scramble=False).random(n + 1)[1:]
    a, b = base[:, :k], base[:, k:]
    rows = []
    for j in range(n):
        rows.append(a[j])
        rows.append(b[j])
        for i in range(k):
            ab = a[j].copy()
            ab[i] = b[j, i]
            rows.append(ab)
    sample = np.repeat(np.arange(n), k + 2)
    matrix = np.tile(np.arange(k + 2), n)
    return np.array(rows), sample, matrix


def morris_unit_design(r: int, k: int, levels: int = 4, seed: int = 0
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Morris trajectories in the unit cube, built like sweep/design/morris.cpp (with numpy's
    generator, so not the same draws): (u [r (k+1), k], trajectory, step, factor)."""
    if levels < 2 or levels % 2:
        raise ValueError(f"levels must be even and at least 2, got {levels}")
    rng = np.random.default_rng(seed)
    half = levels // 2
    values, trajectory, step, factor = [], [], [], []
    for t in range(r):
        up = rng.integers(0, 2, size=k) == 1
        level = rng.integers(0, half, size=k) + np.where(up, 0, half)
        order = rng.permutation(k)
        for s in range(k + 1):
            moved = -1
            if s > 0:
                moved = int(order[s - 1])
                level[moved] += half if up[moved] else -half
            values.append(level / (levels - 1))
            trajectory.append(t)
            step.append(s)
            factor.append(moved)
    return np.array(values, dtype=float), np.array(trajectory), np.array(step), np.array(factor)


def morris_delta(levels: int) -> float:
    """The step Δ in u of a p-level Morris grid: p / (2 (p − 1))."""
    return levels / (2 * (levels - 1))


# --- estimators ------------------------------------------------------------------------------

@dataclass
class SensitivityResult:
    """Indices per factor (`table`, one row per factor) and what they were computed from."""

    method: str
    output: str
    table: pd.DataFrame
    used: int
    dropped: int = 0
    notes: list[str] = field(default_factory=list)


def _sobol_weighted(ya: np.ndarray, yb: np.ndarray, yab: np.ndarray, weights: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """S1 and ST [r, k] for r weightings [r, n] of the n base samples (each row sums to n).

    A bootstrap resample is a weighting by how often each base sample was drawn, so every
    resample's means are one matrix product, with no [r, n, k] temporary."""
    n = ya.shape[0]
    mean = lambda values: weights @ values / n  # noqa: E731  (per-weighting mean)
    both_mean = (mean(ya) + mean(yb)) / 2
    variance = (mean(ya ** 2) + mean(yb ** 2)) / 2 - both_mean ** 2
    # f(B) centred on the mean of f over A and B: the same estimator in expectation (f(AB) − f(A)
    # has mean zero), but its sampling error no longer grows with the output's distance from zero.
    centred = mean(yb[:, None] * (yab - ya[:, None])) - both_mean[:, None] * mean(yab - ya[:, None])
    with np.errstate(invalid="ignore", divide="ignore"):
        first = centred / variance[:, None]
        total = 0.5 * mean((ya[:, None] - yab) ** 2) / variance[:, None]
    return first, total


def sobol_indices(y: np.ndarray, sample: np.ndarray, matrix: np.ndarray, factor_names: list[str],
                  n_resamples: int = 1000, seed: int = 0, level: float = CONFIDENCE,
                  output: str = "y") -> SensitivityResult:
    """First-order (S1) and total (ST) Sobol indices from outputs on a saltelli design.

    `y`, `sample` and `matrix` are aligned per design point (one output per point: average
    replicates first). Base samples with a NaN output or an incomplete set of rows are dropped.
    Returns a table with S1, S1_low, S1_high, ST, ST_low, ST_high per factor.
    """
    k = len(factor_names)
    y, sample, matrix = (np.asarray(v) for v in (y, sample, matrix))
    samples = np.unique(sample)
    grid = np.full((len(samples), k + 2), np.nan)
    index = np.searchsorted(samples, sample)
    if matrix.min() < 0 or matrix.max() > k + 1:
        raise ValueError(f"saltelli_matrix values must be 0..{k + 1} for {k} factors")
    grid[index, matrix] = y
    complete = np.isfinite(grid).all(axis=1)
    grid = grid[complete]
    if len(grid) < 2:
        raise ValueError(f"{output}: fewer than two complete base samples; a saltelli sweep needs "
                         "at least a few (N = 64 or more for useful intervals)")
    ya, yb, yab = grid[:, 0], grid[:, 1], grid[:, 2:]
    n = len(grid)
    s1, st = (v[0] for v in _sobol_weighted(ya, yb, yab, np.ones((1, n))))
    counts = np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=n_resamples)
    boot1, boott = _sobol_weighted(ya, yb, yab, counts.astype(float))
    q = [0.5 - level / 2, 0.5 + level / 2]
    lo1, hi1 = np.nanquantile(boot1, q, axis=0)
    lot, hit = np.nanquantile(boott, q, axis=0)
    table = pd.DataFrame({"factor": factor_names, "S1": s1, "S1_low": lo1, "S1_high": hi1,
                          "ST": st, "ST_low": lot, "ST_high": hit})
    return SensitivityResult("sobol", output, table, used=len(grid),
                             dropped=int((~complete).sum()))


def morris_indices(y: np.ndarray, trajectory: np.ndarray, step: np.ndarray, factor: np.ndarray,
                   direction: np.ndarray, factor_names: list[str], delta: float,
                   n_resamples: int = 1000, seed: int = 0, level: float = CONFIDENCE,
                   output: str = "y") -> SensitivityResult:
    """μ, μ*, σ of the elementary effects on a morris design, one output per design point.

    `direction` is +1 or −1 per row: the sign of the moved factor's change at that step (ignored
    at step 0). Trajectories with a NaN output are dropped whole. Returns mu, mu_star,
    mu_star_low, mu_star_high, sigma and the number of effects per factor.
    """
    frame = pd.DataFrame({"y": y, "t": trajectory, "s": step, "f": factor, "d": direction})
    bad = frame.groupby("t")["y"].apply(lambda v: not np.isfinite(v).all())
    frame = frame[~frame["t"].isin(bad[bad].index)].sort_values(["t", "s"])
    frame["dy"] = frame.groupby("t")["y"].diff()
    moves = frame[frame["s"] > 0]
    effects = moves["dy"].to_numpy() / (moves["d"].to_numpy() * delta)
    per_factor = {i: effects[moves["f"].to_numpy() == i] for i in range(len(factor_names))}
    rng = np.random.default_rng(seed)
    rows = []
    for i, name in enumerate(factor_names):
        ee = per_factor[i]
        if len(ee) == 0:
            rows.append({"factor": name, "mu": np.nan, "mu_star": np.nan, "mu_star_low": np.nan,
                         "mu_star_high": np.nan, "sigma": np.nan, "effects": 0})
            continue
        boot = np.abs(ee[rng.integers(0, len(ee), size=(n_resamples, len(ee)))]).mean(axis=1)
        low, high = np.quantile(boot, [0.5 - level / 2, 0.5 + level / 2])
        rows.append({"factor": name, "mu": ee.mean(), "mu_star": np.abs(ee).mean(),
                     "mu_star_low": low, "mu_star_high": high,
                     "sigma": ee.std(ddof=1) if len(ee) > 1 else np.nan, "effects": len(ee)})
    return SensitivityResult("morris", output, pd.DataFrame(rows), used=int(frame["t"].nunique()),
                             dropped=int(bad.sum()))


# --- from a sweep directory ------------------------------------------------------------------

def _point_means(sweep, output: str) -> pd.DataFrame:
    """One row per design point: the design's tags and the output averaged over replicates (NaN
    when any replicate failed)."""
    if output not in sweep.summary.columns:
        known = [c for c in sweep.summary.columns if c.endswith(("_mean", "_final"))]
        raise KeyError(f"{sweep.directory}: no summary column {output!r}; known: {', '.join(known)}")
    frame = sweep.summary.copy()
    frame.loc[frame["status"] != "ok", output] = np.nan
    tags = [t for t in ("saltelli_sample", "saltelli_matrix", "morris_trajectory", "morris_step",
                        "morris_factor") if t in frame.columns]
    agg = {output: lambda v: v.mean() if np.isfinite(v).all() else np.nan,
           **{t: "first" for t in tags}, **{f: "first" for f in sweep.factor_names}}
    return frame.groupby("point").agg(agg).sort_index()


def sobol_from_sweep(sweep, output: str, n_resamples: int = 1000, seed: int = 0) -> SensitivityResult:
    """Sobol indices of one summary column (e.g. "trust_in_manager_mean") of a saltelli sweep."""
    if sweep.design != "saltelli":
        raise ValueError(f"{sweep.directory}: Sobol indices need a saltelli design, this sweep is "
                         f"{sweep.design!r} (docs/sweeps.md, Designs)")
    points = _point_means(sweep, output)
    result = sobol_indices(points[output].to_numpy(), points["saltelli_sample"].to_numpy(),
                           points["saltelli_matrix"].to_numpy(), list(sweep.factor_names),
                           n_resamples=n_resamples, seed=seed, output=output)
    if result.dropped:
        result.notes.append(f"{result.dropped} base samples left out: a run failed or its output "
                            "was undefined (NaN)")
    return result


def _level_position(value, levels: list) -> float:
    text = [str(v) for v in levels]
    return float(text.index(str(value))) if str(value) in text else np.nan


def _directions(sweep, points: pd.DataFrame) -> tuple[np.ndarray, int]:
    """The sign of each step's move, from the moved factor's value before and after (values are
    monotone in u); a list factor is ordered by its `levels`. Returns (signs, steps whose moved
    factor kept its value, counted as upward)."""
    spec_levels = {e.get("name", e.get("path")): e.get("levels")
                   for e in sweep.spec.get("factors") or []}
    signs = np.ones(len(points))
    ties = 0
    points = points.reset_index()
    for row in range(len(points)):
        moved = int(points.at[row, "morris_factor"])
        if moved < 0 or row == 0:
            continue
        name = sweep.factor_names[moved]
        before, after = points.at[row - 1, name], points.at[row, name]
        if not sweep.is_numeric(name):
            before = _level_position(before, spec_levels.get(name) or [])
            after = _level_position(after, spec_levels.get(name) or [])
        if after == before or not np.isfinite(after - before):
            ties += 1
        else:
            signs[row] = np.sign(after - before)
    return signs, ties


def morris_from_sweep(sweep, output: str, n_resamples: int = 1000, seed: int = 0) -> SensitivityResult:
    """Morris μ*, μ, σ of one summary column of a morris sweep. Elementary effects are per whole
    range of a factor (the unit coordinate u moves by ±Δ)."""
    if sweep.design != "morris":
        raise ValueError(f"{sweep.directory}: Morris indices need a morris design, this sweep is "
                         f"{sweep.design!r} (docs/sweeps.md, Designs)")
    levels = int((sweep.spec.get("design") or {}).get("levels", 4))
    points = _point_means(sweep, output).sort_values(["morris_trajectory", "morris_step"])
    signs, ties = _directions(sweep, points)
    result = morris_indices(points[output].to_numpy(), points["morris_trajectory"].to_numpy(),
                            points["morris_step"].to_numpy(), points["morris_factor"].to_numpy(),
                            signs, list(sweep.factor_names), morris_delta(levels),
                            n_resamples=n_resamples, seed=seed, output=output)
    if result.dropped:
        result.notes.append(f"{result.dropped} trajectories left out: a run failed or its output "
                            "was undefined (NaN)")
    if ties:
        result.notes.append(f"{ties} steps moved a list factor without changing its level; their "
                            "effects are counted with a + sign")
    return result


def sensitivity_from_sweep(sweep, output: str, **options) -> SensitivityResult:
    """Sobol indices for a saltelli sweep, Morris indices for a morris sweep."""
    if sweep.design == "saltelli":
        return sobol_from_sweep(sweep, output, **options)
    if sweep.design == "morris":
        return morris_from_sweep(sweep, output, **options)
    raise ValueError(f"{sweep.directory}: sensitivity indices need a saltelli or morris design; "
                     f"this sweep is {sweep.design!r}")
