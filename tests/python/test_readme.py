"""The README's "Using it" commands, run as written from a scratch folder (paths into the checkout
are made absolute; build/release/trustsim is the binary under test)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("TRUSTSIM_BIN", str(ROOT / "build" / "release" / "trustsim"))


def using_it_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Using it"):]
    block = section[section.index("```\n") + 4:section.index("```\n", section.index("```\n") + 4)]
    return [line for line in block.splitlines() if line.strip()]


def test_the_using_it_commands_run(tmp_path):
    commands = using_it_commands()
    assert len(commands) >= 9
    for line in commands:
        words = shlex.split(line, comments=True)
        if words[0] == "build/release/trustsim":
            words[0] = BIN
        words = [str(ROOT / w) if w.startswith(("configs/", "analysis/")) else w for w in words]
        result = subprocess.run(words, capture_output=True, text=True, cwd=tmp_path, timeout=300)
        assert result.returncode == 0, f"{line}\n{result.stderr}"
    assert (tmp_path / "compare.png").stat().st_size > 10_000
    assert (tmp_path / "out" / "lhs-small" / "runs.csv").exists()
