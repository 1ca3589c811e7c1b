"""The negotiation module's org series through the CLI (docs/hdf5-layout.md): present only with
negotiation.enabled, NaN in a week without negotiations, efficiency in [0.5, 1]."""

from __future__ import annotations

import subprocess
from pathlib import Path

import h5py
import numpy as np

from trustsim_cli import BIN, ROOT, run_scenario
SERIES = ("negotiations", "negotiation_efficiency", "negotiation_sharing_rate")


def run(tmp_path: Path, *sets: str, options: tuple[str, ...] = ()) -> Path:
    return run_scenario(ROOT / "configs" / "demo.yaml", tmp_path / "negotiation.h5", "organisation.agents=3000", "steps=20",
                        *sets, options=options)


def test_series_are_written_only_with_the_module(tmp_path):
    with h5py.File(run(tmp_path)) as f:
        assert not any(name in f["org"] for name in SERIES)
    with h5py.File(run(tmp_path, "negotiation.enabled=true")) as f:
        count = f["org/negotiations"][()]
        efficiency = f["org/negotiation_efficiency"][()]
        sharing = f["org/negotiation_sharing_rate"][()]
        assert f["org/negotiation_efficiency"].attrs["units"] == "1"
        assert "NaN if none" in f["org/negotiation_efficiency"].attrs["description"]
    # About p_neg = 0.05 of the 2,999 agents below the CEO open one a week.
    assert 100 < count.mean() < 200
    assert ((efficiency >= 0.5) & (efficiency <= 1)).all()
    assert ((sharing > 0.3) & (sharing < 0.9)).all()


def test_a_week_without_negotiations_has_nan_ratios(tmp_path):
    with h5py.File(run(tmp_path, "negotiation.enabled=true", "negotiation.rate=0")) as f:
        assert (f["org/negotiations"][()] == 0).all()
        assert np.isnan(f["org/negotiation_efficiency"][()]).all()
        assert np.isnan(f["org/negotiation_sharing_rate"][()]).all()


def test_a_checkpoint_continues_bit_identically_and_can_switch_the_module_on(tmp_path):
    # The memory of who shared last time is part of the checkpoint, so a continued run repeats
    # the uninterrupted one; a checkpoint taken with the module off can be branched with it on.
    full = run(tmp_path, "negotiation.enabled=true", "negotiation.rate=0.3", options=("--checkpoint-every", "10"))
    continued = tmp_path / "continued.h5"
    subprocess.run([BIN, "run", "--from", str(tmp_path / "negotiation.week10.checkpoint.h5"), "-o", str(continued), "-q"],
                   check=True, capture_output=True, text=True)
    with h5py.File(full) as f, h5py.File(continued) as g:
        for name in ("trust_in_manager",) + SERIES:
            np.testing.assert_array_equal(g["org/" + name][()], f["org/" + name][10:], err_msg=name)

    off = tmp_path / "off"
    off.mkdir()
    run(off, options=("--checkpoint-every", "10"))
    branch = tmp_path / "branch.h5"
    subprocess.run([BIN, "run", "--from", str(off / "negotiation.week10.checkpoint.h5"), "-o", str(branch), "-q",
                    "--set", "negotiation.enabled=true"], check=True, capture_output=True, text=True)
    with h5py.File(branch) as f:
        assert (f["org/negotiations"][()] > 0).all()
