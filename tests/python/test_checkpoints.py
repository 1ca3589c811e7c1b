"""Checkpoints through the CLI: a run continued from a checkpoint is bit-identical to the
uninterrupted run for 1, 2 and 3 threads, at a size where every phase splits into many chunks and
with scripted events before and after the checkpoint (a reorganisation before it moves sampled
ties, so the continued run's edge sample must follow the original run's ties; merges and splits of
teams before and after it change the hierarchy and add ties, so the continued run must rebuild
both before it restores the per-edge state); a branch changes only what follows; what
cannot be branched (the organisation, the seed) is refused before anything runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TRUSTSIM_BIN", str(ROOT / "build" / "release" / "trustsim"))

SCENARIO = """name: checkpointed
steps: 14
organisation: {agents: 20000}
leadership: {distribution: blend}
outcomes: {quit_base_hazard: 0.01}
output: {agent_snapshot_every: 4, edge_snapshot_every: 5}
events:
  - {week: 3, type: forced_error, target: agent 40, facet: character, admitted: false, discovered_after: 6}
  - {week: 4, type: reorganise, target: unit 1, rewire: 0.3, toward: unit 2}
  - {week: 5, type: scandal, target: unit 2}
  - {week: 5, type: merge_teams, target: team 2001, into: team 2000}
  - {week: 8, type: split_team, target: team 2500, share: 0.4}
  - {week: 9, type: replace_leader, target: team 30, by: promotion}
  - {week: 11, type: hiring_wave, target: all, share: 0.1}
  - {week: 13, type: merge_teams, target: team 2600, into: team 2601}
"""


def trustsim(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"trustsim {args} exited {result.returncode}:\n{result.stderr}")
    return result


def weekly_datasets(path: Path, after: int) -> dict[str, np.ndarray]:
    """Every per-week dataset of a run file, keeping only the rows of weeks after `after`."""
    out = {}
    with h5py.File(path) as f:
        for group in ("org", "team", "snapshots/agents", "snapshots/edges", "edge_sample"):
            # /team's and /edge_sample's weekly series share /org's weeks (docs/hdf5-layout.md).
            steps = f[f"{group}/step" if "step" in f[group] else "org/step"][()]
            keep = steps > after
            for name, dataset in f[group].items():
                if name == "step" or not isinstance(dataset, h5py.Dataset) or dataset.shape[:1] != steps.shape:
                    continue
                if group == "edge_sample" and dataset.ndim == 1:
                    continue  # the sample and its bit names, whatever their length
                out[f"{group}/{name}"] = dataset[()][keep]
            out[f"{group}/step"] = steps[keep]
    return out


@pytest.fixture(scope="module")
def full_run(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("checkpoints")
    scenario = directory / "scenario.yaml"
    scenario.write_text(SCENARIO)
    trustsim("run", scenario, "-o", directory / "full.h5", "--checkpoint-every", "6", "-t", "2", "-q")
    return directory


def test_checkpoints_are_written_every_k_weeks_and_after_the_last(full_run):
    names = sorted(p.name for p in full_run.glob("full.week*.checkpoint.h5"))
    assert names == ["full.week12.checkpoint.h5", "full.week14.checkpoint.h5", "full.week6.checkpoint.h5"]
    with h5py.File(full_run / "full.week6.checkpoint.h5") as f:
        assert f.attrs["format"] == "trustsim-checkpoint"
        assert f.attrs["steps_done"] == 6
        assert "evidence" in f["state"]


@pytest.mark.parametrize("threads", ["1", "2", "3"])
def test_continuing_is_bit_identical_to_the_uninterrupted_run(full_run, threads):
    out = full_run / f"continued-t{threads}.h5"
    trustsim("run", "--from", full_run / "full.week6.checkpoint.h5", "-o", out, "-t", threads, "-q")
    full = weekly_datasets(full_run / "full.h5", after=6)
    continued = weekly_datasets(out, after=6)
    assert sorted(full) == sorted(continued)
    assert len(full["org/step"]) == 8
    for name, values in full.items():
        np.testing.assert_array_equal(continued[name], values, err_msg=name)
    with h5py.File(out) as f, h5py.File(full_run / "full.h5") as g:
        assert f.attrs["steps_before"] == 6
        # Both describe the network of week 0 (ties moved in week 4, before the checkpoint).
        for name in ("network/col_index", "network/kind", "edge_sample/source", "edge_sample/target", "edge_sample/edge"):
            np.testing.assert_array_equal(f[name][()], g[name][()], err_msg=name)
        assert not np.array_equal(f["snapshots/edges/target"][-1], g["network/col_index"][()])


def test_a_branch_changes_only_what_follows(full_run):
    out = full_run / "branch.h5"
    trustsim("run", "--from", full_run / "full.week6.checkpoint.h5", "-o", out, "-q",
             "--set", "leadership.overrides.humility=1", "--set", "steps=20")
    with h5py.File(out) as f, h5py.File(full_run / "full.h5") as g:
        assert list(f["org/step"][()]) == list(range(7, 21))
        # Week 7 already differs: the managers' humility drives this week's admissions.
        assert not np.array_equal(f["org/trust_in_manager"][:8], g["org/trust_in_manager"][6:])


@pytest.mark.parametrize("week,setting,message", [
    (6, "organisation.agents=30000", "with organisation.agents 30000: it was 20000"),
    (6, "seed=2", "with seed 2: it was 1"),
    (14, "name=same", "is of week 14 and the scenario ends at week 14: nothing to continue"),
    (6, "events=[{week: 9, type: scandal, target: all}]",
     "this run lists 0 split_team events and the checkpoint's run 1; a branch keeps the number of splits"),
])
def test_what_cannot_be_branched_is_refused(full_run, week, setting, message):
    result = trustsim("run", "--from", full_run / f"full.week{week}.checkpoint.h5", "-o", full_run / "refused.h5",
                      "--set", setting, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (full_run / "refused.h5").exists()


@pytest.mark.parametrize("column,offset,value,message", [
    ("help_edge[1]", 4 * 5, 0x7FFFFFFE, "column 'help_edge[1]' holds index 2147483646 for agent 5"),
    ("task_outcome", 7, 9, "column 'task_outcome' holds the unknown value 9 for agent 7"),
    ("latent_errors", 4 * 11, 4_000_000_000, "column 'latent_errors' holds 4000000000 errors after 6 weeks for agent 11"),
])
def test_a_checkpoint_with_impossible_values_is_refused(full_run, tmp_path, column, offset, value, message):
    """Columns of the right size restore without complaint, so a damaged or crafted checkpoint is
    checked for values that would read outside the network, or loop, before it runs a week."""
    damaged = tmp_path / "damaged.checkpoint.h5"
    damaged.write_bytes((full_run / "full.week6.checkpoint.h5").read_bytes())
    with h5py.File(damaged, "r+") as f:
        data = f[f"state/{column}"]
        size = 1 if column == "task_outcome" else 4
        data[offset:offset + size] = np.frombuffer(int(value).to_bytes(size, "little"), dtype=np.uint8)
    result = trustsim("run", "--from", damaged, "-o", tmp_path / "out.h5", check=False)
    assert result.returncode == 2
    assert f"the checkpoint's state is damaged: {message}" in result.stderr
    assert not (tmp_path / "out.h5").exists()


def test_a_run_file_is_not_a_checkpoint(full_run):
    result = trustsim("run", "--from", full_run / "full.h5", check=False)
    assert result.returncode == 2
    assert "is not a trustsim checkpoint (its format is 'trustsim-run'" in result.stderr


def test_the_documented_commands_run(tmp_path):
    """Every command of the first block of docs/checkpoints.md, as written (run in a scratch folder)."""
    import shlex
    text = (ROOT / "docs" / "checkpoints.md").read_text()
    block = text[text.index("```\n") + 4:text.index("```\n", text.index("```\n") + 4)]
    commands = block.replace("\\\n", " ").splitlines()
    assert len(commands) == 5
    for line in commands:
        words = shlex.split(line, comments=True)
        assert words[0] == "trustsim"
        words = [str(ROOT / w) if w.startswith("configs/") else w for w in words[1:]]
        result = subprocess.run([BIN, *words, "-q"], capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
    with h5py.File(tmp_path / "longer.h5") as f:
        assert f.attrs["steps_before"] == 104 and f["org/step"][-1] == 156
