"""Tests of analysis/trustsim_analysis and analysis/plot_run.py on synthetic run files.

The files come from conftest.make_run. Their values follow the formulas in conftest's docstring,
so the expected numbers below are worked out by hand from those formulas. The default synthetic
organisation has 15 agents with span 3, so managers 0..4 lead teams 0..4 of sizes 3, 3, 3, 3, 2,
and it runs for 10 weeks with snapshots at weeks 5 and 10.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trustsim_analysis.load import ORG_METRICS
from trustsim_analysis import (
    NotATrustsimRunError,
    PartialRunError,
    RunFileError,
    open_run,
    plot_runs,
)

ANALYSIS_DIR = Path(__file__).resolve().parents[2] / "analysis"
PLOT_RUN = ANALYSIS_DIR / "plot_run.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path):
    """Returns (width, height) from a PNG's IHDR chunk, after checking the signature."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def run_cli(*args):
    """Runs plot_run.py with the current interpreter and returns the CompletedProcess."""
    return subprocess.run([sys.executable, str(PLOT_RUN), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


# --- loader ------------------------------------------------------------------------------------

def test_attrs_are_plain_python_values(make_run):
    run = open_run(make_run(scenario_name="humble"))
    assert run.attrs["format"] == "trustsim-run"
    assert run.attrs["format_version"] == 1
    assert run.attrs["seed"] == 42 and isinstance(run.attrs["seed"], int)
    assert run.attrs["agents"] == 15
    assert run.attrs["teams"] == 5
    assert run.attrs["steps_completed"] == run.attrs["steps_planned"] == 10
    assert run.attrs["wall_seconds"] == pytest.approx(3.25)
    assert run.scenario_name == "humble"
    assert run.complete
    assert "agents: 15" in run.config_yaml
    assert "name: humble" in run.config_yaml


def test_org_frame_is_indexed_by_week_with_every_metric(make_run):
    run = open_run(make_run(level=0.5))
    assert run.org.index.name == "step"
    assert run.org.index.tolist() == list(range(1, 11))
    assert list(run.org.columns) == list(ORG_METRICS)
    assert run.org.loc[4, "engagement"] == pytest.approx(0.534)      # 0.03 + 0.004 + 0.5
    assert run.org.loc[10, "trust_in_manager"] == pytest.approx(0.52)  # 0.01 + 0.010 + 0.5
    assert np.isnan(run.org.loc[1, "reported_error_rate"])
    assert run.org.loc[2, "reported_error_rate"] == pytest.approx(0.572)
    assert run.units["engagement"] == "1"


def test_team_series_is_weeks_by_teams(make_run):
    run = open_run(make_run())
    frame = run.team("intrateam_trust")
    assert frame.shape == (10, 5)
    assert frame.index.tolist() == list(range(1, 11))
    assert frame.columns.tolist() == [0, 1, 2, 3, 4]
    assert frame.loc[7, 3] == pytest.approx(0.03307)  # 0.03 + 3/1000 + 7/100000


def test_team_series_absent_raises_key_error(make_run):
    run = open_run(make_run(team_series=False))
    with pytest.raises(KeyError, match="team_series"):
        run.team("engagement")
    with pytest.raises(KeyError, match="unknown team series"):
        open_run(make_run("other.h5")).team("no_such_series")


def test_static_team_table(make_run):
    teams = open_run(make_run()).teams()
    assert teams["manager"].tolist() == [0, 1, 2, 3, 4]
    assert teams["size"].tolist() == [3, 3, 3, 3, 2]
    assert teams["depth"].tolist() == [0, 1, 1, 1, 2]
    assert teams.loc[2, "style_humility"] == pytest.approx(0.402)  # 4/10 + 2/1000


def test_agents_table_matches_hierarchy(make_run):
    agents = open_run(make_run()).agents
    assert len(agents) == 15
    assert agents.loc[0, "parent"] == -1 and agents.loc[0, "team"] == -1
    assert agents.loc[13, "parent"] == 4
    assert agents.loc[13, "team"] == 4
    assert agents.loc[4, "leads_team"] == 4 and agents.loc[4, "depth"] == 2
    assert agents["is_manager"].sum() == 5
    assert agents.loc[14, "leads_team"] == -1


def test_agent_snapshot_is_snapshot_weeks_by_agents(make_run):
    run = open_run(make_run())
    frame = run.agent_snapshot("psychological_safety")
    assert frame.shape == (2, 15)
    assert frame.index.tolist() == [5, 10]
    assert frame.loc[10, 7] == pytest.approx(0.02107)  # 0.02 + 10/10000 + 7/100000
    assert np.isnan(run.agent_snapshot("trust_in_manager").loc[5, 0])
    assert run.snapshot_steps("edges").tolist() == [5, 10]
    with pytest.raises(KeyError, match="unknown agent snapshot variable"):
        run.agent_snapshot("stress")


def test_network_and_edge_snapshot_line_up(make_run):
    run = open_run(make_run())
    row_offsets, col_index, kind = run.network()
    assert row_offsets[0] == 0 and row_offsets[-1] == len(col_index)
    assert col_index[:4].tolist() == [1, 2, 3, 7]   # CEO: reports 1, 2, 3 and lateral tie to 7
    assert kind[:4].tolist() == [2, 2, 2, 4]
    assert run.edge_snapshot("trust")[0] == pytest.approx(0.101)          # last snapshot: 10
    assert run.edge_snapshot("competence", step=5)[0] == pytest.approx(0.2005)
    with pytest.raises(KeyError, match="no edge snapshot at week 7"):
        run.edge_snapshot("trust", step=7)

    edges = run.edges(step=10)
    assert len(edges) == len(col_index)
    manager_edge = edges[(edges.source == 13) & (edges.target == 4)]
    assert manager_edge["kind"].tolist() == [1]
    both = edges[(edges.source == 2) & (edges.target == 9)]
    assert both["kind"].tolist() == [2 | 4]       # direct report that is also a lateral tie
    assert edges["trust"].iloc[0] == pytest.approx(0.101)


@pytest.mark.parametrize("variable_length", [False, True])
def test_string_attributes_are_decoded_to_str(make_run, variable_length):
    run = open_run(make_run(variable_length_strings=variable_length, scenario_name="fixed"))
    assert run.attrs["format"] == "trustsim-run"
    assert run.scenario_name == "fixed"
    assert isinstance(run.config_yaml, str) and "agents: 15" in run.config_yaml
    assert run.units["voice_rate"] == "1"


def test_truncated_run_is_readable_but_not_complete(make_run):
    run = open_run(make_run(steps_completed=7))
    assert not run.complete


# --- refusals ----------------------------------------------------------------------------------

def test_partial_file_is_refused(make_run):
    path = make_run(partial=True)
    assert path.name == "run.h5.partial"
    with pytest.raises(PartialRunError, match="unfinished"):
        open_run(path)


def test_final_name_of_a_partial_run_is_refused_as_unfinished(make_run):
    path = make_run(partial=True)
    with pytest.raises(PartialRunError, match="not finished yet"):
        open_run(path.with_name("run.h5"))


def test_wrong_format_is_refused(make_run):
    with pytest.raises(NotATrustsimRunError, match="not a trustsim run file"):
        open_run(make_run(fmt="some-other-format"))


def test_newer_format_version_is_refused(make_run):
    with pytest.raises(NotATrustsimRunError, match="format_version 2"):
        open_run(make_run(format_version=2))


def test_non_hdf5_file_is_refused(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("not hdf5\n")
    with pytest.raises(NotATrustsimRunError, match="not an HDF5 file"):
        open_run(path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_run(tmp_path / "absent.h5")


def test_refusals_share_one_base_class():
    assert issubclass(PartialRunError, RunFileError)
    assert issubclass(NotATrustsimRunError, RunFileError)


# --- plotting ----------------------------------------------------------------------------------

def test_plot_runs_writes_png(make_run, tmp_path):
    a = make_run("a.h5", scenario_name="humble", level=0.2)
    b = make_run("b.h5", scenario_name="infallible", steps=12)
    out = plot_runs([a, b], out_png=tmp_path / "figs" / "compare.png")
    assert out == tmp_path / "figs" / "compare.png"
    width, height = png_size(out)
    assert width > 0 and height > 0


def test_plot_runs_checks_label_count(make_run, tmp_path):
    with pytest.raises(ValueError, match="2 labels for 1 runs"):
        plot_runs([make_run()], labels=["a", "b"], out_png=tmp_path / "x.png")


def test_plot_runs_refuses_partial(make_run, tmp_path):
    with pytest.raises(PartialRunError):
        plot_runs([make_run(partial=True)], out_png=tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


# --- command line ------------------------------------------------------------------------------

def test_cli_help_explains_itself():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "usage: plot_run.py" in result.stdout
    assert "--labels" in result.stdout and ".partial" in result.stdout


def test_cli_plots_and_prints_path(make_run, tmp_path):
    a, b = make_run("a.h5"), make_run("b.h5", level=0.1)
    out = tmp_path / "out.png"
    result = run_cli(a, b, "-o", out, "--labels", "first,second")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    width, height = png_size(out)
    assert width > 0 and height > 0


def test_cli_missing_file_exits_2(tmp_path):
    result = run_cli(tmp_path / "absent.h5", "-o", tmp_path / "out.png")
    assert result.returncode == 2
    assert "absent.h5: no such file" in result.stderr
    assert not (tmp_path / "out.png").exists()


def test_cli_partial_file_exits_2(make_run, tmp_path):
    result = run_cli(make_run(partial=True), "-o", tmp_path / "out.png")
    assert result.returncode == 2
    assert "unfinished" in result.stderr


def test_cli_foreign_file_exits_2(make_run, tmp_path):
    result = run_cli(make_run(fmt="other"), "-o", tmp_path / "out.png")
    assert result.returncode == 2
    assert "not a trustsim run file" in result.stderr


def test_cli_label_count_mismatch_exits_2(make_run, tmp_path):
    result = run_cli(make_run(), "-o", tmp_path / "out.png", "--labels", "a,b")
    assert result.returncode == 2
    assert "2 labels for 1 run files" in result.stderr


def test_org_frame_round_trips_through_pandas(make_run):
    frame = open_run(make_run()).org
    assert isinstance(frame, pd.DataFrame)
    assert frame.dtypes.eq(np.float64).all()
