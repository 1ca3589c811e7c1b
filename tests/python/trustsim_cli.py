"""Running the trustsim binary from the pytest suites: the binary under test and one helper for
`trustsim run` with `--set` overrides."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TRUSTSIM_BIN", str(ROOT / "build" / "release" / "trustsim"))


def run_scenario(scenario: Path, out: Path, *sets: str, options: tuple[str, ...] = ()) -> Path:
    """Runs `scenario` quietly into `out`, each of `sets` as a `--set`, plus raw CLI `options`;
    raises CalledProcessError (with the stderr) when the run fails."""
    args = [BIN, "run", str(scenario), "-o", str(out), "-q", *options]
    for s in sets:
        args += ["--set", s]
    subprocess.run(args, check=True, capture_output=True, text=True)
    return out
