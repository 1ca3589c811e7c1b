"""The `trustsim` Python module (python/, docs/python.md): a run in memory equals the CLI's file bit
for bit, scenario text and overrides, validate()'s messages are the CLI's, the GIL is released
while simulating, and a sweep driven from Python equals the CLI's."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

from trustsim_cli import BIN, ROOT

# The module is built next to the binary under test: build/<preset>/python/trustsim.
MODULE_DIR = Path(BIN).resolve().parent / "python"
sys.path.insert(0, str(MODULE_DIR))
try:
    import trustsim
except ImportError as error:  # a clear failure, not a skip: the module is part of the build
    pytest.fail(f"cannot import trustsim from {MODULE_DIR} ({error}); build it with scripts/build release",
                allow_module_level=True)

NEW_CEO = ROOT / "configs" / "scenarios" / "new_ceo.yaml"
#: new_ceo at a tenth of its size, through its week-52 event: events, snapshots and team series.
SMALL = {"organisation.agents": 300, "steps": 56}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def cli_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("binding") / "new_ceo.h5"
    sets = [a for key, value in SMALL.items() for a in ("--set", f"{key}={value}")]
    result = cli("run", NEW_CEO, "-o", out, "-q", "--seed", "5", *sets)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def in_memory() -> trustsim.Result:
    return trustsim.run(NEW_CEO, overrides=SMALL, seed=5, threads=2)


def file_datasets(path: Path) -> dict[str, np.ndarray]:
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, item):
            if isinstance(item, h5py.Dataset) and item.dtype.kind != "S" and item.dtype.kind != "O":
                out["/" + name] = item[()]
        f.visititems(visit)
    return out


def test_run_in_memory_equals_the_cli_file_bit_for_bit(cli_file, in_memory):
    # The sampled edges' weekly changes are written to files only (docs/python.md).
    from_file = {k: v for k, v in file_datasets(cli_file).items() if not k.startswith("/edge_sample/")}
    arrays = in_memory.arrays()
    assert set(from_file) == set(arrays)
    for name, values in from_file.items():
        got = arrays[name]
        assert got.dtype == values.dtype and got.shape == values.shape, name
        assert got.tobytes() == values.tobytes(), f"{name} differs from the CLI's file"
    with h5py.File(cli_file, "r") as f:
        text = lambda v: v.decode() if isinstance(v, bytes) else v  # noqa: E731 (h5py gives either)
        assert in_memory.config_yaml == text(f.attrs["config_yaml"])
        for key in ("seed", "replicate", "agents", "teams", "edges", "steps_planned"):
            assert in_memory.attrs[key] == f.attrs[key], key
        assert list(in_memory.events["type"]) == [text(t) for t in f["events/type"][()]]
        assert list(in_memory.events["detail"]) == [text(t) for t in f["events/detail"][()]]


def test_results_are_dataframes_named_like_the_file(in_memory):
    assert in_memory.completed and in_memory.scenario_name == "new_ceo"
    assert list(in_memory.org.index) == list(range(1, 57))
    assert {"trust_in_manager", "psychological_safety", "engagement", "performance"} <= set(in_memory.org.columns)
    teams = int(in_memory.attrs["teams"])
    assert in_memory.team("psychological_safety").shape == (56, teams)
    snapshot = in_memory.agent_snapshot("trust_in_manager")
    assert list(snapshot.index) == [13, 26, 39, 52, 56] and snapshot.shape[1] == 300
    assert in_memory.teams()["style_humility"].shape == (teams,)
    assert list(in_memory.events.columns) == ["week", "type", "target", "detail"]
    assert list(in_memory.events["week"]) == [52] * 8
    row_offsets, col_index, kind = in_memory.network()
    assert row_offsets[-1] == len(col_index) == len(kind) == in_memory.edge_snapshot("trust").shape[0]
    with pytest.raises(KeyError, match="unknown team series 'nope'"):
        in_memory.team("nope")


def test_thread_count_and_a_second_run_change_nothing(in_memory):
    again = trustsim.run(NEW_CEO, overrides=SMALL, seed=5, threads=1)
    for name, values in in_memory.arrays().items():
        assert again.arrays()[name].tobytes() == values.tobytes(), name


def test_overrides_seed_and_scenario_text():
    text = "name: tiny\nmodel: core\nsteps: 6\norganisation: {agents: 60}\nleadership: {style: humble}\n"
    humble = trustsim.run(text)
    assert humble.scenario_name == "tiny" and len(humble.org) == 6 and humble.attrs["agents"] == 60
    infallible = trustsim.run(text, {"leadership.style": "infallible"})
    assert not humble.org["trust_in_manager"].equals(infallible.org["trust_in_manager"])
    reseeded = trustsim.run(text, seed=99)
    assert reseeded.attrs["seed"] == 99 and not reseeded.org.equals(humble.org)
    assert trustsim.run(text).org.equals(humble.org)
    with_event = trustsim.run(text, {"events": [{"week": 3, "type": "scandal", "target": "all"}],
                                     "modules.turnover": False})
    assert list(with_event.events["type"]) == ["scandal"]
    assert "turnover: false" in with_event.config_yaml


@pytest.mark.parametrize("content", [
    "name: bad\nsteps: 4\nleadership:\n  style: arrogant\n",
    "name: bad\nsteps: 4\norganisation:\n  agents: -3\n",
    "name: bad\nsteps: 4\nsurprise: 1\n",
])
def test_validate_raises_the_clis_message(tmp_path, content):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    result = cli("validate", bad)
    assert result.returncode == 2
    cli_message = result.stderr.strip().removeprefix("error: ")
    assert cli_message.startswith(f"{bad}:")
    for scenario in (bad, str(bad)):
        with pytest.raises(trustsim.ConfigError) as error:
            trustsim.validate(scenario)
        assert str(error.value) == cli_message
    with pytest.raises(trustsim.ConfigError) as from_text:
        trustsim.run(content)
    assert str(from_text.value) == cli_message.replace(str(bad), trustsim.SCENARIO_TEXT, 1)
    assert isinstance(from_text.value, ValueError)


def test_validate_names_a_bad_override_and_accepts_good_ones():
    demo = ROOT / "configs" / "demo.yaml"
    with pytest.raises(trustsim.ConfigError, match=r"overrides\['organisation.agents'\]: .*got -5"):
        trustsim.validate(demo, {"organisation.agents": -5})
    with pytest.raises(trustsim.ConfigError, match=r"leadership.overrides.humility must be in \[0, 1\], got 1.5"):
        trustsim.validate(demo, {"leadership.overrides": {"humility": 1.5}})
    with pytest.raises(trustsim.ConfigError, match="no_such_file.yaml"):
        trustsim.validate("no_such_file.yaml")
    summary = trustsim.validate(demo, {"organisation.agents": 500}, seed=3)
    assert (summary["name"], summary["agents"], summary["seed"]) == ("demo", 500, 3)


def test_run_releases_the_gil():
    counter = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            counter[0] += 1

    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = counter[0]
        trustsim.run(ROOT / "configs" / "demo.yaml", {"steps": 30, "output.agent_snapshot_every": 0,
                                                      "output.edge_snapshot_every": 0}, threads=1)
        during = counter[0] - before  # read at once: this thread holds the GIL again
    finally:
        stop.set()
        thread.join()
    # Holding the GIL through the run would leave the counter where it was.
    assert during > 1000


SWEEP = """name: from_python
scenario: {scenario}
set:
  organisation.agents: 40
  steps: 4
  output.agent_snapshot_every: 0
  output.edge_snapshot_every: 0
seed: 5
replicates: 2
design: {{type: grid}}
factors:
  - {{path: leadership.style, levels: [infallible, humble]}}
summary:
  last_weeks: 2
output:
  run_files: false
"""


def test_sweep_from_python_equals_the_clis(tmp_path):
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(SWEEP.format(scenario=ROOT / "configs" / "demo.yaml"))
    table = trustsim.sweep(sweep_file, tmp_path / "py", workers=2)
    assert len(table) == 4 and set(table["leadership.style"]) == {"infallible", "humble"}
    result = cli("sweep", sweep_file, "-o", tmp_path / "cli", "-q")
    assert result.returncode == 0, result.stderr
    from_cli = pd.read_csv(tmp_path / "cli" / "runs.csv")
    timing = [c for c in table.columns if "second" in c or "time" in c]
    pd.testing.assert_frame_equal(table.drop(columns=timing), from_cli.drop(columns=timing))
    with pytest.raises(ValueError, match="sweep"):
        trustsim.sweep(sweep_file, tmp_path / "cli")  # a finished sweep is not started over silently


def test_ctrl_c_stops_a_run():
    import os
    import signal

    # Sent while the run simulates (the timer's thread runs only once run() has released the
    # GIL); the run would otherwise take minutes.
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            trustsim.run(ROOT / "configs" / "demo.yaml", {"steps": 100000, "output.team_series": False,
                                                          "output.agent_snapshot_every": 0,
                                                          "output.edge_snapshot_every": 0}, threads=1)
    finally:
        timer.cancel()
