# END-TO-END TESTS. They run the real trustsim binary, so they need the built engine: set
# TRUSTSIM_BIN to the trustsim executable (scripts/test does this). Without it every test here
# FAILS on purpose, with a message saying what to do, instead of being skipped, so that a CI job
# that forgot to build the engine cannot pass. Until the engine and configs/demo.yaml exist, these
# tests are expected to fail.
"""End-to-end tests: run the real trustsim binary and check its HDF5 output against docs/hdf5-layout.md.

The binary runs once per module (plus once more for the determinism test). The expected layout is
written out here, independently of trustsim_analysis and of the synthetic writer in conftest.py,
so that a mistake in either cannot hide a layout mismatch.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = PROJECT_ROOT / "configs" / "demo.yaml"

AGENTS, STEPS = 300, 20
AGENT_SNAPSHOT_STEPS = [5, 10, 15, 20]
EDGE_SNAPSHOT_STEPS = [10, 20]
OVERRIDES = (
    f"organisation.agents={AGENTS}", f"steps={STEPS}", "output.agent_snapshot_every=5",
    "output.edge_snapshot_every=10",
    # Pinned because the tests below check the team series and the gzip filter; a demo.yaml
    # that turns either off must not make these tests fail.
    "output.team_series=true", "output.compression_level=4",
)

ORG_METRICS = (
    "trust_in_manager", "psychological_safety", "engagement", "performance", "felt_trust",
    "turnover_intent", "reported_error_rate", "voice_rate", "quit_rate", "latent_errors",
    "manager_latent_cover", "decision_quality", "environment_state", "exploited_stake",
)
TEAM_SERIES = (
    "psychological_safety", "psafe_agreement", "intrateam_trust", "trust_in_manager", "engagement",
    "performance", "decision_quality", "reported_errors", "latent_errors", "learning_behaviour",
    "ideas", "voice_rate", "innovation_stock",
)
STYLE_DIMENSIONS = (
    "self_reflection", "balanced_perspective", "self_confidence", "humility", "infallibility",
    "trust_first",
)
AGENT_SNAPSHOT_VARS = (
    "trust_in_manager", "psychological_safety", "felt_trust", "engagement", "performance",
    "turnover_intent", "error_rate", "latent_errors", "ability", "character", "propensity",
    "return_fraction", "hire_step", "exchange_stake", "exchange_returned",
)
EDGE_SNAPSHOT_VARS = ("trust", "competence", "character")

STRING_ATTRS = (
    "format", "trustsim_version", "git_commit", "compiler", "build_type", "hdf5_version",
    "tbb_version", "yaml_cpp_version", "scenario_name", "model", "config_yaml", "start_time",
    "end_time",
)
NUMERIC_ATTRS = {
    "format_version": "int32", "seed": "uint64", "replicate": "uint32", "threads": "uint32",
    "agents": "uint32", "teams": "uint32", "steps_planned": "uint32",
    "steps_completed": "uint32", "edges": "uint64", "wall_seconds": "float64",
}
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


@dataclass
class EngineRun:
    """Outcome of one `trustsim run`: the output file, or why there is none."""

    path: Path | None = None
    problem: str | None = None

    def require(self) -> Path:
        """Returns the output file, or FAILS the calling test (never skips) with the reason."""
        if self.problem:
            pytest.fail(self.problem, pytrace=False)
        return self.path

    def open(self) -> h5py.File:
        """Opens the output file read-only; fails the calling test like `require`."""
        return h5py.File(self.require(), "r")


def find_binary() -> tuple[Path | None, str | None]:
    """Returns (trustsim executable from TRUSTSIM_BIN, None), or (None, a message saying what to do)."""
    value = os.environ.get("TRUSTSIM_BIN", "")
    if not value:
        return None, ("TRUSTSIM_BIN is not set: run scripts/test (it builds trustsim and sets it), "
                      "or set TRUSTSIM_BIN=/path/to/trustsim")
    binary = Path(value)
    if not binary.is_absolute() and not binary.exists():
        binary = PROJECT_ROOT / binary
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        return None, (f"TRUSTSIM_BIN={value} is not an executable file: run scripts/test, or set "
                      "TRUSTSIM_BIN to a built trustsim")
    return binary, None


def run_engine(directory: Path, name: str) -> EngineRun:
    """Runs the demo scenario with the test overrides into directory/name."""
    binary, problem = find_binary()
    if problem:
        return EngineRun(problem=problem)
    if not DEMO_CONFIG.is_file():
        return EngineRun(problem=f"{DEMO_CONFIG} does not exist")
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / name
    command = [str(binary), "run", str(DEMO_CONFIG), "-o", str(out)]
    for override in OVERRIDES:
        command += ["--set", override]
    try:
        result = subprocess.run(command, cwd=directory, capture_output=True, text=True,
                                timeout=600)
    except subprocess.TimeoutExpired:
        return EngineRun(problem=f"timed out after 600 s: {' '.join(command)}")
    if result.returncode != 0:
        return EngineRun(problem=f"exit code {result.returncode}: {' '.join(command)}\n"
                                 f"stderr:\n{result.stderr[-4000:]}")
    if not out.is_file():
        return EngineRun(problem=f"exit code 0 but {out} was not written: {' '.join(command)}")
    return EngineRun(path=out)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> EngineRun:
    """The demo run shared by this module's tests. It never raises: tests fail through EngineRun.open."""
    return run_engine(tmp_path_factory.mktemp("engine"), "demo.h5")


def same_type(dtype, expected: str) -> bool:
    """True when `dtype` has the kind and size of `expected`, in either byte order."""
    expected = np.dtype(expected)
    return dtype.kind == expected.kind and dtype.itemsize == expected.itemsize


def as_text(value) -> str:
    """Decodes a string attribute that may be str or bytes."""
    return value.decode() if isinstance(value, (bytes, np.bytes_)) else str(value)


def expected_layout(n_teams: int, n_edges: int) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Every documented dataset path mapped to its (dtype, shape) for this run."""
    T, N, S, S_e = STEPS, AGENTS, len(AGENT_SNAPSHOT_STEPS), len(EDGE_SNAPSHOT_STEPS)
    layout = {"org/step": ("int32", (T,))}
    layout |= {f"org/{m}": ("float64", (T,)) for m in ORG_METRICS}
    layout |= {f"team/{name}": ("uint32", (n_teams,)) for name in ("manager", "size", "depth")}
    layout |= {f"team/style/{d}": ("float32", (n_teams,)) for d in STYLE_DIMENSIONS}
    layout |= {f"team/{s}": ("float32", (T, n_teams)) for s in TEAM_SERIES}
    layout |= {"agents/parent": ("int32", (N,)), "agents/depth": ("uint32", (N,)),
               "agents/is_manager": ("uint8", (N,)), "agents/team": ("int32", (N,)),
               "agents/leads_team": ("int32", (N,))}
    layout |= {"snapshots/agents/step": ("int32", (S,))}
    layout |= {f"snapshots/agents/{v}": ("float32", (S, N)) for v in AGENT_SNAPSHOT_VARS}
    layout |= {"network/row_offsets": ("uint64", (N + 1,)),
               "network/col_index": ("uint32", (n_edges,)), "network/kind": ("uint8", (n_edges,))}
    layout |= {"snapshots/edges/step": ("int32", (S_e,))}
    layout |= {f"snapshots/edges/{v}": ("float32", (S_e, n_edges)) for v in EDGE_SNAPSHOT_VARS}
    return layout


def time_series_paths() -> list[str]:
    """Datasets whose first axis is time and so must be extendible, chunked and compressed."""
    return (["org/step"] + [f"org/{m}" for m in ORG_METRICS] + [f"team/{s}" for s in TEAM_SERIES]
            + ["snapshots/agents/step"] + [f"snapshots/agents/{v}" for v in AGENT_SNAPSHOT_VARS]
            + ["snapshots/edges/step"] + [f"snapshots/edges/{v}" for v in EDGE_SNAPSHOT_VARS])


def assert_in_unit_interval(values, what, allow_nan=False):
    """Asserts that every value lies in [0, 1], and that none is NaN unless `allow_nan` is set."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    if not allow_nan:
        assert finite.all(), f"{what}: {np.count_nonzero(~finite)} non-finite values"
    assert not np.isinf(values).any(), f"{what}: infinite values"
    bad = finite & ((values < 0) | (values > 1))
    assert not bad.any(), f"{what}: {np.count_nonzero(bad)} values outside [0, 1], e.g. {values[bad][:5]}"


# --- file and attributes -----------------------------------------------------------------------

def test_output_is_finished_and_no_partial_file_is_left(demo_run):
    path = demo_run.require()
    assert path.name == "demo.h5"
    leftovers = sorted(p.name for p in path.parent.glob("*.partial"))
    assert leftovers == [], f"unfinished files left behind: {leftovers}"


def test_root_attributes(demo_run):
    with demo_run.open() as f:
        missing = [a for a in STRING_ATTRS + tuple(NUMERIC_ATTRS) if a not in f.attrs]
        assert missing == [], f"missing root attributes: {missing}"
        for name in STRING_ATTRS:
            dtype = f.attrs.get_id(name).dtype
            assert h5py.check_string_dtype(dtype) is not None, f"{name} is not a string ({dtype})"
        for name, expected in NUMERIC_ATTRS.items():
            dtype = f.attrs.get_id(name).dtype
            assert same_type(dtype, expected), f"attribute {name} is {dtype}, expected {expected}"
        attrs = {name: f.attrs[name] for name in f.attrs}
        n_teams, n_edges = len(f["team/manager"]), len(f["network/col_index"])

    assert as_text(attrs["format"]) == "trustsim-run"
    assert attrs["format_version"] == 1
    assert attrs["agents"] == AGENTS
    assert attrs["steps_planned"] == STEPS
    assert attrs["steps_completed"] == attrs["steps_planned"]
    assert attrs["teams"] == n_teams
    assert attrs["edges"] == n_edges
    assert attrs["threads"] >= 1
    assert attrs["wall_seconds"] >= 0
    for name in ("trustsim_version", "git_commit", "compiler", "build_type", "hdf5_version",
                 "scenario_name", "model"):
        assert as_text(attrs[name]).strip(), f"attribute {name} is empty"
    start, end = as_text(attrs["start_time"]), as_text(attrs["end_time"])
    assert ISO_UTC.match(start), f"start_time {start!r} is not ISO-8601 UTC"
    assert ISO_UTC.match(end), f"end_time {end!r} is not ISO-8601 UTC"
    assert start[:19] <= end[:19]


def test_config_yaml_is_the_resolved_scenario(demo_run):
    with demo_run.open() as f:
        text = as_text(f.attrs["config_yaml"])
    assert re.search(r"^\s*agents:\s*300\s*$", text, re.MULTILINE), "config_yaml lacks 'agents: 300'"
    assert re.search(r"^\s*steps:\s*20\s*$", text, re.MULTILINE), "config_yaml lacks 'steps: 20'"
    try:
        import yaml
    except ImportError:
        return  # PyYAML is optional; the text checks above still ran
    config = yaml.safe_load(text)
    assert config["organisation"]["agents"] == AGENTS
    assert config["steps"] == STEPS
    assert config["output"]["agent_snapshot_every"] == 5
    assert config["output"]["edge_snapshot_every"] == 10


# --- datasets ----------------------------------------------------------------------------------

def test_every_documented_dataset_has_its_dtype_and_shape(demo_run):
    with demo_run.open() as f:
        layout = expected_layout(len(f["team/manager"]), len(f["network/col_index"]))
        problems = []
        for path, (dtype, shape) in layout.items():
            if path not in f:
                problems.append(f"{path}: missing")
                continue
            ds = f[path]
            if not same_type(ds.dtype, dtype):
                problems.append(f"{path}: dtype {ds.dtype}, expected {dtype}")
            if ds.shape != shape:
                problems.append(f"{path}: shape {ds.shape}, expected {shape}")
    assert problems == [], "\n".join(problems)


def test_every_dataset_has_units_and_description(demo_run):
    problems = []

    def check(name, obj):
        if isinstance(obj, h5py.Dataset):
            for attr in ("units", "description"):
                if attr not in obj.attrs:
                    problems.append(f"{name}: no {attr}")
                elif not as_text(obj.attrs[attr]).strip():
                    problems.append(f"{name}: empty {attr}")

    with demo_run.open() as f:
        f.visititems(check)
    assert problems == [], "\n".join(problems)


def test_time_series_are_extendible_chunked_and_compressed(demo_run):
    problems = []
    with demo_run.open() as f:
        for path in time_series_paths():
            if path not in f:
                continue  # reported by the dtype-and-shape test
            ds = f[path]
            if ds.maxshape[0] is not None:
                problems.append(f"{path}: time axis is not unlimited (maxshape {ds.maxshape})")
            if ds.chunks is None:
                problems.append(f"{path}: not chunked")
            if ds.compression != "gzip" or not ds.shuffle:
                problems.append(f"{path}: filters {ds.compression}, shuffle={ds.shuffle}")
    assert problems == [], "\n".join(problems)


def test_recorded_weeks(demo_run):
    with demo_run.open() as f:
        assert f["org/step"][()].tolist() == list(range(1, STEPS + 1))
        assert f["snapshots/agents/step"][()].tolist() == AGENT_SNAPSHOT_STEPS
        assert f["snapshots/edges/step"][()].tolist() == EDGE_SNAPSHOT_STEPS


# --- values ------------------------------------------------------------------------------------

def test_org_values_in_range(demo_run):
    with demo_run.open() as f:
        org = {m: f[f"org/{m}"][()] for m in ORG_METRICS}
    for m in ("trust_in_manager", "psychological_safety", "engagement", "felt_trust",
              "turnover_intent", "quit_rate", "decision_quality"):
        assert_in_unit_interval(org[m], f"/org/{m}")
    for m in ("reported_error_rate", "voice_rate"):  # NaN in a week without errors / ideas
        assert_in_unit_interval(org[m], f"/org/{m}", allow_nan=True)
    for m in ("latent_errors", "manager_latent_cover", "exploited_stake"):
        assert np.isfinite(org[m]).all() and (org[m] >= 0).all(), f"/org/{m}"
    for m in ("performance", "environment_state"):
        assert np.isfinite(org[m]).all(), f"/org/{m} has non-finite values"


def test_team_values_in_range(demo_run):
    with demo_run.open() as f:
        size = f["team/size"][()]
        series = {s: f[f"team/{s}"][()] for s in TEAM_SERIES}
        style = {d: f[f"team/style/{d}"][()] for d in STYLE_DIMENSIONS}
    single = size <= 1  # one-report teams have no within-team variance or peer edges
    for s in ("psychological_safety", "trust_in_manager", "engagement", "decision_quality"):
        assert_in_unit_interval(series[s], f"/team/{s}")
    assert_in_unit_interval(series["intrateam_trust"][:, ~single], "/team/intrateam_trust")
    agreement = series["psafe_agreement"][:, ~single]
    assert np.isfinite(agreement).all() and (agreement <= 1).all(), "/team/psafe_agreement"
    for s in ("reported_errors", "latent_errors", "learning_behaviour", "ideas"):
        counts = series[s]
        assert (counts >= 0).all() and (counts == np.round(counts)).all(), f"/team/{s} not counts"
    # A week's voice rate is NaN exactly where the team had no idea, a share in [0, 1] elsewhere,
    # and the voiced count it implies is at most the learning behaviour it is part of.
    ideas, rate = series["ideas"], series["voice_rate"]
    assert (np.isnan(rate) == (ideas == 0)).all(), "/team/voice_rate NaN where ideas > 0"
    assert_in_unit_interval(rate[ideas > 0], "/team/voice_rate")
    voiced = np.round(np.nan_to_num(rate) * ideas)
    assert (voiced <= series["learning_behaviour"]).all(), "/team/voice_rate above learning"
    assert np.isfinite(series["performance"]).all()
    assert np.isfinite(series["innovation_stock"]).all() and (series["innovation_stock"] >= 0).all()
    for d in STYLE_DIMENSIONS:
        assert_in_unit_interval(style[d], f"/team/style/{d}")


def test_agent_snapshot_values_in_range(demo_run):
    with demo_run.open() as f:
        snap = {v: f[f"snapshots/agents/{v}"][()] for v in AGENT_SNAPSHOT_VARS}
    # The CEO (agent 0) has no manager and takes no part in the members' week: its member-side
    # columns are NaN (docs/hdf5-layout.md).
    member_side = ("trust_in_manager", "psychological_safety", "felt_trust", "engagement", "turnover_intent")
    for v in member_side:
        assert_in_unit_interval(snap[v][:, 1:], f"snapshot {v}")
        assert np.isnan(snap[v][:, 0]).all(), f"snapshot {v} (CEO) should be NaN"
    for v in ("error_rate", "ability", "character", "propensity", "return_fraction"):
        assert_in_unit_interval(snap[v], f"snapshot {v}")
    assert (snap["latent_errors"] >= 0).all()
    # performance is NaN for the CEO and for a slot refilled in the snapshot's own week.
    hired_that_week = snap["hire_step"] == np.array(AGENT_SNAPSHOT_STEPS)[:, None]
    performance = snap["performance"][:, 1:]
    assert np.isfinite(performance[~hired_that_week[:, 1:]]).all()
    assert np.isnan(performance[hired_that_week[:, 1:]]).all()
    hire = snap["hire_step"]
    weeks = np.array(AGENT_SNAPSHOT_STEPS)[:, None]
    assert ((hire >= 0) & (hire <= weeks) & (hire == np.round(hire))).all(), "hire_step"
    # The week's trust-first exchange: the stake is the manager's trust, so in [0, 1]; what came
    # back is NaN exactly where nothing was sent, and at most the multiplied stake.
    stake, returned = snap["exchange_stake"][:, 1:], snap["exchange_returned"][:, 1:]
    assert_in_unit_interval(stake, "snapshot exchange_stake")
    assert np.isnan(snap["exchange_stake"][:, 0]).all(), "snapshot exchange_stake (CEO) should be NaN"
    assert (np.isnan(returned) == (stake == 0)).all(), "exchange_returned NaN where a stake was sent"
    assert (stake > 0).any(), "no trust-first exchange in any snapshot week"
    sent = stake > 0
    assert ((returned[sent] >= 0) & (returned[sent] <= 3 * stake[sent] + 1e-6)).all()


def test_edge_snapshot_values_in_range(demo_run):
    with demo_run.open() as f:
        for v in EDGE_SNAPSHOT_VARS:
            assert_in_unit_interval(f[f"snapshots/edges/{v}"][()], f"edge snapshot {v}")


# --- structure ---------------------------------------------------------------------------------

def test_hierarchy_tables_are_consistent(demo_run):
    with demo_run.open() as f:
        parent = f["agents/parent"][()].astype(np.int64)
        depth = f["agents/depth"][()].astype(np.int64)
        is_manager = f["agents/is_manager"][()].astype(bool)
        team = f["agents/team"][()].astype(np.int64)
        leads = f["agents/leads_team"][()].astype(np.int64)
        manager = f["team/manager"][()].astype(np.int64)
        size = f["team/size"][()].astype(np.int64)
        team_depth = f["team/depth"][()].astype(np.int64)
    assert parent[0] == -1 and depth[0] == 0 and team[0] == -1
    assert ((parent[1:] >= 0) & (parent[1:] < AGENTS)).all()
    assert (depth[1:] == depth[parent[1:]] + 1).all()
    has_reports = np.zeros(AGENTS, dtype=bool)
    has_reports[parent[1:]] = True
    assert (is_manager == has_reports).all()
    assert (leads[manager] == np.arange(len(manager))).all()
    assert (leads[~is_manager] == -1).all()
    assert (team[1:] == leads[parent[1:]]).all()
    assert (size == np.bincount(team[1:], minlength=len(manager))).all()
    assert (team_depth == depth[manager]).all()


def test_network_csr_is_consistent(demo_run):
    with demo_run.open() as f:
        row_offsets = f["network/row_offsets"][()].astype(np.int64)
        col_index = f["network/col_index"][()].astype(np.int64)
        kind = f["network/kind"][()]
        parent = f["agents/parent"][()].astype(np.int64)
    assert row_offsets[0] == 0
    assert row_offsets[-1] == len(col_index)
    assert (np.diff(row_offsets) >= 0).all()
    assert ((col_index >= 0) & (col_index < AGENTS)).all()
    source = np.repeat(np.arange(AGENTS), np.diff(row_offsets))
    assert not (source == col_index).any(), "self loops"
    assert len(np.unique(source * AGENTS + col_index)) == len(col_index), "duplicate edges"
    assert ((kind != 0) & ((kind & ~np.uint8(15)) == 0)).all(), "kind has unknown bits or is 0"

    is_mgr_edge = (kind & 1) != 0
    per_row = np.bincount(source[is_mgr_edge], minlength=AGENTS)
    assert per_row[0] == 0, "the CEO has a manager edge"
    assert (per_row[1:] == 1).all(), "every non-CEO row needs exactly one manager edge (flag 1)"
    assert (col_index[is_mgr_edge] == parent[source[is_mgr_edge]]).all()

    is_report_edge = (kind & 2) != 0
    assert (parent[col_index[is_report_edge]] == source[is_report_edge]).all()
    assert np.count_nonzero(is_report_edge) == AGENTS - 1, "one report edge per non-CEO agent"

    is_sibling_edge = (kind & 8) != 0
    s, t = source[is_sibling_edge], col_index[is_sibling_edge]
    assert (parent[s] == parent[t]).all() and (s != 0).all()


def test_same_command_twice_gives_identical_org_series(demo_run, tmp_path):
    again = run_engine(tmp_path, "again.h5")
    with demo_run.open() as first, again.open() as second:
        assert sorted(first["org"]) == sorted(second["org"])
        for name in first["org"]:
            a, b = first["org"][name][()], second["org"][name][()]
            assert np.array_equal(a, b, equal_nan=True), f"/org/{name} differs between runs"
