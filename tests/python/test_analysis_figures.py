"""The figures (trustsim_analysis.figures) on runs and sweeps the real CLI writes: each draws
something, labels its axes with units in words, and a panel with nothing to draw says why."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_support import WITH_STYLE, run_sweep, small_runs
from trustsim_analysis import figures
from trustsim_analysis.figures.common import axis_label
from trustsim_analysis.runset import open_runs
from trustsim_analysis.sensitivity import SensitivityResult
from trustsim_analysis.sweep import open_sweep

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def texts(fig) -> str:
    """Every piece of text in the figure, for checking what it says."""
    parts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    for ax in fig.axes:
        parts += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
    return "\n".join(p for p in parts if p)


def check_png(fig, path):
    out = figures.save(fig, path)
    assert out.read_bytes()[:8] == PNG_SIGNATURE and out.stat().st_size > 5_000


@pytest.fixture(scope="module")
def runset(tmp_path_factory):
    paths = small_runs(tmp_path_factory.mktemp("figure-runs"), replicates=2)
    return open_runs(paths["infallible"] + paths["humble"])


@pytest.fixture(scope="module")
def bare_runset(tmp_path_factory):
    """Runs without snapshots, team series or influence: every optional panel is empty."""
    paths = small_runs(tmp_path_factory.mktemp("bare-runs"), 1, "output.agent_snapshot_every=0",
                       "output.edge_snapshot_every=0", "output.team_series=false",
                       "modules.influence=false")
    return open_runs(paths["infallible"] + paths["humble"])


def test_axis_labels_say_units_in_words():
    assert axis_label("trust_in_manager", "1", "mean") == "mean trust in own manager (score from 0 to 1)"
    assert axis_label("quit_rate", "1/week") == "leavers (share of staff per week)"
    assert axis_label("trust_in_manager_mean") == ("trust in own manager, mean of the last weeks\n"
                                                   "(score from 0 to 1)")
    assert axis_label("some_new_series", "1") == "some new series (dimensionless)"


def test_bands_show_both_styles_with_a_band_across_replicates(runset, tmp_path):
    fig = figures.plot_bands(runset.org(), units=runset.runs[0].units)
    text = texts(fig)
    assert "infallible (2 runs)" in text and "humble (2 runs)" in text
    assert "[1]" not in text and "score from 0 to 1" in text and "output units per week" in text
    assert "95 % CI across runs" in text
    bands = [c for ax in fig.axes for c in ax.collections]
    assert len(bands) == 4 * 2  # one band per group in each of the four panels
    check_png(fig, tmp_path / "bands.png")


def test_bands_mark_events_and_name_missing_series(runset, tmp_path):
    org = runset.org().drop(columns=["voice_rate"])
    events = runset.events().iloc[0:0]
    events.loc[0, ["week", "type", "target", "detail"]] = [4, "scandal", "unit 1", ""]
    fig = figures.plot_bands(org, ["trust_in_manager", "voice_rate"], events=events)
    text = texts(fig)
    assert "week 4: scandal (unit 1)" in text
    assert "nothing to show" in text and "voice_rate" in text


def test_distributions_network_and_influence_draw_real_runs(runset, tmp_path):
    fig = figures.plot_distributions(runset)
    assert "Trust in own manager across people (week 8)" in texts(fig)
    check_png(fig, tmp_path / "distributions.png")
    fig = figures.plot_unit_network(runset.runs[0])
    assert "Trust network of the unit led by agent" in texts(fig)
    assert "trust of the edge's source in its target (score from 0 to 1)" in texts(fig)
    check_png(fig, tmp_path / "network.png")
    fig = figures.plot_influence_vs_rank(runset)
    assert "formal rank (levels below the CEO)" in texts(fig)
    check_png(fig, tmp_path / "influence.png")


def test_a_unit_holds_whole_teams_and_fits_the_page(runset):
    from trustsim_analysis.figures.network import pick_unit, subtree

    run = runset.runs[0]
    head = pick_unit(run, max_people=60)
    members = subtree(run, head)
    assert 2 < len(members) <= 60
    parent = run.agents["parent"].to_numpy()
    assert all(parent[m] in members for m in members if m != head)


def test_panels_without_data_say_why(bare_runset):
    text = texts(figures.plot_distributions(bare_runset))
    assert "agent_snapshot_every" in text and "team_series" in text
    assert "edge_snapshot_every" in texts(figures.plot_unit_network(bare_runset.runs[0]))
    assert "modules.influence" in texts(figures.plot_influence_vs_rank(bare_runset))


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    return open_sweep(run_sweep(tmp_path_factory.mktemp("figure-sweep"), "lhs",
                                "{type: lhs, samples: 12}", WITH_STYLE, replicates=2))


def test_sweep_heatmap_and_response_curves(sweep, tmp_path):
    fig = figures.plot_heatmap(sweep, "humility", "leadership.style", "trust_in_manager_mean")
    text = texts(fig)
    assert "mean trust in own manager, mean of the last weeks\n(score from 0 to 1)" in text
    assert "n=" in text
    check_png(fig, tmp_path / "heatmap.png")
    fig = figures.plot_response(sweep, "humility", "psychological_safety_mean", by="leadership.style")
    assert "leadership.style humble" in texts(fig)
    check_png(fig, tmp_path / "response.png")
    fig = figures.plot_response_grid(sweep, "performance_mean")
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 3
    fig = figures.plot_sweep_bands(sweep, "leadership.style")
    assert "leadership.style = humble" in texts(fig) and "leadership.style = infallible" in texts(fig)
    fig = figures.plot_sweep_bands(sweep, "humility", bins=2)
    assert len({t for t in texts(fig).splitlines() if t.startswith("humility ")}) == 2


def test_heatmap_cells_without_runs_say_so(sweep):
    fig = figures.plot_heatmap(sweep, "humility", "trust.forgetting", "trust_in_manager_mean", bins=9)
    assert "no runs" in texts(fig)


def test_sensitivity_bar_chart(tmp_path):
    table = pd.DataFrame({"factor": ["a", "b"], "S1": [0.6, 0.2], "S1_low": [0.5, 0.1],
                          "S1_high": [0.7, 0.3], "ST": [0.7, 0.3], "ST_low": [0.6, 0.2],
                          "ST_high": [0.8, 0.4]})
    fig = figures.plot_sensitivity([SensitivityResult("sobol", "trust_in_manager_mean", table, 64)])
    text = texts(fig)
    assert "share of the output's variance (0 to 1)" in text and "total ST" in text
    check_png(fig, tmp_path / "sobol.png")
