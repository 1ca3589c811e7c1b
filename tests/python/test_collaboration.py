"""Collaboration outputs (modules.collaboration): helps given and received per agent are two sides of
the same requests, and /org/psafe_icc1 is the ICC(1) of psychological safety over teams,
recomputed here from the agent snapshots with pandas."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pandas as pd

from trustsim_cli import ROOT, run_scenario


def run(tmp_path: Path, *sets: str) -> Path:
    return run_scenario(ROOT / "configs" / "mixed.yaml", tmp_path / "collaboration.h5", "organisation.agents=1500",
                        "steps=26", "output.agent_snapshot_every=13", "modules.turnover=false", *sets)


def icc1(values: pd.Series, groups: pd.Series) -> float:
    """ICC(1) from a one-way ANOVA with unequal group sizes (k0)."""
    frame = pd.DataFrame({"x": values, "g": groups})
    stats = frame.groupby("g")["x"].agg(["count", "mean", "var"])
    n, k = stats["count"], len(stats)
    total = n.sum()
    grand = frame["x"].mean()
    ms_between = (n * (stats["mean"] - grand) ** 2).sum() / (k - 1)
    ms_within = ((n - 1) * stats["var"].fillna(0)).sum() / (total - k)
    k0 = (total - (n ** 2).sum() / total) / (k - 1)
    return (ms_between - ms_within) / (ms_between + (k0 - 1) * ms_within)


def test_every_agreed_help_is_counted_once_given_and_once_received(tmp_path):
    with h5py.File(run(tmp_path)) as f:
        given = f["snapshots/agents/helps_given"][()]
        received = f["snapshots/agents/helps_received"][()]
    # Without turnover nobody's count restarts, so the two sides add up to the same total.
    assert (given.sum(axis=1) == received.sum(axis=1)).all()
    assert given.sum(axis=1)[-1] > given.sum(axis=1)[0] > 100


def test_icc1_matches_pandas(tmp_path):
    # Members of a team share ψ's updates, so without newcomers ψ is equal within teams and ICC(1)
    # is 1; a hiring wave before the snapshots makes it differ (an event applies before the week's
    # measurement, while turnover's replacements come after it, so turnover stays off).
    path = run(tmp_path, "events=[{week: 3, type: hiring_wave, target: all, share: 0.3}]")
    with h5py.File(path) as f:
        psi = f["snapshots/agents/psychological_safety"][()]
        steps = f["snapshots/agents/step"][()]
        team = f["agents/team"][()]
        org_steps = f["org/step"][()]
        icc = f["org/psafe_icc1"][()]
    members = team >= 0
    for row, week in enumerate(steps):
        expected = icc1(pd.Series(psi[row][members]), pd.Series(team[members]))
        measured = icc[np.searchsorted(org_steps, week)]
        assert abs(measured - expected) < 1e-6, (week, measured, expected)
        assert 0 < measured < 1


def test_the_collaboration_outputs_can_be_switched_off(tmp_path):
    with h5py.File(run(tmp_path, "modules.collaboration=false")) as f:
        assert "helps_given" not in f["snapshots/agents"]
        assert "psafe_icc1" not in f["org"]
        assert "influence" in f["snapshots/agents"]
