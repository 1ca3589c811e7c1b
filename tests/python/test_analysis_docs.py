"""Every code block of docs/analysis.md and docs/SENSITIVITY.md runs as written, and scripts/demo
ends with the HTML report of infallible versus humble.

docs/analysis.md runs in a folder holding what its examples open: out/demo/ as scripts/demo
really writes it (the fixture runs the demo with the binary under test) and out/lhs-small, the
quick-start sweep of docs/sweeps.md. docs/SENSITIVITY.md runs in a folder whose
configs/sweeps/sensitivity-*.yaml are the page's sweep files made small (fewer samples, a smaller
organisation, fewer weeks: the full sweeps take a minute), so its commands and snippets run as
written on the same designs. Shell lines run with build/release/trustsim replaced by the binary
under test and paths into the checkout made absolute.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from trustsim_cli import BIN, ROOT

PYTHON = "/usr/bin/python3"
LANGUAGES = ("python", "sh")


def code_blocks(doc: Path) -> list[tuple[int, str, str]]:
    """(line, language, code) of every fenced block with a language."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        fence = re.fullmatch(r"```(\w+)", lines[i].strip())
        if fence:
            end = i + 1
            while lines[end].strip() != "```":
                end += 1
            blocks.append((i + 1, fence.group(1), "\n".join(lines[i + 1:end]) + "\n"))
            i = end
        i += 1
    return blocks


def shell_line(line: str, checkout_paths: bool) -> str:
    line = line.replace("build/release/trustsim", BIN)
    line = line.replace("PYTHONPATH=analysis", f"PYTHONPATH={ROOT / 'analysis'}")
    if checkout_paths:
        line = re.sub(r"(?<![\w/.-])(configs/|analysis/)", lambda m: f"{ROOT}/{m.group(1)}", line)
    return line


def run_block(language: str, code: str, cwd: Path, where: str, checkout_paths: bool) -> None:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT / "analysis"))
    if language == "python":
        result = subprocess.run([PYTHON, "-c", code], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=600)
    else:
        script = "set -euo pipefail\n" + "\n".join(shell_line(l, checkout_paths)
                                                   for l in code.splitlines())
        result = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=600)
    assert result.returncode == 0, f"{where}: the block failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"


def test_the_pages_hold_only_runnable_blocks():
    for doc in ("analysis.md", "SENSITIVITY.md"):
        blocks = code_blocks(ROOT / "docs" / doc)
        assert blocks, f"docs/{doc} has no code blocks"
        other = [(line, lang) for line, lang, _ in blocks if lang not in LANGUAGES]
        assert not other, f"docs/{doc}: blocks no test runs: {other}"


# --- scripts/demo and docs/analysis.md ----------------------------------------------------------

@pytest.fixture(scope="module")
def analysis_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("analysis-docs")
    env = dict(os.environ, TRUSTSIM_DEMO_DIR=str(directory / "out" / "demo"), TRUSTSIM_DEMO_BIN=BIN,
               MPLBACKEND="Agg")
    demo = subprocess.run([str(ROOT / "scripts" / "demo")], env=env, capture_output=True, text=True,
                          timeout=900)
    assert demo.returncode == 0, f"scripts/demo failed:\n{demo.stdout[-2000:]}\n{demo.stderr[-2000:]}"
    last = demo.stdout.strip().splitlines()[-1]
    report = directory / "out" / "demo" / "infallible-vs-humble.html"
    assert last.startswith(f"Report:          {report}"), f"the demo's last line is {last!r}"
    sweep = subprocess.run([BIN, "sweep", str(ROOT / "configs" / "sweeps" / "lhs-small.yaml"), "-q",
                            "-o", str(directory / "out" / "lhs-small")], capture_output=True, text=True)
    assert sweep.returncode == 0, sweep.stderr
    return directory


def test_the_demo_ends_with_the_report_of_infallible_versus_humble(analysis_dir):
    page = (analysis_dir / "out" / "demo" / "infallible-vs-humble.html").read_text()
    assert "trustsim report: infallible vs humble" in page
    finding = re.search(r"<li>(Trust in own manager at week 104 .*?)</li>", page).group(1)
    assert "higher under humble than under infallible" in finding
    assert "Intervals are over 5 replicates" in finding
    assert len(re.findall(r'<img src="data:image/png;base64,', page)) >= 6


ANALYSIS_BLOCKS = code_blocks(ROOT / "docs" / "analysis.md")


@pytest.mark.parametrize("line,language,code", ANALYSIS_BLOCKS,
                         ids=[f"analysis-md-line-{b[0]}" for b in ANALYSIS_BLOCKS])
def test_analysis_page_block_runs(analysis_dir, line, language, code):
    run_block(language, code, analysis_dir, f"docs/analysis.md:{line}", checkout_paths=True)


# --- docs/SENSITIVITY.md ---------------------------------------------------------------------------

#: (text in the page's sweep files, the small test's replacement); each must be found.
SMALLER = (("scenario: ../demo.yaml", f"scenario: {ROOT / 'configs' / 'demo.yaml'}"),
           ("organisation.agents: 500", "organisation.agents: 60\n  steps: 12"),
           ("samples: 128", "samples: 8"), ("trajectories: 40", "trajectories: 4"),
           ("replicates: 40", "replicates: 4"), ("last_weeks: 26", "last_weeks: 4"))


@pytest.fixture(scope="module")
def sensitivity_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("sensitivity-docs")
    (directory / "configs" / "sweeps").mkdir(parents=True)
    for name in ("sensitivity-sobol", "sensitivity-morris", "sensitivity-noise"):
        text = (ROOT / "configs" / "sweeps" / f"{name}.yaml").read_text()
        used = 0
        for old, new in SMALLER:
            used += old in text
            text = text.replace(old, new)
        assert used >= 4, f"configs/sweeps/{name}.yaml changed: update SMALLER in this test"
        (directory / "configs" / "sweeps" / f"{name}.yaml").write_text(text)
    return directory


SENSITIVITY_BLOCKS = code_blocks(ROOT / "docs" / "SENSITIVITY.md")


@pytest.mark.parametrize("line,language,code", SENSITIVITY_BLOCKS,
                         ids=[f"sensitivity-md-line-{b[0]}" for b in SENSITIVITY_BLOCKS])
def test_sensitivity_page_block_runs(sensitivity_dir, line, language, code):
    run_block(language, code, sensitivity_dir, f"docs/SENSITIVITY.md:{line}", checkout_paths=False)
