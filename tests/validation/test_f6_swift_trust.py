"""F6 — swift trust is fast but fragile; mutual trust drives integrative negotiation
(model-spec.md (b)); docs/VALIDATION.md."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats as stats
from designs import CONFIGS, NO_SNAPSHOTS, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

MODE_SEEDS = range(1, 31)


@pytest.fixture(scope="session")
def mode_runs(tmp_path_factory):
    """configs/demo.yaml with no exploitative agents (u = 0), once with slow and once with swift
    priors for every relationship, seeds 1–30 paired, 104 weeks, team series only."""
    base = tmp_path_factory.mktemp("trust_modes")
    return {mode: run_design(base / mode, CONFIGS / "demo.yaml", MODE_SEEDS,
                             f"trust.mode={mode}", "traits.exploitative_share=0", *NO_SNAPSHOTS)
            for mode in ("slow", "swift")}


@pytest.mark.slow
def test_f6a_swift_trust_settles_in_half_the_time(mode_runs, record):
    """With u = 0, the weeks until the teams' mean intrateam trust reaches 90 % of its asymptote
    (its mean over weeks 53–104): swift <= 50 % of slow, medians over 30 seeds per mode. Each run
    averages about 286 teams, so a run's curve is smooth and the median a stable week count."""
    slow = [facts.weeks_to_share_of_asymptote(p) for p in mode_runs["slow"]]
    swift = [facts.weeks_to_share_of_asymptote(p) for p in mode_runs["swift"]]
    s, w = float(np.median(slow)), float(np.median(swift))
    record("F6(a) weeks to 90 % of asymptote swift / slow", f"{w:.1f} / {s:.1f}", "swift <= 0.5 slow")
    assert w <= 0.5 * s, (f"weeks to 90 % of asymptotic team trust: swift {w}, slow {s}; "
                          f"band swift <= 50 % of slow")


@pytest.fixture(scope="session")
def exploited_runs(tmp_path_factory):
    """F6(b): configs/demo.yaml with u = 0.3 exploitative agents, slow and swift priors, the first
    26 weeks, seeds 1–30 paired."""
    base = tmp_path_factory.mktemp("exploited")
    return {mode: run_design(base / mode, CONFIGS / "demo.yaml", MODE_SEEDS, "steps=26",
                             f"trust.mode={mode}", "traits.exploitative_share=0.3", *NO_SNAPSHOTS)
            for mode in ("slow", "swift")}


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured exploited stake swift 1.92 vs slow 2.44 per agent in 26 "
                          "weeks; band swift > slow; see docs/VALIDATION.md")
def test_f6b_swift_trust_loses_more_at_first(exploited_runs, record):
    """With u = 0.3, the stake exploited in the first 26 weeks (per agent, /org/exploited_stake
    summed) is larger under swift than under slow trust: mean over 30 paired seeds, one-sided
    paired Wilcoxon p < 0.01 (the spec names no share of seeds for this direction)."""
    slow = np.array([facts.exploited_stake(p) for p in exploited_runs["slow"]])
    swift = np.array([facts.exploited_stake(p) for p in exploited_runs["swift"]])
    p = stats.wilcoxon(swift, slow, alternative="greater").pvalue
    record("F6(b) exploited stake, 26 weeks, swift / slow",
           f"{swift.mean():.3f} / {slow.mean():.3f}", "swift > slow, p < 0.01")
    assert swift.mean() > slow.mean() and p < 0.01, (
        f"exploited stake in 26 weeks: swift {swift.mean():.3f} vs slow {slow.mean():.3f}, "
        f"paired Wilcoxon p = {p:.2g}; band swift > slow with p < 0.01")


#: F6(c): the default organisation with negotiation on and weekly agent and edge snapshots (every
#: negotiation of the run and the trust it was decided on). About 100 negotiations a week, so a
#: run holds about 10,000 and ten runs pin each measure to about ±0.01.
NEGOTIATION_SEEDS = range(1, 11)


@pytest.fixture(scope="session")
def negotiation(tmp_path_factory):
    runs = run_design(tmp_path_factory.mktemp("negotiation"), CONFIGS / "demo.yaml",
                      NEGOTIATION_SEEDS, "negotiation.enabled=true",
                      "output.agent_snapshot_every=1", "output.edge_snapshot_every=1",
                      "output.edge_sample=0")
    return [facts.negotiation_facts(p) for p in runs]


def _mean(rows, key):
    return float(np.mean([row[key] for row in rows]))


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured r 0.18 vs band >= 0.3; see docs/VALIDATION.md")
def test_f6c_efficiency_rises_with_mutual_trust(negotiation, record):
    """r(joint-gain efficiency, dyadic mutual trust) >= 0.3 over each run's negotiations, mean
    over 10 seeds."""
    r = _mean(negotiation, "r")
    record("F6(c) r(efficiency, mutual trust)", r, ">= 0.3")
    assert r >= 0.3, f"r(efficiency, mutual trust): measured {r:.3f}, band >= 0.3"


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured 0.141 vs band >= 0.2; see docs/VALIDATION.md")
def test_f6c_sharing_is_reciprocal(negotiation, record):
    """P(a side shares | the other shared the last time the pair negotiated) − P(shares | the
    other did not) >= 0.2, over both sides' decisions in repeat negotiations, mean over 10 seeds."""
    d = _mean(negotiation, "reciprocity")
    record("F6(c) sharing reciprocity", d, ">= 0.2")
    record("F6(c)  P(share | shared / not)", f"{_mean(negotiation, 'p_after_share'):.3f} / "
           f"{_mean(negotiation, 'p_after_none'):.3f}", "(detail)")
    assert d >= 0.2, f"sharing reciprocity: measured {d:.3f}, band >= 0.2"


@pytest.mark.slow
def test_f6c_share_rate_mediates_efficiency(negotiation, record):
    """The coefficient of mutual trust on efficiency falls by >= 50 % when the negotiation's share
    rate enters the regression, mean over 10 seeds."""
    fall = _mean(negotiation, "fall")
    record("F6(c) fall of the trust coefficient", fall, ">= 0.50")
    assert fall >= 0.5, f"fall of the trust coefficient: measured {fall:.0%}, band >= 50 %"
