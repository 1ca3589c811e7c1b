"""Read a sweep directory (docs/sweeps.md, "Output layout") into pandas and xarray.

Design note. `results.h5` already holds everything a sweep analysis needs: `/manifest` (one row
per run: run, point, replicate, seed, one dataset per design factor, the design's tag columns,
status), `/summary` (each org series' final value and mean over the last K weeks) and `/org`
(each org series as [runs x weeks]). This module turns those into frames whose columns are the
design factors, and leaves the statistics to pandas. Factor datasets are recognised by their
description ("design factor: ..."), exactly as docs/sweeps.md tells users to. Per-run HDF5 files
(`runs/run-NNNNNN.h5`, only with `output.run_files: true`) are opened as `RunSet`s carrying the
manifest's factor values, so team and agent tables of a sweep have the factors as columns too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

from . import frames
from .load import ORG_METRICS, RunFileError, open_run
from .runset import RunSet

SWEEP_FORMAT = "trustsim-sweep"
SUPPORTED_SWEEP_VERSION = 1
FACTOR_DESCRIPTION_PREFIX = "design factor"
#: /manifest columns that every sweep has (docs/sweeps.md); the rest are factors and tags.
TAG_COLUMNS = ("saltelli_sample", "saltelli_matrix", "morris_trajectory", "morris_step",
               "morris_factor")


class SweepDirectoryError(RunFileError):
    """A directory that cannot be read as a finished sweep. The message says why and what to do."""


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, (bytes, np.bytes_)) else str(value)


def _plain(value):
    if isinstance(value, (bytes, np.bytes_, str)):
        return _text(value)
    return value.item() if isinstance(value, np.generic) else value


@dataclass
class Sweep:
    """A finished sweep directory.

    Attributes:
        directory: the sweep directory.
        attrs: the root attributes of results.h5 (design, sweep_yaml, master_seed, ...).
        manifest: one row per run (index `run`): point, replicate, seed, the factors in the sweep
            file's order, the design's tag columns, status ("ok"/"failed"), error, weeks.
        factor_names: the design factors, in the sweep file's order.
        summary: `manifest` joined with every `S_final` and `S_mean` column of /summary.
        units: the units of each org series, by name.
    """

    directory: Path
    attrs: dict
    manifest: pd.DataFrame
    factor_names: list[str]
    summary: pd.DataFrame
    units: dict

    @property
    def results_path(self) -> Path:
        return self.directory / "results.h5"

    @property
    def design(self) -> str:
        """The design type: grid, random, lhs, saltelli, morris or table."""
        return self.attrs["design"]

    @property
    def spec(self) -> dict:
        """The sweep file as a dictionary (parsed from the `sweep_yaml` attribute)."""
        return _parse_yaml(self.attrs.get("sweep_yaml", "")) or {}

    @property
    def series_names(self) -> list[str]:
        """The org series recorded for every run, in /org order."""
        return list(self.units)

    @property
    def ok(self) -> pd.DataFrame:
        """The manifest rows of the runs that completed."""
        return self.manifest[self.manifest["status"] == "ok"]

    def is_numeric(self, factor: str) -> bool:
        """True for a factor whose values are numbers (a range, or numeric levels)."""
        return pd.api.types.is_numeric_dtype(self.manifest[factor])

    def factor_path(self, factor: str) -> str:
        """The scenario parameter a factor sets (its `path`; the name is a column label)."""
        for entry in self.spec.get("factors") or []:
            if entry.get("name", entry.get("path")) == factor:
                return entry["path"]
        return factor

    def org(self, series: list[str] | None = None) -> pd.DataFrame:
        """The org series in long form, one row per (run, week): run, week, the factors, status,
        then one column per series. Weeks past a run's end and failed runs are NaN rows."""
        series = self.series_names if series is None else list(series)
        with h5py.File(self.results_path, "r") as f:
            weeks = f["org/week"][()].astype(np.int64)
            values = {s: f["org"][s][()] for s in series}
        runs = self.manifest.index.to_numpy()
        frame = pd.DataFrame({"run": np.repeat(runs, len(weeks)), "week": np.tile(weeks, len(runs)),
                              **{s: v.ravel() for s, v in values.items()}})
        design = self.manifest[[*self.factor_names, "replicate", "status"]].reset_index()
        frame = frame.merge(design, on="run", how="left")
        return frame[["run", "week", *self.factor_names, "replicate", "status", *series]]

    def to_xarray(self):
        """The org series as an xarray.Dataset with dimensions (run, week); every manifest
        column (factors, tags, replicate, status) is a coordinate on `run`."""
        import xarray as xr

        with h5py.File(self.results_path, "r") as f:
            weeks = f["org/week"][()].astype(np.int64)
            data_vars = {s: (("run", "week"), f["org"][s][()], {"units": self.units[s]})
                         for s in self.series_names}
        coords = {"run": self.manifest.index.to_numpy(), "week": weeks,
                  **{c: ("run", self.manifest[c].to_numpy()) for c in self.manifest.columns}}
        plain = {k: v for k, v in self.attrs.items() if isinstance(v, (str, int, float))}
        return xr.Dataset(data_vars, coords=coords, attrs=plain)

    def run_file(self, run: int) -> Path:
        """The full run file of one run. Raises FileNotFoundError, saying why, when absent."""
        path = self.directory / "runs" / f"run-{run:06d}.h5"
        if not path.exists():
            raise FileNotFoundError(
                f"{path}: no run file; a sweep writes them only with `output: {{run_files: true}}` "
                "in its sweep file (docs/sweeps.md)")
        return path

    def has_run_files(self) -> bool:
        return (self.directory / "runs").is_dir() and any((self.directory / "runs").glob("run-*.h5"))

    def runs(self, which: list[int] | None = None) -> RunSet:
        """The full run files of the given runs (default: every completed run) as a RunSet whose
        design columns are the sweep's factors, so `.teams()` and `.agents()` carry them."""
        which = list(self.ok.index) if which is None else list(which)
        runs = [open_run(self.run_file(i)) for i in which]
        rows = []
        for i, run in zip(which, runs):
            row = self.manifest.loc[i]
            rows.append({"path": str(run.path), **frames.run_identity(run),
                         **{f: row[f] for f in self.factor_names}, "sweep_run": i,
                         "point": row["point"]})
        design = pd.DataFrame(rows).rename_axis("run")
        design["group"] = design["point"].map(lambda p: f"point {p}")
        return RunSet(runs=runs, design=design, factor_names=list(self.factor_names))


def _check_directory(directory: Path) -> Path:
    if not directory.exists():
        raise FileNotFoundError(f"{directory}: no such sweep directory")
    if not directory.is_dir():
        raise SweepDirectoryError(f"{directory}: not a directory (a sweep is read from its directory)")
    results = directory / "results.h5"
    if results.exists():
        return results
    if (directory / "plan.csv").exists():
        raise SweepDirectoryError(
            f"{directory}: the sweep is not finished, results.h5 is written once every run has a "
            "record; finish it with `trustsim sweep SWEEP.yaml -o DIR --resume`")
    raise SweepDirectoryError(f"{directory}: not a sweep directory (no results.h5 and no plan.csv)")


def open_sweep(directory: str | os.PathLike) -> Sweep:
    """Opens a finished sweep directory (its results.h5).

    Raises FileNotFoundError for a missing directory, SweepDirectoryError for an unfinished
    sweep, a directory that holds none, or a results.h5 that is not a trustsim sweep.
    """
    directory = Path(directory)
    results = _check_directory(directory)
    try:
        f = h5py.File(results, "r")
    except OSError as err:
        raise SweepDirectoryError(f"{results}: not an HDF5 file ({err})") from err
    with f:
        attrs = {k: _plain(v) for k, v in f.attrs.items()}
        if attrs.get("format") != SWEEP_FORMAT:
            raise SweepDirectoryError(f"{results}: not a trustsim sweep (format is "
                                      f"{attrs.get('format')!r}, expected {SWEEP_FORMAT!r})")
        if attrs.get("format_version", 0) > SUPPORTED_SWEEP_VERSION:
            raise SweepDirectoryError(f"{results}: format_version {attrs['format_version']} is "
                                      "newer than this reader; update trustsim_analysis")
        m = f["manifest"]
        columns, factor_names = {}, []
        for name in m:
            ds = m[name]
            columns[name] = ds.asstr()[()] if h5py.check_string_dtype(ds.dtype) else ds[()]
            if _text(ds.attrs.get("description", "")).startswith(FACTOR_DESCRIPTION_PREFIX):
                factor_names.append(name)
        summary_columns = {name: f["summary"][name][()] for name in f["summary"]}
        units = {name: _text(f["org"][name].attrs.get("units", "")) for name in f["org"]
                 if name != "week"}
    order = _factor_order(attrs.get("sweep_yaml", ""), factor_names)
    manifest = pd.DataFrame(columns).set_index("run").sort_index()
    manifest["status"] = np.where(manifest["status"] == 0, "ok", "failed")
    leading = ["point", "replicate", "seed", *order, *(t for t in TAG_COLUMNS if t in manifest)]
    manifest = manifest[leading + [c for c in manifest.columns if c not in leading]]
    summary = manifest.join(pd.DataFrame(summary_columns, index=manifest.index))
    # h5py lists datasets alphabetically: put the documented series first, in their order.
    series = [s for s in ORG_METRICS if s in units] + sorted(s for s in units if s not in ORG_METRICS)
    return Sweep(directory=directory, attrs=attrs, manifest=manifest, factor_names=order,
                 summary=summary, units={s: units[s] for s in series})


def _factor_order(sweep_yaml: str, names: list[str]) -> list[str]:
    """The factors in the sweep file's order (h5py lists datasets alphabetically)."""
    spec = _parse_yaml(sweep_yaml) or {}
    declared = [e.get("name", e.get("path")) for e in spec.get("factors") or [] if isinstance(e, dict)]
    return [n for n in declared if n in names] + [n for n in names if n not in declared]


def _parse_yaml(text: str):
    # PyYAML is imported on first use: `import trustsim_analysis` needs only h5py, numpy, pandas
    # and matplotlib (docs/hdf5-layout.md); reading scenarios and sweep files needs python3-yaml.
    import yaml

    return yaml.safe_load(text)
