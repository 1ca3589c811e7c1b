"""A person's engagement disposition and outside option (outcomes.engagement_disposition_sd,
outcomes.outside_option_sd; docs/CALIBRATION.md, "The model change"), through the real CLI."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from scipy import stats

from trustsim_analysis.load import open_run
from trustsim_cli import BIN, ROOT, run_scenario

SMALL = ("organisation.agents=300", "steps=30", "output.agent_snapshot_every=10",
         "output.edge_snapshot_every=0", "output.edge_sample=0", "outcomes.quit_sensitivity=3")
#: A.9 as the spec writes it (the shipped defaults are the calibrated, non-zero sds).
NO_TERMS = ("outcomes.engagement_disposition_sd=0", "outcomes.outside_option_sd=0")
SCENARIO = ROOT / "configs" / "mixed.yaml"


def snapshot(path, variable, week=30):
    values = open_run(path).agent_snapshot(variable).loc[week].to_numpy(float)
    return values[1:]                                     # the CEO has no manager


def test_without_person_terms_turnover_intent_is_a_function_of_engagement(tmp_path):
    path = run_scenario(SCENARIO, tmp_path / "off.h5", *SMALL, *NO_TERMS)
    e, intent = snapshot(path, "engagement"), snapshot(path, "turnover_intent")
    assert stats.spearmanr(e, intent)[0] == pytest.approx(-1.0)


def test_an_outside_option_gives_turnover_intent_a_source_of_its_own(tmp_path):
    path = run_scenario(SCENARIO, tmp_path / "on.h5", *SMALL, *NO_TERMS, "outcomes.outside_option_sd=1")
    e, intent = snapshot(path, "engagement"), snapshot(path, "turnover_intent")
    assert -0.95 < stats.spearmanr(e, intent)[0] < 0
    # intent = logistic(-q (E - 0.5) + o): the implied o has sd 1 and is the same person's next
    # snapshot (a person keeps its outside option; leavers' slots differ).
    implied = np.log(intent / (1 - intent)) + 3.0 * (e - 0.5)
    assert np.std(implied) == pytest.approx(1.0, abs=0.15)
    later_e, later_intent = snapshot(path, "engagement", 20), snapshot(path, "turnover_intent", 20)
    stayed = snapshot(path, "hire_step", 20) == snapshot(path, "hire_step", 30)
    later = np.log(later_intent / (1 - later_intent)) + 3.0 * (later_e - 0.5)
    np.testing.assert_allclose(implied[stayed], later[stayed], atol=1e-4)


def test_an_engagement_disposition_loosens_engagement_from_trust(tmp_path):
    base = run_scenario(SCENARIO, tmp_path / "base.h5", *SMALL, *NO_TERMS)
    spread = run_scenario(SCENARIO, tmp_path / "spread.h5", *SMALL, *NO_TERMS,
                          "outcomes.engagement_disposition_sd=1")
    r = [stats.pearsonr(snapshot(p, "trust_in_manager"), snapshot(p, "engagement"))[0]
         for p in (base, spread)]
    assert r[1] < r[0] - 0.1


@pytest.mark.parametrize("key", ["engagement_disposition_sd", "outside_option_sd"])
def test_person_term_sds_are_checked(tmp_path, key):
    result = subprocess.run([BIN, "run", str(SCENARIO), "-o", str(tmp_path / "x.h5"), "--set",
                             f"outcomes.{key}=3.5"], capture_output=True, text=True)
    assert result.returncode != 0
    assert f"outcomes.{key}" in result.stderr and "[0, 3]" in result.stderr
