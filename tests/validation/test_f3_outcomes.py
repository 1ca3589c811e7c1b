"""F3 — trust–outcome correlations have the published size and ordering (model-spec.md (b));
docs/VALIDATION.md. All on the mixed organisation, 30 seeds, steady state weeks 53–104, true
scores (F3 does not say "survey")."""

from __future__ import annotations

import numpy as np
import pytest
from designs import assert_in_band
from trustsim_analysis import facts

pytestmark = pytest.mark.validation


@pytest.fixture(scope="session")
def individual(mixed_runs):
    return [facts.individual_outcome_correlations(path) for path in mixed_runs]


@pytest.fixture(scope="session")
def individual_survey(mixed_runs):
    """The same on survey scores (reliability 0.85), reported next to the true scores."""
    return [facts.individual_outcome_correlations(path, survey_seed=seed)
            for seed, path in enumerate(mixed_runs)]


def _mean(rows, key):
    return float(np.mean([row[key] for row in rows]))


def test_f3_trust_in_manager_and_engagement(individual, individual_survey, record):
    """r(t_i,m, E_i) in [0.35, 0.65]: about 2,000 agents per cross-section, four cross-sections
    per run, 30 seeds; one run's r varies by sd 0.02 over seeds (measured), so the mean's standard
    error is < 0.005 against a band 0.3 wide."""
    record("F3 r(t_im, E)", _mean(individual, "engagement"), "[0.35, 0.65]")
    record("F3  r(t_im, E), survey scores", _mean(individual_survey, "engagement"), "(detail)")
    assert_in_band(_mean(individual, "engagement"), 0.35, 0.65, "r(t_i,m, E)")


def test_f3_trust_in_manager_and_turnover_intent(individual, individual_survey, record):
    """r(t_i,m, turnover intent) in [-0.55, -0.25]; power as for engagement."""
    record("F3 r(t_im, turnover intent)", _mean(individual, "turnover_intent"), "[-0.55, -0.25]")
    record("F3  r(t_im, quit), survey scores", _mean(individual_survey, "turnover_intent"),
           "(detail)")
    assert_in_band(_mean(individual, "turnover_intent"), -0.55, -0.25, "r(t_i,m, turnover intent)")


def test_f3_trust_in_manager_and_performance(individual, individual_survey, record):
    """r(t_i,m, y_i) in [0.05, 0.30]; power as for engagement."""
    record("F3 r(t_im, y)", _mean(individual, "performance"), "[0.05, 0.30]")
    record("F3  r(t_im, y), survey scores", _mean(individual_survey, "performance"), "(detail)")
    assert_in_band(_mean(individual, "performance"), 0.05, 0.30, "r(t_i,m, y)")


def test_f3_attitudes_before_behaviour(individual, individual_survey, record):
    """|r_E| > |r_quit| > |r_y| in >= 90 % of the 30 seeds (at least 27)."""
    held = np.mean([facts.ordering_holds(row) for row in individual])
    margin = np.mean([abs(r["engagement"]) - abs(r["turnover_intent"]) for r in individual])
    record("F3 ordering, share of seeds", held, ">= 0.90")
    record("F3  mean |r_E| - |r_quit|", margin, "(detail)")
    record("F3  ordering on survey scores",
           np.mean([facts.ordering_holds(row) for row in individual_survey]), "(detail)")
    assert held >= 0.9, f"ordering |r_E| > |r_quit| > |r_y|: held in {held:.0%} of seeds, band >= 90 %"


def test_f3_team_trust_and_team_performance(mixed_runs, record):
    """r(mean intrateam trust, Y_T) in [0.15, 0.45] across the ~286 teams of a run, averaged over
    the 52 steady-state weeks and 30 seeds (one run's r varies by sd 0.03 over seeds, measured;
    the mean's standard error is < 0.01)."""
    r = np.mean([facts.team_trust_performance_correlation(path) for path in mixed_runs])
    record("F3 team r(intrateam trust, Y_T)", r, "[0.15, 0.45]")
    assert_in_band(r, 0.15, 0.45, "r(intrateam trust, Y_T)")


def test_f3_annual_turnover(mixed_runs, record):
    """Realised annual turnover (weeks 53–104) in 5–30 %, in every one of the 30 seeds."""
    rates = [facts.annual_turnover(path) for path in mixed_runs]
    record("F3 annual turnover", f"{min(rates):.3f}-{max(rates):.3f}", "[0.05, 0.30]")
    assert_in_band(min(rates), 0.05, 0.30, "lowest annual turnover over seeds")
    assert_in_band(max(rates), 0.05, 0.30, "highest annual turnover over seeds")
