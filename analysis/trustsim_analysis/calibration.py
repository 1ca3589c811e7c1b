"""Simulated method of moments for the free parameters (model-spec.md caveat 4; docs/CALIBRATION.md).

Design note. The calibration compares a handful of moments of a run with targets taken from the
stylised facts F1–F3 (model-spec.md (b)). Each moment is measured by the same functions of
`facts.py` that the validation suite uses, on the mixed organisation's design (2,000 agents, 104
weeks, steady state weeks 53–104), so a calibrated value means the same there as here.

* **Objective.** Q(θ) = Σ_k w_k p_k(θ)², p_k a moment's standardised miss: for a two-sided
  target (m − target) / scale, for a bound only the distance past it, max(0, bound − m) / scale
  (`at_least`) or max(0, m − bound) / scale (`at_most`). The scale is the half-width of the
  spec's band, so p = 1 means "at the band's edge" for every moment alike.
* **Surrogate.** Each moment is regressed on a full quadratic in the factors' unit coordinates
  u ∈ [0, 1]^k (ridge-stabilised least squares over every run, replicates as separate rows);
  Q is minimised on the predicted moments, inside the design's box, from several starts.
  A quadratic is cheap and accurate locally, not over a wide box: calibrate.py therefore
  refits on local designs around each fit (--refine, --rounds) and re-runs the final point to
  measure its real moments (docs/CALIBRATION.md). There are more parameters than moments, so a
  weak pull toward the spec's values (SPEC_VALUES, ANCHOR_WEIGHT) picks one point out of the set
  that fits equally well.
* **Uncertainty.** A bootstrap over design points (a point's replicates stay together): each
  resample refits the surrogates and re-minimises, and the spread of the optima is the fitted
  values' uncertainty. It includes the seed-to-seed noise of the moments and the surrogate's
  misfit, not structural error in the model.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.stats import skew

from . import facts


@dataclass(frozen=True)
class Moment:
    """One calibration moment: its target, the scale of a miss, and the kind of target."""

    name: str
    target: float
    scale: float
    kind: str = "two-sided"      # "two-sided", "at_least" or "at_most"
    weight: float = 1.0
    source: str = ""

    def penalty(self, value: float) -> float:
        """The standardised miss p of a measured or predicted value (NaN stays NaN)."""
        if self.kind == "two-sided":
            return (value - self.target) / self.scale
        if self.kind == "at_least":
            return max(0.0, self.target - value) / self.scale
        if self.kind == "at_most":
            return max(0.0, value - self.target) / self.scale
        raise ValueError(f"moment {self.name}: unknown kind {self.kind!r}")


#: The moments and their targets. Two-sided targets are the meta-analytic values the spec's bands
#: are built around (F3); bounds are the spec's one-sided bands (F1, F2(a)).
MOMENTS: tuple[Moment, ...] = (
    Moment("r_trust_engagement", 0.51, 0.15, source="F3 [0.35, 0.65]; Dirks & Ferrin 2002: .51"),
    Moment("r_trust_turnover_intent", -0.40, 0.15,
           source="F3 [-0.55, -0.25]; Dirks & Ferrin 2002: -.40"),
    Moment("r_trust_performance", 0.16, 0.125, source="F3 [0.05, 0.30]; Dirks & Ferrin 2002: .16"),
    Moment("ordering_margin", 0.11, 0.10,
           source="F3 ordering: |r_E| - |r_quit| = .51 - .40 in the meta-analysis"),
    Moment("team_r_trust_performance", 0.30, 0.15,
           source="F3 team [0.15, 0.45]; De Jong et al. 2016: .30"),
    Moment("annual_turnover", 0.15, 0.125, source="F3 5-30 %; spec A.9: h0 = 0.003/week ≈ 15 %/yr"),
    Moment("f1_skewness", 0.0, 1.0, kind="at_most", source="F1: skewness of weekly dt < 0"),
    Moment("f1_log_fall_rise", math.log(1 / 3), math.log(3), kind="at_most",
           source="F1: median fall time <= 1/3 of median rise time (log ratio)"),
    Moment("f2a_reciprocity", 0.30, 0.15, kind="at_least", source="F2(a): corr(t_ij, t_ji) >= 0.3"),
)

MOMENT_NAMES = tuple(m.name for m in MOMENTS)

#: The spec's values (model-spec.md A.3–A.10) of the parameters the calibration may fit, by
#: scenario path: the fit is pulled toward them (ANCHOR_WEIGHT) and `calibrate.py --confirm`
#: compares the fit with them. The two person-level terms are not in the spec: 0 is A.9 as written.
SPEC_VALUES = {
    "trust.forgetting": 0.98, "trust.prior_strength_slow": 4.0, "trust.broken_loss": 3.0,
    "psych_safety.rate": 0.1, "errors.discovery_probability": 0.1, "errors.latent_hazard": 0.01,
    "outcomes.engagement_intercept": -2.0, "outcomes.engagement_trust": 2.0,
    "outcomes.engagement_safety": 1.5, "outcomes.engagement_felt_trust": 1.0,
    "outcomes.engagement_success": 1.0, "outcomes.engagement_blame": 2.0,
    "outcomes.performance_noise_sd": 0.2, "outcomes.quit_base_hazard": 0.003,
    "outcomes.quit_sensitivity": 3.0, "outcomes.engagement_disposition_sd": 0.0,
    "outcomes.outside_option_sd": 0.0,
}

#: Weight of the pull toward the values before calibration, per unit coordinate squared: moving
#: one parameter across its whole range costs as much as missing one moment by 0.3 of its band's
#: half-width (0.3² ≈ 0.1). Small enough not to trade a target away, large enough to pick one
#: point out of the set that fits equally well.
ANCHOR_WEIGHT = 0.1


def run_moments(path: str | os.PathLike) -> dict[str, float]:
    """Every calibration moment of one run file (the mixed design's outputs: agent snapshots in
    the steady state, team series, an edge snapshot and /edge_sample at the last week)."""
    run = facts.as_run(path)
    r = facts.individual_outcome_correlations(run)
    traj = facts.edge_sample_trajectories(run)
    delta = traj["delta"][~traj["restarted"]]
    falls, rises = facts.crossing_episodes(traj)
    fall = np.median(falls) if len(falls) else np.nan
    rise = np.median(rises) if len(rises) else np.nan
    return {
        "r_trust_engagement": r["engagement"],
        "r_trust_turnover_intent": r["turnover_intent"],
        "r_trust_performance": r["performance"],
        "ordering_margin": abs(r["engagement"]) - abs(r["turnover_intent"]),
        "team_r_trust_performance": facts.team_trust_performance_correlation(run),
        "annual_turnover": facts.annual_turnover(run),
        "f1_skewness": float(skew(delta[np.isfinite(delta)])),
        "f1_log_fall_rise": float(np.log(fall / rise)) if fall > 0 and rise > 0 else np.nan,
        "f2a_reciprocity": facts.reciprocity_correlation(run)["all"],
    }


def objective(values: Mapping[str, float], moments: Sequence[Moment] = MOMENTS) -> float:
    """Q = Σ w p² over the moments (a NaN moment counts as missing and adds nothing)."""
    total = 0.0
    for m in moments:
        p = m.penalty(values[m.name])
        if np.isfinite(p):
            total += m.weight * p * p
    return total


# --- the surrogate ------------------------------------------------------------------------------

def quadratic_features(u: np.ndarray) -> np.ndarray:
    """[1, u_i, u_i u_j (i <= j)] for each row of u (n x k)."""
    u = np.atleast_2d(u)
    n, k = u.shape
    columns = [np.ones(n), *u.T]
    columns += [u[:, i] * u[:, j] for i in range(k) for j in range(i, k)]
    return np.column_stack(columns)


@dataclass
class Surrogate:
    """A quadratic per moment in the unit coordinates, fitted by ridge least squares."""

    coefficients: dict[str, np.ndarray]
    residual_sd: dict[str, float]
    r2: dict[str, float]

    def predict(self, u: np.ndarray) -> dict[str, np.ndarray]:
        x = quadratic_features(u)
        return {name: x @ c for name, c in self.coefficients.items()}


def fit_surrogate(u: np.ndarray, values: pd.DataFrame, ridge: float = 1e-6) -> Surrogate:
    """Fits one quadratic per column of `values` (rows = runs, aligned with u); rows where a
    moment is NaN are left out of that moment's fit."""
    x = quadratic_features(u)
    coefficients, residual_sd, r2 = {}, {}, {}
    penalty = ridge * np.eye(x.shape[1])
    penalty[0, 0] = 0.0                                  # the intercept is not shrunk
    for name in values.columns:
        y = values[name].to_numpy(float)
        ok = np.isfinite(y)
        xo, yo = x[ok], y[ok]
        if len(yo) < 2:
            # No run measured this moment (a small design where no edge fell from 0.6 to 0.3):
            # it predicts NaN, which the objective leaves out, as it does a missing measurement.
            coefficients[name] = np.full(x.shape[1], np.nan)
            residual_sd[name] = r2[name] = float("nan")
            continue
        c = np.linalg.solve(xo.T @ xo + penalty * len(yo), xo.T @ yo)
        resid = yo - xo @ c
        coefficients[name] = c
        residual_sd[name] = float(resid.std())
        r2[name] = float(1 - resid.var() / yo.var()) if yo.var() > 0 else float("nan")
    return Surrogate(coefficients, residual_sd, r2)


def _vector_objective(surrogate: Surrogate, moments: Sequence[Moment],
                      anchor: np.ndarray | None = None, anchor_weight: float = 0.0):
    """Q(u) of the surrogate's predictions as one numpy expression: the minimiser calls it
    thousands of times per fit, and per-moment Python would dominate the bootstrap's run time."""
    coefficients = np.column_stack([surrogate.coefficients[m.name] for m in moments])
    target = np.array([m.target for m in moments])
    scale = np.array([m.scale for m in moments])
    weight = np.array([m.weight for m in moments])
    two_sided = np.array([m.kind == "two-sided" for m in moments])
    sign = np.array([-1.0 if m.kind == "at_least" else 1.0 for m in moments])

    def q(u):
        miss = (quadratic_features(u[None, :]) @ coefficients)[0] - target
        p = np.where(two_sided, miss, np.maximum(0.0, sign * miss)) / scale
        q_moments = float(np.nansum(weight * p * p))
        if anchor is None:
            return q_moments
        return q_moments + anchor_weight * float(np.sum((u - anchor) ** 2))
    return q


def minimise(surrogate: Surrogate, starts: np.ndarray, moments: Sequence[Moment] = MOMENTS,
             fixed: Mapping[int, float] | None = None, anchor: np.ndarray | None = None,
             anchor_weight: float = 0.0) -> tuple[np.ndarray, float]:
    """The u in [0, 1]^k minimising Q of the surrogate's predicted moments (plus
    anchor_weight · |u − anchor|² when an anchor is given), best of L-BFGS-B runs from each row
    of `starts`; `fixed` holds coordinates (index -> u) where they are. Returns u and the
    moments' Q alone."""
    starts = np.atleast_2d(np.asarray(starts, float))
    k = starts.shape[1]
    fixed = dict(fixed or {})
    free = [i for i in range(k) if i not in fixed]
    objective_of_u = _vector_objective(surrogate, moments, anchor, anchor_weight)
    moments_only = _vector_objective(surrogate, moments)

    def full(v):
        u = np.empty(k)
        u[free] = v
        for i, value in fixed.items():
            u[i] = value
        return u

    best_u, best_q = None, np.inf
    for start in starts:
        result = minimize(lambda v: objective_of_u(full(v)), start[free], method="L-BFGS-B",
                          bounds=[(0.0, 1.0)] * len(free))
        if result.fun < best_q:
            best_u, best_q = full(result.x), float(result.fun)
    return best_u, moments_only(best_u)


@dataclass
class Factor:
    """A design factor: its scenario path, range and distribution (`uniform` or `loguniform`)."""

    path: str
    name: str
    lo: float
    hi: float
    distribution: str = "uniform"

    def to_unit(self, value):
        value = np.asarray(value, float)
        if self.distribution == "loguniform":
            return (np.log(value) - math.log(self.lo)) / (math.log(self.hi) - math.log(self.lo))
        return (value - self.lo) / (self.hi - self.lo)

    def from_unit(self, u):
        u = np.asarray(u, float)
        if self.distribution == "loguniform":
            return np.exp(math.log(self.lo) + u * (math.log(self.hi) - math.log(self.lo)))
        return self.lo + u * (self.hi - self.lo)


def factors_of(spec: Mapping) -> list[Factor]:
    """The range factors of a parsed sweep file (levels factors cannot be calibrated)."""
    out = []
    for entry in spec.get("factors") or []:
        if "range" not in entry:
            raise ValueError(f"factor {entry.get('path')}: the calibration needs a range, not levels")
        distribution = entry.get("distribution", "uniform")
        if distribution not in ("uniform", "loguniform"):
            raise ValueError(f"factor {entry['path']}: distribution {distribution} is not supported "
                             "(uniform or loguniform)")
        lo, hi = (float(v) for v in entry["range"])
        out.append(Factor(entry["path"], entry.get("name", entry["path"]), lo, hi, distribution))
    return out


def fixed_coordinates(factors: Sequence[Factor], fixed: Mapping[str, float]) -> dict[int, float]:
    """{factor index: u} for factors held at a value (by name); ValueError for an unknown name or
    a value outside the factor's range."""
    by_name = {f.name: i for i, f in enumerate(factors)}
    out = {}
    for name, value in fixed.items():
        if name not in by_name:
            raise ValueError(f"--fix {name}={value:g}: not a factor of the sweep; factors: "
                             f"{', '.join(by_name)}")
        f = factors[by_name[name]]
        if not f.lo <= value <= f.hi:
            raise ValueError(f"--fix {name}={value:g}: outside the factor's range [{f.lo:g}, {f.hi:g}]")
        out[by_name[name]] = float(f.to_unit(value))
    return out


@dataclass
class Fit:
    """The calibrated point, its bootstrap spread, and the surrogate behind it."""

    factors: list[Factor]
    u: np.ndarray
    values: dict[str, float]
    predicted: dict[str, float]
    objective: float
    bootstrap_values: pd.DataFrame
    surrogate: Surrogate

    def summary(self) -> pd.DataFrame:
        """One row per factor: fitted value, bootstrap sd and 5–95 % interval, and the range."""
        rows = []
        for f in self.factors:
            boot = self.bootstrap_values[f.name] if len(self.bootstrap_values) else pd.Series([], dtype=float)
            rows.append({"parameter": f.path, "fitted": self.values[f.path],
                         "sd": float(boot.std()) if len(boot) > 1 else float("nan"),
                         "p05": float(boot.quantile(0.05)) if len(boot) else float("nan"),
                         "p95": float(boot.quantile(0.95)) if len(boot) else float("nan"),
                         "lo": f.lo, "hi": f.hi})
        return pd.DataFrame(rows).set_index("parameter")


def fit(factors: Sequence[Factor], design: pd.DataFrame, moments_table: pd.DataFrame,
        bootstrap: int = 200, seed: int = 0, moments: Sequence[Moment] = MOMENTS,
        fixed: Mapping[str, float] | None = None, anchor: Mapping[str, float] | None = None,
        anchor_weight: float = ANCHOR_WEIGHT,
        progress: Callable[[int, int], None] | None = None) -> Fit:
    """Calibrates `factors` on a design: `design` has one row per run with a column per factor
    (by name) and `point`; `moments_table` the runs' moments (same index). `fixed` holds some
    factors (by name) at a value inside their range while the others are fitted. `anchor` gives
    each factor's value before calibration (by name); the minimiser then adds
    anchor_weight · Σ (u − u_anchor)², so that among parameter sets that meet the targets equally
    well (there are more parameters than moments) the one nearest the spec's values wins.

    Starts: the ten design points with the lowest Q on the surrogate, and the centre of the box."""
    fixed_u = fixed_coordinates(factors, fixed or {})
    anchor_u = (None if anchor is None else
                np.clip([float(f.to_unit(anchor[f.name])) for f in factors], 0.0, 1.0))
    names = [m.name for m in moments]
    u = np.column_stack([f.to_unit(design[f.name]) for f in factors])
    values = moments_table[names]
    surrogate = fit_surrogate(u, values)
    # Starts are ranked on the surrogate, not on measured Q: a run can lack a moment (no edge fell
    # from 0.6 to 0.3), and a missing moment must not make a point look good.
    predicted_at_runs = pd.DataFrame(surrogate.predict(u))
    q_by_point = (predicted_at_runs.apply(lambda row: objective(row, moments), axis=1)
                  .groupby(design["point"].to_numpy()).mean())
    best_points = q_by_point.nsmallest(10).index
    starts = np.vstack([u[design["point"].to_numpy() == p][0] for p in best_points]
                       + [np.full(len(factors), 0.5)])
    best_u, best_q = minimise(surrogate, starts, moments, fixed_u, anchor_u, anchor_weight)

    rng = np.random.default_rng(seed)
    points = design["point"].unique()
    rows = []
    for b in range(bootstrap):
        chosen = rng.choice(points, size=len(points), replace=True)
        index = np.concatenate([np.flatnonzero(design["point"].to_numpy() == p) for p in chosen])
        s = fit_surrogate(u[index], values.iloc[index])
        ub, _ = minimise(s, np.vstack([best_u, starts[:3]]), moments, fixed_u, anchor_u,
                         anchor_weight)
        rows.append({f.name: float(f.from_unit(x)) for f, x in zip(factors, ub)})
        if progress:
            progress(b + 1, bootstrap)
    predicted = {n: float(v[0]) for n, v in surrogate.predict(best_u[None, :]).items()}
    return Fit(list(factors), best_u,
               {f.path: float(f.from_unit(x)) for f, x in zip(factors, best_u)}, predicted,
               best_q, pd.DataFrame(rows), surrogate)
