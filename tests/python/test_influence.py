"""Informal influence (PageRank of the trust-weighted network) in agent snapshots, checked against
networkx's PageRank of the same graph rebuilt from the run file (/network and /snapshots/edges)."""

from __future__ import annotations

from pathlib import Path

import h5py
import networkx as nx
import numpy as np
import pytest

from trustsim_cli import ROOT, run_scenario


def run(tmp_path: Path, *sets: str) -> Path:
    return run_scenario(ROOT / "configs" / "mixed.yaml", tmp_path / "influence.h5", "organisation.agents=600", "steps=8",
                        "output.agent_snapshot_every=8", "output.edge_snapshot_every=8", *sets)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside networkx 2.8 pagerank
def test_influence_is_the_pagerank_of_the_trust_weighted_network(tmp_path):
    with h5py.File(run(tmp_path)) as f:
        offsets = f["network/row_offsets"][()]
        targets = f["network/col_index"][()]
        trust = f["snapshots/edges/trust"][-1]
        influence = f["snapshots/agents/influence"][-1]
        flags = f["snapshots/agents/most_influential_in_team"][-1]
        parent = f["agents/parent"][()]
        is_manager = f["agents/is_manager"][()].astype(bool)
    n = len(offsets) - 1
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    for i in range(n):
        for e in range(offsets[i], offsets[i + 1]):
            graph.add_edge(i, int(targets[e]), weight=float(trust[e]))
    expected = nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-13, max_iter=2000)
    expected = np.array([expected[i] for i in range(n)]) * n
    np.testing.assert_allclose(influence, expected, rtol=1e-6)
    assert abs(influence.mean() - 1) < 1e-4

    for m in np.flatnonzero(is_manager):
        reports = np.flatnonzero(parent == m)
        assert flags[m] == float(influence[m] >= influence[reports].max())
    assert np.isnan(flags[~is_manager]).all()


def test_influence_can_be_switched_off(tmp_path):
    with h5py.File(run(tmp_path, "modules.influence=false")) as f:
        assert "influence" not in f["snapshots/agents"]
        assert "trust_in_manager" in f["snapshots/agents"]
