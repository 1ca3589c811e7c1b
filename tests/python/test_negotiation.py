"""The negotiation module's org series through the CLI (docs/hdf5-layout.md): present only with
negotiation.enabled, NaN in a week without negotiations, efficiency in [0.5, 1]."""

from __future__ import annotations

import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

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


def test_the_agent_snapshots_hold_every_negotiation_of_the_week(tmp_path):
    """With weekly agent snapshots, the negotiation_* columns (F6(c)) list exactly the week's
    negotiations: as many openers as /org/negotiations, each with a partner it has a cross-team
    edge to, and their mean efficiency and share rate are the org series."""
    path = run(tmp_path, "negotiation.enabled=true", "output.agent_snapshot_every=1",
               "output.edge_snapshot_every=0")
    with h5py.File(path) as f:
        partner = f["snapshots/agents/negotiation_partner"][()]
        sharing = f["snapshots/agents/negotiation_sharing"][()].astype(int)
        efficiency = f["snapshots/agents/negotiation_efficiency"][()]
        count = f["org/negotiations"][()]
        org_efficiency = f["org/negotiation_efficiency"][()]
        org_sharing = f["org/negotiation_sharing_rate"][()]
        row_offsets, col_index = f["network/row_offsets"][()], f["network/col_index"][()]
    opened = (sharing & 1) == 1
    assert (opened == np.isfinite(partner)).all() and (opened == np.isfinite(efficiency)).all()
    assert (sharing[~opened] == 0).all()
    np.testing.assert_array_equal(opened.sum(axis=1), count)
    weeks, opener = np.nonzero(opened)
    for w, i in zip(weeks[:200], opener[:200]):
        assert int(partner[w, i]) in col_index[row_offsets[i]:row_offsets[i + 1]]
    assert ((efficiency[opened] >= 0.5) & (efficiency[opened] <= 1)).all()
    both = (sharing & 6) == 6
    assert (efficiency[opened & both] == 1).all()
    for w in range(len(count)):
        row = opened[w]
        assert np.nanmean(efficiency[w][row]) == pytest.approx(org_efficiency[w], abs=1e-6)
        shares = ((sharing[w][row] & 2) > 0).sum() + ((sharing[w][row] & 4) > 0).sum()
        assert shares / (2 * row.sum()) == pytest.approx(org_sharing[w])


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
