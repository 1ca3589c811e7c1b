"""Read one trustsim run file (the layout in docs/hdf5-layout.md) into pandas objects.

Design note: `open_run` reads only the small parts of the file right away (the root attributes,
the weekly `/org` series and the static per-agent table). It reads the larger parts (team series,
agent and edge snapshots) each time you ask for them, and it never keeps the HDF5 file open. So a
`Run` is cheap to create and safe to keep around in a notebook. It also holds no file lock, which
matters on filesystems where an open HDF5 handle stops another process from writing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

FORMAT_NAME = "trustsim-run"
#: Newest `format_version` this reader understands; newer files are refused rather than misread.
SUPPORTED_FORMAT_VERSION = 1
PARTIAL_SUFFIX = ".partial"

#: Weekly organisation-level series under /org (besides /org/step), in documentation order.
ORG_METRICS = (
    "trust_in_manager", "psychological_safety", "engagement", "performance", "felt_trust",
    "turnover_intent", "reported_error_rate", "voice_rate", "quit_rate", "latent_errors",
    "manager_latent_cover", "decision_quality", "environment_state", "exploited_stake",
)
#: Per-team weekly series under /team, each [T, n_teams].
TEAM_SERIES = (
    "psychological_safety", "psafe_agreement", "intrateam_trust", "trust_in_manager", "engagement",
    "performance", "decision_quality", "reported_errors", "latent_errors", "learning_behaviour",
    "ideas", "voice_rate", "innovation_stock",
)
#: Leadership-style dimensions under /team/style, each [n_teams].
STYLE_DIMENSIONS = (
    "self_reflection", "balanced_perspective", "self_confidence", "humility", "infallibility",
    "trust_first",
)
#: Per-agent snapshot variables under /snapshots/agents, each [S, N].
AGENT_SNAPSHOT_VARS = (
    "trust_in_manager", "psychological_safety", "felt_trust", "engagement", "performance",
    "turnover_intent", "error_rate", "latent_errors", "ability", "character", "propensity",
    "return_fraction", "hire_step", "exchange_stake", "exchange_returned",
)
#: Per-agent snapshot variables that only some runs have, with the setting that writes them.
OPTIONAL_AGENT_SNAPSHOT_VARS = {
    "helps_given": "modules.collaboration", "helps_received": "modules.collaboration",
    "influence": "modules.influence", "most_influential_in_team": "modules.influence",
    "power_distance": "culture.enabled",
    "negotiation_partner": "negotiation.enabled", "negotiation_sharing": "negotiation.enabled",
    "negotiation_efficiency": "negotiation.enabled",
}
#: Per-edge snapshot variables under /snapshots/edges, each [S_e, E].
EDGE_SNAPSHOT_VARS = ("trust", "competence", "character")
#: Static per-agent datasets under /agents, each [N].
AGENT_COLUMNS = ("parent", "depth", "is_manager", "team", "leads_team")

#: Bit flags of /network/kind.
KIND_MANAGER, KIND_REPORT, KIND_LATERAL, KIND_SIBLING = 1, 2, 4, 8


#: Columns of Run.events, as /events stores them (docs/hdf5-layout.md).
EVENT_COLUMNS = ("week", "type", "target", "detail")


class RunFileError(ValueError):
    """A file that cannot be read as a finished trustsim run. The message says why."""


class PartialRunError(RunFileError):
    """The run is still being written, or the writer crashed (the file ends in `.partial`)."""


class NotATrustsimRunError(RunFileError):
    """The file is not HDF5, not a trustsim run, or a format version this reader does not know."""


def _as_str(value) -> str:
    """Turns an HDF5 string attribute into `str`, whether h5py returned str, bytes or a 0-d array.

    Variable-length strings come back as `str`; fixed-length strings come back as `numpy.bytes_`.
    The layout only says "string", so the reader accepts both.
    """
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    return str(value)


def _as_python(value):
    """Turns an attribute value into a plain Python scalar (str, int or float) where possible."""
    if isinstance(value, (bytes, np.bytes_, str)):
        return _as_str(value)
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_path(path: Path) -> None:
    """Refuses missing files and unfinished (`.partial`) runs with a message that says what to do."""
    if path.name.endswith(PARTIAL_SUFFIX):
        raise PartialRunError(
            f"{path}: this run is unfinished (the '{PARTIAL_SUFFIX}' suffix means the simulation "
            "is still writing it or crashed). Wait for it to finish, when it is renamed without "
            "the suffix, or rerun it.")
    if not path.exists():
        partial = path.with_name(path.name + PARTIAL_SUFFIX)
        if partial.exists():
            raise PartialRunError(
                f"{path}: not finished yet; only {partial.name} exists (the simulation is still "
                "writing it or crashed).")
        raise FileNotFoundError(f"{path}: no such file")


def _check_format(path: Path, attrs: dict) -> None:
    """Raises NotATrustsimRunError unless the root attributes name a supported trustsim format."""
    fmt = attrs.get("format")
    if fmt != FORMAT_NAME:
        raise NotATrustsimRunError(
            f"{path}: not a trustsim run file (root attribute 'format' is {fmt!r}, "
            f"expected {FORMAT_NAME!r})")
    version = attrs.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= SUPPORTED_FORMAT_VERSION:
        raise NotATrustsimRunError(
            f"{path}: format_version {version!r} is not supported by this reader "
            f"(it reads versions 1..{SUPPORTED_FORMAT_VERSION}); update trustsim_analysis")


def _group(f: h5py.File, name: str, why: str) -> h5py.Group:
    """Returns group `name`, or raises a KeyError that says which output setting left it out."""
    if name not in f:
        raise KeyError(f"{f.filename}: /{name} is absent ({why})")
    return f[name]


def _read_steps(dataset: h5py.Dataset) -> pd.Index:
    """Reads a `step` dataset as a pandas Index named "step"."""
    return pd.Index(dataset[()].astype(np.int64), name="step")


@dataclass
class Run:
    """One finished trustsim run.

    Attributes:
        path: the HDF5 file.
        attrs: the root attributes as plain Python values (str, int, float).
        org: the weekly organisation series, one column per metric, indexed by week ("step").
        agents: the static per-agent table (parent, depth, is_manager, team, leads_team), indexed
            by agent id.
        units: the `units` attribute of every /org dataset, by metric name. The plots use it
            for axis labels.
        events: the scenario's scripted events (/events), one row each with columns week, type,
            target and detail; empty when the scenario has none.
    """

    path: Path
    attrs: dict
    org: pd.DataFrame
    agents: pd.DataFrame
    units: dict = field(default_factory=dict)
    events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVENT_COLUMNS))

    @property
    def config_yaml(self) -> str:
        """The complete resolved scenario (every parameter) as YAML text."""
        return self.attrs.get("config_yaml", "")

    @property
    def scenario_name(self) -> str:
        """The scenario's name. plot_runs uses it as the default label."""
        return self.attrs.get("scenario_name", self.path.stem)

    @property
    def complete(self) -> bool:
        """True when every planned week was simulated (steps_completed == steps_planned)."""
        return self.attrs.get("steps_completed") == self.attrs.get("steps_planned")

    def _file(self) -> h5py.File:
        return h5py.File(self.path, "r")

    def teams(self) -> pd.DataFrame:
        """The static per-team table: manager, size, depth and style_<dimension> columns, by team index."""
        with self._file() as f:
            team = f["team"]
            columns = {name: team[name][()] for name in ("manager", "size", "depth")}
            for dim in STYLE_DIMENSIONS:
                columns[f"style_{dim}"] = team["style"][dim][()]
        return pd.DataFrame(columns, index=pd.RangeIndex(len(columns["manager"]), name="team"))

    def team(self, series: str) -> pd.DataFrame:
        """One per-team weekly series as a DataFrame, with weeks as rows and team indices as columns.

        Raises KeyError when the run did not record team series (output.team_series: false) or
        the name is unknown.
        """
        if series not in TEAM_SERIES:
            raise KeyError(f"unknown team series {series!r}; known: {', '.join(TEAM_SERIES)}")
        with self._file() as f:
            if series not in f.get("team", {}):
                raise KeyError(f"{self.path}: /team/{series} is absent "
                               "(the run was made with output.team_series: false)")
            values = f["team"][series][()]
            steps = _read_steps(f["org/step"])
        return pd.DataFrame(values, index=steps,
                            columns=pd.RangeIndex(values.shape[1], name="team"))

    def agent_snapshot(self, var: str) -> pd.DataFrame:
        """One per-agent variable at every snapshot, with snapshot weeks as rows and agent ids as columns."""
        if var not in AGENT_SNAPSHOT_VARS and var not in OPTIONAL_AGENT_SNAPSHOT_VARS:
            raise KeyError(f"unknown agent snapshot variable {var!r}; known: "
                           f"{', '.join([*AGENT_SNAPSHOT_VARS, *OPTIONAL_AGENT_SNAPSHOT_VARS])}")
        with self._file() as f:
            group = _group(f, "snapshots/agents", "output.agent_snapshot_every: 0?")
            if var not in group:
                raise KeyError(f"{self.path}: /snapshots/agents/{var} is absent (written only with "
                               f"{OPTIONAL_AGENT_SNAPSHOT_VARS.get(var, 'a newer trustsim')})")
            values = group[var][()]
            steps = _read_steps(group["step"])
        return pd.DataFrame(values, index=steps,
                            columns=pd.RangeIndex(values.shape[1], name="agent"))

    def agent_snapshot_vars(self) -> list[str]:
        """The per-agent snapshot variables this file holds (empty without agent snapshots)."""
        with self._file() as f:
            if "snapshots/agents" not in f:
                return []
            return [v for v in f["snapshots/agents"] if v != "step"]

    def snapshot_steps(self, kind: str = "agents") -> np.ndarray:
        """The weeks at which agent (`kind="agents"`) or edge (`kind="edges"`) snapshots were taken."""
        if kind not in ("agents", "edges"):
            raise ValueError(f"kind must be 'agents' or 'edges', not {kind!r}")
        with self._file() as f:
            group = _group(f, f"snapshots/{kind}", f"output.{kind[:-1]}_snapshot_every: 0?")
            return group["step"][()].astype(np.int64)

    def network(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The directed trust network in CSR form: (row_offsets [N+1], col_index [E], kind [E]).

        To build a sparse matrix: scipy.sparse.csr_matrix((values, col_index, row_offsets)).
        """
        with self._file() as f:
            net = f["network"]
            return net["row_offsets"][()], net["col_index"][()], net["kind"][()]

    def edge_snapshot(self, var: str = "trust", step: int | None = None) -> np.ndarray:
        """One edge variable at one snapshot week (the last snapshot when `step` is None), as [E].

        The values line up with `network()`'s col_index.
        """
        if var not in EDGE_SNAPSHOT_VARS:
            raise KeyError(f"unknown edge snapshot variable {var!r}; "
                           f"known: {', '.join(EDGE_SNAPSHOT_VARS)}")
        with self._file() as f:
            group = _group(f, "snapshots/edges", "output.edge_snapshot_every: 0?")
            steps = group["step"][()]
            if len(steps) == 0:
                raise KeyError(f"{self.path}: no edge snapshots (output.edge_snapshot_every: 0?)")
            if step is None:
                row = len(steps) - 1
            else:
                (hits,) = np.nonzero(steps == step)
                if len(hits) == 0:
                    raise KeyError(f"{self.path}: no edge snapshot at week {step}; "
                                   f"snapshots at {steps.tolist()}")
                row = int(hits[0])
            return group[var][row, :]

    def edges(self, step: int | None = None) -> pd.DataFrame:
        """Every directed edge as a row (source, target, kind, trust, competence, character).

        The trust columns come from the snapshot at `step` (the last one when None).
        """
        row_offsets, col_index, kind = self.network()
        source = np.repeat(np.arange(len(row_offsets) - 1, dtype=np.int64),
                           np.diff(row_offsets).astype(np.int64))
        frame = pd.DataFrame({"source": source, "target": col_index.astype(np.int64),
                              "kind": kind})
        for var in EDGE_SNAPSHOT_VARS:
            frame[var] = self.edge_snapshot(var, step)
        return frame


def _read_run(path: Path, f: h5py.File, attrs: dict) -> Run:
    """Reads the parts of a run that open_run loads right away. The file's format is already checked."""
    org_group = f["org"]
    # The documented core series first, then those only some modules write (docs/hdf5-layout.md).
    names = [m for m in ORG_METRICS if m in org_group]
    names += sorted(m for m in org_group if m != "step" and m not in ORG_METRICS)
    org = pd.DataFrame({m: org_group[m][()] for m in names}, index=_read_steps(org_group["step"]))
    units = {m: _as_str(org_group[m].attrs.get("units", "")) for m in org.columns}
    agent_group = f["agents"]
    agents = pd.DataFrame({c: agent_group[c][()] for c in AGENT_COLUMNS},
                          index=pd.RangeIndex(agent_group["parent"].shape[0], name="agent"))
    events = pd.DataFrame(columns=EVENT_COLUMNS)
    if "events" in f:
        group = f["events"]
        events = pd.DataFrame({"week": group["week"][()].astype(np.int64),
                               **{c: group[c].asstr()[()] for c in EVENT_COLUMNS[1:]}})
    return Run(path=path, attrs=attrs, org=org, agents=agents, units=units, events=events)


def open_run(path: str | os.PathLike) -> Run:
    """Opens a finished trustsim run file and reads its attributes, /org series and /agents table.

    Raises:
        FileNotFoundError: the file does not exist.
        PartialRunError: the file (or only its `.partial` sibling) is an unfinished run.
        NotATrustsimRunError: not HDF5, `format` is not "trustsim-run", or the version is too new.
        RunFileError: a trustsim file that lacks /org or /agents datasets.
    """
    path = Path(path)
    _check_path(path)
    try:
        f = h5py.File(path, "r")
    except OSError as err:
        raise NotATrustsimRunError(f"{path}: not an HDF5 file ({err})") from err
    with f:
        attrs = {name: _as_python(value) for name, value in f.attrs.items()}
        _check_format(path, attrs)
        try:
            return _read_run(path, f, attrs)
        except KeyError as err:
            raise RunFileError(f"{path}: malformed trustsim run, a dataset is missing ({err})") from err
