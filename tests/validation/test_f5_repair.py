"""F5 — admitting beats concealing once the truth comes out (model-spec.md (b));
docs/VALIDATION.md. The spec's design as shipped: configs/scenarios/small_team_admit.yaml (arm A)
and small_team_conceal.yaml (arm B) give a humble leader and six cooperative, error-free reports
the same three competence errors (weeks 20, 30, 40); in arm B each is discovered 4 weeks later."""

from __future__ import annotations

import numpy as np
import pytest
from designs import CONFIGS, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

ARM_SEEDS = range(1, 31)
LAST_ERROR_WEEK = 40
LAST_DISCOVERY_WEEK = 44
PRE_ERROR_WEEK = 19


@pytest.fixture(scope="session")
def arms(tmp_path_factory):
    base = tmp_path_factory.mktemp("admit_conceal")
    return {arm: run_design(base / arm, CONFIGS / "scenarios" / f"small_team_{arm}.yaml",
                            ARM_SEEDS, "output.agent_snapshot_every=0")
            for arm in ("admit", "conceal")}


def test_f5i_admitting_beats_concealing(arms, record):
    """Followers' trust in the leader 10 weeks after the last discovery (week 54): admit > conceal
    in >= 95 % of 30 paired seeds (at least 29). The arms share the seed and so the random
    sequence of everything but the leader's response; a team of six is the spec's design."""
    week = LAST_DISCOVERY_WEEK + 10
    admit = [facts.trust_after(p, week) for p in arms["admit"]]
    conceal = [facts.trust_after(p, week) for p in arms["conceal"]]
    share = facts.share_of_pairs_greater(admit, conceal)
    record("F5(i) admit > conceal at week 54", share, ">= 0.95")
    record("F5(i)  mean trust admit - conceal", np.mean(admit) - np.mean(conceal), "(detail)")
    assert share >= 0.95, (f"admit > conceal at week {week} in {share:.0%} of seeds, band >= 95 %;"
                           f" means {np.mean(admit):.3f} vs {np.mean(conceal):.3f}")


def test_f5ii_concealing_leaves_a_lasting_scar(arms, record):
    """Recovery to >= 90 % of the pre-error trust (week 19): arm A within 52 weeks of its last
    error (week 40); arm B takes at least twice as long from its last discovery (week 44), or does
    not get there within 52 weeks. Medians over the same 30 paired seeds; each arm's own last
    trust-damaging week is when its followers learn of the last error."""
    admit = [facts.recovery_weeks(p, PRE_ERROR_WEEK, LAST_ERROR_WEEK) for p in arms["admit"]]
    conceal = [facts.recovery_weeks(p, PRE_ERROR_WEEK, LAST_DISCOVERY_WEEK)
               for p in arms["conceal"]]
    a, b = float(np.median(admit)), float(np.median(conceal))
    record("F5(ii) median recovery weeks admit / conceal", f"{a:.1f} / {b:.1f}",
           "A <= 52, B >= 2A or > 52")
    assert a <= 52, f"arm A median recovery: measured {a} weeks, band <= 52"
    assert b >= 2 * a, f"arm B median recovery: measured {b} weeks, band >= 2 x arm A's {a}"
