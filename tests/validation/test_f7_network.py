"""F7 — network structure and third-party effects look like real organisations (model-spec.md
(b)); docs/VALIDATION.md. Measured on the mixed organisation (2,000 agents, 30 seeds) at the
last edge snapshot (week 104); F7(d) on the same organisation with the gossip module on."""

from __future__ import annotations

import numpy as np
import pytest
from designs import CONFIGS, assert_in_band, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

#: The interaction graph hardly varies between seeds (only the lateral draws do); five of the 30
#: runs pin its statistics to well under 1 % and keep the clustering computation short.
TOPOLOGY_RUNS = 5


@pytest.fixture(scope="session")
def topology(mixed_runs):
    return [facts.interaction_graph_statistics(path) for path in mixed_runs[:TOPOLOGY_RUNS]]


def _mean(rows, key):
    return float(np.mean([row[key] for row in rows]))


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured 0.30 vs band >= 0.5; see docs/VALIDATION.md")
def test_f7a_interaction_graph_reciprocity(topology, record):
    """Reciprocity of the interaction graph >= 0.5 (email-Eu-core: 0.71)."""
    r = _mean(topology, "reciprocity")
    record("F7(a) reciprocity", r, ">= 0.5")
    assert r >= 0.5, f"reciprocity: measured {r:.3f}, band >= 0.5"


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured 0.09 vs band [0.2, 0.5]; see docs/VALIDATION.md")
def test_f7a_interaction_graph_clustering(topology, record):
    """Mean clustering in [0.2, 0.5] (email-Eu-core: 0.40)."""
    record("F7(a) mean clustering", _mean(topology, "clustering"), "[0.2, 0.5]")
    assert_in_band(_mean(topology, "clustering"), 0.2, 0.5, "mean clustering")


def test_f7a_clustering_above_random(topology, record):
    """Mean clustering >= 5x the Erdős–Rényi value at equal density."""
    ratio = _mean(topology, "clustering_ratio")
    record("F7(a) clustering / random", ratio, ">= 5")
    assert ratio >= 5, f"clustering / random: measured {ratio:.1f}, band >= 5"


def test_f7a_effective_diameter(topology, record):
    """90 % effective diameter <= 2 log10 N + 2 (8.6 at N = 2,000), from 200 sources per run."""
    d, bound = _mean(topology, "effective_diameter"), topology[0]["diameter_bound"]
    record("F7(a) 90 % effective diameter", d, f"<= {bound:.2f}")
    assert d <= bound, f"90 % effective diameter: measured {d:.2f}, band <= {bound:.2f}"


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured 0.29 vs band >= 0.4; see docs/VALIDATION.md")
def test_f7b_trust_graph_reciprocity(mixed_runs, record):
    """Reciprocity of the trust graph (edges with t > 0.6) >= 0.4, averaged over 30 seeds."""
    r = np.mean([facts.trust_graph_reciprocity(path, step=104) for path in mixed_runs])
    record("F7(b) trust-graph reciprocity", r, ">= 0.4")
    assert r >= 0.4, f"trust-graph reciprocity: measured {r:.3f}, band >= 0.4"


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured r 0.05 vs band >= 0.2; see docs/VALIDATION.md")
def test_f7c_leaders_blessing(mixed_runs, record):
    """corr(t_m,j, mean over teammates k of t_k,j) >= 0.2 over the members some teammate is tied
    to (a few hundred per run), averaged over 30 seeds."""
    r = np.mean([facts.leaders_blessing(path, step=104)["r"] for path in mixed_runs])
    record("F7(c) leader's blessing", r, ">= 0.2")
    assert r >= 0.2, f"leader's blessing: measured {r:.3f}, band >= 0.2"


#: F7(d): the mixed organisation with gossip on; edge snapshots at weeks 52 and 104, an agent
#: snapshot at 104 (hire weeks). Each run gives about 15,000 edges, so ten runs pool 150,000 and
#: an interaction coefficient a tenth of its measured size would still be far outside the noise.
GOSSIP_SEEDS = range(1, 11)


@pytest.fixture(scope="session")
def gossip_runs(tmp_path_factory):
    return run_design(tmp_path_factory.mktemp("gossip"), CONFIGS / "mixed.yaml", GOSSIP_SEEDS,
                      "gossip.enabled=true", "output.edge_snapshot_every=52",
                      "output.agent_snapshot_every=52", "output.edge_sample=0")


@pytest.fixture(scope="session")
def amplification(gossip_runs):
    return facts.gossip_amplification(gossip_runs)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured interaction -0.002 (z -4.1; gossip off -0.0028) vs band "
                          "> 0 with p < 0.01; see docs/VALIDATION.md")
def test_f7d_gossip_amplifies_strong_and_weak_ties(amplification, mixed_runs, record):
    """Gossip on: OLS of the change of t_ij from week 52 to week 104 on strong (t_ij at week 52
    above the run's median) + shared third parties + their product, ten runs pooled with one
    intercept per run; the interaction coefficient is positive with p < 0.01 (robust HC1 errors).
    The same regression on the first ten mixed runs (gossip off) is recorded beside it, to show
    how much of the interaction is gossip's doing."""
    a = amplification
    control = facts.gossip_amplification(mixed_runs[:10])
    record("F7(d) interaction strong x shared", a["interaction"], "> 0, p < 0.01")
    record("F7(d)  z; gossip off: interaction",
           f"{a['z']:.1f}; {control['interaction']:.4f}", "(detail)")
    assert a["interaction"] > 0 and a["p"] < 0.01, (
        f"interaction strong x shared: measured {a['interaction']:.4f} (z {a['z']:.1f}, "
        f"p {a['p']:.2g}), band > 0 with p < 0.01")


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured slopes weak 0.0088, strong 0.0067 vs band weak < 0 < "
                          "strong; see docs/VALIDATION.md")
def test_f7d_shared_parties_raise_strong_and_lower_weak_ties(amplification, record):
    """The two slopes of the same regression: for ties above the median, trust rises with the
    number of shared third parties (slope > 0); below it, trust falls (slope < 0)."""
    a = amplification
    record("F7(d) slope on shared: weak / strong",
           f"{a['slope_weak']:.4f} / {a['slope_strong']:.4f}", "< 0 / > 0")
    assert a["slope_weak"] < 0 < a["slope_strong"], (
        f"slopes on shared third parties: weak ties {a['slope_weak']:.4f}, strong ties "
        f"{a['slope_strong']:.4f}; band weak < 0 < strong")
