"""F4 — humble leadership raises trust, team psychological safety, voice and learning
(model-spec.md (b)); docs/VALIDATION.md."""

from __future__ import annotations

import numpy as np
import pytest
from designs import CONFIGS, NO_SNAPSHOTS, assert_in_band, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

PRESET_SEEDS = range(1, 31)


@pytest.fixture(scope="session")
def humility(mixed_runs):
    return [facts.humility_correlations(path) for path in mixed_runs]


@pytest.fixture(scope="session")
def preset_runs(tmp_path_factory):
    """F4(c): configs/humble.yaml and configs/infallible.yaml (identical but for the style), 52
    weeks, seeds 1–30, paired by seed."""
    base = tmp_path_factory.mktemp("presets")
    return {style: run_design(base / style, CONFIGS / f"{style}.yaml", PRESET_SEEDS, "steps=52",
                              *NO_SNAPSHOTS)
            for style in ("humble", "infallible")}


def _mean(rows, key):
    return float(np.mean([row[key] for row in rows]))


def test_f4a_humility_and_trust_in_manager(humility, record):
    """r(η_m, team-mean t_i,m) in [0.4, 0.8] across the 286 managers of the mixed organisation,
    averaged over steady-state weeks and 30 seeds. One run's r varies by sd 0.02–0.04 over seeds
    (measured), so the 30-seed mean is known to < 0.01; 286 teams per run is what keeps a single
    run informative, which a smaller organisation would lose."""
    record("F4(a) r(eta, trust in manager)", _mean(humility, "trust_in_manager"), "[0.4, 0.8]")
    assert_in_band(_mean(humility, "trust_in_manager"), 0.4, 0.8, "r(eta, trust in manager)")


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured r 0.69 vs band [0.25, 0.6]; see docs/VALIDATION.md")
def test_f4a_humility_and_engagement(humility, record):
    """r(η_m, team-mean E) in [0.25, 0.6]; power as for trust."""
    record("F4(a) r(eta, E)", _mean(humility, "engagement"), "[0.25, 0.6]")
    assert_in_band(_mean(humility, "engagement"), 0.25, 0.6, "r(eta, engagement)")


def test_f4a_humility_and_team_performance(humility, record):
    """r(η_m, Y_T) in [0.1, 0.5]; power as for trust."""
    record("F4(a) r(eta, Y_T)", _mean(humility, "performance"), "[0.1, 0.5]")
    assert_in_band(_mean(humility, "performance"), 0.1, 0.5, "r(eta, Y_T)")


def test_f4a_humility_and_voice_rate(mixed_runs, record):
    """r(η_m, team voice rate) in [0.2, 0.6] across the 286 managers, mean over 30 seeds. A
    team's voice rate is its reports' voiced ÷ ideas pooled over the steady state (about 18 ideas
    per team), not one week's: ideas arrive at 0.05 per report and week, so a week's rate is NaN in
    most teams. The binomial noise of ~18 ideas lowers each run's r (seed sd 0.05, measured), but
    the 30-seed mean is still known to ±0.02."""
    r = float(np.mean([facts.humility_voice_correlation(path) for path in mixed_runs]))
    record("F4(a) r(eta, voice rate)", r, "[0.2, 0.6]")
    assert_in_band(r, 0.2, 0.6, "r(eta, voice rate)")


@pytest.fixture(scope="session")
def mediation(mixed_runs):
    return facts.mediation(mixed_runs)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured fall of the eta coefficient 21 % vs band >= 50 %; "
                          "see docs/VALIDATION.md")
def test_f4b_psychological_safety_and_learning_carry_humility(mediation, record):
    """Mediation: regressing Y_T on η, then on η + PS_T + learning behaviour, the η coefficient
    falls by >= 50 %. Teams' steady-state means (weeks 53–104), the 8,580 teams of the 30 mixed
    runs pooled with one intercept per run (one run alone, 286 teams, leaves the indirect effect's
    CI about four times as wide: 0.27–0.75 for seed 1)."""
    record("F4(b) fall of the eta coefficient", mediation["fall"], ">= 0.50")
    record("F4(b)  c -> c'", f"{mediation['c']:.3f} -> {mediation['c_direct']:.3f}", "(detail)")
    assert mediation["fall"] >= 0.5, (f"fall of the eta coefficient: measured "
                                      f"{mediation['fall']:.0%}, band >= 50 %")


def test_f4b_indirect_effect_is_not_zero(mediation, record):
    """Mediation: the indirect effect c − c' has a 95 % bootstrap CI (999 resamples of teams)
    that excludes 0; same data as the coefficient test."""
    record("F4(b) indirect effect c - c'", mediation["indirect"], "CI excludes 0")
    record("F4(b)  indirect 95 % CI", f"{mediation['ci_low']:.3f} .. {mediation['ci_high']:.3f}",
           "(detail)")
    assert mediation["ci_low"] > 0 or mediation["ci_high"] < 0, (
        f"indirect effect {mediation['indirect']:.3f}, 95 % CI [{mediation['ci_low']:.3f}, "
        f"{mediation['ci_high']:.3f}] includes 0")


@pytest.mark.slow
def test_f4c_humble_beats_infallible_on_team_safety(preset_runs, record):
    """Humble > infallible on mean team psychological safety at week 52 in >= 95 % of 30 paired
    seeds (at least 29 of 30) at 2,000 agents (~286 teams, so each run's mean PS_T is precise and
    a seed-level reversal means a real difference in the model, not sampling noise)."""
    humble = [facts.team_psychological_safety_at(p, 52) for p in preset_runs["humble"]]
    infallible = [facts.team_psychological_safety_at(p, 52) for p in preset_runs["infallible"]]
    share = facts.share_of_pairs_greater(humble, infallible)
    record("F4(c) humble > infallible PS_T(52)", share, ">= 0.95")
    record("F4(c)  mean PS_T(52) humble - infallible", np.mean(humble) - np.mean(infallible),
           "(detail)")
    assert share >= 0.95, (f"humble > infallible on team PS at week 52 in {share:.0%} of seeds, "
                           f"band >= 95 %; means {np.mean(humble):.3f} vs {np.mean(infallible):.3f}")
