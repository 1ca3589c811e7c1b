"""F2 — trust is reciprocal and self-reinforcing (model-spec.md (b)); docs/VALIDATION.md."""

from __future__ import annotations

import numpy as np
import pytest
from designs import CONFIGS, NO_SNAPSHOTS, assert_in_band, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

PHI_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
PHI_SEEDS = range(1, 11)


@pytest.fixture(scope="session")
def phi_runs(tmp_path_factory):
    """The F2(c) grid: the humble organisation (configs/humble.yaml) with every manager's φ set to
    each level, 104 weeks, seeds 1–10 per level."""
    base = tmp_path_factory.mktemp("phi")
    return {phi: run_design(base / f"phi{phi}", CONFIGS / "humble.yaml", PHI_SEEDS,
                            f"leadership.overrides={{trust_first: {phi}}}",
                            "output.team_series=false", *NO_SNAPSHOTS)
            for phi in PHI_LEVELS}


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured corr 0.20 vs band >= 0.3; see docs/VALIDATION.md")
def test_f2a_dyadic_trust_is_reciprocal(mixed_runs, record):
    """F2(a): corr(t_ij, t_ji) over tied pairs at steady state (week 104) >= 0.3, averaged over
    30 seeds of the mixed organisation (2,000 agents: about 2,000 mutual pairs per run, so one
    run's r has a standard error near 0.02; 30 seeds take the mean's to < 0.005, far below the
    distance to the band's edge)."""
    rows = [facts.reciprocity_correlation(path, step=104) for path in mixed_runs]
    r = [row["all"] for row in rows]
    record("F2(a) corr(t_ij, t_ji)", np.mean(r), ">= 0.3")
    record("F2(a)  manager-report pairs", np.mean([row["formal"] for row in rows]), "(detail)")
    record("F2(a)  lateral pairs", np.nanmean([row["lateral"] for row in rows]), "(detail)")
    assert np.mean(r) >= 0.3, f"corr(t_ij, t_ji): measured {np.mean(r):.3f}, band >= 0.3"


@pytest.mark.slow
def test_f2c_trust_rises_with_trust_first(phi_runs, record):
    """F2(c): subordinates' mean trust in their manager at week 104 rises with the managers' φ over
    φ in {0, .25, .5, .75, 1}: Spearman ρ(φ, grid means) >= 0.8. Ten seeds per level at 2,000
    agents: a grid mean's standard error (printed on failure) is several times smaller than the
    step between adjacent levels, so a real reversal would show and noise alone would not make
    one; ρ >= 0.8 tolerates at most two adjacent swaps."""
    result = facts.dose_response(phi_runs, week=104)
    record("F2(c) Spearman(phi, trust)", result["spearman"], ">= 0.8")
    record("F2(c)  trust at phi=1 minus phi=0", result["span"], "(detail)")
    record("F2(c)  largest grid-mean sem", max(result["grid_sems"]), "(detail)")
    assert result["spearman"] >= 0.8, (
        f"Spearman rho(phi, trust): measured {result['spearman']:.2f}, band >= 0.8; grid means "
        f"{np.round(result['grid_means'], 4)} +- {np.round(result['grid_sems'], 4)}")
