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
    traj = edge_sample_trajectories(run)
    level, restarted = traj["level"], traj["restarted"]
    falls, rises = [], []
    for k in range(level.shape[1]):
        state, last_high, last_low = None, None, None
        for w in range(level.shape[0]):
            if w > 0 and restarted[w - 1, k]:
                state = None
            t = level[w, k]
            if not np.isfinite(t):
                state = None
            elif t >= high:
                if state == "low":
                    rises.append(w - last_low)
                state, last_high = "high", w
            elif t <= low:
                if state == "high":
                    falls.append(w - last_high)
                state, last_low = "low", w
    fall = float(np.median(falls)) if falls else float("nan")
    rise = float(np.median(rises)) if rises else float("nan")
    return {"fall_median": fall, "rise_median": rise, "falls": len(falls), "rises": len(rises),
            "ratio": fall / rise if rises else float("nan")}


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


def humility_voice_correlation(run: RunLike) -> float:
    """F4(a) r(η_m, voice rate): needs a per-team voice series, which the output does not hold
    (/org/voice_rate is organisation-wide; /team/learning_behaviour mixes voice with error reports
    and help requests). Raises NotMeasurable until the layout gains one."""
    run = as_run(run)
    with h5py.File(run.path, "r") as f:
        if "team/voice_rate" not in f:
            raise NotMeasurable(f"{run.path}: no per-team voice series (/team/voice_rate); "
                                "docs/hdf5-layout.md has voice only organisation-wide")
        voice = pd.DataFrame(f["team/voice_rate"][()], index=run.org.index)
    eta = run.teams()["style_humility"].to_numpy(float)
    weeks = _steady(voice.index, STEADY_STATE_FIRST_WEEK)
    eta_rows = pd.DataFrame(np.tile(eta, (len(weeks), 1)), index=weeks, columns=voice.columns)
    return _cross_sectional_r(eta_rows, voice, weeks)


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
