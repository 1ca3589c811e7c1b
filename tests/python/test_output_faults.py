# END-TO-END TESTS of what `trustsim run` leaves behind when its output cannot be written. They run
# the real binary: set TRUSTSIM_BIN (scripts/test does this). Without it every test here FAILS on
# purpose, like test_engine_output.py, so that a CI job that forgot to build cannot pass.
"""A run never leaves a file under its final name unless all of it was written.

* A full disk: a small tmpfs when root (CI), and always a file size limit (RLIMIT_FSIZE with
  SIGXFSZ ignored, so writes fail with EFBIG). Either way: exit 1, a message naming the file,
  and neither NAME nor NAME.partial left behind.
* A bad -o (a device, a directory, a FIFO, the scenario file itself) is refused before the run:
  exit 2, a message naming the path, and the target untouched.
* A normal run still writes NAME and no NAME.partial.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
from pathlib import Path

import h5py
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_CONFIG = PROJECT_ROOT / "configs" / "demo.yaml"
SMALL_RUN = ["--set", "organisation.agents=300", "--set", "steps=5"]

# The demo run writes about 1.7 MB, all of it from HDF5's caches when the file is closed; the wide
# run writes several MB of network arrays while it starts. 512 KiB holds neither.
FULL_DISK_BYTES = 512 * 1024
FILLING_RUNS = {
    "fails-at-close": [],
    "fails-at-start": ["--set", "organisation.agents=70000", "--set", "steps=2"],
}


@pytest.fixture(scope="module")
def binary() -> Path:
    value = os.environ.get("TRUSTSIM_BIN", "")
    if not value:
        pytest.fail("TRUSTSIM_BIN is not set: run scripts/test, or set TRUSTSIM_BIN=/path/to/trustsim")
    path = Path(value)
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"TRUSTSIM_BIN={value} is not an executable file")
    return path


def run_trustsim(binary: Path, config: Path, output: Path, extra=(), preexec_fn=None):
    command = [str(binary), "run", str(config), "-o", str(output), "--quiet", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=preexec_fn)


def limit_file_size() -> None:
    """In the child: files may not grow past FULL_DISK_BYTES, and a write that would fails (EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FULL_DISK_BYTES, hard))


@pytest.fixture(params=["tmpfs", "file-size-limit"])
def full_disk(request, tmp_path):
    """Yields (directory, preexec_fn, expected reason) for a place where the run cannot fit."""
    directory = tmp_path / "disk"
    directory.mkdir()
    if request.param == "file-size-limit":
        yield directory, limit_file_size, "File too large"
        return
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the file-size-limit case covers a full disk here")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={FULL_DISK_BYTES}", "tmpfs", str(directory)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({mounted.stderr.strip()}); the file-size-limit case covers a full disk")
    try:
        yield directory, None, "No space left on device"
    finally:
        subprocess.run(["umount", str(directory)], check=True)


@pytest.mark.parametrize("overrides", FILLING_RUNS.values(), ids=FILLING_RUNS.keys())
def test_a_run_that_does_not_fit_exits_1_and_leaves_nothing(binary, full_disk, overrides):
    directory, preexec_fn, reason = full_disk
    output = directory / "full.h5"
    result = run_trustsim(binary, DEMO_CONFIG, output, overrides, preexec_fn)
    assert result.returncode == 1, result.stderr
    assert f"cannot write {output}: {reason}" in result.stderr
    assert "nothing was left under that name" in result.stderr
    assert "Traceback" not in result.stderr and "Segmentation" not in result.stderr
    assert not output.exists()
    assert not Path(f"{output}.partial").exists()
    assert list(directory.iterdir()) == []  # no probe file either


def test_a_checkpoint_that_does_not_fit_exits_1_and_leaves_nothing(binary, full_disk):
    # The run file of the first week fits; the 0.9 MB checkpoint of 2,000 agents does not.
    directory, preexec_fn, reason = full_disk
    output = directory / "run.h5"
    result = run_trustsim(binary, DEMO_CONFIG, output, ["--set", "steps=3", "--checkpoint-every", "1"], preexec_fn)
    assert result.returncode == 1, result.stderr
    assert f"cannot write checkpoint {directory}/run.week1.checkpoint.h5" in result.stderr
    assert reason in result.stderr
    assert "Segmentation" not in result.stderr
    assert list(directory.iterdir()) == []  # no checkpoint, no run file, no partial files


def test_output_onto_a_device_node_is_refused(binary, tmp_path):
    # A private null device when root: a regression here must not be able to replace the
    # machine's /dev/null (an old build renamed its output over it). Without root the rename
    # over /dev/null would fail anyway, so /dev/null itself is safe to aim at.
    device = Path("/dev/null")
    if os.geteuid() == 0:
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = run_trustsim(binary, DEMO_CONFIG, device)
    assert result.returncode == 2, result.stderr
    assert f"cannot write output to {device}: it is a character device" in result.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not Path(f"{device}.partial").exists()


def test_output_onto_a_directory_is_refused(binary, tmp_path):
    target = tmp_path / "results"
    target.mkdir()
    result = run_trustsim(binary, DEMO_CONFIG, target)
    assert result.returncode == 2, result.stderr
    assert f"cannot write output to {target}: it is a directory" in result.stderr
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results"]


def test_output_onto_a_fifo_is_refused_without_opening_it(binary, tmp_path):
    target = tmp_path / "pipe.h5"
    os.mkfifo(target)
    result = run_trustsim(binary, DEMO_CONFIG, target)  # opening a FIFO would block: the timeout catches it
    assert result.returncode == 2, result.stderr
    assert f"cannot write output to {target}: it is a FIFO" in result.stderr
    assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_output_onto_the_scenario_file_is_refused(binary, tmp_path):
    scenario = tmp_path / "scenario.yaml"
    shutil.copyfile(DEMO_CONFIG, scenario)
    before = scenario.read_bytes()
    result = run_trustsim(binary, scenario, scenario)
    assert result.returncode == 2, result.stderr
    assert f"cannot write output to {scenario}: it is the input file" in result.stderr
    assert scenario.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_a_normal_run_writes_the_file_and_no_partial(binary, tmp_path):
    output = tmp_path / "out" / "run.h5"  # the missing directory is created
    result = run_trustsim(binary, DEMO_CONFIG, output, SMALL_RUN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(output)
    assert not Path(f"{output}.partial").exists()
    assert sorted(p.name for p in output.parent.iterdir()) == ["run.h5"]
    with h5py.File(output, "r") as f:
        assert f.attrs["steps_completed"] == f.attrs["steps_planned"] == 5
