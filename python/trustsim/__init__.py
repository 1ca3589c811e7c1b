"""trustsim in memory: run scenarios and sweeps from Python, results as pandas DataFrames.

    import trustsim
    result = trustsim.run("configs/demo.yaml", overrides={"leadership.style": "infallible"},
                          seed=7, threads=2)
    result.org["trust_in_manager"]          # one value per week
    result.team("psych_safety")             # weeks x teams
    result.agent_snapshot("trust_in_manager")  # snapshot weeks x agents
    result.events                           # the scenario's scripted events

The numbers are bit-identical to `trustsim run` on the same scenario and seed; nothing is written
to disk. Build with `scripts/build` and put build/release/python on PYTHONPATH (docs/python.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import _trustsim

__all__ = ["ConfigError", "Result", "run", "style_presets", "sweep", "validate", "__version__"]

__version__ = _trustsim.__version__

#: Raised for a bad scenario or override; the message is the CLI's, e.g.
#: "configs/bad.yaml:3:12: leadership.style: unknown leadership style 'arrogant'; ...".
#: A subclass of ValueError.
ConfigError = _trustsim.ConfigError

#: Where messages about scenario text (not a file) point, as in "<scenario text>:3:12: ...".
SCENARIO_TEXT = _trustsim.scenario_text_name

EVENT_COLUMNS = ("week", "type", "target", "detail")


def _yaml_text(value: Any) -> str:
    """A Python value as the YAML text `--set key=value` would take."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return repr(value.item() if isinstance(value, np.generic) else value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)  # JSON is YAML's flow style
    raise TypeError(f"an override value must be a bool, number, string, list or dict, not {type(value).__name__}")


def _overrides(overrides: Mapping[str, Any] | None, seed: int | None, replicate: int | None):
    out = []
    for key, value in (overrides or {}).items():
        out.append((str(key), _yaml_text(value), f"overrides[{str(key)!r}]"))
    if seed is not None:
        out.append(("seed", _yaml_text(seed), f"seed={seed!r}"))
    if replicate is not None:
        out.append(("replicate", _yaml_text(replicate), f"replicate={replicate!r}"))
    return out


def _source(scenario: str | os.PathLike) -> tuple[str, bool]:
    """(text, is_text): a path-like is a file; a string with a line break is YAML text; any
    other string is a file name (a missing one is a ConfigError)."""
    if isinstance(scenario, os.PathLike):
        return os.fspath(scenario), False
    if not isinstance(scenario, str):
        raise TypeError(f"scenario must be a path or YAML text, not {type(scenario).__name__}")
    return scenario, "\n" in scenario


@dataclass
class Result:
    """One run in memory, with the names and shapes of the HDF5 file (docs/hdf5-layout.md).

    Attributes:
        attrs: provenance as the file's root attributes (scenario_name, config_yaml, seed, ...).
        org: the weekly organisation series, one column per metric, indexed by week ("step").
        units: each org series' unit.
        agents: the static per-agent table (parent, depth, is_manager, team, leads_team).
        events: the scenario's scripted events (week, type, target, detail).
        completed: False when the run was stopped early.
    """

    attrs: dict
    org: pd.DataFrame
    units: dict
    agents: pd.DataFrame
    events: pd.DataFrame
    completed: bool
    _raw: dict = field(repr=False)

    @property
    def config_yaml(self) -> str:
        """The complete resolved scenario (every parameter) as YAML text."""
        return self.attrs["config_yaml"]

    @property
    def scenario_name(self) -> str:
        return self.attrs["scenario_name"]

    def team_series(self) -> list[str]:
        """Names of the per-team weekly series (empty with output.team_series: false)."""
        return list(self._raw["team"]["names"])

    def team(self, series: str) -> pd.DataFrame:
        """One per-team weekly series: weeks as rows, team indices as columns."""
        group = self._raw["team"]
        if series not in group["names"]:
            raise KeyError(f"unknown team series {series!r}; this run has: {', '.join(group['names']) or 'none'}"
                           " (output.team_series: false records none)")
        values = group["values"][group["names"].index(series)]
        return pd.DataFrame(values, index=self.org.index, columns=pd.RangeIndex(values.shape[1], name="team"))

    def teams(self) -> pd.DataFrame:
        """The static per-team table: manager, size, depth and style_<dimension> columns."""
        table = self._raw["teams"]
        columns = {name: table[name] for name in ("manager", "size", "depth")}
        columns.update({f"style_{dim}": values for dim, values in table["style"].items()})
        return pd.DataFrame(columns, index=pd.RangeIndex(len(table["manager"]), name="team"))

    def agent_snapshot_vars(self) -> list[str]:
        """The per-agent snapshot variables (empty with output.agent_snapshot_every: 0)."""
        return list(self._raw["agent_snapshots"]["names"])

    def snapshot_steps(self, kind: str = "agents") -> np.ndarray:
        """The weeks of the agent (`kind="agents"`) or edge (`kind="edges"`) snapshots."""
        if kind not in ("agents", "edges"):
            raise ValueError(f"kind must be 'agents' or 'edges', not {kind!r}")
        return self._raw[f"{kind[:-1]}_snapshots"]["step"].astype(np.int64)

    def agent_snapshot(self, var: str) -> pd.DataFrame:
        """One per-agent variable at every snapshot: snapshot weeks as rows, agent ids as columns."""
        group = self._raw["agent_snapshots"]
        if var in group["structure"]:
            values = group["structure"][var]
        elif var in group["names"]:
            values = group["values"][group["names"].index(var)]
        else:
            raise KeyError(f"unknown agent snapshot variable {var!r}; this run has: "
                           f"{', '.join(group['names']) or 'none (output.agent_snapshot_every: 0)'}")
        return pd.DataFrame(values, index=pd.Index(group["step"].astype(np.int64), name="step"),
                            columns=pd.RangeIndex(values.shape[1], name="agent"))

    def network(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The week-0 trust network in CSR form: (row_offsets [N+1], col_index [E], kind [E])."""
        net = self._raw["network"]
        return net["row_offsets"], net["col_index"], net["kind"]

    def edge_snapshot(self, var: str = "trust", step: int | None = None) -> np.ndarray:
        """One edge variable at one snapshot week (the last when `step` is None), aligned with
        network()'s col_index (NaN pads slots that merges and splits had not filled yet)."""
        group = self._raw["edge_snapshots"]
        if var not in group["names"]:
            raise KeyError(f"unknown edge snapshot variable {var!r}; this run has: "
                           f"{', '.join(group['names']) or 'none (output.edge_snapshot_every: 0)'}")
        steps = group["step"]
        if step is None:
            row = len(steps) - 1
        else:
            (hits,) = np.nonzero(steps == step)
            if len(hits) == 0:
                raise KeyError(f"no edge snapshot at week {step}; snapshots at {steps.tolist()}")
            row = int(hits[0])
        return group["values"][group["names"].index(var)][row]

    def arrays(self) -> dict[str, np.ndarray]:
        """Every recorded array by its HDF5 dataset path (e.g. "/org/trust_in_manager",
        "/snapshots/agents/stress"), to compare with a file written by `trustsim run`."""
        raw, out = self._raw, {}
        out["/org/step"] = raw["org"]["step"]
        for k, name in enumerate(raw["org"]["names"]):
            out[f"/org/{name}"] = raw["org"]["values"][:, k]
        for name, values in zip(raw["team"]["names"], raw["team"]["values"]):
            out[f"/team/{name}"] = values
        for name in ("manager", "size", "depth"):
            out[f"/team/{name}"] = raw["teams"][name]
        for name, values in raw["teams"]["style"].items():
            out[f"/team/style/{name}"] = values
        for name in ("parent", "depth", "is_manager", "team", "leads_team"):
            out[f"/agents/{name}"] = raw["agents"][name]
        for name in ("row_offsets", "col_index", "kind"):
            out[f"/network/{name}"] = raw["network"][name]
        for kind in ("agents", "edges"):
            group = raw[f"{kind[:-1]}_snapshots"]
            if not len(group["names"]):
                continue
            out[f"/snapshots/{kind}/step"] = group["step"]
            for name, values in zip(group["names"], group["values"]):
                out[f"/snapshots/{kind}/{name}"] = values
            for name, values in group.get("structure", {}).items():
                out[f"/snapshots/{kind}/{name}"] = values
            for name in ("source", "target"):
                if name in group:
                    out[f"/snapshots/{kind}/{name}"] = group[name]
        if self._raw["events"]["week"]:
            out["/events/week"] = np.asarray(self._raw["events"]["week"], dtype=np.int32)
        return out


def _result(raw: dict) -> Result:
    org_raw = raw["org"]
    index = pd.Index(org_raw["step"].astype(np.int64), name="step")
    org = pd.DataFrame(org_raw["values"], index=index, columns=list(org_raw["names"]))
    units = dict(zip(org_raw["names"], org_raw["units"]))
    agents = pd.DataFrame({name: values for name, values in raw["agents"].items()},
                          index=pd.RangeIndex(len(raw["agents"]["parent"]), name="agent"))
    events = pd.DataFrame({"week": np.asarray(raw["events"]["week"], dtype=np.int64),
                           **{c: list(raw["events"][c]) for c in EVENT_COLUMNS[1:]}},
                          columns=list(EVENT_COLUMNS))
    return Result(attrs=raw["attrs"], org=org, units=units, agents=agents, events=events,
                  completed=raw["completed"], _raw=raw)


def style_presets() -> dict:
    """The leadership style presets: {name: {"summary": words, "style": {dimension: value in [0, 1]}}}.
    `leadership.overrides` sets any of the dimensions for every manager."""
    return _trustsim.style_presets()


def run(scenario: str | os.PathLike, overrides: Mapping[str, Any] | None = None, *,
        seed: int | None = None, replicate: int | None = None, threads: int = 0) -> Result:
    """Runs a scenario in memory and returns its results; writes nothing.

    scenario: a scenario file (path or str), or YAML text (a str with a line break).
    overrides: {dotted key: value} applied on top, like `--set key=value`; values may be numbers,
        bools, strings or lists/dicts (e.g. {"events": [{"week": 52, "type": "replace_leader"}]}).
    seed, replicate: like `--seed` and `--replicate`.
    threads: worker threads (0: every core); results are bit-identical for any count.

    Raises ConfigError (a ValueError) naming file:line:col for a bad scenario or override. Other
    Python threads run while the simulation does (the GIL is released); Ctrl-C stops it.
    """
    if threads < 0:
        raise ValueError(f"threads must be >= 0 (0: every core), not {threads}")
    text, is_text = _source(scenario)
    return _result(_trustsim.run(text, is_text, _overrides(overrides, seed, replicate), int(threads)))


def validate(scenario: str | os.PathLike, overrides: Mapping[str, Any] | None = None, *,
             seed: int | None = None, replicate: int | None = None) -> dict:
    """Checks a scenario (file or YAML text) with overrides as `trustsim validate` does.

    Returns a summary (name, model, agents, steps, seed, replicate, settings, memory, config_yaml);
    raises ConfigError with the CLI's file:line:col message when something is wrong.
    """
    text, is_text = _source(scenario)
    return _trustsim.validate(text, is_text, _overrides(overrides, seed, replicate))


def sweep(sweep_file: str | os.PathLike, out_dir: str | os.PathLike | None = None, *,
          workers: int = 0, threads_per_run: int = 0, resume: bool = False, force: bool = False,
          retry_failed: bool = False) -> pd.DataFrame:
    """Runs a sweep (docs/sweeps.md) with the CLI's runner into `out_dir` (default: the sweep's
    name) and returns its runs.csv as a DataFrame: one row per run, a column per factor, the
    status and the summary outcomes. Read the series with trustsim_analysis.open_sweep(out_dir).

    workers, threads_per_run: like `trustsim sweep -w/-t` (0: choose). resume, force,
    retry_failed: like the CLI's flags. Raises ConfigError for a bad sweep file, ValueError for a
    directory holding another sweep, RuntimeError when runs failed (the table records why).
    """
    outcome = _trustsim.sweep(os.fspath(sweep_file), "" if out_dir is None else os.fspath(out_dir),
                              int(workers), int(threads_per_run), resume, force, retry_failed)
    directory = Path(outcome["directory"])
    if outcome["interrupted"]:
        raise KeyboardInterrupt(f"sweep interrupted; finished runs are kept in {directory}; "
                                "call trustsim.sweep(..., resume=True) to finish it")
    table = pd.read_csv(directory / "runs.csv")
    if outcome["failed"]:
        raise RuntimeError(f"{outcome['failed']} of {outcome['runs']} runs failed (status and error columns of "
                           f"{directory / 'runs.csv'}); rerun them with retry_failed=True")
    return table
