"""Every ```python and ```r snippet of docs/hdf5-layout.md runs as written against the files
`scripts/demo` really writes (out/demo/demo.h5, humble.h5 and infallible.h5): the fixture runs the
demo into a temporary directory. R runs through Rscript with hdf5r, rhdf5 and Matrix
(scripts/install-deps installs them). Julia's snippet is not run: Debian has no Julia package."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TRUSTSIM_BIN", str(ROOT / "build" / "release" / "trustsim"))
DOC = ROOT / "docs" / "hdf5-layout.md"
PYTHON = "/usr/bin/python3"


def blocks_of(language: str) -> list[tuple[int, str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```" + language:
            start = i + 1
            end = start
            while lines[end].strip() != "```":
                end += 1
            blocks.append((start, "\n".join(lines[start:end]) + "\n"))
            i = end
        i += 1
    return blocks


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A directory holding out/demo/ as `scripts/demo` writes it (with the binary under test)."""
    directory = tmp_path_factory.mktemp("layout_docs")
    env = dict(os.environ, TRUSTSIM_DEMO_DIR=str(directory / "out" / "demo"), TRUSTSIM_DEMO_BIN=BIN, MPLBACKEND="Agg")
    result = subprocess.run([str(ROOT / "scripts" / "demo")], env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"scripts/demo failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    for name in ("demo.h5", "humble.h5", "infallible.h5"):
        assert (directory / "out" / "demo" / name).is_file(), f"scripts/demo did not write out/demo/{name}"
    return directory


def test_the_page_has_python_and_r_snippets():
    assert len(blocks_of("python")) >= 4
    assert len(blocks_of("r")) >= 2


def line_id(value):
    return str(value) if isinstance(value, int) else ""


def start_watched_run(workdir: Path) -> subprocess.Popen:
    """The run the "watching a run" snippet follows, once its file is open to SWMR readers."""
    run = subprocess.Popen([BIN, "run", str(ROOT / "configs" / "demo.yaml"), "-q", "-t", "1", "-o",
                            str(workdir / "watched.h5"), "--set", "organisation.agents=100000", "--set", "steps=400",
                            "--set", "output.agent_snapshot_every=0", "--set", "output.edge_snapshot_every=0"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    probe = "import h5py; h5py.File('watched.h5.partial', 'r', swmr=True).close()"
    deadline = time.monotonic() + 60
    while subprocess.run([PYTHON, "-c", probe], cwd=workdir, capture_output=True).returncode != 0:
        assert run.poll() is None and time.monotonic() < deadline, "the watched run did not open its file to readers"
        time.sleep(0.1)
    return run


@pytest.mark.parametrize("line,code", blocks_of("python"), ids=line_id)
def test_python_snippet_runs(workdir, line, code):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT / "analysis"))
    watched = start_watched_run(workdir) if "watched.h5.partial" in code else None
    try:
        result = subprocess.run([PYTHON, "-c", code], cwd=workdir, env=env, capture_output=True, text=True)
    finally:
        if watched:
            watched.terminate()
            watched.wait(timeout=60)
    assert result.returncode == 0, f"docs/hdf5-layout.md:{line}: snippet failed:\n{result.stderr}"


@pytest.mark.parametrize("line,code", blocks_of("r"), ids=line_id)
def test_r_snippet_runs(workdir, line, code):
    script = workdir / f"snippet_{line}.R"
    script.write_text(code)
    result = subprocess.run(["Rscript", str(script)], cwd=workdir, capture_output=True, text=True)
    assert result.returncode == 0, f"docs/hdf5-layout.md:{line}: snippet failed:\n{result.stderr}"
