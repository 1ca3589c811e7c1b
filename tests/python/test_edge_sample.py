"""The edge sample (output.edge_sample; docs/hdf5-layout.md, /edge_sample): a fixed random set of
edges whose weekly change of trust and its causes are recorded. The changes add up to what the
edge snapshots show, a week with no recorded cause changes trust only by forgetting, and the
sample is the same for the same network and seed."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from trustsim_cli import ROOT, run_scenario


def run(out: Path, *sets: str) -> Path:
    return run_scenario(ROOT / "configs" / "demo.yaml", out, "steps=30", "output.edge_snapshot_every=10", *sets)


def test_the_sample_is_a_sorted_set_of_network_edges(tmp_path):
    with h5py.File(run(tmp_path / "a.h5"), "r") as f:
        sample = f["edge_sample/edge"][:]
        assert len(sample) == 1000
        assert np.all(np.diff(sample.astype(np.int64)) > 0)
        offsets = f["network/row_offsets"][:]
        source = np.searchsorted(offsets, sample, side="right") - 1
        assert np.array_equal(f["edge_sample/source"][:], source)
        assert np.array_equal(f["edge_sample/target"][:], f["network/col_index"][:][sample])
        assert f["edge_sample/delta_trust"].shape == (30, 1000)
        assert f["edge_sample/event_types"].dtype == np.uint16


def test_weekly_changes_add_up_to_the_snapshots(tmp_path):
    with h5py.File(run(tmp_path / "a.h5"), "r") as f:
        sample = f["edge_sample/edge"][:]
        steps = list(f["snapshots/edges/step"][:])
        assert steps == [10, 20, 30]
        for column in ("trust", "competence", "character"):
            snapshots = f[f"snapshots/edges/{column}"][:][:, sample]
            deltas = f[f"edge_sample/delta_{column}"][:]
            # Rows are weeks 1..30: weeks 11..20 and 21..30 lie between the snapshots.
            assert np.allclose(snapshots[1] - snapshots[0], deltas[10:20].sum(axis=0), atol=2e-6)
            assert np.allclose(snapshots[2] - snapshots[1], deltas[20:30].sum(axis=0), atol=2e-6)


def test_a_week_without_a_recorded_cause_changes_trust_only_by_forgetting(tmp_path):
    with h5py.File(run(tmp_path / "a.h5"), "r") as f:
        deltas = f["edge_sample/delta_trust"][:]
        bits = f["edge_sample/event_types"][:]
        names = [n.decode() for n in f["edge_sample/event_type_names"][:]]
    quiet = bits == 0
    assert 0.2 < quiet.mean() < 0.9, "both quiet and eventful weeks occur"
    # Forgetting moves each count 2 % of the way to its prior; trust moves by far less than 0.01.
    assert np.abs(deltas[quiet]).max() < 0.01
    assert np.abs(deltas[~quiet]).max() > 0.05
    # Causes with a known sign: a discovered cover-up or punishment lowers trust on average, and
    # a manager's trust-first offer raises the report's trust in that manager.
    loss = (bits >> names.index("public_character_loss")) & 1 == 1
    offer = (bits >> names.index("trusted_by_manager")) & 1 == 1
    assert deltas[loss].mean() < -0.005
    assert deltas[offer].mean() > 0.001


def test_the_sample_is_fixed_by_the_seed_and_can_be_switched_off(tmp_path):
    with h5py.File(run(tmp_path / "a.h5"), "r") as a, h5py.File(run(tmp_path / "b.h5"), "r") as b:
        assert np.array_equal(a["edge_sample/edge"][:], b["edge_sample/edge"][:])
    with h5py.File(run(tmp_path / "c.h5", "seed=2"), "r") as c, h5py.File(tmp_path / "a.h5", "r") as a:
        assert not np.array_equal(a["edge_sample/edge"][:], c["edge_sample/edge"][:])
    with h5py.File(run(tmp_path / "d.h5", "output.edge_sample=0"), "r") as d:
        assert "edge_sample" not in d
    with h5py.File(run(tmp_path / "e.h5", "organisation.agents=50", "output.edge_sample=100000"), "r") as e:
        assert len(e["edge_sample/edge"]) == e.attrs["edges"]
