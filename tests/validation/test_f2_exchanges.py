"""F2(b) and F2(d) — trust begets trust, and first exchanges look like the trust game
(model-spec.md (b)); docs/VALIDATION.md. Both read the trust-first exchanges between managers
and their reports from weekly agent snapshots (exchange_stake, exchange_returned)."""

from __future__ import annotations

import numpy as np
import pytest
from designs import CONFIGS, assert_in_band, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

#: configs/demo.yaml (default priors, humble managers) with an agent snapshot every week; each
#: run holds about 2,000 × 103 report-weeks and 2,000 first exchanges, so five runs pin the
#: regression's coefficient and the first-exchange means far inside the bands' widths.
EXCHANGE_SEEDS = range(1, 6)


@pytest.fixture(scope="session")
def exchange_runs(tmp_path_factory):
    return run_design(tmp_path_factory.mktemp("exchanges"), CONFIGS / "demo.yaml", EXCHANGE_SEEDS,
                      "output.agent_snapshot_every=1", "output.edge_snapshot_every=0",
                      "output.edge_sample=0")


@pytest.mark.slow
def test_f2b_a_stake_sent_raises_the_receivers_trust(exchange_runs, record):
    """Regression of the change of a report's trust in its manager over the next week on the
    stake the manager sent it, with the report's prior trust as control: coefficient > 0 with
    p < 0.01 (five runs pooled, one intercept per run, robust standard errors)."""
    fit = facts.stake_effect(exchange_runs)
    record("F2(b) stake coefficient on next-week change", fit["coefficient"], "> 0, p < 0.01")
    record("F2(b)  z; report-weeks", f"{fit['z']:.1f}; {fit['rows']}", "(detail)")
    assert fit["coefficient"] > 0 and fit["p"] < 0.01, (
        f"stake coefficient: measured {fit['coefficient']:.4f} (z {fit['z']:.1f}, "
        f"p {fit['p']:.2g}), band > 0 with p < 0.01")


@pytest.fixture(scope="session")
def first(exchange_runs):
    rows = [facts.first_exchanges(p) for p in exchange_runs]
    return {key: float(np.mean([r[key] for r in rows])) for key in rows[0]}


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured 0.80 vs band [0.4, 0.6] (a manager's prior trust in a "
                          "report is max(propensity, phi)); see docs/VALIDATION.md")
def test_f2d_first_exchanges_send_about_half(first, record):
    """Mean sent fraction of the first exchange of a pair in [0.4, 0.6] (the endowment is 1, the
    stake the manager's trust), mean over five runs of about 2,000 pairs each."""
    record("F2(d) first exchange: mean sent fraction", first["sent_fraction"], "[0.4, 0.6]")
    assert_in_band(first["sent_fraction"], 0.4, 0.6, "mean sent fraction")


@pytest.mark.slow
def test_f2d_first_exchanges_nearly_all_send(first, record):
    """Share of first exchanges sending > 0 is >= 0.90 (by construction in the model: a manager
    who does not trust first opens no exchange, so every exchange has a positive stake)."""
    record("F2(d) first exchange: share sending > 0", first["share_sending"], ">= 0.90")
    assert first["share_sending"] >= 0.9, (f"share sending: measured {first['share_sending']:.3f}"
                                           ", band >= 0.90")


@pytest.mark.slow
def test_f2d_first_exchanges_return_a_third(first, record):
    """Mean fraction returned of the tripled stake in [0.30, 0.45]."""
    record("F2(d) first exchange: mean return fraction", first["return_fraction"], "[0.30, 0.45]")
    assert_in_band(first["return_fraction"], 0.30, 0.45, "mean return fraction")
