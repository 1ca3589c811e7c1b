# END-TO-END TEST of the Python snippets in docs/sweeps.md. It runs the real trustsim binary: set
# TRUSTSIM_BIN to the trustsim executable (scripts/test does this). Without it the test FAILS on
# purpose, with a message saying what to do, instead of being skipped.
"""Runs every Python snippet of docs/sweeps.md against a real sweep directory.

Convention in docs/sweeps.md: a snippet to test is a fenced ```python block preceded by the HTML
comment `<!-- tested: sweep-dir -->` (invisible when the page is rendered). Such a snippet sets
`sweep_dir = "out/lhs-small"` (the directory of the quick start) and leaves a pandas DataFrame in
`df`. The test runs configs/sweeps/lhs-small.yaml into tmp_path, replaces that assignment with
the real directory, executes the snippet and checks that `df` holds one row per run (or per run
and week, when it has a `week` column) and a column per factor. Every ```python block on the page
must carry the marker: an untested Python snippet fails the test.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOC = PROJECT_ROOT / "docs" / "sweeps.md"
SWEEP = PROJECT_ROOT / "configs" / "sweeps" / "lhs-small.yaml"

MARKER = "<!-- tested: sweep-dir -->"
DOC_DIRECTORY = "out/lhs-small"
ASSIGNMENT = re.compile(r'^sweep_dir = "out/lhs-small"$', re.MULTILINE)
PLAN_COLUMNS = ("run", "point", "replicate", "seed")
TAG_PREFIXES = ("saltelli_", "morris_")


def find_binary() -> Path:
    """The trustsim executable from TRUSTSIM_BIN; fails the test with what to do when unusable."""
    value = os.environ.get("TRUSTSIM_BIN", "")
    if not value:
        pytest.fail("TRUSTSIM_BIN is not set: run scripts/test (it builds trustsim and sets it), "
                    "or set TRUSTSIM_BIN=/path/to/trustsim")
    binary = Path(value)
    if not binary.is_absolute() and not binary.exists():
        binary = PROJECT_ROOT / binary
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"TRUSTSIM_BIN={value} is not an executable file: run scripts/test, or set "
                    "TRUSTSIM_BIN to a built trustsim")
    return binary


def python_blocks(text: str) -> list[tuple[int, bool, str]]:
    """Every ```python block of the page: (line of the fence, marked for testing, code)."""
    lines = text.splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            start = i
            previous = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            end = i + 1
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            assert end < len(lines), f"docs/sweeps.md:{start + 1}: unterminated ```python block"
            blocks.append((start + 1, previous == MARKER, "\n".join(lines[start + 1:end]) + "\n"))
            i = end
        i += 1
    return blocks


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory) -> Path:
    """configs/sweeps/lhs-small.yaml, run for real into a fresh directory."""
    binary = find_binary()
    directory = tmp_path_factory.mktemp("sweep-docs") / "lhs-small"
    result = subprocess.run([str(binary), "sweep", str(SWEEP), "-o", str(directory), "-q"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"trustsim sweep failed ({result.returncode}):\n{result.stderr}"
    assert result.stdout.strip() == str(directory / "runs.csv")
    return directory


def plan_factors(directory: Path) -> tuple[int, list[str]]:
    """(runs, factor column names) from the directory's plan.csv."""
    with open(directory / "plan.csv", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert tuple(header[:4]) == PLAN_COLUMNS
    factors = [c for c in header[4:] if not c.startswith(TAG_PREFIXES)]
    return len(rows) - 1, factors


def test_every_python_snippet_is_marked_for_testing():
    blocks = python_blocks(DOC.read_text(encoding="utf-8"))
    assert blocks, "docs/sweeps.md has no ```python blocks"
    untested = [line for line, marked, _ in blocks if not marked]
    assert not untested, (f"docs/sweeps.md: python blocks at lines {untested} lack the line "
                          f"'{MARKER}' before them, so no test runs them")


TESTED = [(line, code) for line, marked, code in python_blocks(DOC.read_text(encoding="utf-8")) if marked]


@pytest.mark.parametrize("line,code", TESTED, ids=[f"docs-line-{line}" for line, _ in TESTED])
def test_snippet_runs_on_a_real_sweep(sweep_dir, line, code):
    runs, factors = plan_factors(sweep_dir)
    assert runs == 36 and len(factors) == 4, "configs/sweeps/lhs-small.yaml changed: update this test"
    assert len(ASSIGNMENT.findall(code)) == 1, (
        f"docs/sweeps.md:{line}: a tested snippet must set sweep_dir = \"{DOC_DIRECTORY}\" once, "
        "on a line of its own")
    code = ASSIGNMENT.sub(lambda _: f"sweep_dir = {str(sweep_dir)!r}", code)
    assert DOC_DIRECTORY not in code, f"docs/sweeps.md:{line}: the snippet uses {DOC_DIRECTORY} directly"

    namespace = {"__name__": "docs_sweeps_snippet"}
    exec(compile(code, f"docs/sweeps.md:{line}", "exec"), namespace)  # noqa: S102  (our own docs)

    df = namespace.get("df")
    assert isinstance(df, pd.DataFrame), f"docs/sweeps.md:{line}: the snippet must leave a DataFrame in df"
    missing = [c for c in ["run", *factors] if c not in df.columns]
    assert not missing, f"docs/sweeps.md:{line}: df lacks the columns {missing}"
    assert sorted(df["run"].unique()) == list(range(runs)), f"docs/sweeps.md:{line}: not every run is in df"
    if "week" in df.columns:
        weeks = 52
        assert len(df) == runs * weeks, f"docs/sweeps.md:{line}: expected {runs} runs x {weeks} weeks rows"
        assert sorted(df["week"].unique()) == list(range(1, weeks + 1))
        assert not df.duplicated(["run", "week"]).any()
    else:
        assert len(df) == runs, f"docs/sweeps.md:{line}: expected one row per run"
    styles = set(df["leadership.style"])
    assert styles <= {"infallible", "humble"} and styles, f"docs/sweeps.md:{line}: levels read as {styles}"
    humility = df.groupby("run")["leadership.overrides.humility"].first()
    assert humility.between(0, 1).all() and humility.dtype.kind == "f"
