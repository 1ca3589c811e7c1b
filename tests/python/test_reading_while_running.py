"""A user can watch a run while it is written: NAME.partial is open to SWMR readers (h5py
swmr=True), whose view of /org grows as the weeks go by (at most a second behind), with every
value it shows final; the finished file is an ordinary one (docs/hdf5-layout.md)."""

from __future__ import annotations

import subprocess
import time

import h5py
import numpy as np

from trustsim_cli import BIN, ROOT


def test_a_reader_follows_the_org_series_of_a_running_simulation(tmp_path):
    out = tmp_path / "watched.h5"
    partial = tmp_path / "watched.h5.partial"
    steps = 150
    run = subprocess.Popen([BIN, "run", str(ROOT / "configs" / "demo.yaml"), "-o", str(out), "-q", "-t", "1",
                            "--set", "organisation.agents=100000", "--set", f"steps={steps}",
                            "--set", "output.agent_snapshot_every=0", "--set", "output.edge_snapshot_every=0"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[np.ndarray] = []
    try:
        deadline = time.monotonic() + 120
        while not partial.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert partial.exists(), "the run did not start its file"
        # Until the run has written its static part and opened the file to readers, it is locked.
        while True:
            try:
                f = h5py.File(partial, "r", swmr=True)
                break
            except BlockingIOError:
                assert run.poll() is None and time.monotonic() < deadline, "the file never opened to readers"
                time.sleep(0.05)
        with f:
            weeks, trust = f["org/step"], f["org/trust_in_manager"]
            while run.poll() is None and time.monotonic() < deadline:
                weeks.refresh()
                trust.refresh()
                n = min(weeks.shape[0], trust.shape[0])
                if n and (not seen or n > len(seen[-1])):
                    seen.append(np.column_stack([weeks[:n], trust[:n]]))
                time.sleep(0.1)
    finally:
        stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stderr
    growing = [view for view in seen if len(view) < steps]
    assert len(growing) >= 2, f"the reader saw /org at {[len(v) for v in seen]} weeks while the run went on"
    with h5py.File(out) as f:
        final = np.column_stack([f["org/step"][()], f["org/trust_in_manager"][()]])
        assert f.attrs["steps_completed"] == steps
    for view in seen:
        assert np.array_equal(view[:, 0], np.arange(1, len(view) + 1))
        np.testing.assert_array_equal(view, final[: len(view)])
