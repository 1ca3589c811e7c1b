"""docs/MODEL.md's parameter table (§3.4) against the schema the binary enforces, so the table
cannot drift: every key of the resolved configuration of an empty scenario (the `config_yaml` a run
writes, which lists every key with its default) has a row with that default, every row names a
real key, and each row's "valid" cell is the range `trustsim validate` reports for a value outside
it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import h5py
import pytest
import yaml

from trustsim_cli import BIN, ROOT, run_scenario

DOC = ROOT / "docs" / "MODEL.md"
BETA_RANGE = "mean in (0, 1); sd in (0, √(mean(1−mean)))"


def parameter_rows() -> dict[str, tuple[str, str]]:
    """key -> (default cell, valid cell) of the tables of §3.4, backticks stripped."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index("\n### 3.4 Parameters\n")
    end = text.index("\n## ", start)
    rows = {}
    for line in text[start:end].splitlines():
        match = re.match(r"\| `([a-z_.]+)` \|", line)
        if not match:
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) != 7:
            continue  # the list-entry and constants tables have other shapes
        assert match.group(1) not in rows, f"{match.group(1)} has two rows in MODEL.md §3.4"
        rows[match.group(1)] = (cells[2].strip("`"), cells[3])
    return rows


@pytest.fixture(scope="module")
def empty_scenario(tmp_path_factory) -> Path:
    scenario = tmp_path_factory.mktemp("model_docs") / "empty.yaml"
    scenario.write_text("{}\n")
    return scenario


@pytest.fixture(scope="module")
def resolved(empty_scenario) -> dict:
    """The resolved configuration of the empty scenario: every key with its default."""
    scenario, directory = empty_scenario, empty_scenario.parent
    # No overrides, so every value is the schema's default (the run takes well under a second).
    out = run_scenario(scenario, directory / "empty.h5", options=("-t", "1"))
    with h5py.File(out, "r") as f:
        return yaml.safe_load(f.attrs["config_yaml"])


def leaves(config: dict, prefix: str = "") -> dict[str, object]:
    """Dotted key -> default; a Beta trait ({mean, sd}) is one leaf, as in the table."""
    out = {}
    for key, value in config.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict) and value and set(value) != {"mean", "sd"}:
            out.update(leaves(value, path))
        else:
            out[path] = value
    return out


def written(value: object) -> object:
    """A default cell's text read back as YAML, the way the resolved configuration writes it."""
    return yaml.safe_load(value) if value != '""' else ""


def validator_range(scenario: Path, path: str, integer: bool) -> str:
    """What `trustsim validate` says the valid range is, from a value far below any bound."""
    probe = "-99999999999999" if integer else "-1e300"
    result = subprocess.run([BIN, "validate", str(scenario), "--set", f"{path}={probe}"], capture_output=True, text=True)
    if match := re.search(r"must be in (.*?), got", result.stderr):
        # A number without a natural bound stops at 10^6 (sim/schema.hpp, largest_parameter), which
        # the table writes as config-reference.md does: "≥ 0", "> 0" and "any".
        text = match.group(1)
        if text == "[-1e+06, 1e+06]":
            return "any"
        if bounded_below := re.fullmatch(r"([\[(])(\S+), 1e\+06\]", text):
            return ("≥ " if bounded_below.group(1) == "[" else "> ") + bounded_below.group(2)
        return text
    if match := re.search(r"must be (>=|>) (\S+), got", result.stderr):
        return ("≥ " if match.group(1) == ">=" else "> ") + match.group(2)
    assert result.returncode == 0, result.stderr
    return "any"


def test_every_key_has_a_row_with_its_default(resolved):
    rows = parameter_rows()
    for path, default in leaves(resolved).items():
        assert path in rows, f"MODEL.md §3.4 has no row for `{path}`"
        if path == "name":
            continue  # the file stem, so it depends on the file
        cell = rows[path][0]
        assert written(cell) == default, f"`{path}`: MODEL.md says {cell!r}, the schema's default is {default!r}"


def test_every_row_is_a_key_of_the_schema(resolved):
    keys = set(leaves(resolved)) | {"traits.manager_ability"}  # optional: absent from the defaults
    stale = sorted(set(parameter_rows()) - keys)
    assert not stale, f"MODEL.md §3.4 lists keys the schema does not have: {stale}"


def test_every_range_is_the_validators(resolved, empty_scenario):
    defaults = leaves(resolved)
    checked = 0
    for path, (_, cell) in parameter_rows().items():
        default = defaults.get(path)
        if (isinstance(default, dict) and set(default) == {"mean", "sd"}) or path == "traits.manager_ability":
            assert cell == BETA_RANGE, f"`{path}`: {cell!r}"
        elif isinstance(default, (int, float)) and not isinstance(default, bool):
            expected = validator_range(empty_scenario, path, isinstance(default, int))
            assert cell == expected, f"`{path}`: MODEL.md says {cell!r}, the validator enforces {expected!r}"
            checked += 1
    assert checked > 100
