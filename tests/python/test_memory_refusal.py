"""A scenario too big for the machine (or for --max-memory) is refused before anything is built,
with the estimate, by both `run` and `validate`; `validate` prints the estimate of every scenario."""

from __future__ import annotations

import os
import re
import subprocess
import time

from trustsim_cli import BIN, ROOT

DEMO = ROOT / "configs" / "demo.yaml"


def trustsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=60)


def test_validate_prints_the_estimate():
    result = trustsim("validate", DEMO)
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[-1]
    assert re.search(r"memory: about [0-9.]+ MiB \(2,000 agents x \d+ B \+ [0-9,]+ edges x \d+ B", line), line


def test_an_organisation_larger_than_the_machine_is_refused_at_once():
    start = time.monotonic()
    result = trustsim("validate", DEMO, "--set", "organisation.agents=2000000000")
    assert time.monotonic() - start < 10, "the refusal must come before anything is built"
    assert result.returncode == 2
    assert "this scenario needs about" in result.stderr
    assert "2,000,000,000 agents" in result.stderr
    assert "this machine has available" in result.stderr
    assert "valid" not in result.stdout


def test_run_refuses_over_max_memory_and_writes_nothing(tmp_path):
    out = tmp_path / "refused.h5"
    result = trustsim("run", DEMO, "-o", out, "--max-memory", "20M")
    assert result.returncode == 2
    assert "more than --max-memory 20M" in result.stderr
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    # The same run with room enough goes ahead.
    result = trustsim("run", DEMO, "-o", out, "--max-memory", "1G", "-q", "--set", "steps=2")
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_a_bad_memory_size_is_named():
    result = trustsim("validate", DEMO, "--max-memory", "lots")
    assert result.returncode == 2
    assert "'lots' is not a memory size" in result.stderr


def write_sweep(tmp_path, agents: list[int]) -> str:
    path = tmp_path / "sizes.yaml"
    path.write_text(
        f"name: sizes\nscenario: {DEMO}\n"
        "set: {steps: 2, output.agent_snapshot_every: 0, output.edge_snapshot_every: 0}\n"
        "design: {type: grid}\n"
        f"factors:\n  - path: organisation.agents\n    levels: {agents}\n")
    return str(path)


def test_a_sweep_whose_largest_run_does_not_fit_is_refused_before_any_run(tmp_path):
    out = tmp_path / "out"
    start = time.monotonic()
    result = trustsim("sweep", write_sweep(tmp_path, [300, 2000000000, 500]), "-o", out)
    assert time.monotonic() - start < 20, "the refusal must come before anything runs"
    assert result.returncode == 2, result.stderr
    assert "design point 1 (2000000000 agents)" in result.stderr
    assert "this scenario needs about" in result.stderr and "this machine has available" in result.stderr
    assert not out.exists()


def test_a_sweep_runs_as_many_runs_at_once_as_fit(tmp_path):
    # Without snapshots the demo's estimate is 64 MiB loaded once plus about 6.7 MiB per run of
    # 10,000 agents (`trustsim validate` prints it): 72M holds one run at a time, not two.
    sweep_file = write_sweep(tmp_path, [10000, 1000])
    result = trustsim("sweep", sweep_file, "-o", tmp_path / "one", "--max-memory", "72M", "-t", "1")
    assert result.returncode == 0, result.stderr
    assert "with 1 workers x 1 threads" in result.stderr
    if (os.cpu_count() or 1) > 1:  # by default a run per core
        assert re.search(r"note: 1 run\(s\) at once instead of \d+: the largest runs need [0-9.]+ MiB each "
                         r"\(design point 0 \(10000 agents\)\), and 1 fit in --max-memory 72M", result.stderr), result.stderr
    # Asked for two at once, the sweep is refused with the count that fits.
    result = trustsim("sweep", sweep_file, "-o", tmp_path / "two", "--max-memory", "72M", "-w", "2")
    assert result.returncode == 2
    assert "2 workers at once need about" in result.stderr and "give -w 1 or fewer" in result.stderr
    assert not (tmp_path / "two").exists()
    # With room for both, the default stands.
    result = trustsim("sweep", sweep_file, "-o", tmp_path / "both", "--max-memory", "1G", "-w", "2")
    assert result.returncode == 0, result.stderr
    assert "note:" not in result.stderr
