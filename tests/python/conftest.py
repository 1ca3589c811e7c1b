"""Shared pytest fixtures for the Python tests: a writer of synthetic trustsim run files.

`make_run` writes a small, self-consistent run file that follows docs/hdf5-layout.md
(format_version 1) exactly: the same groups, names, dtypes, shapes, attributes, chunking and
filters as the engine. The values come from simple formulas (below), so tests can assert exact
numbers. The writer doubles as an executable example of the layout for the engine team.

Synthetic organisation: agent i > 0 reports to (i - 1) // span, so ids are in breadth-first
order. Team k is led by the k-th manager in id order. Each agent has a lateral tie to
(i + agents // 2) % agents.

Value formulas (k = position of the name in its documented list, starting at 0):
    /org/<metric>[step]                 = (k + 1) / 100 + step / 1000 + level
                                          (reported_error_rate is NaN at week 1: "no errors")
    /team/<series>[step, team]          = (k + 1) / 100 + team / 1000 + step / 100000
                                          (the counts reported_errors, latent_errors,
                                          learning_behaviour and ideas are team + step)
    /snapshots/agents/<var>[step, i]    = (k + 1) / 100 + step / 10000 + i / 100000
                                          (trust_in_manager is NaN for the CEO, who has no manager;
                                          latent_errors is i % 3; hire_step is 0, initial staff)
    /snapshots/edges/<var>[step, e]     = (k + 1) / 10 + step / 10000 + e / 1000000
    /team/style/<dimension>[team]       = (k + 1) / 10 + team / 1000
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ANALYSIS_DIR = PROJECT_ROOT / "analysis"
sys.path.insert(0, str(ANALYSIS_DIR))

# The synthetic writer uses the loader's own names; test_engine_output.py keeps an independent
# copy on purpose, so that a name wrong in both the package and the engine is still caught.
from trustsim_analysis.load import (  # noqa: E402  (needs the sys.path entry above)
    AGENT_SNAPSHOT_VARS,
    EDGE_SNAPSHOT_VARS,
    ORG_METRICS,
    STYLE_DIMENSIONS,
    TEAM_SERIES,
)

TEAM_COUNTS = ("reported_errors", "latent_errors", "learning_behaviour", "ideas")

CONFIG_YAML_TEMPLATE = """name: {name}
model: core
steps: {steps}
seed: 42
replicate: 0
organisation:
  agents: {agents}
  span_of_control: {span}
output:
  agent_snapshot_every: {agent_every}
  edge_snapshot_every: {edge_every}
  team_series: {team_series}
"""


def _set_text(attrs, key, value, variable_length):
    """Stores a scalar UTF-8 string attribute: fixed-length like the engine, or variable-length."""
    if variable_length:
        attrs[key] = value
    else:
        encoded = value.encode("utf-8")
        attrs.create(key, np.array(encoded, dtype=h5py.string_dtype("utf-8", max(1, len(encoded)))))


def _write(group, name, data, units, description, time_axis, variable_length=False):
    """Writes one dataset with its units and description attributes.

    Time series get an unlimited first axis, chunking and shuffle + gzip, as the engine writes them.
    """
    data = np.asarray(data)
    options = {}
    if time_axis:
        chunks = (max(1, min(len(data), 64)),) + tuple(max(1, n) for n in data.shape[1:])
        options = dict(maxshape=(None,) + data.shape[1:], chunks=chunks,
                       shuffle=True, compression="gzip", compression_opts=4)
    dataset = group.create_dataset(name, data=data, **options)
    _set_text(dataset.attrs, "units", units, variable_length)
    _set_text(dataset.attrs, "description", description, variable_length)
    return dataset


def _hierarchy(agents, span):
    """Returns (parent, depth, is_manager, team, leads_team, managers) for a breadth-first tree."""
    ids = np.arange(agents)
    parent = np.where(ids == 0, -1, (ids - 1) // span).astype(np.int32)
    depth = np.zeros(agents, dtype=np.uint32)
    for i in range(1, agents):
        depth[i] = depth[parent[i]] + 1
    is_manager = np.zeros(agents, dtype=np.uint8)
    is_manager[parent[1:]] = 1
    managers = np.flatnonzero(is_manager)
    leads_team = np.full(agents, -1, dtype=np.int32)
    leads_team[managers] = np.arange(len(managers), dtype=np.int32)
    team = np.where(parent >= 0, leads_team[np.maximum(parent, 0)], -1).astype(np.int32)
    return parent, depth, is_manager, team, leads_team, managers


def _network(parent):
    """Returns the CSR (row_offsets, col_index, kind) for manager, report, sibling and lateral ties."""
    agents = len(parent)
    rows = [dict() for _ in range(agents)]
    for i in range(1, agents):
        m = parent[i]
        rows[i][m] = rows[i].get(m, 0) | 1  # i's manager
        rows[m][i] = rows[m].get(i, 0) | 2  # m's direct report
        for j in np.flatnonzero(parent == m):
            if j != i:
                rows[i][j] = rows[i].get(j, 0) | 8  # sibling in the same team
    for i in range(agents):
        j = (i + agents // 2) % agents
        if j != i:
            rows[i][j] = rows[i].get(j, 0) | 4  # lateral tie
    row_offsets = np.zeros(agents + 1, dtype=np.uint64)
    row_offsets[1:] = np.cumsum([len(r) for r in rows])
    col_index = np.array([j for r in rows for j in sorted(r)], dtype=np.uint32)
    kind = np.array([r[j] for r in rows for j in sorted(r)], dtype=np.uint8)
    return row_offsets, col_index, kind


def _snapshot_steps(every, steps):
    """Weeks with a snapshot: every `every`-th week (none when every == 0)."""
    return np.arange(every, steps + 1, every) if every else np.arange(0)


def write_run(directory, name="run.h5", *, steps=10, agents=15, span=3, scenario_name="baseline",
              level=0.0, agent_snapshot_every=5, edge_snapshot_every=5, team_series=True,
              partial=False, fmt="trustsim-run", format_version=1, steps_completed=None,
              variable_length_strings=False):
    """Writes a synthetic run file into `directory` and returns its path.

    `partial=True` writes NAME.partial (an unfinished run). `fmt` and `format_version` let a test
    write a foreign or too-new file. `steps_completed` < steps makes a finished but truncated
    run. String attributes are fixed-length UTF-8, as the engine writes them (h5py reads them as
    bytes); `variable_length_strings=True` writes h5py's default variable-length strings instead.
    """
    path = Path(directory) / (name + (".partial" if partial else ""))
    parent, depth, is_manager, team, leads_team, managers = _hierarchy(agents, span)
    row_offsets, col_index, kind = _network(parent)
    n_teams, n_edges = len(managers), len(col_index)
    week = np.arange(1, steps + 1)
    agent_steps = _snapshot_steps(agent_snapshot_every, steps)
    edge_steps = _snapshot_steps(edge_snapshot_every, steps)
    config_yaml = CONFIG_YAML_TEMPLATE.format(
        name=scenario_name, steps=steps, agents=agents, span=span, agent_every=agent_snapshot_every,
        edge_every=edge_snapshot_every, team_series=str(team_series).lower())

    put = functools.partial(_write, variable_length=variable_length_strings)
    with h5py.File(path, "w") as f:
        strings = dict(
            format=fmt, trustsim_version="0.1.0", git_commit="abc123def456", compiler="GNU 12.2.0",
            build_type="Release", hdf5_version="1.10.8", tbb_version="2021.8.0",
            yaml_cpp_version="0.7.0", scenario_name=scenario_name, model="core",
            config_yaml=config_yaml, start_time="2026-11-23T18:53:01Z",
            end_time="2026-11-23T18:53:04Z")
        for key, value in strings.items():
            _set_text(f.attrs, key, value, variable_length_strings)
        f.attrs["format_version"] = np.int32(format_version)
        f.attrs["seed"] = np.uint64(42)
        for key, value in dict(replicate=0, threads=4, agents=agents, teams=n_teams,
                               steps_planned=steps,
                               steps_completed=steps if steps_completed is None else steps_completed
                               ).items():
            f.attrs[key] = np.uint32(value)
        f.attrs["edges"] = np.uint64(n_edges)
        f.attrs["wall_seconds"] = np.float64(3.25)

        org = f.create_group("org")
        put(org, "step", week.astype(np.int32), "week", "week after which the row was recorded",
               True)
        for k, metric in enumerate(ORG_METRICS):
            values = (k + 1) / 100 + week / 1000 + level
            if metric == "reported_error_rate":
                values[0] = np.nan
            put(org, metric, values.astype(np.float64), "1", f"synthetic {metric}", True)

        tm = f.create_group("team")
        put(tm, "manager", managers.astype(np.uint32), "agent id", "manager of each team", False)
        put(tm, "size", np.bincount(team[team >= 0], minlength=n_teams).astype(np.uint32),
               "agents", "direct reports", False)
        put(tm, "depth", depth[managers], "levels", "manager depth, CEO = 0", False)
        style = tm.create_group("style")
        for k, dim in enumerate(STYLE_DIMENSIONS):
            values = (k + 1) / 10 + np.arange(n_teams) / 1000
            put(style, dim, values.astype(np.float32), "1", f"style {dim}", False)
        if team_series:
            for k, series in enumerate(TEAM_SERIES):
                if series in TEAM_COUNTS:
                    values = np.arange(n_teams)[None, :] + week[:, None]
                else:
                    values = ((k + 1) / 100 + np.arange(n_teams)[None, :] / 1000
                              + week[:, None] / 100000)
                put(tm, series, values.astype(np.float32), "1", f"synthetic {series}", True)

        ag = f.create_group("agents")
        put(ag, "parent", parent, "agent id", "manager of each agent, -1 for the CEO", False)
        put(ag, "depth", depth, "levels", "depth in the hierarchy, CEO = 0", False)
        put(ag, "is_manager", is_manager, "bool", "1 if the agent leads a team", False)
        put(ag, "team", team, "team index", "team the agent is a member of", False)
        put(ag, "leads_team", leads_team, "team index", "team the agent leads, -1 if none",
               False)

        snap = f.create_group("snapshots/agents")
        put(snap, "step", agent_steps.astype(np.int32), "week", "snapshot weeks", True)
        for k, var in enumerate(AGENT_SNAPSHOT_VARS):
            values = ((k + 1) / 100 + agent_steps[:, None] / 10000
                      + np.arange(agents)[None, :] / 100000)
            if var == "trust_in_manager":
                values[:, 0] = np.nan
            elif var == "latent_errors":
                values[:] = np.arange(agents) % 3
            elif var == "hire_step":
                values[:] = 0
            put(snap, var, values.astype(np.float32), "1", f"synthetic {var}", True)

        net = f.create_group("network")
        put(net, "row_offsets", row_offsets, "edge index", "CSR row offsets", False)
        put(net, "col_index", col_index, "agent id", "CSR target of each edge", False)
        put(net, "kind", kind, "bit flags", "1 manager, 2 report, 4 lateral, 8 sibling", False)

        esnap = f.create_group("snapshots/edges")
        put(esnap, "step", edge_steps.astype(np.int32), "week", "snapshot weeks", True)
        for k, var in enumerate(EDGE_SNAPSHOT_VARS):
            values = ((k + 1) / 10 + edge_steps[:, None] / 10000
                      + np.arange(n_edges)[None, :] / 1000000)
            put(esnap, var, values.astype(np.float32), "1", f"synthetic {var}", True)
    return path


@pytest.fixture
def make_run(tmp_path):
    """Factory fixture: make_run(name="run.h5", **options) writes a synthetic run into tmp_path.

    See `write_run` for the options; pass directory=... to write somewhere else.
    """
    def factory(name="run.h5", directory=None, **options):
        return write_run(directory or tmp_path, name, **options)
    return factory
