"""F5 — admitting beats concealing once the truth comes out (model-spec.md (b));
docs/VALIDATION.md. The spec's design as shipped: configs/scenarios/small_team_admit.yaml (arm A)
and small_team_conceal.yaml (arm B) give a humble leader and six cooperative, error-free reports
the same three competence errors (weeks 20, 30, 40); in arm B each is discovered 4 weeks later.
small_team_conceal_chance.yaml (arm B′, F5(iii)) conceals the same errors among the leader's own,
to be discovered by chance with p_disc = 0.05 a week."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats as stats
from designs import CONFIGS, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

ARM_SEEDS = range(1, 31)
LAST_ERROR_WEEK = 40
LAST_DISCOVERY_WEEK = 44
PRE_ERROR_WEEK = 19


FIRST_ERROR_WEEK = 20


@pytest.fixture(scope="session")
def arms(tmp_path_factory):
    """The three arms on seeds 1–30, with the scenarios' weekly agent snapshots (seven agents):
    F5(iii) reads the reports' weekly trust and the leader's concealed errors from them."""
    base = tmp_path_factory.mktemp("admit_conceal")
    return {arm: run_design(base / arm, CONFIGS / "scenarios" / f"small_team_{arm}.yaml",
                            ARM_SEEDS)
            for arm in ("admit", "conceal", "conceal_chance")}


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


@pytest.fixture(scope="session")
def fragility(arms):
    return [facts.concealment_fragility(a, b, FIRST_ERROR_WEEK)
            for a, b in zip(arms["admit"], arms["conceal_chance"])]


def _paired(rows, greater, smaller):
    """The means of rows' `greater` and `smaller` values over the seeds where both are defined,
    the one-sided paired Wilcoxon p-value for greater > smaller, and the number of seeds."""
    x = np.array([r[greater] for r in rows], float)
    y = np.array([r[smaller] for r in rows], float)
    ok = np.isfinite(x) & np.isfinite(y)
    p = stats.wilcoxon(x[ok], y[ok], alternative="greater").pvalue
    return float(x[ok].mean()), float(y[ok].mean()), float(p), int(ok.sum())


def test_f5iii_hidden_errors_keep_trust_higher_until_found(fragility, record):
    """Arm B′ (concealed, p_disc = 0.05) has higher mean trust in the leader than arm A over the
    weeks from the first error to the week before B′'s first discovery; 30 paired seeds (a seed
    whose first discovery falls in week 20 has no such weeks and drops out). The spec gives no
    share of seeds for (iii), so "higher" is the mean over seeds with a one-sided paired Wilcoxon
    test at p < 0.01."""
    b, a, p, n = _paired(fragility, "before_chance", "before_admit")
    record("F5(iii) trust before discovery B' / A", f"{b:.3f} / {a:.3f}", "B' > A, p < 0.01")
    record("F5(iii)  first discovery, median week",
           float(np.median([r["first_discovery"] for r in fragility])), "(detail)")
    assert b > a and p < 0.01, (f"trust before discovery: B' {b:.3f} vs A {a:.3f} over {n} seeds, "
                                f"paired Wilcoxon p = {p:.2g}; band B' > A with p < 0.01")


def test_f5iii_hidden_errors_make_trust_changes_more_negatively_skewed(fragility, record):
    """The skewness of the reports' weekly changes of trust in the leader (all weeks, all six
    reports pooled per run) is more negative in arm B′ than in arm A: mean over 30 paired seeds,
    one-sided paired Wilcoxon p < 0.01."""
    a, b, p, n = _paired(fragility, "skew_admit", "skew_chance")  # A's greater than B′'s
    record("F5(iii) skew of weekly dt B' / A", f"{b:.2f} / {a:.2f}", "B' < A, p < 0.01")
    assert b < a and p < 0.01, (f"skewness of weekly trust changes: B' {b:.2f} vs A {a:.2f} over "
                                f"{n} seeds, paired Wilcoxon p = {p:.2g}; band B' < A, p < 0.01")


def test_f5iii_hidden_errors_give_a_larger_drawdown(fragility, record):
    """The largest fall of the followers' mean trust from its running peak (weeks 1–104) is larger
    in arm B′ than in arm A: mean over 30 paired seeds, one-sided paired Wilcoxon p < 0.01."""
    b, a, p, n = _paired(fragility, "drawdown_chance", "drawdown_admit")
    record("F5(iii) max drawdown B' / A", f"{b:.3f} / {a:.3f}", "B' > A, p < 0.01")
    assert b > a and p < 0.01, (f"maximum drawdown: B' {b:.3f} vs A {a:.3f} over {n} seeds, "
                                f"paired Wilcoxon p = {p:.2g}; band B' > A with p < 0.01")
