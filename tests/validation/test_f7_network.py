"""F7 — network structure and third-party effects look like real organisations (model-spec.md
(b)); docs/VALIDATION.md. Measured on the mixed organisation (2,000 agents, 30 seeds) at the
last edge snapshot (week 104)."""

from __future__ import annotations

import numpy as np
import pytest
from designs import assert_in_band
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
                   reason="missed: measured r 0.06 vs band >= 0.2; see docs/VALIDATION.md")
def test_f7c_leaders_blessing(mixed_runs, record):
    """corr(t_m,j, mean over teammates k of t_k,j) >= 0.2 over the members some teammate is tied
    to (a few hundred per run), averaged over 30 seeds."""
    r = np.mean([facts.leaders_blessing(path, step=104)["r"] for path in mixed_runs])
    record("F7(c) leader's blessing", r, ">= 0.2")
    assert r >= 0.2, f"leader's blessing: measured {r:.3f}, band >= 0.2"
