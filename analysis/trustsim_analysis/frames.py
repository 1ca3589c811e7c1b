"""One run as tidy (long) pandas tables and as an xarray.Dataset with named dimensions.

Design note. `Run` (load.py) gives wide frames, weeks by teams or weeks by agents, which is what
h5py hands back. Analyses across runs want the long form instead: one row per observation, with
every identifying column beside the value (week, team, agent, and the design factors of the run),
so that `groupby`, `merge`, seaborn and plotly work without reshaping. The functions here only
reshape (`stack`, `merge`); reading stays in load.py and the statistics stay in pandas.

`factors` is a mapping of column name to value added to every row (a run's design factors:
`scenario`, `seed`, `replicate`, or a sweep's factor values). Column order: identifying columns,
then factors, then values.

The xarray view keeps the run's three natural axes as dimension names: `week` (the /org and /team
rows), `team` and `agent`; agent snapshots have their own time axis, `snapshot_week`, because they
are taken every few weeks only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import h5py
import numpy as np
import pandas as pd

from .load import STYLE_DIMENSIONS, TEAM_SERIES, Run


def run_identity(run: Run) -> dict:
    """The columns that identify a run when several are stacked: scenario, seed, replicate."""
    return {"scenario": run.scenario_name, "seed": run.attrs.get("seed"),
            "replicate": run.attrs.get("replicate")}


def _with_factors(frame: pd.DataFrame, factors: Mapping | None, after: Sequence[str]) -> pd.DataFrame:
    """Inserts the factor columns right after the identifying columns `after`."""
    if not factors:
        return frame
    position = len(after)
    for offset, (name, value) in enumerate(factors.items()):
        frame.insert(position + offset, name, value)
    return frame


def org_frame(run: Run, factors: Mapping | None = None) -> pd.DataFrame:
    """The weekly /org series, one row per week: week, factors, then one column per metric."""
    frame = run.org.rename_axis("week").reset_index()
    return _with_factors(frame, factors, ["week"])


def team_series_names(run: Run) -> list[str]:
    """The weekly team series the file holds (none when it was written with team_series: false)."""
    with h5py.File(run.path, "r") as f:
        group = f.get("team", {})
        return [s for s in TEAM_SERIES if s in group]


def team_frame(run: Run, series: Sequence[str] | None = None,
               factors: Mapping | None = None) -> pd.DataFrame:
    """The weekly team series in long form, one row per (week, team), with the static team table
    (manager, size, depth, style_<dimension>) alongside. `series` defaults to every one the file
    holds; an empty frame (with the static columns) when it holds none."""
    series = team_series_names(run) if series is None else list(series)
    static = run.teams().reset_index()
    if not series:
        empty = static.iloc[0:0].assign(week=pd.Series(dtype=np.int64))
        return _with_factors(empty[["week", *static.columns]], factors, ["week", "team"])
    stacked = {name: run.team(name).stack() for name in series}
    frame = pd.DataFrame(stacked).rename_axis(["week", "team"]).reset_index()
    frame = frame.merge(static, on="team", how="left")
    leading = ["week", "team", "manager", "size", "depth", *(f"style_{d}" for d in STYLE_DIMENSIONS)]
    frame = frame[leading + series]
    return _with_factors(frame, factors, ["week", "team"])


def agent_frame(run: Run, variables: Sequence[str] | None = None,
                factors: Mapping | None = None) -> pd.DataFrame:
    """The agent snapshots in long form, one row per (snapshot week, agent), with the static
    hierarchy columns (parent, depth, is_manager, team, leads_team). `variables` defaults to every
    snapshot variable the file holds. Raises KeyError without agent snapshots."""
    variables = run.agent_snapshot_vars() if variables is None else list(variables)
    if not variables:
        raise KeyError(f"{run.path}: no agent snapshots (output.agent_snapshot_every: 0?)")
    stacked = {v: run.agent_snapshot(v).stack(dropna=False) for v in variables}
    frame = pd.DataFrame(stacked).rename_axis(["week", "agent"]).reset_index()
    frame = frame.merge(run.agents.reset_index(), on="agent", how="left")
    static = list(run.agents.columns)
    frame = frame[["week", "agent", *static, *variables]]
    return _with_factors(frame, factors, ["week", "agent"])


def edge_frame(run: Run, step: int | None = None, factors: Mapping | None = None) -> pd.DataFrame:
    """Every directed edge at one edge snapshot (the last when `step` is None) as an edge list:
    week, source, target, kind, source_team, target_team, trust, competence, character."""
    steps = run.snapshot_steps("edges")
    frame = run.edges(step)
    week = int(steps[-1] if step is None else step)
    member_of = run.agents["team"].to_numpy()
    frame.insert(0, "week", week)
    frame.insert(4, "source_team", member_of[frame["source"].to_numpy()])
    frame.insert(5, "target_team", member_of[frame["target"].to_numpy()])
    return _with_factors(frame, factors, ["week", "source", "target"])


def event_frame(run: Run, factors: Mapping | None = None) -> pd.DataFrame:
    """The scripted events (/events): week, type, target, detail; empty when there are none."""
    return _with_factors(run.events.copy(), factors, ["week"])


def to_xarray(run: Run):
    """The run as an xarray.Dataset.

    Dimensions: `week` (org and team series), `team`, `agent`, `snapshot_week` (agent snapshots).
    Variables are named `org_<metric>`, `team_<series>`, `agent_<variable>`; static tables become
    coordinates (`team_manager`, `team_size`, `team_depth`, `style_<dimension>` on `team`;
    `parent`, `depth`, `is_manager`, `member_of_team`, `leads_team` on `agent`). Every variable
    carries the file's `units` attribute where it has one. Root attributes become `ds.attrs`.
    """
    import xarray as xr  # imported here: only this function needs it

    weeks = run.org.index.to_numpy()
    data_vars = {f"org_{m}": (("week",), run.org[m].to_numpy(), {"units": run.units.get(m, "")})
                 for m in run.org.columns}
    teams = run.teams()
    coords = {
        "week": weeks, "team": teams.index.to_numpy(), "agent": run.agents.index.to_numpy(),
        "team_manager": (("team",), teams["manager"].to_numpy()),
        "team_size": (("team",), teams["size"].to_numpy()),
        "team_depth": (("team",), teams["depth"].to_numpy()),
        **{f"style_{d}": (("team",), teams[f"style_{d}"].to_numpy()) for d in STYLE_DIMENSIONS},
        **{("member_of_team" if c == "team" else c): (("agent",), run.agents[c].to_numpy())
           for c in run.agents.columns if c != "name"},
    }
    with h5py.File(run.path, "r") as f:
        for name in team_series_names(run):
            ds = f["team"][name]
            data_vars[f"team_{name}"] = (("week", "team"), ds[()],
                                         {"units": ds.attrs.get("units", b"")})
        if "snapshots/agents" in f:
            group = f["snapshots/agents"]
            coords["snapshot_week"] = group["step"][()].astype(np.int64)
            for name in group:
                if name != "step":
                    data_vars[f"agent_{name}"] = (("snapshot_week", "agent"), group[name][()],
                                                  {"units": group[name].attrs.get("units", b"")})
    for _, _, attrs in data_vars.values():
        if isinstance(attrs["units"], (bytes, np.bytes_)):
            attrs["units"] = attrs["units"].decode("utf-8")
    plain_attrs = {k: v for k, v in run.attrs.items() if isinstance(v, (str, int, float))}
    return xr.Dataset(data_vars=data_vars, coords=coords, attrs=plain_attrs)
