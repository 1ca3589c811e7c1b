"""The validation suite's designs and checks, shared by its conftest and its tests (a module of
its own: `from conftest import ...` would pick up whichever conftest pytest loaded last when the
suite runs together with tests/python).

A design is (scenario, `--set` overrides, seeds). The runs of a design go to one folder under
pytest's session temporary directory; they run `-t 1` each, JOBS at a time (default: the number
of cores, at most 2; set TRUSTSIM_VALIDATION_JOBS to change it). Seeds are the fixed master seeds
1 … n, as the spec's "across seeds" asks.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))
sys.path.insert(0, str(ROOT / "tests" / "python"))

from trustsim_cli import run_scenario  # noqa: E402  (needs the sys.path entry above)

CONFIGS = ROOT / "configs"
JOBS = int(os.environ.get("TRUSTSIM_VALIDATION_JOBS", min(2, os.cpu_count() or 1)))


def run_design(directory: Path, scenario: Path, seeds, *sets: str) -> list[Path]:
    """Runs `scenario` once per seed (with `sets` as --set overrides) into `directory`; returns
    the run files in seed order."""
    directory.mkdir(parents=True, exist_ok=True)

    def one(seed: int) -> Path:
        return run_scenario(scenario, directory / f"seed{seed}.h5", f"seed={seed}", *sets,
                            options=("-t", "1"))

    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        return list(pool.map(one, seeds))


def assert_in_band(value: float, low: float, high: float, what: str) -> None:
    """Fails with the measured value and the band unless low <= value <= high."""
    assert low <= value <= high, f"{what}: measured {value:.3f}, band [{low}, {high}]"


# Output settings that every design without snapshots uses: only /org and /team are read.
NO_SNAPSHOTS = ("output.agent_snapshot_every=0", "output.edge_snapshot_every=0",
                "output.edge_sample=0")

#: The mixed-style organisation (configs/mixed.yaml: 2,000 agents, 104 weeks, η ~ U(0,1) on the
#: infallible–humble line), with agent and edge snapshots every quarter so that the steady state
#: (weeks 53–104) has four cross-sections. F2(a), F3, F4(a) and F7 are measured on it.
MIXED_SEEDS = range(1, 31)
