"""Tidy tables and xarray views of runs (frames.py, runset.py) and sweeps (sweep.py): on synthetic
files whose values follow conftest's formulas, and on files and sweep directories the real CLI
writes."""

from __future__ import annotations

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis_support import WITH_STYLE, run_sweep, small_runs
from trustsim_analysis import frames
from trustsim_analysis.load import NotATrustsimRunError, open_run
from trustsim_analysis.runset import differing_parameters, flatten_config, open_runs
from trustsim_analysis.sweep import SweepDirectoryError, open_sweep


# --- one run, synthetic ---------------------------------------------------------------------

def test_team_frame_is_long_with_the_static_team_table(make_run):
    run = open_run(make_run())
    frame = frames.team_frame(run, ["intrateam_trust", "reported_errors"], {"style": "x"})
    assert len(frame) == 10 * 5
    assert list(frame.columns[:4]) == ["week", "team", "style", "manager"]
    row = frame[(frame["week"] == 7) & (frame["team"] == 3)].iloc[0]
    assert row["intrateam_trust"] == pytest.approx(0.03 + 0.003 + 7 / 100000, abs=1e-6)
    assert row["reported_errors"] == 3 + 7
    assert row["size"] == 3 and row["style_humility"] == pytest.approx(0.403, abs=1e-6)


def test_team_frame_without_team_series_is_empty_but_keeps_its_columns(make_run):
    frame = frames.team_frame(open_run(make_run(team_series=False)), factors={"style": "x"})
    assert frame.empty and list(frame.columns[:4]) == ["week", "team", "style", "manager"]


def test_agent_frame_has_every_snapshot_variable_and_the_hierarchy(make_run):
    run = open_run(make_run())
    frame = frames.agent_frame(run)
    assert len(frame) == 2 * 15 and sorted(frame["week"].unique()) == [5, 10]
    assert {"parent", "depth", "team", "engagement", "hire_step"} <= set(frame.columns)
    ceo = frame[(frame["agent"] == 0) & (frame["week"] == 5)].iloc[0]
    assert np.isnan(ceo["trust_in_manager"]) and ceo["parent"] == -1
    agent = frame[(frame["agent"] == 7) & (frame["week"] == 10)].iloc[0]
    assert agent["engagement"] == pytest.approx(0.04 + 10 / 10000 + 7 / 100000, abs=1e-6)


def test_agent_frame_without_snapshots_says_why(make_run):
    path = make_run()
    with h5py.File(path, "a") as f:  # as the engine writes a run with agent_snapshot_every: 0
        del f["snapshots/agents"]
    run = open_run(path)
    with pytest.raises(KeyError, match="agent_snapshot_every"):
        frames.agent_frame(run)


def test_edge_frame_is_an_edge_list_with_teams(make_run):
    run = open_run(make_run())
    edges = frames.edge_frame(run, step=5)
    offsets, targets, _ = run.network()
    assert len(edges) == len(targets) and (edges["week"] == 5).all()
    assert edges["target"].tolist() == targets.tolist()
    team = run.agents["team"].to_numpy()
    assert (edges["source_team"].to_numpy() == team[edges["source"]]).all()
    assert edges.loc[4, "trust"] == pytest.approx(0.1 + 5 / 10000 + 4 / 1000000, abs=1e-6)


def test_xarray_has_named_dimensions_and_units(make_run):
    ds = frames.to_xarray(open_run(make_run()))
    assert dict(ds.sizes) == {"week": 10, "team": 5, "agent": 15, "snapshot_week": 2}
    assert ds["team_psychological_safety"].dims == ("week", "team")
    assert ds["agent_engagement"].dims == ("snapshot_week", "agent")
    assert ds["org_engagement"].attrs["units"] == "1"
    assert float(ds["org_engagement"].sel(week=4)) == pytest.approx(0.034)
    assert ds["team_size"].values.tolist() == [3, 3, 3, 3, 2]
    assert ds.attrs["scenario_name"] == "baseline"


# --- several runs: factors found from their scenarios ------------------------------------------

def test_differing_parameters_ignore_names_and_output_settings():
    a = flatten_config("name: a\nsteps: 10\nleadership: {style: humble}\noutput: {file: a.h5}\n")
    b = flatten_config("name: b\nsteps: 10\nleadership: {style: infallible}\noutput: {file: b.h5}\n")
    assert a["leadership.style"] == "humble"
    assert differing_parameters([a, b]) == ["leadership.style"]


def test_runset_groups_synthetic_runs_by_labels(make_run):
    paths = [make_run("a.h5", span=3), make_run("b.h5", span=4), make_run("c.h5", span=4)]
    runs = open_runs(paths, labels=["three", "four", "four"])
    assert runs.factor_names == ["organisation.span_of_control"]
    assert runs.design["organisation.span_of_control"].tolist() == [3, 4, 4]
    assert runs.groups == ["three", "four"]
    org = runs.org()
    assert list(org.columns[:3]) == ["run", "week", "group"]
    assert len(org) == 30 and set(org["group"]) == {"three", "four"}
    with pytest.raises(ValueError, match="2 labels for 3 run files"):
        open_runs(paths, labels=["a", "b"])


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    return small_runs(tmp_path_factory.mktemp("runs"), replicates=2)


def test_runset_of_real_runs_has_the_style_as_a_factor(cli_runs):
    runs = open_runs(cli_runs["infallible"] + cli_runs["humble"])
    assert runs.factor_names == ["leadership.style"]
    assert runs.groups == ["infallible", "humble"]
    assert runs.design["replicate"].tolist() == [0, 1, 0, 1]
    teams = runs.teams(["trust_in_manager"])
    n_teams = runs.runs[0].attrs["teams"]
    assert len(teams) == 4 * 8 * n_teams
    assert set(teams["leadership.style"]) == {"infallible", "humble"}
    agents = runs.agents(["trust_in_manager", "influence"])
    assert len(agents) == 4 * 2 * 200 and agents["influence"].notna().all()
    edges = runs.edges()
    assert (edges["week"] == 8).all() and edges["trust"].between(0, 1).all()
    # The long tables agree with the file, read with h5py alone.
    with h5py.File(cli_runs["humble"][1], "r") as f:
        expected = f["team/trust_in_manager"][-1]
    got = teams[(teams["run"] == 3) & (teams["week"] == 8)].sort_values("team")["trust_in_manager"]
    np.testing.assert_array_equal(got.to_numpy(), expected)


def test_runset_xarray_has_run_and_week(cli_runs):
    ds = open_runs(cli_runs["infallible"] + cli_runs["humble"]).to_xarray()
    assert dict(ds.sizes) == {"run": 4, "week": 8}
    assert ds["leadership.style"].values.tolist() == ["infallible"] * 2 + ["humble"] * 2
    mean = ds["trust_in_manager"].groupby("group").mean("run")
    assert mean.sizes == {"group": 2, "week": 8}


def test_truncated_run_file_is_refused_naming_it(cli_runs, tmp_path):
    data = cli_runs["humble"][0].read_bytes()
    broken = tmp_path / "broken.h5"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(NotATrustsimRunError, match="broken.h5"):
        open_run(broken)


# --- sweeps -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lhs_sweep(tmp_path_factory):
    return run_sweep(tmp_path_factory.mktemp("sweep"), "lhs", "{type: lhs, samples: 4}", WITH_STYLE,
                     replicates=2, run_files=True, snapshots=2)


def test_sweep_manifest_has_the_factors_in_file_order(lhs_sweep):
    sweep = open_sweep(lhs_sweep)
    assert sweep.factor_names == ["humility", "trust.forgetting", "leadership.style"]
    assert sweep.design == "lhs" and len(sweep.manifest) == 8
    plan = pd.read_csv(lhs_sweep / "plan.csv", float_precision="round_trip")
    np.testing.assert_array_equal(sweep.manifest["humility"].to_numpy(), plan["humility"].to_numpy())
    assert (sweep.manifest["status"] == "ok").all()
    assert sweep.factor_path("humility") == "leadership.overrides.humility"
    assert list(sweep.series_names[:2]) == ["trust_in_manager", "psychological_safety"]
    runs_csv = pd.read_csv(lhs_sweep / "runs.csv")
    np.testing.assert_allclose(sweep.summary["trust_in_manager_mean"].to_numpy(),
                               runs_csv["trust_in_manager_mean"].to_numpy())


def test_sweep_org_is_long_with_factor_columns(lhs_sweep):
    sweep = open_sweep(lhs_sweep)
    org = sweep.org(["trust_in_manager"])
    assert len(org) == 8 * 4
    assert list(org.columns) == ["run", "week", "humility", "trust.forgetting", "leadership.style",
                                 "replicate", "status", "trust_in_manager"]
    ds = sweep.to_xarray()
    assert dict(ds.sizes) == {"run": 8, "week": 4}
    assert ds["humility"].dims == ("run",)


def test_sweep_run_files_carry_the_manifest_factors(lhs_sweep):
    sweep = open_sweep(lhs_sweep)
    runs = sweep.runs()
    teams = runs.teams(["psychological_safety"])
    for run_index, humility in sweep.manifest["humility"].items():
        got = teams[runs.design.loc[teams["run"], "sweep_run"].to_numpy() == run_index]["humility"]
        assert (got == humility).all()
    # The run file's /org equals the sweep's row of the same run.
    np.testing.assert_array_equal(runs.runs[5].org["trust_in_manager"].to_numpy(),
                                  sweep.org(["trust_in_manager"]).query("run == 5")["trust_in_manager"])


def test_unfinished_and_foreign_sweep_directories_are_refused(tmp_path, make_run):
    with pytest.raises(FileNotFoundError, match="no such sweep directory"):
        open_sweep(tmp_path / "missing")
    unfinished = tmp_path / "unfinished"
    unfinished.mkdir()
    (unfinished / "plan.csv").write_text("run,point,replicate,seed\n")
    with pytest.raises(SweepDirectoryError, match="--resume"):
        open_sweep(unfinished)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    make_run("results.h5", directory=foreign)
    with pytest.raises(SweepDirectoryError, match="not a trustsim sweep"):
        open_sweep(foreign)
