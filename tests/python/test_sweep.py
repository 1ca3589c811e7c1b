"""The sweep runner end to end through the CLI: resume after SIGKILL, MPI, shards and merge,
failed runs and --retry-failed, directory refusal. Results are compared bit for bit: every
dataset of results.h5 except the two that record how a run was executed (wall_seconds, threads),
and runs.csv byte for byte."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TRUSTSIM_BIN", str(ROOT / "build" / "release" / "trustsim"))
RESUME = ROOT / "tests" / "data" / "sweeps" / "resume.yaml"
RUN_FILES = ROOT / "tests" / "data" / "sweeps" / "run-files.yaml"
EXECUTION_ONLY = {"manifest/wall_seconds", "manifest/threads"}


def sweep(*args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([BIN, "sweep", *map(str, args)], capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"trustsim sweep {args} exited {result.returncode}:\n{result.stderr}")
    return result


def datasets(path: Path) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name not in EXECUTION_ONLY:
                out[name] = obj.asstr()[()] if h5py.check_string_dtype(obj.dtype) else obj[()]
        f.visititems(visit)
    return out


def assert_same_results(a: Path, b: Path) -> None:
    assert (a / "runs.csv").read_bytes() == (b / "runs.csv").read_bytes()
    da, db = datasets(a / "results.h5"), datasets(b / "results.h5")
    assert da.keys() == db.keys()
    for name in da:
        # NaN marks undefined weeks; equal_nan keeps the comparison exact elsewhere.
        assert np.array_equal(da[name], db[name], equal_nan=da[name].dtype.kind == "f"), name


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "sweep"
    sweep(RESUME, "-o", out, "-q")
    return out


def test_reference_sweep_is_complete_and_tidy(reference):
    runs = pd.read_csv(reference / "runs.csv")
    assert len(runs) == 24
    assert list(runs["run"]) == list(range(24))
    assert (runs["status"] == "ok").all()
    assert set(runs["trust.mode"]) == {"slow", "swift"}
    # Replicates of a point share factor values and seed, and differ in results.
    first = runs[runs["point"] == 0]
    assert first["seed"].nunique() == 1 and first["leadership.overrides.humility"].nunique() == 1
    assert first["trust_in_manager_final"].nunique() == 2
    with h5py.File(reference / "results.h5", "r") as f:
        assert f.attrs["format"] == "trustsim-sweep"
        assert f["org/trust_in_manager"].shape == (24, 40)
        assert f["manifest/run"].shape == (24,)
        # The summary is the mean of the last K weeks of the stored series.
        series = f["org/trust_in_manager"][()]
        assert np.allclose(f["summary/trust_in_manager_mean"][()], series[:, -8:].mean(axis=1), rtol=0, atol=1e-12)


def journal_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in (directory / "journal").glob("*.bin")) if (directory / "journal").is_dir() else 0


# Kill points: at once (before any run is recorded), and once the journal holds about a quarter,
# a half and seven eighths of the 24 records (about 4.2 kB each).
@pytest.mark.parametrize("kill_at_bytes", [0, 25_000, 50_000, 88_000])
def test_resume_after_sigkill_is_bit_identical(reference, tmp_path, kill_at_bytes):
    out = tmp_path / "killed"
    proc = subprocess.Popen([BIN, "sweep", str(RESUME), "-o", str(out), "-q"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while kill_at_bytes and journal_bytes(out) < kill_at_bytes and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the sweep finished before it could be killed"
    assert not (out / "results.h5").exists() and not (out / "runs.csv").exists()
    if kill_at_bytes:
        assert journal_bytes(out) >= kill_at_bytes
        refused = sweep(RESUME, "-o", out, check=False)
        assert refused.returncode == 2 and "--resume" in refused.stderr
    resumed = sweep(RESUME, "-o", out, "--resume")
    assert "recorded before" in resumed.stderr
    assert_same_results(reference, out)


def test_a_torn_journal_record_is_ignored_and_rerun(reference, tmp_path):
    out = tmp_path / "torn"
    shutil.copytree(reference, out)
    (out / "results.h5").unlink()
    (out / "runs.csv").unlink()
    journal = next((out / "journal").iterdir())
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) - 100])  # cut the last record short, as a kill would
    result = sweep(RESUME, "-o", out, "--resume")
    assert "recorded before" in result.stderr and "ran 1 (0 failed)" in result.stderr
    assert_same_results(reference, out)


def test_mpi_two_ranks_give_the_serial_table(reference, tmp_path):
    mpirun = shutil.which("mpirun")
    assert mpirun, "mpirun is missing: scripts/install-deps installs openmpi-bin"
    out = tmp_path / "mpi"
    command = [mpirun, "-n", "2", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    result = subprocess.run([*command, BIN, "sweep", str(RESUME), "-o", str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "on each of 2 MPI ranks" in result.stderr
    # Rank 0's summary counts the runs of both ranks.
    assert "ran 24 (0 failed)" in result.stderr
    # Both ranks ran runs: two journals.
    assert len(list((out / "journal").iterdir())) == 2
    assert_same_results(reference, out)


def test_shards_merge_into_the_unsharded_table(reference, tmp_path):
    shards = [tmp_path / f"shard{i}" for i in range(3)]
    for i, directory in enumerate(shards):
        sweep(RESUME, "-o", directory, "--shard", f"{i}/3", "-q")
        runs = pd.read_csv(directory / "runs.csv")
        assert (runs["run"] % 3 == i).all() and len(runs) == 8
    merged = tmp_path / "merged"
    partial = subprocess.run([BIN, "sweep-merge", str(RESUME), str(shards[0]), str(shards[1]), "-o", str(merged)],
                             capture_output=True, text=True)
    assert partial.returncode == 2 and "8 of 24 runs are in none" in partial.stderr
    result = subprocess.run([BIN, "sweep-merge", str(RESUME), *map(str, shards), "-o", str(merged)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert_same_results(reference, merged)
    # The merged directory is a sweep directory like any other: resuming it runs nothing.
    resumed = subprocess.run([BIN, "sweep", str(RESUME), "-o", str(merged), "--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "24 recorded before, ran 0 (0 failed)" in resumed.stderr
    assert_same_results(reference, merged)


def test_a_failed_run_is_recorded_and_retried_alone(tmp_path):
    out = tmp_path / "failing"
    # A directory where run 3's file should go makes that run, and only it, fail to write.
    blocker = out / "runs" / "run-000003.h5"
    blocker.mkdir(parents=True)
    result = sweep(RUN_FILES, "-o", out, "--force", check=False)
    assert result.returncode == 1
    assert "1 of 6 runs failed" in result.stderr
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs.loc[runs["status"] == "failed", "run"]) == [3]
    assert "run-000003.h5" in runs.loc[3, "error"]
    assert runs.loc[3, ["trust_in_manager_final"]].isna().all()
    others = sorted(p.name for p in (out / "runs").glob("run-*.h5") if p.is_file())
    assert others == [f"run-{i:06d}.h5" for i in (0, 1, 2, 4, 5)]
    blocker.rmdir()
    retried = sweep(RUN_FILES, "-o", out, "--retry-failed")
    assert "ran 1 (0 failed)" in retried.stderr
    runs = pd.read_csv(out / "runs.csv")
    assert (runs["status"] == "ok").all()
    assert (out / "runs" / "run-000003.h5").is_file()


def test_a_directory_with_another_sweep_is_refused_untouched(reference, tmp_path):
    out = tmp_path / "other"
    shutil.copytree(reference, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = sweep(RUN_FILES, "-o", out, check=False)
    assert result.returncode == 2
    assert "holds a different sweep" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    result = sweep(RUN_FILES, "-o", foreign, check=False)
    assert result.returncode == 2 and "not a trustsim sweep" in result.stderr


def test_a_bad_sweep_file_points_at_the_line_and_runs_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"scenario: {ROOT / 'configs' / 'demo.yaml'}\n"
        "design: {type: lhs, samples: 4}\n"
        "factors:\n"
        "  - path: leadership.overrides.humility\n"
        "    range: [0, 1.5]\n"
    )
    result = sweep(bad, "-o", tmp_path / "out", check=False)
    assert result.returncode == 2
    assert f"{bad}:5:12:" in result.stderr and "in [0, 1]" in result.stderr
    assert not (tmp_path / "out").exists()
