"""Measures of the stylised facts F1–F7 (../shared/model-spec.md, section (b)) on trustsim run files.

Each function takes finished run files written by the real CLI (paths or `Run` objects from
`open_run`) and returns the measured numbers; none of them asserts a band. The validation tests
(`tests/validation/`) compare these numbers with the spec's bands, and `docs/VALIDATION.md`
records the last measured values.

Design note. The measures read only what docs/hdf5-layout.md documents, through `load.py`, and
leave the statistics to numpy, scipy, pandas and networkx. Conventions, chosen once here so that
every fact uses the same reading:

* **Steady state** is weeks 53–104 (`STEADY_STATE_FIRST_WEEK`), as in issue 12's table. An
  individual-level correlation is computed across agents at each agent snapshot in the steady
  state, and the snapshots' correlations are averaged; a team-level correlation likewise across
  teams in each steady-state week. A cross-section at one week is what a survey wave sees, so
  week-to-week noise (performance) is not averaged away before correlating.
* **Who counts.** The CEO has no manager and is left out of every agent-level measure (its columns
  are NaN); pairs with a NaN (a newcomer's first week) are dropped.
* **True scores** are used unless a fact says "survey" (spec (b) conventions). `survey_scores`
  implements the survey reading (true score plus Gaussian noise for reliability 0.85) for the
  comparisons with observed r̄ reported next to the true-score ones.
* **Dyads** (F2(a)) are counted in both orientations (the double-entry, pairwise intraclass
  correlation), so the result does not depend on which side of a pair has the lower id.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

import h5py
import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.stats as stats
from scipy.sparse.csgraph import shortest_path

from .load import KIND_MANAGER, KIND_REPORT, KIND_SIBLING, Run, open_run

#: First week of the steady state (weeks 53–104 of a two-year run).
STEADY_STATE_FIRST_WEEK = 53
#: Scale reliability of the spec's "survey" scores (spec (b) conventions; A.10).
SURVEY_RELIABILITY = 0.85
#: Trust above which an edge belongs to the trust graph (F7(b)).
TRUST_GRAPH_THRESHOLD = 0.6


class NotMeasurable(LookupError):
    """The run files do not hold what a measure needs (the message says what is missing)."""


RunLike = Run | str | os.PathLike


def as_run(run: RunLike) -> Run:
    """Returns `run` itself if it is a `Run`, else opens the file."""
    return run if isinstance(run, Run) else open_run(run)


def _steady(index: pd.Index, first_week: int) -> pd.Index:
    weeks = index[index >= first_week]
    if len(weeks) == 0:
        raise NotMeasurable(f"no recorded week >= {first_week} (weeks {index.min()}–{index.max()})")
    return weeks


def survey_scores(values: np.ndarray, rng: np.random.Generator,
                  reliability: float = SURVEY_RELIABILITY) -> np.ndarray:
    """The spec's survey score: true score plus Gaussian noise sized so that
    var(true) / var(observed) = reliability. NaNs stay NaN."""
    values = np.asarray(values, dtype=float)
    sd_true = np.nanstd(values)
    noise_sd = sd_true * np.sqrt((1.0 - reliability) / reliability)
    return values + rng.normal(0.0, noise_sd, size=values.shape)


def _cross_sectional_r(x: pd.DataFrame, y: pd.DataFrame, weeks: Iterable[int],
                       survey_rng: np.random.Generator | None = None) -> float:
    """Mean over `weeks` of the Pearson correlation across columns of rows x[week], y[week]."""
    rs = []
    for week in weeks:
        a, b = x.loc[week].to_numpy(float), y.loc[week].to_numpy(float)
        ok = np.isfinite(a) & np.isfinite(b)
        a, b = a[ok], b[ok]
        if survey_rng is not None:
            a, b = survey_scores(a, survey_rng), survey_scores(b, survey_rng)
        rs.append(stats.pearsonr(a, b)[0])
    return float(np.mean(rs))


# --- F1 trust builds slowly and breaks quickly -------------------------------------------------

def edge_sample_trajectories(run: RunLike) -> dict[str, np.ndarray]:
    """The sampled edges' weekly trust (/edge_sample), rebuilt from the last edge snapshot and the
    weekly changes: `level` [T+1, K] (row w = after week w, row 0 = the start), `delta` [T, K],
    and `restarted` [T, K], True in a week the trustor or trustee was newly hired (a reset to the
    prior, not trust dynamics)."""
    run = as_run(run)
    with h5py.File(run.path, "r") as f:
        if "edge_sample" not in f or "snapshots/edges" not in f:
            raise NotMeasurable(f"{run.path}: needs /edge_sample and /snapshots/edges")
        group = f["edge_sample"]
        names = [n.decode() if isinstance(n, bytes) else str(n)
                 for n in group["event_type_names"][()]]
        delta = group["delta_trust"][()].astype(np.float64)
        bits = group["event_types"][()]
        last = f["snapshots/edges/trust"][-1, :][group["edge"][()]].astype(np.float64)
        if int(f["snapshots/edges/step"][-1]) != len(delta):
            raise NotMeasurable(f"{run.path}: the last edge snapshot is not the last week")
    after = np.cumsum(delta[::-1], axis=0)[::-1]          # change from week w (1-based) to the end
    level = np.vstack([last - after, last[None, :]])
    restarted = ((bits >> names.index("restarted")) & 1) == 1
    return {"level": level, "delta": delta, "restarted": restarted}


def trust_change_skewness(run: RunLike, n_resamples: int = 999, seed: int = 0) -> dict[str, float]:
    """F1 emergent: sample skewness of the weekly Δt on the sampled edges (weeks with a restart
    left out) and its 95 % percentile bootstrap CI, resampling whole edges (a cluster bootstrap:
    an edge's weeks are not independent)."""
    traj = edge_sample_trajectories(run)
    delta = np.where(traj["restarted"], np.nan, traj["delta"])

    def skew_of(edges):
        x = delta[:, edges].ravel()
        return stats.skew(x[np.isfinite(x)])

    ci = stats.bootstrap((np.arange(delta.shape[1]),), skew_of, vectorized=False,
                         n_resamples=n_resamples, method="percentile",
                         random_state=np.random.default_rng(seed)).confidence_interval
    return {"skew": float(skew_of(np.arange(delta.shape[1]))), "ci_low": float(ci.low),
            "ci_high": float(ci.high)}


def crossing_times(run: RunLike, high: float = 0.6, low: float = 0.3) -> dict[str, float]:
    """F1 emergent: weeks an edge takes to fall from `high` to `low` (from the last week at >= high
    to the first week at <= low) and to rise from `low` to `high`, over the sampled edges, each
    trajectory cut at restarts. Returns the medians, the episode counts and fall ÷ rise."""
    falls, rises = crossing_episodes(edge_sample_trajectories(run), high, low)
    fall = float(np.median(falls)) if len(falls) else float("nan")
    rise = float(np.median(rises)) if len(rises) else float("nan")
    return {"fall_median": fall, "rise_median": rise, "falls": len(falls), "rises": len(rises),
            "ratio": fall / rise if len(rises) else float("nan")}


def crossing_episodes(trajectories: Mapping[str, np.ndarray], high: float = 0.6,
                      low: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """The weeks of every fall and every rise in `edge_sample_trajectories` output (see
    `crossing_times`). Vectorised because the calibration measures every edge of hundreds of runs:
    each week is high, low or between; a fall is a high week followed, with only in-between weeks
    in the gap, by a low week of the same edge and the same stretch between resets (a restart or a
    NaN)."""
    level, restarted = trajectories["level"], trajectories["restarted"]
    weeks, edges = level.shape
    state = np.where(level >= high, 1, np.where(level <= low, -1, 0))
    reset = ~np.isfinite(level)
    reset[1:] |= restarted
    stretch = np.cumsum(reset, axis=0)
    # Edge-major order puts each edge's weeks next to each other.
    state, stretch = state.T.ravel(), stretch.T.ravel()
    edge, week = np.repeat(np.arange(edges), weeks), np.tile(np.arange(weeks), edges)
    marked = np.flatnonzero((state != 0) & np.isfinite(level.T.ravel()))
    a, b = marked[:-1], marked[1:]
    same = (edge[a] == edge[b]) & (stretch[a] == stretch[b])
    fall = same & (state[a] == 1) & (state[b] == -1)
    rise = same & (state[a] == -1) & (state[b] == 1)
    return week[b[fall]] - week[a[fall]], week[b[rise]] - week[a[rise]]


# --- F2 trust is reciprocal --------------------------------------------------------------------

def reciprocity_correlation(run: RunLike, step: int | None = None) -> dict[str, float]:
    """F2(a): corr(t_ij, t_ji) over tied pairs (both i→j and j→i exist) at the edge snapshot `step`
    (the last one when None), each pair in both orientations.

    Returns `all`, and the same over `formal` pairs (one is the other's manager) and `lateral`
    pairs (neither), with `pairs_*` their counts.
    """
    edges = as_run(run).edges(step)[["source", "target", "kind", "trust"]]
    back = edges.rename(columns={"source": "target", "target": "source", "trust": "trust_back",
                                 "kind": "kind_back"})
    pairs = edges.merge(back, on=["source", "target"])
    formal = ((pairs["kind"] | pairs["kind_back"]) & (KIND_MANAGER | KIND_REPORT)) != 0
    out = {}
    for name, rows in (("all", pairs), ("formal", pairs[formal]), ("lateral", pairs[~formal])):
        out[name] = float(rows["trust"].corr(rows["trust_back"])) if len(rows) > 2 else float("nan")
        out[f"pairs_{name}"] = len(rows) // 2
    return out


def _weekly_exchanges(run: Run) -> dict[str, np.ndarray]:
    """The reports' weekly trust in their manager, the stake their manager sent them and what
    they returned ([S, N-1], the CEO left out), from agent snapshots taken every week, and a mask
    of the weeks in which the report or its manager was newly hired in that week or the one
    before (a relationship restarted at the prior)."""
    if "exchange_stake" not in run.agent_snapshot_vars():
        raise NotMeasurable(f"{run.path}: no /snapshots/agents/exchange_stake (a run file from "
                            "before it, or output.agent_snapshot_every: 0)")
    trust = run.agent_snapshot("trust_in_manager")
    weeks = trust.index.to_numpy()
    if weeks[0] != 1 or not (np.diff(weeks) == 1).all():
        raise NotMeasurable(f"{run.path}: needs an agent snapshot every week "
                            "(output.agent_snapshot_every: 1)")
    with h5py.File(run.path, "r") as f:
        teams_change = "snapshots/agents/manager" in f
    if teams_change:
        raise NotMeasurable(f"{run.path}: teams change during the run (merge or split events)")
    hired = run.agent_snapshot("hire_step").to_numpy(float)
    manager = run.agents["parent"].to_numpy(np.int64)[1:]
    restarted = np.maximum(hired[:, 1:], hired[:, manager]) >= (weeks[:, None] - 1)
    return {"weeks": weeks, "trust": trust.to_numpy(float)[:, 1:],
            "stake": run.agent_snapshot("exchange_stake").to_numpy(float)[:, 1:],
            "returned": run.agent_snapshot("exchange_returned").to_numpy(float)[:, 1:],
            "restarted": restarted}


def stake_effect(runs: Sequence[RunLike]) -> dict[str, float]:
    """F2(b): OLS of the change of a report's trust in its manager over a week,
    t_ji(t) − t_ji(t−1), on the stake its manager sent it in that week's trust-first exchange
    (0 if none), with t_ji(t−1) as the control; all report-weeks of `runs` pooled with one
    intercept per run, weeks of a restarted relationship left out. Snapshots are taken after a
    week, so t_ji(t−1) is the trust before week t's exchange: this is the spec's regression of
    the next step's change on the stake at t. Returns the stake coefficient, its robust (HC1) z
    and one-sided p (coefficient > 0), and the number of report-weeks."""
    frames = []
    for index, run in enumerate(runs):
        w = _weekly_exchanges(as_run(run))
        change = np.diff(w["trust"], axis=0)
        ok = np.isfinite(change) & ~w["restarted"][1:] & np.isfinite(w["trust"][:-1])
        frames.append(pd.DataFrame({"run": index, "change": change[ok],
                                    "stake": w["stake"][1:][ok], "before": w["trust"][:-1][ok]}))
    data = pd.concat(frames, ignore_index=True)
    dummies = pd.get_dummies(data["run"], prefix="run", dtype=float).to_numpy()
    coef, se = _ols(data["change"].to_numpy(float),
                    np.column_stack([dummies, data[["stake", "before"]].to_numpy(float)]))
    z = coef[-2] / se[-2]
    return {"coefficient": float(coef[-2]), "z": float(z), "p": float(stats.norm.sf(z)),
            "share_with_stake": float((data["stake"] > 0).mean()), "rows": len(data)}


def first_exchanges(run: RunLike, multiplier: float = 3.0) -> dict[str, float]:
    """F2(d): the first trust-first exchange of every manager–report pair that starts in the run
    (initial staff at week 0, or a newcomer): the stake sent as a fraction of the endowment (1),
    the share of those first exchanges with a positive stake, and the fraction returned of the
    multiplied stake (`multiplier`, interactions.exchange_multiplier)."""
    w = _weekly_exchanges(as_run(run))
    sent, returned = [], []
    stake = w["stake"]
    hired = as_run(run).agent_snapshot("hire_step").to_numpy(float)
    manager = as_run(run).agents["parent"].to_numpy(np.int64)[1:]
    # A pair is new at the later of the two hire weeks; its first exchange is the first week
    # after that with a stake. Only an opened exchange has a stake, so share_sending is 1 by
    # construction unless a manager's trust is 0: the model's "not sending" is not opening.
    pair_start = np.maximum(hired[:, 1:], hired[:, manager])
    for report in range(stake.shape[1]):
        started = pair_start[:, report]
        for begin in np.unique(started):
            weeks = np.nonzero((started == begin) & (stake[:, report] > 0))[0]
            if len(weeks) == 0:
                continue
            first = weeks[0]
            sent.append(stake[first, report])
            returned.append(w["returned"][first, report] / (multiplier * stake[first, report]))
    sent, returned = np.array(sent), np.array(returned)
    return {"sent_fraction": float(sent.mean()), "share_sending": float((sent > 0).mean()),
            "return_fraction": float(returned.mean()), "pairs": len(sent)}


def trust_in_manager_at(run: RunLike, week: int) -> float:
    """Subordinates' mean trust in their manager after `week` (/org/trust_in_manager)."""
    return float(as_run(run).org.loc[week, "trust_in_manager"])


def dose_response(runs_by_level: Mapping[float, Sequence[RunLike]], week: int) -> dict:
    """F2(c): mean trust in the manager at `week` for each level of a design factor (φ), averaged
    over that level's runs (seeds), and Spearman's ρ between the levels and those grid means.

    Returns {"levels", "grid_means", "grid_sems", "spearman", "span"} where span is the last grid
    mean minus the first.
    """
    levels = sorted(runs_by_level)
    per_level = [np.array([trust_in_manager_at(r, week) for r in runs_by_level[lv]])
                 for lv in levels]
    means = np.array([v.mean() for v in per_level])
    sems = np.array([stats.sem(v) if len(v) > 1 else float("nan") for v in per_level])
    rho = stats.spearmanr(levels, means)[0]
    return {"levels": levels, "grid_means": means.tolist(), "grid_sems": sems.tolist(),
            "spearman": float(rho), "span": float(means[-1] - means[0])}


# --- F3 trust–outcome correlations --------------------------------------------------------------

def individual_outcome_correlations(run: RunLike, first_week: int = STEADY_STATE_FIRST_WEEK,
                                    survey_seed: int | None = None) -> dict[str, float]:
    """F3 individual level: r(t_i,m, E), r(t_i,m, turnover intent), r(t_i,m, y) across non-CEO
    agents, averaged over the agent snapshots in the steady state.

    With `survey_seed`, every variable is first turned into a survey score (reliability 0.85) with
    noise from that seed; without it, true scores.
    """
    run = as_run(run)
    trust = run.agent_snapshot("trust_in_manager")
    weeks = _steady(trust.index, first_week)
    rng = None if survey_seed is None else np.random.default_rng(survey_seed)
    out = {}
    for key, var in (("engagement", "engagement"), ("turnover_intent", "turnover_intent"),
                     ("performance", "performance")):
        out[key] = _cross_sectional_r(trust, run.agent_snapshot(var), weeks, rng)
    return out


def ordering_holds(r: Mapping[str, float]) -> bool:
    """F3 ordering |r_E| > |r_quit| > |r_y| for one run's `individual_outcome_correlations`."""
    return abs(r["engagement"]) > abs(r["turnover_intent"]) > abs(r["performance"])


def team_trust_performance_correlation(run: RunLike,
                                       first_week: int = STEADY_STATE_FIRST_WEEK) -> float:
    """F3 team level: r(mean intrateam trust, Y_T) across teams, averaged over steady-state weeks."""
    run = as_run(run)
    trust = run.team("intrateam_trust")
    return _cross_sectional_r(trust, run.team("performance"), _steady(trust.index, first_week))


def annual_turnover(run: RunLike, first_week: int = STEADY_STATE_FIRST_WEEK) -> float:
    """F3 check: leavers ÷ N over the 52 weeks from `first_week` (the sum of /org/quit_rate)."""
    quit_rate = as_run(run).org["quit_rate"]
    weeks = _steady(quit_rate.index, first_week)[:52]
    if len(weeks) < 52:
        raise NotMeasurable(f"annual turnover needs 52 weeks from week {first_week}, "
                            f"the run has {len(weeks)}")
    return float(quit_rate.loc[weeks].sum())


# --- F4 humble leadership -----------------------------------------------------------------------

def humility_correlations(run: RunLike, first_week: int = STEADY_STATE_FIRST_WEEK
                          ) -> dict[str, float]:
    """F4(a): r(η_m, team-mean t_i,m), r(η_m, team-mean E), r(η_m, Y_T) across teams, averaged over
    steady-state weeks. η_m is /team/style/humility."""
    run = as_run(run)
    eta = run.teams()["style_humility"].to_numpy(float)
    out = {}
    for key, series in (("trust_in_manager", "trust_in_manager"), ("engagement", "engagement"),
                        ("performance", "performance")):
        values = run.team(series)
        weeks = _steady(values.index, first_week)
        eta_rows = pd.DataFrame(np.tile(eta, (len(weeks), 1)), index=weeks,
                                columns=values.columns)
        out[key] = _cross_sectional_r(eta_rows, values, weeks)
    return out


def team_voice_rate(run: RunLike, first_week: int = STEADY_STATE_FIRST_WEEK) -> np.ndarray:
    """Each team's voice rate over the steady state: voiced ÷ ideas of its reports, pooled over
    weeks `first_week`… (/team/voice_rate × /team/ideas recovers a week's voiced count). One
    week's rate is NaN in most teams (about 0.35 ideas per team and week), so it is pooled rather
    than averaged per week. NaN for a team without ideas. Raises NotMeasurable for a run file
    written before /team/voice_rate existed."""
    run = as_run(run)
    try:
        rate, ideas = run.team("voice_rate"), run.team("ideas")
    except KeyError as missing:
        raise NotMeasurable(f"{run.path}: no per-team voice series ({missing})") from None
    weeks = _steady(rate.index, first_week)
    ideas = ideas.loc[weeks].to_numpy(float)
    voiced = np.round(np.nan_to_num(rate.loc[weeks].to_numpy(float)) * ideas)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ideas.sum(axis=0) > 0, voiced.sum(axis=0) / ideas.sum(axis=0), np.nan)


def humility_voice_correlation(run: RunLike, first_week: int = STEADY_STATE_FIRST_WEEK) -> float:
    """F4(a) r(η_m, voice rate): Pearson r across teams of η_m and the team's steady-state voice
    rate (`team_voice_rate`), teams without ideas left out."""
    run = as_run(run)
    eta = run.teams()["style_humility"].to_numpy(float)
    rate = team_voice_rate(run, first_week)
    ok = np.isfinite(eta) & np.isfinite(rate)
    return float(stats.pearsonr(eta[ok], rate[ok])[0])


def team_steady_state(run: RunLike, first_week: int = STEADY_STATE_FIRST_WEEK) -> pd.DataFrame:
    """One row per team: η_m and the means over the steady-state weeks of Y_T, PS_T and the
    learning-behaviour count (F4(b)'s variables)."""
    run = as_run(run)
    out = pd.DataFrame({"humility": run.teams()["style_humility"].to_numpy(float)})
    for key, series in (("performance", "performance"), ("psychological_safety",
                                                          "psychological_safety"),
                        ("learning_behaviour", "learning_behaviour")):
        values = run.team(series)
        out[key] = values.loc[_steady(values.index, first_week)].mean(axis=0).to_numpy(float)
    return out


def mediation(runs: Sequence[RunLike], n_resamples: int = 999, seed: int = 0) -> dict[str, float]:
    """F4(b): OLS of Y_T on η (total effect c), then on η + PS_T + learning behaviour (direct
    effect c'), over the teams of all `runs` pooled (a team's steady-state means, centred within
    each run, which is the same as one intercept per run). Returns c, c', the fall 1 − c'/c, the
    indirect effect c − c' and its 95 % percentile bootstrap CI, resampling teams."""
    frames = [team_steady_state(r).assign(run=i) for i, r in enumerate(runs)]
    data = pd.concat(frames, ignore_index=True).dropna()
    data = data.drop(columns="run") - data.groupby("run").transform("mean")
    y = data["performance"].to_numpy(float)
    total = data[["humility"]].to_numpy(float)
    full = data[["humility", "psychological_safety", "learning_behaviour"]].to_numpy(float)

    def coefficients(rows):
        c = np.linalg.lstsq(total[rows], y[rows], rcond=None)[0][0]
        c_direct = np.linalg.lstsq(full[rows], y[rows], rcond=None)[0][0]
        return c, c_direct

    c, c_direct = coefficients(np.arange(len(y)))
    ci = stats.bootstrap((np.arange(len(y)),), lambda rows: np.subtract(*coefficients(rows)),
                         vectorized=False, n_resamples=n_resamples, method="percentile",
                         random_state=np.random.default_rng(seed)).confidence_interval
    return {"c": float(c), "c_direct": float(c_direct), "fall": float(1 - c_direct / c),
            "indirect": float(c - c_direct), "ci_low": float(ci.low), "ci_high": float(ci.high),
            "teams": len(y)}


def team_psychological_safety_at(run: RunLike, week: int) -> float:
    """F4(c): mean over teams of team psychological safety PS_T after `week`."""
    return float(as_run(run).team("psychological_safety").loc[week].mean())


def share_of_pairs_greater(a: Sequence[float], b: Sequence[float]) -> float:
    """Share of paired replicates (same seed) with a > b."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        raise ValueError(f"paired samples differ in length: {a.shape} vs {b.shape}")
    return float(np.mean(a > b))


# --- F5 admitting beats concealing --------------------------------------------------------------

def trust_after(run: RunLike, week: int) -> float:
    """F5(i): the followers' mean trust in their manager after `week` (same as F2(c)'s reading)."""
    return trust_in_manager_at(run, week)


def recovery_weeks(run: RunLike, baseline_week: int, from_week: int, share: float = 0.9,
                   within: int = 52) -> float:
    """F5(ii): weeks from `from_week` until the followers' mean trust in their manager is back at
    >= `share` of its value after `baseline_week` (0 if it never fell below); inf if that does not
    happen within `within` weeks."""
    trust = as_run(run).org["trust_in_manager"]
    target = share * trust.loc[baseline_week]
    window = trust.loc[from_week:from_week + within]
    reached = window.index[window.to_numpy() >= target]
    return float(reached[0] - from_week) if len(reached) else float("inf")


def leader_discovery_weeks(run: RunLike, leader: int = 0) -> np.ndarray:
    """F5(iii): the weeks in which some of `leader`'s concealed errors came out, read from its
    weekly agent snapshots (/snapshots/agents/latent_errors is a manager's concealed own errors):
    the weeks its count falls. Needs an agent snapshot every week."""
    run = as_run(run)
    cover = run.agent_snapshot("latent_errors")[leader]
    if len(cover) < 2 or not (np.diff(cover.index.to_numpy()) == 1).all():
        raise NotMeasurable(f"{run.path}: needs an agent snapshot every week "
                            "(output.agent_snapshot_every: 1)")
    falls = np.diff(cover.to_numpy(float)) < 0
    return cover.index.to_numpy()[1:][falls]


def follower_trust_change_skewness(run: RunLike) -> float:
    """F5(iii): sample skewness of the weekly change of every report's trust in its manager
    (/snapshots/agents/trust_in_manager, weekly snapshots, the CEO left out), all weeks pooled."""
    trust = as_run(run).agent_snapshot("trust_in_manager").iloc[:, 1:].to_numpy(float)
    delta = np.diff(trust, axis=0).ravel()
    return float(stats.skew(delta[np.isfinite(delta)]))


def max_drawdown(values: Sequence[float]) -> float:
    """The largest fall from a running peak, max over t of (max_{s<=t} x_s − x_t); 0 for a series
    that never falls."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("max_drawdown of an empty series")
    return float(np.max(np.maximum.accumulate(x) - x))


def concealment_fragility(admit: RunLike, chance: RunLike, first_error_week: int) -> dict:
    """F5(iii) on one pair of runs on the same seed: arm A (errors admitted) and arm B′ (the same
    errors concealed, discovered by chance). Returns the followers' mean trust in the leader
    (/org/trust_in_manager) averaged over the weeks from the first error to the week before B′'s
    first discovery in each arm (NaN for both if B′'s first discovery is in the first error's own
    week), the first discovery week (inf if none), and each arm's skewness of the reports'
    weekly trust changes and maximum drawdown of the followers' mean trust over the whole run."""
    admit, chance = as_run(admit), as_run(chance)
    discoveries = leader_discovery_weeks(chance)
    first = int(discoveries[0]) if len(discoveries) else None
    trust_a, trust_b = admit.org["trust_in_manager"], chance.org["trust_in_manager"]
    last = (first - 1) if first is not None else int(trust_b.index.max())
    window = slice(first_error_week, last)
    before_a = float(trust_a.loc[window].mean()) if last >= first_error_week else float("nan")
    before_b = float(trust_b.loc[window].mean()) if last >= first_error_week else float("nan")
    return {"first_discovery": float(first) if first is not None else float("inf"),
            "before_admit": before_a, "before_chance": before_b,
            "skew_admit": follower_trust_change_skewness(admit),
            "skew_chance": follower_trust_change_skewness(chance),
            "drawdown_admit": max_drawdown(trust_a.to_numpy(float)),
            "drawdown_chance": max_drawdown(trust_b.to_numpy(float))}


# --- F6 swift and slow trust --------------------------------------------------------------------

def weeks_to_share_of_asymptote(run: RunLike, share: float = 0.9,
                                first_week: int = STEADY_STATE_FIRST_WEEK) -> float:
    """F6(a): the first week in which the teams' mean intrateam trust (/team/intrateam_trust
    averaged over teams) is at >= `share` of its asymptote, the mean over weeks `first_week`…;
    inf if it never gets there."""
    trust = as_run(run).team("intrateam_trust").mean(axis=1)
    asymptote = trust.loc[_steady(trust.index, first_week)].mean()
    reached = trust.index[trust.to_numpy(float) >= share * asymptote]
    return float(reached[0]) if len(reached) else float("inf")


def exploited_stake(run: RunLike, last_week: int = 26) -> float:
    """F6(b): the stake not returned in trust-first exchanges over weeks 1…`last_week`, per agent
    (the sum of /org/exploited_stake)."""
    run = as_run(run)
    if "exploited_stake" not in run.org:
        raise NotMeasurable(f"{run.path}: no /org/exploited_stake (a run file from before it)")
    return float(run.org["exploited_stake"].loc[:last_week].sum())


def negotiations(run: RunLike) -> pd.DataFrame:
    """F6(c): every negotiation of a run with negotiation.enabled and weekly agent and edge
    snapshots, one row each: week, opener, partner, whether each side shared, the efficiency
    (joint value ÷ Pareto maximum), the pair's mutual trust when they decided — the mean of the
    two sides' trust in each other after the week before (the partner's propensity stands in for
    its trust when it has no edge back, as in the model's decision) — and, where the pair had
    negotiated before, whether each side's counterpart shared that last time (NaN otherwise).
    Week 1's negotiations have no earlier edge snapshot and are left out."""
    run = as_run(run)
    if "negotiation_partner" not in run.agent_snapshot_vars():
        raise NotMeasurable(f"{run.path}: no negotiation columns in /snapshots/agents "
                            "(negotiation.enabled: false, or a run file from before them)")
    partner = run.agent_snapshot("negotiation_partner")
    weeks = partner.index.to_numpy()
    if not (np.diff(weeks) == 1).all() or not np.array_equal(run.snapshot_steps("edges"), weeks):
        raise NotMeasurable(f"{run.path}: needs agent and edge snapshots every week")
    sharing = run.agent_snapshot("negotiation_sharing").to_numpy(np.int64)
    efficiency = run.agent_snapshot("negotiation_efficiency").to_numpy(float)
    propensity = run.agent_snapshot("propensity").iloc[0].to_numpy(float)
    row_offsets, col_index, _ = run.network()
    n = len(row_offsets) - 1
    # Edge index + 1 at (i, j), so that a missing edge reads as -1 after the shift back.
    edge_of = sp.csr_matrix((np.arange(1, len(col_index) + 1), col_index.astype(np.int64),
                             row_offsets.astype(np.int64)), shape=(n, n))
    with h5py.File(run.path, "r") as f:
        trust = f["snapshots/edges/trust"][()].astype(float)
    opened_week, opener = np.nonzero(sharing & 1)
    partner_of = partner.to_numpy(float)[opened_week, opener].astype(np.int64)
    forward = np.asarray(edge_of[opener, partner_of]).ravel() - 1
    back = np.asarray(edge_of[partner_of, opener]).ravel() - 1
    data = pd.DataFrame({"week": weeks[opened_week], "opener": opener, "partner": partner_of,
                         "opener_shared": (sharing[opened_week, opener] & 2) > 0,
                         "partner_shared": (sharing[opened_week, opener] & 4) > 0,
                         "efficiency": efficiency[opened_week, opener]})
    if (forward < 0).any():
        raise NotMeasurable(f"{run.path}: a negotiation without an edge to its partner")
    previous = np.maximum(opened_week - 1, 0)
    t_opener = trust[previous, forward]
    t_partner = np.where(back >= 0, trust[previous, np.maximum(back, 0)], propensity[partner_of])
    data["mutual_trust"] = (t_opener + t_partner) / 2
    data = data[opened_week > 0].sort_values(["week", "opener"], kind="stable")
    # Each side's counterpart's last share in the same pair, whoever opened then.
    last: dict[tuple[int, int], bool] = {}
    before_opener, before_partner = [], []
    for a, b, shared_a, shared_b in data[["opener", "partner", "opener_shared",
                                          "partner_shared"]].itertuples(index=False):
        before_opener.append(last.get((b, a), np.nan))   # did b share the last time?
        before_partner.append(last.get((a, b), np.nan))  # did a share the last time?
        last[(a, b)], last[(b, a)] = shared_a, shared_b
    data["partner_shared_before"] = np.array(before_opener, dtype=float)
    data["opener_shared_before"] = np.array(before_partner, dtype=float)
    return data.reset_index(drop=True)


def negotiation_facts(run: RunLike) -> dict[str, float]:
    """F6(c) on one run's negotiations (`negotiations`): r(efficiency, mutual trust); sharing
    reciprocity P(a side shares | the other shared last time) − P(shares | the other did not),
    over the decisions of both sides in pairs that had negotiated before; and the mediation of
    efficiency by the share rate (the number of sides that shared ÷ 2): the fall of the trust
    coefficient from efficiency ~ trust to efficiency ~ trust + share rate."""
    data = negotiations(run)
    out = {"negotiations": len(data),
           "r": float(stats.pearsonr(data["efficiency"], data["mutual_trust"])[0])}
    shares = np.concatenate([data["opener_shared"], data["partner_shared"]]).astype(float)
    before = np.concatenate([data["partner_shared_before"], data["opener_shared_before"]])
    known = np.isfinite(before)
    out["p_after_share"] = float(shares[known & (before == 1)].mean())
    out["p_after_none"] = float(shares[known & (before == 0)].mean())
    out["reciprocity"] = out["p_after_share"] - out["p_after_none"]
    y = data["efficiency"].to_numpy(float)
    ones = np.ones(len(y))
    trust = data["mutual_trust"].to_numpy(float)
    share_rate = (data["opener_shared"].astype(float) + data["partner_shared"].astype(float)) / 2
    c = np.linalg.lstsq(np.column_stack([ones, trust]), y, rcond=None)[0][1]
    c_direct = np.linalg.lstsq(np.column_stack([ones, trust, share_rate]), y, rcond=None)[0][1]
    out.update({"c": float(c), "c_direct": float(c_direct), "fall": float(1 - c_direct / c)})
    return out


# --- F7 network structure and third-party effects ----------------------------------------------

def _adjacency(run: Run, values: np.ndarray | None = None) -> sp.csr_matrix:
    row_offsets, col_index, _ = run.network()
    n = len(row_offsets) - 1
    data = np.ones(len(col_index)) if values is None else values
    return sp.csr_matrix((data, col_index.astype(np.int64), row_offsets.astype(np.int64)),
                         shape=(n, n))


def interaction_graph_statistics(run: RunLike, diameter_sources: int = 200,
                                 seed: int = 0) -> dict[str, float]:
    """F7(a) on the interaction graph (/network: formal and lateral ties).

    Returns reciprocity (share of directed edges whose reverse exists), mean clustering and the
    Erdős–Rényi value at equal density (both on the undirected graph, as SNAP reports
    email-Eu-core), their ratio, and the 90 % effective diameter: the 0.9 quantile of shortest-path
    lengths (undirected, over reachable pairs) from `diameter_sources` random sources.
    """
    run = as_run(run)
    a = _adjacency(run)
    graph = nx.from_scipy_sparse_array(a, create_using=nx.DiGraph)
    undirected = graph.to_undirected()
    clustering = nx.average_clustering(undirected)
    density = nx.density(undirected)
    rng = np.random.default_rng(seed)
    n = a.shape[0]
    sources = rng.choice(n, size=min(diameter_sources, n), replace=False)
    dist = shortest_path(a, directed=False, unweighted=True, indices=sources)
    finite = dist[np.isfinite(dist) & (dist > 0)]
    return {"reciprocity": float(nx.reciprocity(graph)), "clustering": float(clustering),
            "clustering_random": float(density),
            "clustering_ratio": float(clustering / density),
            "effective_diameter": float(np.quantile(finite, 0.9)),
            "diameter_bound": float(2 * np.log10(n) + 2), "agents": n}


def trust_graph_reciprocity(run: RunLike, step: int | None = None,
                            threshold: float = TRUST_GRAPH_THRESHOLD) -> float:
    """F7(b): reciprocity of the trust graph, the edges with t > `threshold` at snapshot `step`."""
    edges = as_run(run).edges(step)
    strong = edges[edges["trust"] > threshold]
    graph = nx.DiGraph()
    graph.add_edges_from(zip(strong["source"].to_numpy(), strong["target"].to_numpy()))
    if graph.number_of_edges() == 0:
        raise NotMeasurable(f"no edge with trust > {threshold}")
    return float(nx.reciprocity(graph))


def leaders_blessing(run: RunLike, step: int | None = None) -> dict[str, float]:
    """F7(c): corr(t_m,j, mean_{k in team, k != j} t_k,j) over team members j that at least one
    teammate has an edge to (kind bit 8), at snapshot `step`.

    Returns the correlation and the number of members it is taken over.
    """
    edges = as_run(run).edges(step)
    down = edges[(edges["kind"] & KIND_REPORT) != 0].set_index("target")["trust"]
    peers = edges[(edges["kind"] & KIND_SIBLING) != 0].groupby("target")["trust"].mean()
    joined = pd.concat({"manager": down, "peers": peers}, axis=1, join="inner").dropna()
    r = float(joined["manager"].corr(joined["peers"])) if len(joined) > 2 else float("nan")
    return {"r": r, "members": len(joined)}


def shared_third_parties(run: RunLike) -> np.ndarray:
    """For every directed edge i → j (aligned with /network/col_index), the number of third parties
    k with edges i → k and k → j: the relays through which gossip lets i hear about j (A.3)."""
    run = as_run(run)
    row_offsets, col_index, _ = run.network()
    source = np.repeat(np.arange(len(row_offsets) - 1), np.diff(row_offsets).astype(np.int64))
    adjacency = _adjacency(run)
    two_step = (adjacency @ adjacency).tocsr()
    return np.asarray(two_step[source, col_index.astype(np.int64)], dtype=float).ravel()


def _ols(y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OLS coefficients and their heteroskedasticity-robust (HC1) standard errors."""
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    n, k = x.shape
    bread = np.linalg.inv(x.T @ x)
    meat = (x * resid[:, None] ** 2).T @ x
    cov = bread @ meat @ bread * n / (n - k)
    return coef, np.sqrt(np.diag(cov))


def gossip_amplification(runs: Sequence[RunLike], from_week: int = 52) -> dict[str, float]:
    """F7(d): over every edge of `runs` (pooled, one intercept per run), OLS of the change of
    trust t_ij from `from_week` to the last edge snapshot on strong + shared + strong × shared,
    where strong = t_ij at `from_week` above its run's median (tie strength) and shared = the
    edge's shared third parties (`shared_third_parties`). Edges whose trustor or trustee was hired
    after `from_week` (a reset to the prior) are left out. Returns the slopes on shared for weak
    and strong ties, the interaction coefficient, its robust (HC1) z statistic and two-sided p."""
    rows = []
    for index, run in enumerate(runs):
        run = as_run(run)
        row_offsets, col_index, _ = run.network()
        source = np.repeat(np.arange(len(row_offsets) - 1), np.diff(row_offsets).astype(np.int64))
        before = run.edge_snapshot("trust", from_week).astype(float)
        after = run.edge_snapshot("trust").astype(float)
        hired = run.agent_snapshot("hire_step").iloc[-1].to_numpy(float)
        kept = (hired[source] <= from_week) & (hired[col_index.astype(np.int64)] <= from_week)
        rows.append(pd.DataFrame({
            "run": index, "change": (after - before)[kept],
            "strong": (before > np.median(before))[kept].astype(float),
            "shared": shared_third_parties(run)[kept]}))
    data = pd.concat(rows, ignore_index=True)
    data["interaction"] = data["strong"] * data["shared"]
    dummies = pd.get_dummies(data["run"], prefix="run", dtype=float)
    x = np.column_stack([dummies.to_numpy(), data[["strong", "shared", "interaction"]].to_numpy()])
    coef, se = _ols(data["change"].to_numpy(float), x)
    slope_weak, interaction = coef[-2], coef[-1]
    z = interaction / se[-1]
    return {"slope_weak": float(slope_weak), "slope_strong": float(slope_weak + interaction),
            "interaction": float(interaction), "z": float(z),
            "p": float(2 * stats.norm.sf(abs(z))), "edges": len(data)}
