"""Session fixtures for the validation suite: each experimental design is run once by the real
CLI (designs.py) and its run files are shared by every test that measures a fact on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from designs import CONFIGS, MIXED_SEEDS, run_design


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
