"""Every code block of docs/CALIBRATION.md runs as written, in a folder whose
configs/sweeps/calibration.yaml is the page's sweep made small (two factors, four points of a
300-agent organisation: the real calibration takes about ten minutes), with the command's
refinement and confirmation sizes shrunk to match. The binary under test comes from
TRUSTSIM_BIN."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from test_analysis_docs import code_blocks  # one reader of fenced blocks for the doc tests
from trustsim_cli import BIN, ROOT

DOC = ROOT / "docs" / "CALIBRATION.md"
#: (text in the page's commands, the small test's replacement); each must be found.
SMALLER_COMMAND = (("--refine 60", "--refine 4"), ("--rounds 3", "--rounds 1"),
                   ("--confirm 10", "--confirm 1 --bootstrap 5"))
KEPT_FACTORS = ("name: b1,", "name: sigma_o,")


def small_sweep_text() -> str:
    text = (ROOT / "configs" / "sweeps" / "calibration.yaml").read_text()
    text = text.replace("scenario: ../mixed.yaml", f"scenario: {ROOT / 'configs' / 'mixed.yaml'}")
    text = text.replace("set:\n", "set:\n  organisation.agents: 300\n", 1)
    text = text.replace("samples: 120", "samples: 4").replace("replicates: 2", "replicates: 1")
    head, _, rest = text.partition("factors:\n")
    kept = [line for line in rest.splitlines(keepends=True) if any(k in line for k in KEPT_FACTORS)]
    assert len(kept) == len(KEPT_FACTORS), "configs/sweeps/calibration.yaml changed: update KEPT_FACTORS"
    return head + "factors:\n" + "".join(kept) + rest[rest.index("summary:"):]


BLOCKS = code_blocks(DOC)


def test_the_page_holds_only_runnable_blocks():
    assert [lang for _, lang, _ in BLOCKS] == ["sh", "python"], \
        "docs/CALIBRATION.md: a new code block needs this test to run it"


@pytest.fixture(scope="module")
def page_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("calibration-docs")
    (directory / "configs" / "sweeps").mkdir(parents=True)
    (directory / "configs" / "sweeps" / "calibration.yaml").write_text(small_sweep_text())
    return directory


def run(language: str, code: str, cwd: Path, line: int) -> None:
    env = dict(os.environ, TRUSTSIM_BIN=BIN, PYTHONPATH=str(ROOT / "analysis"))
    if language == "sh":
        for old, new in SMALLER_COMMAND:
            assert old in code, f"docs/CALIBRATION.md:{line}: '{old}' changed: update this test"
            code = code.replace(old, new)
        code = code.replace("analysis/calibrate.py", str(ROOT / "analysis" / "calibrate.py"))
        command = ["bash", "-c", "set -euo pipefail\n" + code]
    else:
        command = ["/usr/bin/python3", "-c", code]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, \
        f"docs/CALIBRATION.md:{line}: the block failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"


def test_the_pages_blocks_run_in_order(page_dir):
    for line, language, code in BLOCKS:
        run(language, code, page_dir, line)
    assert (page_dir / "out" / "calibration" / "refine-1" / "runs.csv").exists()
