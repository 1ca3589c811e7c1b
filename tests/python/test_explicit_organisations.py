"""Explicit organisations end to end: the shipped controlled experiments run, their files carry the
members' names for h5py, the dyad's trust drops exactly in the breach week, the admit arm of the
small-team experiment ends above the conceal arm for every seed tried (spec F5 (i)), and a
mistake in the member list stops `validate` at its line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import h5py
import numpy as np

from trustsim_cli import BIN, ROOT, run_scenario
SCENARIOS = ROOT / "configs" / "scenarios"


def run(scenario: Path, out: Path, *options: str) -> Path:
    return run_scenario(scenario, out, options=options)


def test_the_dyad_names_its_members_and_trust_drops_in_the_breach_week(tmp_path):
    path = run(SCENARIOS / "dyad_breach.yaml", tmp_path / "dyad.h5")
    with h5py.File(path, "r") as f:
        names = [n.decode() for n in f["agents/name"][:]]
        assert names == ["lead", "ann"]
        assert list(f["agents/parent"][:]) == [-1, 0]
        trust = f["snapshots/agents/trust_in_manager"][:, names.index("ann")]
    steps = np.diff(trust)
    # Weekly snapshots: row k is week k + 1; the breach in week 30 is the one big fall (row 29).
    assert int(np.argmin(steps)) + 1 == 29
    assert steps[28] < -0.1
    assert np.all(steps[29:] > -1e-6), "after the breach, trust only recovers"


def test_a_breach_later_in_the_relationship_falls_from_higher(tmp_path):
    early = run(SCENARIOS / "dyad_breach.yaml", tmp_path / "early.h5")
    late = run(SCENARIOS / "dyad_breach.yaml", tmp_path / "late.h5",
               "--set", "events=[{week: 60, type: breach, target: lead, trustor: ann, size: 3}]")
    with h5py.File(early, "r") as a, h5py.File(late, "r") as b:
        ta = a["snapshots/agents/trust_in_manager"][:, 1]
        tb = b["snapshots/agents/trust_in_manager"][:, 1]
    assert np.array_equal(ta[:29], tb[:29]), "the same dyad up to the first breach"
    assert tb[58] > ta[28], "more evidence accumulated by week 59 than by week 29"


def test_admitting_beats_concealing_in_the_small_team_for_every_seed(tmp_path):
    # F5 (i) asks for >= 95 % of seeds; six seeds all in favour has probability 1/64 under a coin.
    week = 54  # 10 weeks after the last discovery (errors 20, 30, 40, each found 4 weeks later)
    for seed in range(1, 7):
        trust = {}
        for arm in ("admit", "conceal"):
            path = run(SCENARIOS / f"small_team_{arm}.yaml", tmp_path / f"{arm}{seed}.h5", "--seed", str(seed))
            with h5py.File(path, "r") as f:
                trust[arm] = f["org/trust_in_manager"][:]
        assert np.array_equal(trust["admit"][:19], trust["conceal"][:19]), "identical before the first error"
        assert trust["admit"][week - 1] > trust["conceal"][week - 1], f"seed {seed}"


def test_a_member_with_an_unknown_manager_is_reported_at_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\norganisation:\n  members:\n    - {name: a}\n    - {name: b, manager: x}\n")
    result = subprocess.run([BIN, "validate", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {bad}:5:7: organisation.members.1: manager 'x' of 'b' is not listed before it "
        "(list every manager before its reports)")


def _yaml_block_after(text: str, heading: str) -> str:
    section = text[text.index(heading):]
    start = section.index("```yaml\n") + len("```yaml\n")
    return section[start:section.index("```\n", start)]


def test_the_config_reference_examples_run_together(tmp_path):
    """The explicit-organisation and people examples in docs/config-reference.md form a scenario
    that runs, with the names and settings they give."""
    text = (ROOT / "docs" / "config-reference.md").read_text()
    organisation = _yaml_block_after(text, "\n### Explicit organisations\n")
    people = _yaml_block_after(text, "\n## people\n")
    scenario = tmp_path / "example.yaml"
    scenario.write_text("name: example\nsteps: 5\n" + organisation + people +
                        "output: {agent_snapshot_every: 1}\n")
    path = run(scenario, tmp_path / "example.h5")
    with h5py.File(path, "r") as f:
        assert [n.decode() for n in f["agents/name"][:]] == ["lead", "ann", "bob"]
        assert f["snapshots/agents/ability"][0, 1] == np.float32(0.8)
        assert f["snapshots/agents/propensity"][0, 1] == np.float32(0.6)
        assert f["team/style/humility"][0] == np.float32(0.9)
