"""Small real runs and sweeps for the analysis tests, made by the trustsim binary under test.

Everything is tiny on purpose (a few hundred agents, a few weeks): the tests check that the
analysis reads what the CLI writes, not the model's dynamics.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trustsim_cli import BIN, ROOT, run_scenario

#: Settings that make a run small but keep every part of the layout (snapshots, team series).
SMALL_RUN = ("organisation.agents=200", "steps=8", "output.agent_snapshot_every=4",
             "output.edge_snapshot_every=4")


def small_runs(directory: Path, replicates: int = 2, *sets: str) -> dict[str, list[Path]]:
    """configs/infallible.yaml and configs/humble.yaml, `replicates` runs each (replicate 0..)."""
    out: dict[str, list[Path]] = {}
    for style in ("infallible", "humble"):
        for r in range(replicates):
            path = directory / f"{style}-r{r}.h5"
            run_scenario(ROOT / "configs" / f"{style}.yaml", path, *SMALL_RUN, *sets,
                         options=("--replicate", str(r)))
            out.setdefault(style, []).append(path)
    return out


def run_sweep(directory: Path, name: str, design: str, factors: str, *, agents: int = 40,
              steps: int = 4, replicates: int = 1, run_files: bool = False,
              snapshots: int = 0) -> Path:
    """Writes a sweep file over configs/demo.yaml and runs it into directory/name; returns the
    sweep directory. `design` is the YAML of the design map, `factors` that of the factor list."""
    sweep_file = directory / f"{name}.yaml"
    sweep_file.write_text(f"""name: {name}
scenario: {ROOT / 'configs' / 'demo.yaml'}
set:
  organisation.agents: {agents}
  steps: {steps}
  output.agent_snapshot_every: {snapshots}
  output.edge_snapshot_every: {snapshots}
seed: 5
replicates: {replicates}
design: {design}
factors:
{factors}
summary:
  last_weeks: 2
output:
  run_files: {'true' if run_files else 'false'}
""")
    target = directory / name
    result = subprocess.run([BIN, "sweep", str(sweep_file), "-o", str(target), "-q"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"trustsim sweep failed:\n{result.stderr}"
    return target


TWO_FACTORS = """  - {path: leadership.overrides.humility, name: humility, range: [0, 1]}
  - {path: trust.forgetting, range: [0.95, 0.995]}"""
WITH_STYLE = TWO_FACTORS + "\n  - {path: leadership.style, levels: [infallible, humble]}"
