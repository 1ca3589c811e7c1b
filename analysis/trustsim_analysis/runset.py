"""Several run files compared as one data set: their design factors found from their scenarios.

Design note. A comparison such as "infallible versus humble, five replicates each" is a handful of
run files, each carrying its complete resolved scenario (`config_yaml`). The design factors are
exactly the scenario parameters whose values differ between the files, so they are found rather
than declared: every file's scenario is flattened to dotted paths (`leadership.style`,
`trust.forgetting`) and the paths with more than one value become columns. `seed` and `replicate`
are always columns; `name`, `description` and `output.*` never count as factors (they label or
store a run, they do not change it). Runs that agree on every factor other than seed and
replicate form one *group*, the unit across which confidence bands are drawn.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import frames
from .load import Run, open_run

#: Scenario paths that label or store a run but do not change what it simulates.
NOT_FACTORS_PREFIXES = ("name", "description", "output.")
#: Columns that tell replicates of one design point apart.
REPLICATE_COLUMNS = ("seed", "replicate")


def flatten_config(config_yaml: str) -> dict:
    """The scenario as {dotted.path: value}; lists (events, members) become one JSON text each."""
    def walk(node, prefix, out):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{prefix}{key}.", out)
        elif isinstance(node, list):
            out[prefix[:-1]] = json.dumps(node, sort_keys=True, default=str)
        else:
            out[prefix[:-1]] = node
        return out
    return walk(_parse_yaml(config_yaml) or {}, "", {})


def differing_parameters(configs: Sequence[dict]) -> list[str]:
    """The scenario paths whose values differ between `configs`, in first-seen order."""
    paths: dict[str, None] = {}
    for config in configs:
        paths.update(dict.fromkeys(config))
    out = []
    for path in paths:
        if path.startswith(NOT_FACTORS_PREFIXES) or path in REPLICATE_COLUMNS:
            continue
        values = {json.dumps(c.get(path), sort_keys=True, default=str) for c in configs}
        if len(values) > 1:
            out.append(path)
    return out


def _group_label(row: pd.Series, factor_names: Sequence[str]) -> str:
    if not factor_names:
        return str(row["scenario"])
    return ", ".join(f"{name}={row[name]}" for name in factor_names)


@dataclass
class RunSet:
    """Run files read together. `design` has one row per run (index `run`, 0-based in the order
    given): path, scenario, seed, replicate, one column per design factor, and `group`."""

    runs: list[Run]
    design: pd.DataFrame
    factor_names: list[str]

    @property
    def groups(self) -> list[str]:
        """The group labels in first-seen order."""
        return list(dict.fromkeys(self.design["group"]))

    def _stack(self, make: Callable[[Run, dict], pd.DataFrame]) -> pd.DataFrame:
        parts = []
        columns = ["group", "scenario", "seed", "replicate", *self.factor_names]
        for index, run in enumerate(self.runs):
            row = self.design.loc[index]
            parts.append(make(run, {"run": index, **{c: row[c] for c in columns}}))
        frame = pd.concat(parts, ignore_index=True)
        return frame[["run", *(c for c in frame.columns if c != "run")]]

    def org(self) -> pd.DataFrame:
        """Every run's /org series, one row per (run, week), with the design columns."""
        return self._stack(lambda run, f: frames.org_frame(run, f))

    def teams(self, series: Sequence[str] | None = None) -> pd.DataFrame:
        """Every run's weekly team series, one row per (run, week, team)."""
        return self._stack(lambda run, f: frames.team_frame(run, series, f))

    def agents(self, variables: Sequence[str] | None = None) -> pd.DataFrame:
        """Every run's agent snapshots, one row per (run, snapshot week, agent)."""
        return self._stack(lambda run, f: frames.agent_frame(run, variables, f))

    def edges(self, step: int | None = None) -> pd.DataFrame:
        """Every run's edge list at edge snapshot `step` (each run's last when None)."""
        return self._stack(lambda run, f: frames.edge_frame(run, step, f))

    def events(self) -> pd.DataFrame:
        """Every run's scripted events, one row per (run, event)."""
        return self._stack(lambda run, f: frames.event_frame(run, f))

    def to_xarray(self):
        """The /org series as an xarray.Dataset with dimensions (run, week); the design columns
        are coordinates on `run`. Weeks a run did not reach are NaN. Needs xarray (pandas'
        `to_xarray` imports it)."""
        org = self.org()
        metrics = list(self.runs[0].org.columns)
        cube = org.set_index(["run", "week"])[metrics].to_xarray()
        for column in ["group", "scenario", "seed", "replicate", *self.factor_names]:
            cube = cube.assign_coords({column: ("run", self.design[column].to_numpy())})
        for m in metrics:
            cube[m].attrs["units"] = self.runs[0].units.get(m, "")
        return cube


def open_runs(paths: Sequence[str | os.PathLike], labels: Sequence[str] | None = None) -> RunSet:
    """Opens run files (each with `open_run`, so unfinished and foreign files are refused) and
    finds their design factors. `labels`, one per file, name the groups instead of the factor
    values (files with the same label form one group)."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("open_runs needs at least one run file")
    if labels is not None and len(labels) != len(paths):
        raise ValueError(f"got {len(labels)} labels for {len(paths)} run files")
    runs = [open_run(p) for p in paths]
    configs = [flatten_config(r.config_yaml) for r in runs]
    factor_names = differing_parameters(configs)
    rows = []
    for run, config in zip(runs, configs):
        rows.append({"path": str(run.path), **frames.run_identity(run),
                     **{name: config.get(name, np.nan) for name in factor_names}})
    design = pd.DataFrame(rows).rename_axis("run")
    if labels is not None:
        design["group"] = list(labels)
    else:
        design["group"] = design.apply(_group_label, axis=1, factor_names=factor_names)
        # Where scenario names and groups match one to one, the names read better.
        one_to_one = (design.groupby("group")["scenario"].nunique().max() == 1
                      and design.groupby("scenario")["group"].nunique().max() == 1)
        if one_to_one:
            design["group"] = design["scenario"]
    return RunSet(runs=runs, design=design, factor_names=factor_names)


def _parse_yaml(text: str):
    # PyYAML is imported on first use: `import trustsim_analysis` needs only h5py, numpy, pandas
    # and matplotlib (docs/hdf5-layout.md); reading scenarios and sweep files needs python3-yaml.
    import yaml

    return yaml.safe_load(text)
