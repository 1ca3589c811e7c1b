"""The stylised-fact measures of trustsim_analysis.facts on constructed inputs with known answers:
synthetic run files (conftest.make_run) whose datasets are overwritten with chosen values, so a
measure's reading of the layout and its arithmetic are checked apart from the engine."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from trustsim_analysis import facts
from trustsim_analysis.load import open_run


def overwrite(path, name, values):
    """Replaces dataset `name` of the run file at `path` by `values` (same shape)."""
    with h5py.File(path, "r+") as f:
        f[name][...] = values


def test_max_drawdown_is_the_largest_fall_from_a_running_peak():
    assert facts.max_drawdown([1, 3, 2, 5, 1, 4]) == 4
    assert facts.max_drawdown([0.2, 0.5, 0.7]) == 0
    assert facts.max_drawdown([0.9, 0.5, 0.8, 0.6]) == pytest.approx(0.4)
    with pytest.raises(ValueError):
        facts.max_drawdown([])


def test_recovery_weeks_counts_from_the_damaging_week(make_run):
    path = make_run(steps=10)
    #        week:    1    2    3    4    5    6    7    8    9    10
    trust = np.array([.8, .8, .5, .6, .65, .7, .75, .8, .8, .8])
    overwrite(path, "org/trust_in_manager", trust)
    # 90 % of week 2's 0.8 is 0.72: from week 3, first reached in week 7.
    assert facts.recovery_weeks(path, baseline_week=2, from_week=3) == 4
    assert facts.recovery_weeks(path, baseline_week=2, from_week=3, share=0.5) == 0
    assert facts.recovery_weeks(path, baseline_week=2, from_week=3, within=3) == float("inf")


def test_team_voice_rate_pools_voiced_over_ideas(make_run):
    path = make_run(steps=60)
    n_teams = open_run(path).teams().shape[0]
    ideas = np.zeros((60, n_teams), np.float32)
    rate = np.full((60, n_teams), np.nan, np.float32)
    ideas[55, 0], rate[55, 0] = 2, 0.5      # team 0: 1 of 2, then 3 of 3 -> 4 / 5
    ideas[58, 0], rate[58, 0] = 3, 1.0
    ideas[10, 1], rate[10, 1] = 4, 1.0      # team 1: only before the steady state -> NaN
    ideas[54, 2], rate[54, 2] = 3, 0.0      # team 2: 0 of 3
    overwrite(path, "team/ideas", ideas)
    overwrite(path, "team/voice_rate", rate)
    pooled = facts.team_voice_rate(path)
    assert pooled[0] == pytest.approx(0.8)
    assert np.isnan(pooled[1])
    assert pooled[2] == 0


def test_humility_voice_correlation_is_pearson_over_teams_with_ideas(make_run):
    path = make_run(steps=60, agents=40)
    run = open_run(path)
    eta = run.teams()["style_humility"].to_numpy(float)
    n_teams = len(eta)
    ideas = np.zeros((60, n_teams), np.float32)
    ideas[59, :] = 20
    rate = np.full((60, n_teams), np.nan, np.float32)
    # The synthetic eta rises by 0.001 a team; team k voices 20 - k of its 20 ideas: r = -1.
    assert np.allclose(np.diff(eta), 0.001) and n_teams < 20
    rate[59, :] = (20 - np.arange(n_teams)) / 20
    overwrite(path, "team/ideas", ideas)
    overwrite(path, "team/voice_rate", rate)
    assert facts.humility_voice_correlation(path) == pytest.approx(-1, abs=1e-5)


def test_follower_trust_change_skewness_of_known_changes(make_run):
    path = make_run(steps=9, agent_snapshot_every=1)
    n = open_run(path).agent_snapshot("trust_in_manager").shape[1]
    # Every report's weekly changes are 1, 1, 1, -3 (twice over): skewness -6 / 3^1.5.
    steps = np.cumsum([0, 1, 1, 1, -3, 1, 1, 1, -3]) / 100 + 0.5
    trust = np.tile(steps[:, None], (1, n)).astype(np.float32)
    trust[:, 0] = np.nan                # the CEO
    overwrite(path, "snapshots/agents/trust_in_manager", trust)
    assert facts.follower_trust_change_skewness(path) == pytest.approx(-6 / 3 ** 1.5, rel=1e-4)


def test_leader_discovery_weeks_are_the_weeks_the_cover_falls(make_run):
    path = make_run(steps=8, agent_snapshot_every=1)
    n = open_run(path).agent_snapshot("latent_errors").shape[1]
    cover = np.zeros((8, n), np.float32)
    cover[:, 0] = [0, 1, 1, 2, 1, 1, 0, 0]   # weeks 1..8: found in weeks 5 and 7
    overwrite(path, "snapshots/agents/latent_errors", cover)
    assert facts.leader_discovery_weeks(path).tolist() == [5, 7]


def test_leader_discovery_weeks_need_weekly_snapshots(make_run):
    with pytest.raises(facts.NotMeasurable, match="every week"):
        facts.leader_discovery_weeks(make_run(steps=10, agent_snapshot_every=5))


def test_reciprocity_correlation_of_symmetric_and_mirrored_trust(make_run):
    path = make_run(steps=5, agents=20, edge_snapshot_every=5)
    row_offsets, col_index, _ = open_run(path).network()
    source = np.repeat(np.arange(len(row_offsets) - 1), np.diff(row_offsets).astype(np.int64))
    col_index = col_index.astype(np.int64)
    low, high = np.minimum(source, col_index), np.maximum(source, col_index)
    symmetric = (0.3 + 0.02 * low + 0.001 * high).astype(np.float32)
    overwrite(path, "snapshots/edges/trust", symmetric[None, :])
    assert facts.reciprocity_correlation(path)["all"] == pytest.approx(1, abs=1e-5)
    mirrored = np.where(source < col_index, symmetric, 1 - symmetric).astype(np.float32)
    overwrite(path, "snapshots/edges/trust", mirrored[None, :])
    # Double entry: each pair (x, 1 - x) and (1 - x, x), so r = -1.
    assert facts.reciprocity_correlation(path)["all"] == pytest.approx(-1, abs=1e-5)


def test_shared_third_parties_match_a_direct_count(make_run):
    path = make_run(steps=5, agents=30)
    row_offsets, col_index, _ = open_run(path).network()
    out = {i: set(col_index[row_offsets[i]:row_offsets[i + 1]].tolist())
           for i in range(len(row_offsets) - 1)}
    expected = [sum(1 for k in out[i] if j in out[k])
                for i in out for j in col_index[row_offsets[i]:row_offsets[i + 1]]]
    assert facts.shared_third_parties(path).tolist() == expected
    assert max(expected) > 0   # the synthetic network has two-step paths along edges


def test_weeks_to_share_of_asymptote(make_run):
    path = make_run(steps=60)
    n_teams = open_run(path).teams().shape[0]
    # A ramp from 0.1 by 0.1 a week to 1.0 at week 10, then flat (the asymptote, 1.0): 85 % of
    # it first in week 9 (0.9), 90 % in week 10 (0.9 in float32 is a hair below 0.9).
    level = np.minimum(np.arange(1, 61) / 10, 1.0)
    overwrite(path, "team/intrateam_trust", np.tile(level[:, None], (1, n_teams)).astype(np.float32))
    assert facts.weeks_to_share_of_asymptote(path, share=0.85) == 9
    assert facts.weeks_to_share_of_asymptote(path, share=0.5) == 5
