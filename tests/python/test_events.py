"""Scripted events end to end: the shipped event scenarios run, /events reads with h5py and the
analysis loader, the figure marks each event week, and a bad event stops `validate` at its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import h5py
import pytest
import numpy as np
from matplotlib.figure import Figure

from trustsim_cli import BIN, ROOT, run_scenario
sys.path.insert(0, str(ROOT / "analysis"))

from trustsim_analysis import open_run, plot_runs  # noqa: E402
from trustsim_analysis.plot import _mark_events  # noqa: E402

SCENARIOS = ROOT / "configs" / "scenarios"


def run(scenario: Path, out: Path, *sets: str) -> Path:
    return run_scenario(scenario, out, *sets)


def test_new_ceo_writes_its_events_and_changes_the_run_from_week_52(tmp_path):
    changed = run(SCENARIOS / "new_ceo.yaml", tmp_path / "new_ceo.h5", "steps=60")
    same_org = run(ROOT / "configs" / "infallible.yaml", tmp_path / "none.h5", "steps=60")
    with h5py.File(changed) as f, h5py.File(same_org) as g:
        assert list(f["events/week"][()]) == [52] * 8
        assert list(f["events/type"].asstr()[()]) == ["replace_leader"] * 8
        assert list(f["events/target"].asstr()[()]) == ["ceo"] + [f"agent {i}" for i in range(1, 8)]
        assert "events" not in g
        # Identical until the event, different from its week on (index 51 is week 52).
        a, b = f["org/trust_in_manager"][()], g["org/trust_in_manager"][()]
        np.testing.assert_array_equal(a[:51], b[:51])
        assert not np.array_equal(a[51:], b[51:])
        hire = f["snapshots/agents/hire_step"][()]
        steps = f["snapshots/agents/step"][()]
        after = int(np.searchsorted(steps, 52))
        assert (hire[after, :8] == 52).all()


def test_the_loader_and_the_figure_show_the_events(tmp_path):
    path = run(SCENARIOS / "scandal.yaml", tmp_path / "scandal.h5", "steps=50")
    loaded = open_run(path)
    assert loaded.events.to_dict("records") == [
        {"week": 40, "type": "scandal", "target": "unit 1",
         "detail": "every concealed or latent error in the target discovered this week"}]
    axes = Figure().subplots(2, 2).ravel()
    _mark_events(axes, [loaded])
    for ax in axes:
        assert [line.get_xdata()[0] for line in ax.get_lines()] == [39.5]
    assert "week 40: scandal (unit 1)" in [t.get_text() for t in axes[0].texts]
    assert plot_runs([path], out_png=tmp_path / "scandal.png").stat().st_size > 10_000


def test_every_event_scenario_validates():
    for scenario in sorted(SCENARIOS.glob("*.yaml")):
        result = subprocess.run([BIN, "validate", str(scenario)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_a_bad_event_is_reported_at_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nsteps: 30\nevents:\n  - {week: 12, type: replace_leader, target: unit 3}\n")
    result = subprocess.run([BIN, "validate", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {bad}:4:5: replace_leader event: target must be one leader: ceo, 'team N' (its manager) "
        "or 'agent N' (a manager)")


def test_the_config_reference_example_runs(tmp_path):
    """The events example in docs/config-reference.md is a valid events: list that runs."""
    text = (ROOT / "docs" / "config-reference.md").read_text()
    section = text[text.index("\n## events\n"):]
    example = section[section.index("```yaml\n") + len("```yaml\n"):section.index("```\n", section.index("```yaml\n") + 8)]
    scenario = tmp_path / "example.yaml"
    scenario.write_text("name: example\nsteps: 60\n" + example)
    out = run(scenario, tmp_path / "example.h5", "organisation.k_lat=30")
    with h5py.File(out) as f:
        assert list(f["events/week"][()]) == [52, 60, 30, 10, 20, 25, 40, 45, 50]
        # The merge and the split changed the hierarchy: team 60's column ends, team 286 begins.
        manager = f["snapshots/agents/manager"]
        assert manager[-1, 60] == 50 and f["agents/parent"][60] != 50
        trust = f["team/trust_in_manager"]
        assert np.isnan(trust[44:, 60]).all() and np.isfinite(trust[:44, 60]).all()
        assert np.isnan(trust[:49, 286]).all() and np.isfinite(trust[49:, 286]).all()


@pytest.mark.parametrize("modules", ["", "gossip: {enabled: true}\nnegotiation: {enabled: true}\n"],
                         ids=["core", "with gossip and negotiation"])
def test_a_reorganised_run_records_targets_and_continues_bit_identically(tmp_path, modules):
    """Ties moved by a reorganisation show in /snapshots/edges/target, and a run continued from a
    checkpoint after it replays the move (and rebuilds what modules derive from the topology) and
    goes on exactly as the uninterrupted run."""
    scenario = tmp_path / "reorg.yaml"
    scenario.write_text("name: reorg\nsteps: 30\norganisation: {agents: 3000}\n" + modules +
                        "events:\n  - {week: 10, type: reorganise, target: unit 1, rewire: 0.5, toward: unit 2}\n"
                        "output: {edge_snapshot_every: 5}\n")
    full = run(scenario, tmp_path / "full.h5")
    subprocess.run([BIN, "run", str(scenario), "-o", str(tmp_path / "ck.h5"), "-q", "--checkpoint-every", "15"],
                   check=True, capture_output=True)
    cont = tmp_path / "cont.h5"
    subprocess.run([BIN, "run", "--from", str(tmp_path / "ck.week15.checkpoint.h5"), "-o", str(cont), "-q"],
                   check=True, capture_output=True)
    with h5py.File(full) as a, h5py.File(cont) as b:
        targets = a["snapshots/edges/target"][()]
        assert np.array_equal(targets[0], a["network/col_index"][()])
        assert (targets[1] != targets[0]).sum() > 1000, "week 10's move shows by week 10's snapshot"
        assert np.array_equal(targets[2], targets[-1]), "nothing moves after week 10"
        for name in ("trust_in_manager", "engagement", "performance"):
            assert np.array_equal(a[f"org/{name}"][15:], b[f"org/{name}"][()])
        assert np.array_equal(a["snapshots/edges/trust"][-3:], b["snapshots/edges/trust"][()])
        # Both files describe the network of week 0; the continuation's snapshots show the moved ties.
        assert np.array_equal(b["network/col_index"][()], a["network/col_index"][()])
        assert np.array_equal(b["snapshots/edges/target"][()], targets[-3:])


def test_the_merger_moves_ties_between_the_two_units_and_replaces_the_acquired_head(tmp_path):
    path = run(SCENARIOS / "merger.yaml", tmp_path / "merger.h5", "steps=60")
    with h5py.File(path) as f:
        assert list(f["events/type"].asstr()[()]) == ["reorganise", "reorganise", "replace_leader", "merge_teams"]
        parent = f["agents/parent"][()]
        unit = np.zeros(len(parent), dtype=int)
        for a in range(1, len(parent)):  # breadth first: a parent's unit is known before its reports'
            unit[a] = a if parent[a] == 0 else unit[parent[a]]
        steps = list(f["snapshots/edges/step"][()])
        edges = f["snapshots/edges"]

        def ties(week):
            row = steps.index(week)
            source, target = edges["source"][row], edges["target"][row]
            real = source != 4294967295  # the merge adds ties: the snapshots are padded to the most there can be
            return set(zip(source[real], target[real]))

        before, after = ties(26), ties(52)
        assert before - after, "moved ties leave their old targets"
        # Every new tie, moved or added by the merge, joins the two units.
        new_ties = after - before
        assert len(new_ties) > 100 and all({unit[i], unit[j]} == {1, 2} for i, j in new_ties)
        # Team 106 (unit 2) now reports to agent 57 (unit 1), and its series ends.
        manager = f["snapshots/agents/manager"][list(f["snapshots/agents/step"][()]).index(52)]
        assert manager[106] == 57 and all(manager[r] == 57 for r in np.flatnonzero(parent == 106))
        assert np.isnan(f["team/trust_in_manager"][51:, 106]).all()
        hire_week = f["snapshots/agents/hire_step"][list(f["snapshots/agents/step"][()]).index(52), 2]
        assert hire_week == 52
