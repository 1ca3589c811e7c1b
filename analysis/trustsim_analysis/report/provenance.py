"""Where the numbers come from: the build, seeds and times of every input, and the report's own
software. Everything here is copied from the files' root attributes, not recomputed."""

from __future__ import annotations

import platform
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

RUN_COLUMNS = ("trustsim_version", "git_commit", "build_type", "seed", "replicate",
               "steps_completed", "agents", "threads", "start_time", "wall_seconds")
SWEEP_ATTRIBUTES = ("sweep_name", "design", "master_seed", "replicates", "points", "runs",
                    "runs_ok", "runs_failed", "summary_last_weeks", "shard", "trustsim_version",
                    "git_commit", "build_type", "compiler", "hdf5_version", "written_time",
                    "scenario_path")


def run_table(runset) -> pd.DataFrame:
    """One row per run file: its group and the provenance attributes."""
    rows = []
    for index, run in enumerate(runset.runs):
        rows.append({"file": Path(run.path).name, "group": runset.design.loc[index, "group"],
                     **{c: run.attrs.get(c, "") for c in RUN_COLUMNS}})
    return pd.DataFrame(rows)


def sweep_table(sweep) -> pd.DataFrame:
    """The sweep's provenance attributes as (attribute, value) rows."""
    return pd.DataFrame({"attribute": [a for a in SWEEP_ATTRIBUTES if a in sweep.attrs],
                         "value": [str(sweep.attrs[a]) for a in SWEEP_ATTRIBUTES if a in sweep.attrs]})


def software_line() -> str:
    """Which software wrote the report, and when (UTC)."""
    import matplotlib
    import numpy
    import scipy

    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"Report written {now} by trustsim_analysis with Python {platform.python_version()}, "
            f"numpy {numpy.__version__}, pandas {pd.__version__}, scipy {scipy.__version__}, "
            f"matplotlib {matplotlib.__version__}.")
