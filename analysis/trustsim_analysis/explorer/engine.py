"""Runs the explorer's settings: the page's form becomes `--set` overrides of a scenario, and a
run becomes the few weekly series the page draws.

Two ways to run, with identical results: in memory through the `trustsim` Python module (built
by scripts/build; `trustsim explore` puts it on PYTHONPATH), or, when it cannot be imported,
through the `trustsim` CLI into a temporary HDF5 file read back with trustsim_analysis.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

#: The series the page draws, with their titles.
METRICS = {
    "trust_in_manager": "Trust in own manager",
    "psychological_safety": "Psychological safety",
    "engagement": "Engagement",
    "performance": "Performance",
}

#: The six leadership dimensions, in the order of docs/config-reference.md (leadership.overrides).
STYLE_DIMENSIONS = ("self_reflection", "balanced_perspective", "self_confidence", "humility",
                    "infallibility", "trust_first")

#: Key parameters the page offers besides the style: form field -> scenario key.
KEY_PARAMETERS = {
    "agents": "organisation.agents",
    "steps": "steps",
    "seed": "seed",
    "omniscience_expectation": "leadership.omniscience_expectation",
    "trust_mode": "trust.mode",
}


class BadSettings(ValueError):
    """Settings the validator refused; the message is the validator's (file:line:col or the key)."""


@dataclass
class Scenario:
    """A scenario the page offers: its id (the path relative to the configs folder) and file."""

    id: str
    path: Path
    description: str
    steps: int
    agents: int


def find_scenarios(configs: Path) -> list[Scenario]:
    """The scenarios in configs/*.yaml and configs/scenarios/*.yaml (demo first), each with its
    description and size as its file gives them."""
    files = sorted(configs.glob("*.yaml")) + sorted((configs / "scenarios").glob("*.yaml"))
    files.sort(key=lambda p: (p.name != "demo.yaml", str(p.relative_to(configs))))
    out = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError:
            continue  # not a scenario the page can describe; the validator would say why
        if not isinstance(data, dict) or "organisation" not in data:
            continue
        comment = re.match(r"#\s*(.*)", path.read_text())
        organisation = data.get("organisation") or {}
        out.append(Scenario(id=str(path.relative_to(configs)), path=path,
                            description=str(data.get("description") or (comment.group(1) if comment else "")),
                            steps=int(data.get("steps", 104)),
                            agents=int(organisation.get("agents", 0) or len(organisation.get("members", [])))))
    return out


def _number_text(value) -> str:
    """A form value as override text: numbers as they are, anything else as typed (the validator
    says what is wrong with it)."""
    return str(value).strip() if isinstance(value, str) else json.dumps(value)


def overrides_for(settings: dict, scenario_events: list) -> dict[str, str]:
    """The page's settings as {scenario key: YAML text}, in the order `--set` would apply them.

    settings: {"style": preset or "" (the scenario's own), "dimensions": {dimension: value},
    "agents", "steps", "seed", "omniscience_expectation", "trust_mode": values or "" (keep the
    scenario's), "event": {"week", "style", "target"} or None (a new leader at week t),
    "extra": "key=value" lines}. `scenario_events` are the scenario's own events, which an added
    event joins rather than replaces.
    """
    out: dict[str, str] = {}
    style = str(settings.get("style") or "")
    if style:
        out["leadership.distribution"] = "single"
        out["leadership.style"] = style
    dimensions = {d: v for d, v in (settings.get("dimensions") or {}).items() if v is not None}
    unknown = sorted(set(dimensions) - set(STYLE_DIMENSIONS))
    if unknown:
        raise BadSettings(f"unknown leadership dimension {unknown[0]!r}; the dimensions are "
                          f"{', '.join(STYLE_DIMENSIONS)}")
    if dimensions:
        out["leadership.overrides"] = "{" + ", ".join(
            f"{d}: {_number_text(dimensions[d])}" for d in STYLE_DIMENSIONS if d in dimensions) + "}"
    for field, key in KEY_PARAMETERS.items():
        value = settings.get(field)
        if value is not None and str(value).strip() != "":
            out[key] = _number_text(value)
    event = settings.get("event")
    if event:
        added = {"week": event.get("week"), "type": "replace_leader",
                 "target": str(event.get("target") or "ceo"), "by": "newcomer"}
        if event.get("style"):
            added["style"] = str(event["style"])
        week = str(added["week"]).strip()
        if not re.fullmatch(r"-?\d+", week):
            raise BadSettings(f"new leader: the week must be a whole number of weeks, got {week!r}")
        added["week"] = int(week)
        out["events"] = json.dumps([*scenario_events, added])
    for number, line in enumerate(str(settings.get("extra") or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if not equals or not key.strip():
            raise BadSettings(f"more settings, line {number}: expected key.path=value, e.g. "
                              f"organisation.span_of_control=5, got {line!r}")
        out[key.strip()] = value.strip()
    return out


def _series(org, events: list[dict], name: str, agents: int, seconds: float) -> dict:
    return {
        "name": name,
        "agents": agents,
        "weeks": [int(w) for w in org.index],
        "series": {m: [None if v != v else float(v) for v in org[m]] for m in METRICS},
        "events": events,
        "seconds": round(seconds, 3),
    }


class Engine:
    """Validates and runs settings; `mode` says how ("module" or "cli")."""

    def __init__(self, trustsim_bin: str | None = None, prefer_module: bool = True):
        self.module = None
        if prefer_module:
            try:
                import trustsim
                self.module = trustsim
            except ImportError:
                self.module = None
        self.trustsim_bin = trustsim_bin
        if self.module is None and not (trustsim_bin and os.access(trustsim_bin, os.X_OK)):
            raise RuntimeError("the explorer needs the trustsim Python module (build it with scripts/build and put "
                               "build/release/python on PYTHONPATH) or the trustsim binary (--trustsim-bin)")

    @property
    def mode(self) -> str:
        return "module" if self.module is not None else "cli"

    def scenario_events(self, scenario: Path) -> list:
        """The scenario's own events (from its file: an added event joins them)."""
        data = yaml.safe_load(scenario.read_text()) or {}
        return list(data.get("events") or [])

    def run(self, scenario: Path, overrides: dict[str, str]) -> dict:
        """Runs the scenario with the overrides; returns the page's series. Raises BadSettings
        with the validator's message for settings it refuses."""
        import time
        start = time.perf_counter()
        if self.module is not None:
            try:
                result = self.module.run(scenario, overrides)
            except self.module.ConfigError as error:
                raise BadSettings(str(error)) from None
            except ValueError as error:  # a refused combination (std::invalid_argument)
                raise BadSettings(str(error)) from None
            events = result.events.to_dict("records")
            return _series(result.org, events, result.scenario_name, int(result.attrs["agents"]),
                           time.perf_counter() - start)
        return self._run_cli(scenario, overrides, start)

    def _run_cli(self, scenario: Path, overrides: dict[str, str], start: float) -> dict:
        import time
        from trustsim_analysis.load import open_run
        with tempfile.TemporaryDirectory(prefix="trustsim-explore-") as tmp:
            out = Path(tmp) / "run.h5"
            args = [self.trustsim_bin, "run", str(scenario), "-o", str(out), "-q"]
            for key, value in overrides.items():
                args += ["--set", f"{key}={value}"]
            done = subprocess.run(args, capture_output=True, text=True)
            if done.returncode == 2:
                raise BadSettings(done.stderr.strip().removeprefix("error: "))
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip().removeprefix("error: ") or f"trustsim run exited {done.returncode}")
            run = open_run(out)
            events = run.events.to_dict("records")
            return _series(run.org, events, run.scenario_name, int(run.attrs["agents"]), time.perf_counter() - start)
