"""A scenario too big for the machine (or for --max-memory) is refused before anything is built,
with the estimate, by both `run` and `validate`; `validate` prints the estimate of every scenario."""

from __future__ import annotations

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
