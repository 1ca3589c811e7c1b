"""Session fixtures for the validation suite: each experimental design is run once by the real
CLI and its run files are shared by every test that measures a fact on it.

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


@pytest.fixture(scope="session")
def mixed_runs(tmp_path_factory) -> list[Path]:
    return run_design(tmp_path_factory.mktemp("mixed"), CONFIGS / "mixed.yaml", MIXED_SEEDS,
                      "output.agent_snapshot_every=13", "output.edge_snapshot_every=13")


# --- the measured values, printed after the run --------------------------------------------------
# Every test records what it measured next to its band, and pytest prints the table at the end,
# so the values in docs/VALIDATION.md come from a plain run of this suite.
_MEASURED: list[tuple[str, str, str]] = []


@pytest.fixture
def record():
    """record(fact, measured, band): adds a row to the table printed after the run."""
    def add(fact: str, measured, band: str) -> None:
        text = measured if isinstance(measured, str) else f"{measured:.3f}"
        _MEASURED.append((fact, text, band))
    return add


def pytest_terminal_summary(terminalreporter):
    if not _MEASURED:
        return
    terminalreporter.section("stylised facts: measured vs band")
    width = max(len(fact) for fact, _, _ in _MEASURED)
    for fact, measured, band in sorted(_MEASURED):
        terminalreporter.write_line(f"{fact:<{width}}  {measured:>16}  band {band}")
